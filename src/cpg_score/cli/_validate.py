"""`cpg-score validate`: check files of every kind, results and simulation inputs against a grid
given alongside."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from cpg_score.cli._errors import EXIT_INVALID, EXIT_OK, error_lines
from cpg_score.cli._files import expand_paths, load_results_files
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


#: The kinds of file, in French.
_KINDS_FR = {
    FileKind.GRID: "grille",
    FileKind.RESULTS: "résultats",
    FileKind.TREE: "arborescence",
    FileKind.TARGETS: "cibles",
    FileKind.TOTALS: "totaux",
    FileKind.SCENARIO: "scénario",
    FileKind.BOUNDS: "bornes",
    FileKind.SERIES: "séries",
    FileKind.PROFIT_SHARING: "intéressement",
    FileKind.SPEC: "loi de simulation",
}

#: The lines `validate` prints for a valid file, per language.
_OK = {
    "en": {
        "grid": "ok: {path} (grid {grid}, {count} objectives)",
        "results": "ok: {path} (results of {entity}, checked against grid {grid})",
        "results_alone": "ok: {path} (results of {entity}; give grid {grid!r} too to check them against it)",
        "other": "ok: {path} ({kind}{against})",
        "against": ", checked against grid {grid}",
    },
    "fr": {
        "grid": "ok\u00a0: {path} (grille {grid}, {count} objectifs)",
        "results": "ok\u00a0: {path} (résultats de {entity}, vérifiés avec la grille {grid})",
        "results_alone": (
            "ok\u00a0: {path} (résultats de {entity}\u00a0; donnez aussi la grille {grid!r} pour les "
            "vérifier avec elle)"
        ),
        "other": "ok\u00a0: {path} ({kind}{against})",
        "against": ", vérifié avec la grille {grid}",
    },
}


def _word(kind: FileKind, lang: str = "en") -> str:
    if lang == "fr":
        return _KINDS_FR.get(kind, kind.value)
    return "simulation spec" if kind is FileKind.SPEC else kind.value


def _unknown(path: str, lang: str) -> CpgScoreError:
    known = ", ".join(f"`{key}` ({_word(kind, lang)})" for kind, key in KIND_KEYS)
    if lang == "fr":
        unknown = f"pas un fichier que cpg-score connaît\u00a0: aucune clé {known}"
        return CpgScoreError(f"{path}\u00a0: {unknown} @ $")
    return CpgScoreError(f"{path}: not a file cpg-score knows: no {known} @ $")


def _grid(path: str, limits: Limits, lang: str) -> Grid:
    grid = load_grid(Path(path), limits=limits)
    count = sum(len(a.objectives) for a in grid.axes)
    print(_OK[lang]["grid"].format(path=path, grid=grid.id, count=count))
    return grid


def _table(path: str, grids: dict[str, Grid], limits: Limits, lang: str) -> None:
    if len(grids) != 1:
        raise CpgScoreError(
            f"{path}: a table of results is checked against its grid: give one grid alongside"
        )
    grid = next(iter(grids.values()))
    ids = ", ".join(results.entity.id for results in load_results_files([path], grid, limits))
    print(_OK[lang]["results"].format(path=path, entity=ids, grid=grid.id))


def _results(path: str, grids: dict[str, Grid], limits: Limits, lang: str) -> None:
    if is_table(path):
        _table(path, grids, limits, lang)
        return
    structural = load_results(Path(path), limits=limits)
    grid_for = grids.get(structural.grid)
    if grid_for is not None:
        load_results(Path(path), grid_for, limits=limits)
        print(_OK[lang]["results"].format(path=path, entity=structural.entity.id, grid=grid_for.id))
    else:
        print(_OK[lang]["results_alone"].format(path=path, entity=structural.entity.id, grid=structural.grid))


def _other(path: str, kind: FileKind, grids: dict[str, Grid], limits: Limits, lang: str) -> None:
    uses_grid, loader = _OTHER_KINDS[kind]
    only_grid = next(iter(grids.values())) if len(grids) == 1 and uses_grid else None
    loader(Path(path), only_grid, limits)
    against = _OK[lang]["against"].format(grid=only_grid.id) if only_grid is not None else ""
    print(_OK[lang]["other"].format(path=path, kind=_word(kind, lang), against=against))


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
    files = expand_paths(args.files)
    kinds = _kinds(files, limits, failures)
    grids: dict[str, Grid] = {}
    # Grids first, so the files given with their grid are checked against it.
    for path in [p for p in files if kinds[p] is FileKind.GRID]:
        try:
            grid = _grid(path, limits, args.lang)
            grids[grid.id] = grid
        except InputError as exc:
            failures.append(exc)
    for path in files:
        kind = kinds[path]
        try:
            if kind is FileKind.UNKNOWN:
                failures.append(_unknown(path, args.lang))
            elif kind is FileKind.RESULTS:
                _results(path, grids, limits, args.lang)
            elif kind is not None and kind is not FileKind.GRID:
                _other(path, kind, grids, limits, args.lang)
        except CpgScoreError as exc:
            failures.append(exc)
    for failure in failures:
        for line in error_lines(failure, args.lang):
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
