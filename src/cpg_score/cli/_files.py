"""The files the commands read: a grid with its results, and the files of directories."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cpg_score.errors import CpgScoreError
from cpg_score.io import Limits, load_grid, load_results
from cpg_score.io.targets import load_targets
from cpg_score.model import Grid, Results, Targets

__all__ = [
    "apply_targets",
    "expand_paths",
    "grid_argument",
    "grid_results_arguments",
    "load_pair",
    "read_targets",
    "targets_argument",
]


def grid_argument(parser: argparse.ArgumentParser) -> None:
    """Add the positional `GRID`."""
    parser.add_argument("grid", metavar="GRID", help="the grid file (YAML)")


def grid_results_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the positional `GRID RESULTS` of a command scoring one entity."""
    grid_argument(parser)
    parser.add_argument("results", metavar="RESULTS", help="the results file (YAML)")
    targets_argument(parser)


def targets_argument(parser: argparse.ArgumentParser) -> None:
    """Add `--targets FILE`: per-entity floors and targets applied to the results."""
    parser.add_argument(
        "--targets",
        metavar="FILE",
        help="per-entity floors and targets (a targets file, YAML), applied to the results",
    )


def load_pair(
    grid_path: str, results_path: str, limits: Limits, targets_path: str | None = None
) -> tuple[Grid, Results]:
    """A grid and results checked against it, both read within `limits`, with the entity's
    floors and targets of a targets file applied when one is named."""
    grid = load_grid(Path(grid_path), limits=limits)
    results = load_results(Path(results_path), grid, limits=limits)
    return grid, apply_targets(read_targets(targets_path, grid, limits), results)


def read_targets(targets_path: str | None, grid: Grid | None, limits: Limits) -> Targets | None:
    """The targets file named by `--targets` (None when none is), checked against `grid` when
    one is given."""
    if targets_path is None:
        return None
    return load_targets(Path(targets_path), grid, limits=limits)


def apply_targets(targets: Targets | None, results: Results) -> Results:
    """The results with their entity's floors and targets from a targets file (unchanged without
    one). A file with no entry for the entity is said on standard error, in one line (the
    results keep their own bounds, else the grid's): not an error.

    Raises:
        CpgScoreError: The targets are for another grid or period than the results.
    """
    if targets is None:
        return results
    where = targets.source or "<targets>"
    try:
        applied = targets.apply(results)
    except ValueError as exc:
        raise CpgScoreError(f"{where}: {exc}") from None
    if not targets.for_entity(results.entity.id):
        print(
            f"note: {where} has no floors or targets for entity {results.entity.id!r}: "
            "the results' own, else the grid's, apply",
            file=sys.stderr,
        )
    return applied


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given, and the `*.yaml` / `*.yml` files of each directory (sorted)."""
    out: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
            if not found:
                raise CpgScoreError(f"{name}: no .yaml file in this directory")
            out.extend(str(p) for p in found)
        else:
            out.append(name)
    return out
