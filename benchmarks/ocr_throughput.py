#!/usr/bin/env python3
"""OCR throughput and fidelity: `kehoach run -j N` against bare `tesseract -l vie` on the same pages.

Renders an N-page noisy scan of our sample plan, rasterises it once for the bare run (untimed, as a
scanner would deliver images), then times in one run:
  bare:    `tesseract page.pgm - -l vie` in N processes, OMP_THREAD_LIMIT=1, on pages rasterised beforehand
  bare+pdf: `pdftoppm` of the page then the same `tesseract`, in N processes
  kehoach: `kehoach run scan.pdf -j N` (rasterise + OSD + OCR + normalise + restore + extract + write)
and prints the wall-time and CPU-time ratios (CPU time stays honest when other work shares the machine), the share of time spent after OCR, and the syllable accuracy of the
normalised text against the text that was rendered.

    .venv/bin/python benchmarks/ocr_throughput.py [--pages 8] [--jobs 2] [--no-osd]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from normalize.metrics import syllable_accuracy  # noqa: E402
from ocr.render import ScanStyle, plain_text, render_scan, save_pdf  # noqa: E402


def long_markup(pages: int) -> str:
    """The sample plan, its body repeated until the render has about ``pages`` pages."""
    markup = (ROOT / "data" / "samples" / "xa_an_phu.md").read_text(encoding="utf-8")
    head, _, rest = markup.partition("#body")
    body = "#body" + rest.split("#signature")[0]
    signature = "#signature" + rest.split("#signature")[1]
    # our sample's body fills about 1.5 pages
    return head + body * max(1, round(pages / 1.5)) + signature


def children_cpu() -> float:
    """CPU seconds used so far by finished child processes: robust where wall time is not (a busy machine)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-osd", action="store_true")
    args = parser.parse_args()

    markup = long_markup(args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        images = render_scan(markup, style=ScanStyle(seed=11))
        pdf = tmp / "scan.pdf"
        save_pdf(images, pdf)
        # the bare run gets the page format Tesseract reads fastest (PGM; PNG costs ~0.5 s more a page)
        subprocess.run(["pdftoppm", "-r", "300", "-gray", str(pdf), str(tmp / "page")], check=True)
        pngs = sorted(tmp.glob("page*.pgm"))
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

        def bare(png: Path) -> str:
            return subprocess.run(["tesseract", str(png), "-", "-l", "vie"], capture_output=True, text=True,
                                  env=env, check=True).stdout

        started, cpu = time.perf_counter(), children_cpu()
        with ThreadPoolExecutor(args.jobs) as pool:
            bare_texts = list(pool.map(bare, pngs))
        bare_s, bare_cpu = time.perf_counter() - started, children_cpu() - cpu

        def raster_then_bare(page: int) -> str:
            prefix = tmp / f"r{page}"
            subprocess.run(["pdftoppm", "-r", "300", "-gray", "-f", str(page), "-l", str(page), str(pdf), str(prefix)],
                           check=True)
            return bare(next(tmp.glob(f"r{page}-*.pgm")))

        started, cpu = time.perf_counter(), children_cpu()
        with ThreadPoolExecutor(args.jobs) as pool:
            list(pool.map(raster_then_bare, range(1, len(pngs) + 1)))
        bare_raster_s, bare_raster_cpu = time.perf_counter() - started, children_cpu() - cpu

        # the restoration model is built once per machine (first use); time the steady state
        subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", "from normalize.restore import load_model; load_model()"],
                       check=True)
        out = tmp / "out"
        cmd = [str(ROOT / ".venv" / "bin" / "kehoach"), "run", str(pdf), "-o", str(out), "-j", str(args.jobs), "-q"]
        if args.no_osd:
            cmd.append("--no-osd")
        started, cpu = time.perf_counter(), children_cpu()
        subprocess.run(cmd, check=True, env=env)
        kehoach_s, kehoach_cpu = time.perf_counter() - started, children_cpu() - cpu

        doc = json.loads((out / "scan.pdf.json").read_text(encoding="utf-8"))
        entry = json.loads((out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[-1])
        truth = plain_text(markup)
        after_ocr = sum(entry["seconds"].get(k, 0) for k in ("normalize", "extract"))

    print(f"pages {len(pngs)}, jobs {args.jobs}, osd {not args.no_osd}, load average {os.getloadavg()[0]:.2f}")
    print(f"{'':26s} {'wall s':>8s} {'CPU s':>8s}")
    print(f"{'bare tesseract':26s} {bare_s:8.2f} {bare_cpu:8.2f}   on pages rasterised beforehand")
    print(f"{'bare pdftoppm+tesseract':26s} {bare_raster_s:8.2f} {bare_raster_cpu:8.2f}   each page rasterised then read")
    print(f"{'kehoach run':26s} {kehoach_s:8.2f} {kehoach_cpu:8.2f}   {len(pngs) / kehoach_s * 3600 / args.jobs:.0f} pages/core-hour")
    print(f"ratio kehoach / bare             wall {kehoach_s / bare_s:6.3f}   CPU {kehoach_cpu / bare_cpu:6.3f}")
    print(f"ratio kehoach / bare+pdftoppm    wall {kehoach_s / bare_raster_s:6.3f}   CPU {kehoach_cpu / bare_raster_cpu:6.3f}")
    print(f"normalise+restore+extract  {after_ocr:7.3f} s  ({after_ocr / kehoach_s:.1%} of kehoach wall)")
    print(f"restored                   {doc['text']['restored']}")
    print(f"syllable accuracy, bare    {syllable_accuracy(truth, ' '.join(bare_texts)):.4f}")
    print(f"syllable accuracy, kehoach {syllable_accuracy(truth, doc['text']['normalized']):.4f}")


if __name__ == "__main__":
    main()
