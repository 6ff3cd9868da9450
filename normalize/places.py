"""Commune and ward names after restoration, checked against the 2025 gazetteer.

Diacritic restoration guesses proper names from the language model ("xã Thành Sơn" for Thanh Sơn). The
names of the communes and wards that issue these plans are known: underthesea ships the post-reform list
(``address/data/mapping.json``, effective 2025-07-01). After "xã"/"phường", a run of capitalised words whose
accent-free form is exactly one gazetteer name is respelt as that name; names shared by two spellings
("Quỳnh Phú"/"Quỳnh Phụ") are left to the restorer, and so are one-word names, which collide with common
words ("phường Chũ" / "phường chủ trì"). Only accents change, so offsets stay put.
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

from .tracked import Tracked
from .vietnamese import strip_accents

_UNIT = r"(?:[Xx]ã|XÃ|[Pp]hường|PHƯỜNG)"
_WORD = r"[A-ZĐÀ-Ỹ][^\W\d_]*"
_NAME_AFTER_UNIT = re.compile(rf"(?<![^\W\d_]){_UNIT}[ \t]+(?P<name>{_WORD}(?:[ \t]+{_WORD}){{1,3}})")


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Accent-free lowercase key -> spelling, for commune/ward names that have a single spelling."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "address" / "data" / "mapping.json"
    if not path.exists():
        return {}
    rows = json.loads(path.read_text(encoding="utf-8")).get("ward_mapping", [])
    spellings: dict[str, set[str]] = {}
    for row in rows:
        name = row.get("new_ward") or ""
        parts = name.split(" ", 1)
        if len(parts) == 2 and parts[0] in ("Xã", "Phường"):
            spellings.setdefault(strip_accents(parts[1]).lower(), set()).add(parts[1])
    return {key: next(iter(names)) for key, names in spellings.items() if len(names) == 1}


def _cased_like(model: str, original: str) -> str:
    return model.upper() if original.isupper() else model


def place_names(t: Tracked) -> Tracked:
    """Respell "xã/phường <Name>" as the gazetteer does, where the name has one possible spelling."""
    names = gazetteer()
    if not names:
        return t

    def fix(m: re.Match[str]) -> str:
        words = m.group("name").split()
        # the longest run of leading words that is a known name ("Ninh Kiều" in "Ninh Kiều giai …")
        for n in range(len(words), 1, -1):  # two words at least: one-syllable names ("Chũ") are common words
            candidate = " ".join(words[:n])
            spelling = names.get(strip_accents(candidate).lower())
            if spelling and len(spelling) == len(candidate):
                original = m.group("name")
                cut = len(" ".join(original.split()[:n]))
                head = original[:cut]
                respelt = _align(head, spelling)  # the original spacing, the gazetteer's letters
                prefix = m.group(0)[: m.start("name") - m.start()]
                return prefix + _cased_like(respelt, head) + original[cut:]
        return m.group(0)

    return t.sub(_NAME_AFTER_UNIT, fix)


def _align(original: str, spelling: str) -> str:
    """``spelling`` laid over ``original`` (same words, maybe different spaces)."""
    out, words = [], iter(spelling.split(" "))
    for chunk in re.split(r"(\s+)", original):
        out.append(chunk if not chunk or chunk.isspace() else next(words))
    return "".join(out)
