"""The JSON Schemas of the simulation files describe the shipped examples (a small validator)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import OBJECTIVES, ROOT

SCHEMAS = ROOT / "src" / "cpg_score" / "schemas"
EXAMPLES = [
    ("scenario", OBJECTIVES / "scenarios" / "2019" / "fraude-97.yaml"),
    ("scenario", OBJECTIVES / "scenarios" / "2019" / "arrets-teleservices.yaml"),
    ("bounds", OBJECTIVES / "plans" / "drsm-2019-bounds.yaml"),
    ("simulation", OBJECTIVES / "simulations" / "drsm-2019-spec.yaml"),
    ("series", OBJECTIVES / "series" / "drsm-centre-ouest-2019-06.yaml"),
    ("profit-sharing", OBJECTIVES / "profit-sharing" / "illustrative.yaml"),
]


def _errors(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> list[str]:
    """The keywords these schemas use: $ref, oneOf, enum, type, properties, required,
    additionalProperties, propertyNames, items, minItems, maxItems, pattern, minLength."""
    if "$ref" in schema:
        return _errors(value, root["$defs"][schema["$ref"].rsplit("/", 1)[-1]], root, path)
    if "oneOf" in schema:
        matching = [s for s in schema["oneOf"] if not _errors(value, s, root, path)]
        return [] if len(matching) == 1 else [f"{path}: {len(matching)} of oneOf match"]
    if "enum" in schema:
        return [] if value in schema["enum"] else [f"{path}: {value!r} not in enum"]
    kind = schema.get("type")
    checks = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
    }
    if kind is not None and not checks[kind](value):
        return [f"{path}: not a {kind}"]
    found: list[str] = []
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{path}: {value!r} does not match")
        if len(value) < schema.get("minLength", 0):
            found.append(f"{path}: too short")
    if isinstance(value, list):
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)):
            found.append(f"{path}: wrong length")
        for index, item in enumerate(value):
            found.extend(_errors(item, schema.get("items", {}), root, f"{path}[{index}]"))
    if isinstance(value, dict):
        found.extend(f"{path}: missing {key}" for key in schema.get("required", []) if key not in value)
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if "propertyNames" in schema:
                found.extend(
                    _errors(key, {"type": "string", **schema["propertyNames"]}, root, f"{path}.{key}")
                )
            if key in properties:
                found.extend(_errors(item, properties[key], root, f"{path}.{key}"))
            elif extra is False:
                found.append(f"{path}: unknown key {key}")
            elif isinstance(extra, dict):
                found.extend(_errors(item, extra, root, f"{path}.{key}"))
    return found


@pytest.mark.parametrize(("name", "example"), EXAMPLES, ids=[p.name for _, p in EXAMPLES])
def test_shipped_example_matches_its_schema(name: str, example: Path) -> None:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert [] == _errors(yaml.safe_load(example.read_text(encoding="utf-8")), schema, schema)


@pytest.mark.parametrize("name", sorted({n for n, _ in EXAMPLES}))
def test_schema_is_draft_2020_12(name: str) -> None:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert "https://json-schema.org/draft/2020-12/schema" == schema["$schema"]


def test_validator_catches_an_unknown_key() -> None:
    schema = json.loads((SCHEMAS / "scenario.schema.json").read_text(encoding="utf-8"))
    assert ["$: unknown key overide"] == _errors(
        {"label": "x", "overrides": {"a": 1}, "overide": 1}, schema, schema
    )
