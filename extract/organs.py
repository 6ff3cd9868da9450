"""Read an organ name ("UBND tinh Dak Lak", "B6 Chinh trj", "Pang ty x4 Kim Thanh") into canonical form.

The organ itself comes from the vocabulary (prefix fuzzy match, so trailing words such as "sửa đổi, bổ
sung" do not spoil it); a level word (tỉnh, thành phố, xã, phường) and a place name may follow. Province
names are restored from the packaged list; commune and ward names are kept as read, title-cased.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from . import vocab
from .fold import best_match, fold, ocr_key

_WORD = re.compile(r"[^\s,;:()\"“”.]+")
# Words that end an organ phrase: "về", "và", "tại", "theo", "năm", "ngày", "sửa đổi", "ban hành", "(".
_STOP = re.compile(
    r"\s(?:v[eé&]|tai|theo|ngay|nam|nim|ve\s+viec|sua|sta|ban\s+hanh|trien|thuc|tham|huong|hudng|khen|nham|de)\b"
    r"|[,;:()\"“”]|\.(?:\s|$)|\n"
)

LEVELS = ("tỉnh", "thành phố", "xã", "phường", "đặc khu", "huyện", "quận", "thị xã")


def level_at(words: list[str]) -> tuple[str, int] | None:
    """(level, words consumed) when ``words`` (OCR keys) start with an administrative level word."""
    if not words:
        return None
    w0 = words[0]
    w1 = words[1] if len(words) > 1 else ""
    if w0 == "thi" and w1.startswith("x") and len(w1) <= 2:
        return "thị xã", 2
    if w0 in ("thanh", "thinh", "thinh") and w1.startswith("ph") and len(w1) <= 4:
        return "thành phố", 2
    if w0 in ("tinh", "tinl", "tmh", "t1nh", "tlnh"):
        return "tỉnh", 1
    if w0.startswith("x") and (len(w0) <= 2 or w0 == "xaa"):
        return "xã", 1
    if w0.startswith("ph") and 5 <= len(w0) <= 7 and fuzz.ratio(w0, "phuong") >= 66:
        return "phường", 1
    if w0 in ("dac", "pac", "bac") and w1 == "khu":
        return "đặc khu", 2
    if w0 in ("huyen", "huyén"):
        return "huyện", 1
    if w0 == "quan":
        return "quận", 1
    return None


def _organ_choices() -> dict[str, str]:
    return {key: entry["name"] for key, entry in vocab.organs().items()}


def _entry(name: str) -> dict:
    for entry in vocab.load("organs")["organs"]:
        if entry["name"] == name:
            return entry
    return {}


def place_name(raw_words: list[str], level: str) -> tuple[str | None, int]:
    """A place name after a level word: provinces restored from the list, others title-cased as read."""
    if not raw_words:
        return None, 0
    keys = [ocr_key(w) for w in raw_words]
    if level in ("tỉnh", "thành phố"):
        for n in (3, 2, 1):
            if len(keys) >= n:
                hit = best_match(" ".join(keys[:n]), vocab.provinces(), threshold=75)
                if hit:
                    return hit[0], n
        return None, 0
    taken = []
    for w in raw_words[:4]:
        if not w[:1].isupper():
            break
        taken.append(w)
    if not taken:
        return None, 0
    return " ".join(w[:1].upper() + w[1:].lower() for w in taken), len(taken)


def read_organ(text: str, start: int, limit: int | None = None, *, cite: bool = False) -> dict | None:
    """Canonical organ named at ``text[start:]`` (up to a stop word), or None.

    Returns {"name", "start", "end"}; with ``cite`` the short citation form is used ("UBND tỉnh X").
    """
    limit = min(len(text), limit if limit is not None else start + 90)
    folded = fold(text[start:limit])
    stop = _STOP.search(folded)
    segment = text[start : start + (stop.start() if stop else len(folded))]
    words = list(_WORD.finditer(segment))
    if not words:
        return None
    raw = [m.group(0) for m in words]
    hit = best_match(" ".join(raw[:6]), _organ_choices(), threshold=72, prefix=True)
    if not hit:
        return None
    name, _score, n = hit
    # best_match counts OCR-key words; raw words map one-to-one unless a raw token holds punctuation.
    n = min(n, len(raw))
    entry = _entry(name)
    out = entry.get("cite_as", name) if cite else name
    used = n
    keys = [ocr_key(w) for w in raw[n:]]
    lv = level_at(keys)
    if lv and entry.get("levelled", False):
        level, k = lv
        out += " " + level
        used += k
        place, p = place_name(raw[used:], level)
        if place:
            out += " " + place
            used += p
    end = start + words[used - 1].end()
    return {"name": out, "start": start, "end": end}
