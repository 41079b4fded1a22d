"""JSON Schemas generated from the models, for editors (yaml-language-server) and documentation.

The committed files in ``schemas/`` must equal what :func:`generate` returns; a test fails when they
drift. Regenerate them with ``policytrack schema``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from policytrack.model.records import MODELS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file."""
    schema = MODELS[kind].model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, "$id": f"{kind}.schema.json", **schema}


def generate() -> dict[str, str]:
    """File name → JSON text, for every kind of file."""
    return {f"{kind}.schema.json": json.dumps(schema_for(kind), indent=2, sort_keys=True) + "\n" for kind in MODELS}


def write(folder: str | Path) -> list[Path]:
    """Write every schema into ``folder``; return the paths written."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate().items():
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
