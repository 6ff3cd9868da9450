"""Syllable accuracy: the share of reference syllables that the hypothesis reproduces exactly.

Both texts are split on whitespace and aligned by a minimum edit script over syllables (rapidfuzz's
Levenshtein on token sequences), so a dropped or merged word costs only itself and repeated passages
cannot be mis-paired the way a greedy longest-block diff pairs them.
"""

from __future__ import annotations

import unicodedata

from rapidfuzz.distance import Levenshtein


def syllables(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def syllable_accuracy(reference: str, hypothesis: str) -> float:
    ref, hyp = syllables(reference), syllables(hypothesis)
    if not ref:
        return 1.0 if not hyp else 0.0
    errors = sum(op.tag in ("replace", "delete") for op in Levenshtein.editops(ref, hyp))
    return (len(ref) - errors) / len(ref)
