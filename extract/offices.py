"""Offices named in the plan, canonicalised against the gazetteer, with role and duties.

Eng-OCR mangles office names beyond what a regex tolerates ("Uy ban Mt tran T6 qudc Viét Nam"), so the
search is word-level: a word that looks like the head word of some gazetteer entry ("phòng", "sở",
"ủy", "hội", "trung", "ban" ...) opens a candidate, and the words after it are fuzzy-matched (rapidfuzz,
prefix mode) against the entries with that head only. Levelled bodies take the level word that follows
("Hội đồng Thi đua - Khen thưởng xã") or, when none follows, the document's own level.

Role comes from the words around a mention ("chủ trì", "phối hợp với X", "cơ quan thường trực",
"Đề nghị X"); duties are the text of the item an office heads ("- Phòng Văn hóa - Xã hội: Chủ trì ...")
and of that item's sub-items.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from . import vocab
from .fold import fold, ocr_key, ocr_word
from .organs import level_at
from .sections import ancestors, walk
from .spans import ev

_TOKEN = re.compile(r"[^\s,;:()\"“”.]+(?:\.[^\s,;:()\"“”.]+)*")
ROLE_ORDER = ("thường trực", "chủ trì", "đề nghị", "phối hợp")
_ROLE_RX = {
    "thường trực": re.compile(r"th\S{1,3}ng\s+tr\S{1,2}[ce]\b"),
    "chủ trì": re.compile(r"ch\S{1,2}\s+tr[i1l]\b"),
    "phối hợp": re.compile(r"ph\S{1,3}[i1l]\s+h\S{1,2}p"),
}
_DE_NGHI = re.compile(r"[dpb]\S{1,2}\s+ngh\S{1,2}\s*$")
_PHOI_HOP_BEFORE = re.compile(r"ph\S{1,3}[i1l]\s+h\S{1,2}p(?:\s+v\S{1,3})?(?:\s+c\S{1,3}c)?\s*$")
_LEAD_OK = re.compile(r"^(?:[dpb]\S{0,2}\s+ngh\S{0,2})?$")


_ABBR_WORD = re.compile(r"^[A-ZĐ&]{2,9}$")


@lru_cache(maxsize=None)
def _by_head() -> dict[str, dict[str, tuple[dict, frozenset]]]:
    """Head word (OCR key) -> {entry OCR key: (entry, positions of abbreviation words)}."""
    out: dict[str, dict[str, tuple[dict, frozenset]]] = {}
    for entry in vocab.load("offices")["offices"]:
        for name in [entry["name"], *entry.get("aliases", [])]:
            key = ocr_key(name)
            raw_words = [w for w in re.split(r"[\s,\-–]+", name) if w]
            abbr = frozenset(i for i, w in enumerate(raw_words) if _ABBR_WORD.match(w)) if len(raw_words) == len(key.split()) else frozenset()
            out.setdefault(key.split()[0], {})[key] = (entry, abbr)
    return out


_V = re.compile(r"[aeiouy]+")
_D_WORD = re.compile(r"\b[pb](?!h)")


def _skeleton(s: str) -> str:
    """Vowel runs collapsed to one mark: eng-OCR damages vowels, consonant skeletons survive."""
    return _V.sub("*", s)


_HAS_WORD = re.compile(r"[^\W_]")
_DASH_WRAP = re.compile(r"\n[-–]\s+[A-ZĐÀ-Ỹ]")
# A word that could open an office name: capitalised, or lower-case before a capitalised word.
_CANDIDATE = re.compile(
    r"(?<![^\s(\-“\"])(?:[A-ZĐÀ-Ỹ][^\s,;:()\"“”.]*|[a-zđà-ỹ][^\s,;:()\"“”.]*(?=\s+[A-ZĐÀ-Ỹ]))"
)


@lru_cache(maxsize=8192)
def _head_candidates(word_key: str) -> list[str]:
    heads = _by_head()
    if word_key in heads:
        return [word_key]
    alt = re.sub(r"^[pb](?!h)", "d", word_key)
    out = []
    for h in heads:
        if h[0] != word_key[:1] and h[0] != alt[:1]:
            continue
        if abs(len(h) - len(word_key)) > 2:
            continue
        if max(fuzz.ratio(word_key, h), fuzz.ratio(alt, h)) >= 66 or (len(h) == 2 and len(word_key) == 2 and h[0] == word_key[0]) or (
            len(h) >= 3 and _skeleton(word_key) == _skeleton(h)  # vowels mis-restored: "Vườn" for "Văn"
        ):
            out.append(h)
    return out


_VOWELS = set("aeiouy")


def _match_entry(words: list[str], entries: dict[str, dict]):
    """(name, score, n words) of the best entry for the phrase ``words`` (OCR keys), or None.

    An abbreviation in an entry ("KH&CN", "ND", "UBMTTQVN": a word without vowels or all consonant
    clusters) must be read exactly; the other words are compared fuzzily, with a second reading that
    takes a word-initial P/B for Đ.
    """
    best = None
    alts: dict[int, str] = {}
    for key, (entry, abbr) in entries.items():
        kw = key.split()
        n = len(kw)
        if len(words) < n:
            continue
        cand = words[:n]
        if any(kw[i] != cand[i] for i in abbr):
            continue
        phrase = " ".join(cand)
        score = fuzz.ratio(phrase, key)
        if score < 82:
            alt = alts.get(n)
            if alt is None:
                alt = alts[n] = _D_WORD.sub("d", phrase)
            score = max(score, fuzz.ratio(alt, key))
            if _skeleton(alt.split()[0]) == _skeleton(kw[0]):
                score = max(score, (score + fuzz.ratio(_skeleton(alt), _skeleton(key))) / 2)
        if score < 82:
            continue
        rank = (score + 2 * n, n)
        if best is None or rank > best[0]:
            best = (rank, entry["name"], score, n)
    return None if best is None else best[1:]


def find_mentions(text: str, start: int, end: int, doc_level: str | None) -> list[dict]:
    """Office mentions in ``text[start:end]``: {name, kind, start, end, text}."""
    out = []
    consumed = start
    for cand in _CANDIDATE.finditer(text, start, end):
        # Office names are capitalised: "Phòng Văn hóa", "phòng Văn hóa"; "số, tài chính" is not one.
        if cand.start() < consumed:
            continue
        key = ocr_word(cand.group(0))
        if not key or len(key) > 9:
            continue
        heads = _head_candidates(key.split()[0])
        if not heads:
            continue
        # Do not run across a line break: an office name never wraps in normalised text, except where
        # reflow kept a break before the name's own dash ("Hội đồng Thi đua\n- Khen thưởng phường").
        line_end = text.find("\n", cand.start(), end)
        line_end = end if line_end < 0 else line_end
        if line_end < end and _DASH_WRAP.match(text, line_end) and not re.search(r"[.;:,]\s*$", text[cand.start() : line_end]):
            nxt = text.find("\n", line_end + 1, end)
            line_end = end if nxt < 0 else nxt
        tokens = []
        for m in _TOKEN.finditer(text, cand.start(), line_end):
            if _HAS_WORD.search(m.group(0)):
                tokens.append(m)
                if len(tokens) == 12:
                    break
        keys = [ocr_word(m.group(0)) for m in tokens]
        best = None
        for head in heads:
            hit = _match_entry(keys[:10], _by_head()[head])
            if hit and (best is None or (hit[2], hit[1]) > (best[2], best[1])):
                best = hit
        if not best:
            continue
        i = 0
        name, _score, n = best
        if heads != [key.split()[0]] and not any(t.group(0)[:1].isupper() for t in tokens[1:n]) and any(
            w[:1].isupper() for w in name.split()[1:]
        ):
            continue  # head read fuzzily ("Sơn" for "Sở") and no capitalised word after it: running text
        entry = next(e for e in vocab.load("offices")["offices"] if e["name"] == name)
        j = min(i + n, len(tokens))
        lv = level_at(keys[j : j + 2])
        if entry.get("requires_level") and not lv:
            continue
        canonical = name
        if entry.get("levelled"):
            if lv:
                canonical = f"{name} {lv[0]}"
            elif doc_level:
                canonical = f"{name} {doc_level}"
        if lv:
            j += lv[1]
        s, e = tokens[i].start(), tokens[j - 1].end()
        out.append({"name": canonical, "kind": entry.get("kind"), **ev(text, s, e)})
        consumed = e
    return out


def _role_of(text: str, folded: str, mention: dict, item: dict | None) -> str | None:
    before = folded[max(0, mention["start"] - 40) : mention["start"]]
    if _DE_NGHI.search(before):
        return "đề nghị"
    if _PHOI_HOP_BEFORE.search(before):
        return "phối hợp"
    window = folded[mention["end"] : mention["end"] + 60]
    if re.match(r"\s*\(?\s*(?:l\S\s+)?c\S\s+quan\s+th\S{1,3}ng\s+tr\S{1,2}[ce]", window):
        return "thường trực"
    if item is not None:
        own = folded[mention["end"] : item["span"][1]]
        for role in ("thường trực", "chủ trì", "phối hợp"):
            if _ROLE_RX[role].search(own[:300]):
                return role
    else:
        for role in ("chủ trì", "phối hợp"):
            if _ROLE_RX[role].match(window.lstrip(" :,-")):
                return role
    return None


_LIST_SEP = re.compile(r"^\s*(?:[,;]\s*)?(?:(?:va|cung)\s+)?(?:cac\s+)?$")


def extract_offices(text: str, folded: str, tree: list[dict], start: int, end: int, doc_level: str | None,
                    cited: list[tuple[int, int]] = ()) -> list[dict]:
    """One entry per canonical office: name, kind, mentions, role(s), duties.

    A mention inside a citation (``cited`` spans: "Công văn số 356/SNV-TĐKT ... của Sở Nội vụ") names the
    issuer of another document, not an office with a part in this plan, and is left out; so is an office
    named only there (the Nơi nhận block lies outside ``start``-``end``). Every organisation listed after
    "Đề nghị" ("Đề nghị A, B và C ...") is asked, role "đề nghị", whatever the item says later.
    """
    mentions = [m for m in find_mentions(text, start, end, doc_level)
                if not any(a <= m["start"] < b for a, b in cited)]
    offices: dict[str, dict] = {}
    asked_until = None  # end of the last mention in a running "Đề nghị A, B và C" list
    for m in mentions:
        chain = ancestors(tree, m["start"])
        node = chain[-1] if chain else None
        heads_item = False
        if node is not None:
            lead = text[node["span"][0] : m["start"]]
            lead_key = ocr_key(lead)
            # "- Phòng X:", "1. Phòng X (cơ quan thường trực)", "2. Đề nghị Phòng X ..."
            heads_item = bool(_LEAD_OK.match(lead_key.replace(fold(node["label"]), "", 1).strip()))
        item = node if heads_item else None
        role = _role_of(text, folded, m, item)
        if role == "đề nghị" or (asked_until is not None and _LIST_SEP.match(folded[asked_until : m["start"]])):
            role, asked_until = "đề nghị", m["end"]
        else:
            asked_until = None
        entry = offices.setdefault(m["name"], {"name": m["name"], "kind": m["kind"], "role": None, "roles": [], "duties": [], "mentions": []})
        entry["mentions"].append({"start": m["start"], "end": m["end"], "text": m["text"]})
        if role and role not in entry["roles"]:
            entry["roles"].append(role)
        if item is not None:
            for duty in _duties(text, m, item):
                if duty["text"] not in [d["text"] for d in entry["duties"]]:
                    entry["duties"].append(duty)
    for entry in offices.values():
        ranked = sorted(entry["roles"], key=ROLE_ORDER.index)
        entry["role"] = ranked[0] if ranked else None
    return list(offices.values())


def _duties(text: str, mention: dict, item: dict) -> list[dict]:
    """Text the office is charged with: the rest of its item, else its sub-items."""
    out = []
    line_end = text.find("\n", mention["end"])
    line_end = len(text) if line_end < 0 else line_end
    rest = text[mention["end"] : line_end]
    m = re.match(r"\s*(?:\([^)]*\)\s*)?[:,\-–—]?\s*", rest)
    s = mention["end"] + (m.end() if m else 0)
    if line_end - s > 15:
        out.append(ev(text, s, line_end))
    elif item["children"]:
        for child in item["children"]:
            cs, ce = child["span"]
            body = text[cs:ce].split("\n", 1)[0]
            lead = re.match(r"\s*[-+•*]\s*", body)
            out.append(ev(text, cs + (lead.end() if lead else 0), cs + len(body)))
    return out


def doc_level(issuer: str | None) -> str | None:
    """The document's own administrative level ("xã", "phường") from its issuer."""
    if not issuer:
        return None
    words = fold(issuer).split()
    for lv in ("xa", "phuong", "dac", "tinh", "thanh"):
        if lv in words:
            return {"xa": "xã", "phuong": "phường", "dac": "đặc khu", "tinh": "tỉnh", "thanh": "thành phố"}[lv]
    return None


__all__ = ["extract_offices", "find_mentions", "doc_level", "walk"]
