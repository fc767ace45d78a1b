"""The files the commands read: a grid with its results (a YAML file, or a CSV or xlsx table of
one entity or many), and the files of directories."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cpg_score.errors import CpgScoreError, Suggestions
from cpg_score.io import Limits, load_grid, read_results
from cpg_score.io.table import TablePlaces, is_table, read_results_table
from cpg_score.io.targets import load_targets
from cpg_score.model import Grid, Results, Targets

__all__ = [
    "RESULTS_HELP",
    "apply_targets",
    "entity_argument",
    "expand_paths",
    "grid_argument",
    "grid_results_arguments",
    "load_pair",
    "load_results_file",
    "load_results_files",
    "pick_entity",
    "read_targets",
    "targets_argument",
]


def grid_argument(parser: argparse.ArgumentParser) -> None:
    """Add the positional `GRID`."""
    parser.add_argument("grid", metavar="GRID", help="the grid file (YAML)")


#: The help of a RESULTS argument.
RESULTS_HELP = "the results file (YAML), or a table of results (.csv, .xlsx)"


def grid_results_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the positional `GRID RESULTS` of a command scoring one entity, and `--entity`."""
    grid_argument(parser)
    parser.add_argument("results", metavar="RESULTS", help=RESULTS_HELP)
    entity_argument(parser)
    targets_argument(parser)


def entity_argument(parser: argparse.ArgumentParser) -> None:
    """Add `--entity ID`: the entity to read from a table of several."""
    parser.add_argument(
        "--entity",
        metavar="ID",
        help="the entity to score when RESULTS is a table of several entities (.csv, .xlsx)",
    )


def targets_argument(parser: argparse.ArgumentParser) -> None:
    """Add `--targets FILE`: per-entity floors and targets applied to the results."""
    parser.add_argument(
        "--targets",
        metavar="FILE",
        help="per-entity floors and targets (a targets file, YAML), applied to the results",
    )


def load_pair(
    grid_path: str,
    results_path: str,
    limits: Limits,
    targets_path: str | None = None,
    entity: str | None = None,
) -> tuple[Grid, Results]:
    """A grid and results checked against it, both read within `limits`, with the entity's
    floors and targets of a targets file applied when one is named. The results may be a table:
    `entity` picks one of several (see `load_results_file`)."""
    grid = load_grid(Path(grid_path), limits=limits)
    results = load_results_file(results_path, grid, limits, entity)
    return grid, apply_targets(read_targets(targets_path, grid, limits), results)


def _table(
    path: str, grid: Grid | None, limits: Limits, domains: bool, places: TablePlaces | None = None
) -> tuple[Results, ...]:
    if grid is None:
        raise CpgScoreError(f"{path}: a table of results is read with its grid: give the grid (--grid GRID)")
    return read_results_table(Path(path), grid, limits=limits, domains=domains, places=places)


def load_results_file(
    path: str, grid: Grid | None, limits: Limits, entity: str | None = None, *, domains: bool = True
) -> Results:
    """One entity's results: a YAML file, or a table (`.csv`, `.xlsx`) of one entity, or of
    several with `entity` naming the one to read.

    Raises:
        CpgScoreError: A table of several entities without `entity`, or without that entity; a
            table without a grid; a YAML file of another entity than `entity`.
    """
    if not is_table(path):
        results = read_results(Path(path), grid, limits=limits, domains=domains)
        if entity is not None and results.entity.id != entity:
            raise CpgScoreError(f"{path}: holds the results of {results.entity.id!r}, not of {entity!r}")
        return results
    return pick_entity(_table(path, grid, limits, domains), path, entity)


def load_results_files(
    paths: list[str],
    grid: Grid | None,
    limits: Limits,
    *,
    domains: bool = True,
    places: TablePlaces | None = None,
) -> list[Results]:
    """The results of every file, in order: a YAML file gives one entity, a table all of its own,
    a directory its results files (see `expand_paths`); `places`, when given, is told where
    each value of a table stands.

    Raises:
        CpgScoreError: Two files give an entity of the same id (the message names both files).
    """
    found: list[Results] = []
    where: dict[str, str] = {}
    for path in expand_paths(paths):
        if is_table(path):
            read = list(_table(path, grid, limits, domains, places))
        else:
            read = [read_results(Path(path), grid, limits=limits, domains=domains)]
        for results in read:
            first = where.setdefault(results.entity.id, path)
            if first != path:
                raise CpgScoreError(
                    f"{path}: entity {results.entity.id!r} is also in {first}: give each entity once "
                    "(a table's entity without a name takes its file's name)"
                )
        found.extend(read)
    return found


#: The files of a directory read as results.
_DIRECTORY_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx", ".xlsm")
#: How many entity ids a message lists.
_SHOWN = 10


def pick_entity(found: tuple[Results, ...], path: str, entity: str | None) -> Results:
    """The entity named `entity` among the results of a table (its only one when `entity` is None).

    Raises:
        CpgScoreError: `entity` is None and the table holds several entities, or no entity has
            that id (with a "did you mean"); the message names the table's entities.
    """
    if not found:
        raise CpgScoreError(f"{path}: the table holds no entity's results")
    ids = [results.entity.id for results in found]
    listed = ", ".join(ids[:_SHOWN]) + (f" and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else "")
    if entity is None:
        if len(found) == 1:
            return found[0]
        raise CpgScoreError(
            f"{path}: the table holds {len(ids)} entities ({listed}): choose one with --entity ID"
        )
    for results in found:
        if results.entity.id == entity:
            return results
    hint = Suggestions(ids).hint(entity)
    raise CpgScoreError(f"{path}: no entity {entity!r} in the table{hint} (its entities: {listed})")


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
    """Files as given, and the results files of each directory (sorted): `*.yaml`, `*.yml` and
    the tables `*.csv`, `*.xlsx`, `*.xlsm` (a spreadsheet's `~$` lock files left out)."""
    out: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p
                for suffix in _DIRECTORY_SUFFIXES
                for p in path.glob(f"*{suffix}")
                if not p.name.startswith("~$")
            )
            if not found:
                raise CpgScoreError(f"{name}: no results file (.yaml, .csv, .xlsx) in this directory")
            out.extend(str(p) for p in found)
        else:
            out.append(name)
    return out
