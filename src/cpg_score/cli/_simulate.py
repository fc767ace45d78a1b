"""`cpg-score simulate`: the Monte Carlo distribution of the score, with a progress line on
standard error for a long run and an optional HTML report."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cpg_score.cli._files import grid_results_arguments, load_pair
from cpg_score.cli._options import Command, limits_from, points, whole_number
from cpg_score.cli._reports import emit_result
from cpg_score.errors import CpgScoreError
from cpg_score.io import Limits, load_profit_sharing, load_spec
from cpg_score.io.output import output_target, write_atomic
from cpg_score.model import Grid, Results
from cpg_score.reports import TABLE_FORMATS, SimulationChart, render_html
from cpg_score.scoring import score
from cpg_score.simulate import MAX_DRAWS, MAX_SEED, MonteCarlo, profit_sharing_figure, simulate

__all__ = ["SIMULATE"]

#: Simulated totals kept for the HTML histogram.
HTML_SAMPLE = 100_000
#: Seconds before the first progress line of `simulate`, then between two lines.
PROGRESS_DELAY = 3.0
PROGRESS_INTERVAL = 10.0


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
        lang: str = "en",
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
        self.draws = "tirages" if lang == "fr" else "draws"

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if now < self.due and not (self.shown and done >= total):
            return
        self.due = now + self.interval
        width = 30
        filled = width * done // total
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {self.draws}"
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


def _run(args: argparse.Namespace, grid: Grid, results: Results, limits: Limits) -> MonteCarlo:
    """The run the arguments ask for, with its progress lines."""
    spec = load_spec(Path(args.spec), grid, limits=limits) if args.spec else None
    derived = {}
    if args.profit_sharing:
        parameters = load_profit_sharing(Path(args.profit_sharing), limits=limits)
        derived["profit_sharing_per_fte"] = profit_sharing_figure(parameters)
    progress = None if args.quiet else _Progress(lang=args.lang)
    try:
        return simulate(
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


def _cmd_simulate(args: argparse.Namespace) -> int:
    if args.html and _same_output(args.html, args.output):
        raise CpgScoreError(f"{args.html}: --html and --output name the same file; give each its own file")
    limits = limits_from(args)
    grid, results = load_pair(args.grid, args.results, limits, args.targets, args.entity)
    run = _run(args, grid, results, limits)
    inputs = [args.grid, args.results, *(f for f in (args.spec, args.profit_sharing) if f)]
    if args.html:
        chart = SimulationChart(
            run.sample, [(f"{threshold}", threshold) for threshold in args.threshold or ()], run=run
        )
        page = render_html([score(grid, results)], args.lang, simulations=[chart])
        write_atomic(args.html, page, inputs)
    emit_result(run, args, inputs, lang=args.lang)
    return 0


def _run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--draws",
        type=whole_number(1, MAX_DRAWS),
        default=10_000,
        metavar="N",
        help=f"number of draws, 1 to {MAX_DRAWS} (default: 10000); memory does not grow with it",
    )
    parser.add_argument(
        "--seed",
        type=whole_number(0, MAX_SEED),
        default=0,
        metavar="SEED",
        help=f"random seed, 0 to {MAX_SEED} (default: 0)",
    )
    parser.add_argument("--spec", metavar="FILE", help="distributions and correlations (YAML)")
    parser.add_argument(
        "--threshold",
        action="append",
        type=points,
        metavar="POINTS",
        help="report the probability of reaching this total (points, 0 to 10^15; repeatable)",
    )
    parser.add_argument(
        "--backend",
        choices=("auto", "numpy", "python"),
        default="auto",
        help="random numbers and arithmetic: NumPy when installed (auto), or pure Python",
    )


def _arguments(parser: argparse.ArgumentParser) -> None:
    grid_results_arguments(parser)
    _run_arguments(parser)
    parser.add_argument(
        "--profit-sharing", metavar="FILE", help="also report the profit-sharing per FTE (parameters, YAML)"
    )
    parser.add_argument(
        "--html",
        metavar="FILE",
        help="also write an HTML report with a histogram of the simulated totals (charts need the "
        "`report` extra)",
    )


SIMULATE = Command(
    name="simulate",
    help="Monte Carlo distribution of the score",
    description="Draw each indicator's year-end value from a distribution (--spec; default: normal "
    "around the current value) and report the distribution of the total and of each objective, and "
    "the probability of reaching each --threshold. Seeded: the same seed gives the same figures.",
    handler=_cmd_simulate,
    arguments=_arguments,
    formats=TABLE_FORMATS,
    quiet=f"no progress lines (otherwise one on standard error every {PROGRESS_INTERVAL:g} s "
    f"once a run passes {PROGRESS_DELAY:g} s)",
)
