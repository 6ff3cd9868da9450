"""Accuracy and speed of `kehoach compare`: precision/recall of covered and missing per threshold pair.

The dev set is tests/fixtures/compare/dev_coverage.json (sections and contents of the template, annotated
by reading each plan): our three fixture plans and, when ../shared/samples exists, the three real plans
from their eng-OCR text. The plans go through the real pipeline (`run_batch`: normalise, restore,
extract) and are then compared with the bundled template under each (covered, partial) threshold pair;
thresholds only decide fuzzy matches, so only section and content items are scored.

    .venv/bin/python benchmarks/compare_bench.py [--jobs 4] [--outputs DIR]

Prints a table of thresholds with precision/recall of 'covered' and 'missing', the accuracy over the
three statuses, the pair in the bundled template, and the comparison speed (plans/s, tables and report).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "compare"
SHARED = ROOT.parent / "shared" / "samples"


def outputs(workdir: Path, jobs: int) -> Path:
    from pipeline import Settings, run_batch

    inputs = workdir / "in"
    inputs.mkdir(parents=True, exist_ok=True)
    for f in sorted(FIXTURES.glob("*.txt")):
        shutil.copy(f, inputs / f.name)
    if SHARED.is_dir():
        for f in sorted(SHARED.glob("*.ocr-eng.txt")):
            shutil.copy(f, inputs / f.name)
    out = workdir / "out"
    started = time.perf_counter()
    run_batch([str(inputs)], out, Settings(jobs=jobs))
    print(f"pipeline on {len(list(inputs.iterdir()))} plans: {time.perf_counter() - started:.1f} s")
    return out


def score(statuses: dict[tuple[str, str], str], gold: dict[tuple[str, str], str]) -> dict[str, float]:
    res = {}
    for cls in ("covered", "missing"):
        tp = sum(1 for k, g in gold.items() if g == cls and statuses.get(k) == cls)
        pred = sum(1 for k in gold if statuses.get(k) == cls)
        real = sum(1 for g in gold.values() if g == cls)
        res[f"P_{cls}"] = tp / pred if pred else float("nan")
        res[f"R_{cls}"] = tp / real if real else float("nan")
    res["acc"] = sum(statuses.get(k) == g for k, g in gold.items()) / len(gold)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=4)
    ap.add_argument("--outputs", type=Path, help="reuse a folder of `kehoach run` outputs")
    args = ap.parse_args()

    from pipeline.compare import compare_docs, load_plans, load_template, run_compare

    gold_raw = json.loads((FIXTURES / "dev_coverage.json").read_text(encoding="utf-8"))["plans"]
    tmp = Path(tempfile.mkdtemp(prefix="compare-bench-"))
    try:
        out = args.outputs or outputs(tmp, args.jobs)
        docs, _ = load_plans([str(out)])
        gold = {(p, i): s for p, items in gold_raw.items() if p in docs for p, i, s in
                [(p, i, s) for i, s in items.items()]}
        print(f"dev set: {len({p for p, _ in gold})} plans, {len(gold)} annotated items "
              f"({sum(s == 'covered' for s in gold.values())} covered, {sum(s == 'partial' for s in gold.values())} partial, "
              f"{sum(s == 'missing' for s in gold.values())} missing)")
        base = load_template()
        print(f"\n{'covered':>8} {'partial':>8} {'P_cov':>6} {'R_cov':>6} {'P_miss':>6} {'R_miss':>6} {'acc':>6}")
        for cov in (80, 85, 88, 90, 92, 95):
            for par in (60, 70, 75, 80, 85):
                if par > cov:
                    continue
                t = dataclasses.replace(base, covered=float(cov), partial=float(par))
                statuses = {(c.plan, r.item_id): r.status for c in compare_docs(docs, t) for r in c.coverage}
                s = score(statuses, gold)
                mark = "  <- bundled" if (cov, par) == (base.covered, base.partial) else ""
                print(f"{cov:>8} {par:>8} {s['P_covered']:6.3f} {s['R_covered']:6.3f} {s['P_missing']:6.3f} {s['R_missing']:6.3f} {s['acc']:6.3f}{mark}")
        statuses = {(c.plan, r.item_id): r.status for c in compare_docs(docs, base) for r in c.coverage}
        wrong = [(k, g, statuses.get(k)) for k, g in sorted(gold.items()) if statuses.get(k) != g]
        print("\ndisagreements at the bundled thresholds:")
        for (plan, item), g, got in wrong:
            print(f"  {plan:28} {item:24} gold={g:8} got={got}")
        # speed: matching alone, then the whole command (tables in three formats and the report)
        many = {f"{name}#{n}": doc for n in range(20) for name, doc in docs.items()}
        started = time.perf_counter()
        compare_docs(many, base)
        secs = time.perf_counter() - started
        mb = sum(len(d["text"]["normalized"].encode()) for d in many.values()) / 1e6
        print(f"\nmatching: {len(many)} plans in {secs:.2f} s = {len(many) / secs:.1f} plans/s ({mb / secs:.2f} MB/s of text)")
        started = time.perf_counter()
        run_compare([str(out)], None, tmp / "report")
        print(f"run_compare on {len(docs)} plans (CSV+XLSX+Parquet+HTML report): {time.perf_counter() - started:.2f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
