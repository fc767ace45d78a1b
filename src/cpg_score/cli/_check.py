"""`cpg-score check`: data checks on results files (exit 0 clean, 3 findings, 2 invalid)."""

from __future__ import annotations

import argparse
from pathlib import Path

from attrs import define, field

from cpg_score.cli._files import (
    apply_targets,
    expand_paths,
    load_results_files,
    read_targets,
    targets_argument,
)
from cpg_score.cli._options import Command, limits_from, whole_number
from cpg_score.cli._reports import emit_result
from cpg_score.errors import CpgScoreError, InputError, Problem
from cpg_score.io import Limits, file_kind, load_grid, load_totals, load_tree, read_results, read_source
from cpg_score.io.kind import FileKind
from cpg_score.io.marked import Mapping, parse_yaml
from cpg_score.io.table import TablePlaces, is_table
from cpg_score.model import Grid, PublishedTotal, Results, Tree
from cpg_score.scoring import check

__all__ = ["CHECK"]


#: The exit code of `check` when it finds something: not an error of the input (exit 2), nor a
#: bug (exit 1), so a script can tell the three apart.
EXIT_FINDINGS = 3


@define
class _Inputs:
    """What the files given to `check` hold, gathered file by file."""

    limits: Limits
    grid: Grid | None = None
    tree: Tree | None = None
    totals: list[PublishedTotal] = field(factory=list)
    results: list[Results] = field(factory=list)
    places: dict[tuple[str, str], tuple[str, int | None, int | None, str | None]] = field(factory=dict)

    def add_totals(self, path: str) -> None:
        """Published totals, and the tree they name when no tree was given."""
        published = load_totals(Path(path), limits=self.limits)
        self.totals.extend(published)
        if self.tree is None and published.tree is not None:
            self.tree = load_tree(Path(published.tree), limits=self.limits)

    def add(self, path: str) -> None:
        """A file of any kind `check` uses: a grid, a tree, totals, or results."""
        if is_table(path):
            # Domain checks off, as below; a table is read with the grid (--grid).
            cells: TablePlaces = {}
            self.results.extend(
                load_results_files([path], self.grid, self.limits, domains=False, places=cells)
            )
            self.places.update(cells)
            return
        kind = file_kind(Path(path), self.limits)
        if kind is FileKind.GRID:
            self.grid = load_grid(Path(path), limits=self.limits)
        elif kind is FileKind.TREE:
            self.tree = load_tree(Path(path), limits=self.limits)
        elif kind is FileKind.TOTALS:
            self.add_totals(path)
        elif kind is FileKind.RESULTS:
            # Domain checks off: a rate above 100 % is a finding here, not an invalid file.
            results = read_results(Path(path), domains=False, limits=self.limits)
            self.results.append(results)
            self.places.update(_value_places(path, results, self.limits))
        else:
            raise CpgScoreError(f"{path}: not a results, grid, tree or totals file @ $")


def _value_places(
    path: str, results: Results, limits: Limits
) -> dict[tuple[str, str], tuple[str, int | None, int | None, str | None]]:
    """Where each result's value stands in a YAML results file: its `value` (or `numerator`)
    node (another kind of file gives none)."""
    if Path(path).suffix.lower() not in (".yaml", ".yml"):
        return {}
    content, name = read_source(Path(path), limits)
    root = parse_yaml(content, name, limits)  # read once already: it parses
    node = root.get("results") if isinstance(root, Mapping) else None
    entries = node.entries if isinstance(node, Mapping) else ()
    places: dict[tuple[str, str], tuple[str, int | None, int | None, str | None]] = {}
    for key, value in entries:
        at = value
        if isinstance(value, Mapping):
            inner = value.get("value")
            inner = value.get("numerator") if inner is None else inner
            at = value if inner is None else inner
        places[(results.entity.id, key.text)] = (name, at.line, at.column, None)
    return places


def _inputs(args: argparse.Namespace, files: list[str]) -> _Inputs:
    limits = limits_from(args)
    inputs = _Inputs(limits)
    inputs.grid = load_grid(Path(args.grid), limits=limits) if args.grid else None
    inputs.tree = load_tree(Path(args.tree), limits=limits) if args.tree else None
    if args.totals:
        inputs.add_totals(args.totals)
    problems: list[Problem] = []
    for path in files:
        try:
            inputs.add(path)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    if not inputs.results:
        raise CpgScoreError("no results file among the files given")
    # One targets file for many entities: each entity gets its own floors and targets.
    targets = read_targets(args.targets, inputs.grid, limits)
    inputs.results = [apply_targets(targets, results) for results in inputs.results]
    return inputs


def _cmd_check(args: argparse.Namespace) -> int:
    files = expand_paths(args.files)
    found = _inputs(args, files)
    report = check(
        found.results,
        grid=found.grid,
        tree=found.tree,
        totals=found.totals,
        min_identical=args.min_identical,
        places=found.places,
    )
    emit_result(report, args, files, lang=args.lang, plain=True)
    # Warnings alone (implausible values that may be right) exit 0 unless --strict.
    warned = args.strict and bool(report.warnings)
    return EXIT_FINDINGS if warned or not report.clean else 0


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="results files or directories")
    parser.add_argument("--totals", metavar="FILE", help="published totals to compare with the sums")
    parser.add_argument("--grid", metavar="GRID", help="the grid, for the units of the results")
    parser.add_argument("--tree", metavar="TREE", help="the entity tree, to place the totals' entities")
    targets_argument(parser)
    parser.add_argument(
        "--min-identical",
        type=whole_number(1, 10_000),
        default=3,
        metavar="N",
        help="identical figures that make two entities suspect, 1 to 10000 (default: 3)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 3 on warnings too (implausible values), not only on findings",
    )


CHECK = Command(
    name="check",
    help="look for copy-pastes, repeated labels, values out of domain and totals that disagree",
    description=(
        "Check results FILES (directories accepted; a grid, a tree or a totals file among them is "
        "used as such). Exit 0 when clean, 3 when something was found, 2 on invalid input; "
        "warnings (implausible values, given --grid) alone exit 0, 3 with --strict."
    ),
    handler=_cmd_check,
    arguments=_arguments,
    formats=("text", "json"),
)
