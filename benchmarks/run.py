"""Benchmarks of cpg-score: the shipped 2019 DRSM grid and the CPAM 2017 grid of the public record.

Run from the repository root:

    python benchmarks/run.py            # the full run (1,000,000 Monte Carlo draws)
    python benchmarks/run.py --quick    # a smoke run for CI (small sizes, a few seconds)

Prints three tables, from one run.

The 2019 DRSM grid (objective level, DRSM Centre-Ouest's results): scoring one entity through
the public API (exact: every figure a Fraction), a batch of 10,000 entities, Monte Carlo draws
with the NumPy engine against a hand-written NumPy reference kernel computing the same figures
(percentiles of the total and of each objective, probability of thresholds), the ratio, the
pure-Python path, and the peak memory of the Monte Carlo run.

The CPAM 2017 grid (`objectives/maladie-cpam-2017.yaml`, indicator level: linear rules, lower is
better, yes/no and thresholds, points split between measures), with results generated from a
seed (see `cpam_2017.py`): scoring 100 entities one by one, the 10,000-entity batch
(`score_many`), and 1,000,000 Monte Carlo draws with the NumPy engine against a hand-written NumPy
kernel of the same indicator-level grid (each indicator drawn, clipped, its rule written out in
NumPy, times its share of its objective's points), with the ratio (target <= 1.5). Before timing,
the benchmark checks once that the engine and the kernel give the same median total (within the
engine's stated percentile error) and the same threshold probabilities: they do equal work.

Spreadsheets (`spreadsheets.py`), on the same CPAM results: reading them from one YAML file per
entity, from one CSV table and from one xlsx table, per entity at two sizes (loading is linear in
the number of cells), and writing the simulator workbook and the input template.

Times are the best of several repetitions, wall clock and CPU; targets are printed beside them.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cpg_score import Grid, Results, load_grid, load_results, score, score_many  # noqa: E402
from cpg_score.simulate import CHUNK, PERCENTILES, MonteCarlo, Stats, levers, simulate  # noqa: E402
from cpg_score.simulate._fast import numpy_or_none  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cpam_2017 as cpam  # noqa: E402
import spreadsheets  # noqa: E402

GRID = ROOT / "objectives" / "cpg-2019-drsm.yaml"
RESULTS = ROOT / "objectives" / "results" / "2019" / "drsm-centre-ouest.yaml"
THRESHOLDS = (Decimal(750), Decimal(800))
CPAM_GRID = ROOT / "objectives" / "maladie-cpam-2017.yaml"
#: The local part's trigger (half the points) and three quarters of them.
CPAM_THRESHOLDS = (Decimal(500), Decimal(750))


def best_of(repeats: int, function: Callable[[], object]) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of `repeats` calls."""
    wall = cpu = float("inf")
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        function()
        wall = min(wall, time.perf_counter() - w)
        cpu = min(cpu, time.process_time() - c)
    return wall, cpu


def best_of_pair(
    repeats: int, first: Callable[[], object], second: Callable[[], object]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Best wall-clock and CPU seconds of each of two functions, called alternately."""
    bests = [[float("inf")] * 2 for _ in range(2)]
    for _ in range(repeats):
        for best, function in zip(bests, (first, second), strict=True):
            wall, cpu = best_of(1, function)
            best[0], best[1] = min(best[0], wall), min(best[1], cpu)
    return (bests[0][0], bests[0][1]), (bests[1][0], bests[1][1])


def reference_kernel(np, found, draws: int, seed: int) -> None:  # type: ignore[no-untyped-def]
    """Hand-written NumPy: the same distributions (normal around each value, sd 0.02, clipped to
    [0, 1]), the same figures (percentiles of the total and of each objective, thresholds)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    items = [(float(lv.value), float(lv.factor), lv.objective) for lv in found.items]
    objectives = {lv.objective for lv in found.items}
    per_objective = {o: np.empty(draws) for o in objectives}
    total = np.empty(draws)
    done = 0
    while done < draws:
        n = min(CHUNK, draws - done)
        chunk = np.zeros(n)
        for value, factor, objective in items:
            points = factor * np.clip(rng.normal(value, 0.02, n), 0.0, 1.0)
            per_objective[objective][done : done + n] = points
            chunk += points
        total[done : done + n] = chunk
        done += n
    np.percentile(total, PERCENTILES)
    for array in per_objective.values():
        np.percentile(array, PERCENTILES)
    for threshold in THRESHOLDS:
        (total >= float(threshold)).mean()


Row = tuple[str, str, str]


def table_2019(np, quick: bool) -> list[Row]:  # type: ignore[no-untyped-def]
    """The 2019 DRSM grid: one entity, a batch, Monte Carlo against the reference, pure Python."""
    calls = 300 if quick else 1000
    batch = 500 if quick else 10_000
    draws = 50_000 if quick else 1_000_000
    python_draws = 5_000 if quick else 1_000_000
    repeats = 2 if quick else 5

    grid = load_grid(GRID)
    results = load_results(RESULTS, grid)
    rows: list[Row] = []

    wall, cpu = best_of(repeats * 2, lambda: [score(grid, results) for _ in range(calls)])
    rows.append(
        (
            "score one entity (public API, exact)",
            f"{wall / calls * 1e6:.1f} us wall, {cpu / calls * 1e6:.1f} us CPU",
            "< 60 us",
        )
    )

    rng = random.Random(1)
    ids = [v.id for v in results.values if v.value is not None]
    many = [
        results.replace_values(**{i: Decimal(rng.randint(0, 10_000)) / 10_000 for i in ids})
        for _ in range(batch)
    ]
    wall, cpu = best_of(max(1, repeats // 2), lambda: score_many(grid, many))
    rows.append(
        (
            f"score {batch:,} entities (batch)",
            f"{wall:.3f} s wall ({wall / batch * 1e6:.1f} us/entity), {cpu:.3f} s CPU",
            "< 1.5 s" if batch == 10_000 else "",
        )
    )

    thresholds = list(THRESHOLDS)
    rows += _monte_carlo_2019(np, grid, results, draws, repeats)
    wall, cpu = best_of(
        1,
        lambda: simulate(grid, results, draws=python_draws, seed=1, thresholds=thresholds, backend="python"),
    )
    rows.append(
        (
            f"Monte Carlo {python_draws:,} draws, pure Python",
            f"{wall:.2f} s wall, {cpu:.2f} s CPU ({python_draws / wall:,.0f} draws/s)",
            "",
        )
    )
    kept = min(python_draws, 200_000)
    rows.append(
        peak_memory(
            f"peak memory, {kept:,} draws (pure Python)",
            "",
            lambda: simulate(grid, results, draws=kept, seed=1, backend="python"),
        )
    )
    return rows


def _monte_carlo_2019(np, grid: Grid, results: Results, draws: int, repeats: int) -> list[Row]:  # type: ignore[no-untyped-def]
    """The 2019 grid's Monte Carlo rows: the engine, the reference kernel, their ratio, memory."""
    if np is None:
        return [("Monte Carlo, NumPy engine", "NumPy not installed (pip install 'cpg-score[fast]')", "")]
    thresholds = list(THRESHOLDS)
    found = levers(grid, results)
    engine_wall, engine_cpu = best_of(
        repeats,
        lambda: simulate(grid, results, draws=draws, seed=1, thresholds=thresholds, backend="numpy"),
    )
    reference_wall, reference_cpu = best_of(repeats, lambda: reference_kernel(np, found, draws, 1))
    return [
        (
            f"Monte Carlo {draws:,} draws, NumPy engine",
            f"{engine_wall:.3f} s wall, {engine_cpu:.3f} s CPU",
            "",
        ),
        (
            f"Monte Carlo {draws:,} draws, NumPy reference kernel",
            f"{reference_wall:.3f} s wall, {reference_cpu:.3f} s CPU",
            "",
        ),
        (
            "ratio engine / reference",
            f"{engine_wall / reference_wall:.2f} wall, {engine_cpu / reference_cpu:.2f} CPU",
            "<= 2",
        ),
        peak_memory(
            f"peak memory, {draws:,} draws (NumPy, tracemalloc)",
            "< 500 MB",
            lambda: simulate(grid, results, draws=draws, seed=1, thresholds=thresholds, backend="numpy"),
        ),
    ]


def peak_memory(label: str, target: str, function: Callable[[], object]) -> Row:
    """The peak of Python allocations (NumPy arrays included) during one call."""
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (label, f"{peak / 2**20:.1f} MiB", target)


def _gap(stats: Stats, summary: cpam.Summary) -> float:
    """The largest gap between the engine's percentiles and the kernel's, less the engine's
    stated error (beyond EXACT_DRAWS draws, one histogram bin) and a float rounding allowance."""
    return max(
        abs(float(value) - summary.percentiles[q])
        - float(stats.error)
        - 1e-6 * max(1.0, abs(summary.percentiles[q]))
        for q, value in stats.percentiles
    )


def _agreement(engine: MonteCarlo, figures: cpam.Figures, thresholds: list[float]) -> str:
    """Check, untimed, that the engine and the kernel computed the same figures; say how close.

    The median total must agree, and so must every percentile of the total and of each
    objective (within the engine's stated error) and every threshold's probability.
    """
    engine_median = float(engine.total.percentile(50))
    kernel_median = figures.total.percentiles[50]
    gaps = [_gap(engine.total, figures.total)]
    gaps += [_gap(stats, figures.objectives[oid]) for oid, _, stats in engine.objectives]
    probabilities = [float(p) for _, p in engine.thresholds]
    if max(gaps) > 0 or probabilities != list(figures.probabilities):
        raise SystemExit(
            f"benchmark: the engine and the reference kernel disagree: median total {engine_median!r} "
            f"against {kernel_median!r} (error {float(engine.total.error):.3g}), probabilities of "
            f"{thresholds}: {probabilities} against {list(figures.probabilities)}"
        )
    gap = abs(engine_median - kernel_median)
    bound = float(engine.total.error)
    return f"{engine_median:.4f} / {kernel_median:.4f}, gap {gap:.1e} (bound {bound:.1e}); all figures agree"


def table_cpam_2017(np, quick: bool) -> list[Row]:  # type: ignore[no-untyped-def]
    """The CPAM 2017 grid (indicator level): generated entities, a batch, Monte Carlo against a
    hand-written NumPy kernel of the same grid."""
    batch = 500 if quick else 10_000
    draws = 50_000 if quick else 1_000_000
    repeats = 2 if quick else 5
    if not CPAM_GRID.exists():
        return [("the CPAM 2017 grid", f"{CPAM_GRID.relative_to(ROOT)} not found", "")]
    grid = load_grid(CPAM_GRID)
    many = cpam.generated_results(grid, batch, seed=2017)
    hundred = many[:100]
    rows: list[Row] = []

    wall, cpu = best_of(repeats * 2, lambda: [score(grid, results) for results in hundred])
    per = 1e6 / len(hundred)
    rows.append(
        (
            f"score {len(hundred)} entities one by one (public API)",
            f"{wall * per:.1f} us wall, {cpu * per:.1f} us CPU per entity",
            "",
        )
    )
    wall, cpu = best_of(max(1, repeats // 2), lambda: score_many(grid, many))
    rows.append(
        (
            f"score {batch:,} entities (batch)",
            f"{wall:.3f} s wall ({wall / batch * 1e6:.1f} us/entity), {cpu:.3f} s CPU",
            "",
        )
    )
    if np is not None:
        _check_kernel(np, grid, hundred)
    return rows + _monte_carlo_cpam_2017(np, grid, many[0], draws, repeats)


def _check_kernel(np, grid: Grid, entities: list[Results]) -> None:  # type: ignore[no-untyped-def]
    """Check, untimed, that the kernel written from the grid gives each entity's exact score."""
    for results in entities:
        exact = float(score(grid, results).total.points)
        kernel = cpam.total_at_values(np, cpam.kernel_items(grid, results))
        if abs(kernel - exact) > 1e-9 * max(1.0, abs(exact)):
            raise SystemExit(
                f"benchmark: the reference kernel gives {kernel!r} for {results.entity.id}, "
                f"the scorer {exact!r}"
            )


def _monte_carlo_cpam_2017(np, grid: Grid, entity: Results, draws: int, repeats: int) -> list[Row]:  # type: ignore[no-untyped-def]
    """The CPAM 2017 Monte Carlo rows: the engine against the hand-written kernel, checked equal."""
    if np is None:
        return [("Monte Carlo, NumPy engine", "NumPy not installed (pip install 'cpg-score[fast]')", "")]
    thresholds = list(CPAM_THRESHOLDS)
    floats = [float(t) for t in thresholds]
    items = cpam.kernel_items(grid, entity)

    def engine() -> MonteCarlo:
        return simulate(grid, entity, draws=draws, seed=1, thresholds=thresholds, backend="numpy")

    def kernel() -> cpam.Figures:
        return cpam.run_kernel(np, items, draws, 1, CHUNK, PERCENTILES, floats)

    agreement = _agreement(engine(), kernel(), floats)
    # Alternated, so that both see the same moments of a shared machine.
    (engine_wall, engine_cpu), (reference_wall, reference_cpu) = best_of_pair(repeats, engine, kernel)
    start = float(score(grid, entity).total.points)
    return [
        (
            f"Monte Carlo {draws:,} draws, NumPy engine ({len(items)} indicators)",
            f"{engine_wall:.3f} s wall, {engine_cpu:.3f} s CPU",
            "",
        ),
        (
            f"Monte Carlo {draws:,} draws, hand-written NumPy kernel",
            f"{reference_wall:.3f} s wall, {reference_cpu:.3f} s CPU",
            "",
        ),
        (
            "ratio engine / kernel",
            f"{engine_wall / reference_wall:.2f} wall, {engine_cpu / reference_cpu:.2f} CPU",
            "<= 1.5",
        ),
        (f"median total, engine / kernel (entity at {start:.2f})", agreement, "agree"),
        peak_memory(f"peak memory, {draws:,} draws (NumPy, tracemalloc)", "", engine),
    ]


def print_table(title: str, rows: list[Row]) -> None:
    """One table, its columns aligned."""
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    print(title)
    print(f"{'measure':<{width}}  {'figure':<{value_width}}  target")
    print(f"{'-' * width}  {'-' * value_width}  ------")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<{value_width}}  {target}".rstrip())


def main() -> int:
    """Measure, and print the two tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a CI smoke run")
    args = parser.parse_args()
    mode = "quick" if args.quick else "full"
    np = numpy_or_none()
    numpy_text = f", NumPy {np.__version__}" if np is not None else ", no NumPy"
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    print(f"cpg-score benchmarks ({mode} run, Python {sys.version.split()[0]}{numpy_text}, {machine})")
    print()
    print_table(f"{GRID.name}: DRSM Centre-Ouest's results", table_2019(np, args.quick))
    print()
    print_table(
        f"{CPAM_GRID.name}: generated results (seed 2017), Monte Carlo on the first entity",
        table_cpam_2017(np, args.quick),
    )
    print()
    grid = load_grid(CPAM_GRID)
    entities = cpam.generated_results(grid, 200 if args.quick else 2000, seed=2017)
    print_table(
        f"{CPAM_GRID.name}: spreadsheets in and out (the same generated results)",
        spreadsheets.table(grid, entities, args.quick),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
