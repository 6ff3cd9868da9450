"""Text keys for matching: accent-free, OCR-repaired, with offsets that stay valid.

Kept inside ``pipeline.compare`` (rather than importing the extractors' folding) so the comparison
works on any contract JSON, including outputs made before or without the extractors.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from normalize.fold import make_fold

_SPECIAL = {"đ": "d", "Đ": "d", "–": "-", "—": "-", "‑": "-", "−": "-", "“": '"', "”": '"', "’": "'", "‘": "'",
            "¢": "c", "€": "e", "|": "i"}


_fold = make_fold(_SPECIAL)


def fold(text: str) -> str:
    """Same-length lowercase accent-free copy, so a match offset in it is an offset in ``text``."""
    return _fold(text)


# Eng-OCR writes digits for accented vowels inside words ("s6" số, "d6i" đổi, "x4" xã).
_IN_WORD_DIGIT = re.compile(r"(?<=[a-z])[0634]|[0634](?=[a-z])")
_DIGIT = {"0": "o", "6": "o", "3": "a", "4": "a"}
_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    raw = json.loads(resources.files("pipeline.compare").joinpath("data").joinpath("abbreviations.json").read_text("utf-8"))
    return {k: v for k, v in raw["expand"].items()}


@lru_cache(maxsize=1)
def _abbreviation_re() -> re.Pattern:
    names = sorted(_abbreviations(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def key(text: str, expand: bool = False) -> str:
    """Folded, OCR-repaired, punctuation-free words; with ``expand`` abbreviations are spelt out."""
    s = _IN_WORD_DIGIT.sub(lambda m: _DIGIT[m.group(0)], fold(text))
    s = " ".join(_NON_WORD.sub(" ", s).split())
    if expand:
        s = _abbreviation_re().sub(lambda m: _abbreviations()[m.group(0)], s)
    return s


def ref_key(ref: str) -> str:
    """Canonical key of a document reference: '57-NQ/TW', '57 NQ-TW' and 'số 57-NQ/TW' all give '57nqtw'."""
    s = fold(ref)
    s = re.sub(r"^\s*so\s*", "", s)
    return re.sub(r"[^0-9a-z]", "", s)


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str

    @property
    def head(self) -> str:
        """The start of a paragraph: a list item names its topic first, later words wander to others."""
        return self.text[:240]


def lines(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


LIST_LABEL = re.compile(r"^\s*(?:(?P<num>\d{1,2}(?:\.\d{1,2})*)[.)]|(?P<letter>[a-zđ])\)|(?P<dash>[-+•]))\s+", re.I)


def label_style(line: str) -> str | None:
    """'num', 'letter' or 'dash' for a list item line, None for running text."""
    m = LIST_LABEL.match(line)
    if not m:
        return None
    return next(k for k in ("num", "letter", "dash") if m.group(k))


# The label is loose on purpose: OCR and diacritic restoration turn "IV." into "Il.", "|.", even "Ừ."
# or "Vỡ."; a short label before an all-capitals title of several words is a heading whatever it reads.
ROMAN_HEADING = re.compile(r"^\s*(?P<label>[^\s.,]{1,4})\s*[.,]\s+(?P<title>\S+\s+\S.*)$")


def fallback_headings(text: str) -> list[dict]:
    """Top-level sections guessed from roman-numeral heading lines (used when the plan has no `sections`).

    A heading is a line starting with a short label (a roman numeral, or what OCR made of one: 'Il.',
    '|.', 'I1.', 'Ừ.') and a title of mostly capitals; its span runs to the next heading.
    """
    found = []
    for ln in lines(text):
        m = ROMAN_HEADING.match(ln.text)
        if not m:
            continue
        letters = [c for c in m.group("title") if c.isalpha()]
        if len(letters) < 4 or sum(c.isupper() for c in letters) / len(letters) < 0.8:
            continue
        found.append({"label": m.group("label"), "title": m.group("title").strip(), "level": 1,
                      "span": [ln.start, ln.end], "children": []})
    for n, h in enumerate(found):
        h["span"][1] = found[n + 1]["span"][0] - 1 if n + 1 < len(found) else len(text)
    return found
