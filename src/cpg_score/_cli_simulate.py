"""The simulation commands of `cpg-score`: whatif, sensitivity, plan, simulate, project.

Each command prints a table by default and supports `--format json|csv|markdown`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ._io import write_atomic
from .errors import CpgScoreError
from .loader import load_grid, load_results
from .simulate._render import FORMATS
from .simulate.whatif import compare, load_scenario, render_comparison

__all__ = ["register"]


def _emit(text: str, output: str | None, inputs: list[str]) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
    else:
        write_atomic(output, text, inputs)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (atomically) instead of standard output"
    )


def _cmd_whatif(args: argparse.Namespace) -> int:
    grid = load_grid(Path(args.grid))
    scenarios = [load_scenario(Path(path), grid) for path in args.scenarios]
    bases = {s.base for s in scenarios}
    if args.base is not None:
        base_path = Path(args.base)
    elif len(bases) == 1 and None not in bases:
        base_path = next(iter(bases))  # type: ignore[assignment]
    elif None in bases:
        raise CpgScoreError("a scenario names no base results file: give --base RESULTS")
    else:
        raise CpgScoreError(
            "the scenarios name different base results files; compare scenarios of one base, "
            "or give --base RESULTS"
        )
    base = load_results(base_path, grid)
    text = render_comparison(compare(grid, base, scenarios), args.format)
    _emit(text, args.output, [args.grid, *args.scenarios, str(base_path)])
    return 0


def register(commands: Any) -> None:
    """Add the simulation commands to the `cpg-score` parser."""
    p = commands.add_parser(
        "whatif",
        help="compare scenarios with their base results",
        description="Score each SCENARIO (a base results file with overridden values) side by side "
        "with its base: points and delta per objective, axis and the total.",
    )
    p.add_argument("grid", metavar="GRID", help="the grid file (YAML)")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario files (YAML)")
    p.add_argument("--base", metavar="RESULTS", help="base results file (default: the scenarios' `base`)")
    _common(p)
    p.set_defaults(handler=_cmd_whatif)
