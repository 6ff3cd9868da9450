"""The packaged JSON Schema and validation of every output before it is written."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import InvalidOutputError


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("pipeline").joinpath("data/schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    cls = jsonschema.validators.validator_for(schema())
    cls.check_schema(schema())
    return cls(schema())


def validate(document: dict[str, Any]) -> None:
    """Raise InvalidOutputError naming the first few violations."""
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.path))
    if errors:
        detail = "; ".join(f"{'/'.join(map(str, e.path)) or '(root)'}: {e.message[:160]}" for e in errors[:5])
        raise InvalidOutputError(
            f"output does not match schema {document.get('schema_version')}: {detail}",
            hint="this is a kehoach bug; please report it with the input file",
        )
