"""Tidy pandas tables of a comparison, with stable documented columns, written as CSV, XLSX and Parquet.

One row per observation (plan × item, plan × citation …) so analysts can filter and pivot in any tool;
``coverage_matrix`` is the one wide table, for reading by eye. Column names are part of the interface:
``COLUMNS`` documents them and tests pin them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import MissingDependencyError, OutputError
from .match import COVERED, MISSING, PARTIAL, PlanComparison
from .template import Template

COLUMNS: dict[str, dict[str, str]] = {
    "plans": {
        "plan": "plan name (the source file name recorded in the output)",
        "source_path": "path of the input the output was made from",
        "number": "số ký hiệu of the plan, e.g. 57/KH-UBND",
        "issuer": "issuing body",
        "date": "ISO date of issue",
        "title": "trích yếu",
        "covered": "template items covered",
        "partial": "template items partly covered",
        "missing": "template items missing",
        "coverage_pct": "100 × (covered + ½ partial) / items",
        "deviations": "number of deviations",
        "additions": "number of additions (elements the template lacks)",
        "template": "template id and version",
    },
    "coverage": {
        "plan": "plan name", "item_id": "template item id", "kind": "section, content, citation, phase, milestone, award or office",
        "label": "template item label", "status": "covered, partial or missing",
        "score": "similarity 0-100 of the best evidence", "method": "tier that decided: exact, canonical, fuzzy, text (text+… for sections guessed from the text)",
        "evidence_start": "start offset of the evidence in text.normalized", "evidence_end": "end offset",
        "evidence_text": "the evidence, whitespace collapsed", "detail": "what was found (years, refs, office and role …)",
    },
    "deviations": {
        "plan": "plan name", "item_id": "template item id (empty for an extra element)", "kind": "item kind",
        "code": "phase_years, phase_extra, phase_missing, milestone_year, milestone_missing, award_form_missing, award_occasion, award_conferrer, award_extra, citation_missing, office_in_charge_missing, office_in_charge_differs, office_role, office_missing, section_missing, content_missing",
        "expected": "what the template expects", "found": "what the plan has", "message": "a sentence for people",
    },
    "additions": {"plan": "plan name", "kind": "content, citation, phase, award or office", "text": "the added element",
                  "start": "start offset in text.normalized", "end": "end offset"},
    "citations": {"plan": "plan name", "ref": "canonical reference, e.g. 57-NQ/TW", "doc_type": "document type", "number": "number",
                  "symbol": "symbol", "year": "year in the reference", "date": "ISO date", "issuer": "issuer",
                  "mentions": "number of mentions", "start": "first mention start", "end": "first mention end",
                  "in_template": "whether the template expects it"},
    "offices": {"plan": "plan name", "office": "canonical office name", "role": "roles, '; '-joined", "duties": "duties, ' | '-joined",
                "mentions": "number of mentions", "start": "first mention start", "end": "first mention end"},
    "awards": {"plan": "plan name", "form": "award form", "conferrer": "who confers it", "occasion": "hằng năm, sơ kết, tổng kết …",
               "text": "the sentence", "start": "start offset", "end": "end offset"},
    "phases": {"plan": "plan name", "label": "phase label", "start_year": "first year", "end_year": "last year", "description": "what the phase does"},
    "milestones": {"plan": "plan name", "type": "sơ kết / tổng kết", "year": "year", "text": "the words"},
    "targets": {"plan": "plan name", "text": "the sentence", "value": "number", "unit": "unit, e.g. %", "comparator": "≥, =, tối thiểu …",
                "subject": "what is measured"},
}
INT_COLUMNS = {"evidence_start", "evidence_end", "start", "end", "start_year", "end_year", "year", "mentions",
               "covered", "partial", "missing", "deviations", "additions"}
STATUS_ORDER = {COVERED: 2, PARTIAL: 1, MISSING: 0}


def _s(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value if v is not None)
    return str(value)


def _first(entry: dict) -> tuple[int | None, int | None]:
    from .match import _span_of

    return _span_of(entry)


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    cols = list(COLUMNS[name])
    df = pd.DataFrame(rows, columns=cols)
    for c in cols:
        if c in INT_COLUMNS:
            df[c] = pd.to_numeric(df[c], errors="coerce").astype("Int64")
        elif c == "score" or c == "coverage_pct":
            df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
        elif c == "in_template":
            df[c] = df[c].astype("boolean")
        else:
            df[c] = df[c].astype("string")
    return df


def build_tables(comparisons: list[PlanComparison], docs: dict[str, dict], template: Template) -> dict[str, pd.DataFrame]:
    from .text import ref_key

    rows: dict[str, list[dict]] = {k: [] for k in COLUMNS}
    template_refs = {ref_key(i.get("ref")) for i in template.of_kind("citation")}
    for comp in comparisons:
        doc = docs[comp.plan]
        p = comp.plan
        header = doc.get("document") or {}
        counts = {s: sum(c.status == s for c in comp.coverage) for s in (COVERED, PARTIAL, MISSING)}
        total = max(len(comp.coverage), 1)
        rows["plans"].append({
            "plan": p, "source_path": (doc.get("source") or {}).get("path"), "number": header.get("number"),
            "issuer": header.get("issuer"), "date": header.get("date"), "title": header.get("title"),
            **counts, "coverage_pct": round(100 * (counts[COVERED] + 0.5 * counts[PARTIAL]) / total, 1),
            "deviations": len(comp.deviations), "additions": len(comp.additions),
            "template": f"{template.id} {template.version}",
        })
        for c in comp.coverage:
            rows["coverage"].append({"plan": p, "item_id": c.item_id, "kind": c.kind, "label": c.label, "status": c.status,
                                     "score": c.score, "method": c.method, "evidence_start": c.evidence.start,
                                     "evidence_end": c.evidence.end, "evidence_text": c.evidence.text or None,
                                     "detail": c.detail or None})
        for d in comp.deviations:
            rows["deviations"].append({"plan": p, "item_id": d.item_id, "kind": d.kind, "code": d.code,
                                       "expected": d.expected or None, "found": d.found or None, "message": d.message})
        for a in comp.additions:
            rows["additions"].append({"plan": p, "kind": a.kind, "text": a.text, "start": a.start, "end": a.end})
        for c in doc.get("citations") or []:
            s, e = _first(c)
            rows["citations"].append({"plan": p, "ref": c.get("ref"), "doc_type": c.get("doc_type"), "number": _s(c.get("number")),
                                      "symbol": c.get("symbol"), "year": c.get("year"), "date": c.get("date"),
                                      "issuer": c.get("issuer"), "mentions": len(c.get("mentions") or []), "start": s, "end": e,
                                      "in_template": ref_key(c.get("ref") or "") in template_refs})
        for o in doc.get("offices") or []:
            s, e = _first(o)
            rows["offices"].append({"plan": p, "office": o.get("name"), "role": _s(o.get("role")),
                                    "duties": " | ".join(str(d) for d in o.get("duties") or []) or None,
                                    "mentions": len(o.get("mentions") or []), "start": s, "end": e})
        for a in doc.get("awards") or []:
            s, e = _first(a)
            rows["awards"].append({"plan": p, "form": a.get("form"), "conferrer": a.get("conferrer"),
                                   "occasion": a.get("occasion"), "text": a.get("text"), "start": s, "end": e})
        for ph in doc.get("phases") or []:
            rows["phases"].append({"plan": p, "label": ph.get("label"), "start_year": ph.get("start_year"),
                                   "end_year": ph.get("end_year"), "description": ph.get("description")})
        for m in doc.get("milestones") or []:
            rows["milestones"].append({"plan": p, "type": m.get("type") or m.get("kind") or m.get("label"),
                                       "year": m.get("year"), "text": m.get("text")})
        for t in doc.get("targets") or []:
            rows["targets"].append({"plan": p, "text": t.get("text"), "value": _s(t.get("value")), "unit": t.get("unit"),
                                    "comparator": t.get("comparator"), "subject": t.get("subject")})
    tables = {name: _frame(name, r) for name, r in rows.items()}
    tables["coverage_matrix"] = coverage_matrix(tables["coverage"], template)
    return tables


def coverage_matrix(coverage: pd.DataFrame, template: Template) -> pd.DataFrame:
    """Plans as rows, template item ids as columns (template order), status as values."""
    ids = [i.id for i in template.items]
    if coverage.empty:
        return pd.DataFrame(columns=["plan", *ids], dtype="string")
    wide = coverage.pivot(index="plan", columns="item_id", values="status")
    wide = wide.reindex(columns=ids).reindex(coverage["plan"].drop_duplicates().tolist())
    wide.columns.name = None
    return wide.reset_index().astype("string")


def _atomic(path: Path, write) -> None:
    """Write through a temporary file (same extension, pandas picks the writer by it) and rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tables(tables: dict[str, pd.DataFrame], outdir: Path, formats: tuple[str, ...] = ("csv", "xlsx", "parquet")) -> list[Path]:
    """``outdir/<table>.csv`` and ``.parquet`` per table and one ``outdir/tables.xlsx`` (a sheet each)."""
    unknown = set(formats) - {"csv", "xlsx", "parquet"}
    if unknown:
        raise ValueError(f"unknown table formats {sorted(unknown)}; valid: csv, xlsx, parquet")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {outdir}: {exc.strerror or exc}", hint="choose a writable -o folder") from None
    written: list[Path] = []
    try:
        for name, df in tables.items():
            if "csv" in formats:
                path = outdir / f"{name}.csv"
                _atomic(path, lambda tmp, df=df: df.to_csv(tmp, index=False, lineterminator="\n"))
                written.append(path)
            if "parquet" in formats:
                _need("pyarrow", "parquet")
                path = outdir / f"{name}.parquet"
                _atomic(path, lambda tmp, df=df: df.to_parquet(tmp, index=False))
                written.append(path)
        if "xlsx" in formats:
            _need("openpyxl", "xlsx")
            path = outdir / "tables.xlsx"

            def _xlsx(tmp: str) -> None:
                with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
                    for name, df in tables.items():
                        df.to_excel(xw, sheet_name=name[:31], index=False)
            _atomic(path, _xlsx)
            written.append(path)
    except OSError as exc:
        raise OutputError(f"cannot write the tables in {outdir}: {exc.strerror or exc}", hint="choose a writable -o folder") from None
    return written


def _need(module: str, what: str) -> None:
    try:
        __import__(module)
    except ImportError:
        raise MissingDependencyError(f"writing {what} tables needs the Python package {module}",
                                     hint=f".venv/bin/pip install {module}") from None
