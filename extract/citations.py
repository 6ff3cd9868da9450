"""Cited documents: "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị" and their short forms.

The anchor is the số ký hiệu (digits and capital abbreviations survive eng-OCR far better than words);
the document type is read from the words just before it, the date and issuer from the words after.
Damage is repaired on the way: "s6"/"sé"/"50" for "số", "QB" for "QĐ", "BU" for "ĐU", "57-NQ-TW" for
"57-NQ/TW" (Party documents are numbered số-LOẠI/CƠ QUAN, state documents số/LOẠI-CƠ QUAN).

Short forms ("Nghị quyết số 57", "(sau đây viết tắt là Nghị quyết số 57)") resolve, as eyecite resolves
"Id.", to the one full citation with the same type and number; with none or several they stay
unresolved (an entry with ``resolved: false``) rather than attach to the wrong document.
"""

from __future__ import annotations

import re
from datetime import date as _date

from rapidfuzz import fuzz

from . import vocab
from .fold import fold, fuzzy_phrase, ocr_key
from .organs import read_organ
from .spans import ev

# số ký hiệu over folded text. Number: digits with an optional letter ("47A"); OCR may put a space
# before the slash ("47A /KH-UBND", "10 /7/2025" is a date and has no letters).
_ABBR = r"[a-z&][a-z&]{0,9}"
_SYMBOL = re.compile(
    rf"(?<![\w/.-])(?P<num>\d{{1,5}}[a-z]?)\s?(?P<sep>[-/])\s?"
    rf"(?:(?P<year>(?:19|20)\d\d)\s?/\s?)?"
    rf"(?P<rest>{_ABBR}(?:\s?[-/]\s?{_ABBR}){{0,3}})(?![\w])"
)
_SO = r"(?:s\S{0,2}|5\d?|\$\S?)"  # "số" as OCR writes it: số, so, s6, sé, sd, sb, s, $6, 50
_DATE_AFTER = re.compile(
    r"\s*,?\s*(?:ng\S{1,3}|ngay)\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d\d)"
    r"|\s*,?\s*(?:ng\S{1,3}|ngay)\s*(?P<d2>\d{1,2})\s+th\S{2,4}\s+(?P<m2>\d{1,2})\s+n\S{1,3}\s*(?P<y2>(?:19|20)\d\d)"
)
_OF = re.compile(r"\s*c\S{0,3}a\s+")  # "của": cua, ciia, ctia, cta, caa, clia, cuia, ctua, cia


def _type_regex() -> re.Pattern:
    names = sorted(vocab.doc_types().values(), key=lambda t: -len(t["name"]))
    alts = "|".join(f"(?P<t{i}>{fuzzy_phrase(t['name'])})" for i, t in enumerate(names))
    return re.compile(rf"(?:^|(?<=[\s(\"“;,]))(?:{alts})\s*(?:{_SO})?\s*[:.]?\s*$"), names


_TYPE_RE, _TYPE_NAMES = _type_regex()
_SHORT_RE = re.compile(
    rf"(?:^|(?<=[\s(\"“;,]))(?P<type>{'|'.join(fuzzy_phrase(t['name']) for t in _TYPE_NAMES)})"
    rf"\s+{_SO}\s*(?P<num>\d{{1,5}}[a-z]?)(?![\w/-])(?!\s?[/-]\s?[a-z])"
)
_THIS = re.compile(rf"\b{fuzzy_phrase('kế hoạch')}\s+n[a4@]y\b")
_LAW = re.compile(r"(?<![\w])luat\s+")


def _doc_type_before(text: str, folded: str, pos: int) -> tuple[dict | None, int]:
    """Document type ending just before ``pos`` (allowing "số" between), with its start offset."""
    line_start = folded.rfind("\n", 0, pos) + 1
    lo = max(line_start, pos - 48)
    window = folded[lo:pos]
    m = _TYPE_RE.search(window)
    if not m:
        return None, pos
    for i, t in enumerate(_TYPE_NAMES):
        if m.group(f"t{i}") is not None:
            return t, lo + m.start()
    return None, pos


def canonical_abbr(token: str) -> str:
    """Canonical spelling of one abbreviation, repairing B/P read for Đ ("QB" -> "QĐ", "BU" -> "ĐU")."""
    table = vocab.abbreviations()
    key = fold(token).upper()
    if key in table:
        return table[key]
    for i, ch in enumerate(key):
        if ch in "BP":
            alt = key[:i] + "D" + key[i + 1 :]
            if alt in table:
                return table[alt]
    for i, ch in enumerate(key):  # two Đ ("BPTW") are rare; one more pass covers "BCBTW"
        if ch in "BP" and i > 0:
            alt = key[:i] + "D" + key[i + 1 :]
            if alt in table:
                return table[alt]
    if len(key) >= 3:  # one stray letter from OCR noise ("NÑQ" for "NQ"): only when a single reading fits
        fits = {table[alt] for alt in (key[:i] + key[i + 1 :] for i in range(len(key))) if alt in table}
        if len(fits) == 1:
            return fits.pop()
    return token.upper() if token.isupper() or token.islower() else token


def parse_symbol(raw_num: str, sep: str, year: str | None, rest: str) -> dict:
    """Split a số ký hiệu into number, symbol, year and canonical ref."""
    parts = [canonical_abbr(p) for p in re.split(r"\s*[-/]\s*", rest.strip()) if p]
    num = raw_num  # as printed: "125a" and "47A" both occur; comparisons fold the case
    issuer_key = fold(parts[-1]).upper() if parts else ""
    party = sep == "-" or (len(parts) == 2 and issuer_key in vocab.party_issuers() and not year)
    if party and len(parts) >= 2:
        symbol = f"{parts[0]}/{'-'.join(parts[1:])}"
        ref = f"{num}-{symbol}"
    else:
        symbol = "-".join(parts)
        ref = f"{num}/{year}/{symbol}" if year else f"{num}/{symbol}"
    return {"number": num, "symbol": symbol, "year": int(year) if year else None, "ref": ref, "party": party}


def _iso(d: str, m: str, y: str) -> str | None:
    try:
        return _date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def extract_citations(text: str, folded: str, own_ref: str | None = None, body_start: int = 0) -> tuple[list, list]:
    """(citations, warnings) for ``text``; ``own_ref`` (the plan's own number) is never a citation."""
    warnings: list[dict] = []
    found: list[dict] = []
    for m in _SYMBOL.finditer(folded):
        if m.start() < body_start:
            continue
        sym = parse_symbol(text[m.start("num") : m.end("num")], m.group("sep"), m.group("year"), text[m.start("rest") : m.end("rest")])
        dtype, start = _doc_type_before(text, folded, m.start())
        if dtype is None and sym["symbol"].split("/")[0].split("-")[0] not in {
            t["abbr"] for t in _TYPE_NAMES if t["abbr"]
        } and "UBND" not in sym["symbol"]:
            continue  # no type word and no type abbreviation: a code, not a citation
        end = m.end()
        cite = {
            "doc_type": dtype["name"] if dtype else _type_from_abbr(sym["symbol"]),
            "number": sym["number"],
            "symbol": sym["symbol"],
            "year": sym["year"],
            "ref": sym["ref"],
            "date": None,
            "issuer": None,
        }
        dm = _DATE_AFTER.match(folded, end)
        if dm:
            if dm.group("d"):
                cite["date"] = _iso(dm.group("d"), dm.group("m"), dm.group("y"))
            else:
                cite["date"] = _iso(dm.group("d2"), dm.group("m2"), dm.group("y2"))
            end = dm.end()
        om = _OF.match(folded, end)
        if om:
            organ = read_organ(text, om.end(), cite=True)
            if organ:
                cite["issuer"] = organ["name"]
                end = organ["end"]
        if cite["issuer"] is None:
            cite["issuer"] = _issuer_from_symbol(sym)
        if own_ref and _same_ref(cite["ref"], own_ref):
            continue
        cite["_mention"] = ev(text, start, end)
        found.append(cite)
    citations = _merge(found, warnings)
    _short_forms(text, folded, citations, warnings, body_start, own_ref)
    _laws(text, folded, citations, body_start)
    for c in citations:
        c.pop("_key", None)
    return citations, warnings


def _type_from_abbr(symbol: str) -> str | None:
    head = re.split(r"[-/]", symbol)[0]
    for t in _TYPE_NAMES:
        if t["abbr"] == head and t["name"] not in ("Chương trình hành động", "Kế hoạch hành động"):
            return t["name"]
    if head == "UBND":
        return "Công văn"
    return None


def _issuer_from_symbol(sym: dict) -> str | None:
    """Issuer implied by the symbol alone for national bodies (CP, TTg, TW ...), else None."""
    issuers = vocab.load("symbols")["issuers"]
    last = re.split(r"[-/]", sym["symbol"])[-1]
    national = {"CP", "TTg", "BCĐTW", "QH", "UBTVQH", "BKHCN", "BNV", "BTC", "VPCP", "BCA", "BQP", "BYT", "BTP"}
    return issuers.get(last) if last in national else None


def _same_ref(a: str, b: str) -> bool:
    return fold(a).replace(" ", "") == fold(b).replace(" ", "")


def _merge(found: list[dict], warnings: list[dict]) -> list[dict]:
    """One entry per document: same ref, or same type/number/date/issuer with a symbol typo."""
    out: list[dict] = []
    by_ref: dict[str, dict] = {}
    for c in found:
        mention = c.pop("_mention")
        key = fold(c["ref"])
        target = by_ref.get(key)
        if target is None:
            for o in out:
                if (
                    o["number"] == c["number"]
                    and c["date"] and o["date"] == c["date"]
                    and _type_abbr(o) == _type_abbr(c)
                    and (o["issuer"] or "") == (c["issuer"] or "")
                ):
                    warnings.append({
                        "code": "citation_symbol_conflict",
                        "message": f"{c['ref']} and {o['ref']} share type, number, date and issuer; "
                        f"read as one document ({o['ref']}).",
                    })
                    target = o
                    by_ref[key] = o
                    break
        if target is None:
            c["mentions"] = [mention]
            c["resolved"] = True
            by_ref[key] = c
            out.append(c)
            continue
        target["mentions"].append(mention)
        for field in ("date", "issuer", "doc_type"):
            if target[field] is None and c[field] is not None:
                target[field] = c[field]
        if c["date"] and target["date"] and c["date"] != target["date"]:
            warnings.append({"code": "citation_date_conflict", "message": f"{c['ref']} cited with dates {target['date']} and {c['date']}."})
    return out


def _type_abbr(c: dict) -> str | None:
    for t in _TYPE_NAMES:
        if t["name"] == c.get("doc_type"):
            return t["abbr"] or t["name"]
    return None


def _short_forms(text, folded, citations, warnings, body_start, own_ref) -> None:
    """Attach "Nghị quyết số 57" to its full citation, or record it unresolved."""
    spans = [(m["start"], m["end"]) for c in citations for m in c["mentions"]]
    for m in _SHORT_RE.finditer(folded):
        if m.start() < body_start or any(s <= m.start() < e for s, e in spans):
            continue
        tname = _match_type(m.group("type"))
        num = text[m.start("num") : m.end("num")].upper()
        abbr = next((t["abbr"] or t["name"] for t in _TYPE_NAMES if t["name"] == tname), None)
        hits = [c for c in citations if (c["number"] or "").upper() == num and c.get("symbol") and _type_abbr(c) == abbr]
        mention = ev(text, m.start(), m.end())
        mention["short"] = True
        if len(hits) == 1:
            hits[0]["mentions"].append(mention)
            continue
        if own_ref and own_ref.split("/")[0].split("-")[0] == num and abbr == "KH":
            continue
        if len(hits) > 1:
            warnings.append({"code": "citation_ambiguous", "message": f"'{mention['text']}' matches {len(hits)} cited documents; left unresolved."})
        same = [c for c in citations if not c["resolved"] and c["number"] == num and c["doc_type"] == tname]
        if same:
            same[0]["mentions"].append(mention)
            continue
        citations.append({
            "doc_type": tname, "number": num, "symbol": None, "year": None, "ref": None, "date": None,
            "issuer": None, "mentions": [mention], "resolved": False,
        })
        warnings.append({"code": "citation_unresolved", "message": f"'{mention['text']}' has no full citation in the text."})


def _match_type(fragment: str) -> str | None:
    key = ocr_key(fragment)
    best = max(_TYPE_NAMES, key=lambda t: (fuzz.ratio(key, ocr_key(t["name"])), len(t["name"])))
    return best["name"]


def _laws(text, folded, citations, body_start) -> None:
    """Laws cited by name only ("theo Luật Giao dịch điện tử"); "pháp luật" is not one."""
    names = vocab.laws()
    for m in _LAW.finditer(folded):
        if m.start() < body_start or not text[m.start()].isupper():
            continue
        tail = text[m.end() : m.end() + 80]
        words = tail.split()
        best = None
        wkeys = [ocr_key(w) for w in words[:9]]
        for n in range(1, min(9, len(words)) + 1):
            cand = " ".join(k for k in wkeys[:n] if k)
            for key, name in names.items():
                score = fuzz.ratio(cand, key)
                if score >= 85 and (best is None or score > best[0] or (score == best[0] and n > best[2])):
                    best = (score, name, n)
        if not best:
            continue
        _, name, n = best
        end = m.end() + len(" ".join(tail.split()[:n])) + (len(tail) - len(tail.lstrip()))
        mention = ev(text, m.start(), end)
        existing = next((c for c in citations if c["doc_type"] == "Luật" and c.get("name") == name), None)
        if existing:
            existing["mentions"].append(mention)
            continue
        citations.append({
            "doc_type": "Luật", "name": name, "number": None, "symbol": None, "year": None, "ref": None,
            "date": None, "issuer": None, "mentions": [mention], "resolved": True,
        })
