"""The `cpg-score explain` command: how one indicator's or objective's score was computed."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cpg_score._safe_text import terminal_text
from cpg_score.cli._common import add_limit_options, limits_from
from cpg_score.io.loader import load_grid, load_results
from cpg_score.io.output import emit
from cpg_score.render import render
from cpg_score.scoring import explain

__all__ = ["register"]


def _cmd_explain(args: argparse.Namespace) -> int:
    limits = limits_from(args)
    grid = load_grid(Path(args.grid), limits=limits)
    results = load_results(Path(args.results), grid, limits=limits)
    explanation = explain(grid, results, args.item)
    # Labels come from the inputs: their control characters are shown escaped, never obeyed.
    text = (
        explanation.to_json() if args.format == "json" else terminal_text(render(explanation, "table", "en"))
    )
    emit(text, args.output, [args.grid, args.results])
    return 0


def register(commands: Any) -> None:
    """Add the `explain` command."""
    p = commands.add_parser(
        "explain",
        help="show how an indicator's or objective's score was computed",
        description=(
            "Print, for one indicator (or objective) of GRID scored on RESULTS: the inputs, the rule, "
            "the arithmetic, the rate and the points."
        ),
    )
    p.add_argument("grid", metavar="GRID", help="the grid file (YAML)")
    p.add_argument("results", metavar="RESULTS", help="the results file (YAML)")
    p.add_argument("item", metavar="INDICATOR", help="an indicator or objective id of the grid")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    add_limit_options(p)
    p.set_defaults(handler=_cmd_explain)
