"""Restoration leaves numbering and initialisms alone (issue 3), and the model cache is written atomically."""

from __future__ import annotations

import multiprocessing as mp

import pytest


@pytest.fixture(scope="module")
def restorer():
    from normalize.restore import load_model

    return load_model()


# (English-model OCR, expected): Roman numerals, list labels and all-caps short forms survive while the
# words around them are restored. Written for this test, not taken from the samples.
PROTECT = [
    ("Ké hoach thuc hién trong quý IV nam 2025.", "Kế hoạch thực hiện trong quý IV năm 2025."),
    ("hoan thanh trong quy II nam 2026", "hoàn thành trong quý II năm 2026"),
    ("IV. TO CHUC THUC HIEN", "IV. TỔ CHỨC THỰC HIỆN"),
    ("V. KINH PHI THUC HIEN", "V. KINH PHÍ THỰC HIỆN"),
    ("V.", "V."),
    ("VI. CHE DO BAO CAO", "VI. CHẾ ĐỘ BÁO CÁO"),
    ("Nghi quyét Dai hoi XIII cua Pang", "Nghị quyết Đại hội XIII của Đảng"),
    ("cac TDP, UBND phuong va HĐND phuong", "các TDP, UBND phường và HĐND phường"),
    ("Trung tam CNTT, cac TDP va HTX nong nghiép", "Trung tâm CNTT, các TDP và HTX nông nghiệp"),
    ("DON VI THUC HIEN", "ĐƠN VỊ THỰC HIỆN"),
    ("PHONG TRAO CA NUOC THI PUA DOI MOI SANG TAO", "PHONG TRÀO CẢ NƯỚC THI ĐUA ĐỔI MỚI SÁNG TẠO"),
]


@pytest.mark.parametrize("ocr,expected", PROTECT)
def test_numerals_and_initialisms(restorer, ocr, expected):
    from normalize.restore import restore_text

    assert restore_text(ocr, restorer, "eng") == expected


def test_protected_indices():
    from normalize.restore.decode import protected
    from normalize.restore.tokens import tokenize

    text = "IV. TO CHUC\ntrong quý IV, UBND va TDP;\nĐƠN VI THUC HIEN"
    toks = tokenize(text)
    kept = {toks[i].text for i in protected(text, toks)}
    assert kept == {"IV", "UBND", "TDP"}


def _writer(args):
    path, k = args
    from pathlib import Path

    from normalize.restore.model import _atomic_write

    for j in range(30):
        _atomic_write(Path(path), lambda fh: fh.write(f"{k}-{j}".encode() * 1000))
    return k


def test_cache_write_is_atomic_across_processes(tmp_path):
    """Several workers writing the same cache file: no FileNotFoundError, no torn file, no temp left."""
    target = tmp_path / "restore-x.pkl"
    with mp.get_context("spawn").Pool(4) as pool:
        assert sorted(pool.map(_writer, [(str(target), k) for k in range(4)])) == [0, 1, 2, 3]
    data = target.read_bytes()
    unit = data[: len(data) // 1000]
    assert unit * 1000 == data
    assert [p.name for p in tmp_path.iterdir()] == ["restore-x.pkl"]


@pytest.mark.parametrize("ocr,expected", [
    ("Thuong truc HDND phuong", "Thường trực HĐND phường"),
    ("tai khoan VNeID cua nguoi dan", "tài khoản VNeID của người dân"),
])
def test_short_forms_written_back(restorer, ocr, expected):
    """A listed short form that lost its Đ bar gets it back; a token kept as itself keeps its own case."""
    from normalize.restore import restore_text

    assert restore_text(ocr, restorer, "eng") == expected
