"""Phases ("Giai đoạn 1 (từ 2025 - 2027)"), milestones (sơ kết / tổng kết with a year) and reporting
deadlines ("trước ngày 15/12 hằng năm"), all read from the folded text.

Years and day/month numbers survive eng-OCR; the words around them are matched loosely ("tir", "ttr",
"tr" for "từ"). A deadline's reporter is the office that heads the enclosing item (or is named earlier
in the sentence) and its addressee the body named after "báo cáo ... về".
"""

from __future__ import annotations

import re

from .organs import read_organ
from .sections import ancestors
from .spans import ev

_MONTH = r"(?:th\S{1,4}\s*\d{1,2}\s*(?:/\s*|n\S{1,3}\s+)(?=20\d\d)|th\S{1,4}\s*\d{1,2}\s+(?=n))?"  # "tháng 9 năm", "tháng 9/"
_PHASE = re.compile(
    r"giai\s+[dpb]o\S{0,2}n\s*(?P<n>\d{1,2}|[ivx]{1,4})\b\s*[:(,-]?\s*\(?\s*(?:t\S{0,3}\s+)?" + _MONTH + r"(?:n\S{1,3}\s+)?"
    r"(?P<a>20\d\d)\s*(?:-|–|[dpb]\S{1,2}n(?:\s+h\S{1,2}t)?)\s*" + _MONTH + r"(?:n\S{1,3}\s+)?(?P<b>20\d\d)\s*\)?\s*:?"
)
_MILESTONE = re.compile(r"\b(?P<kind>s\S\s+k\S{1,3}t|t\S{1,2}ng\s+k\S{1,3}t)\b")
_YEAR_AFTER = re.compile(r"(?:qu\S\s+(?P<q>[ivx1l|]{1,3}|\d)\s+)?(?:n\S{1,3}\s*|th\S{1,4}\s*\d{1,2}\s*[/.-]\s*)(?P<y>20\d\d)\b")
_DEADLINE = re.compile(
    r"\btr\S{1,3}c\s+ng\S{1,3}\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>20\d\d))?"
    r"(?P<rec>\s+h\S{1,3}ng\s+(?:n\S{1,3}|qu\S|th\S{1,3}ng))?"
)
_REPORT = re.compile(r"b\S{1,3}o\s+c\S{1,3}o\b")
_TO = re.compile(r"\s(?:v\S{1,2}|g\S{1,2}i(?:\s+v\S{1,2})?)\s+")
_RECURRENCE = {"n": "hằng năm", "q": "hằng quý", "t": "hằng tháng"}


def extract_phases(text: str, folded: str, start: int, end: int) -> list[dict]:
    out: dict[tuple, dict] = {}
    for m in _PHASE.finditer(folded, start, end):
        a, b = int(m.group("a")), int(m.group("b"))
        if not 2000 <= a <= b <= 2100:
            continue
        n = m.group("n")
        label = f"Giai đoạn {n.upper() if not n.isdigit() else int(n)}"
        line_end = folded.find("\n", m.end())
        line_end = end if line_end < 0 else min(line_end, end)
        desc_s, desc_e = m.end(), line_end
        if not text[desc_s:desc_e].strip(" :;.-"):
            nxt_end = folded.find("\n", line_end + 1)
            nxt_end = end if nxt_end < 0 else min(nxt_end, end)
            nxt = text[line_end + 1 : nxt_end]
            if nxt.strip() and not re.match(r"\s*(?:[-+•]|\d{1,2}[.)]|[a-zđ]\))", nxt) and not _PHASE.search(folded, line_end + 1, nxt_end):
                desc_s, desc_e = line_end + 1, nxt_end
            else:
                desc_s = desc_e
        key = (label, a, b)
        if key in out:
            out[key]["mentions"].append(ev(text, m.start(), m.end()))
            continue
        d = ev(text, desc_s, desc_e) if desc_e > desc_s else None
        if d:
            d["text"] = d["text"].lstrip(" :;,-")
        out[key] = {"label": label, "start_year": a, "end_year": b, "description": d["text"] if d else None,
                    **ev(text, m.start(), m.end()), "description_span": [d["start"], d["end"]] if d else None,
                    "mentions": [ev(text, m.start(), m.end())]}
    return list(out.values())


def extract_milestones(text: str, folded: str, start: int, end: int) -> list[dict]:
    out: dict[tuple, dict] = {}
    for m in _MILESTONE.finditer(folded, start, end):
        stop = m.end() + 100
        for rx in (r"[.;\n]", r"\b(?:s\S\s+k\S{1,3}t|t\S{1,2}ng\s+k\S{1,3}t)\b"):
            nxt = re.compile(rx).search(folded, m.end(), stop)
            if nxt:
                stop = nxt.start()
        y = _YEAR_AFTER.search(folded, m.end(), stop)
        if not y:
            continue
        kind = "sơ kết" if folded[m.start()] == "s" else "tổng kết"
        year = int(y.group("y"))
        q = y.group("q")
        quarter = None
        if q:
            qq = q.upper().replace("L", "I").replace("1", "I").replace("|", "I")
            quarter = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(qq) or (int(q) if q.isdigit() else None)
        key = (kind, year)
        mention = ev(text, m.start(), y.end())
        if key in out:
            out[key]["mentions"].append(mention)
            if quarter and not out[key]["quarter"]:
                out[key]["quarter"] = quarter
            continue
        out[key] = {"kind": kind, "year": year, "quarter": quarter, **mention, "mentions": [mention]}
    return sorted(out.values(), key=lambda x: (x["year"], x["kind"] != "sơ kết"))


def extract_deadlines(text: str, folded: str, tree: list[dict], offices: list[dict], start: int, end: int) -> list[dict]:
    spans = sorted((m["start"], m["end"], o["name"]) for o in offices for m in o["mentions"])
    out = []
    for m in _DEADLINE.finditer(folded, start, end):
        day, month = int(m.group("d")), int(m.group("m"))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        rec = m.group("rec")
        recurrence = None
        if rec:
            word = rec.split()[-1]
            recurrence = _RECURRENCE.get(word[0], "hằng năm")
        sent_s = max(folded.rfind(".", 0, m.start()) + 1, folded.rfind("\n", 0, m.start()) + 1)
        sent_e = min(x for x in (folded.find(".", m.end()), folded.find("\n", m.end()), end) if x >= 0)
        reporter = None
        for node in reversed(ancestors(tree, m.start())):
            hit = next((n for s, e, n in spans if node["span"][0] <= s < node["span"][0] + 12 + len(node["label"])), None)
            if hit:
                reporter = hit
                break
        if reporter is None:
            before = [n for s, e, n in spans if sent_s <= s < m.start()]
            reporter = before[0] if before else None
        to = _addressee(text, folded, spans, sent_s, sent_e)
        out.append({
            "day": day, "month": month, "year": int(m.group("y")) if m.group("y") else None,
            "recurrence": recurrence, "reporter": reporter, "to": to, **ev(text, m.start(), m.end()),
            "sentence": ev(text, sent_s, sent_e),
        })
    return out


def _addressee(text, folded, spans, sent_s, sent_e):
    for r in _REPORT.finditer(folded, sent_s, sent_e):
        # "báo cáo ... về X": X is the first office named after "về"; else the body right after "báo cáo".
        for t in _TO.finditer(folded, r.end(), min(sent_e, r.end() + 120)):
            office = next((n for s, e, n in spans if s == t.end()), None)
            if office:
                return office
            organ = read_organ(text, t.end(), min(sent_e, t.end() + 60))
            if organ:
                return organ["name"]
        organ = read_organ(text, r.end() + 1, min(sent_e, r.end() + 60))
        if organ:
            return organ["name"]
        office = next((n for s, e, n in spans if r.end() < s <= r.end() + 2), None)
        if office:
            return office
    return None
