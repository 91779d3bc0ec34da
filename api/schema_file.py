"""The committed OpenAPI description (api/openapi.json) and how it is written, so a change to
the API is always a visible diff: tests/api/test_schema.py fails when the two differ."""

import json
from pathlib import Path

from api.v1 import api

SCHEMA_PATH = Path(__file__).resolve().parent / "openapi.json"


def schema_text() -> str:
    """The description as the code makes it, in a stable text form (sorted keys, indented)."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
