"""Accuracy and speed of the extractors.

Two evaluations, reported apart because only one of them is honest:

* **held-out** — plans in ``tests/fixtures/extract/heldout/`` written for evaluation only and never used
  to tune anything; hand-written expectations (``*.expected.json``). Each plan is run through the REAL
  pipeline (``pipeline.process.process``): (a) its recorded eng-OCR text (diacritic restoration on),
  (b) its recorded vie-OCR text, and with ``--scans`` (c) its rendered scan PDF, OCR'd by Tesseract vie
  (minutes). ``--render`` re-renders the scans and re-records the OCR texts (Tesseract needed).
* **tuned** — the three real samples (``../shared/samples``, expectations in ``real_expectations.json``)
  and our own plans, extracted directly from their normalised text. The extractors were developed on
  these, so these figures are not held-out.

Scores follow the issue: citations by number+symbol and date, phases by years, awards and offices by
canonical name, top-level sections by title, header fields exactly. Then throughput in MB/s of UTF-8
text through ``extract_all`` (process CPU time, so a busy shared machine does not distort it).

    .venv/bin/python benchmarks/extract_bench.py [--scans] [--render] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract import extract_all  # noqa: E402
from extract.score import SCORED, macro_f1, score  # noqa: E402
from normalize import normalize_text  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "samples"
FIXTURES = ROOT / "tests" / "fixtures" / "extract"
HELDOUT = FIXTURES / "heldout"
SCAN_CACHE = Path(os.environ.get("KEHOACH_SCAN_CACHE", Path(tempfile.gettempdir()) / "kehoach-heldout-scans"))
FIELDS = ["header", "header_folded", "citations", "sections", "phases", "milestones", "deadlines", "awards", "offices", "targets"]


def markup_to_text(markup: str) -> str:
    """Render markup to plain text: directive lines out, column separators to a space."""
    lines = [ln for ln in markup.split("\n") if not ln.startswith("#")]
    return "\n".join(ln.replace(" | ", " ").rstrip(" |") for ln in lines)


def tuned_documents() -> list[tuple[str, str, dict]]:
    """(name, normalised text, expectations) for the documents the extractors were developed on."""
    docs = []
    real = json.loads((FIXTURES / "real_expectations.json").read_text(encoding="utf-8"))
    for name, gold in real.items():
        if name.startswith("#"):
            continue
        path = SAMPLES / gold["file"]
        if path.exists():
            docs.append((name, normalize_text(path.read_text(encoding="utf-8")).text, gold))
    for path in sorted(FIXTURES.glob("*.expected.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        src = ROOT / gold["file"]
        docs.append((path.name.split(".")[0], normalize_text(markup_to_text(src.read_text(encoding="utf-8"))).text, gold))
    return docs


def heldout_names() -> list[str]:
    return sorted(p.name.split(".")[0] for p in HELDOUT.glob("*.expected.json"))


def heldout_gold(name: str) -> dict:
    return json.loads((HELDOUT / f"{name}.expected.json").read_text(encoding="utf-8"))


def render_scan_pdf(name: str) -> Path:
    """The held-out plan rendered to a scanned PDF (deterministic: seeded by the name), cached."""
    from ocr.render import ScanStyle, render_scan, sample_seed, save_pdf

    SCAN_CACHE.mkdir(parents=True, exist_ok=True)
    pdf = SCAN_CACHE / f"{name}.pdf"
    if not pdf.exists():
        pages = render_scan((HELDOUT / f"{name}.md").read_text(encoding="utf-8"), style=ScanStyle(seed=sample_seed(name)))
        save_pdf(pages, pdf)
    return pdf


def record_ocr(name: str) -> list[Path]:
    """Render the plan and record what Tesseract eng and vie read of it (the committed text fixtures)."""
    from ocr.render import ScanStyle, ocr_pages, render_scan, sample_seed

    pages = render_scan((HELDOUT / f"{name}.md").read_text(encoding="utf-8"), style=ScanStyle(seed=sample_seed(name)))
    out = []
    for lang, text in ocr_pages(pages, ("eng", "vie")).items():
        path = HELDOUT / f"{name}.ocr-{lang}.txt"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    render_scan_pdf(name)
    return out


def _run_pipeline(job: tuple[str, str, str]) -> tuple[str, str, dict, float]:
    """(name, mode, output dict, seconds) of one held-out input through ``pipeline.process``."""
    from pipeline.process import process
    from pipeline.settings import Settings

    name, mode, path = job
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    started = time.perf_counter()
    out = process(path, Settings(jobs=1, lang="vie"))
    return name, mode, out, time.perf_counter() - started


def print_scores(label: str, s: dict) -> tuple[float, float]:
    for f in FIELDS:
        if f in s:
            p, r, f1 = s[f]
            print(f"{label:<34} {f:<14} {p:6.3f} {r:6.3f} {f1:6.3f}")
    m = macro_f1(s)
    mf = macro_f1(s, tuple("header_folded" if f == "header" else f for f in SCORED))
    print(f"{label:<34} {'MACRO-F1':<14} {'':>6} {'':>6} {m:6.3f}   (header folded: {mf:.3f})")
    print()
    return m, mf


def heldout(scans: bool, jobs: int) -> list[tuple[str, str, float, float]]:
    """Held-out macro-F1 per document and input form, through the real pipeline."""
    modes = [("eng-OCR text", "ocr-eng.txt"), ("vie-OCR text", "ocr-vie.txt")]
    work = []
    for name in heldout_names():
        for mode, suffix in modes:
            path = HELDOUT / f"{name}.{suffix}"
            if path.exists():
                work.append((name, mode, str(path)))
        if scans:
            work.append((name, "scan PDF (vie OCR)", str(render_scan_pdf(name))))
    results = []
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        for name, mode, out, seconds in pool.map(_run_pipeline, work):
            s = score(out, heldout_gold(name))
            m, mf = print_scores(f"{name} [{mode}]", s)
            results.append((name, mode, m, mf, seconds))
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20, help="timing repetitions over all documents")
    ap.add_argument("--scans", action="store_true", help="also OCR the held-out scans through the pipeline (Tesseract, minutes)")
    ap.add_argument("--render", action="store_true", help="re-render the held-out scans and re-record their OCR texts")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    if args.render:
        for name in heldout_names():
            for path in record_ocr(name):
                print(f"recorded {path.relative_to(ROOT)}", file=sys.stderr)

    print(f"{'document [input]':<34} {'field':<14} {'P':>6} {'R':>6} {'F1':>6}")
    held = heldout(args.scans, args.jobs)

    real = []
    gold_real = json.loads((FIXTURES / "real_expectations.json").read_text(encoding="utf-8"))
    jobs = [(n, "real eng-OCR, restored", str(SAMPLES / g["file"])) for n, g in gold_real.items()
            if not n.startswith("#") and (SAMPLES / g["file"]).exists()]
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for name, mode, out, seconds in pool.map(_run_pipeline, jobs):
            m, mf = print_scores(f"{name} [pipeline, tuned]", score(out, gold_real[name]))
            real.append((name, m, mf))

    docs = tuned_documents()
    tuned = []
    for name, text, gold in docs:
        m, mf = print_scores(f"{name} [tuned]", score(extract_all(text), gold))
        tuned.append((name, m, mf))

    total = sum(len(t.encode("utf-8")) for _, t, _ in docs)
    for _, t, _ in docs:
        extract_all(t)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(args.repeat):
        for _, t, _ in docs:
            extract_all(t)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0

    print(f"HELD-OUT macro-F1 through pipeline.process ({', '.join(SCORED)}; header exact):")
    for name, mode, m, mf, seconds in held:
        print(f"  {name:<18} {mode:<20} {m:.3f} exact header, {mf:.3f} folded header   ({seconds:.1f} s)")
    for mode in dict.fromkeys(mode for _, mode, *_ in held):
        vals = [m for _, md, m, *_ in held if md == mode]
        print(f"  {'mean':<18} {mode:<20} {sum(vals) / len(vals):.3f}")
    print("REAL samples through pipeline.process (restoration on; tuned, not held-out):")
    for name, m, mf in real:
        print(f"  {name:<18} {m:.3f} exact header, {mf:.3f} folded header")
    print("TUNED (not held-out) macro-F1, extract_all on normalised text:")
    for name, m, mf in tuned:
        print(f"  {name:<18} {m:.3f} exact header, {mf:.3f} folded header")
    n = args.repeat * total
    print(f"throughput: {n / cpu / 1e6:.2f} MB/s CPU time ({n / wall / 1e6:.2f} MB/s wall; "
          f"{len(docs)} documents, {total} bytes, x{args.repeat})")


if __name__ == "__main__":
    main()
