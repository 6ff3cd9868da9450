"""The one document model every stage enriches, and its JSON form (``schema_version`` below)."""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = "1.0"

EXTRACTED_LISTS = ("sections", "citations", "phases", "milestones", "deadlines", "awards", "offices", "targets")


def empty_header() -> dict[str, Any]:
    return {
        "doc_type": None, "number": None, "issuer": None, "issuer_parent": None, "place": None,
        "date": None, "date_parts": None, "title": None,
        "signer": {"name": None, "title": None, "on_behalf": None},
        "recipients": [], "evidence": {},
    }


@dataclass
class OcrInfo:
    engine: str
    version: str
    lang: str
    dpi: int | None
    page_confidences: list[float | None] = field(default_factory=list)
    page_rotations: list[int] = field(default_factory=list)
    page_inputs: list[str] = field(default_factory=list)


@dataclass
class Source:
    path: str
    name: str
    sha256: str
    kind: str  # pdf | image | text
    pages: int
    text_layer_used: bool = False
    ocr: OcrInfo | None = None


@dataclass
class Document:
    """A plan as it moves through the stages; ``to_dict`` is the output contract."""

    source: Source
    raw_text: str = ""
    page_texts: list[str] = field(default_factory=list)
    normalized_text: str = ""
    offset_map: list[list[int]] = field(default_factory=list)
    restored: bool = False
    restoration_score: float | None = None
    restore_mode: str | None = None  # channel used: eng (English-model OCR), strip (no accents), vie (light)
    header: dict[str, Any] = field(default_factory=empty_header)
    extracted: dict[str, list] = field(default_factory=lambda: {k: [] for k in EXTRACTED_LISTS})
    warnings: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def warn(self, code: str, message: str, **extra: Any) -> None:
        self.warnings.append({"code": code, "message": message, **extra})

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "source": asdict(self.source),
            "text": {
                "raw": self.raw_text,
                "normalized": self.normalized_text,
                "restored": self.restored,
                "restoration_score": self.restoration_score,
                "restore_mode": self.restore_mode,
                "offset_map": self.offset_map,
            },
            "document": copy.deepcopy(self.header),
        }
        for key in EXTRACTED_LISTS:
            out[key] = copy.deepcopy(self.extracted.get(key, []))
        out["warnings"] = copy.deepcopy(self.warnings)
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
