"""teller.schema: the pinned output contract, a JSON Schema (draft 2020-12) checked in beside this module.

``analysis.schema.json`` describes the object ``teller process --json`` prints (an ``Analysis``)
and, under ``$defs``, every record in it (``Article``, ``Span``, ``TimeValue``, ``Actor``,
``Mention``, ``Place``, ``Event``, ``Flag``, ``Highlight``): the same records the JSON API returns.
:func:`teller.records.to_dict` emits exactly the fields the schema names, and every output object
carries ``schema_version``. The tests validate real outputs against the schema (with the
``jsonschema`` package, a test dependency: nothing here validates at run time).

Versioning: adding an optional key is a minor change ("1.0" -> "1.1"); removing or renaming a key,
or changing its type, is a major one ("1.x" -> "2.0").
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["SCHEMA_PATH", "SCHEMA_VERSION", "load_schema"]

#: The version of the output contract; ``schema_version`` in every output object.
SCHEMA_VERSION = "1.0"

SCHEMA_PATH = Path(__file__).with_name("analysis.schema.json")


@cache
def load_schema() -> dict[str, Any]:
    """The contract as a dict (read once; do not mutate it)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
