"""`cpg-score template`: the input workbook (or CSV) of a grid, for a pilot to fill.

The file is written atomically with `--output` (as `score -o` does); an xlsx needs it, a CSV
goes to standard output without it. Reading it back after filling it (`cpg-score score GRID
FILE`) gives the results.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cpg_score.cli._files import grid_argument
from cpg_score.cli._options import Command, limits_from
from cpg_score.errors import CpgScoreError
from cpg_score.io import load_grid
from cpg_score.io.output import output_target, write_atomic, write_stdout
from cpg_score.model import Entity
from cpg_score.reports import render_template

__all__ = ["TEMPLATE"]

#: The formats of a template (the first is the default).
_FORMATS = ("xlsx", "csv")


def _entity(args: argparse.Namespace) -> Entity | None:
    """The entity of `--entity` and `--entity-label` (None without them)."""
    if args.entity is None:
        if args.entity_label is not None:
            raise CpgScoreError("--entity-label needs --entity ID (the entity's id)")
        return None
    ident = args.entity.strip()
    if not ident:
        raise CpgScoreError("--entity: an entity id cannot be empty")
    return Entity(id=ident, label=(args.entity_label or "").strip())


def _cmd_template(args: argparse.Namespace) -> int:
    output: str | None = args.output
    to_stdout = output is None or output == "-"
    if to_stdout and args.format == "xlsx":
        raise CpgScoreError("--format xlsx writes a binary file: give --output FILE (e.g. -o modele.xlsx)")
    if not to_stdout:
        output_target(str(output))  # refuse a device or a pipe before the work, not after
    grid = load_grid(Path(args.grid), limits=limits_from(args))
    entity = _entity(args)
    try:
        data = render_template(grid, args.format, args.lang, entity=entity)
    except ValueError as exc:  # format and language are the parser's choices: the entity's id
        raise CpgScoreError(
            f"--entity {args.entity.strip()!r}: an id is letters, digits, '.', '_' or '-', starting with "
            "a letter or digit (a name goes in --entity-label)"
        ) from exc
    if to_stdout:
        write_stdout(data.decode("utf-8"))
    else:
        write_atomic(str(output), data, [args.grid])
    return 0


def _arguments(parser: argparse.ArgumentParser) -> None:
    grid_argument(parser)
    parser.add_argument("--entity", metavar="ID", help="the entity's id, written in the meta block")
    parser.add_argument(
        "--entity-label", metavar="TEXT", help="the entity's label, written in the meta block"
    )


TEMPLATE = Command(
    name="template",
    help="write the input workbook (or CSV) of a grid, for a pilot to fill",
    description=(
        "Write the input template of GRID: one row per indicator (or objective scored directly) "
        "with its label, unit, floor, target and points, and the Résultat column to fill "
        "(in xlsx: data validation per unit, a Notes sheet with each rule in words). Score the "
        "filled file with `cpg-score score GRID FILE`."
    ),
    handler=_cmd_template,
    arguments=_arguments,
    formats=_FORMATS,
    format_help="xlsx needs --output",
)
