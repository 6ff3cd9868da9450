"""Render plan text to realistic scanned pages: the factory for samples, OCR tests and training pairs.

Input is light markup, one directive per line:

    #header              two-column national header: "LEFT | RIGHT" per line
    #center              centred lines (document type, title), bold
    #body                paragraphs, one per line, wrapped to the page with a first-line indent
    #heading             a bold heading line inside the body (e.g. "I. MỤC ĐÍCH, YÊU CẦU")
    #signature           "LEFT | RIGHT" lines: Nơi nhận on the left, the signer on the right

``plain_text`` gives the ground truth a perfect OCR would read (columns in left-then-right order).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu")
FONTS = {
    "regular": ("LiberationSerif-Regular.ttf", "NotoSerif-Regular.ttf", "DejaVuSerif.ttf"),
    "bold": ("LiberationSerif-Bold.ttf", "NotoSerif-Bold.ttf", "DejaVuSerif-Bold.ttf"),
    "italic": ("LiberationSerif-Italic.ttf", "NotoSerif-Italic.ttf", "DejaVuSerif-Italic.ttf"),
}


@dataclass(frozen=True)
class ScanStyle:
    """How rough the 'scan' is. ``clean()`` gives a perfect render."""

    skew_degrees: float = 0.6
    blur_radius: float = 0.7
    noise_sigma: float = 6.0
    light_gradient: float = 0.12
    speckles: int = 250
    seed: int = 7
    grey_levels: int = 16  # a document scanner's few grey levels; also keeps files small

    @classmethod
    def clean(cls) -> "ScanStyle":
        return cls(0.0, 0.0, 0.0, 0.0, 0, 0, 256)


def _font(kind: str, size: int) -> ImageFont.FreeTypeFont:
    for name in FONTS[kind]:
        for folder in FONT_DIRS:
            path = Path(folder) / name
            if path.exists():
                return ImageFont.truetype(str(path), size)
    raise FileNotFoundError("no serif font with Vietnamese glyphs: apt-get install fonts-liberation2")


@dataclass
class Block:
    kind: str
    lines: list[str]


def parse_markup(markup: str) -> list[Block]:
    blocks: list[Block] = []
    kind = "body"
    for raw in markup.splitlines():
        line = raw.rstrip()
        if line.startswith("#") and line[1:].strip() in {"header", "center", "body", "heading", "signature"}:
            kind = line[1:].strip()
            blocks.append(Block(kind, []))
            continue
        if not line.strip():
            continue
        if not blocks or blocks[-1].kind != kind:
            blocks.append(Block(kind, []))
        blocks[-1].lines.append(line.strip())
    return [b for b in blocks if b.lines]


def plain_text(markup: str) -> str:
    """The text a perfect OCR would return: like Tesseract, two-column lines are read across as one line."""
    out: list[str] = []
    for block in parse_markup(markup):
        if block.kind in ("header", "signature"):
            for line in block.lines:
                joined = " ".join(part.strip() for part in line.split("|") if part.strip())
                if joined:
                    out.append(joined)
        else:
            out.extend(block.lines)
    return "\n".join(out) + "\n"


class _Page:
    def __init__(self, dpi: int):
        self.dpi = dpi
        self.w, self.h = int(8.27 * dpi), int(11.69 * dpi)  # A4
        self.margin_l, self.margin_r = int(1.18 * dpi), int(0.79 * dpi)  # 30 mm / 20 mm (NĐ 30/2020)
        self.top, self.bottom = int(0.79 * dpi), int(0.79 * dpi)
        self.img = Image.new("L", (self.w, self.h), 255)
        self.draw = ImageDraw.Draw(self.img)
        self.y = self.top


def render_pages(markup: str, *, dpi: int = 300, font_pt: float = 13.0) -> list[Image.Image]:
    """Lay the markup out on A4 pages (clean, no scan effects)."""
    size = int(font_pt * dpi / 72)
    regular, bold = _font("regular", size), _font("bold", size)
    small_bold = _font("bold", int(size * 0.95))
    line_h = int(size * 1.35)
    pages = [_Page(dpi)]

    def page() -> _Page:
        p = pages[-1]
        if p.y + line_h > p.h - p.bottom:
            pages.append(_Page(dpi))
            p = pages[-1]
        return p

    def centred(text: str, font, x0: int, x1: int) -> None:
        p = page()
        width = p.draw.textlength(text, font=font)
        p.draw.text((x0 + (x1 - x0 - width) / 2, p.y), text, font=font, fill=0)
        p.y += line_h

    def wrap(text: str, font, width: int, indent: int) -> list[tuple[int, str]]:
        words, lines, current, first = text.split(), [], "", True
        p = pages[-1]
        for word in words:
            trial = f"{current} {word}".strip()
            limit = width - (indent if first else 0)
            if current and p.draw.textlength(trial, font=font) > limit:
                lines.append((indent if first else 0, current))
                current, first = word, False
            else:
                current = trial
        if current:
            lines.append((indent if first else 0, current))
        return lines

    for block in parse_markup(markup):
        p = pages[-1]
        left, right = p.margin_l, p.w - p.margin_r
        if block.kind in ("header", "signature"):
            split = left + int((right - left) * (0.42 if block.kind == "header" else 0.5))
            for line in block.lines:
                l_text, _, r_text = (x.strip() for x in line.partition("|"))
                p = page()
                font_l = small_bold if block.kind == "header" or l_text.isupper() else regular
                font_r = bold if (block.kind == "signature" or r_text.isupper() or r_text.startswith("Độc")) else regular
                if block.kind == "signature":
                    if l_text:
                        p.draw.text((left, p.y), l_text, font=font_l, fill=0)
                else:
                    wl = p.draw.textlength(l_text, font=font_l)
                    p.draw.text((left + (split - left - wl) / 2, p.y), l_text, font=font_l, fill=0)
                wr = p.draw.textlength(r_text, font=font_r)
                p.draw.text((split + (right - split - wr) / 2, p.y), r_text, font=font_r, fill=0)
                p.y += line_h
            p.y += line_h // 2
        elif block.kind == "center":
            for line in block.lines:
                centred(line, bold, left, right)
            pages[-1].y += line_h // 2
        else:
            font = bold if block.kind == "heading" else regular
            for para in block.lines:
                for indent, text in wrap(para, font, right - left, int(0.5 * dpi)):
                    p = page()
                    p.draw.text((left + indent, p.y), text, font=font, fill=0)
                    p.y += line_h
    return [p.img for p in pages]


def degrade(page: Image.Image, style: ScanStyle, page_no: int = 0) -> Image.Image:
    """Make a clean render look scanned: skew, uneven light, blur, noise, speckles."""
    rng = np.random.default_rng(style.seed + page_no)
    img = page
    if style.skew_degrees:
        angle = float(rng.uniform(-style.skew_degrees, style.skew_degrees))
        img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if style.blur_radius:
        img = img.filter(ImageFilter.GaussianBlur(style.blur_radius))
    arr = np.asarray(img, dtype=np.float32)
    if style.light_gradient:
        h, w = arr.shape
        gx = np.linspace(0, 1, w)[None, :]
        gy = np.linspace(0, 1, h)[:, None]
        shade = 1.0 - style.light_gradient * (0.6 * gx + 0.4 * gy)
        arr = 255 - (255 - arr) * 0.92
        arr = arr * shade
    if style.noise_sigma:
        arr = arr + rng.normal(0, style.noise_sigma, arr.shape)
    if style.speckles:
        h, w = arr.shape
        ys, xs = rng.integers(0, h, style.speckles), rng.integers(0, w, style.speckles)
        arr[ys, xs] = rng.uniform(0, 120, style.speckles)
    arr = np.clip(arr, 0, 255)
    if style.grey_levels < 256:
        step = 256 // style.grey_levels
        arr = np.clip((arr // step) * step + step // 2, 0, 255)
    return Image.fromarray(arr.astype(np.uint8), "L")


def render_scan(markup: str, *, dpi: int = 300, style: ScanStyle | None = None) -> list[Image.Image]:
    style = style or ScanStyle()
    return [degrade(p, style, i) for i, p in enumerate(render_pages(markup, dpi=dpi))]


def save_pdf(pages: list[Image.Image], path: Path, dpi: int = 300) -> None:
    """An image-only PDF, as a scanner would produce."""
    first, *rest = pages
    first.save(path, "PDF", resolution=float(dpi), save_all=True, append_images=rest)


def paragraphs_markup(text: str) -> str:
    """Markup for running text with no header: every non-empty line a paragraph."""
    return "#body\n" + "\n".join(line for line in text.splitlines() if line.strip()) + "\n"


def sample_seed(name: str) -> int:
    return random.Random(name).randint(0, 10_000)


def ocr_pages(pages: list[Image.Image], langs: tuple[str, ...] = ("eng",)) -> dict[str, str]:
    """What plain ``tesseract -l LANG`` reads from rendered pages, pages joined by form feeds, per language.

    The factory for aligned pairs: known text in, the OCR the pipeline will meet out.
    """
    import tempfile

    from .engine import run_tesseract_cli

    with tempfile.TemporaryDirectory() as tmp:
        images = []
        for i, page in enumerate(pages):
            image = Path(tmp) / f"p{i}.png"
            page.save(image)
            images.append(str(image))
        return {lang: "\f".join(run_tesseract_cli(image, lang) for image in images) for lang in langs}
