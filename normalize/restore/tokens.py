"""Tokenising OCR lines for restoration: which runs are syllables to decode and which are left alone.

A whitespace run is split into leading punctuation, a core and trailing punctuation; the core is split again
at ``, ; :`` (OCR often drops the space after them). Cores are then classed:

* ``WORD``: has a letter: decoded (identity stays a candidate, so "4G", "QR", "UBND" survive);
* ``NUM``: digits with ``. , %``;
* ``CODE``: anything with an inner ``/`` or ``-`` ("57-NQ/TW", "142/KH-UBND", "27/6/2025"): never touched;
* ``PUNCT`` / ``OTHER``: left alone, but seen by the language model as context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

WORD, NUM, CODE, PUNCT, OTHER = "W", "N", "C", "P", "O"

_RUN = re.compile(r"\S+")
_LEAD = re.compile(r"^[“\"'‘(\[{«<]+")
# A slash that ends a run is OCR noise after a word ("quyết./"); a code has its slashes inside.
_TRAIL = re.compile(r"[”\"'’)\]}.,;:!?»>…/]+$")
_INNER = re.compile(r"([,;:])")
_LETTER = re.compile(r"[^\W\d_]")
# Symbols Tesseract's English model reads for Vietnamese letters: "1¢" is "lệ", "€0" is "cơ".
_LETTERLIKE = re.compile(r"[¢€&@¥§$|]")
_CODE_LIKE = re.compile(r"\w[/\-–]|[/\-–]\w")
_NUMBER = re.compile(r"^\d[\d.,]*%?$")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str
    kind: str


def classify(core: str) -> str:
    if _NUMBER.match(core):
        return NUM
    if _CODE_LIKE.search(core):
        return CODE
    if _LETTER.search(core) or (_LETTERLIKE.search(core) and len(core) <= 6):
        return WORD
    if all(not ch.isalnum() for ch in core):
        return PUNCT
    return OTHER


def tokenize(text: str) -> list[Tok]:
    """All tokens of ``text`` with their offsets; whitespace is not a token."""
    out: list[Tok] = []
    append = out.append
    for m in _RUN.finditer(text):
        run, base = m.group(0), m.start()
        if run.isalpha():  # most runs: one word, nothing to split
            append(Tok(base, m.end(), run, WORD))
            continue
        lead = _LEAD.match(run)
        i = lead.end() if lead else 0
        trail = _TRAIL.search(run, i)
        j = trail.start() if trail else len(run)
        if lead:
            for k in range(0, i):
                out.append(Tok(base + k, base + k + 1, run[k], PUNCT))
        if j > i:
            core = run[i:j]
            pos = base + i
            for piece in _INNER.split(core):
                if not piece:
                    continue
                kind = PUNCT if piece in ",;:" else classify(piece)
                out.append(Tok(pos, pos + len(piece), piece, kind))
                pos += len(piece)
        if trail:
            for k in range(j, len(run)):
                out.append(Tok(base + k, base + k + 1, run[k], PUNCT))
    return out


@lru_cache(maxsize=2)
def tokenize_cached(text: str) -> tuple[Tok, ...]:
    """``tokenize`` for the restorer's own passes over one text (the detector and the decoder both read
    it); the tokens are shared, so callers must not change them."""
    return tuple(tokenize(text))


def lm_symbol(tok: Tok) -> str:
    """The language-model symbol for a token that is not decoded."""
    if tok.kind == NUM:
        return "<num>"
    if tok.kind == CODE:
        return "<code>"
    if tok.kind == PUNCT:
        return tok.text.translate(_QUOTES)
    if _ROMAN_NUMERAL.match(tok.text):
        return "<num>"  # "quý IV" and "quý 4", "giai đoạn II" and "giai đoạn 2" share their evidence
    return tok.text.lower()


_ROMAN_NUMERAL = re.compile(r"^(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3})$|^[IVX]$")


def sentence_symbols(text: str) -> list[str]:
    """LM training symbols of one clean line (words lowercased)."""
    return [lm_symbol(t) for t in tokenize(text)]
