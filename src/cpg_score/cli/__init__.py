"""The `cpg-score` command line.

Exit codes: 0 success, 2 invalid input or an output that cannot be written (the message on
standard error, one problem a line, no traceback), 1 unexpected failure (a bug). Set
`CPG_SCORE_DEBUG=1` to see the traceback of an unexpected failure.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cpg_score import __version__
from cpg_score._safe_text import escape_controls
from cpg_score.cli import _check, _consolidate, _docs, _explain, _simulate
from cpg_score.cli._common import add_limit_options, error_lines, limits_from
from cpg_score.cli._reports import add_output_options, emit_report
from cpg_score.cli._reports import register as register_reports
from cpg_score.errors import CpgScoreError, InputError
from cpg_score.io import load_bounds, load_profit_sharing, load_scenario, load_series, load_spec
from cpg_score.io.examples import find_example, list_examples
from cpg_score.io.loader import load_grid, load_results, read_source
from cpg_score.io.marked import Limits, Mapping, YamlProblems, parse_yaml
from cpg_score.io.output import flush_stdout
from cpg_score.io.totals import load_totals
from cpg_score.io.tree import load_tree
from cpg_score.model.grid import Grid
from cpg_score.scoring import score

__all__ = ["build_parser", "main"]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INVALID = 2

Handler = Callable[[argparse.Namespace], int]

#: Functions adding the commands that live in other modules (each `register(commands)`); a new
#: area of the CLI (simulation, consolidation, reports...) adds its module's `register` here.
_REGISTRARS: tuple[Callable[[Any], None], ...] = (
    register_reports,
    _explain.register,
    _consolidate.register,
    _check.register,
    _simulate.register,
    _docs.register,
)


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors exiting 2 and naming the program."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"{self.prog}: error: {message}\n")


def _cmd_score(args: argparse.Namespace) -> int:
    if args.example:
        if args.grid or args.results:
            raise CpgScoreError("give either --example NAME or GRID RESULTS, not both")
        example = find_example(args.example)
        grid_path, results_path = str(example.grid), str(example.results)
    elif args.grid and args.results:
        grid_path, results_path = args.grid, args.results
    else:
        raise CpgScoreError("give GRID and RESULTS files, or --example NAME (see `cpg-score examples`)")
    limits = limits_from(args)
    grid = load_grid(Path(grid_path), limits=limits)
    results = load_results(Path(results_path), grid, limits=limits)
    card = score(grid, results)
    return emit_report([card], args, [grid_path, results_path])


#: The other file kinds `validate` knows, each by a top-level key only it has, with its loader
#: (called with the path, the grid given alongside when there is exactly one, and the limits), and
#: whether that loader checks the file against the grid.
_OTHER_KINDS: tuple[tuple[str, str, bool, Callable[[Path, Grid | None, Limits], object]], ...] = (
    ("tree", "root", False, lambda p, g, lim: load_tree(p, limits=lim)),
    ("totals", "entities", False, lambda p, g, lim: load_totals(p, limits=lim)),
    ("scenario", "overrides", True, lambda p, g, lim: load_scenario(p, g, limits=lim)),
    ("bounds", "levers", True, lambda p, g, lim: load_bounds(p, g, limits=lim)),
    ("series", "series", True, lambda p, g, lim: load_series(p, g, limits=lim)),
    ("profit-sharing", "envelope", False, lambda p, g, lim: load_profit_sharing(p, limits=lim)),
    ("simulation spec", "indicators", True, lambda p, g, lim: load_spec(p, g, limits=lim)),
)


def _kind(path: str, limits: Limits) -> str:
    """What a file holds (`grid`, `results`, a kind of `_OTHER_KINDS`, or `unknown`).

    Raises:
        InputError: The file cannot be read or is not well-formed YAML.
    """
    content, name = read_source(Path(path), limits)
    try:
        root = parse_yaml(content, name, limits)
    except YamlProblems as exc:  # report what is wrong with the YAML itself
        raise InputError(exc.problems) from None
    if isinstance(root, Mapping):
        if root.get("axes") is not None:
            return "grid"
        if root.get("results") is not None:
            return "results"
        for kind, key, _, _ in _OTHER_KINDS:
            if root.get(key) is not None:
                return kind
    return "unknown"


def _cmd_validate(args: argparse.Namespace) -> int:
    grids: dict[str, Grid] = {}
    failures: list[CpgScoreError] = []
    kinds: dict[str, str] = {}
    limits = limits_from(args)
    for path in args.files:
        try:
            kinds[path] = _kind(path, limits)
        except InputError as exc:
            failures.append(exc)
            kinds[path] = "error"
    # Grids first, so results given with their grid are checked against it.
    for path in [p for p in args.files if kinds[p] == "grid"]:
        try:
            grid = load_grid(Path(path), limits=limits)
            grids[grid.id] = grid
            print(f"ok: {path} (grid {grid.id}, {sum(len(a.objectives) for a in grid.axes)} objectives)")
        except InputError as exc:
            failures.append(exc)
    for path in args.files:
        kind = kinds[path]
        if kind in ("grid", "error"):
            continue
        if kind == "unknown":
            known = ", ".join(f"`{key}` ({name})" for name, key, _, _ in _OTHER_KINDS)
            failures.append(
                CpgScoreError(
                    f"{path}: not a file cpg-score knows: no `axes` (grid), `results` (results), {known} @ $"
                )
            )
            continue
        if kind != "results":
            uses_grid, loader = next((use, load) for name, _, use, load in _OTHER_KINDS if name == kind)
            only_grid = next(iter(grids.values())) if len(grids) == 1 and uses_grid else None
            try:
                loader(Path(path), only_grid, limits)
                against = f", checked against grid {only_grid.id}" if only_grid is not None else ""
                print(f"ok: {path} ({kind}{against})")
            except InputError as exc:
                failures.append(exc)
            continue
        try:
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
        except InputError as exc:
            failures.append(exc)
    for failure in failures:
        for line in error_lines(failure):
            print(line, file=sys.stderr)
    return EXIT_INVALID if failures else EXIT_OK


def _cmd_examples(args: argparse.Namespace) -> int:
    examples = list_examples()
    if not examples:
        print("no shipped examples found", file=sys.stderr)
        return EXIT_FAILURE
    width = max(len(e.name) for e in examples)
    for example in examples:
        print(f"{example.name:<{width}}  {example.label}")
        if args.paths:
            print(f"{'':<{width}}    grid:    {example.grid}")
            print(f"{'':<{width}}    results: {example.results}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `cpg-score` (the docs' CLI reference is generated from it)."""
    parser = _Parser(
        prog="cpg-score",
        description="Score the Contrat Pluriannuel de Gestion (CPG) of the Assurance Maladie.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    p = commands.add_parser(
        "score",
        help="score an entity's results on a grid",
        description="Score RESULTS on GRID and print the scorecard.",
    )
    p.add_argument("grid", nargs="?", metavar="GRID", help="the grid file (YAML)")
    p.add_argument("results", nargs="?", metavar="RESULTS", help="the results file (YAML)")
    p.add_argument("--example", metavar="NAME", help="score a shipped example (see `cpg-score examples`)")
    add_output_options(p)
    add_limit_options(p)
    p.set_defaults(handler=_cmd_score)

    p = commands.add_parser(
        "validate",
        help="check grid and results files",
        description="Check each FILE; results are checked against a grid given alongside.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="grid or results files")
    add_limit_options(p)
    p.set_defaults(handler=_cmd_validate)

    p = commands.add_parser(
        "examples",
        help="list the shipped grids and results",
        description="List the shipped examples, usable with `score --example NAME`.",
    )
    p.add_argument("--paths", action="store_true", help="also print the files of each example")
    p.set_defaults(handler=_cmd_examples)
    for register in _REGISTRARS:
        register(commands)
    return parser


def _say(line: str) -> None:
    """Print one line on standard error; a closed or full standard error is not worth a traceback."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr)


def _quiet_stdout() -> None:
    """After a broken pipe: point standard output at the null device, so that Python's own flush
    at exit does not complain about the pipe again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, AttributeError, ValueError):
        pass


def _run(handler: Handler, args: argparse.Namespace) -> int:
    try:
        code = handler(args)
        flush_stdout()
        return code
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        # The system refused: a `print` to a full or closed standard output (no file name), or a
        # folder that cannot be made: a plain message, not an internal error.
        if exc.filename is None:
            raise CpgScoreError(f"cannot write to standard output: {exc.strerror or exc}") from None
        raise CpgScoreError(f"{exc.filename}: {exc.strerror or exc}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Every message is printed one problem a line, with control characters escaped (`\\x1b`).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return _run(handler, args)
    except CpgScoreError as exc:
        for line in error_lines(exc):
            _say(line)
        return EXIT_INVALID
    except KeyboardInterrupt:
        _say("cpg-score: interrupted")
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except Exception as exc:  # an unexpected failure is a bug: say so, briefly
        if os.environ.get("CPG_SCORE_DEBUG"):
            traceback.print_exc()
        _say(
            escape_controls(
                f"cpg-score: internal error: {type(exc).__name__}: {exc} "
                "(set CPG_SCORE_DEBUG=1 for the traceback, and please report it)"
            )
        )
        return EXIT_FAILURE


def _entry() -> None:  # pragma: no cover - the console script
    sys.exit(main())
