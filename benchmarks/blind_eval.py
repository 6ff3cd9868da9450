"""Blind held-out evaluation: plans written by an independent evaluator, never used to tune anything.

For every ``benchmarks/data/blind/<name>.md`` (render markup) with its hand-written
``<name>.expected.json``:

1. render it to a scanned PDF (``ocr.render.render_scan`` with ``ScanStyle(seed=sample_seed(name))``,
   ``save_pdf``; cached in a temp folder, deterministic);
2. OCR every page with ``tesseract -l eng`` and ``-l vie`` (``ocr.engine.run_tesseract_cli``), cached next
   to the markup as ``<name>.ocr-eng.txt`` / ``<name>.ocr-vie.txt`` (pages joined by form feeds), so later
   runs need no Tesseract for (a) and (b);
3. run ``pipeline.process.process`` on (a) the eng-OCR text, (b) the vie-OCR text, (c) the scan PDF;
4. print syllable accuracy (``normalize.metrics.syllable_accuracy`` against ``ocr.render.plain_text``) of
   the raw eng-OCR text and of its normalised/restored text, and macro-F1 and per-field F1 with the
   project's scorer (``extract.score``).

Everything runs in this one process, one Tesseract at a time (OMP_THREAD_LIMIT=1).

    .venv/bin/python benchmarks/blind_eval.py [--dir DIR] [--no-scans] [--rerecord] [--only NAME]

``--dir`` picks another folder of blind plans (default ``benchmarks/data/blind``), e.g. ``benchmarks/data/blind2``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.score import SCORED, macro_f1, score  # noqa: E402
from normalize.metrics import syllable_accuracy  # noqa: E402
from ocr.render import ScanStyle, ocr_pages, plain_text, render_scan, sample_seed, save_pdf  # noqa: E402

BLIND = ROOT / "benchmarks" / "data" / "blind"
SCAN_CACHE = Path(os.environ.get("KEHOACH_BLIND_SCAN_CACHE", Path(tempfile.gettempdir()) / "kehoach-blind-scans"))
FIELDS = ["header", "header_folded", "citations", "sections", "phases", "milestones", "deadlines", "awards", "offices", "targets"]
MODES = [("a", "eng-OCR txt"), ("b", "vie-OCR txt"), ("c", "scan PDF")]


def names(only: str | None) -> list[str]:
    found = sorted(p.name.split(".")[0] for p in BLIND.glob("*.expected.json"))
    return [n for n in found if only is None or n == only]


def scan_pdf(name: str, pages=None) -> Path:
    SCAN_CACHE.mkdir(parents=True, exist_ok=True)
    pdf = SCAN_CACHE / f"{name}.pdf"
    if not pdf.exists():
        pages = pages or render_scan((BLIND / f"{name}.md").read_text(encoding="utf-8"), style=ScanStyle(seed=sample_seed(name)))
        save_pdf(pages, pdf)
    return pdf


def record_ocr(name: str, force: bool) -> None:
    """Render once, OCR every page with eng and vie, cache the texts next to the markup."""
    targets = {lang: BLIND / f"{name}.ocr-{lang}.txt" for lang in ("eng", "vie")}
    if not force and all(p.exists() for p in targets.values()):
        scan_pdf(name)
        return
    pages = render_scan((BLIND / f"{name}.md").read_text(encoding="utf-8"), style=ScanStyle(seed=sample_seed(name)))
    scan_pdf(name, pages)
    for lang, path in targets.items():
        started = time.perf_counter()
        path.write_text(ocr_pages(pages, (lang,))[lang], encoding="utf-8")
        print(f"  recorded {path.relative_to(ROOT)} ({len(pages)} pages, {time.perf_counter() - started:.0f} s)", file=sys.stderr)


def run(path: Path) -> tuple[dict, float]:
    from pipeline.process import process
    from pipeline.settings import Settings

    started = time.perf_counter()
    out = process(str(path), Settings(jobs=1, lang="vie"))
    return out, time.perf_counter() - started


def main() -> None:
    global BLIND
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-scans", action="store_true", help="skip (c), the scan PDF through the pipeline (Tesseract)")
    ap.add_argument("--rerecord", action="store_true", help="re-render and re-OCR even when the OCR texts are cached")
    ap.add_argument("--only", help="one document name")
    ap.add_argument("--dir", default=str(BLIND.relative_to(ROOT)), help="folder of <name>.md + <name>.expected.json (default: %(default)s)")
    args = ap.parse_args()
    BLIND = (ROOT / args.dir).resolve() if not Path(args.dir).is_absolute() else Path(args.dir)

    docs = names(args.only)
    rows = []  # (name, pages, raw_eng_acc, restored_eng_acc, restored_flag, vie_raw_acc, vie_norm_acc, {mode: (macro, folded, scores, secs)})
    outputs: dict[tuple[str, str], dict] = {}
    for name in docs:
        print(f"[{name}]", file=sys.stderr)
        record_ocr(name, args.rerecord)
        gold = json.loads((BLIND / f"{name}.expected.json").read_text(encoding="utf-8"))
        truth = plain_text((BLIND / f"{name}.md").read_text(encoding="utf-8"))
        eng_txt, vie_txt = BLIND / f"{name}.ocr-eng.txt", BLIND / f"{name}.ocr-vie.txt"
        inputs = {"a": eng_txt, "b": vie_txt}
        if not args.no_scans:
            inputs["c"] = scan_pdf(name)
        res = {}
        for mode, path in inputs.items():
            out, secs = run(path)
            outputs[(name, mode)] = out
            s = score(out, gold)
            res[mode] = (macro_f1(s), macro_f1(s, tuple("header_folded" if f == "header" else f for f in SCORED)), s, secs)
            print(f"  ({mode}) {path.name}: {secs:.1f} s", file=sys.stderr)
        eng_raw = eng_txt.read_text(encoding="utf-8")
        vie_raw = vie_txt.read_text(encoding="utf-8")
        a_out, b_out = outputs[(name, "a")], outputs[(name, "b")]
        rows.append((name, eng_raw.count("\f") + 1,
                     syllable_accuracy(truth, eng_raw), syllable_accuracy(truth, a_out["text"]["normalized"]),
                     a_out["text"]["restored"],
                     syllable_accuracy(truth, vie_raw), syllable_accuracy(truth, b_out["text"]["normalized"]),
                     b_out["text"]["restored"], res))

    print()
    print("RESTORATION — syllable accuracy vs plain_text(markup)")
    print(f"{'document':<18} {'pages':>5} {'eng raw':>8} {'eng restored':>13} {'restored?':>9} {'vie raw':>8} {'vie normalised':>15} {'restored?':>9}")
    for name, pages, er, en, ef, vr, vn, vf, _ in rows:
        print(f"{name:<18} {pages:>5} {er:8.4f} {en:13.4f} {str(ef):>9} {vr:8.4f} {vn:15.4f} {str(vf):>9}")
    if rows:
        n = len(rows)
        print(f"{'mean':<18} {'':>5} {sum(r[2] for r in rows) / n:8.4f} {sum(r[3] for r in rows) / n:13.4f} {'':>9} "
              f"{sum(r[5] for r in rows) / n:8.4f} {sum(r[6] for r in rows) / n:15.4f}")

    print()
    print(f"EXTRACTION — macro-F1 per document over {', '.join(SCORED)} (header exact; folded header in brackets)")
    modes = [(m, label) for m, label in MODES if any(m in r[-1] for r in rows)]
    print(f"{'document':<18} " + " ".join(f"{'(' + m + ') ' + label:>24}" for m, label in modes))
    for r in rows:
        cells = []
        for m, _ in modes:
            if m in r[-1]:
                macro, folded, _, _ = r[-1][m]
                cells.append(f"{macro:.3f} [{folded:.3f}]".rjust(24))
            else:
                cells.append(f"{'-':>24}")
        print(f"{r[0]:<18} " + " ".join(cells))
    for m, _ in modes:
        vals = [r[-1][m] for r in rows if m in r[-1]]
        if vals:
            print(f"{'mean (' + m + ')':<18} {sum(v[0] for v in vals) / len(vals):.3f} [{sum(v[1] for v in vals) / len(vals):.3f}]")

    print()
    print("PER-FIELD F1")
    header = f"{'document':<18} {'in':<3} " + " ".join(f"{f[:10]:>10}" for f in FIELDS)
    print(header)
    for r in rows:
        for m, _ in modes:
            if m not in r[-1]:
                continue
            s = r[-1][m][2]
            print(f"{r[0]:<18} ({m}) " + " ".join(f"{s[f][2]:10.3f}" if f in s else f"{'-':>10}" for f in FIELDS))
    for m, _ in modes:
        vals = [r[-1][m][2] for r in rows if m in r[-1]]
        if vals:
            print(f"{'mean':<18} ({m}) " + " ".join(f"{sum(v[f][2] for v in vals) / len(vals):10.3f}" for f in FIELDS))

    dump = os.environ.get("KEHOACH_BLIND_DUMP")
    if dump:
        Path(dump).mkdir(parents=True, exist_ok=True)
        for (name, mode), out in outputs.items():
            (Path(dump) / f"{name}.{mode}.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
