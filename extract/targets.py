"""Quantitative goals: "phấn đấu tối thiểu 80% hồ sơ ...", "+ 100% thủ tục hành chính ...".

A percentage is the anchor; the comparator comes from the words around it (tối thiểu / ít nhất /
trở lên → ≥, trên → >, dưới → <, tối đa / không quá → ≤, otherwise =), and the subject is the clause
the number governs: the words after it when it opens its clause ("100% thôn có ..."), else the words
before it ("tỷ lệ hồ sơ ... đạt tối thiểu 80%").
"""

from __future__ import annotations

import re

from .fold import fold
from .spans import ev

_PCT = re.compile(r"(?<![\w.,])(?P<v>\d{1,3}(?:[.,]\d{1,2})?)\s?%")
_NOT_BELOW = r"kh\S{1,2}ng\s+(?:th\S{1,2}p\s+h\S{1,2}n|d\S{1,2}\S?i|[i1í]t\s+h\S{1,2}n)"  # không thấp hơn / dưới / ít hơn
_NOT_ABOVE = r"kh\S{1,2}ng\s+(?:cao\s+h\S{1,2}n|v\S{1,3}t\s+qu\S|nhi\S{1,3}u\s+h\S{1,2}n)"  # không cao hơn / vượt quá
_BEFORE = [
    # negated comparisons first: "không thấp hơn 75%" is ≥, not the ">" its last word suggests
    ("≥", re.compile(rf"{_NOT_BELOW}\s*$")),
    ("≤", re.compile(rf"{_NOT_ABOVE}\s*$")),
    ("≥", re.compile(r"(?:t\S{1,2}i\s+thi\S{1,3}u|[i1í]t\s+nh\S{1,2}t)\s*$")),
    ("≤", re.compile(r"(?:t\S{1,2}i\s+[dpb]a|kh\S{1,2}ng\s+qu\S)\s*$")),
    (">", re.compile(r"(?:tr\S{1,2}n|h\S{1,2}n)\s*$")),
    ("<", re.compile(r"d\S{1,2}\S?i\s*$")),
]
_AFTER_GE = re.compile(r"^\s*tr\S{1,2}\s+(?:l\S{1,2}n|1\S{1,2}n|1\S\s*n)")
_CLAUSE_BREAK = re.compile(r"[;:.\n]|,\s")
_AFTER_BREAK = re.compile(r"[;:\n]|\.(?:\s|$)|,\s(?=\d{1,3}\s?%)")
_LEAD = re.compile(
    r"^(?:[-+•]\s*|[a-zđ]\)\s*|\d{1,2}[.)]\s*)?(?:(?:ph\S{1,2}n\s+[dpb]\S{1,2}u|b\S{1,2}o\s+[dpb]\S{1,2}m|[dpb]\S{1,2}m\s+b\S{1,2}o|[dpb]\S{1,2}t|c\S)\s*)*"
    rf"(?:{_NOT_BELOW}|{_NOT_ABOVE}|t\S{{1,2}}i\s+thi\S{{1,3}}u|[i1í]t\s+nh\S{{1,2}}t|tr\S{{1,2}}n|t\S{{1,2}}i\s+[dpb]a|kh\S{{1,2}}ng\s+qu\S|d\S{{1,2}}\S?i)?\s*$"
)
# The number opens the subject when introduced by "có", "bảo đảm", "phấn đấu": "có ít nhất 85% người dân".
_INTRO = re.compile(r"(?:\bc\S|b\S{1,2}o\s+[dpb]\S{1,2}m|[dpb]\S{1,2}m\s+b\S{1,2}o|ph\S{1,2}n\s+[dpb]\S{1,2}u)\s*$")
_TAIL_VERB = re.compile(r"\s*(?:[dpb]\S{1,2}t|ph\S{1,2}n\s+[dpb]\S{1,2}u|l\S)\s*$")


def extract_targets(text: str, folded: str, start: int, end: int) -> list[dict]:
    out = []
    for m in _PCT.finditer(text, start, end):
        value = float(m.group("v").replace(",", "."))
        if value > 100:
            continue
        line_s = folded.rfind("\n", 0, m.start()) + 1
        clause_s = line_s
        for b in _CLAUSE_BREAK.finditer(folded, line_s, m.start()):
            clause_s = b.end()
        before = folded[clause_s : m.start()]
        comparator, comp_text = "=", None
        for sym, rx in _BEFORE:
            cm = rx.search(before)
            if cm:
                comparator, comp_text = sym, text[clause_s + cm.start() : clause_s + cm.end()].strip()
                break
        after_s = m.end()
        ge = _AFTER_GE.match(folded[after_s : after_s + 12])
        if ge:
            comparator, comp_text = "≥", text[after_s : after_s + ge.end()].strip()
            after_s += ge.end()
        nxt = _AFTER_BREAK.search(folded, after_s, end)
        after_e = nxt.start() if nxt else end
        head = before[: before.rfind(fold(comp_text))] if comp_text and fold(comp_text) in before else before
        if _LEAD.match(before.strip()) or _INTRO.search(head):
            s, e = after_s, after_e
        else:
            lead = re.match(r"\s*(?:[-+•]\s*|[a-zđ]\)\s*|\d{1,2}[.)]\s*)?(?:ph\S{1,2}n\s+[dpb]\S{1,2}u\s+)?", before)
            s = clause_s + (lead.end() if lead else 0)
            e = m.start()
            cut = _TAIL_VERB.search(folded[s:e] if comp_text is None else folded[s : clause_s + before.rfind(fold_cmp(before, comp_text))])
            e = s + cut.start() if cut else (e if comp_text is None else clause_s + before.rfind(fold_cmp(before, comp_text)))
        subject = ev(text, s, e)
        out.append({
            "value": value, "unit": "%", "comparator": comparator, "comparator_text": comp_text,
            "subject": subject["text"].strip(" ,;:-") or None, **ev(text, m.start(), m.end()),
            "clause": ev(text, min(clause_s, m.start()), max(after_e, m.end())),
        })
    return out


def fold_cmp(before: str, comp_text: str) -> str:
    """The comparator's words as they appear in the folded clause (for cutting the subject)."""
    from .fold import fold

    return fold(comp_text)
