"""`cpg-score sensitivity`: points per unit of improvement of every indicator."""

from __future__ import annotations

import argparse

from cpg_score.cli._files import grid_results_arguments, load_pair
from cpg_score.cli._options import Command, limits_from
from cpg_score.cli._reports import emit_result
from cpg_score.reports import TABLE_FORMATS
from cpg_score.simulate import sensitivity

__all__ = ["SENSITIVITY"]


def _cmd_sensitivity(args: argparse.Namespace) -> int:
    grid, results = load_pair(args.grid, args.results, limits_from(args), args.targets, args.entity)
    emit_result(sensitivity(grid, results), args, [args.grid, args.results], lang=args.lang)
    return 0


SENSITIVITY = Command(
    name="sensitivity",
    help="points per unit of improvement of every indicator",
    description="For every indicator (and objective rated directly): the points gained per unit of "
    "improvement at the current value, the next breakpoint of its rule and the headroom, best first.",
    handler=_cmd_sensitivity,
    arguments=grid_results_arguments,
    formats=TABLE_FORMATS,
)
