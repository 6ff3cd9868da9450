"""Named normalisation steps, eyecite-style: ``clean(text, steps)`` looks each name up.

Every step maps a :class:`Tracked` to a :class:`Tracked`, so the offset map back to the raw OCR text
survives the whole chain. ``clean_text`` is the plain ``str -> str`` face of the same steps.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from typing import Callable, Iterable

from .places import place_names
from .tracked import Tracked
from .vietnamese import retone

Step = Callable[[Tracked], Tracked]

PAGE_BREAK = "\f"


def nfc(t: Tracked) -> Tracked:
    """Compose base letters with their combining marks (NFC), one cluster at a time."""
    if unicodedata.is_normalized("NFC", t.text):
        return t
    return t.sub(_COMBINING_CLUSTER, lambda m: unicodedata.normalize("NFC", m.group(0)))


_COMBINING_CLUSTER = re.compile(r".[\u0300-\u036f\u0323]+", re.S)


def characters(t: Tracked) -> Tracked:
    """Soft hyphens and zero-width characters out; odd spaces, dashes and quotes to one form each."""
    t = t.sub(r"[\u00ad\u200b\u200c\u200d\ufeff]", "")
    t = t.sub(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]", " ")
    t = t.sub(r"\r\n?", "\n")
    return t.sub(r"[\u2010\u2011\u2012]", "-")


# The conventions differ only on open syllables ending in oa/oe/uy (with an optional onset).
_OPEN_GLIDE_SYLLABLE = re.compile(
    r"(?<![^\W\d_])[^\W\d_]{0,3}(?:[oOòóỏõọÒÓỎÕỌ][aAeEàáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]"
    r"|[uUùúủũụÙÚỦŨỤ][yYỳýỷỹỵỲÝỶỸỴ])(?![^\W\d_])"
)


def tone_marks(t: Tracked) -> Tracked:
    """One convention for tone placement: the old style of the packaged lexicons ("hòa", "thủy").

    Only open oa/oe/uy syllables differ between the conventions, so nothing else is touched: garbled
    OCR tokens keep their accents where the OCR put them, for restoration to read.
    """
    return t.map_runs(_OPEN_GLIDE_SYLLABLE, retone)


_PAGE_NUMBER_LINE = re.compile(
    r"^[ \t]*(?:[-–—]\s*\d{1,3}\s*[-–—]|(?:Trang|trang|Page)\s+\d{1,3}(?:\s*/\s*\d{1,3})?|\d{1,3})[ \t]*$"
)


def page_furniture(t: Tracked) -> Tracked:
    """Drop page numbers and running heads/feet (short lines repeated at the top or bottom of pages)."""
    pages = t.text.split(PAGE_BREAK)
    if len(pages) < 2:
        return t.sub(re.compile(r"\A(?:[ \t]*\n)*[ \t]*(?:[-–—]\s*)?\d{1,3}(?:\s*[-–—])?[ \t]*\n"), "")

    def edge_lines(page: str) -> list[str]:
        lines = [ln.strip() for ln in page.strip("\n").split("\n") if ln.strip()]
        return lines[:2] + lines[-2:]

    counts = Counter(line for page in pages for line in set(edge_lines(page)))
    repeated = {line for line, n in counts.items() if n >= max(2, len(pages) // 2) and len(line) < 80}

    def furniture(line: str) -> bool:
        stripped = line.strip()
        return bool(_PAGE_NUMBER_LINE.match(stripped)) or stripped in repeated

    # Remove only at page edges: the first/last two non-empty lines of each page.
    out = t
    page_start = 0
    kill: list[tuple[int, int]] = []
    for page in pages:
        lines = page.split("\n")
        positions = []
        pos = page_start
        for line in lines:
            positions.append((pos, pos + len(line), line))
            pos += len(line) + 1
        nonempty = [p for p in positions if p[2].strip()]
        for start, end, line in nonempty[:2] + nonempty[-2:]:
            if furniture(line):
                kill.append((start, min(end + 1, page_start + len(page))))
        page_start += len(page) + 1
    for start, end in sorted(set(kill), reverse=True):
        out = _delete(out, start, end)
    return out


def _delete(t: Tracked, start: int, end: int) -> Tracked:
    return Tracked(t.text[:start] + t.text[end:], t.origin[:start] + t.origin[end:], t.raw_len)


def hyphenation(t: Tracked) -> Tracked:
    """Rejoin line-end hyphenation: codes keep their hyphen ("KH-\\nUBND"), split syllables lose it."""
    t = t.sub(re.compile(r"(?<=[a-zà-ỹđ])-[ \t]*\n[ \t]*(?=[a-zà-ỹđ])"), "")
    return t.sub(re.compile(r"(?<=[\w/])-[ \t]*\n[ \t]*(?=[\w])"), "-")


# A line that opens a new block: roman/arabic numbering, letter items, dashes and bullets.
LIST_ITEM = re.compile(
    r"^\s*(?:[IVXLCĐ]{1,6}[.\-:]|\d{1,2}(?:\.\d{1,2})*[.)](?!\d)|[a-zđ]\)|[-–+•*]\s)"
)
_SENTENCE_END = re.compile(r"[.:;!?…]['\"”’)]*$")


def _is_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) > 0.8


_ROMAN_HEADING = re.compile(r"^\s*[IVXLĐl1|]{1,6}\s*[.\-:]")
_STARTS_LOWER = re.compile(r"^\s*[a-zà-ỹđ]")


def _joinable(prev: str, nxt: str, gap: int, full: float) -> bool:
    """Is the break between two non-empty lines a hard wrap inside one paragraph or heading?"""
    if _SENTENCE_END.search(prev) or LIST_ITEM.match(nxt):
        return False
    if _is_heading(prev) or _is_heading(nxt):
        # a numbered heading wrapped onto an unnumbered all-caps line ("II. … THỜI GIAN THỰC" / "HIỆN …")
        return gap == 1 and bool(_ROMAN_HEADING.match(prev)) and _is_heading(nxt) and len(prev) >= 0.5 * full
    if len(prev) < 0.7 * full:
        return False
    # across a blank line only when the sentence visibly goes on (OCR split one paragraph in two)
    return gap == 1 or bool(_STARTS_LOWER.match(nxt))


def reflow(t: Tracked) -> Tracked:
    """Join hard-wrapped lines into one paragraph per line; headings and list items keep their lines."""
    t = t.sub(r"[ \t]+\n", "\n").sub(r"\n[ \t]+", "\n").sub(PAGE_BREAK, "\n")
    text = t.text
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    lengths = [end - start for start, end in lines if end - start > 20]
    full = statistics.quantiles(lengths, n=4)[2] if len(lengths) >= 4 else 60
    pieces: list[str] = []
    origin: list[int] = []
    last = 0
    for (p_start, p_end), (n_start, _n_end) in zip(lines, lines[1:]):
        gap = n_start - p_end  # newlines between the two lines
        join = _joinable(text[p_start:p_end], text[n_start:_n_end], gap, full)
        pieces.append(text[last:p_end])
        origin.extend(t.origin[last:p_end])
        pieces.append(" " if join else "\n")
        origin.append(t.origin[p_end])
        last = n_start
    pieces.append(text[last:])
    origin.extend(t.origin[last:])
    return Tracked("".join(pieces), origin, t.raw_len)


def spaces(t: Tracked) -> Tracked:
    """Collapse runs of spaces and trim the ends of lines and of the text."""
    t = t.sub(r" {2,}", " ").sub(r" *\n *", "\n")
    return t.sub(r"\A\s+|\s+\Z", "")


STEPS: dict[str, Step] = {
    "nfc": nfc,
    "characters": characters,
    "tone_marks": tone_marks,
    "page_furniture": page_furniture,
    "hyphenation": hyphenation,
    "reflow": reflow,
    "spaces": spaces,
    "place_names": place_names,
}

DEFAULT_STEPS: tuple[str, ...] = (
    "nfc",
    "characters",
    "page_furniture",
    "hyphenation",
    "tone_marks",
    "reflow",
    "spaces",
)


def resolve_steps(names: Iterable[str], extra: dict[str, Step] | None = None) -> list[Step]:
    table = {**STEPS, **(extra or {})}
    steps = []
    for name in names:
        if name not in table:
            raise ValueError(f"unknown normalisation step {name!r}; valid steps: {', '.join(sorted(table))}")
        steps.append(table[name])
    return steps


def clean_tracked(text: str, steps: Iterable[str] = DEFAULT_STEPS, extra: dict[str, Step] | None = None) -> Tracked:
    t = Tracked(text)
    for step in resolve_steps(steps, extra):
        t = step(t)
    return t


def clean_text(text: str, steps: Iterable[str] = DEFAULT_STEPS) -> str:
    return clean_tracked(text, steps).text
