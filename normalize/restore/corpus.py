"""Packaged training text for restoration: the project's own domain corpus and lexicon, and underthesea's data.

Everything here is read from installed files (no download): underthesea's Viet74K word list, its VLSP2013
POS-tagged test text (~60k words of running news text) and its administrative-unit names; plus
``data/domain_corpus.txt`` and ``data/domain_lexicon.txt`` written for this project. Text is NFC with the
old tone placement ("hòa", "thủy") that the ``tone_marks`` normalisation step uses.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from ..vietnamese import retone_text

DATA = Path(__file__).resolve().parent / "data"


def _underthesea_dir() -> Path | None:
    try:
        import importlib.util

        spec = importlib.util.find_spec("underthesea")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def clean(text: str) -> str:
    return retone_text(unicodedata.normalize("NFC", text))


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(clean(line))
    return out


def data_files() -> list[Path]:
    """The project's own training text: every ``domain_corpus*.txt`` and the lexicon."""
    return sorted(DATA.glob("domain_corpus*.txt")) + [DATA / "domain_lexicon.txt"]


def domain_paragraphs() -> list[str]:
    out: list[str] = []
    for p in sorted(DATA.glob("domain_corpus*.txt")):
        out += _lines(p)
    return out


def lexicon_phrases() -> list[str]:
    return _lines(DATA / "domain_lexicon.txt")


def _joined(words: list[str]) -> str:
    text = " ".join(words)
    text = re.sub(r" ([,.;:!?)…])", r"\1", text)
    return re.sub(r"\( ", "(", text)


@lru_cache(maxsize=1)
def vlsp_sentences_cached() -> tuple[str, ...]:
    base = _underthesea_dir()
    if base is None:
        return ()
    path = base / "pipeline" / "pos_tag" / "models" / "pos_crf_vlsp2013_20230303" / "test_output.txt"
    if not path.exists():
        return ()
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(clean(_joined(cur)))
                cur = []
            continue
        cur.append(line.split("\t")[0])
    if cur:
        sents.append(clean(_joined(cur)))
    return tuple(sents)


def vlsp_sentences() -> list[str]:
    return list(vlsp_sentences_cached())


def viet74k_words() -> list[str]:
    base = _underthesea_dir()
    if base is None:
        return []
    path = base / "corpus" / "data" / "Viet74K.txt"
    if not path.exists():
        return []
    return [clean(w.strip()) for w in path.read_text(encoding="utf-8").splitlines() if w.strip()]


def address_names() -> list[str]:
    """Province, old district and ward names ("Phường Bình Thủy" …) from underthesea's mapping."""
    base = _underthesea_dir()
    if base is None:
        return []
    path = base / "address" / "data" / "mapping.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for key in ("province_names", "old_province_names"):
        for v in data.get(key, {}).values():
            names.add(v["name"])
    for row in data.get("ward_mapping", []):
        for key in ("old_district", "old_ward", "new_ward"):
            if row.get(key):
                names.add(row[key])
    return sorted(clean(n) for n in names)
