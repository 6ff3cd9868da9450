"""Tesseract through pytesseract: dependency checks and one-page OCR with confidences.

Pages are handed to Tesseract as files (rasterised straight to disk by poppler), so no image is
re-encoded on the way: the cost of a page is Tesseract's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from pipeline.errors import MissingDependencyError, OcrError

APT_HINT = "apt-get install -y tesseract-ocr tesseract-ocr-vie poppler-utils  (or run ./dev.sh once)"


@dataclass(frozen=True)
class PageText:
    """What OCR made of one page."""

    text: str
    confidence: float | None  # mean word confidence, 0-100; None when no word was found
    rotation: int = 0  # degrees the page was turned before reading (OSD)
    words: int = 0


@lru_cache(maxsize=None)
def tesseract_version() -> str:
    import pytesseract

    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise MissingDependencyError("Tesseract is not installed or not on PATH.", hint=APT_HINT) from exc


@lru_cache(maxsize=None)
def available_languages() -> frozenset[str]:
    import pytesseract

    tesseract_version()
    return frozenset(pytesseract.get_languages(config=""))


def check_tesseract(lang: str) -> None:
    """Raise MissingDependencyError unless Tesseract and every language in ``lang`` ("vie+eng") exist."""
    have = available_languages()
    missing = [code for code in lang.split("+") if code not in have]
    if missing:
        pkgs = " ".join(f"tesseract-ocr-{code}" for code in missing)
        raise MissingDependencyError(
            f"Tesseract has no language data for {', '.join(missing)} (installed: {', '.join(sorted(have))}).",
            hint=f"apt-get install -y {pkgs}",
        )


def check_poppler() -> None:
    if not (shutil.which("pdftoppm") and shutil.which("pdfinfo")):
        raise MissingDependencyError("poppler (pdftoppm/pdfinfo) is not installed; PDFs cannot be read.", hint=APT_HINT)


def detect_rotation(image_path: str, timeout: float) -> int:
    """Clockwise rotation OSD recommends for the page, 0 when unsure or when the page has too little text."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image_path, config="--psm 0", timeout=timeout, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:
        return 0  # "Too few characters": a near-blank page is read as it is
    except RuntimeError as exc:  # pytesseract's timeout
        raise OcrError(f"orientation detection timed out after {timeout:.0f} s") from exc
    rotate = int(osd.get("rotate", 0))
    return rotate if float(osd.get("orientation_conf", 0)) >= 2.0 else 0


# Tesseract's own layout analysis already reads pages turned by 270°; pages turned by 90° or 180° come
# out as low-confidence garbage. So orientation detection (~0.5 s a page) runs only when the first reading
# is poor, and upright pages — nearly all of them — pay nothing for it.
OSD_BELOW_CONFIDENCE = 70.0


def ocr_page(image_path: str, *, lang: str = "vie", timeout: float = 300, osd: bool = True) -> PageText:
    """OCR one page image file: text in reading order plus mean word confidence."""
    page = _read(image_path, lang, timeout)
    if not osd or page.words < 3 or (page.confidence or 0) >= OSD_BELOW_CONFIDENCE:
        return page
    rotation = detect_rotation(image_path, timeout)
    if not rotation:
        return page
    from PIL import Image

    rotated = f"{image_path}.rot.png"
    with Image.open(image_path) as img:
        img.rotate(-rotation, expand=True).save(rotated)
    try:
        turned = _read(rotated, lang, timeout, rotation)
    finally:
        os.unlink(rotated)
    return turned if (turned.confidence or 0) > (page.confidence or 0) else page


def _read(image_path: str, lang: str, timeout: float, rotation: int = 0) -> PageText:
    import pytesseract

    try:
        tsv = pytesseract.image_to_data(image_path, lang=lang, config="--psm 3", timeout=timeout)
    except pytesseract.TesseractError as exc:  # a RuntimeError too, so it must come first
        raise OcrError(f"Tesseract failed: {exc.message.strip() or f'exit status {exc.status}'}") from exc
    except RuntimeError as exc:
        raise OcrError(f"Tesseract timed out after {timeout:.0f} s on this page", hint="raise --page-timeout") from exc
    return page_text_from_tsv(tsv, rotation)


def page_text_from_tsv(tsv: str, rotation: int = 0) -> PageText:
    """Rebuild Tesseract's plain-text layout (lines, blank line between paragraphs) from its TSV."""
    lines: list[str] = []
    current: list[str] = []
    last_line_key = last_par_key = None
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        word = cols[11]
        if not word.strip():
            continue
        par_key = tuple(cols[1:4])
        line_key = tuple(cols[1:5])
        if line_key != last_line_key and current:
            lines.append(" ".join(current))
            current = []
            if par_key != last_par_key:
                lines.append("")
        last_line_key, last_par_key = line_key, par_key
        current.append(word)
        conf = float(cols[10])
        if conf >= 0:
            confidences.append(conf)
    if current:
        lines.append(" ".join(current))
    text = "\n".join(lines)
    mean = round(sum(confidences) / len(confidences), 2) if confidences else None
    return PageText(text=text, confidence=mean, rotation=rotation, words=len(confidences))


def run_tesseract_cli(image_path: str, lang: str) -> str:
    """Plain ``tesseract IMAGE - -l LANG`` (benchmarks and the eng-OCR factory use it)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    out = subprocess.run(["tesseract", image_path, "-", "-l", lang], capture_output=True, text=True, env=env, check=True)
    return out.stdout
