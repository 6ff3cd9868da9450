"""Section tree from numbered lines: I./II. headings, 1./2.1. items, a)/b) points, "- "/"+ " items.

OCR garbles the numbering ("|.", "Il.", "I1.", "I11.", "¢)" for c), "d)" for đ)), so each marker kind keeps
its own sequence and the sequence is the strongest evidence: a Roman heading whose reading disagrees
with the expected next numeral takes the expected one, with lower confidence. A node's parent is the
nearest open node of a higher-ranked marker kind, which copes with skipped levels.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from normalize.quality import syllable_inventory, vietnamese_score

from . import vocab
from .fold import fold, ocr_key

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def to_roman(value: int) -> str:
    """Numeral for any heading number: a long plan (or an appendix) can pass XV."""
    out = []
    for number, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                            (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, value = divmod(value, number)
        out.append(numeral * count)
    return "".join(out)
LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n"]

_ROMAN_RE = re.compile(r"^\s*(?P<label>[IVXLl1|!]{1,5}|H[IVl1|]{0,2}|[Il1|]H)\s*[.:,]\s*(?P<title>\S.*)$")
_GARBLED_RE = re.compile(r"^\s*(?P<label>[^\W\d_]{1,4})\s*[.:,]\s*(?P<title>\S.*)$")
_ARABIC_RE = re.compile(r"^\s*(?P<label>\d{1,2}(?:\.\d{1,2}){0,2})\s*[.)]\s*(?P<title>\S.*)$")
_ARABIC_BARE_RE = re.compile(r"^\s*(?P<label>\d{1,2}\.\d{1,2})\s+(?P<title>[^\d\s].*)$")
_LETTER_RE = re.compile(r"^\s*(?P<label>[a-zđ¢])\s*\)\s*(?P<title>\S.*)$")
_DASH_RE = re.compile(r"^\s*(?P<label>[-–—•*+])\s*(?P<title>\S.*)$")

RANK = {"roman": 1, "arabic": 2, "arabic2": 3, "arabic3": 4, "letter": 5, "dash": 6, "plus": 7}
_TITLE_END = re.compile(r"(?<=\S)(?::|\.(?=\s+[A-ZÀ-ỸĐ])|;)")


def _roman_value(label: str) -> int | None:
    lab = label.upper().replace("H", "II").replace("L", "I").replace("1", "I").replace("|", "I").replace("!", "I")
    return ROMAN.index(lab) + 1 if lab in ROMAN else None


def _is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


@lru_cache(maxsize=None)
def _heading_titles() -> tuple[dict[str, str], float]:
    data = vocab.load("headings")
    return {ocr_key(t): t for t in data["titles"]}, data["threshold"]


@lru_cache(maxsize=None)
def _heading_words() -> tuple[dict[str, str], dict[str, str]]:
    """(word key -> spelling, bigram key -> spelling) over the known headings, unambiguous keys only."""
    uni: dict[str, set] = {}
    bi: dict[str, set] = {}
    for title in vocab.load("headings")["titles"]:
        words = re.findall(r"[^\W\d_]+", title)
        for w in words:
            uni.setdefault(ocr_key(w), set()).add(w)
        for a, b in zip(words, words[1:]):
            bi.setdefault(ocr_key(f"{a} {b}"), set()).add(f"{a} {b}")
    return ({k: next(iter(v)) for k, v in uni.items() if len(v) == 1},
            {k: next(iter(v)) for k, v in bi.items() if len(v) == 1})


@lru_cache(maxsize=1)
def _word_pairs() -> frozenset[str]:
    """Two-syllable dictionary words ("giai đoạn", "chi tiêu"), lowercase, from the packaged Viet74K list."""
    from normalize.restore.corpus import viet74k_words

    return frozenset(w.lower() for w in viet74k_words() if w.count(" ") == 1)


def _bound(out: list[str], i: int, j: int) -> bool:
    """True when word ``i`` as read forms a dictionary word with its neighbour ``j`` (no respelling then)."""
    if not 0 <= j < len(out):
        return False
    a, b = (out[i], out[j]) if i < j else (out[j], out[i])
    return f"{a} {b}".lower() in _word_pairs()


def _respell(title: str) -> str:
    """Heading words respelt from the heading vocabulary where their key is unambiguous: a bigram first
    ("CHI TIÊU" -> "CHỈ TIÊU"), then a single word that is not a Vietnamese syllable as read ("THỊ" in
    "THỊ ĐUA" is caught by its bigram; "GIAI" in "CÁC GIAI ĐOẠN" is a syllable and must not become the
    "GIẢI" of "GIẢI PHÁP")."""
    uni, bi = _heading_words()
    tokens = list(re.finditer(r"[^\W\d_]+", title))
    out = [t.group(0) for t in tokens]
    done = [False] * len(out)
    for i in range(len(tokens) - 1):
        if title[tokens[i].end() : tokens[i + 1].start()] != " ":
            continue
        hit = bi.get(ocr_key(f"{out[i]} {out[i + 1]}"))
        # A word already bound into a word with its other neighbour stays: "VÀ GIAI ĐOẠN" is not the
        # "VÀ GIẢI" of "VÀ GIẢI PHÁP".
        if hit and not any(w != o and _bound(out, k, k + d) for k, d, w, o in
                           ((i, -1, hit.split(" ")[0], out[i]), (i + 1, 1, hit.split(" ")[1], out[i + 1]))):
            out[i], out[i + 1] = hit.split(" ")
            done[i] = done[i + 1] = True
    for i, w in enumerate(out):
        if not done[i] and ocr_key(w) in uni and w.lower() not in syllable_inventory():
            out[i] = uni[ocr_key(w)]
    pieces, last = [], 0
    for t, w in zip(tokens, out):
        pieces.append(title[last : t.start()])
        pieces.append(w if w.upper() == w or not title[t.start() : t.end()].isupper() else w.upper())
        last = t.end()
    pieces.append(title[last:])
    return "".join(pieces)


def _different_heading(title: str, canonical: str) -> bool:
    """True when ``title`` is readable Vietnamese with a word that no OCR slip turns into a word of
    ``canonical``: a differently worded heading ("TIÊU CHUẨN VÀ HÌNH THỨC KHEN THƯỞNG"), not a damaged
    reading of the known one ("MỤC PỊCH, YÊU CẦU")."""
    words = re.findall(r"[^\W\d_]+", title)
    if not words or sum(not w.isascii() for w in words) < len(words) / 2 or vietnamese_score(title)[0] < 0.99:
        return False
    canon = {ocr_key(w) for w in canonical.split()}
    return any(min(Levenshtein.distance(ocr_key(w), c) for c in canon) >= 2 for w in words if len(w) >= 2)


def canonical_heading(title: str) -> tuple[str, float]:
    """(canonical title, similarity) for a recovered Roman heading; the title as read when unknown."""
    titles, threshold = _heading_titles()
    key = ocr_key(title)
    best, score = None, 0.0
    for k, t in titles.items():
        s = fuzz.ratio(key, k)
        if s > score:
            best, score = t, s
    if best and (score >= 97 or score >= threshold and not _different_heading(title, best)):
        return best, score
    return _respell(title.strip()) if _is_upper(title) else title.strip(), score


def _short_title(body: str) -> str:
    """A heading's title: the line up to its first ':' / sentence end, at most 160 characters."""
    m = _TITLE_END.search(body)
    out = body[: m.start()] if m else body
    out = out.strip()
    if len(out) > 160:
        out = out[:160].rsplit(" ", 1)[0] + " …"
    return out


def extract_sections(text: str, body_start: int = 0, body_end: int | None = None) -> tuple[list, list]:
    """(section tree, warnings) for the body ``text[body_start:body_end]``."""
    body_end = len(text) if body_end is None else body_end
    warnings: list[dict] = []
    nodes: list[dict] = []
    pos = body_start
    lines = text[body_start:body_end].split("\n")
    roman_next = 1
    i = 0
    offsets = []
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    while i < len(lines):
        line, start = lines[i], offsets[i]
        node = None
        m = _ROMAN_RE.match(line)
        if m and "H" in m.group("label") and roman_next not in (2, 3):
            m = None  # "H", "IH", "HI" are read for II or III (strokes run together) only where one is due
        if m is None and roman_next > 1:
            # A numeral damaged beyond recognition ("Vv." restored to "Vực.") before a known heading.
            g = _GARBLED_RE.match(line)
            if g and _is_upper(g.group("title")) and canonical_heading(g.group("title"))[1] >= 90:
                m = g
        lost_numeral = (
            m is None and _is_upper(line) and len(line) < 100 and not _ARABIC_RE.match(line)
            and not _LETTER_RE.match(line) and not _DASH_RE.match(line) and canonical_heading(line.strip())[1] >= 90
        )
        if lost_numeral or m and _is_upper(m.group("title")) and (
            _roman_value(m.group("label")) is not None or re.fullmatch(r"[IVXl1|]{1,5}", m.group("label")) or m.re is _GARBLED_RE
        ):
            # A standard heading whose numeral the OCR dropped altogether ("MỤC ĐÍCH, YÊU CẦU") is one too.
            label_text = "" if lost_numeral else m.group("label")
            read = None if lost_numeral else _roman_value(label_text)
            title = line.strip() if lost_numeral else m.group("title").strip()
            end = start + len(line)
            # A heading wrapped onto the next line: the continuation is upper case and unnumbered.
            while i + 1 < len(lines) and _is_upper(lines[i + 1]) and not _ARABIC_RE.match(lines[i + 1]) and not _ROMAN_RE.match(lines[i + 1]) and len(lines[i + 1]) < 80:
                i += 1
                title += " " + lines[i].strip()
                end = offsets[i] + len(lines[i])
            expected = roman_next
            clean = read is not None and label_text == to_roman(read)
            # A cleanly printed numeral one past the expected one means a heading was lost, not misread.
            value = read if read == expected or (clean and read == expected + 1) else expected
            conf = 0.95 if read == expected and clean else (0.8 if read == value else 0.6)
            if read != value:
                warnings.append({"code": "section_renumbered", "message": f"heading '{label_text}. {title[:40]}' read as {to_roman(value)} from the numbering sequence."})
            canon, score = canonical_heading(title)
            roman_next = value + 1
            node = {"kind": "roman", "label": to_roman(value), "title": canon, "title_text": title,
                    "span": [start, end], "confidence": round(conf * (1.0 if score >= 85 else 0.95), 2)}
        if node is None:
            m = _ARABIC_RE.match(line) or _ARABIC_BARE_RE.match(line)
            if m and not m.group("title")[0].isdigit():
                label = m.group("label").rstrip(".")
                depth = label.count(".")
                node = {"kind": ["arabic", "arabic2", "arabic3"][depth], "label": label,
                        "title": _short_title(m.group("title")), "span": [start, start + len(line)], "confidence": 0.95}
        if node is None:
            m = _LETTER_RE.match(line)
            if m:
                raw = m.group("label")
                letter = "c" if raw == "¢" else raw
                node = {"kind": "letter", "label": letter, "title": _short_title(m.group("title")),
                        "span": [start, start + len(line)], "confidence": 0.9 if raw != "¢" else 0.8}
        if node is None:
            m = _DASH_RE.match(line)
            if m and not re.match(r"\s*-\s*\d{4}\b", line):
                kind = "plus" if m.group("label") == "+" else "dash"
                node = {"kind": kind, "label": m.group("label") if kind == "plus" else "-",
                        "title": _short_title(m.group("title")), "span": [start, start + len(line)], "confidence": 0.9}
        if node is not None:
            nodes.append(node)
        elif nodes:
            # Unnumbered paragraph: belongs to the open node; extend its span.
            nodes[-1].setdefault("_extra", []).append((start, start + len(line)))
        i += 1
    _fix_letters(nodes, warnings)
    first_roman = next((k for k, n in enumerate(nodes) if n["kind"] == "roman"), 0)
    if first_roman:
        # Numbered lines before the first Roman heading are the preamble's list (of cited documents,
        # say), not sections of the plan.
        nodes = nodes[first_roman:]
    return _tree(nodes, body_end), warnings


def _fix_letters(nodes: list[dict], warnings: list[dict]) -> None:
    """Letter sequence repair within each parent run: a second "d)" after "d)" is "đ)"."""
    prev = None
    for n in nodes:
        if n["kind"] in ("roman", "arabic", "arabic2", "arabic3"):
            prev = None
            continue
        if n["kind"] != "letter":
            continue
        if prev is not None and prev in LETTERS:
            expected = LETTERS[min(LETTERS.index(prev) + 1, len(LETTERS) - 1)]
            if n["label"] != expected and fold(expected) == n["label"]:
                warnings.append({"code": "section_relabelled", "message": f"point '{n['label']})' read as '{expected})' from the sequence."})
                n["label"] = expected
                n["confidence"] = 0.8
        prev = n["label"]


def _tree(nodes: list[dict], body_end: int) -> list[dict]:
    roots: list[dict] = []
    stack: list[dict] = []
    for n in nodes:
        n.pop("_extra", None)
        rank = RANK[n["kind"]]
        while stack and RANK[stack[-1]["kind"]] >= rank:
            stack.pop()
        n["children"] = []
        if stack:
            stack[-1]["children"].append(n)
        else:
            roots.append(n)
        stack.append(n)
    # A node spans from its marker to the next node at its level or above.
    flat = list(nodes)
    for idx, n in enumerate(flat):
        rank = RANK[n["kind"]]
        end = body_end
        for later in flat[idx + 1 :]:
            if RANK[later["kind"]] <= rank:
                end = later["span"][0] - 1
                break
        n["span"][1] = max(n["span"][1], end)
    _levels(roots, 1)
    return roots


def _levels(nodes: list[dict], level: int) -> None:
    for n in nodes:
        n["level"] = level
        _levels(n["children"], level + 1)


def ancestors(tree: list[dict], pos: int) -> list[dict]:
    """Nodes whose span contains ``pos``, outermost first."""
    chain: list[dict] = []
    nodes = tree
    while True:
        hit = next((n for n in nodes if n["span"][0] <= pos <= n["span"][1]), None)
        if hit is None:
            return chain
        chain.append(hit)
        nodes = hit["children"]


def walk(tree: list[dict]):
    """Every node, depth first, in document order."""
    for n in tree:
        yield n
        yield from walk(n["children"])
