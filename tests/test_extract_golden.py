"""Whole-document golden JSON for our own sample plans (reviewed by a person when it changes).

Regenerate after an intended change with ``KEHOACH_UPDATE_GOLDEN=1 pytest tests/test_extract_golden.py``
and review the diff line by line before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extract import extract_all
from normalize import normalize_text

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
DOCS = {
    "xa_an_phu": ROOT / "data" / "samples" / "xa_an_phu.md",
    "phuong_tan_lap": ROOT / "tests" / "fixtures" / "extract" / "phuong_tan_lap.md",
    "phuong_tan_lap_ocr": ROOT / "tests" / "fixtures" / "extract" / "phuong_tan_lap_ocr.md",
}


def markup_to_text(markup: str) -> str:
    """Render markup to plain text: directive lines out, column separators to a space."""
    lines = [ln for ln in markup.split("\n") if not ln.startswith("#")]
    return "\n".join(ln.replace(" | ", " ").rstrip(" |") for ln in lines)


def _extract(name: str) -> tuple[str, dict]:
    text = normalize_text(markup_to_text(DOCS[name].read_text(encoding="utf-8"))).text
    return text, json.loads(json.dumps(extract_all(text), ensure_ascii=False))


@pytest.mark.parametrize("name", sorted(DOCS))
def test_golden(name):
    text, got = _extract(name)
    path = GOLDEN / f"{name}.json"
    if os.environ.get("KEHOACH_UPDATE_GOLDEN"):
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    want = json.loads(path.read_text(encoding="utf-8"))
    assert got == want


def _spans(node):
    if isinstance(node, dict):
        if {"start", "end", "text"} <= node.keys() and isinstance(node["start"], int):
            yield node
        for v in node.values():
            yield from _spans(v)
    elif isinstance(node, list):
        for v in node:
            yield from _spans(v)


@pytest.mark.parametrize("name", sorted(DOCS))
def test_every_evidence_span_points_into_text(name):
    text, got = _extract(name)
    spans = list(_spans(got))
    assert len(spans) > 20
    for s in spans:
        assert text[s["start"] : s["end"]] == s["text"]


def test_damaged_copy_reads_like_the_clean_one():
    """The OCR-damaged fixture must yield the same structure as its clean original."""
    _, clean = _extract("phuong_tan_lap")
    _, ocr = _extract("phuong_tan_lap_ocr")
    for key in ("citations",):
        assert [(c["ref"], c["date"], c["issuer"]) for c in ocr[key]] == [(c["ref"], c["date"], c["issuer"]) for c in clean[key]]
    assert [s["title"] for s in ocr["sections"]] == [s["title"] for s in clean["sections"]]
    assert [a["name"] for a in ocr["awards"]] == [a["name"] for a in clean["awards"]]
    assert [o["name"] for o in ocr["offices"]] == [o["name"] for o in clean["offices"]]
    assert [(p["start_year"], p["end_year"]) for p in ocr["phases"]] == [(p["start_year"], p["end_year"]) for p in clean["phases"]]
    assert ocr["document"]["number"] == clean["document"]["number"] and ocr["document"]["date"] == clean["document"]["date"]
