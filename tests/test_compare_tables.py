"""Golden tables for the fixture batch (three plans that differ on purpose), the written formats,
and how inputs that are not kehoach outputs are handled.

The golden CSVs in tests/golden/compare/ are reviewed by a person when they change. To regenerate
them after an intended change: ``KEHOACH_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_compare_tables.py``
and read the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from pipeline.compare import compare_docs, load_plans, run_compare
from pipeline.compare.annotate import build_doc
from pipeline.compare.tables import COLUMNS, build_tables, write_tables
from pipeline.compare.template import load_template
from pipeline.errors import BadArgsError, InputFileError

FIXTURES = Path(__file__).parent / "fixtures" / "compare"
GOLDEN = Path(__file__).parent / "golden" / "compare"
PLANS = ["xa_binh_minh.txt", "phuong_dong_hoa.txt", "xa_tan_lap.txt"]


def fixture_docs() -> dict[str, dict]:
    docs = {}
    for name in PLANS:
        text = (FIXTURES / name).read_text(encoding="utf-8")
        ann = json.loads((FIXTURES / name.replace(".txt", ".extract.json")).read_text(encoding="utf-8"))
        docs[name] = build_doc(name, text, ann)
    return docs


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    t = load_template()
    docs = fixture_docs()
    return build_tables(compare_docs(docs, t), docs, t)


@pytest.fixture(scope="module")
def written(tables, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tables")
    write_tables(tables, out)
    return out


@pytest.mark.parametrize("name", sorted([*COLUMNS, "coverage_matrix"]))
def test_golden_table(name, written):
    got = (written / f"{name}.csv").read_text(encoding="utf-8")
    golden = GOLDEN / f"{name}.csv"
    if os.environ.get("KEHOACH_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"no golden {golden}; run with KEHOACH_UPDATE_GOLDEN=1 and review it"
    assert got == golden.read_text(encoding="utf-8")


def test_the_plans_differ_where_they_were_made_to(tables):
    """The purposeful differences of the fixture plans, stated independently of the golden files."""
    cov = tables["coverage"].set_index(["plan", "item_id"])["status"]
    dev = {(r.plan, r.code) for r in tables["deviations"].itertuples()}
    assert set(tables["coverage"].query("plan == 'xa_binh_minh.txt'")["status"]) == {"covered"}
    assert cov["phuong_dong_hoa.txt", "content.hop_tac"] == "missing"             # a missing content
    assert ("phuong_dong_hoa.txt", "phase_extra") in dev                          # a different phase split
    assert cov["xa_tan_lap.txt", "award.tong_ket.bang_khen_ttg"] == "missing"     # a missing award form
    assert ("xa_tan_lap.txt", "award_form_missing") in dev and ("xa_tan_lap.txt", "award_extra") in dev
    assert ("xa_tan_lap.txt", "office_role") in dev
    adds = tables["additions"]
    assert "du lịch thông minh" in adds.query("plan == 'phuong_dong_hoa.txt' and kind == 'content'")["text"].iloc[0]


def test_columns_are_the_documented_ones(tables):
    for name, cols in COLUMNS.items():
        assert list(tables[name].columns) == list(cols), name
    assert list(tables["coverage_matrix"].columns) == ["plan", *[i.id for i in load_template().items]]


def test_formats_round_trip(tables, written):
    for name in COLUMNS:
        back = pd.read_parquet(written / f"{name}.parquet")
        pd.testing.assert_frame_equal(back, tables[name], check_dtype=False)
    sheets = pd.read_excel(written / "tables.xlsx", sheet_name=None)
    assert set(sheets) == {*COLUMNS, "coverage_matrix"}
    assert len(sheets["coverage"]) == len(tables["coverage"]) == 3 * len(load_template().items)


def test_evidence_spans_point_at_the_evidence(tables):
    docs = fixture_docs()
    for r in tables["coverage"].dropna(subset=["evidence_start"]).itertuples():
        text = docs[r.plan]["text"]["normalized"]
        assert " ".join(text[r.evidence_start:r.evidence_end].split())[:50] == r.evidence_text[:50]


def _write_outputs(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, doc in fixture_docs().items():
        (folder / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_run_compare_skips_bad_inputs_and_goes_on(tmp_path):
    _write_outputs(tmp_path / "out")
    (tmp_path / "out" / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "out" / "other.json").write_text('{"a": 1}', encoding="utf-8")
    result = run_compare([str(tmp_path / "out"), str(tmp_path / "nope")], None, tmp_path / "report", report=False)
    assert sorted(result.plans) == sorted(PLANS)
    reasons = dict(result.errors)
    assert "not a readable JSON file" in reasons[str(tmp_path / "out" / "broken.json")]
    assert "not a kehoach output" in reasons[str(tmp_path / "out" / "other.json")]
    assert reasons[str(tmp_path / "nope")] == "no such file or folder"
    assert result.exit_code == 2
    assert (tmp_path / "report" / "tables" / "coverage.csv").exists()


def test_no_usable_input(tmp_path):
    (tmp_path / "x.json").write_text("[]", encoding="utf-8")
    with pytest.raises(InputFileError, match="no kehoach output to compare"):
        run_compare([str(tmp_path)], None, tmp_path / "r")
    with pytest.raises(BadArgsError):
        run_compare([], None, tmp_path / "r")


def test_same_source_names_stay_apart(tmp_path):
    _write_outputs(tmp_path / "a")
    _write_outputs(tmp_path / "b")
    docs, errors = load_plans([str(tmp_path / "a"), str(tmp_path / "b")])
    assert len(docs) == 6 and not errors and "xa_tan_lap.txt#2" in docs
