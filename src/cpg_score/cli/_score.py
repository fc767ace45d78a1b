"""`cpg-score score` and `cpg-score compare`: scorecards, one entity or several side by side."""

from __future__ import annotations

import argparse
from pathlib import Path

from cpg_score.cli._files import (
    RESULTS_HELP,
    apply_targets,
    entity_argument,
    grid_argument,
    load_pair,
    load_results_files,
    read_targets,
    targets_argument,
)
from cpg_score.cli._options import Command, limits_from
from cpg_score.cli._reports import emit_report
from cpg_score.errors import CpgScoreError
from cpg_score.io import find_example, load_grid
from cpg_score.reports import FORMATS
from cpg_score.scoring import score

__all__ = ["COMPARE", "SCORE"]


def _cmd_score(args: argparse.Namespace) -> int:
    if args.example:
        if args.grid or args.results:
            raise CpgScoreError("give either --example NAME or GRID RESULTS, not both")
        example = find_example(args.example)
        grid_path, results_path = str(example.grid), str(example.results)
    elif args.grid and args.results:
        grid_path, results_path = args.grid, args.results
    else:
        raise CpgScoreError("give GRID and RESULTS files, or --example NAME (see `cpg-score examples`)")
    grid, results = load_pair(grid_path, results_path, limits_from(args), args.targets, args.entity)
    named = [grid_path, results_path] + ([args.targets] if args.targets else [])
    return emit_report([score(grid, results)], args, named, grid=grid, results=[results])


def _score_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("grid", nargs="?", metavar="GRID", help="the grid file (YAML)")
    parser.add_argument("results", nargs="?", metavar="RESULTS", help=RESULTS_HELP)
    parser.add_argument(
        "--example", metavar="NAME", help="score a shipped example (see `cpg-score examples`)"
    )
    entity_argument(parser)
    targets_argument(parser)


def _cmd_compare(args: argparse.Namespace) -> int:
    limits = limits_from(args)
    grid = load_grid(Path(args.grid), limits=limits)
    # One targets file for many entities: each entity gets its own floors and targets.
    targets = read_targets(args.targets, grid, limits)
    many = [apply_targets(targets, results) for results in load_results_files(args.results, grid, limits)]
    cards = [score(grid, results) for results in many]
    named = [args.grid, *args.results, *([args.targets] if args.targets else [])]
    return emit_report(cards, args, named, grid=grid, results=many)


def _compare_arguments(parser: argparse.ArgumentParser) -> None:
    grid_argument(parser)
    parser.add_argument(
        "results",
        nargs="+",
        metavar="RESULTS",
        help="results files (YAML, one entity each), or tables of results (.csv, .xlsx)",
    )
    targets_argument(parser)


SCORE = Command(
    name="score",
    help="score an entity's results on a grid",
    description="Score RESULTS on GRID and print the scorecard.",
    handler=_cmd_score,
    arguments=_score_arguments,
    formats=FORMATS,
    format_help="xlsx needs --output",
    color=True,
)

COMPARE = Command(
    name="compare",
    help="several entities side by side on one grid",
    description=(
        "Score each RESULTS file on GRID and print them side by side (rate and points / max per "
        "entity, axis subtotals, the regional result), as on the report's page « RÉSULTATS »."
    ),
    handler=_cmd_compare,
    arguments=_compare_arguments,
    formats=FORMATS,
    format_help="xlsx needs --output",
    color=True,
)
