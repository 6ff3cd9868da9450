"""The syllable inventory: every lowercase accented syllable restoration may output.

Built from the packaged word lists and text (Viet74K, VLSP text, address names, the domain corpus and
lexicon). A syllable must pass the structural shape test, so loanwords and abbreviations stay out (they
reach the output only as "keep the OCR token as it is").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..vietnamese import looks_like_syllable, split_tone, place_tone

_ALPHA_RE = re.compile(r"^[a-zà-ỹđ]+$")


def is_syllable(s: str) -> bool:
    """Lowercase, alphabetic, Vietnamese-shaped, with its tone (if any) on the conventional vowel."""
    if not s or not _ALPHA_RE.match(s) or not looks_like_syllable(s):
        return False
    base, tone = split_tone(s)
    return place_tone(base, tone) == unicodedata.normalize("NFC", s)


@lru_cache(maxsize=1)
def packaged_syllables() -> frozenset[str]:
    from . import corpus

    out: set[str] = set()
    texts = corpus.viet74k_words() + corpus.address_names() + corpus.domain_paragraphs() + corpus.lexicon_phrases()
    texts += corpus.vlsp_sentences()
    for t in texts:
        for w in re.findall(r"[^\W\d_]+", t.lower()):
            if is_syllable(w):
                out.add(w)
    return frozenset(out)
