"""Factories for bad inputs, made at test time so the repository carries no broken files."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PIL import Image

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(RAW / "xa_an_phu.pdf").pages[0])
    writer.encrypt("secret")
    writer.write(path)
    return path


def pdf_without_pages(path: Path) -> Path:
    from pypdf import PdfWriter

    PdfWriter().write(path)
    return path


def truncated_pdf(path: Path) -> Path:
    path.write_bytes((RAW / "xa_an_phu.pdf").read_bytes()[:2000])
    return path


def decompression_bomb_png(path: Path, side: int = 40_000) -> Path:
    """A tiny PNG whose header claims side x side pixels (the IHDR is rewritten, CRC fixed)."""
    Image.new("1", (8, 8), 1).save(path)
    data = bytearray(path.read_bytes())
    ihdr = 8 + 8  # signature, then length + type of the IHDR chunk
    data[ihdr:ihdr + 8] = struct.pack(">II", side, side)
    crc = zlib.crc32(bytes(data[ihdr - 4:ihdr + 13])) & 0xFFFFFFFF
    data[ihdr + 13:ihdr + 17] = struct.pack(">I", crc)
    path.write_bytes(bytes(data))
    return path


def blank_png(path: Path) -> Path:
    Image.new("L", (1240, 1754), 255).save(path)
    return path


ENGLISH = (
    "This quarterly report summarises the maintenance work carried out on the municipal water network. "
    "Crews replaced twelve valves and inspected forty kilometres of pipe; no major leaks were found.\n"
)
