"""`cpg-score profit-sharing`: the profit-sharing (intéressement) per FTE from a score."""

from __future__ import annotations

import argparse
from pathlib import Path

from cpg_score.cli._files import RESULTS_HELP, entity_argument, load_pair, targets_argument
from cpg_score.cli._options import Command, limits_from
from cpg_score.cli._reports import emit_result
from cpg_score.errors import CpgScoreError
from cpg_score.io import load_profit_sharing
from cpg_score.model.scorecard import Scorecard
from cpg_score.reports import TABLE_FORMATS
from cpg_score.scoring import score
from cpg_score.simulate import profit_sharing

__all__ = ["PROFIT_SHARING"]


def _cmd_profit_sharing(args: argparse.Namespace) -> int:
    limits = limits_from(args)
    inputs = [args.params]
    card: Scorecard | None = None
    if args.grid is not None:
        if args.results is None:
            raise CpgScoreError("profit-sharing: give GRID and RESULTS together, or neither")
        card = score(*load_pair(args.grid, args.results, limits, args.targets, args.entity))
        inputs += [args.grid, args.results]
    national: Scorecard | None = None
    if args.national:
        national = score(*load_pair(args.national[0], args.national[1], limits))
        inputs += list(args.national)
    parameters = load_profit_sharing(Path(args.params), limits=limits)
    found = profit_sharing(card, parameters, national=national)
    emit_result(found, args, inputs, lang=args.lang)
    return 0


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("grid", metavar="GRID", nargs="?", help="the entity's grid file (YAML)")
    parser.add_argument("results", metavar="RESULTS", nargs="?", help=RESULTS_HELP)
    parser.add_argument("--params", required=True, metavar="FILE", help="profit-sharing parameters (YAML)")
    entity_argument(parser)
    targets_argument(parser)
    parser.add_argument(
        "--national",
        nargs=2,
        metavar=("GRID", "RESULTS"),
        help="a scored national grid: the national themes' rates are its axes' rates",
    )


PROFIT_SHARING = Command(
    name="profit-sharing",
    help="profit-sharing (intéressement) per FTE from a score",
    description="The agreements' profit-sharing: the masse (2,5 % of the salary bill) split into a "
    "national and a local part; PINI and PILI (each part per eligible FTE); the national rate (a "
    "weighted mean of themes, given or from --national GRID RESULTS) and the local rate (points "
    "earned / theoretical points of RESULTS, or given in FILE), each paying nothing at or below its "
    "trigger; MTID = PINI x TRN + PILI x TRL. Without GRID RESULTS, FILE gives the local rate.",
    handler=_cmd_profit_sharing,
    arguments=_arguments,
    formats=TABLE_FORMATS,
)
