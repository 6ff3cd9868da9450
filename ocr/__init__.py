"""Stage 1: page images and text in, page text out (Tesseract ``vie`` by default)."""

from .engine import PageText, check_poppler, check_tesseract, ocr_page, tesseract_version
from .sources import SUPPORTED, input_kind

__all__ = ["PageText", "ocr_page", "check_tesseract", "check_poppler", "tesseract_version", "input_kind", "SUPPORTED"]
