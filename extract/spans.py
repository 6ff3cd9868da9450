"""Evidence spans: every extracted value carries {start, end, text} into the normalised text."""

from __future__ import annotations


def ev(text: str, start: int, end: int) -> dict:
    """Evidence for ``text[start:end]`` with surrounding whitespace trimmed off the span."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return {"start": start, "end": end, "text": text[start:end]}
