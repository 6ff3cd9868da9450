"""Packaged vocabulary (``extract/data/*.json``), loaded once and indexed by OCR key.

Vocabulary is data, versioned with the package: document types, số-ký-hiệu abbreviations, issuing
bodies, places, offices, award forms and standard headings. Keys starting with "#" are comments.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .fold import fold, ocr_key


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed data file ``extract/data/<name>.json``, comment keys dropped."""
    text = resources.files(__package__).joinpath("data", f"{name}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("#")}


@lru_cache(maxsize=None)
def abbreviations() -> dict[str, str]:
    """Upper-case accent-free abbreviation -> canonical spelling ("QD" -> "QĐ", "BCDTW" -> "BCĐTW")."""
    sym = load("symbols")
    out: dict[str, str] = {}
    for abbr in [*sym["types"], *sym["issuers"], *sym["units"]]:
        out.setdefault(fold(abbr).upper(), abbr)
    return out


@lru_cache(maxsize=None)
def party_issuers() -> frozenset[str]:
    return frozenset(fold(a).upper() for a in load("symbols")["party_issuers"])


@lru_cache(maxsize=None)
def doc_types() -> dict[str, dict]:
    """OCR key of a document type name -> its entry."""
    return {ocr_key(t["name"]): t for t in load("doc_types")["types"]}


@lru_cache(maxsize=None)
def organs() -> dict[str, dict]:
    """OCR key of every organ name and alias -> organ entry."""
    out = {}
    for entry in load("organs")["organs"]:
        for name in [entry["name"], *entry.get("aliases", [])]:
            out[ocr_key(name)] = entry
    return out


@lru_cache(maxsize=None)
def provinces() -> dict[str, str]:
    return {ocr_key(p): p for p in load("places")["provinces"]}


@lru_cache(maxsize=None)
def laws() -> dict[str, str]:
    return {ocr_key(n): n for n in load("organs")["laws"]}
