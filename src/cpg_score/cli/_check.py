"""The `cpg-score check` command: data checks on results files (exit 0 clean, 1 findings, 2 invalid)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cpg_score._safe_text import terminal_text
from cpg_score.cli._common import add_limit_options, limits_from, whole_number
from cpg_score.cli._consolidate import expand_paths
from cpg_score.errors import CpgScoreError, InputError, Problem
from cpg_score.io.loader import load_grid, read_results, read_source
from cpg_score.io.marked import Limits, Mapping, YamlProblems, parse_yaml
from cpg_score.io.output import emit
from cpg_score.io.totals import load_totals
from cpg_score.io.tree import load_tree
from cpg_score.model.grid import Grid, Results
from cpg_score.model.tree import Tree
from cpg_score.render import render
from cpg_score.scoring import check

__all__ = ["register"]


#: The exit code of `check` when it finds something: not an error of the input (exit 2), nor a
#: bug (exit 1), so a script can tell the three apart.
EXIT_FINDINGS = 3


def _kind(path: str, limits: Limits) -> str:
    content, name = read_source(Path(path), limits)
    try:
        root = parse_yaml(content, name, limits)
    except YamlProblems as exc:
        raise InputError(exc.problems) from None
    if isinstance(root, Mapping):
        if root.get("results") is not None:
            return "results"
        if root.get("axes") is not None:
            return "grid"
        if root.get("root") is not None:
            return "tree"
        if root.get("entities") is not None:
            return "totals"
    raise CpgScoreError(f"{path}: not a results, grid, tree or totals file @ $")


def _cmd_check(args: argparse.Namespace) -> int:
    limits = limits_from(args)
    grid: Grid | None = load_grid(Path(args.grid), limits=limits) if args.grid else None
    tree: Tree | None = load_tree(Path(args.tree), limits=limits) if args.tree else None
    totals = []
    if args.totals:
        published = load_totals(Path(args.totals), limits=limits)
        totals = list(published)
        if tree is None and published.tree is not None:
            tree = load_tree(Path(published.tree), limits=limits)
    results: list[Results] = []
    problems: list[Problem] = []
    files = expand_paths(args.files)
    for path in files:
        try:
            kind = _kind(path, limits)
            if kind == "grid":
                grid = load_grid(Path(path), limits=limits)
            elif kind == "tree":
                tree = load_tree(Path(path), limits=limits)
            elif kind == "totals":
                published = load_totals(Path(path), limits=limits)
                totals.extend(published)
                if tree is None and published.tree is not None:
                    tree = load_tree(Path(published.tree), limits=limits)
            else:
                # Domain checks off: a rate above 100 % is a finding here, not an invalid file.
                results.append(read_results(Path(path), domains=False, limits=limits))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    if not results:
        raise CpgScoreError("no results file among the files given")
    report = check(results, grid=grid, tree=tree, totals=totals, min_identical=args.min_identical)
    # Labels and ids come from the inputs: their control characters are shown escaped, never obeyed.
    text = report.to_json() if args.format == "json" else terminal_text(render(report, "table", "en"))
    emit(text, args.output, files)
    return 0 if report.clean else EXIT_FINDINGS


def register(commands: Any) -> None:
    """Add the `check` command."""
    p = commands.add_parser(
        "check",
        help="look for copy-pastes, repeated labels, values out of domain and totals that disagree",
        description=(
            "Check results FILES (directories accepted; a grid, a tree or a totals file among them is "
            "used as such). Exit 0 when clean, 3 when something was found, 2 on invalid input."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="results files or directories")
    p.add_argument("--totals", metavar="FILE", help="published totals to compare with the sums")
    p.add_argument("--grid", metavar="GRID", help="the grid, for the units of the results")
    p.add_argument("--tree", metavar="TREE", help="the entity tree, to place the totals' entities")
    p.add_argument(
        "--min-identical",
        type=whole_number(1, 10_000),
        default=3,
        metavar="N",
        help="identical figures that make two entities suspect, 1 to 10000 (default: 3)",
    )
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    add_limit_options(p)
    p.set_defaults(handler=_cmd_check)
