"""`cpg-score whatif`: scenarios side by side with their base results."""

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
from cpg_score.io import load_grid, load_scenario
from cpg_score.reports import TABLE_FORMATS
from cpg_score.simulate import Scenario, compare

__all__ = ["WHATIF"]


def _base_path(args: argparse.Namespace, scenarios: list[Scenario]) -> Path:
    """The base results: `--base`, or the one file every scenario names."""
    if args.base is not None:
        return Path(args.base)
    bases = {s.base for s in scenarios}
    if None in bases:
        raise CpgScoreError("a scenario names no base results file: give --base RESULTS")
    if len(bases) != 1:
        raise CpgScoreError(
            "the scenarios name different base results files; compare scenarios of one base, "
            "or give --base RESULTS"
        )
    return Path(next(iter(bases)))  # type: ignore[arg-type]


def _cmd_whatif(args: argparse.Namespace) -> int:
    limits = limits_from(args)
    grid = load_grid(Path(args.grid), limits=limits)
    scenarios = [
        load_scenario(Path(path), grid, limits=limits, with_base=args.base is None) for path in args.scenarios
    ]
    base_path = _base_path(args, scenarios)
    base = apply_targets(
        read_targets(args.targets, grid, limits), load_results_file(str(base_path), grid, limits, args.entity)
    )
    inputs = [args.grid, *args.scenarios, str(base_path), *([args.targets] if args.targets else [])]
    emit_result(compare(grid, base, scenarios), args, inputs, lang=args.lang)
    return 0


def _arguments(parser: argparse.ArgumentParser) -> None:
    grid_argument(parser)
    parser.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario files (YAML)")
    parser.add_argument(
        "--base",
        metavar="RESULTS",
        help="base results file, or a table of results (default: the scenarios' `base`)",
    )
    entity_argument(parser)
    targets_argument(parser)


WHATIF = Command(
    name="whatif",
    help="compare scenarios with their base results",
    description="Score each SCENARIO (a base results file with overridden values) side by side "
    "with its base: points and delta per objective, axis and the total.",
    handler=_cmd_whatif,
    arguments=_arguments,
    formats=TABLE_FORMATS,
)
