"""Compare one plan (a ``kehoach run`` JSON output) with the template: coverage, deviations, additions.

Matching runs in tiers, strongest first, and each row says which tier decided it (``method``):

1. ``exact``: keys that need no judgement — citation refs ('57-NQ/TW' ≡ '57-NQ-TW'), phase and
   milestone years, award forms and occasions;
2. ``canonical``: a template phrase found word for word in the folded (accent-free, OCR-repaired) text
   of an extracted section title, office name or paragraph;
3. ``fuzzy``: rapidfuzz ``partial_ratio`` of the phrase against the same folded text, for OCR damage
   ('nang cao nhan thtrc'); judged against the template's ``covered`` / ``partial`` thresholds;
4. ``text``: the extractors found nothing of that kind, so the plan's normalised text is searched
   directly (citations, phases, milestones, award forms, office names). This keeps the comparison
   useful on outputs of weak or older extractors, and says so.

Every status carries its evidence span (offsets into ``text.normalized``) so the report can show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from rapidfuzz import fuzz, process

from .template import Item, Template
from .text import Line, fallback_headings, fold, key, label_style, lines, ref_key

COVERED, PARTIAL, MISSING = "covered", "partial", "missing"


@dataclass
class Evidence:
    start: int | None = None
    end: int | None = None
    text: str = ""


@dataclass
class Coverage:
    item_id: str
    kind: str
    label: str
    status: str
    score: float
    method: str
    evidence: Evidence = field(default_factory=Evidence)
    detail: str = ""


@dataclass
class Deviation:
    item_id: str | None
    kind: str
    code: str
    expected: str
    found: str
    message: str


@dataclass
class Addition:
    kind: str
    text: str
    start: int | None = None
    end: int | None = None


@dataclass
class PlanComparison:
    plan: str
    coverage: list[Coverage] = field(default_factory=list)
    deviations: list[Deviation] = field(default_factory=list)
    additions: list[Addition] = field(default_factory=list)


# ---------------------------------------------------------------- helpers over the contract JSON

def _norm_text(doc: dict) -> str:
    return (doc.get("text") or {}).get("normalized") or ""


def _span_of(entry: dict) -> tuple[int | None, int | None]:
    """The first evidence span an extracted entry carries, whatever form the extractor used."""
    for m in entry.get("mentions") or []:
        if isinstance(m, dict) and isinstance(m.get("start"), int):
            return m["start"], m.get("end", m["start"])
    span = entry.get("span")
    if isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span):
        return span[0], span[1]
    if isinstance(entry.get("start"), int):
        return entry["start"], entry.get("end", entry["start"])
    ev = entry.get("evidence")
    if isinstance(ev, dict) and isinstance(ev.get("start"), int):
        return ev["start"], ev.get("end", ev["start"])
    return None, None


def _evidence(text: str, start: int | None, end: int | None, limit: int = 200) -> Evidence:
    if start is None or end is None:
        return Evidence()
    snippet = " ".join(text[start:end].split())
    return Evidence(start, end, snippet if len(snippet) <= limit else snippet[: limit - 1] + "…")


def flatten_sections(sections: Iterable[dict], level: int = 1) -> list[dict]:
    out = []
    for s in sections or []:
        if not isinstance(s, dict):
            continue
        out.append({**s, "level": s.get("level") or level})
        out.extend(flatten_sections(s.get("children") or [], (s.get("level") or level) + 1))
    return out


def phrase_score(phrase_key: str, text_key: str) -> tuple[float, str]:
    """(score, method) of a folded phrase inside folded text: 100/'canonical' when whole words match."""
    if not phrase_key or not text_key:
        return 0.0, "none"
    if f" {phrase_key} " in f" {text_key} ":
        return 100.0, "canonical"
    if len(text_key) < len(phrase_key) * 0.6:
        return 0.0, "none"
    # compare with runs of whole words (n-1 … n+1 words for an n-word phrase), so that OCR damage
    # inside words is forgiven but a phrase is never found inside a longer word ("số" in "sống")
    words = text_key.split()
    n = phrase_key.count(" ") + 1
    windows = [" ".join(words[i:i + m]) for m in (n - 1, n, n + 1) if m > 0 for i in range(0, max(len(words) - m, 0) + 1)]
    best = process.extractOne(phrase_key, windows, scorer=fuzz.ratio)
    return (round(best[1], 1), "fuzzy") if best else (0.0, "none")


def best_phrase(phrases: list[str], text: str) -> tuple[float, str]:
    text_key = key(text)
    best = (0.0, "none")
    for p in phrases:
        best = max(best, phrase_score(key(p), text_key))
    return best


def _status(score: float, template: Template, cap: str = COVERED) -> str:
    status = COVERED if score >= template.covered else PARTIAL if score >= template.partial else MISSING
    if cap == PARTIAL and status == COVERED:
        return PARTIAL
    return status


def _roles(entry: dict) -> list[str]:
    role = entry.get("role")
    roles = role if isinstance(role, list) else [role] if role else []
    return [key(r) for r in roles if isinstance(r, str)]


def _year(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- the comparison

class PlanMatcher:
    """Holds one plan's text views so every template item is matched against the same data."""

    def __init__(self, plan: str, doc: dict, template: Template) -> None:
        self.plan, self.doc, self.t = plan, doc, template
        self.text = _norm_text(doc)
        self.folded = fold(self.text)
        self.lines = lines(self.text)
        # extracted sections first; headings read from the text back them up when extraction missed some
        sections = flatten_sections(doc.get("sections") or [])
        guessed = [{**h, "_from_text": True} for h in fallback_headings(self.text)]
        self.sections = sections + guessed
        self.result = PlanComparison(plan)
        self.section_hits: dict[str, dict] = {}

    # -- sections ------------------------------------------------------------------------------
    def match_section(self, item: Item) -> Coverage:
        best: tuple[float, int, dict | None, str] = (0.0, 0, None, "none")
        for s in self.sections:
            score, method = best_phrase(item.get("keys"), s.get("title") or "")
            level = int(s.get("level") or 1)
            # the best score wins; on a tie the higher-level section (I., II. …) does
            if best[2] is None or (score, -level) > (best[0], -best[1]):
                best = (score, level, s, method)
        score, level, sec, method = best
        status = _status(score, self.t, cap=COVERED if level == 1 else PARTIAL) if sec else MISSING
        if sec is None or status == MISSING:
            return Coverage(item.id, item.kind, item.label, MISSING, score, method if sec else "none")
        self.section_hits[item.id] = sec
        start, end = _span_of(sec)
        line_end = self.text.find("\n", start) if start is not None else -1
        ev = _evidence(self.text, start, min(end, line_end if line_end >= 0 else len(self.text)) if start is not None else None)
        detail = f"{sec.get('label', '')}. {sec.get('title', '')}".strip()
        if sec.get("_from_text"):
            method = f"text+{method}"
        return Coverage(item.id, item.kind, item.label, status, score, method, ev, detail)

    # -- contents ------------------------------------------------------------------------------
    def _scope_lines(self, item: Item) -> list[Line] | None:
        scope = item.get("scope")
        sec = self.section_hits.get(scope) if scope else None
        if not sec:
            return None
        start, end = _span_of(sec)
        if start is None:
            return None
        return [ln for ln in self.lines if ln.start >= start and ln.end <= end]

    def match_content(self, item: Item, used_lines: dict[int, str]) -> Coverage:
        scoped = self._scope_lines(item)
        pools = ([(scoped, COVERED)] if scoped else []) + [(self.lines, PARTIAL)]
        keys = [key(p) for p in item.get("keys")]
        for pool, cap in pools:
            best: tuple[float, str, Line | None] = (0.0, "none", None)
            for ln in pool:
                head = key(ln.head)
                for k in keys:
                    score, method = phrase_score(k, head)
                    if score > best[0]:
                        best = (score, method, ln)
            score, method, ln = best
            status = _status(score, self.t, cap=cap) if ln else MISSING
            if status != MISSING:
                used_lines[ln.start] = item.id
                detail = "" if cap == COVERED else ("outside the contents section" if scoped else "no contents section found")
                return Coverage(item.id, item.kind, item.label, status, score, method,
                                _evidence(self.text, ln.start, ln.end), detail)
        return Coverage(item.id, item.kind, item.label, MISSING, best[0], best[1])

    def content_additions(self, items: list[Item], used_lines: dict[int, str]) -> None:
        """List items of the contents section written like the template's contents but matching none."""
        scopes = {i.get("scope") for i in items if i.get("scope")}
        for scope in scopes:
            sec = self.section_hits.get(scope)
            if not sec:
                continue
            start, end = _span_of(sec)
            scoped = [ln for ln in self.lines if start <= ln.start and ln.end <= end]
            matched = [n for n, ln in enumerate(scoped) if ln.start in used_lines]
            styles = [label_style(scoped[n].text) for n in matched]
            styles = [x for x in styles if x]
            if not styles:
                continue
            # the contents are the run of list items written like the matched ones (the commonest
            # label style), from the first matched item to the last one and any that follow it,
            # up to a list item of another style (the next sub-section)
            style = max(sorted(set(styles)), key=styles.count)
            run = []
            for ln in scoped[matched[0]:]:
                s = label_style(ln.text)
                if s == style:
                    run.append(ln)
                elif s is not None and run and run[-1].start >= scoped[matched[-1]].start:
                    break
            for ln in run:
                if ln.start not in used_lines:
                    # subsection headings such as "1. Đối tượng thi đua" are not contents
                    if any(best_phrase(s.get("keys"), ln.text[:60])[0] >= self.t.covered
                           for s in self.t.of_kind("section")):
                        continue
                    if len(ln.text) < 25:
                        continue
                    self.result.additions.append(Addition("content", ln.text[:200], ln.start, ln.end))

    # -- citations -----------------------------------------------------------------------------
    def match_citation(self, item: Item, matched_refs: set[str]) -> Coverage:
        want = {ref_key(item.get("ref"))} | {ref_key(a) for a in item.get("aliases", [])}
        for c in self.doc.get("citations") or []:
            keys = {ref_key(c.get("ref") or "")}
            if c.get("number") and c.get("symbol"):
                keys.add(ref_key(f"{c['number']}{c['symbol']}"))
            if keys & want:
                matched_refs.add(ref_key(c.get("ref") or ""))
                s, e = _span_of(c)
                return Coverage(item.id, item.kind, item.label, COVERED, 100.0, "exact", _evidence(self.text, s, e),
                                c.get("ref") or "")
        # not extracted: look for the reference itself, then for its short form, in the text
        number, symbol = re.match(r"^(\w+)[-/]?(.*)$", item.get("ref")).groups()
        parts = [re.escape(p) for p in re.split(r"[-/ ]+", fold(symbol)) if p]
        full = re.compile(r"(?<![\w/])" + re.escape(fold(number)) + r"\s*[-/]\s*" + r"\s*[-/]\s*".join(parts) + r"\b")
        m = full.search(self.folded)
        if m:
            return Coverage(item.id, item.kind, item.label, COVERED, 100.0, "text", _evidence(self.text, m.start(), m.end()),
                            "cited in the text, not in `citations`")
        short = re.compile(r"\b" + r"\s+".join(map(re.escape, key(item.get("doc_type")).split())) + r"\s+(?:so\s+)?"
                           + re.escape(fold(number)) + r"(?![\w/-])")
        m = short.search(self.folded)
        if m:
            return Coverage(item.id, item.kind, item.label, PARTIAL, 50.0, "text", _evidence(self.text, m.start(), m.end()),
                            "named by number only (no symbol, no date)")
        return Coverage(item.id, item.kind, item.label, MISSING, 0.0, "none")

    # -- phases and milestones -----------------------------------------------------------------
    _PHASE_RE = re.compile(r"giai doan\s*(\d{1,2}|[ivx]{1,4})\b\D{0,15}?(20\d\d)\s*(?:-|den(?: nam)?)\s*(?:nam\s*)?(20\d\d)")

    def plan_phases(self) -> tuple[list[dict], str]:
        phases = [p for p in self.doc.get("phases") or [] if _year(p.get("start_year")) and _year(p.get("end_year"))]
        if phases:
            return phases, "exact"
        found = []
        for m in self._PHASE_RE.finditer(self.folded):
            found.append({"label": self.text[m.start():m.start(1) + len(m.group(1))], "start_year": int(m.group(2)),
                          "end_year": int(m.group(3)), "start": m.start(), "end": m.end()})
        return found, "text"

    def match_phases(self, items: list[Item]) -> list[Coverage]:
        phases, method = self.plan_phases()
        out, used = [], set()
        for n, item in enumerate(items):
            want = (item.get("start_year"), item.get("end_year"))
            exact = next((i for i, p in enumerate(phases)
                          if i not in used and (_year(p["start_year"]), _year(p["end_year"])) == want), None)
            if exact is not None:
                used.add(exact)
                s, e = _span_of(phases[exact])
                out.append(Coverage(item.id, item.kind, item.label, COVERED, 100.0, method, _evidence(self.text, s, e),
                                    f"{want[0]}–{want[1]}"))
                continue
            out.append(None)  # decided below, once exact matches have taken their phases
        for n, item in enumerate(items):
            if out[n] is not None:
                continue
            want = (item.get("start_year"), item.get("end_year"))
            # the same position in the plan, else any phase sharing a bound year
            cands = [i for i in range(len(phases)) if i not in used]
            pick = n if n in cands else next((i for i in cands if {_year(phases[i]["start_year"]), _year(phases[i]["end_year"])} & set(want)), None)
            if pick is None:
                out[n] = Coverage(item.id, item.kind, item.label, MISSING, 0.0, "none")
                if item.required:
                    self.result.deviations.append(Deviation(item.id, "phase", "phase_missing", f"{want[0]}–{want[1]}", "",
                                                            f"no phase matching {item.label}"))
                continue
            used.add(pick)
            p = phases[pick]
            got = f"{_year(p['start_year'])}–{_year(p['end_year'])}"
            s, e = _span_of(p)
            out[n] = Coverage(item.id, item.kind, item.label, PARTIAL, 50.0, method, _evidence(self.text, s, e), got)
            self.result.deviations.append(Deviation(item.id, "phase", "phase_years", f"{want[0]}–{want[1]}", got,
                                                    f"{p.get('label') or 'a phase'} runs {got} instead of {want[0]}–{want[1]}"))
        for i, p in enumerate(phases):
            if i not in used:
                s, e = _span_of(p)
                got = f"{_year(p['start_year'])}–{_year(p['end_year'])}"
                self.result.additions.append(Addition("phase", f"{p.get('label') or 'phase'} {got}", s, e))
                self.result.deviations.append(Deviation(None, "phase", "phase_extra", f"{len(items)} phases", got,
                                                        f"the plan has a phase the template lacks: {got}"))
        return out

    _MILESTONE_RE = re.compile(r"(so ket|tong ket)\b[^\n]{0,60}?\b(20\d\d)\b")

    def plan_milestones(self) -> tuple[list[dict], str]:
        ms = []
        for m in self.doc.get("milestones") or []:
            kind = m.get("type") or m.get("kind") or m.get("label") or m.get("text") or ""
            ms.append({**m, "_type": key(kind), "_year": _year(m.get("year"))})
        if ms:
            return ms, "exact"
        return [{"_type": m.group(1), "_year": int(m.group(2)), "start": m.start(), "end": m.end()}
                for m in self._MILESTONE_RE.finditer(self.folded)], "text"

    def match_milestone(self, item: Item) -> Coverage:
        ms, method = self.plan_milestones()
        want_type, want_year = key(item.get("type")), item.get("year")
        same = [m for m in ms if want_type in m["_type"]]
        hit = next((m for m in same if m["_year"] == want_year), None)
        if hit:
            s, e = _span_of(hit)
            return Coverage(item.id, item.kind, item.label, COVERED, 100.0, method, _evidence(self.text, s, e), str(want_year))
        years = sorted({m["_year"] for m in same if m["_year"]})
        if same and years:
            s, e = _span_of(same[0])
            self.result.deviations.append(Deviation(item.id, "milestone", "milestone_year", str(want_year),
                                                    ", ".join(map(str, years)), f"{item.get('type')} in {', '.join(map(str, years))} instead of {want_year}"))
            return Coverage(item.id, item.kind, item.label, PARTIAL, 50.0, method, _evidence(self.text, s, e), ", ".join(map(str, years)))
        return Coverage(item.id, item.kind, item.label, MISSING, 0.0, "none")

    # -- awards --------------------------------------------------------------------------------
    def match_award(self, item: Item) -> Coverage:
        awards = self.doc.get("awards") or []
        form, occasion = key(item.get("form")), key(item.get("occasion"))
        same_form = [a for a in awards if key(a.get("form") or "") == form]
        if not awards:
            m = re.search(r"\b" + re.escape(form) + r"\b", self.folded)
            if m:
                return Coverage(item.id, item.kind, item.label, PARTIAL, 50.0, "text", _evidence(self.text, m.start(), m.end()),
                                "form named in the text; occasion unknown (no `awards`)")
            if item.required:
                self.result.deviations.append(Deviation(item.id, "award", "award_form_missing", item.get("form"), "",
                                                        f"no {item.get('form')} in the plan"))
            return Coverage(item.id, item.kind, item.label, MISSING, 0.0, "none")
        both = [a for a in same_form if key(a.get("occasion") or "") == occasion]
        if both:
            a = both[0]
            s, e = _span_of(a)
            want_conf = item.get("conferrer")
            confs = [a2.get("conferrer") for a2 in both if a2.get("conferrer")]
            if want_conf and confs and not any(_same_conferrer(want_conf, c) for c in confs):
                if item.required:
                    self.result.deviations.append(Deviation(item.id, "award", "award_conferrer", want_conf, "; ".join(confs),
                                                            f"{item.get('form')} ({item.get('occasion')}) conferred by {'; '.join(confs)}"))
                return Coverage(item.id, item.kind, item.label, PARTIAL, 75.0, "exact", _evidence(self.text, s, e),
                                f"conferrer: {'; '.join(confs)}")
            return Coverage(item.id, item.kind, item.label, COVERED, 100.0, "exact", _evidence(self.text, s, e),
                            a.get("conferrer") or "")
        if same_form:
            s, e = _span_of(same_form[0])
            occ = sorted({a.get("occasion") for a in same_form if a.get("occasion")})
            if not occ:
                return Coverage(item.id, item.kind, item.label, PARTIAL, 50.0, "exact", _evidence(self.text, s, e),
                                "occasion not given")
            if item.required:
                self.result.deviations.append(Deviation(item.id, "award", "award_occasion", item.get("occasion"), ", ".join(occ),
                                                        f"{item.get('form')} is given at {', '.join(occ)}, not at {item.get('occasion')}"))
            return Coverage(item.id, item.kind, item.label, PARTIAL, 50.0, "exact", _evidence(self.text, s, e),
                            f"occasion: {', '.join(occ)}")
        if item.required:
            self.result.deviations.append(Deviation(item.id, "award", "award_form_missing", item.get("form"), "",
                                                    f"no {item.get('form')} among the plan's award forms"))
        return Coverage(item.id, item.kind, item.label, MISSING, 0.0, "none")

    def award_additions(self, items: list[Item]) -> None:
        known = {key(i.get("form")) for i in items}
        seen = set()
        for a in self.doc.get("awards") or []:
            f = key(a.get("form") or "")
            if f and f not in known and f not in seen:
                seen.add(f)
                s, e = _span_of(a)
                self.result.additions.append(Addition("award", a.get("form"), s, e))
                self.result.deviations.append(Deviation(None, "award", "award_extra", "", a.get("form"),
                                                        f"award form {a.get('form')} is not in the template"))

    # -- offices -------------------------------------------------------------------------------
    def _office_matches(self, names: list[str], office: dict) -> float:
        got = key(office.get("name") or "", expand=True)
        best = 0.0
        for n in names:
            want = key(n, expand=True)
            if got == want or got.startswith(want + " "):
                return 100.0
            best = max(best, fuzz.ratio(want, got[: len(want)]))
        return best

    def match_office(self, item: Item, matched: set[int]) -> Coverage:
        offices = self.doc.get("offices") or []
        roles = [key(r) for r in item.get("roles")]
        names = item.get("names")
        if not offices:
            for n in names:
                m = re.search(r"\b" + re.escape(key(n)) + r"\b", re.sub(r"[^\w\n]", " ", self.folded))
                if m:
                    return Coverage(item.id, item.kind, item.label, PARTIAL, 50.0, "text",
                                    _evidence(self.text, m.start(), m.end()), "named in the text (no `offices`)")
            self._office_missing(item, names)
            return Coverage(item.id, item.kind, item.label, MISSING, 0.0, "none")
        scored = [(self._office_matches(names, o), i, o) for i, o in enumerate(offices)] if names else []
        named = [(s, i, o) for s, i, o in scored if s >= self.t.covered]
        for s, i, o in named:
            matched.add(i)
        in_role = [(s, i, o) for s, i, o in named if not roles or set(roles) & set(_roles(o))]
        if in_role:
            s, i, o = in_role[0]
            a, b = _span_of(o)
            return Coverage(item.id, item.kind, item.label, COVERED, s, "canonical" if s == 100 else "fuzzy",
                            _evidence(self.text, a, b), f"{o.get('name')} ({', '.join(_roles_raw(o)) or 'no role'})")
        holders = [o for o in offices if roles and set(roles) & set(_roles(o))]
        if named:
            s, i, o = named[0]
            a, b = _span_of(o)
            found = f"{o.get('name')} ({', '.join(_roles_raw(o)) or 'no role'})"
            self.result.deviations.append(Deviation(item.id, "office", "office_role", "/".join(item.get("roles")), found,
                                                    f"{o.get('name')} is in the plan but not as {'/'.join(item.get('roles'))}"))
            return Coverage(item.id, item.kind, item.label, PARTIAL, s, "canonical", _evidence(self.text, a, b), found)
        if holders:
            o = holders[0]
            a, b = _span_of(o)
            self.result.deviations.append(Deviation(item.id, "office", "office_in_charge_differs", ", ".join(names),
                                                    "; ".join(h.get("name") or "?" for h in holders),
                                                    f"in charge: {'; '.join(h.get('name') or '?' for h in holders)} instead of {', '.join(names)}"))
            return Coverage(item.id, item.kind, item.label, PARTIAL, 50.0, "exact", _evidence(self.text, a, b), o.get("name") or "")
        self._office_missing(item, names)
        return Coverage(item.id, item.kind, item.label, MISSING, 0.0, "none")

    def _office_missing(self, item: Item, names: list[str]) -> None:
        if item.get("roles"):
            self.result.deviations.append(Deviation(item.id, "office", "office_in_charge_missing", "/".join(item.get("roles")), "",
                                                    f"no office is named {'/'.join(item.get('roles'))} of the plan"))
        elif item.required:
            self.result.deviations.append(Deviation(item.id, "office", "office_missing", ", ".join(names), "",
                                                    f"{', '.join(names)} is not named in the plan"))

    # -- everything ----------------------------------------------------------------------------
    def run(self) -> PlanComparison:
        t, res = self.t, self.result
        by_id: dict[str, Coverage] = {}
        for item in t.of_kind("section"):
            by_id[item.id] = self.match_section(item)
        used_lines: dict[int, str] = {}
        contents = t.of_kind("content")
        for item in contents:
            by_id[item.id] = self.match_content(item, used_lines)
        self.content_additions(contents, used_lines)
        refs: set[str] = set()
        for item in t.of_kind("citation"):
            by_id[item.id] = self.match_citation(item, refs)
        for c in self.doc.get("citations") or []:
            if ref_key(c.get("ref") or "") not in refs and c.get("ref"):
                s, e = _span_of(c)
                res.additions.append(Addition("citation", c["ref"], s, e))
        for item, cov in zip(t.of_kind("phase"), self.match_phases(t.of_kind("phase"))):
            by_id[item.id] = cov
        for item in t.of_kind("milestone"):
            by_id[item.id] = self.match_milestone(item)
        for item in t.of_kind("award"):
            by_id[item.id] = self.match_award(item)
        self.award_additions(t.of_kind("award"))
        matched_offices: set[int] = set()
        for item in t.of_kind("office"):
            by_id[item.id] = self.match_office(item, matched_offices)
        for i, o in enumerate(self.doc.get("offices") or []):
            if i not in matched_offices and o.get("name"):
                s, e = _span_of(o)
                res.additions.append(Addition("office", o["name"], s, e))
        res.coverage = [by_id[i.id] for i in t.items]
        missing_codes = {"section": "section_missing", "content": "content_missing", "citation": "citation_missing",
                         "milestone": "milestone_missing"}
        for item, cov in zip(t.items, res.coverage):
            if cov.status == MISSING and item.required and item.kind in missing_codes:
                res.deviations.append(Deviation(item.id, item.kind, missing_codes[item.kind], item.label, "",
                                                f"{item.label}: not found in the plan"))
        order = {i.id: n for n, i in enumerate(t.items)}
        res.deviations.sort(key=lambda d: (order.get(d.item_id, len(order)), d.code, d.found))
        return res


def _roles_raw(entry: dict) -> list[str]:
    role = entry.get("role")
    return [r for r in (role if isinstance(role, list) else [role]) if isinstance(r, str) and r]


def _same_conferrer(a: str, b: str) -> bool:
    ka, kb = key(a, expand=True), key(b, expand=True)
    return ka == kb or fuzz.ratio(ka, kb) >= 90


def compare_plan(plan: str, doc: dict, template: Template) -> PlanComparison:
    """Coverage of every template item, deviations and additions for one plan's contract JSON."""
    return PlanMatcher(plan, doc, template).run()
