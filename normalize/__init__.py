"""Stage 2: repair OCR text. ``normalize_text(raw) -> Normalized`` (text + offset map back to raw)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .clean import DEFAULT_STEPS, STEPS, clean_text, clean_tracked
from .tracked import OffsetMap, Tracked

__all__ = ["Normalized", "normalize_text", "clean_text", "OffsetMap", "Tracked", "STEPS", "DEFAULT_STEPS"]


@dataclass
class Normalized:
    text: str
    offsets: OffsetMap
    restored: bool = False
    warnings: list[str] = field(default_factory=list)


def normalize_text(raw: str, steps: tuple[str, ...] = DEFAULT_STEPS) -> Normalized:
    tracked = clean_tracked(raw, steps)
    return Normalized(tracked.text, tracked.offset_map())
