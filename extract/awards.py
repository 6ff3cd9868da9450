"""Award forms and emulation titles (Luật Thi đua, khen thưởng 2022), with conferrer and occasion.

The forms and their OCR-tolerant patterns live in ``data/awards.json``. The conferrer is read after
"của" ("Bằng khen của Thủ tướng Chính phủ") or before "tặng" ("Chủ tịch UBND xã tặng Giấy khen"); the
occasion (hằng năm, sơ kết, tổng kết) from the same sentence or, failing that, from the titles of the
enclosing sections ("b) Khen thưởng sơ kết:"). One entry per canonical award and occasion.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import vocab
from .fold import best_match, fold, ocr_key
from .sections import ancestors
from .spans import ev

_OF = re.compile(r"\s*c\S{0,3}a\s+")
_GIVE = re.compile(r"\bt\S{1,2}ng\s*$")  # "tặng" just before the form
_SENT_START = re.compile(r"[.;:\n]|(?:[dpb]\S{1,2}\s+ngh\S{1,2})\s")


@lru_cache(maxsize=None)
def _forms():
    """(one alternation regex over all forms, [(form entry, qualifier choices)]): a single scan."""
    data = vocab.load("awards")
    forms = [(f, {ocr_key(q): q for q in f["qualifiers"]}) for f in data["forms"]]
    alts = "|".join(f"(?P<f{i}>{f['pattern']})" for i, (f, _) in enumerate(forms))
    return re.compile(rf"(?<![\w])(?:{alts})(?![\w])"), forms


@lru_cache(maxsize=None)
def _conferrers() -> dict[str, str]:
    data = vocab.load("awards")
    canon = data["conferrer_canonical"]
    return {ocr_key(c): canon.get(c, c) for c in data["conferrers"]}


@lru_cache(maxsize=None)
def _occasions() -> list[tuple[str, re.Pattern]]:
    data = vocab.load("awards")["occasions"]
    return [(name, re.compile(r"\b(?:" + "|".join(re.escape(v) for v in variants) + r")\b")) for name, variants in data.items()]


def _occasion_in(folded_fragment: str) -> str | None:
    key = ocr_key(folded_fragment)
    for name, rx in _occasions():
        if rx.search(key):
            return name
    return None


def extract_awards(text: str, folded: str, tree: list[dict], start: int, end: int) -> list[dict]:
    found: dict[tuple, dict] = {}
    taken: list[tuple[int, int]] = []
    rx, forms = _forms()
    for m in rx.finditer(folded, start, end):
        form, quals = forms[int(m.lastgroup[1:])]
        if form.get("needs_capital") and not text[m.start()].isupper():
            continue
        pos = m.end()
        qualifier = None
        if quals:
            words = text[pos : pos + 40].split()
            hit = best_match(" ".join(words[:4]), quals, threshold=80, prefix=True) if words else None
            if hit:
                qualifier = hit[0]
                pos = _advance(text, pos, hit[2])
                grade = re.match(r"\s+h\S{1,3}ng\s+(nh\S{1,2}t|nh\S{1,2}|ba)\b", folded[pos : pos + 20])
                if grade:
                    qualifier += " hạng " + {"nhat": "Nhất", "nhi": "Nhì", "ba": "Ba"}.get(ocr_key(grade.group(1))[:4], grade.group(1))
                    pos += grade.end()
        conferrer, pos = _conferrer_after(text, folded, pos)
        if conferrer is None:
            conferrer = _conferrer_before(text, folded, m.start())
        name = form["form"] + (f" {qualifier}" if qualifier else "") + (f" của {conferrer}" if conferrer else "")
        occasion = _occasion(text, folded, tree, m.start())
        taken.append((m.start(), pos))
        key = (name, occasion)
        entry = found.get(key)
        mention = ev(text, m.start(), pos)
        if entry is None:
            found[key] = {
                "name": name, "form": form["form"], "kind": form["kind"], "qualifier": qualifier,
                "conferrer": conferrer, "occasion": occasion, "text": mention["text"],
                "start": mention["start"], "end": mention["end"], "mentions": [mention],
            }
        else:
            entry["mentions"].append(mention)
    return sorted(found.values(), key=lambda a: a["start"])


def _advance(text: str, pos: int, n_words: int) -> int:
    """Offset after the next ``n_words`` words of ``text`` from ``pos``."""
    for m in re.finditer(r"\S+", text[pos:]):
        n_words -= 1
        if n_words == 0:
            end = pos + m.end()
            while end > pos and text[end - 1] in ",;.:)":
                end -= 1
            return end
    return pos


def _conferrer_after(text, folded, pos):
    om = _OF.match(folded, pos)
    at = om.end() if om else pos
    if not om and not re.match(r"\s+(?:ubnd|u\S\s+ban|ch\S{1,2}\s+t\S{1,2}ch|th\S{1,2}\s+t\S{2,4}ng)", folded[pos : pos + 20]):
        return None, pos
    words = re.split(r"[;,.:()\n]", text[at : at + 60])[0].split()
    hit = best_match(" ".join(words[:7]), _conferrers(), threshold=80, prefix=True) if words else None
    if not hit:
        return None, pos
    return hit[0], _advance(text, at, hit[2])


def _conferrer_before(text, folded, pos):
    lo = max(0, pos - 80)
    before = folded[lo:pos]
    if "\n" in before:
        # A line break before a lower-case word is a wrapped line inside the sentence, not its start.
        before = "".join(" " if ch == "\n" and text[lo + k + 1 : lo + k + 2].islower() else ch for k, ch in enumerate(before))
    if not _GIVE.search(before):
        return None
    cut = max((m.end() for m in _SENT_START.finditer(before)), default=0)
    phrase = text[lo + cut : pos]
    phrase = re.sub(r"\s*t\S{1,2}ng\s*$", "", phrase).strip(" ,")
    words = phrase.split()
    for i in range(len(words)):  # the conferrer is the tail of the clause: try longest first
        hit = best_match(" ".join(words[i:]), _conferrers(), threshold=82)
        if hit:
            return hit[0]
    return None


def _occasion(text, folded, tree, pos):
    sent_start = max(folded.rfind(".", 0, pos), folded.rfind("\n", 0, pos), folded.rfind(";", 0, pos)) + 1
    found = _occasion_in(folded[sent_start:pos])
    if found:
        return found
    for node in reversed(ancestors(tree, pos)):
        found = _occasion_in(fold(node.get("title_text", node["title"])))
        if found:
            return found
    return None
