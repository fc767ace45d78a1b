"""`cpg-score explain`: how one indicator's or objective's score was computed."""

from __future__ import annotations

import argparse

from cpg_score.cli._files import grid_results_arguments, load_pair
from cpg_score.cli._options import Command, limits_from
from cpg_score.cli._reports import emit_result
from cpg_score.scoring import explain

__all__ = ["EXPLAIN"]


def _cmd_explain(args: argparse.Namespace) -> int:
    grid, results = load_pair(args.grid, args.results, limits_from(args), args.targets, args.entity)
    emit_result(
        explain(grid, results, args.item), args, [args.grid, args.results], lang=args.lang, plain=True
    )
    return 0


def _arguments(parser: argparse.ArgumentParser) -> None:
    grid_results_arguments(parser)
    parser.add_argument("item", metavar="INDICATOR", help="an indicator or objective id of the grid")


EXPLAIN = Command(
    name="explain",
    help="show how an indicator's or objective's score was computed",
    description=(
        "Print, for one indicator (or objective) of GRID scored on RESULTS: the inputs, the rule, "
        "the arithmetic, the rate and the points."
    ),
    handler=_cmd_explain,
    arguments=_arguments,
    formats=("text", "json"),
)
