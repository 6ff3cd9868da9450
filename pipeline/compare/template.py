"""The national template a plan is compared with: a versioned JSON data file, validated on load.

The template is data, not code (as reporters-db keeps its vocabulary), so an analyst can point
``--template FILE`` at another movement. Validation collects every problem at once and raises one
``BadArgsError`` that names the file, the item and the field, because a half-loaded template would
silently turn into "missing" everywhere in the report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import BadArgsError

FORMAT = "kehoach-template/1"
DEFAULT_TEMPLATE = "template_dmst_cds.json"

# kind -> {field: type}; the fields every item has are checked separately.
KIND_FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "section": {"keys": list},
    "content": {"keys": list},
    "citation": {"ref": str, "doc_type": str},
    "phase": {"start_year": int, "end_year": int},
    "milestone": {"type": str, "year": int},
    "award": {"form": str, "occasion": str},
    "office": {"roles": list, "names": list},
}
OPTIONAL_FIELDS: dict[str, type | tuple[type, ...]] = {
    "required": bool, "scope": str, "conferrer": str, "aliases": list,
}
COMMON_FIELDS = ("id", "kind", "label", "source")


@dataclass(frozen=True)
class Item:
    """One expected element of a plan; ``data`` keeps the kind-specific fields as written."""

    id: str
    kind: str
    label: str
    source: str
    required: bool
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)


@dataclass(frozen=True)
class Template:
    id: str
    version: str
    movement: str
    path: str
    sources: dict[str, str]
    items: tuple[Item, ...]
    covered: float = 90.0
    partial: float = 80.0

    def of_kind(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind]

    def by_id(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


def _type_name(t: type | tuple[type, ...]) -> str:
    if isinstance(t, tuple):
        return " or ".join(x.__name__ for x in t)
    return {"str": "a string", "int": "an integer", "list": "a list", "bool": "true/false", "dict": "an object"}[t.__name__]


def _is(value: Any, t: type | tuple[type, ...]) -> bool:
    if t is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, t)


def validate_template(raw: Any, where: str = "<template>") -> list[str]:
    """Every problem of a template object, as sentences; empty when it is valid."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        return [f"the template must be a JSON object, not {type(raw).__name__}"]
    if raw.get("format") != FORMAT:
        problems.append(f"'format' must be {FORMAT!r} (found {raw.get('format')!r})")
    for key in ("id", "version", "movement"):
        if not isinstance(raw.get(key), str) or not raw.get(key):
            problems.append(f"'{key}' must be a non-empty string")
    sources = raw.get("sources")
    if not isinstance(sources, dict) or not sources:
        problems.append("'sources' must be an object naming where the items come from: {\"key\": \"document …\"}")
        sources = {}
    thresholds = raw.get("thresholds", {})
    if not isinstance(thresholds, dict):
        problems.append("'thresholds' must be an object {\"covered\": 90, \"partial\": 80}")
    else:
        cov, par = thresholds.get("covered", 90), thresholds.get("partial", 80)
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) and 0 <= x <= 100 for x in (cov, par)):
            problems.append("thresholds 'covered' and 'partial' must be numbers from 0 to 100")
        elif par > cov:
            problems.append(f"threshold 'partial' ({par}) must not exceed 'covered' ({cov})")
    items = raw.get("items")
    if not isinstance(items, list) or not items:
        problems.append("'items' must be a non-empty list")
        return problems
    seen: set[str] = set()
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(f"items[{n}] must be an object")
            continue
        name = f"items[{n}] ({item['id']})" if isinstance(item.get("id"), str) else f"items[{n}]"
        for key in COMMON_FIELDS:
            if not isinstance(item.get(key), str) or not item.get(key):
                problems.append(f"{name}: '{key}' must be a non-empty string")
        item_id = item.get("id")
        if isinstance(item_id, str):
            if item_id in seen:
                problems.append(f"{name}: duplicate id {item_id!r}")
            seen.add(item_id)
        kind = item.get("kind")
        if isinstance(kind, str) and kind not in KIND_FIELDS:
            problems.append(f"{name}: unknown kind {kind!r}; valid kinds: {', '.join(KIND_FIELDS)}")
            continue
        if isinstance(item.get("source"), str) and item["source"] not in sources:
            problems.append(f"{name}: source {item['source']!r} is not a key of 'sources' ({', '.join(sources) or 'none'})")
        expected = {**KIND_FIELDS.get(kind, {}), **OPTIONAL_FIELDS}
        for key, t in KIND_FIELDS.get(kind, {}).items():
            if key not in item:
                problems.append(f"{name}: a {kind} item needs '{key}' ({_type_name(t)})")
        for key, value in item.items():
            if key.startswith("#") or key in COMMON_FIELDS:
                continue
            if key not in expected:
                problems.append(f"{name}: unknown field {key!r} for kind {kind!r}; allowed: {', '.join(sorted(expected))}")
            elif not _is(value, expected[key]):
                problems.append(f"{name}: '{key}' must be {_type_name(expected[key])}, not {json.dumps(value, ensure_ascii=False)}")
            elif isinstance(value, list) and not all(isinstance(x, str) and x.strip() for x in value):
                problems.append(f"{name}: '{key}' must list non-empty strings")
        if kind in ("section", "content") and isinstance(item.get("keys"), list) and not item["keys"]:
            problems.append(f"{name}: 'keys' must name at least one phrase to look for")
        if kind == "phase" and _is(item.get("start_year"), int) and _is(item.get("end_year"), int) \
                and item["start_year"] > item["end_year"]:
            problems.append(f"{name}: start_year {item['start_year']} is after end_year {item['end_year']}")
    ids = seen
    for n, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("scope"), str) and item["scope"] not in ids:
            problems.append(f"items[{n}] ({item.get('id')}): scope {item['scope']!r} is not the id of an item")
    return problems


def load_template(path: str | Path | None = None) -> Template:
    """The template at ``path`` (the bundled national one when None); BadArgsError when unusable."""
    if path is None:
        text = resources.files("pipeline.compare").joinpath("data").joinpath(DEFAULT_TEMPLATE).read_text(encoding="utf-8")
        where = f"bundled {DEFAULT_TEMPLATE}"
    else:
        p = Path(path)
        where = str(p)
        try:
            text = p.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BadArgsError(f"template {p} does not exist", hint="give --template a JSON template file, or leave it out for the national one") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BadArgsError(f"template {p} cannot be read: {exc}", hint="the template must be a UTF-8 JSON file") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadArgsError(f"template {where} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
                           hint="fix the JSON syntax (a trailing comma or a missing quote?)") from None
    problems = validate_template(raw, where)
    if problems:
        listing = "\n  - ".join(problems)
        raise BadArgsError(f"template {where} is not a valid {FORMAT} template:\n  - {listing}",
                           hint=f"compare it with the bundled pipeline/compare/data/{DEFAULT_TEMPLATE}")
    thresholds = raw.get("thresholds", {})
    items = tuple(
        Item(id=i["id"], kind=i["kind"], label=i["label"], source=i["source"], required=i.get("required", True),
             data={k: v for k, v in i.items() if not k.startswith("#") and k not in COMMON_FIELDS})
        for i in raw["items"]
    )
    return Template(id=raw["id"], version=raw["version"], movement=raw["movement"], path=where,
                    sources=dict(raw["sources"]), items=items,
                    covered=float(thresholds.get("covered", 90)), partial=float(thresholds.get("partial", 80)))
