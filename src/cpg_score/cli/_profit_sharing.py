"""`cpg-score profit-sharing`: the profit-sharing (intéressement) per FTE from a score."""

from __future__ import annotations

import argparse
from pathlib import Path

from cpg_score.cli._files import grid_results_arguments, load_pair
from cpg_score.cli._options import Command, limits_from
from cpg_score.cli._reports import emit_result
from cpg_score.io import load_profit_sharing
from cpg_score.reports import TABLE_FORMATS
from cpg_score.scoring import score
from cpg_score.simulate import profit_sharing

__all__ = ["PROFIT_SHARING"]


def _cmd_profit_sharing(args: argparse.Namespace) -> int:
    limits = limits_from(args)
    grid, results = load_pair(args.grid, args.results, limits, args.targets)
    parameters = load_profit_sharing(Path(args.params), limits=limits)
    found = profit_sharing(score(grid, results), parameters)
    emit_result(found, args, [args.grid, args.results, args.params], lang=args.lang)
    return 0


def _arguments(parser: argparse.ArgumentParser) -> None:
    grid_results_arguments(parser)
    parser.add_argument("--params", required=True, metavar="FILE", help="profit-sharing parameters (YAML)")


PROFIT_SHARING = Command(
    name="profit-sharing",
    help="profit-sharing (intéressement) per FTE from a score",
    description="From the score of RESULTS: the local success rate (points earned / theoretical "
    "points), the 50 %% trigger, the national themes' weighted rate and the amount per full-time "
    "equivalent; every parameter in --params FILE.",
    handler=_cmd_profit_sharing,
    arguments=_arguments,
    formats=TABLE_FORMATS,
    lang="en",
)
