"""The report options of `cpg-score score` and the `compare` command.

`--format table|markdown|csv|json|xlsx|html`, `--lang fr|en`, `--output FILE` (written
atomically), `--color auto|always|never`. Colour is used only in the terminal table, and in
`auto` mode only when standard output is a terminal, `NO_COLOR` is unset (or empty) — unless
`FORCE_COLOR` is set to something other than `0`. A binary format (`xlsx`) needs `--output`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from cpg_score.cli._common import add_limit_options, limits_from
from cpg_score.errors import CpgScoreError
from cpg_score.io.loader import load_grid, load_results
from cpg_score.io.output import output_target, write_atomic, write_stdout
from cpg_score.model.scorecard import Scorecard
from cpg_score.render import BINARY_FORMATS, FORMATS, LANGS, render_bytes, render_compare
from cpg_score.scoring import score

__all__ = ["add_output_options", "emit_report", "register", "use_color"]

COLOR_MODES = ("auto", "always", "never")


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """Add `--format`, `--lang`, `--output` and `--color` to a command that prints a report."""
    parser.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default="table",
        help="output format (default: table; xlsx needs --output)",
    )
    parser.add_argument(
        "--lang", choices=LANGS, default="fr", help="language of headings, messages and numbers (default: fr)"
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write to FILE (atomically) instead of standard output",
    )
    parser.add_argument(
        "--color",
        choices=COLOR_MODES,
        default="auto",
        help="colour the terminal table: auto (a terminal, NO_COLOR unset), always, never (default: auto)",
    )


def use_color(mode: str, stream: TextIO, environ: Any = None) -> bool:
    """Whether to colour output written to `stream` (see the module's docstring for the rule)."""
    env = os.environ if environ is None else environ
    if mode == "always":
        return True
    if mode == "never":
        return False
    force = env.get("FORCE_COLOR")
    if force is not None and force not in ("", "0"):
        return True
    if env.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def emit_report(cards: Sequence[Scorecard], args: argparse.Namespace, inputs: Sequence[str]) -> int:
    """Write the report of `cards` as `args` say: format, language, file or standard output, colour."""
    fmt: str = args.format
    lang: str = args.lang
    output: str | None = args.output
    to_stdout = output is None or output == "-"
    if not to_stdout:
        output_target(str(output))  # refuse a device or a pipe before the work, not after
    if fmt in BINARY_FORMATS:
        if to_stdout:
            raise CpgScoreError(
                f"--format {fmt} writes a binary file: give --output FILE (e.g. -o report.{fmt})"
            )
        write_atomic(str(output), render_bytes(cards, fmt, lang), inputs)
        return 0
    if to_stdout:
        color = fmt == "table" and use_color(getattr(args, "color", "never"), sys.stdout)
        write_stdout(render_compare(cards, fmt, lang, color=color))
    else:
        color = fmt == "table" and getattr(args, "color", "never") == "always"
        write_atomic(str(output), render_compare(cards, fmt, lang, color=color), inputs)
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    limits = limits_from(args)
    grid = load_grid(Path(args.grid), limits=limits)
    cards = [score(grid, load_results(Path(path), grid, limits=limits)) for path in args.results]
    return emit_report(cards, args, [args.grid, *args.results])


def register(commands: Any) -> None:
    """Add the `compare` command."""
    p = commands.add_parser(
        "compare",
        help="several entities side by side on one grid",
        description=(
            "Score each RESULTS file on GRID and print them side by side (rate and points / max per "
            "entity, axis subtotals, the regional result), as on the report's page « RÉSULTATS »."
        ),
    )
    p.add_argument("grid", metavar="GRID", help="the grid file (YAML)")
    p.add_argument("results", nargs="+", metavar="RESULTS", help="results files (YAML), one per entity")
    add_output_options(p)
    add_limit_options(p)
    p.set_defaults(handler=_cmd_compare)
