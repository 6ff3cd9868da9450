"""Compare a batch of plans with the national template: tidy tables and a static HTML report.

    from pipeline.compare import run_compare
    result = run_compare(["data/out"], None, Path("report"))   # what `kehoach compare` does
    result.tables["coverage"], result.errors

Inputs are ``kehoach run`` JSON outputs (files or folders of them). A file that is not one is recorded
in ``result.errors`` and the batch goes on, as ``kehoach run`` does with bad inputs.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..errors import BadArgsError, InputFileError
from .match import PlanComparison, compare_plan
from .template import Template, load_template

__all__ = ["run_compare", "compare_docs", "load_plans", "load_template", "CompareResult", "Template"]

log = logging.getLogger(__name__)

REQUIRED_KEYS = ("text", "document", "sections", "citations")


@dataclass
class CompareResult:
    """What one comparison produced: per-plan comparisons, the tables, written files and skipped inputs."""

    template: Template
    plans: list[str]
    docs: dict[str, dict]
    comparisons: list[PlanComparison]
    tables: dict[str, Any]
    errors: list[tuple[str, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    report: Path | None = None

    @property
    def exit_code(self) -> int:
        return int(InputFileError.exit_code) if self.errors else 0


def _json_files(inputs: Iterable[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    files, errors = [], []
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*.json") if q.is_file())
            if not found:
                errors.append((str(p), "the folder holds no .json output; run `kehoach run INPUT -o DIR` first"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            errors.append((str(p), "no such file or folder"))
    return files, errors


def load_plans(inputs: Iterable[str]) -> tuple[dict[str, dict], list[tuple[str, str]]]:
    """{plan name: contract JSON} from files and folders, plus (path, reason) for what was skipped.

    The plan name is the source file name recorded in the output (unique names get a ``#2`` suffix).
    """
    files, errors = _json_files(inputs)
    docs: dict[str, dict] = {}
    for f in files:
        try:
            doc = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            errors.append((str(f), f"not a readable JSON file: {exc}"))
            continue
        if not isinstance(doc, dict) or not all(k in doc for k in REQUIRED_KEYS):
            errors.append((str(f), "not a kehoach output (needs text, document, sections, citations); "
                                   "give the JSON files `kehoach run` writes"))
            continue
        name = (doc.get("source") or {}).get("name") or f.stem
        base, n = name, 2
        while name in docs:
            name, n = f"{base}#{n}", n + 1
        docs[name] = doc
    return docs, errors


def compare_docs(docs: dict[str, dict], template: Template) -> list[PlanComparison]:
    return [compare_plan(name, doc, template) for name, doc in docs.items()]


def run_compare(inputs: list[str], template: str | None, outdir: Path, *, report: bool = True,
                formats: tuple[str, ...] = ("csv", "xlsx", "parquet")) -> CompareResult:
    """Compare every plan in ``inputs`` with ``template`` (the national one when None) and write
    the tables (``outdir/tables/``) and, with ``report``, the HTML report (``outdir/index.html``).

    Raises BadArgsError for a bad template or no inputs, InputFileError when no input is a usable
    kehoach output; inputs that are skipped are listed in ``result.errors``.
    """
    from .tables import build_tables, write_tables

    if not inputs:
        raise BadArgsError("no inputs given", hint="kehoach compare data/out -o report")
    tpl = load_template(template)
    docs, errors = load_plans(inputs)
    for path, reason in errors:
        log.warning("skipped %s: %s", path, reason)
    if not docs:
        detail = "; ".join(f"{p}: {r}" for p, r in errors[:5])
        raise InputFileError(f"no kehoach output to compare ({detail})",
                             hint="give the JSON files or the folder that `kehoach run INPUT -o DIR` wrote")
    comparisons = compare_docs(docs, tpl)
    tables = build_tables(comparisons, docs, tpl)
    result = CompareResult(tpl, list(docs), docs, comparisons, tables, errors)
    outdir = Path(outdir)
    result.files = write_tables(tables, outdir / "tables", formats)
    if report:
        from .report import write_report

        result.report = write_report(result, outdir)
    return result
