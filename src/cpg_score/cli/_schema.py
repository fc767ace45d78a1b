"""`cpg-score schema`: the JSON Schemas of the YAML formats.

The schemas ship inside the package, as `cpg_score/schemas/*.schema.json`; `cpg-score schema`
lists them and `cpg-score schema grid` prints one, so an editor can be pointed at it.
"""

from __future__ import annotations

import argparse
import json
from importlib import resources
from typing import Any

from cpg_score.cli._options import Command
from cpg_score.errors import CpgScoreError
from cpg_score.io.output import emit

__all__ = ["SCHEMA", "read_schema", "schema_names"]

_SUFFIX = ".schema.json"


def _folder() -> Any:
    return resources.files("cpg_score").joinpath("schemas")


def schema_names() -> list[str]:
    """The names of the shipped JSON Schemas (`grid`, `results`...), sorted."""
    folder = _folder()
    if not folder.is_dir():
        return []
    return sorted(
        entry.name[: -len(_SUFFIX)]
        for entry in folder.iterdir()
        if entry.is_file() and entry.name.endswith(_SUFFIX)
    )


def read_schema(name: str) -> str:
    """The text of a shipped JSON Schema.

    Args:
        name: A name from `schema_names`, such as `grid`.

    Returns:
        The schema, as JSON text.

    Raises:
        CpgScoreError: No schema has that name (the message lists them).
    """
    names = schema_names()
    if name not in names:
        raise CpgScoreError(f"no schema named {name!r}; the schemas are: {', '.join(names) or 'none'}")
    text: str = _folder().joinpath(name + _SUFFIX).read_text(encoding="utf-8")
    return text


def _cmd_schema(args: argparse.Namespace) -> int:
    if args.name is None:
        entries = []
        for name in schema_names():
            schema = json.loads(read_schema(name))
            entries.append({"name": name, "title": schema.get("title", ""), "id": schema.get("$id", "")})
        if args.format == "json":
            emit(json.dumps(entries, ensure_ascii=False, indent=2) + "\n", args.output)
        else:
            width = max((len(e["name"]) for e in entries), default=0)
            emit("".join(f"{e['name']:<{width}}  {e['title']}\n" for e in entries), args.output)
        return 0
    text = read_schema(args.name)
    emit(text if text.endswith("\n") else text + "\n", args.output)
    return 0


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", metavar="NAME", help="the schema to print (default: list them)")


SCHEMA = Command(
    name="schema",
    help="print the JSON Schema of a file format (for editors)",
    description=(
        "Print the JSON Schema (draft 2020-12) of a YAML format, such as `grid` or `results`; "
        "without NAME, list the schemas."
    ),
    handler=_cmd_schema,
    arguments=_arguments,
    formats=("text", "json"),
    format_help="the list of schemas only: a schema is always JSON",
    limits=False,
)
