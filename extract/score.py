"""Per-field precision/recall/F1 of an ``extract_all`` result against hand-checked expectations.

Scoring follows the issue: citations by number+symbol and date, phases by years, awards and offices by
canonical name, top-level sections by title, header fields exactly. Header fields are compared two
ways: ``header`` is exact string equality; ``header_folded`` compares accent-stripped lowercase keys,
which is the most raw eng-OCR can give for proper names (commune names, people) without restoration.
Titles (long, free text) count as equal at rapidfuzz ratio >= 90 on their OCR keys in the folded score.
"""

from __future__ import annotations

from collections import Counter

from rapidfuzz import fuzz

from .fold import ocr_key

HEADER_FIELDS = ("doc_type", "number", "issuer", "issuer_parent", "place", "date", "title",
                 "signer.name", "signer.title", "signer.on_behalf")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """(precision, recall, F1); an empty prediction of an empty truth scores 1."""
    if tp == fp == fn == 0:
        return 1.0, 1.0, 1.0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _bag(items) -> Counter:
    return Counter(items)


def _set_prf(pred, gold) -> tuple[float, float, float]:
    p, g = _bag(pred), _bag(gold)
    tp = sum((p & g).values())
    return prf(tp, sum(p.values()) - tp, sum(g.values()) - tp)


def _header_value(doc: dict, field: str):
    if field.startswith("signer."):
        return (doc.get("signer") or {}).get(field.split(".", 1)[1])
    return doc.get(field)


def _header_prf(doc: dict, gold: dict, folded: bool) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for field in HEADER_FIELDS:
        if field not in gold:
            continue
        want, got = gold[field], _header_value(doc, field)
        if want is None and got is None:
            continue
        if want is None:
            fp += 1
            continue
        if got is None:
            fn += 1
            continue
        if folded:
            same = ocr_key(str(want)) == ocr_key(str(got)) or (
                field == "title" and fuzz.ratio(ocr_key(want), ocr_key(got)) >= 90
            )
        else:
            same = want == got
        if same:
            tp += 1
        else:
            fp += 1
            fn += 1
    return prf(tp, fp, fn)


def citation_key(c: dict) -> tuple:
    if c.get("number") is None and c.get("name"):
        return (f"{c['doc_type']} {c['name']}", None, None)
    return (c.get("number"), c.get("symbol"), c.get("date"))


def score(result: dict, gold: dict) -> dict[str, tuple[float, float, float]]:
    """{field: (P, R, F1)} for the fields present in ``gold``."""
    out: dict[str, tuple[float, float, float]] = {}
    if "header" in gold:
        out["header"] = _header_prf(result["document"], gold["header"], folded=False)
        out["header_folded"] = _header_prf(result["document"], gold["header"], folded=True)
    if "citations" in gold:
        out["citations"] = _set_prf([citation_key(c) for c in result["citations"]], [tuple(x) for x in gold["citations"]])
    if "sections" in gold:
        out["sections"] = _set_prf([s["title"] for s in result["sections"]], gold["sections"])
    if "phases" in gold:
        out["phases"] = _set_prf([(p["start_year"], p["end_year"]) for p in result["phases"]], [tuple(x) for x in gold["phases"]])
    if "milestones" in gold:
        out["milestones"] = _set_prf([(m["kind"], m["year"]) for m in result["milestones"]], [tuple(x) for x in gold["milestones"]])
    if "deadlines" in gold:
        out["deadlines"] = _set_prf([(d["day"], d["month"], d["recurrence"]) for d in result["deadlines"]], [tuple(x) for x in gold["deadlines"]])
    if "awards" in gold:
        out["awards"] = _set_prf({a["name"] for a in result["awards"]}, set(gold["awards"]))
    if "offices" in gold:
        out["offices"] = _set_prf([o["name"] for o in result["offices"]], gold["offices"])
    if "targets" in gold:
        out["targets"] = _set_prf([(t["value"], t["comparator"]) for t in result["targets"]], [(float(v), c) for v, c in gold["targets"]])
    return out


# The target is a macro-F1 over these (header scored exactly).
SCORED = ("header", "citations", "sections", "phases", "awards", "offices")


def macro_f1(scores: dict[str, tuple[float, float, float]], fields=SCORED) -> float:
    vals = [scores[f][2] for f in fields if f in scores]
    return sum(vals) / len(vals) if vals else 0.0
