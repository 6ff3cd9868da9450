"""The stage functions behind `kehoach run`, on recorded OCR text (no Tesseract needed)."""

import pytest

import extract
from pipeline.process import process
from pipeline.settings import Settings

from .conftest import RAW

SAMPLE_TXT = RAW / "xa_an_phu.ocr-eng.txt"


@pytest.fixture(scope="module")
def sample_doc() -> dict:
    return process(SAMPLE_TXT, Settings(jobs=1))


def test_english_model_ocr_is_restored_and_extracted(sample_doc):
    assert sample_doc["text"]["restored"] is True
    assert "Nghị quyết số 57-NQ/TW" in sample_doc["text"]["normalized"]
    assert sample_doc["document"]["number"] == "57/KH-UBND"
    assert "57-NQ/TW" in [c["ref"] for c in sample_doc["citations"]]


def test_token_warnings_point_into_the_normalised_and_the_raw_text(sample_doc):
    text, raw = sample_doc["text"]["normalized"], sample_doc["text"]["raw"]
    tokens = [w for w in sample_doc["warnings"] if w["code"] == "low_confidence_token"]
    assert tokens
    for w in tokens:
        assert text[w["start"]:w["end"]] == w["restored"]
        assert raw[w["raw_start"]:w["raw_end"]] == w["raw"]


def test_extracted_spans_point_into_the_normalised_text(sample_doc):
    text = sample_doc["text"]["normalized"]
    for citation in sample_doc["citations"]:
        for mention in citation["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]


def test_offset_map_leads_every_citation_back_to_its_raw_ocr(sample_doc):
    from normalize.tracked import OffsetMap

    text, raw = sample_doc["text"]["normalized"], sample_doc["text"]["raw"]
    offsets = OffsetMap.from_json(sample_doc["text"]["offset_map"], len(text), len(raw))
    mention = sample_doc["citations"][0]["mentions"][0]
    start, end = offsets.span_to_raw(mention["start"], mention["end"])
    # the raw span holds the same document number, in its damaged OCR spelling
    assert "57-NQ" in raw[start:end]


def test_restoration_can_be_switched_off(tmp_path):
    doc = process(SAMPLE_TXT, Settings(jobs=1, restore="never"))
    assert doc["text"]["restored"] is False
    assert "Nghi quyét" in doc["text"]["normalized"]


def test_an_extractor_bug_keeps_the_document_and_says_so(monkeypatch):
    def broken(text, **options):
        raise IndexError("boom")

    monkeypatch.setattr(extract, "extract_all", broken)
    doc = process(SAMPLE_TXT, Settings(jobs=1))
    assert doc["text"]["normalized"] and doc["citations"] == []
    assert [w for w in doc["warnings"] if w["code"] == "extract_failed" and "boom" in w["message"]]


def test_good_vietnamese_is_lightly_corrected_and_never_damaged():
    from pipeline.document import Document, Source
    from pipeline.process import normalize_document

    def normalise(raw: str) -> Document:
        doc = Document(source=Source(path="-", name="-", sha256="0" * 64, kind="text", pages=1), raw_text=raw)
        normalize_document(doc, Settings(jobs=1))
        return doc

    clean = ("Ủy ban nhân dân xã ban hành Kế hoạch triển khai Phong trào thi đua “Cả nước thi đua đổi mới sáng tạo "
             "và chuyển đổi số” trên địa bàn xã giai đoạn 2025 - 2030, cụ thể như sau:")
    doc = normalise(clean)
    assert (doc.restored, doc.restore_mode) == (False, "vie")
    assert doc.normalized_text == clean
    # the one syllable Tesseract's vie model typically gets wrong in the movement's name
    fixed = normalise(clean.replace("chuyển đổi số", "chuyển đối số"))
    assert "chuyển đổi số" in fixed.normalized_text
