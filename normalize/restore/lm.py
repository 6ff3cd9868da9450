"""Syllable trigram language model, interpolated Kneser-Ney, stored in backoff form for cheap lookup.

Building computes the interpolated KN probability of every seen trigram and bigram once, so a query is
at most three dict lookups (trigram, else bigram + context backoff, else unigram + backoffs). Symbols are
ints; an n-gram key is packed into one int (``(a * V + b) * V + c``) because int hashing is faster than
tuple hashing on the decoder's hot path.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable

BOS, EOS, UNK = "<s>", "</s>", "<unk>"
DISCOUNT = 0.75
MODIFIED = False  # modified KN: discounts D1, D2, D3+ from the counts of counts
PRUNE_TRIGRAMS = 1  # trigrams seen this often or less are candidates for pruning
PRUNE_DELTA = 1.0  # nats: pruned when the stored log-prob is this close to the back-off estimate


class TrigramLM:
    __slots__ = ("vocab", "ids", "V", "p1", "p2", "p3", "b1", "b2", "unk_logp", "freq")

    def __init__(self, vocab: list[str], p1, p2, p3, b1, b2, unk_logp: float, freq: dict | None = None):
        self.vocab = vocab
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.V = len(vocab)
        self.p1, self.p2, self.p3, self.b1, self.b2 = p1, p2, p3, b1, b2
        self.unk_logp = unk_logp
        # Plain relative frequency (not KN continuation): ranks candidates before decoding, where a word
        # that mostly follows one other word ("đua" after "thi") must not look rare.
        self.freq = freq or {}

    def id(self, word: str) -> int:
        return self.ids.get(word, 2)  # 2 is <unk>

    def logp(self, a: int, b: int, c: int) -> float:
        """Natural-log P(c | a b)."""
        V = self.V
        ab = a * V + b
        v = self.p3.get(ab * V + c)
        if v is not None:
            return v
        bo = self.b2.get(ab, 0.0)
        v = self.p2.get(b * V + c)
        if v is not None:
            return bo + v
        return bo + self.b1.get(b, 0.0) + self.p1.get(c, self.unk_logp)

    def to_state(self) -> dict:
        return {"vocab": self.vocab, "p1": self.p1, "p2": self.p2, "p3": self.p3, "b1": self.b1, "b2": self.b2,
                "unk_logp": self.unk_logp, "freq": self.freq}

    @classmethod
    def from_state(cls, s: dict) -> "TrigramLM":
        return cls(s["vocab"], s["p1"], s["p2"], s["p3"], s["b1"], s["b2"], s["unk_logp"], s.get("freq"))


def _discounts(counts: Counter) -> tuple[float, float, float, float]:
    """(0, D1, D2, D3+): one discount per count (modified Kneser-Ney, Chen & Goodman's estimates from
    the counts of counts), or ``DISCOUNT`` for all when ``MODIFIED`` is off or the counts are too few."""
    if not MODIFIED:
        return (0.0, DISCOUNT, DISCOUNT, DISCOUNT)
    cc = Counter(n for n in counts.values() if n <= 4)
    n1, n2, n3, n4 = (cc.get(k, 0) for k in (1, 2, 3, 4))
    if not (n1 and n2 and n3 and n4):
        return (0.0, DISCOUNT, DISCOUNT, DISCOUNT)
    y = n1 / (n1 + 2 * n2)
    d = (1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3)
    return (0.0,) + tuple(min(max(x, 0.1), k + 1.0) for k, x in enumerate(d))


def build_lm(sentences: Iterable[tuple[list[str], int]], min_count: int = 1) -> TrigramLM:
    """Interpolated KN trigram from (symbols, weight) sentences; weight repeats a sentence's counts."""
    c3: Counter = Counter()
    uni: Counter = Counter()
    for syms, w in sentences:
        seq = [BOS, BOS] + syms + [EOS]
        for s in syms:
            uni[s] += w
        for i in range(2, len(seq)):
            c3[(seq[i - 2], seq[i - 1], seq[i])] += w
    vocab = [BOS, EOS, UNK] + sorted(s for s, n in uni.items() if n >= min_count and s not in (BOS, EOS, UNK))
    ids = {w: i for i, w in enumerate(vocab)}
    V = len(vocab)

    def enc(s: str) -> int:
        return ids.get(s, 2)

    t3: Counter = Counter()
    for (a, b, c), n in c3.items():
        t3[(enc(a), enc(b), enc(c))] += n
    # KN continuation counts for the lower orders.
    D3 = _discounts(t3)
    ctx3_total: Counter = Counter()
    ctx3_types: Counter = Counter()  # discount mass of the context: sum of D(n) over its trigrams
    n2_cont: Counter = Counter()  # N1+(. b c)
    for (a, b, c), n in t3.items():
        ctx3_total[(a, b)] += n
        ctx3_types[(a, b)] += D3[min(n, 3)]
        n2_cont[(b, c)] += 1
    D2 = _discounts(n2_cont)
    ctx2_total: Counter = Counter()
    ctx2_types: Counter = Counter()
    n1_cont: Counter = Counter()  # N1+(. c)
    for (b, c), n in n2_cont.items():
        ctx2_total[b] += n
        ctx2_types[b] += D2[min(n, 3)]
        n1_cont[c] += 1
    total1 = sum(n1_cont.values())
    n_uni = V
    # Unigram: continuation probability interpolated with uniform so <unk> and rare symbols get mass.
    p1_raw = {c: (max(n - DISCOUNT, 0) + DISCOUNT * len(n1_cont) / n_uni) / total1 for c, n in n1_cont.items()}
    floor = DISCOUNT * len(n1_cont) / n_uni / total1
    p1 = {c: math.log(p1_raw.get(c, floor)) for c in range(V)}
    p1[ids[BOS]] = math.log(floor)
    unk_logp = math.log(floor)

    def P1(c: int) -> float:
        return p1_raw.get(c, floor)

    p2: dict[int, float] = {}
    for (b, c), n in n2_cont.items():
        lam = ctx2_types[b] / ctx2_total[b]
        p2[b * V + c] = math.log(max(n - D2[min(n, 3)], 0) / ctx2_total[b] + lam * P1(c))
    b1 = {b: math.log(ctx2_types[b] / ctx2_total[b]) for b in ctx2_total}

    def P2(b: int, c: int) -> float:
        v = p2.get(b * V + c)
        if v is not None:
            return math.exp(v)
        return math.exp(b1.get(b, 0.0)) * P1(c)

    p3: dict[int, float] = {}
    for (a, b, c), n in t3.items():
        tot = ctx3_total[(a, b)]
        lam = ctx3_types[(a, b)] / tot
        v = math.log(max(n - D3[min(n, 3)], 0) / tot + lam * P2(b, c))
        if n <= PRUNE_TRIGRAMS:
            # A trigram seen once whose probability the back-off gives nearly as well is left out.
            if abs(v - (math.log(lam) + math.log(P2(b, c)))) < PRUNE_DELTA:
                continue
        p3[(a * V + b) * V + c] = v
    b2 = {a * V + b: math.log(ctx3_types[(a, b)] / tot) for (a, b), tot in ctx3_total.items()}
    total = sum(uni.values())
    freq = {ids[w]: math.log(n / total) for w, n in uni.items() if w in ids}
    return TrigramLM(vocab, p1, p2, p3, b1, b2, unk_logp, freq)
