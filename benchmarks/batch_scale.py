#!/usr/bin/env python3
"""Batch at scale: peak memory per worker on a long PDF, executor parity and pages per core-hour.

Renders a PDF of --pages pages (default 100), runs `kehoach run -j N` on it with each executor asked for,
and prints wall time, pages per core-hour and the peak resident memory of the biggest child process
(the OCR workers and their Tesseract/poppler subprocesses).

    .venv/bin/python benchmarks/batch_scale.py [--pages 100] [--jobs 2] [--executors pool dask-local]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ocr.render import ScanStyle, render_scan  # noqa: E402

MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call(sys.argv[1:])
wall = time.perf_counter() - started
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{code} {wall:.3f} {peak_kb}")
"""


def long_pdf(pages: int, path: Path) -> None:
    """A PDF of ``pages`` scanned pages, written a few pages at a time to keep this script small in memory."""
    markup = (ROOT / "data" / "samples" / "xa_an_phu.md").read_text(encoding="utf-8")
    images = render_scan(markup, style=ScanStyle(seed=5))
    while len(images) < pages:
        images += images[: pages - len(images)]
    images[0].save(path, "PDF", resolution=300.0, save_all=True, append_images=images[1:pages])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--executors", nargs="+", default=["pool"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "long.pdf"
        long_pdf(args.pages, pdf)
        print(f"pages {args.pages}, jobs {args.jobs}, pdf {pdf.stat().st_size / 1e6:.1f} MB")
        outputs = {}
        for executor in args.executors:
            out = Path(tmp) / executor
            cmd = [sys.executable, "-c", MEASURE, str(ROOT / ".venv" / "bin" / "kehoach"), "run", str(pdf), "-o", str(out),
                   "-j", str(args.jobs), "-q", "--executor", executor]
            code, wall, peak_kb = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
            outputs[executor] = (out / "long.pdf.json").read_bytes() if (out / "long.pdf.json").exists() else b""
            print(f"{executor:11s} exit {code}  wall {float(wall):7.1f} s  "
                  f"{args.pages / float(wall) * 3600 / args.jobs:6.0f} pages/core-hour  "
                  f"peak RSS of one process {int(peak_kb) / 1024:6.0f} MB")
        if len(outputs) > 1:
            same = len(set(outputs.values())) == 1
            print(f"outputs byte-identical across executors: {same}")


if __name__ == "__main__":
    main()
