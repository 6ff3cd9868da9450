"""Text that remembers where each character came from, so every later span points back into the raw OCR."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable, Iterable


@dataclass(frozen=True)
class OffsetMap:
    """Piecewise-linear map from normalised offsets to raw offsets.

    ``breaks`` holds ``(norm_start, raw_start)`` pairs; inside a run both advance together. It is the
    compact form stored in the output JSON (``text.offset_map``).
    """

    breaks: tuple[tuple[int, int], ...]
    norm_len: int
    raw_len: int

    def to_raw(self, norm_offset: int) -> int:
        if norm_offset >= self.norm_len:
            return self.raw_len
        if not self.breaks:
            return norm_offset
        i = bisect.bisect_right(self._starts, norm_offset) - 1
        if i < 0:
            return 0
        norm_start, raw_start = self.breaks[i]
        return min(raw_start + (norm_offset - norm_start), self.raw_len)

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw span covering the normalised span [start, end)."""
        if end <= start:
            raw = self.to_raw(start)
            return raw, raw
        return self.to_raw(start), self.to_raw(end - 1) + 1

    @property
    def _starts(self) -> list[int]:
        cached = self.__dict__.get("_starts_cache")
        if cached is None:
            cached = [b[0] for b in self.breaks]
            object.__setattr__(self, "_starts_cache", cached)
        return cached

    def to_json(self) -> list[list[int]]:
        return [list(b) for b in self.breaks]

    @classmethod
    def from_json(cls, data: Iterable[Iterable[int]], norm_len: int, raw_len: int) -> "OffsetMap":
        return cls(tuple((int(a), int(b)) for a, b in data), norm_len, raw_len)


class Tracked:
    """A string plus, for each character, the raw offset it came from."""

    __slots__ = ("text", "origin", "raw_len")

    def __init__(self, text: str, origin: list[int] | None = None, raw_len: int | None = None) -> None:
        self.text = text
        self.origin = list(range(len(text))) if origin is None else origin
        self.raw_len = len(text) if raw_len is None else raw_len
        assert len(self.origin) == len(self.text)

    def sub(self, pattern: re.Pattern[str] | str, repl: str | Callable[[re.Match[str]], str]) -> "Tracked":
        """``re.sub`` that keeps origins: equal-length replacements map 1:1, others to the match start."""
        regex = re.compile(pattern) if isinstance(pattern, str) else pattern
        pieces: list[str] = []
        origin: list[int] = []
        last = 0
        text, src = self.text, self.origin
        for m in regex.finditer(text):
            start, end = m.span()
            pieces.append(text[last:start])
            origin.extend(src[last:start])
            new = repl(m) if callable(repl) else m.expand(repl)
            pieces.append(new)
            if len(new) == end - start:
                origin.extend(src[start:end])
            elif new:
                anchor = src[start] if start < len(src) else self.raw_len
                tail = src[end - 1] if end > start else anchor
                origin.extend(min(anchor + k, tail) for k in range(len(new)))
            last = end
        if last == 0 and not pieces:
            return self
        pieces.append(text[last:])
        origin.extend(src[last:])
        return Tracked("".join(pieces), origin, self.raw_len)

    def map_runs(self, pattern: re.Pattern[str], fn: Callable[[str], str]) -> "Tracked":
        """Apply ``fn`` to every match; unchanged matches cost nothing."""
        return self.sub(pattern, lambda m: fn(m.group(0)))

    def offset_map(self) -> OffsetMap:
        breaks: list[tuple[int, int]] = []
        prev = None
        for i, o in enumerate(self.origin):
            if prev is None or o != prev + 1:
                breaks.append((i, o))
            prev = o
        return OffsetMap(tuple(breaks), len(self.text), self.raw_len)
