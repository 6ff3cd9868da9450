"""Stage 4 and the public API: ``process(path, settings) -> dict`` and the batch run.

    from pipeline import process, Settings
    doc = process("plan.pdf", Settings(lang="vie"))
    doc["document"]["number"], doc["citations"]
"""

from __future__ import annotations

from typing import Any

__all__ = ["process", "run_batch", "Settings", "ExitCode", "KehoachError", "schema", "SCHEMA_VERSION"]


def __getattr__(name: str) -> Any:  # lazy, so `import pipeline.errors` from a stage stays cheap
    if name == "process":
        from .process import process

        return process
    if name == "run_batch":
        from .batch import run_batch

        return run_batch
    if name == "Settings":
        from .settings import Settings

        return Settings
    if name in ("ExitCode", "KehoachError"):
        from . import errors

        return getattr(errors, name)
    if name == "schema":
        from .schema import schema

        return schema
    if name == "SCHEMA_VERSION":
        from .document import SCHEMA_VERSION

        return SCHEMA_VERSION
    raise AttributeError(name)
