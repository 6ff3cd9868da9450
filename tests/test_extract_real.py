"""Real eng-OCR samples (../shared/samples) against hand-checked expectations; skipped without them.

The expectations (tests/fixtures/extract/real_expectations.json) were read from the OCR text by a
person. The floors are guards far below the measured figures (see benchmarks/extract_bench.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract import extract_all
from extract.score import macro_f1, score
from normalize import normalize_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
GOLD = {k: v for k, v in json.loads((ROOT / "tests" / "fixtures" / "extract" / "real_expectations.json").read_text(encoding="utf-8")).items() if not k.startswith("#")}


@pytest.fixture(scope="module", params=sorted(GOLD))
def scored(request):
    gold = GOLD[request.param]
    path = SAMPLES / gold["file"]
    if not path.exists():
        pytest.skip(f"{path} not present (real samples live outside the repository)")
    result = extract_all(normalize_text(path.read_text(encoding="utf-8")).text)
    return request.param, result, gold, score(result, gold)


def test_body_fields(scored):
    name, _, _, s = scored
    for field in ("citations", "sections", "phases", "awards", "offices", "milestones"):
        assert s[field][2] >= 0.8, (name, field, s[field])


def test_header_accent_insensitive(scored):
    name, _, _, s = scored
    assert s["header_folded"][2] >= 0.6, (name, s["header_folded"])
    assert macro_f1(s) >= 0.8


def test_number_and_date_exact(scored):
    name, result, gold, _ = scored
    assert result["document"]["number"] == gold["header"]["number"]
    assert result["document"]["date"] == gold["header"]["date"]
