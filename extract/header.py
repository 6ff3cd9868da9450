"""Header and signature block (thể thức of Nghị định 30/2020/NĐ-CP) from the first and last lines.

The two-column header reaches us as OCR read it: left column (cơ quan ban hành, số ký hiệu) and right
column (quốc hiệu, tiêu ngữ, địa danh and date) often merged into one line. The right column's fixed
wording is recognised and cut away; what remains on the left names the issuer. The signature block at
the end is split the same way: "Nơi nhận" items on the left, authority (TM./KT.), title and name on the
right.
"""

from __future__ import annotations

import re
from datetime import date as _date
from functools import lru_cache

from rapidfuzz import fuzz

from normalize.vietnamese import strip_accents

from . import vocab
from .citations import _SYMBOL, parse_symbol
from .fold import best_match, fold, ocr_key
from .organs import LEVELS, level_at, place_name, read_organ
from .spans import ev

_MOTTO = re.compile(
    r"c\S{2,3}ng\s+h\S{1,3}a\s+x\S{1,2}\s+h\S{1,3}i\s+ch\S{1,3}\s+ngh\S{1,3}\s+vi\S{1,3}t\s+nam"
    r"|\S{2,4}\s+\S{2,4}\s*-\s*t\S{1,2}\s+d\S{1,2}\s*-\s*h\S{2,4}\s+ph\S{1,5}"
)
_NUMBER_LINE = re.compile(r"^\W{0,3}s\S{0,2}\s*[:.;]?\s*(?=\d)")
_DATE_WORDS = re.compile(
    r",?\s*ng\S{1,3}\s*(?P<d>\S*?)\s*th\S{2,4}\s*(?P<m>\S*?)\s*n\S{1,3}\s*(?P<y>(?:19|20)\d\d)"
)
_OPENER = re.compile(
    r"^[\W_]*(?:c\S{1,2}n\s+c\S{1,3}\b|th\S{1,3}\s+hi\S{1,3}n?\b|nh\S{1,3}m\b|theo\b|tr\S{1,2}n\s+c\S\s+s\S"
    r"|x\S{1,2}t\b|[dpb]\S\s+(?!an\b)|(?:[ivxl|1]{1,4})\s*[.:]\s|uy\s+ban|ubnd)"
)
# Reflow may join the title and the first paragraph of the body into one line ("... giai đoạn 2025 - 2030
# Thực hiện Nghị quyết số 57-NQ/TW ..."): a capitalised opener word inside a title line starts the body.
# Only openers that never start a word inside a title are used ("Bộ", "Ủy ban" may).
_MID_OPENER = re.compile(r"(?<=[^\s\"“(])\s+(?=(?:th\S{1,3}\s+hi\S{1,3}n?|c\S{1,2}n\s+c\S{1,3}|nh\S{1,3}m|theo)\s)")
_RECIPIENTS = re.compile(r"^\W{0,3}n\S{1,2}i\s+nh\S{1,3}n\s*[:;.]?", re.M)
_TM = re.compile(r"\btm\s*[.,]")
_KT = re.compile(r"\bkt\s*[.,]")
_PHO_CT = re.compile(r"ph\S\s*ch\S{1,2}\s+t\S{1,2}ch")
_CT = re.compile(r"ch\S{1,2}\s+t\S{1,2}ch")
_SEPARATOR = re.compile(r"^[\s\-_=.*~]+$")


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _doc_type_line(text: str, lines, limit: int = 10) -> tuple[int, dict] | None:
    """Index of the line that is just a document type ("KẾ HOẠCH", "KE HOACH"), and the type."""
    choices = {k: t for k, t in vocab.doc_types().items()}
    for i, (s, e) in enumerate(lines[:limit]):
        line = text[s:e].strip()
        letters = [c for c in line if c.isalpha()]
        if not letters or len(line) > 40 or sum(c.isupper() for c in letters) < 0.7 * len(letters):
            continue
        key = ocr_key(line)
        for k, t in choices.items():
            if fuzz.ratio(key, k) >= 85:
                return i, t
    return None


def _iso(y, m, d) -> str | None:
    try:
        return _date(int(y), int(m), int(d)).isoformat()
    except (TypeError, ValueError):
        return None


def _legible(tok: str, hi: int) -> int | None:
    return int(tok) if tok.isdigit() and 1 <= int(tok) <= hi else None


def extract_header(text: str, folded: str, *, accents_guessed: bool = False) -> tuple[dict, int, list]:
    """(document fields, offset where the body starts, warnings)."""
    warnings: list[dict] = []
    lines = _lines(text)
    doc: dict = {
        "doc_type": None, "number": None, "issuer": None, "issuer_parent": None, "place": None,
        "date": None, "date_parts": {"day": None, "month": None, "year": None}, "title": None,
        "signer": {"name": None, "title": None, "on_behalf": None}, "recipients": [], "evidence": {},
    }
    evidence = doc["evidence"]
    found = _doc_type_line(text, lines)
    type_idx = found[0] if found else None
    if found:
        doc["doc_type"] = found[1]["name"]
        s, e = lines[type_idx]
        evidence["doc_type"] = ev(text, s, e)
    if type_idx is not None:
        head_end = type_idx
    else:  # no type line: the header, if any, ends with the "Số:" line
        head_end = next((i + 1 for i, (s, e) in enumerate(lines[:6]) if _NUMBER_LINE.match(folded[s:e]) and _SYMBOL.search(folded, s, e)), 0)

    # Số ký hiệu, place and date: the line starting with "Số".
    left_lines: list[tuple[int, int]] = []
    symbol_issuer = None
    for i in range(head_end):
        s, e = lines[i]
        fl = folded[s:e]
        nm = _NUMBER_LINE.match(fl)
        sm = _SYMBOL.search(fl, nm.end()) if nm else None
        if sm:
            sym = parse_symbol(text[s + sm.start("num") : s + sm.end("num")], sm.group("sep"), sm.group("year"),
                               text[s + sm.start("rest") : s + sm.end("rest")])
            doc["number"] = sym["ref"]
            evidence["number"] = ev(text, s + sm.start(), s + sm.end())
            symbol_issuer = sym["symbol"].split("-")[-1].split("/")[-1]
            dm = _DATE_WORDS.search(fl, sm.end())
            if dm:
                _place_date(text, s, s + sm.end(), dm, doc, warnings)
        else:
            cut = _MOTTO.search(fl)
            end = s + cut.start() if cut else e
            dm = _DATE_WORDS.search(fl) if evidence.get("date") is None else None
            if dm and not cut:
                # Place and date on their own line (the right column read after the left one).
                _place_date(text, s, s, dm, doc, warnings)
                end = s
            if text[s:end].strip():
                left_lines.append((s, end))

    _issuer(text, folded, left_lines, symbol_issuer, doc, warnings)

    body_start = (lines[head_end - 1][1] + 1 if type_idx is None else lines[head_end][1] + 1) if head_end else 0
    body_start = min(body_start, len(text))
    if type_idx is not None:
        t_lines = []
        for i in range(type_idx + 1, min(type_idx + 6, len(lines))):
            s, e = lines[i]
            line = text[s:e]
            if _SEPARATOR.match(line):
                body_start = e + 1
                break
            cut = _mid_opener(text, folded, s, e)
            if (_OPENER.match(folded[s:e]) and not (not t_lines and _title_opener(folded, s, cut[0] if cut else e))) or len(t_lines) >= 4:
                break
            if cut is not None:
                t_lines.append((s, cut[0]))
                body_start = cut[1]
                break
            t_lines.append((s, e))
            body_start = e + 1
        if t_lines:
            s0, e0 = t_lines[0][0], t_lines[-1][1]
            doc["title"] = " ".join(text[s:e].strip() for s, e in t_lines)
            evidence["title"] = ev(text, s0, e0)
    _signature(text, folded, lines, doc, warnings, accents_guessed)
    return doc, body_start, warnings


def _place_date(text: str, s: int, after: int, dm: re.Match, doc: dict, warnings: list) -> None:
    """Place (the words between ``after`` and the date) and issue date from a match of _DATE_WORDS
    over the folded line starting at ``s``."""
    evidence = doc["evidence"]
    place = text[after : s + dm.start()].strip(" ,.;")
    if place:
        doc["place"] = place
        p0 = text.index(place, after)
        evidence["place"] = ev(text, p0, p0 + len(place))
    day, month, year = _legible(dm.group("d"), 31), _legible(dm.group("m"), 12), int(dm.group("y"))
    doc["date_parts"] = {"day": day, "month": month, "year": year}
    doc["date"] = _iso(year, month, day) if day and month else None
    evidence["date"] = ev(text, s + dm.start(), s + dm.end())
    if doc["date"] is None:
        warnings.append({"code": "date_illegible", "message": f"issue date '{dm.group(0).strip(' ,')}' is only partly legible; "
                         "date is null and the legible parts are in date_parts."})


_TITLE_OPENER = re.compile(r"^[\W_]*th\S{1,3}\s+hi\S{1,3}n?\s")


def _title_opener(folded: str, s: int, e: int) -> bool:
    """The first line after the type line may itself begin with "Thực hiện" ("Thực hiện Phong trào thi
    đua ..."): that is the title, unless the line reads as a body paragraph (ends with ';' or ':')."""
    return bool(_TITLE_OPENER.match(folded[s:e])) and not folded[s:e].rstrip().endswith((";", ":"))


def _mid_opener(text: str, folded: str, s: int, e: int) -> tuple[int, int] | None:
    """(end of the title, start of the body) when a capitalised opener starts the body inside the line."""
    for m in _MID_OPENER.finditer(folded, s, e):
        if text[m.end()].isupper():
            return m.start(), m.end()
    return None


_CLOSING = re.compile(r"^\W{0,3}tr\S{1,2}n\s+[dpb]\S{1,2}y\s+l\S{1,2}\b", re.M)


def body_end(text: str, folded: str, body_start: int) -> int:
    """Where numbered content ends: the closing "Trên đây là ..." paragraph, else "Nơi nhận"."""
    ends = [m.start() for m in _CLOSING.finditer(folded, body_start)]
    if ends:
        return ends[-1]
    rec = [m.start() for m in _RECIPIENTS.finditer(folded, body_start)]
    return rec[-1] if rec else len(text)


def _issuer(text, folded, left_lines, symbol_issuer, doc, warnings) -> None:
    """Issuer from the left header column: organ line + level/place line, or parent over child."""
    evidence = doc["evidence"]
    raw = [(s, e, text[s:e].strip()) for s, e in left_lines]
    organs = [(s, e, read_organ(text, s, e)) for s, e, _ in raw]
    if not raw:
        return
    first_s, first_e, first = organs[0]
    # Parent over child: "ỦY BAN NHÂN DÂN TỈNH X" then "SỞ Y".
    if len(raw) >= 2 and first and any(lv in first["name"] for lv in LEVELS) and organs[1][2]:
        doc["issuer_parent"] = first["name"]
        doc["issuer"] = organs[1][2]["name"]
        evidence["issuer_parent"] = ev(text, first_s, first_e)
        evidence["issuer"] = ev(text, organs[1][0], organs[1][1])
        return
    organ_name = first["name"] if first else None
    rest = raw[1:] if first else raw
    if organ_name is None and symbol_issuer:
        entry = vocab.organs().get(ocr_key(symbol_issuer))
        if entry:
            organ_name = entry["name"]
            warnings.append({"code": "issuer_inferred", "message": f"issuer organ not legible in the header; "
                             f"'{organ_name}' taken from the symbol '{symbol_issuer}'."})
    if organ_name and any(organ_name.endswith(" " + lv) or f" {lv} " in organ_name for lv in LEVELS):
        doc["issuer"] = organ_name
        evidence["issuer"] = ev(text, raw[0][0], raw[0][1])
        return
    for s, e, line in rest:
        words = line.split()
        lv = level_at([ocr_key(w) for w in words])
        if lv:
            level, k = lv
            place, _ = place_name([w.title() for w in words[k:]], level)
            name = " ".join(x for x in (organ_name, level, place) if x)
            doc["issuer"] = name[0].upper() + name[1:]
            evidence["issuer"] = ev(text, raw[0][0] if first else s, e)
            return
    if organ_name:
        doc["issuer"] = organ_name
        evidence["issuer"] = ev(text, raw[0][0], raw[0][1])


def _signature(text, folded, lines, doc, warnings, accents_guessed=False) -> None:
    evidence = doc["evidence"]
    m = None
    for m in _RECIPIENTS.finditer(folded):
        pass
    block_start = m.start() if m else (lines[max(0, len(lines) - 12)][0] if lines else 0)
    # Right column: authority and title, upper case in the original.
    block = text[block_start:]
    fblock = folded[block_start:]
    upper_runs = [(mm.start(), mm.end()) for mm in re.finditer(r"[^\Wa-z\d_]{2,}(?:[\s.]+[^\Wa-z\d_]{2,})*", block)
                  if sum(ch.isupper() for ch in mm.group(0)) >= 3]

    def upper_hit(rx):
        for a, b in upper_runs:
            hit = rx.search(fblock, a, b)
            if hit:
                return hit
        return None

    signer = doc["signer"]
    kt = next((h for h in _KT.finditer(fblock) if _is_authority(block, h)), None)
    tm = next((h for h in _TM.finditer(fblock) if _is_authority(block, h)), None)
    pho, ct = upper_hit(_PHO_CT), upper_hit(_CT)
    if kt:
        signer["on_behalf"] = "KT."
    elif tm:
        signer["on_behalf"] = "TM."
    if pho:
        signer["title"] = "Phó Chủ tịch"
        evidence["signer.title"] = ev(text, block_start + pho.start(), block_start + pho.end())
    elif ct:
        signer["title"] = "Chủ tịch"
        evidence["signer.title"] = ev(text, block_start + ct.start(), block_start + ct.end())
    if signer["on_behalf"]:
        hit = kt or tm
        evidence["signer.on_behalf"] = ev(text, block_start + hit.start(), block_start + hit.end())
    name_span = _signer_name(text, lines, block_start, accents_guessed)
    if name_span:
        s, e, name = name_span
        signer["name"] = name
        evidence["signer.name"] = ev(text, s, e)
    if m:
        doc["recipients"], spans = _recipients(text, lines, m.end(), name_span[0] if name_span else len(text))
        if spans:
            evidence["recipients"] = ev(text, spans[0], spans[1])


_ITEM_LINE = re.compile(r"^\s*[-+•=–]")
_LUU_ANY = re.compile(r"^\s*[-+•=–]?\s*l\S{1,3}u\s*[:;.]?\s*", re.I)
_FILING_CODES = re.compile(r"[A-ZĐ0-9&.\-\s,;]*")
_TWO_UPPER_WORDS = re.compile(r"\s*(\w{2,})\s+(\w{2,})")


def _in_left_column(line: str, at: int) -> bool:
    """Whether offset ``at`` of a signature-block ``line`` lies in the Nơi nhận column: among the filing
    codes of "- Lưu: VT, KT." (KT is the economic office's code there, not "ký thay"), or inside a
    recipient item ("- Phòng KT, HT và ĐT;") before the ';' that ends it."""
    luu = _LUU_ANY.match(line)
    if luu and at >= luu.end() and _FILING_CODES.fullmatch(line, luu.end(), at):
        return True
    return bool(_ITEM_LINE.match(line)) and ";" not in line[:at]


def _is_authority(block: str, hit: re.Match) -> bool:
    """A TM./KT. hit (in the folded block) is the signer's authority unless it lies in the Nơi nhận column;
    there it counts only when the right column's upper-case words follow it ("- Như trên KT. CHỦ TỊCH")."""
    ls = block.rfind("\n", 0, hit.start()) + 1
    le = block.find("\n", hit.start())
    line = block[ls : le if le >= 0 else len(block)]
    if not _in_left_column(line, hit.start() - ls):
        return True
    after = _TWO_UPPER_WORDS.match(line, hit.end() - ls)
    return bool(after) and after.group(1).isupper() and after.group(2).isupper()


_SURNAMES = None


def _repair_surname(word: str) -> str:
    global _SURNAMES
    if _SURNAMES is None:
        _SURNAMES = {ocr_key(n): n for n in vocab.load("names")["surnames"]}
    hit = best_match(word, _SURNAMES, threshold=80)
    return hit[0] if hit else word


@lru_cache(maxsize=1)
def _given_names() -> tuple[frozenset[str], dict[str, str]]:
    """(known spellings, accent-free key -> spelling for keys with one known spelling)."""
    names = vocab.load("names")["given_names"]
    by_key: dict[str, set[str]] = {}
    for n in names:
        by_key.setdefault(strip_accents(n).lower(), set()).add(n)
    return frozenset(names), {k: next(iter(v)) for k, v in by_key.items() if len(v) == 1}


def _repair_given(word: str) -> str:
    """A middle or given name the restorer misspelt ("Tuần" for Tuấn): respelt when the list has exactly
    one name with its accent-free form; a name already in the list, or with no listed form, is kept. Used
    only on restored text: accents the OCR read are evidence a list cannot outweigh."""
    known, by_key = _given_names()
    if word in known or word.isupper():
        return word
    return by_key.get(strip_accents(word).lower(), word)


_NAME_WORD = re.compile(r"[^\W\d_]{1,8}")


def _signer_name(text, lines, block_start, accents_guessed=False):
    """Last line that reads as a personal name (2-5 words, capitalised, no digits)."""
    for s, e in reversed(lines):
        if e <= block_start:
            break
        line = text[s:e]
        if not line.strip():
            continue
        if line.lstrip().startswith(("-", "+")):
            # Two columns merged: "- Lưu: VT, VP. Lê Quang Vinh", "- Lưu: VT Hà Văn Dũng", "- Lưu: VT, Hà Văn Dũng".
            tail = _luu_tail(line)
            if tail is None:
                hit = re.search(r"[.;:]\s*((?:[A-ZÀ-ỸĐ][^\W\d_]*\s*){2,5})$", line)
                tail = (hit.start(1), hit.end(1)) if hit else None
            if not tail:
                return None
            s, line = s + tail[0], line[tail[0] : tail[1]]
        words = list(_NAME_WORD.finditer(line))
        if len(words) < 2:
            continue
        # Drop leading OCR debris (stamp, signature strokes): keep the trailing run of name-like words.
        run = []
        for w in reversed(words):
            if line[w.end() : (run[0].start() if run else len(line))].strip(" "):
                break
            run.insert(0, w)
        caps = sum(w.group(0)[0].isupper() for w in run)
        if len(run) < 2 or len(run) > 5 or caps < len(run) - 1 or any(w.group(0).isupper() and len(w.group(0)) > 3 for w in run):
            return None
        first = _repair_surname(run[0].group(0))
        rest = [w.group(0) for w in run[1:]]
        name = " ".join([first] + ([_repair_given(w) for w in rest] if accents_guessed else rest))
        return s + run[0].start(), s + run[-1].end(), name
    return None


_LUU = re.compile(r"^\s*[-+]\s*l\S{1,3}u\s*[:;.]?\s*", re.I)
_CODE = re.compile(r"[A-ZĐ][A-ZĐ0-9&]*(?:[.\-][A-ZĐ0-9&]+)*")


def _title_word(w: str) -> bool:
    return len(w) <= 8 and w[0].isupper() and w[1:].islower() and w.isalpha()


def _luu_tail(line: str) -> tuple[int, int] | None:
    """The signer's name after the last Nơi nhận item "Lưu: <codes>" (codes are upper case: VT, VP,
    VHXH; the name is 2-5 capitalised syllables), with or without a '.' or ',' between them."""
    m = _LUU.match(line)
    if not m:
        return None
    words = list(re.finditer(r"[^\s,;.]+", line[m.end():]))
    run = []
    for w in reversed(words):
        if not _title_word(w.group(0)) or len(run) == 5:
            break
        run.insert(0, w)
    codes = words[: len(words) - len(run)]
    if not 2 <= len(run) <= 5 or not all(_CODE.fullmatch(c.group(0)) for c in codes):
        return None
    return m.end() + run[0].start(), m.end() + run[-1].end()


_RIGHT_COLUMN_RX = r"\s*(?:;|\||,)?\s*(?:\b(?:TM|KT)\s*[.,]{}|\(\s*[DĐPB]\S{{0,2}}\s+|[A-ZĐÀ-Ỹ]{{2,}}(?:\s+[A-ZĐÀ-Ỹ]{{2,}}){{1,}}\s*$|[=)#*]).*$"
_RIGHT_COLUMN = re.compile(_RIGHT_COLUMN_RX.format(""))
# On the filing line "Lưu: VT, KT." a TM/KT is a code unless the right column's title follows it.
_RIGHT_COLUMN_AFTER_CODES = re.compile(_RIGHT_COLUMN_RX.format(r"(?=\s*[A-ZĐÀ-Ỹ]{2,}\s+[A-ZĐÀ-Ỹ]{2,})"))


_SIGNER_TITLE = re.compile(r"(?:\b(?:tm|kt)\s*[.,]\s*)?(?:\bph\S\s*)?\bch\S{1,2}\s+t\S{1,2}ch\b")


def _drop_signer_title(body: str) -> str:
    """An item without the right column's upper-case signer title that OCR merged into it wherever it
    landed ("Sở Nội vụ PHÓ CHỦ TỊCH tỉnh X"); "Chủ tịch, các PCT UBND xã" (mixed case) is a recipient."""
    folded = fold(body)
    for m in reversed(list(_SIGNER_TITLE.finditer(folded))):
        if body[m.start() : m.end()].isupper():
            body = (body[: m.start()].rstrip() + " " + body[m.end() :].lstrip()).strip()
    return body


def _recipients(text, lines, start, stop):
    """Items under "Nơi nhận:", each up to its ';' with the merged right-column words dropped."""
    items, first, last = [], None, None
    for s, e in lines:
        if e <= start or s >= stop:
            continue
        s0 = max(s, start)
        line = text[s0:min(e, stop)]
        stripped = line.strip()
        if not stripped.startswith(("-", "+", "•")):
            continue
        body = stripped.lstrip("-+• ").strip()
        if ";" in body:
            body = body.split(";")[0]
        else:
            body = (_RIGHT_COLUMN_AFTER_CODES if _LUU_ANY.match(body) else _RIGHT_COLUMN).sub("", body)
        body = _drop_signer_title(body).strip(" .,;|")
        if not body:
            continue
        off = text.find(body, s0)
        if off >= 0:
            end = off + len(body)
        else:  # a signer title was cut out of the middle of the item
            off = text.index(body.split(" ", 1)[0], s0)
            tail = body.rsplit(" ", 1)[-1]
            end = text.index(tail, off) + len(tail)
        items.append(body)
        first = off if first is None else first
        last = end
    return items, ((first, last) if items else None)
