"""The OCR channel P(OCR token | syllable), learned from the project's own rendered-and-OCR'd pairs.

Generative story: each character of the (lowercase, accented) syllable emits an OCR *unit* of 0 to 3
characters ("ố"→"6", "ế"→"é", "đ"→"p", "ủ"→"ti", "ư"→"ii", "ố"→""). Emission probabilities are learned by
hard EM over syllable-aligned pairs; a token-level table of frequent (OCR token, syllable) pairs sits on
top. Candidates for an OCR token are enumerated by walking its units left to right through the reverse
emission index while staying on a prefix of some inventory syllable, which keeps the search small.

``learn_channel`` (development time, see ``scripts/make_restore_pairs.py``) produces the shipped counts in
``data/channel.json``; ``Channel`` turns them into log-probabilities at load time.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Iterable

from ..vietnamese import strip_accents
from .tokens import WORD, tokenize

MAX_UNIT = 3
VERSION = 1

# Crude letter reading of OCR digits/symbols, used only to align token sequences during learning.
_ALIGN_MAP = str.maketrans({"6": "o", "0": "o", "8": "o", "@": "o", "4": "a", "3": "a", "1": "l", "5": "s",
                            "|": "l", "€": "e", "¢": "e", "§": "o"})


def _prior(c: str, u: str) -> float:
    """Prior emission probability before any data: identity and same-base-letter readings are likely."""
    if u == c:
        return 0.5
    n = len(u)
    if n == 1:
        return 0.05 if strip_accents(u) == strip_accents(c) else 0.002
    if n == 0:
        return 0.002
    if n == 2:
        return 0.002 if strip_accents(c) in strip_accents(u) else 0.0002
    return 0.00002


def align_chars(s: str, o: str, logp) -> tuple[float, list[tuple[str, str]]]:
    """Best split of OCR string ``o`` into units emitted by the characters of ``s`` (Viterbi)."""
    n, m = len(s), len(o)
    NEG = -1e18
    best = [[NEG] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(1, n + 1):
        c = s[i - 1]
        row, prev = best[i], best[i - 1]
        for j in range(0, m + 1):
            top = NEG
            arg = 0
            for k in range(0, min(MAX_UNIT, j) + 1):
                p = prev[j - k]
                if p <= NEG:
                    continue
                v = p + logp(c, o[j - k : j])
                if v > top:
                    top, arg = v, k
            row[j] = top
            back[i][j] = arg
    units = []
    j = m
    for i in range(n, 0, -1):
        k = back[i][j]
        units.append((s[i - 1], o[j - k : j]))
        j -= k
    units.reverse()
    return best[n][m], units


def _key(tok: str) -> str:
    return strip_accents(tok.lower()).translate(_ALIGN_MAP)


def _sim_cost(a: str, b: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.normalized_distance(a, b)


def align_tokens(truth: list[str], ocr: list[str], band: int = 25) -> list[tuple[int, int]]:
    """Banded Needleman-Wunsch over token lists; returns matched (truth index, ocr index) pairs."""
    ka = [_key(t) for t in truth]
    kb = [_key(t) for t in ocr]
    n, m = len(ka), len(kb)
    D = {(0, 0): (0.0, None)}
    ratio = m / n if n else 1.0
    for i in range(0, n + 1):
        centre = int(i * ratio)
        for j in range(max(0, centre - band), min(m, centre + band) + 1):
            if i == 0 and j == 0:
                continue
            cands = []
            if i > 0 and j > 0 and (i - 1, j - 1) in D:
                cands.append((D[(i - 1, j - 1)][0] + _sim_cost(ka[i - 1], kb[j - 1]) * 2, (i - 1, j - 1)))
            if i > 0 and (i - 1, j) in D:
                cands.append((D[(i - 1, j)][0] + 1.0, (i - 1, j)))
            if j > 0 and (i, j - 1) in D:
                cands.append((D[(i, j - 1)][0] + 1.0, (i, j - 1)))
            if cands:
                D[(i, j)] = min(cands)
    if (n, m) not in D:
        return []
    pairs = []
    cur = (n, m)
    while cur != (0, 0):
        prev = D[cur][1]
        if prev is None:
            break
        if prev == (cur[0] - 1, cur[1] - 1) and _sim_cost(ka[cur[0] - 1], kb[cur[1] - 1]) <= 0.6:
            pairs.append((cur[0] - 1, cur[1] - 1))
        cur = prev
    pairs.reverse()
    return pairs


def token_pairs(docs: Iterable[dict], lang: str) -> Counter:
    """Counter of (ocr token lowercase, truth syllable lowercase) from aligned documents."""
    from .inventory import is_syllable

    pairs: Counter = Counter()
    for doc in docs:
        if lang not in doc:
            continue
        truth = [t.text for t in tokenize(doc["truth"]) if t.kind == WORD]
        ocr = [t.text for t in tokenize(doc[lang]) if t.kind == WORD]
        for i, j in align_tokens(truth, ocr):
            s = truth[i].lower()
            if is_syllable(s):
                pairs[(ocr[j].lower(), s)] += 1
    return pairs


def learn_units(pairs: Counter, iterations: int = 3) -> dict[str, Counter]:
    """Hard EM: align every pair with the current emission model, recount, repeat."""
    counts: dict[str, Counter] = {}
    totals: dict[str, int] = {}

    def logp(c: str, u: str) -> float:
        row = counts.get(c)
        if row is None:
            return math.log(_prior(c, u))
        return math.log((row.get(u, 0) + _ALPHA * _prior(c, u)) / (totals[c] + _ALPHA))

    for _ in range(iterations):
        new: dict[str, Counter] = defaultdict(Counter)
        for (o, s), n in pairs.items():
            if len(o) > 3 * len(s) + 1:
                continue
            score, units = align_chars(s, o, logp)
            if score < -40:
                continue
            for c, u in units:
                new[c][u] += n
        counts = dict(new)
        totals = {c: sum(r.values()) for c, r in counts.items()}
    return counts


def learn_channel(docs: list[dict], langs=("eng", "vie")) -> dict:
    """Per OCR language: emission counts and the frequent token table, as written to data/channel.json."""
    table: dict = {
        "#": "OCR channel for diacritic restoration, one table per Tesseract language: emission counts "
        "truth char -> OCR unit (hard EM over syllable-aligned render+OCR pairs) and frequent "
        "(OCR token -> syllable) counts. Made by scripts/make_restore_pairs.py learn; do not edit by hand.",
        "version": VERSION,
        "pairs": 0,
        "units": {},
        "tokens": {},
    }
    for lang in langs:
        pairs = token_pairs(docs, lang)
        counts = learn_units(pairs)
        table["pairs"] += sum(pairs.values())
        table["units"][lang] = {c: {u: n for u, n in row.most_common() if n >= 2 or u == c}
                                for c, row in sorted(counts.items())}
        tok_by_ocr: dict[str, dict[str, int]] = defaultdict(dict)
        for (o, s), n in pairs.items():
            if n >= 2:
                tok_by_ocr[o][s] = n
        table["tokens"][lang] = dict(sorted(tok_by_ocr.items()))
        # Every other OCR token the pairs produced: the model precomputes candidates for them at build
        # time (OCR damage recurs, and the candidate search is the cold-start cost of a token).
        table.setdefault("seen", {})[lang] = sorted({o for (o, s), n in pairs.items()
                                                     if o not in tok_by_ocr and len(o) <= 12})
    return table


def expand_seed(seed: dict) -> dict[str, dict[str, float]]:
    """Seed unit shares per letter; a family key ("ô") stands for the letter under every tone."""
    import unicodedata

    from ..vietnamese import TONE_MARKS

    out: dict[str, dict[str, float]] = defaultdict(dict)
    for base, units in seed.get("families", {}).items():
        for mark in ("",) + TONE_MARKS:
            c = unicodedata.normalize("NFC", base + mark)
            for u, p in units.items():
                out[c][u.lower()] = max(out[c].get(u.lower(), 0.0), p)
    for c, units in seed.get("letters", {}).items():
        for u, p in units.items():
            out[c][u.lower()] = max(out[c].get(u.lower(), 0.0), p)
    return out


_ALPHA = 2.0
DELETION_PENALTY = -2.0
VIE_CHANGE_PENALTY = -4.0
FLOOR = -16.0
SEARCH_MARGIN = 12.0  # nats below the best whole syllable at which the candidate search drops a path


class Channel:
    """Log-probabilities and candidate enumeration over an inventory of syllables."""

    def __init__(self, table: dict, syllables: Iterable[str], seed: dict | None = None, lang: str = "eng"):
        self.lang = lang
        self.syllables = frozenset(syllables)
        kids: dict[str, set[str]] = defaultdict(set)
        for s in self.syllables:
            for i in range(len(s)):
                kids[s[:i]].add(s[i])
        # prefix -> letters that continue it towards some syllable (the candidate search's trie)
        self.kids = {p: frozenset(k) for p, k in kids.items()}
        units = table.get("units", {}).get(lang, {})
        chars = set("".join(self.syllables))
        self.totals = {c: sum(units.get(c, {}).values()) for c in chars}
        rev: dict[str, dict[str, float]] = defaultdict(dict)
        seeded = expand_seed(seed or {})
        for c in chars:
            row = units.get(c, {})
            tot = self.totals[c]
            seen = dict(row)
            for u, share in seeded.get(c, {}).items():
                seen[u] = max(seen.get(u, 0), share * max(tot, 50))
            # Unseen but plausible readings: identity and same base letter (covers accent-stripped input).
            for u in {c, strip_accents(c)} | {x for x in chars if len(x) == 1 and strip_accents(x) == strip_accents(c)}:
                seen.setdefault(u, 0)
            for u, n in seen.items():
                lp = math.log((n + _ALPHA * _prior(c, u)) / (tot + _ALPHA))
                if lp >= FLOOR:
                    rev[u][c] = lp
        self.rev = {u: sorted(d.items(), key=lambda x: -x[1]) for u, d in rev.items()}
        # A letter the OCR lost entirely is real ("s" for "số") but cheap deletions let the decoder
        # invent letters ("trong" -> "trương"): charge them extra.
        self.rev_empty = [(c, lp + DELETION_PENALTY) for c, lp in self.rev.pop("", [])]
        self.tokens = table.get("tokens", {}).get(lang, {})
        self.seen = table.get("seen", {}).get(lang, [])
        self.tok_totals: Counter = Counter()
        for o, row in self.tokens.items():
            for s, n in row.items():
                self.tok_totals[s] += n
        self._cache: dict[str, list[tuple[str, float]]] = {}

    def unit_candidates(self, o: str, floor: float = FLOOR) -> dict[str, float]:
        """Syllables reachable from lowercase OCR token ``o`` with their best alignment log-probability.

        Depth-first over (position in ``o``, syllable prefix), the best reading of each unit explored
        first; once a whole syllable is reached, paths more than ``SEARCH_MARGIN`` below the best one so
        far are cut (the decoder prunes candidates far below the best anyway, and this search is the
        cold-start cost of every token the build did not foresee)."""
        out: dict[str, float] = {}
        rev, kids, sylls, rev_empty = self.rev, self.kids, self.syllables, self.rev_empty
        n = len(o)
        units = [[(k, rev.get(o[j : j + k])) for k in (1, 2, 3) if j + k <= n and o[j : j + k] in rev]
                 for j in range(n)]
        best = -1e9
        margin = SEARCH_MARGIN
        stack = [(0, "", 0.0, 0)]
        pop, push = stack.pop, stack.append
        empty = frozenset()
        while stack:
            j, pre, sc, dels = pop()
            if sc < floor:
                continue
            if j == n:
                if pre in sylls and sc > out.get(pre, -1e9):
                    out[pre] = sc
                    if sc > best:
                        best = sc
                        if best - margin > floor:
                            floor = best - margin
            nxt = kids.get(pre, empty)
            if not nxt:
                continue
            if not dels and pre:
                for c, lp in rev_empty:
                    s2 = sc + lp
                    if s2 < floor:
                        break
                    if c in nxt:
                        push((j, pre + c, s2, 1))
            if j < n:
                for k, lst in reversed(units[j]):
                    j2 = j + k
                    stop = len(lst)
                    for t, (c, lp) in enumerate(lst):
                        if sc + lp < floor:
                            stop = t
                            break
                    for t in range(stop - 1, -1, -1):  # worst first: the best is popped next
                        c, lp = lst[t]
                        if c in nxt:
                            push((j2, pre + c, sc + lp, dels))
        return out

    def likely_outputs(self, syllable: str, k: int = 4, margin: float = 3.0) -> list[str]:
        """The ``k`` most probable OCR strings for ``syllable`` (at most ``margin`` nats below the best),
        by a beam over its letters' emissions: damage the build can foresee ("nhiệt" -> "nhiét")."""
        fwd = self.__dict__.get("_fwd")
        if fwd is None:
            rows: dict[str, list[tuple[float, str]]] = defaultdict(list)
            for u, lst in self.rev.items():
                for c, lp in lst:
                    rows[c].append((lp, u))
            fwd = self._fwd = {c: sorted(r, reverse=True)[:4] for c, r in rows.items()}
        beam = [(0.0, "")]
        for ch in syllable:
            beam = sorted(((sc + lp, pre + u) for sc, pre in beam for lp, u in fwd.get(ch, [(0.0, ch)])),
                          reverse=True)[: 2 * k]
        best = beam[0][0]
        return [o for sc, o in beam[:k] if sc >= best - margin]

    def candidates(self, o: str) -> list[tuple[str, float]]:
        """(syllable, log P(o | syllable)) best first; token table interpolated with the unit model."""
        hit = self._cache.get(o)
        if hit is not None:
            return hit
        cand = self.unit_candidates(o)
        row = self.tokens.get(o)
        if row:
            for s, n in row.items():
                tot = self.tok_totals[s]
                lam = 0.5 * tot / (tot + 20.0)
                unit = math.exp(cand.get(s, FLOOR))
                cand[s] = math.log(lam * n / tot + (1 - lam) * unit)
        if self.lang == "vie":
            # Vietnamese-model output is right far more often than alignment noise in the pairs says.
            cand = {s: (lp if s == o else lp + VIE_CHANGE_PENALTY) for s, lp in cand.items()}
        res = sorted(cand.items(), key=lambda x: -x[1])
        self._cache[o] = res
        return res
