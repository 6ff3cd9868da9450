"""One validated settings object, passed to workers as plain data."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field

from .errors import BadArgsError

RESTORE_MODES = ("auto", "always", "never")


@dataclass(frozen=True)
class Settings:
    lang: str = "vie"
    dpi: int = 300
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    osd: bool = True
    restore: str = "auto"
    max_pages: int = 500
    page_timeout: float = 300.0
    force: bool = False
    native_images: bool = True  # OCR a scanned PDF page's own JPEG instead of rendering the page
    lm: str | None = None  # a restoration model from `kehoach lm build -o PATH`; None = the default one

    def __post_init__(self) -> None:
        if not 70 <= self.dpi <= 1200:
            raise BadArgsError(f"--dpi {self.dpi} is out of range", hint="use a value between 70 and 1200 (300 is usual)")
        if self.jobs < 1:
            raise BadArgsError(f"--jobs {self.jobs} must be at least 1")
        if self.restore not in RESTORE_MODES:
            raise BadArgsError(f"--restore {self.restore!r} is not one of {', '.join(RESTORE_MODES)}")
        if self.max_pages < 1:
            raise BadArgsError("--max-pages must be at least 1")
        if self.page_timeout <= 0:
            raise BadArgsError("--page-timeout must be positive")
        if self.lm is not None and not os.path.isfile(self.lm):
            raise BadArgsError(f"--lm {self.lm} is not a file", hint="build one with `kehoach lm build --corpus DIR -o PATH`")
        if not self.lang or any(not part.isalnum() and part != "_" for part in self.lang.replace("_", "").split("+")):
            raise BadArgsError(f"--lang {self.lang!r} is not a Tesseract language list", hint="e.g. vie or vie+eng")

    def output_hash(self) -> str:
        """Hash of the settings that change a document's output (not jobs/force)."""
        relevant = {k: v for k, v in asdict(self).items() if k not in ("jobs", "force", "page_timeout")}
        return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]
