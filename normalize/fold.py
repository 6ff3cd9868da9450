"""Same-length folding: lowercase, no diacritics, chosen look-alikes mapped, one character in, one out.

Matchers search the folded copy and use the match offsets on the original text unchanged. Each caller
passes its own look-alike table (vocabulary stays with the stage that needs it).
"""

from __future__ import annotations

import unicodedata
from typing import Callable, Mapping


class FoldTable(dict):
    """``str.translate`` table filled on first sight of each code point."""

    def __init__(self, special: Mapping[str, str]) -> None:
        super().__init__()
        self.special = dict(special)

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        if ch in self.special:
            out = self.special[ch]
        elif ch.isascii():
            out = ch.lower()
        else:
            base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).lower()
            out = base if len(base) == 1 else ch
        self[cp] = out
        return out


def make_fold(special: Mapping[str, str]) -> Callable[[str], str]:
    """A ``fold(text)`` whose result has exactly ``len(text)`` characters."""
    assert all(len(v) == 1 for v in special.values()), "folding must keep offsets: one character per character"
    table = FoldTable(special)
    return lambda text: text.translate(table)
