"""The simulation commands of `cpg-score`: whatif, sensitivity, plan, simulate, project, profit-sharing.

Each command prints a table by default and supports `--format json|csv|markdown`. Every command
takes the reading limits of `score` (`--max-bytes`, `--max-nodes`, `--max-depth`) for every file
it reads, and every numeric option is bounded (a value outside its range is a usage error, exit 2).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from cpg_score._numbers import parse_number
from cpg_score.cli._common import add_limit_options, limits_from, whole_number
from cpg_score.errors import CpgScoreError
from cpg_score.io import load_bounds, load_profit_sharing, load_scenario, load_series, load_spec
from cpg_score.io.loader import load_grid, load_results
from cpg_score.io.output import emit, output_target, write_atomic
from cpg_score.model.grid import Grid, Results
from cpg_score.render import (
    TABLE_FORMATS as FORMATS,
)
from cpg_score.render import (
    SimulationChart,
    render_comparison,
    render_html,
    render_montecarlo,
    render_plan,
    render_profit_sharing,
    render_projection,
    render_sensitivity,
)
from cpg_score.scoring import score
from cpg_score.simulate import (
    MAX_DRAWS,
    MAX_FIGURE,
    MAX_SEED,
    compare,
    plan,
    profit_sharing,
    profit_sharing_figure,
    project,
    sensitivity,
    simulate,
)

__all__ = ["register"]

#: Simulated totals kept for the HTML histogram.
HTML_SAMPLE = 100_000
#: Seconds before the first progress line of `simulate`, then between two lines.
PROGRESS_DELAY = 3.0
PROGRESS_INTERVAL = 10.0


def _common(p: argparse.ArgumentParser) -> None:
    add_limit_options(p)
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (atomically) instead of standard output"
    )


def _cmd_whatif(args: argparse.Namespace) -> int:
    limits = limits_from(args)
    grid = load_grid(Path(args.grid), limits=limits)
    scenarios = [
        load_scenario(Path(path), grid, limits=limits, with_base=args.base is None) for path in args.scenarios
    ]
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
    base = load_results(base_path, grid, limits=limits)
    text = render_comparison(compare(grid, base, scenarios), args.format)
    emit(text, args.output, [args.grid, *args.scenarios, str(base_path)])
    return 0


def _points(text: str) -> Decimal:
    """A total in points: a plain number from 0 to 10^15 (a percent is refused: 80 % of what?)."""
    try:
        parsed = parse_number(text)
    except (ValueError, ArithmeticError) as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if parsed.percent:
        raise argparse.ArgumentTypeError(
            f"must be a number of points, not a percent (write 800), got {text!r}"
        )
    value = parsed.value
    if not (value.is_finite() and 0 <= value < MAX_FIGURE):
        raise argparse.ArgumentTypeError(f"must be a number of points from 0 to 10^15, got {text}")
    return value


def _load(args: argparse.Namespace) -> tuple[Grid, Results]:
    limits = limits_from(args)
    grid = load_grid(Path(args.grid), limits=limits)
    return grid, load_results(Path(args.results), grid, limits=limits)


def _cmd_sensitivity(args: argparse.Namespace) -> int:
    grid, results = _load(args)
    emit(render_sensitivity(sensitivity(grid, results), args.format), args.output, [args.grid, args.results])
    return 0


def _cmd_plan(args: argparse.Namespace) -> int:
    grid, results = _load(args)
    bounds = load_bounds(Path(args.bounds), grid, limits=limits_from(args)) if args.bounds else None
    found = plan(grid, results, args.target, bounds)
    inputs = [args.grid, args.results, *([args.bounds] if args.bounds else [])]
    emit(render_plan(found, args.format), args.output, inputs)
    return 0


class _Progress:
    """Progress of a long run on standard error.

    Nothing for a run shorter than `delay` seconds; then one line every `interval` seconds at
    most, and a last one when the run ends. A terminal sees the line rewritten in place; a file or
    a pipe gets one line per update.
    """

    def __init__(
        self,
        stream: Any = None,
        *,
        delay: float | None = None,
        interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.interval = PROGRESS_INTERVAL if interval is None else interval
        self.due = clock() + (PROGRESS_DELAY if delay is None else delay)
        try:
            self.terminal = bool(self.stream.isatty())
        except (AttributeError, ValueError):
            self.terminal = False
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if now < self.due and not (self.shown and done >= total):
            return
        self.due = now + self.interval
        width = 30
        filled = width * done // total
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} draws"
        self.stream.write(f"\r{line}" if self.terminal else f"{line}\n")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """End the line a terminal shows."""
        if self.shown and self.terminal:
            self.stream.write("\n")
            self.stream.flush()


def _same_output(html: str, output: str | None) -> bool:
    """Whether `--html` and `--output` name one file (then one output would replace the other)."""
    if output is None or output == "-":
        return False
    first, second = output_target(html), output_target(output)
    return os.path.abspath(first) == os.path.abspath(second) or (
        first.exists() and second.exists() and os.path.samefile(first, second)
    )


def _cmd_simulate(args: argparse.Namespace) -> int:
    if args.html and _same_output(args.html, args.output):
        raise CpgScoreError(f"{args.html}: --html and --output name the same file; give each its own file")
    grid, results = _load(args)
    limits = limits_from(args)
    spec = load_spec(Path(args.spec), grid, limits=limits) if args.spec else None
    progress = None if args.quiet else _Progress()
    derived = {}
    if args.profit_sharing:
        derived["profit_sharing_per_fte"] = profit_sharing_figure(
            load_profit_sharing(Path(args.profit_sharing), limits=limits)
        )
    try:
        run = simulate(
            grid,
            results,
            spec,
            draws=args.draws,
            seed=args.seed,
            thresholds=args.threshold or (),
            backend=args.backend,
            progress=progress,
            derived=derived,
            keep=min(args.draws, HTML_SAMPLE) if args.html else 0,
        )
    finally:
        if progress is not None:
            progress.close()
    inputs = [args.grid, args.results, *(f for f in (args.spec, args.profit_sharing) if f)]
    if args.html:
        chart = SimulationChart(
            run.sample, [(f"{threshold}", threshold) for threshold in args.threshold or ()]
        )
        page = render_html([score(grid, results)], args.lang, simulations=[chart])
        write_atomic(args.html, page, inputs)
    emit(render_montecarlo(run, args.format), args.output, inputs)
    return 0


def _cmd_project(args: argparse.Namespace) -> int:
    limits = limits_from(args)
    grid = load_grid(Path(args.grid), limits=limits)
    series = load_series(Path(args.series), grid, limits=limits)
    base = load_results(Path(args.results), grid, limits=limits) if args.results else None
    inputs = [args.grid, args.series, *([args.results] if args.results else [])]
    emit(render_projection(project(grid, series, base), args.format), args.output, inputs)
    return 0


def _cmd_profit_sharing(args: argparse.Namespace) -> int:
    grid, results = _load(args)
    parameters = load_profit_sharing(Path(args.params), limits=limits_from(args))
    text = render_profit_sharing(profit_sharing(score(grid, results), parameters), args.format)
    emit(text, args.output, [args.grid, args.results, args.params])
    return 0


def _grid_results(p: argparse.ArgumentParser) -> None:
    p.add_argument("grid", metavar="GRID", help="the grid file (YAML)")
    p.add_argument("results", metavar="RESULTS", help="the results file (YAML)")


def _register_simulate(commands: Any) -> None:
    """Add `simulate` (its options bounded: see `MAX_DRAWS`, `MAX_SEED`)."""
    p = commands.add_parser(
        "simulate",
        help="Monte Carlo distribution of the score",
        description="Draw each indicator's year-end value from a distribution (--spec; default: normal "
        "around the current value) and report the distribution of the total and of each objective, and "
        "the probability of reaching each --threshold. Seeded: the same seed gives the same figures.",
    )
    _grid_results(p)
    p.add_argument(
        "--draws",
        type=whole_number(1, MAX_DRAWS),
        default=10_000,
        metavar="N",
        help=f"number of draws, 1 to {MAX_DRAWS} (default: 10000); memory does not grow with it",
    )
    p.add_argument(
        "--seed",
        type=whole_number(0, MAX_SEED),
        default=0,
        metavar="SEED",
        help=f"random seed, 0 to {MAX_SEED} (default: 0)",
    )
    p.add_argument("--spec", metavar="FILE", help="distributions and correlations (YAML)")
    p.add_argument(
        "--threshold",
        action="append",
        type=_points,
        metavar="POINTS",
        help="report the probability of reaching this total (points, 0 to 10^15; repeatable)",
    )
    p.add_argument(
        "--backend",
        choices=("auto", "numpy", "python"),
        default="auto",
        help="random numbers and arithmetic: NumPy when installed (auto), or pure Python",
    )
    p.add_argument(
        "--profit-sharing", metavar="FILE", help="also report the profit-sharing per FTE (parameters, YAML)"
    )
    p.add_argument(
        "--html",
        metavar="FILE",
        help="also write an HTML report with a histogram of the simulated totals (charts need the "
        "`report` extra)",
    )
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of the HTML report")
    p.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help=f"no progress lines (otherwise one on standard error every {PROGRESS_INTERVAL:g} s "
        f"once a run passes {PROGRESS_DELAY:g} s)",
    )
    _common(p)
    p.set_defaults(handler=_cmd_simulate)


def _register_plan(commands: Any) -> None:
    """Add `plan` (its target bounded to 0 to 10^15 points)."""
    p = commands.add_parser(
        "plan",
        help="the cheapest improvements to reach a target total",
        description="Find the cheapest improvements (cost 1 per unit unless --bounds says otherwise) that "
        "lift the total to --target; say whether the plan is proven optimal, or that the target is out "
        "of reach and how close the best plan gets.",
    )
    _grid_results(p)
    p.add_argument(
        "--target",
        required=True,
        type=_points,
        metavar="POINTS",
        help="the total to reach (points, 0 to 10^15)",
    )
    p.add_argument("--bounds", metavar="FILE", help="limits, costs and fixed levers (YAML)")
    _common(p)
    p.set_defaults(handler=_cmd_plan)


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

    p = commands.add_parser(
        "sensitivity",
        help="points per unit of improvement of every indicator",
        description="For every indicator (and objective rated directly): the points gained per unit of "
        "improvement at the current value, the next breakpoint of its rule and the headroom, best first.",
    )
    _grid_results(p)
    _common(p)
    p.set_defaults(handler=_cmd_sensitivity)

    _register_plan(commands)

    _register_simulate(commands)

    p = commands.add_parser(
        "project",
        help="project year-end values from monthly cumulative figures, and score them",
        description="Project each series of SERIES (monthly cumulative figures to date) to year end "
        "(linear pace, or a previous year's seasonal profile), score the projection, with an interval.",
    )
    p.add_argument("grid", metavar="GRID", help="the grid file (YAML)")
    p.add_argument("series", metavar="SERIES", help="the monthly series file (YAML)")
    p.add_argument("--results", metavar="RESULTS", help="base results for the indicators without a series")
    _common(p)
    p.set_defaults(handler=_cmd_project)

    p = commands.add_parser(
        "profit-sharing",
        help="profit-sharing (intéressement) per FTE from a score",
        description="From the score of RESULTS: the local success rate (points earned / theoretical "
        "points), the 50 %% trigger, the national themes' weighted rate and the amount per full-time "
        "equivalent; every parameter in --params FILE.",
    )
    _grid_results(p)
    p.add_argument("--params", required=True, metavar="FILE", help="profit-sharing parameters (YAML)")
    _common(p)
    p.set_defaults(handler=_cmd_profit_sharing)
