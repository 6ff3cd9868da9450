#!/usr/bin/env python3
"""OCR throughput and fidelity: `kehoach run -j N` against bare `tesseract -l vie` on the same pages.

Renders an N-page noisy scan of our sample plan, rasterises it once for the bare run (untimed, as a
scanner would deliver images), then times in one run:
  bare:    `tesseract page.png - -l vie` in N processes, OMP_THREAD_LIMIT=1
  kehoach: `kehoach run scan.pdf -j N` (rasterise + OSD + OCR + normalise + restore + extract + write)
and prints the wall-time ratio, the share of time spent after OCR, and the syllable accuracy of the
normalised text against the text that was rendered.

    .venv/bin/python benchmarks/ocr_throughput.py [--pages 8] [--jobs 2] [--no-osd]
"""

from __future__ import annotations

import argparse
import json
import os
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
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(tmp / "page")], check=True)
        pngs = sorted(tmp.glob("page*.png"))
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

        def bare(png: Path) -> str:
            return subprocess.run(["tesseract", str(png), "-", "-l", "vie"], capture_output=True, text=True,
                                  env=env, check=True).stdout

        started = time.perf_counter()
        with ThreadPoolExecutor(args.jobs) as pool:
            bare_texts = list(pool.map(bare, pngs))
        bare_s = time.perf_counter() - started

        out = tmp / "out"
        cmd = [str(ROOT / ".venv" / "bin" / "kehoach"), "run", str(pdf), "-o", str(out), "-j", str(args.jobs), "-q"]
        if args.no_osd:
            cmd.append("--no-osd")
        started = time.perf_counter()
        subprocess.run(cmd, check=True, env=env)
        kehoach_s = time.perf_counter() - started

        doc = json.loads((out / "scan.pdf.json").read_text(encoding="utf-8"))
        entry = json.loads((out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[-1])
        truth = plain_text(markup)
        after_ocr = sum(entry["seconds"].get(k, 0) for k in ("normalize", "extract"))

    print(f"pages                      {len(pngs)}")
    print(f"jobs                       {args.jobs}")
    print(f"osd                        {not args.no_osd}")
    print(f"bare tesseract wall        {bare_s:7.2f} s  ({len(pngs) / bare_s * 3600 / args.jobs:.0f} pages per core-hour)")
    print(f"kehoach run wall           {kehoach_s:7.2f} s  ({len(pngs) / kehoach_s * 3600 / args.jobs:.0f} pages per core-hour)")
    print(f"ratio kehoach / bare       {kehoach_s / bare_s:7.3f}")
    print(f"normalise+restore+extract  {after_ocr:7.3f} s  ({after_ocr / kehoach_s:.1%} of kehoach wall)")
    print(f"restored                   {doc['text']['restored']}")
    print(f"syllable accuracy, bare    {syllable_accuracy(truth, ' '.join(bare_texts)):.4f}")
    print(f"syllable accuracy, kehoach {syllable_accuracy(truth, doc['text']['normalized']):.4f}")


if __name__ == "__main__":
    main()
