"""Input kinds beyond the bundled samples: PDFs with a text layer, multi-page TIFFs."""

import json
import subprocess

import pytest
from PIL import Image

from .conftest import RAW


def _searchable_pdf(tmp_path, lang: str):
    """A scan with an invisible text layer, as scanners' OCR (here Tesseract in `lang`) makes one."""
    base = tmp_path / f"layer-{lang}"
    subprocess.run(["tesseract", str(RAW / "xa_an_phu.png"), str(base), "-l", lang, "pdf"], check=True,
                   capture_output=True, env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
    return base.with_suffix(".pdf")


@pytest.mark.slow
@pytest.mark.parametrize("layer_lang, layer_used", [("vie", True), ("eng", False)])
def test_a_text_layer_is_used_only_when_it_is_good_vietnamese(run_cli, tmp_path, layer_lang, layer_used):
    pdf = _searchable_pdf(tmp_path, layer_lang)
    code, _, _ = run_cli("run", pdf, "-o", tmp_path / "out", "-q")
    doc = json.loads((tmp_path / "out" / f"{pdf.name}.json").read_text(encoding="utf-8"))
    assert code == 0
    assert doc["source"]["text_layer_used"] is layer_used
    assert (doc["source"]["ocr"] is None) is layer_used  # a bad layer is replaced by vie OCR
    assert "Nghị quyết số 57-NQ/TW" in doc["text"]["normalized"]


@pytest.mark.slow
def test_every_frame_of_a_multipage_tiff_is_read(run_cli, tmp_path):
    with Image.open(RAW / "xa_an_phu.png") as page:
        top = page.crop((0, 0, page.width, page.height // 3))
        bottom = page.crop((0, page.height // 3, page.width, 2 * page.height // 3))
        top.save(tmp_path / "two.tiff", save_all=True, append_images=[bottom], compression="tiff_lzw")
    code, _, _ = run_cli("run", tmp_path / "two.tiff", "-o", tmp_path / "out", "-q")
    doc = json.loads((tmp_path / "out" / "two.tiff.json").read_text(encoding="utf-8"))
    assert code == 0 and doc["source"]["pages"] == 2
    assert len(doc["source"]["ocr"]["page_confidences"]) == 2
    first, second = doc["text"]["raw"].split("\f")
    assert "KẾ HOẠCH" in first and "Mục đích" in second


def test_only_upright_single_jpeg_pages_are_read_from_their_embedded_image(tmp_path):
    from pypdf import PdfReader, PdfWriter

    from ocr.sources import pdf_native_jpeg_pages

    assert pdf_native_jpeg_pages(RAW / "xa_an_phu.pdf") == {1: 300, 2: 300}
    writer = PdfWriter()
    for page in PdfReader(RAW / "xa_an_phu.pdf").pages:
        writer.add_page(page)
    writer.pages[1].rotate(90)
    writer.write(tmp_path / "rotated.pdf")
    assert pdf_native_jpeg_pages(tmp_path / "rotated.pdf") == {1: 300}  # a rotated page is rendered
    Image.new("1", (1700, 2200), 1).save(tmp_path / "bilevel.pdf", resolution=200.0)
    assert pdf_native_jpeg_pages(tmp_path / "bilevel.pdf") == {}  # not a JPEG: rendered
    assert pdf_native_jpeg_pages(tmp_path / "missing.pdf") == {}


@pytest.mark.slow
def test_embedded_jpeg_and_rendered_pages_read_the_same(run_cli, tmp_path):
    from normalize.metrics import syllable_accuracy

    texts = {}
    for flag in ("--native-images", "--render-pages"):
        out = tmp_path / flag.strip("-")
        assert run_cli("run", RAW / "xa_an_phu.pdf", "-o", out, flag, "-q")[0] == 0
        doc = json.loads((out / "xa_an_phu.pdf.json").read_text(encoding="utf-8"))
        texts[flag] = doc["text"]["normalized"]
        kind = "embedded jpeg 300 ppi" if flag == "--native-images" else "rendered 300 dpi"
        assert doc["source"]["ocr"]["page_inputs"] == [kind, kind]
    assert syllable_accuracy(texts["--render-pages"], texts["--native-images"]) >= 0.98
