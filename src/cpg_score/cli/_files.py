"""The files the commands read: a grid with its results, and the files of directories."""

from __future__ import annotations

import argparse
from pathlib import Path

from cpg_score.errors import CpgScoreError
from cpg_score.io import Limits, load_grid, load_results
from cpg_score.model import Grid, Results

__all__ = ["expand_paths", "grid_argument", "grid_results_arguments", "load_pair"]


def grid_argument(parser: argparse.ArgumentParser) -> None:
    """Add the positional `GRID`."""
    parser.add_argument("grid", metavar="GRID", help="the grid file (YAML)")


def grid_results_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the positional `GRID RESULTS` of a command scoring one entity."""
    grid_argument(parser)
    parser.add_argument("results", metavar="RESULTS", help="the results file (YAML)")


def load_pair(grid_path: str, results_path: str, limits: Limits) -> tuple[Grid, Results]:
    """A grid and results checked against it, both read within `limits`."""
    grid = load_grid(Path(grid_path), limits=limits)
    return grid, load_results(Path(results_path), grid, limits=limits)


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
