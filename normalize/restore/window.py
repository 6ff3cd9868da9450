"""Which accented syllable an accent-free word is, given its accent-free neighbours on both sides.

The trigram LM scores a reading from decoded (accented) left context and only meets the right context one
step later, through sparse accented trigrams. Here every training sentence is also read with its accents
stripped, and for each word whose bare form has several readings we count which reading stood between
which bare neighbours: "trong phong chong" is "phòng" however the left context leans ("xuất sắc trong
phong trào"). Counts over bare forms pool every accented variant of the context, so they are far less
sparse than accented n-grams, and they use both sides at once.

P(s | l x r) is interpolated: the bare trigram, then the mean of the left and right bare bigrams, then the
bare word alone (``BETA`` pseudo-counts at each step). The decoder adds ``WEIGHT * log P`` to each
candidate's channel score (``decode.decode``).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Iterable

from ..vietnamese import strip_accents

BETA = 1.0  # pseudo-count of the back-off distribution at each level
MIN_TRIGRAM = 2  # a bare trigram context is kept when seen this often (1 -> 2: restore_cv 516 -> 517 errors, a third of the model)
MIN_BIGRAM = 1  # the same for a one-sided bare context
BOUNDARY = "<b>"  # sentence start/end as a neighbour


def bare(symbol: str) -> str:
    """The accent-free key of an LM symbol (punctuation and <num>/<code> are their own key)."""
    return strip_accents(symbol) if symbol[:1].isalpha() else symbol


class WindowModel:
    """Counts of readings by bare context; a context holds a flat tuple (total, lm_id, n, lm_id, n, ...)."""

    __slots__ = ("keys", "K", "c1", "cl", "cr", "cc")

    def __init__(self, keys: dict[str, int], c1: dict, cl: dict, cr: dict, cc: dict):
        self.keys = keys
        self.K = len(keys) + 1  # 0 is "unknown key"
        self.c1, self.cl, self.cr, self.cc = c1, cl, cr, cc

    def key(self, symbol: str) -> int:
        return self.keys.get(bare(symbol), 0)

    def logp(self, lk: int, xk: int, rk: int, ids: list[int]) -> list[float] | None:
        """log P(reading | bare left, word, right) for each LM id in ``ids``; None when the bare word has
        a single reading in training (nothing to choose)."""
        one = self.c1.get(xk)
        if one is None:
            return None
        K = self.K
        m = len(ids)
        p = _dist(one, ids, [1.0 / m] * m, 0.5 * m)
        left = self.cl.get(lk * K + xk)
        right = self.cr.get(xk * K + rk)
        pl = _dist(left, ids, p, BETA) if left else p
        pr = _dist(right, ids, p, BETA) if right else p
        tri = self.cc.get((lk * K + xk) * K + rk)
        if tri:
            pc = _dist(tri, ids, [(a + b) * 0.5 for a, b in zip(pl, pr)], BETA)
        else:
            pc = [(a + b) * 0.5 for a, b in zip(pl, pr)]
        log = math.log
        return [log(v) for v in pc]

    def to_state(self) -> dict:
        return {"keys": self.keys, "c1": self.c1, "cl": self.cl, "cr": self.cr, "cc": self.cc}

    @classmethod
    def from_state(cls, s: dict) -> "WindowModel":
        return cls(s["keys"], s["c1"], s["cl"], s["cr"], s["cc"])


def _dist(counts: tuple, ids: list[int], prior: list[float], beta: float) -> list[float]:
    """(n(s) + beta * prior(s)) / (N + beta) over ``ids``; ``counts`` is (total, id, n, id, n, ...)."""
    inv = 1.0 / (counts[0] + beta)
    out = []
    for i, q in zip(ids, prior):
        n = 0
        for k in range(1, len(counts), 2):
            if counts[k] == i:
                n = counts[k + 1]
                break
        out.append((n + beta * q) * inv)
    return out


def build_window(sentences: Iterable[list[str]], lm_ids: dict[str, int]) -> WindowModel:
    """Count readings of ambiguous bare words by bare context over LM-symbol sentences."""
    sentences = [s for s in sentences if s]
    readings: dict[str, set[str]] = defaultdict(set)
    for syms in sentences:
        for s in syms:
            if s[:1].isalpha():
                readings[bare(s)].add(s)
    ambiguous = {k for k, v in readings.items() if len(v) > 1}
    keys: dict[str, int] = {}

    def kid(symbol: str) -> int:
        k = bare(symbol)
        i = keys.get(k)
        if i is None:
            i = keys[k] = len(keys) + 1
        return i

    kid(BOUNDARY)
    seqs = [[kid(BOUNDARY)] + [kid(s) for s in syms] + [kid(BOUNDARY)] for syms in sentences]
    K = len(keys) + 1
    c1: dict[int, Counter] = defaultdict(Counter)
    cl: dict[int, Counter] = defaultdict(Counter)
    cr: dict[int, Counter] = defaultdict(Counter)
    cc: dict[int, Counter] = defaultdict(Counter)
    for syms, ks in zip(sentences, seqs):
        for i, s in enumerate(syms):
            if not s[:1].isalpha() or bare(s) not in ambiguous:
                continue
            sid = lm_ids.get(s)
            if sid is None:
                continue
            l, x, r = ks[i], ks[i + 1], ks[i + 2]
            c1[x][sid] += 1
            cl[l * K + x][sid] += 1
            cr[x * K + r][sid] += 1
            cc[(l * K + x) * K + r][sid] += 1

    def flat(table: dict[int, Counter], min_total: int = 1) -> dict[int, tuple]:
        out = {}
        for key, cnt in table.items():
            if sum(cnt.values()) >= min_total:
                out[key] = (sum(cnt.values()),) + tuple(v for item in cnt.most_common() for v in item)
        return out

    return WindowModel(keys, flat(c1), flat(cl, MIN_BIGRAM), flat(cr, MIN_BIGRAM), flat(cc, MIN_TRIGRAM))
