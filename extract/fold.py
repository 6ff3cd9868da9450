"""Accent-insensitive, OCR-tolerant keys over text, with offsets that stay put.

Extractors search ``fold(text)`` instead of ``text``: the folded string has exactly the same length, so
every match offset is also an offset into the original. Folding strips all Vietnamese diacritics,
lowercases, maps đ→d and a few OCR look-alikes (¢→c, €→e, —→-) to their letter. Eng-OCR of Vietnamese
leaves the base letters mostly intact, so patterns written against the folded form match clean
Vietnamese and damaged OCR alike; the remaining confusions (6/0/b for ô, P/B for Đ, "ciia" for "của")
are absorbed by the patterns themselves or by :func:`ocr_key` before fuzzy comparison.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from normalize.fold import make_fold

_SPECIAL = {
    "đ": "d", "Đ": "d", "Ð": "d", "¢": "c", "€": "e", "£": "e", "§": "s", "$": "s",
    "–": "-", "—": "-", "‑": "-", "−": "-", "’": "'", "‘": "'", "“": '"', "”": '"',
    "ı": "i", "ł": "l", "ø": "o", "æ": "a", "œ": "o", "ß": "b", "ð": "d", "¥": "y",
}


_fold = make_fold(_SPECIAL)


def fold(text: str) -> str:
    """Same-length folded copy of ``text``: lowercase, no diacritics, OCR look-alikes mapped."""
    return _fold(text)


# Inside a word, eng-OCR writes digits and symbols for accented vowels: "s6" số, "d6i" đổi, "x4" xã,
# "K&" kế, "1a" là, "B6" Bộ. ocr_key undoes the common ones before fuzzy comparison (length may change).
_IN_WORD_DIGIT = re.compile(r"(?<=[a-z])[0634&@]|[0634&@](?=[a-z])")
_DIGIT_MAP = {"0": "o", "6": "o", "3": "a", "4": "a", "&": "e", "@": "a"}
_WORD_1 = re.compile(r"(?<![\w])1(?=[a-z])|(?<=[a-z])1(?![\w])")
_NON_WORD = re.compile(r"[^\w&]+")


def ocr_key(text: str) -> str:
    """Folded, OCR-repaired, punctuation-free key for fuzzy comparison of short phrases."""
    s = fold(text)
    s = _IN_WORD_DIGIT.sub(lambda m: _DIGIT_MAP[m.group(0)], s)
    s = _WORD_1.sub("l", s)
    s = s.replace("|", "i")
    return " ".join(_NON_WORD.sub(" ", s).split())


@lru_cache(maxsize=65536)
def ocr_word(word: str) -> str:
    """:func:`ocr_key` of one token, memoised: the same few thousand words recur in every plan."""
    return ocr_key(word)


def similar(a: str, b: str) -> float:
    """0..100 similarity of two phrases on their OCR keys."""
    return fuzz.ratio(ocr_key(a), ocr_key(b))


# Eng-OCR reads a capital Đ as P or B: "Pang uy" Đảng ủy, "BU" ĐU. Tried as a second reading only.
_D_INITIAL = re.compile(r"\b[pb](?!h)")


def best_match(phrase: str, choices: dict[str, str], threshold: float = 80.0, prefix: bool = False):
    """Best ``(canonical, score, words_used)`` for ``phrase`` among ``choices`` ({ocr_key: canonical}).

    None below ``threshold``. With ``prefix`` the phrase may run on past the entry ("Bộ Chính trị về đột
    phá ..."): each entry is compared with the phrase cut to the entry's word count, and a longer entry
    wins a near tie, so "Thủ tướng Chính phủ" beats "Thủ tướng".
    """
    key = ocr_key(phrase)
    if not key:
        return None
    words = key.split()
    best = None
    for choice_key, canonical in choices.items():
        n = choice_key.count(" ") + 1
        if prefix:
            if len(words) < n:
                continue
            cand = " ".join(words[:n])
        else:
            cand = key
        score = fuzz.ratio(cand, choice_key)
        if score < threshold and _D_INITIAL.search(cand):
            score = max(score, fuzz.ratio(_D_INITIAL.sub("d", cand), choice_key))
        if score < threshold:
            continue
        rank = (score + 2 * n, n)
        if best is None or rank > best[0]:
            best = (rank, canonical, score, n)
    return None if best is None else best[1:]


def fuzzy_word(word: str) -> str:
    """Regex (over folded text) for one Vietnamese word, tolerating the usual eng-OCR vowel damage.

    Consonant skeletons survive OCR well, vowels do not: each vowel becomes a short class of the
    characters OCR writes for it, and Đ/đ accepts d, p and b.
    """
    out = []
    for ch in fold(word):
        if ch in "aeiouy":
            out.append(_VOWEL_CLASS[ch])
        elif ch == "d" and not out:
            out.append("[dpb]")
        elif ch.isalnum():
            out.append(re.escape(ch))
        elif ch.isspace():
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


_VOWEL_CLASS = {
    "a": "(?:[a4@&aeoqi]|ii|ia)",
    "e": "[e&c3aoé]",
    "i": "[i1l|!jyt]",
    "o": "[o06bdqaeuc9&]",
    "u": "(?:[uwyvoa]|ii|ti|t|tr|ir|l|li)",
    "y": "[yvi]",
}


def fuzzy_phrase(phrase: str) -> str:
    """Regex for a phrase of words, see :func:`fuzzy_word`; words are separated by whitespace."""
    return r"\s+".join(fuzzy_word(w) for w in phrase.split())
