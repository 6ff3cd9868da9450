"""Restoration properties (issue 3): token count kept, numbers and codes untouched, correct text left alone,
idempotence, offsets, the detector, and the letter/digit repairs the issue names."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from normalize.tracked import Tracked
from normalize.vietnamese import strip_accents


@pytest.fixture(scope="module")
def restorer():
    from normalize.restore import load_model

    return load_model()


def restore(text, model, mode=None):
    from normalize.restore import restore_text

    return restore_text(text, model, mode)


# Correct sentences written for this test (not from the samples, not in the training text).
CORRECT = [
    "Ủy ban nhân dân xã giao Công an xã phối hợp với các thôn rà soát dữ liệu dân cư trước ngày 30/6/2026.",
    "Thực hiện Nghị quyết số 57-NQ/TW, Kế hoạch số 142/KH-UBND ngày 27/6/2025 của Ủy ban nhân dân tỉnh.",
    "Các tập thể, cá nhân có thành tích xuất sắc được đề nghị tặng Giấy khen của Chủ tịch Ủy ban nhân dân.",
    "Đẩy mạnh chuyển đổi số, phát triển kinh tế số và xã hội số trên địa bàn phường.",
    "Người dân được hướng dẫn sử dụng dịch vụ công trực tuyến tại nhà văn hóa tổ dân phố.",
    "PHONG TRÀO THI ĐUA ĐỔI MỚI SÁNG TẠO",
]

# (OCR text, expected): the repairs the issue names, each in a little context.
NAMED = [
    ("Nghi quyét s6 57", "Nghị quyết số 57"),
    ("thi dua d6i méi sang tao", "thi đua đổi mới sáng tạo"),
    ("trén dia ban x4 Kim Son", "trên địa bàn xã Kim Sơn"),
    ("lanh dao cua Pang", "lãnh đạo của Đảng"),
    ("nhiém vu ctia UBND xa", "nhiệm vụ của UBND xã"),
    ("PHONG TRAO THI PUA", "PHONG TRÀO THI ĐUA"),
    ("Ké hoach s6 142/KH-UBND ngay 27/6/2025", "Kế hoạch số 142/KH-UBND ngày 27/6/2025"),
    ("Ké hoach S60: 57/KH-UBND", "Kế hoạch Số: 57/KH-UBND"),  # "ố" read as two characters
]


@pytest.mark.parametrize("ocr,expected", NAMED)
def test_named_repairs(restorer, ocr, expected):
    assert restore(ocr, restorer) == expected


@pytest.mark.parametrize("text", CORRECT)
def test_correct_text_untouched(restorer, text):
    assert restore(text, restorer) == text


@pytest.mark.parametrize("text", CORRECT)
def test_stripped_text_mostly_restored(restorer, text):
    got = restore(strip_accents(text), restorer).split()
    want = text.split()
    assert len(got) == len(want)
    assert sum(a == b for a, b in zip(got, want)) / len(want) >= 0.8


def test_detector(restorer):
    from normalize.restore import needs_restoration

    text = " ".join(CORRECT)
    assert needs_restoration(text)[0] is False
    assert needs_restoration(strip_accents(text))[0] is True
    ocr = " ".join(o for o, _ in NAMED) + " Uy ban nhan dan phudng ban hanh Ké hoach trién khai"
    assert needs_restoration(ocr)[0] is True


def test_tracked_origins_and_warnings(restorer):
    from normalize.restore import restore_tracked

    raw = "Thyc hién Nghi quyét s6 57-NQ/TW ciia B6 Chinh trj\nvé d6i méi sang tao."
    out, warnings = restore_tracked(Tracked(raw), restorer)
    assert len(out.origin) == len(out.text)
    assert out.text.split() == "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về đổi mới sáng tạo.".split()
    # "của" (3 letters) came from "ciia" (4): its first letter still points at the raw token.
    k = out.text.index("của")
    assert raw[out.origin[k] : out.origin[k] + 4] == "ciia"
    code = out.text.index("57-NQ/TW")
    assert raw[out.origin[code] : out.origin[code] + 8] == "57-NQ/TW"
    for w in warnings:
        assert w["code"] == "low_confidence_token"
        assert out.text[w["start"] : w["end"]] == w["restored"]
        assert raw[w["raw_start"] : w["raw_end"]] == w["raw"]
        assert 0.0 <= w["confidence"] < 1.0


# Text shaped like English-model OCR: syllable-ish words with digits and stray marks, numbers and codes.
_ocr_word = st.text(alphabet="abcdeghiklmnopqrstuvxyéèóòúùíì6041|¢€&", min_size=1, max_size=6)
_code = st.one_of(
    st.builds(lambda n, t: f"{n}/{t}", st.integers(1, 999), st.sampled_from(["KH-UBND", "QĐ-TTg", "NQ-CP", "KH/BCĐTW"])),
    st.builds(lambda n: f"{n}-NQ/TW", st.integers(1, 99)),
    st.builds(lambda d, m, y: f"{d}/{m}/{y}", st.integers(1, 31), st.integers(1, 12), st.integers(1990, 2035)),
    st.builds(str, st.integers(0, 100000)),
)
_ocr_text = st.lists(st.one_of(_ocr_word, _code, st.sampled_from([",", ".", ";", "(", ")", "-", "“", "”"])),
                     min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tokens=_ocr_text, seps=st.lists(st.sampled_from([" ", " ", "\n", "  "]), min_size=40, max_size=40))
def test_token_count_and_codes_preserved(restorer, tokens, seps):
    text = "".join(t + s for t, s in zip(tokens, seps))
    out = restore(text, restorer, "eng")
    assert len(out.split()) == len(text.split())
    assert [m.span() for m in re.finditer(r"\s+", text)] == [m.span() for m in re.finditer(r"\s+", out)] or \
        len(out) != len(text)
    for a, b in zip(text.split(), out.split()):
        if re.fullmatch(r"\d[\d/.,%]*|\d+[-/][\w/\-Đđ]+", a):
            assert a == b


_correct_words = st.sampled_from(
    "phát triển khoa học công nghệ đổi mới sáng tạo và chuyển đổi số của các cơ quan đơn vị trên địa bàn "
    "xã phường tỉnh thành phố người dân doanh nghiệp Ủy ban nhân dân Hội đồng Kế hoạch Nghị quyết số ngày "
    "tháng năm thi đua khen thưởng tập thể cá nhân có thành tích xuất sắc tổ chức thực hiện".split()
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(_correct_words, min_size=3, max_size=30))
def test_correct_word_salad_nearly_untouched(restorer, words):
    """Even out of context, valid syllables under the vie channel are (almost) never rewritten.

    A text with few diacritics is legitimately read as accent-stripped, so the salad keeps a normal share."""
    assume(sum(w != strip_accents(w) for w in words) * 2 >= len(words))
    text = " ".join(words)
    out = restore(text, restorer)
    same = sum(a == b for a, b in zip(text.split(), out.split()))
    assert len(out.split()) == len(words)
    assert same >= len(words) - 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tokens=_ocr_text)
def test_idempotent(restorer, tokens):
    """Restoring restored text changes nothing more (its words are now valid syllables)."""
    text = " ".join(tokens)
    once = restore(text, restorer, "eng")
    assert restore(once, restorer, "vie") == once


def test_build_with_user_corpus(tmp_path):
    """`kehoach lm build --corpus DIR`: the user's clean text joins the LM and the inventory."""
    from normalize.restore import build_model, load_model, restore_text

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Ủy ban nhân dân phường Quỳnh Xuyến phát động phong trào thi đua.\n" * 3,
                                  encoding="utf-8")
    path = build_model([str(corpus)], out=str(tmp_path / "m.pkl"))
    model = load_model(path)
    assert model.meta["user_files"] == 1
    assert "xuyến" in model.syllables
    assert restore_text("phuong Quynh Xuyén phat dong", model).split()[2] == "Xuyến"
    with pytest.raises(FileNotFoundError):
        load_model(str(tmp_path / "missing.pkl"))


# (OCR token, restored lower-case syllable, among capitals?, expected): Tesseract's English model reads a
# lower-case accented vowel as a capital and a lower-case l as a capital I.
CASE_CASES = [
    ("HOi", "hội", False, "Hội"),
    ("SO", "sở", False, "Sở"),
    ("HOi", "hội", True, "HỘI"),
    ("PHONG", "phong", True, "PHONG"),
    ("Igi", "lợi", False, "lợi"),
    ("Jan", "lần", False, "lần"),
    ("Pang", "đảng", False, "Đảng"),
    ("trién", "triển", False, "triển"),
]


@pytest.mark.parametrize("raw,out,among_capitals,expected", CASE_CASES)
def test_case_follows_the_ocr_token_but_not_its_misread_capitals(raw, out, among_capitals, expected):
    from normalize.restore.decode import _case_like

    assert _case_like(raw, out, among_capitals) == expected


def test_isolated_capitals_in_running_text_are_title_case(restorer):
    ocr = "phdi hop véi HOi Nong dan va SO Tai chinh dé nang cao Igi ich"
    assert restore(ocr, restorer) == "phối hợp với Hội Nông dân và Sở Tài chính để nâng cao lợi ích"
    assert restore("UY BAN NHAN DAN XA TAN PHU", restorer) == "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ"
