#!/usr/bin/env python3
"""Render our own sample plans (data/samples/*.md) into data/raw: a scanned PDF, its first page as PNG,
and the text Tesseract's English model makes of it (the form of real eng-OCR input).

    .venv/bin/python scripts/make_samples.py [NAME ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ocr.render import ScanStyle, ocr_pages, render_scan, sample_seed, save_pdf  # noqa: E402


def make(markup_path: Path, outdir: Path, dpi: int = 300) -> list[Path]:
    name = markup_path.stem
    pages = render_scan(markup_path.read_text(encoding="utf-8"), dpi=dpi, style=ScanStyle(seed=sample_seed(name)))
    pdf, png, txt = outdir / f"{name}.pdf", outdir / f"{name}.png", outdir / f"{name}.ocr-eng.txt"
    save_pdf(pages, pdf, dpi)
    pages[0].save(png, optimize=True)
    txt.write_text(ocr_pages(pages, ("eng",))["eng"], encoding="utf-8")
    return [pdf, png, txt]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="sample names (default: all in data/samples)")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "raw")
    args = parser.parse_args()
    sources = sorted((ROOT / "data" / "samples").glob("*.md"))
    if args.names:
        sources = [s for s in sources if s.stem in args.names]
    args.out.mkdir(parents=True, exist_ok=True)
    for src in sources:
        for path in make(src, args.out):
            print(f"{path}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
