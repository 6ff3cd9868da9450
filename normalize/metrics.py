"""Syllable accuracy: the share of reference syllables that the hypothesis reproduces exactly.

Both texts are split on whitespace and aligned with a longest-matching-blocks diff, so a dropped or
merged word costs only itself. Punctuation attached to a syllable is kept (it is part of the text).
"""

from __future__ import annotations

import difflib
import unicodedata


def syllables(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def syllable_accuracy(reference: str, hypothesis: str) -> float:
    ref, hyp = syllables(reference), syllables(hypothesis)
    if not ref:
        return 1.0 if not hyp else 0.0
    matcher = difflib.SequenceMatcher(a=ref, b=hyp, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(ref)
