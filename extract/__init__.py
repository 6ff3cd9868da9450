"""Stage 3: structured fields from normalised plan text. ``extract_all(text) -> dict``.

Every extractor reads the same text and a same-length folded copy of it (see :mod:`extract.fold`), so
patterns match clean Vietnamese and raw eng-OCR alike and every span is an offset into ``text``.
The header is read first because it fixes where the body starts (and the plan's own number, which is
never a citation); the section tree is read next because awards, offices and deadlines take their
occasion, role and reporter from the items that enclose them.
"""

from __future__ import annotations

from .awards import extract_awards
from .citations import extract_citations
from .fold import fold
from .header import body_end, extract_header
from .offices import doc_level, extract_offices
from .sections import extract_sections
from .targets import extract_targets
from .timeline import extract_deadlines, extract_milestones, extract_phases

__all__ = ["extract_all"]


def extract_all(text: str, *, accents_guessed: bool = False) -> dict:
    """All fields of one plan; JSON-able, each value with its evidence span into ``text``.

    ``accents_guessed``: the text's diacritics were restored rather than read (English-model OCR), so
    personal names are checked against the names list; names read by OCR are kept as they are.
    """
    folded = fold(text)
    warnings: list[dict] = []
    document, start, w = extract_header(text, folded, accents_guessed=accents_guessed)
    warnings += w
    end = body_end(text, folded, start)
    sections, w = extract_sections(text, start, end)
    warnings += w
    citations, w = extract_citations(text, folded, own_ref=document["number"], body_start=start)
    warnings += w
    cited = [(m["start"], m["end"]) for c in citations for m in c["mentions"]]
    offices = extract_offices(text, folded, sections, start, end, doc_level(document["issuer"]), cited)
    if not sections:
        warnings.append({"code": "no_sections", "message": "no numbered headings found; is this a plan's body text?"})
    return {
        "document": document,
        "sections": sections,
        "citations": citations,
        "phases": extract_phases(text, folded, start, end),
        "milestones": extract_milestones(text, folded, start, end),
        "deadlines": extract_deadlines(text, folded, sections, offices, start, end),
        "awards": extract_awards(text, folded, sections, start, end),
        "offices": offices,
        "targets": extract_targets(text, folded, start, end),
        "warnings": warnings,
    }
