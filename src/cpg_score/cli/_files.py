"""The files the commands read: a grid with its results, and the files of directories."""

from __future__ import annotations

import argparse
from pathlib import Path

from cpg_score.errors import CpgScoreError
from cpg_score.io import Limits, load_grid, load_results
from cpg_score.io.targets import load_targets
from cpg_score.model import Grid, Results

__all__ = ["expand_paths", "grid_argument", "grid_results_arguments", "load_pair", "targets_argument"]


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
    if targets_path is None:
        return grid, results
    return grid, load_targets(Path(targets_path), grid, limits=limits).apply(results)


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
