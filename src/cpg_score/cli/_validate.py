"""`cpg-score validate`: check files of every kind, results and simulation inputs against a grid
given alongside."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from cpg_score.cli._errors import EXIT_INVALID, EXIT_OK, error_lines
from cpg_score.cli._files import load_results_files
from cpg_score.cli._options import Command, limits_from
from cpg_score.errors import CpgScoreError, InputError
from cpg_score.io import (
    Limits,
    file_kind,
    load_bounds,
    load_grid,
    load_profit_sharing,
    load_results,
    load_scenario,
    load_series,
    load_spec,
    load_totals,
    load_tree,
)
from cpg_score.io.kind import KIND_KEYS, FileKind
from cpg_score.io.table import is_table
from cpg_score.io.targets import load_targets
from cpg_score.model import Grid

__all__ = ["VALIDATE"]

_Loader = Callable[[Path, "Grid | None", Limits], object]

#: The kinds other than grids and results, each with its loader (called with the path, the grid
#: given alongside when there is exactly one, and the limits) and whether it checks the file
#: against that grid.
_OTHER_KINDS: dict[FileKind, tuple[bool, _Loader]] = {
    FileKind.TREE: (False, lambda p, g, lim: load_tree(p, limits=lim)),
    FileKind.TARGETS: (True, lambda p, g, lim: load_targets(p, g, limits=lim)),
    FileKind.TOTALS: (False, lambda p, g, lim: load_totals(p, limits=lim)),
    FileKind.SCENARIO: (True, lambda p, g, lim: load_scenario(p, g, limits=lim)),
    FileKind.BOUNDS: (True, lambda p, g, lim: load_bounds(p, g, limits=lim)),
    FileKind.SERIES: (True, lambda p, g, lim: load_series(p, g, limits=lim)),
    FileKind.PROFIT_SHARING: (False, lambda p, g, lim: load_profit_sharing(p, limits=lim)),
    FileKind.SPEC: (True, lambda p, g, lim: load_spec(p, g, limits=lim)),
}


def _word(kind: FileKind) -> str:
    return "simulation spec" if kind is FileKind.SPEC else kind.value


def _unknown(path: str) -> CpgScoreError:
    known = ", ".join(f"`{key}` ({_word(kind)})" for kind, key in KIND_KEYS)
    return CpgScoreError(f"{path}: not a file cpg-score knows: no {known} @ $")


def _grid(path: str, limits: Limits) -> Grid:
    grid = load_grid(Path(path), limits=limits)
    print(f"ok: {path} (grid {grid.id}, {sum(len(a.objectives) for a in grid.axes)} objectives)")
    return grid


def _table(path: str, grids: dict[str, Grid], limits: Limits) -> None:
    if len(grids) != 1:
        raise CpgScoreError(
            f"{path}: a table of results is checked against its grid: give one grid alongside"
        )
    grid = next(iter(grids.values()))
    ids = ", ".join(results.entity.id for results in load_results_files([path], grid, limits))
    print(f"ok: {path} (results of {ids}, checked against grid {grid.id})")


def _results(path: str, grids: dict[str, Grid], limits: Limits) -> None:
    if is_table(path):
        _table(path, grids, limits)
        return
    structural = load_results(Path(path), limits=limits)
    grid_for = grids.get(structural.grid)
    if grid_for is not None:
        load_results(Path(path), grid_for, limits=limits)
        print(f"ok: {path} (results of {structural.entity.id}, checked against grid {grid_for.id})")
    else:
        print(
            f"ok: {path} (results of {structural.entity.id}; give grid {structural.grid!r} "
            "too to check them against it)"
        )


def _other(path: str, kind: FileKind, grids: dict[str, Grid], limits: Limits) -> None:
    uses_grid, loader = _OTHER_KINDS[kind]
    only_grid = next(iter(grids.values())) if len(grids) == 1 and uses_grid else None
    loader(Path(path), only_grid, limits)
    against = f", checked against grid {only_grid.id}" if only_grid is not None else ""
    print(f"ok: {path} ({_word(kind)}{against})")


def _kinds(files: list[str], limits: Limits, failures: list[CpgScoreError]) -> dict[str, FileKind | None]:
    """Each file's kind (None when it cannot be read or parsed: its problems go to `failures`)."""
    kinds: dict[str, FileKind | None] = {}
    for path in files:
        if is_table(path):
            kinds[path] = FileKind.RESULTS
            continue
        try:
            kinds[path] = file_kind(Path(path), limits)
        except InputError as exc:
            failures.append(exc)
            kinds[path] = None
    return kinds


def _cmd_validate(args: argparse.Namespace) -> int:
    limits = limits_from(args)
    failures: list[CpgScoreError] = []
    kinds = _kinds(args.files, limits, failures)
    grids: dict[str, Grid] = {}
    # Grids first, so the files given with their grid are checked against it.
    for path in [p for p in args.files if kinds[p] is FileKind.GRID]:
        try:
            grid = _grid(path, limits)
            grids[grid.id] = grid
        except InputError as exc:
            failures.append(exc)
    for path in args.files:
        kind = kinds[path]
        try:
            if kind is FileKind.UNKNOWN:
                failures.append(_unknown(path))
            elif kind is FileKind.RESULTS:
                _results(path, grids, limits)
            elif kind is not None and kind is not FileKind.GRID:
                _other(path, kind, grids, limits)
        except CpgScoreError as exc:
            failures.append(exc)
    for failure in failures:
        for line in error_lines(failure):
            print(line, file=sys.stderr)
    return EXIT_INVALID if failures else EXIT_OK


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="grid or results files")


VALIDATE = Command(
    name="validate",
    help="check grid and results files",
    description="Check each FILE; results are checked against a grid given alongside.",
    handler=_cmd_validate,
    arguments=_arguments,
    output=False,
)
