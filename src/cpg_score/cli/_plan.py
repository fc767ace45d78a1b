"""`cpg-score plan`: the cheapest improvements to reach a target total."""

from __future__ import annotations

import argparse
from pathlib import Path

from cpg_score.cli._files import grid_results_arguments, load_pair
from cpg_score.cli._options import Command, limits_from, points
from cpg_score.cli._reports import emit_result
from cpg_score.io import load_bounds
from cpg_score.reports import TABLE_FORMATS
from cpg_score.simulate import plan

__all__ = ["PLAN"]


def _cmd_plan(args: argparse.Namespace) -> int:
    limits = limits_from(args)
    grid, results = load_pair(args.grid, args.results, limits, args.targets, args.entity)
    bounds = load_bounds(Path(args.bounds), grid, limits=limits) if args.bounds else None
    found = plan(grid, results, args.target, bounds)
    inputs = [args.grid, args.results, *([args.bounds] if args.bounds else [])]
    emit_result(found, args, inputs, lang=args.lang)
    return 0


def _arguments(parser: argparse.ArgumentParser) -> None:
    grid_results_arguments(parser)
    parser.add_argument(
        "--target",
        required=True,
        type=points,
        metavar="POINTS",
        help="the total to reach (points, 0 to 10^15)",
    )
    parser.add_argument("--bounds", metavar="FILE", help="limits, costs and fixed levers (YAML)")


PLAN = Command(
    name="plan",
    help="the cheapest improvements to reach a target total",
    description="Find the cheapest improvements (cost 1 per unit unless --bounds says otherwise) that "
    "lift the total to --target; say whether the plan is proven optimal, or that the target is out "
    "of reach and how close the best plan gets.",
    handler=_cmd_plan,
    arguments=_arguments,
    formats=TABLE_FORMATS,
)
