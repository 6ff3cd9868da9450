from pathlib import Path

import pytest

from normalize.metrics import syllable_accuracy
from ocr.engine import page_text_from_tsv
from ocr.render import ScanStyle, plain_text, render_scan
from ocr.sources import input_kind
from pipeline.errors import InputFileError

from .conftest import ROOT

TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


def _word(block, par, line, word, conf, text):
    return f"5\t1\t{block}\t{par}\t{line}\t{word}\t0\t0\t1\t1\t{conf}\t{text}"


def test_tsv_is_rebuilt_into_lines_and_paragraphs_with_mean_confidence():
    tsv = "\n".join([
        TSV_HEADER,
        "1\t1\t0\t0\t0\t0\t0\t0\t10\t10\t-1\t",
        _word(1, 1, 1, 1, 90, "KẾ"), _word(1, 1, 1, 2, 80, "HOẠCH"),
        _word(1, 1, 2, 1, 70, "Triển"), _word(1, 1, 2, 2, 60, "khai"),
        _word(2, 1, 1, 1, 100, "I."), _word(2, 1, 1, 2, -1, " "),
    ])
    page = page_text_from_tsv(tsv)
    assert page.text == "KẾ HOẠCH\nTriển khai\n\nI."
    assert page.confidence == pytest.approx(80.0)
    assert page.words == 5


def test_tsv_without_words_has_no_confidence():
    page = page_text_from_tsv(TSV_HEADER + "\n")
    assert page.text == "" and page.confidence is None


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("scan.pdf", b"%PDF-1.4 ...", "pdf"),
        ("scan.PNG", b"\x89PNG\r\n\x1a\n....", "image"),
        ("noext", b"\xff\xd8\xff\xe0....", "image"),
        ("plan.txt", "Kế hoạch".encode(), "text"),
    ],
)
def test_input_kind_by_content_and_suffix(tmp_path, name, content, kind):
    path = tmp_path / name
    path.write_bytes(content)
    assert input_kind(path) == kind


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.pdf", b"", "empty"),
        ("fake.pdf", b"hello", "not a PDF"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type"),
    ],
)
def test_input_kind_refuses_bad_files_with_a_reason(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=message):
        input_kind(path)


SAMPLE_MARKUP = (ROOT / "data" / "samples" / "xa_an_phu.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rendered_page(tmp_path_factory) -> tuple[Path, str]:
    page = render_scan(SAMPLE_MARKUP, style=ScanStyle(seed=3))[0]
    path = tmp_path_factory.mktemp("render") / "page1.png"
    page.save(path)
    truth = plain_text(SAMPLE_MARKUP)
    return path, truth


@pytest.mark.slow
def test_real_tesseract_reads_a_rendered_scan_at_high_syllable_accuracy(rendered_page):
    from ocr.engine import ocr_page

    path, truth = rendered_page
    page = ocr_page(str(path), lang="vie")
    # compare against the part of the ground truth that is on page 1
    truth_words = truth.split()[: len(page.text.split())]
    accuracy = syllable_accuracy(" ".join(truth_words), page.text)
    assert accuracy >= 0.95, accuracy  # measured ~0.99 with vie
    assert page.confidence and page.confidence > 80


@pytest.mark.slow
@pytest.mark.parametrize("turned", [90, 180])
def test_a_page_scanned_sideways_or_upside_down_is_turned_upright_by_osd(rendered_page, tmp_path, turned):
    from PIL import Image

    from ocr.engine import ocr_page

    path, truth = rendered_page
    sideways = tmp_path / "sideways.png"
    with Image.open(path) as img:
        img.rotate(turned, expand=True).save(sideways)
    page = ocr_page(str(sideways), lang="vie")
    assert page.rotation == turned
    truth_words = truth.split()[: len(page.text.split())]
    assert syllable_accuracy(" ".join(truth_words), page.text) >= 0.9
