"""Stage 3: structured fields from normalised plan text. ``extract_all(text) -> dict``.

Every extractor reads the same text and a same-length folded copy of it (see :mod:`extract.fold`), so
patterns match clean Vietnamese and raw eng-OCR alike and every span is an offset into ``text``.
"""

from __future__ import annotations

from .citations import extract_citations
from .fold import fold
from .header import body_end, extract_header
from .sections import extract_sections

__all__ = ["extract_all"]


def extract_all(text: str) -> dict:
    """All fields of one plan; JSON-able, each value with its evidence span into ``text``."""
    folded = fold(text)
    warnings: list[dict] = []
    document, start, w = extract_header(text, folded)
    warnings += w
    end = body_end(text, folded, start)
    sections, w = extract_sections(text, start, end)
    warnings += w
    citations, w = extract_citations(text, folded, own_ref=document["number"], body_start=start)
    warnings += w
    return {
        "document": document,
        "sections": sections,
        "citations": citations,
        "phases": [],
        "milestones": [],
        "deadlines": [],
        "awards": [],
        "offices": [],
        "targets": [],
        "warnings": warnings,
    }
