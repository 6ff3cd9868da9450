"""Inputs: what kind a file is, how many pages it has, and each page as an image file on disk.

Pages are rasterised one at a time (never a whole PDF in memory) straight to a temporary PNM file.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from pipeline.errors import InputFileError

from .engine import check_poppler

PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".pnm", ".pgm", ".ppm", ".webp"}
TEXT_SUFFIXES = {".txt"}
SUPPORTED = PDF_SUFFIXES | IMAGE_SUFFIXES | TEXT_SUFFIXES

# Decompression-bomb guard: a 600 dpi A3 page is ~70 Mpx; anything far beyond is refused.
MAX_IMAGE_PIXELS = 200_000_000


def input_kind(path: Path) -> str:
    """'pdf', 'image' or 'text', by content first (magic bytes) and suffix second."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except IsADirectoryError as exc:
        raise InputFileError(f"{path} is a directory, not a file") from exc
    except PermissionError as exc:
        raise InputFileError(f"{path} cannot be read (permission denied)", hint="check the file's permissions") from exc
    except FileNotFoundError as exc:
        raise InputFileError(f"{path} does not exist", hint="check the path") from exc
    if not head:
        raise InputFileError(f"{path} is empty (0 bytes)", hint="re-export or re-scan the document")
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in PDF_SUFFIXES:
        raise InputFileError(f"{path} is not a PDF (no %PDF header)", hint="the file is damaged or mis-named")
    if suffix in IMAGE_SUFFIXES or _looks_like_image(head):
        return "image"
    raise InputFileError(
        f"{path}: unsupported file type {suffix or '(none)'}",
        hint=f"kehoach reads {', '.join(sorted(SUPPORTED))}",
    )


def _looks_like_image(head: bytes) -> bool:
    return head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"RIFF"))


def read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputFileError(f"{path} is not UTF-8 text", hint="convert it with iconv -t UTF-8")


def pdf_page_count(path: Path) -> int:
    check_poppler()
    from pdf2image import pdfinfo_from_path
    from pdf2image.exceptions import PDFInfoNotInstalledError, PDFPageCountError, PDFSyntaxError

    try:
        info = pdfinfo_from_path(str(path), timeout=60)
    except (PDFPageCountError, PDFSyntaxError) as exc:
        text = str(exc)
        if "Incorrect password" in text or "encrypted" in text.lower():
            raise InputFileError(f"{path} is encrypted", hint="remove the password (qpdf --decrypt) and retry") from exc
        if "Wrong page range" in text:
            raise InputFileError(f"{path} has no pages", hint="re-export the document") from exc
        raise InputFileError(f"{path} is not a readable PDF ({text.strip().splitlines()[-1] if text.strip() else 'damaged'})",
                             hint="the file is truncated or corrupt; re-export it") from exc
    except PDFInfoNotInstalledError as exc:  # pragma: no cover - check_poppler ran first
        raise InputFileError("poppler is missing") from exc
    pages = int(info.get("Pages", 0))
    if pages < 1:
        raise InputFileError(f"{path} has no pages", hint="re-export the document")
    return pages


def pdf_text_layer(path: Path, pages: int) -> list[str]:
    """Each page's text layer ('' where there is none), in one pdftotext run (it ends every page with \f)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=300)
    if out.returncode != 0:
        return [""] * pages
    texts = out.stdout.decode("utf-8", "replace").split("\f")[:pages]
    return texts + [""] * (pages - len(texts))


def rasterise_pdf_page(path: Path, page: int, dpi: int, workdir: str) -> str:
    """Render one PDF page to a greyscale PNM file in ``workdir`` and return its path."""
    from pdf2image import convert_from_path
    from pdf2image.exceptions import PDFPageCountError, PDFSyntaxError

    try:
        paths = convert_from_path(
            str(path), dpi=dpi, first_page=page, last_page=page, output_folder=workdir,
            fmt="ppm", grayscale=True, paths_only=True, output_file=f"p{page:05d}", timeout=300,
        )
    except (PDFPageCountError, PDFSyntaxError) as exc:
        raise InputFileError(f"{path}: page {page} cannot be rendered ({exc})") from exc
    if not paths:
        raise InputFileError(f"{path}: page {page} rendered to nothing", hint="the PDF is damaged")
    return paths[0]


def image_frame_count(path: Path) -> int:
    """Frames in an image (multi-page TIFF), refusing decompression bombs with the limit named.

    Only the header is read here, so Pillow's own bomb check is off while we compare the size ourselves.
    """
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(path) as img:
            w, h = img.size
            frames = getattr(img, "n_frames", 1)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InputFileError(f"{path} is not a readable image ({exc.__class__.__name__})",
                             hint="the file is damaged or not an image") from exc
    finally:
        Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    if w * h > MAX_IMAGE_PIXELS:
        raise InputFileError(
            f"{path} refused as a decompression bomb: {w}x{h} = {w * h:,} pixels, over the {MAX_IMAGE_PIXELS:,}-pixel limit",
            hint="downsample the scan to 300 dpi",
        )
    return frames


def image_frame_file(path: Path, frame: int, workdir: str) -> str:
    """A file Tesseract can read for frame ``frame`` (1-based) of ``path``: the file itself when single-frame."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    with Image.open(path) as img:
        if getattr(img, "n_frames", 1) == 1 and path.suffix.lower() in {".png", ".jpg", ".jpeg", ".tif", ".tiff"}:
            return str(path)
        img.seek(frame - 1)
        out = os.path.join(workdir, f"frame{frame:05d}.png")
        img.convert("L" if img.mode not in ("1", "L") else img.mode).save(out)
        return out


# A scanned PDF usually holds one JPEG per page at the scan's resolution. Handing that JPEG to Tesseract
# as it is skips poppler's render (~0.1 s a page) and reads the scanner's own pixels rather than a
# resampled copy. Anything else (several images, bilevel JBIG2/CCITT, odd resolution, rotated pages) is
# rendered as usual.
NATIVE_MIN_PPI, NATIVE_MAX_PPI = 150, 600


def pdf_native_jpeg_pages(path: Path) -> dict[int, int]:
    """{page: ppi} for pages that are exactly one upright JPEG image at a usable resolution."""
    try:
        listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, timeout=120)
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "100000", str(path)], capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if listing.returncode != 0 or info.returncode != 0:
        return {}
    rotated = {int(m.group(1)) for m in re.finditer(rb"^Page\s+(\d+) rot:\s+(\d+)", info.stdout, re.M) if m.group(2) != b"0"}
    per_page: dict[int, list[list[str]]] = {}
    for line in listing.stdout.decode("utf-8", "replace").splitlines()[2:]:
        cols = line.split()
        if len(cols) >= 14 and cols[0].isdigit():
            per_page.setdefault(int(cols[0]), []).append(cols)
    native = {}
    for page, images in per_page.items():
        if len(images) != 1 or page in rotated:
            continue
        cols = images[0]
        kind, enc = cols[2], cols[8]
        try:
            x_ppi, y_ppi = int(cols[12]), int(cols[13])
        except ValueError:
            continue
        if kind == "image" and enc == "jpeg" and x_ppi == y_ppi and NATIVE_MIN_PPI <= x_ppi <= NATIVE_MAX_PPI:
            native[page] = x_ppi
    return native


def pdf_page_jpeg(path: Path, page: int, workdir: str) -> str:
    """Write the page's embedded JPEG, as stored, to ``workdir`` and return its path."""
    prefix = os.path.join(workdir, f"n{page:05d}")
    out = subprocess.run(["pdfimages", "-j", "-f", str(page), "-l", str(page), str(path), prefix],
                         capture_output=True, timeout=120)
    found = sorted(Path(workdir).glob(f"n{page:05d}-*.jpg"))
    if out.returncode != 0 or not found:
        raise InputFileError(f"{path}: the image of page {page} cannot be extracted",
                             hint="retry with --render-pages")
    return str(found[0])
