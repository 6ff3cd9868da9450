"""Build a contract document from a plan's text and hand-written field values.

Writing character offsets by hand is error-prone, so an annotation gives evidence as the quoted words
(``"mentions": ["Nghị quyết số 57-NQ/TW"]``, a section by its heading line) and this module finds them
in the text. Tests and the benchmark use it to hold the comparison against known extractions without
depending on what the extractors currently produce. Quoted words that are not in the text raise, so a
fixture cannot drift from its text unnoticed.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from ..document import EXTRACTED_LISTS, SCHEMA_VERSION, empty_header


def _find_all(text: str, needle: str, where: str) -> list[dict[str, Any]]:
    out, pos = [], text.find(needle)
    while pos >= 0:
        out.append({"text": needle, "start": pos, "end": pos + len(needle)})
        pos = text.find(needle, pos + 1)
    if not out:
        raise ValueError(f"{where}: {needle!r} is not in the text")
    return out


def _sections(text: str, nodes: list[dict], lo: int, hi: int, level: int, where: str) -> list[dict]:
    built = []
    for node in nodes:
        heading = f"{node['label']}. {node['title']}" if node.get("title") else f"{node['label']}."
        start = text.find(heading, lo, hi)
        if start < 0:
            raise ValueError(f"{where}: section heading {heading!r} is not in the text after offset {lo}")
        built.append({"label": node["label"], "title": node.get("title"), "level": level, "span": [start, hi],
                      "children": node.get("children") or []})
        lo = start + len(heading)
    for n, sec in enumerate(built):
        if n + 1 < len(built):
            sec["span"][1] = built[n + 1]["span"][0]
        sec["children"] = _sections(text, sec["children"], sec["span"][0] + 1, sec["span"][1], level + 1, where)
    return built


def build_doc(name: str, text: str, ann: dict[str, Any]) -> dict[str, Any]:
    """A ``kehoach run``-shaped dict for ``text`` whose extracted fields are those of ``ann``."""
    where = name
    header = empty_header()
    header.update(copy.deepcopy(ann.get("document", {})))
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "source": {"path": name, "name": name, "sha256": hashlib.sha256(text.encode()).hexdigest(), "kind": "text",
                   "pages": 1, "text_layer_used": False, "ocr": None},
        "text": {"raw": text, "normalized": text, "restored": False, "restoration_score": None,
                 "offset_map": [[0, 0]]},
        "document": header,
        "warnings": [],
    }
    doc["sections"] = _sections(text, ann.get("sections", []), 0, len(text), 1, where)
    for key in EXTRACTED_LISTS:
        if key == "sections":
            continue
        entries = []
        for entry in ann.get(key, []):
            e = {k: v for k, v in entry.items() if not k.startswith("#")}
            quoted = e.pop("mentions", None)
            if quoted is None and key in ("awards", "targets", "milestones") and e.get("text"):
                quoted = [e["text"]]
            if quoted is not None:
                e["mentions"] = [m for q in quoted for m in _find_all(text, q, f"{where} {key}")]
            entries.append(e)
        doc[key] = entries
    return doc
