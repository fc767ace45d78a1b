"""`cpg-score project`: year-end values projected from monthly cumulative figures, and scored."""

from __future__ import annotations

import argparse
from pathlib import Path

from cpg_score.cli._files import (
    apply_targets,
    entity_argument,
    grid_argument,
    load_results_file,
    read_targets,
    targets_argument,
)
from cpg_score.cli._options import Command, limits_from
from cpg_score.cli._reports import emit_result
from cpg_score.errors import CpgScoreError
from cpg_score.io import load_grid, load_series
from cpg_score.reports import TABLE_FORMATS
from cpg_score.simulate import project

__all__ = ["PROJECT"]


def _cmd_project(args: argparse.Namespace) -> int:
    limits = limits_from(args)
    grid = load_grid(Path(args.grid), limits=limits)
    series = load_series(Path(args.series), grid, limits=limits)
    if args.targets and not args.results:
        # The projection's own results are made from the series: the bounds go on the base.
        raise CpgScoreError("--targets applies to the base results: give --results RESULTS too")
    base = load_results_file(args.results, grid, limits, args.entity) if args.results else None
    if base is not None:
        base = apply_targets(read_targets(args.targets, grid, limits), base)
    inputs = [args.grid, args.series, *([args.results] if args.results else [])]
    inputs += [args.targets] if args.targets else []
    emit_result(project(grid, series, base), args, inputs, lang=args.lang)
    return 0


def _arguments(parser: argparse.ArgumentParser) -> None:
    grid_argument(parser)
    parser.add_argument("series", metavar="SERIES", help="the monthly series file (YAML)")
    parser.add_argument(
        "--results",
        metavar="RESULTS",
        help="base results for the indicators without a series (YAML, or a table: .csv, .xlsx)",
    )
    entity_argument(parser)
    targets_argument(parser)


PROJECT = Command(
    name="project",
    help="project year-end values from monthly cumulative figures, and score them",
    description="Project each series of SERIES (monthly cumulative figures to date) to year end "
    "(linear pace, or a previous year's seasonal profile), score the projection, with an interval.",
    handler=_cmd_project,
    arguments=_arguments,
    formats=TABLE_FORMATS,
)
