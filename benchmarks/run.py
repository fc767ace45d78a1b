"""Benchmarks of cpg-score on the shipped 2019 DRSM grid (DRSM Centre-Ouest's results).

Run from the repository root:

    python benchmarks/run.py            # the full run (1,000,000 Monte Carlo draws)
    python benchmarks/run.py --quick    # a smoke run for CI (small sizes, a few seconds)

Prints one table: scoring one entity through the public API (exact: every figure a Fraction),
a batch of 10,000 entities, Monte Carlo draws with the NumPy engine against a hand-written NumPy reference
kernel computing the same figures (percentiles of the total and of each objective, probability
of thresholds), the ratio, the pure-Python path, and the peak memory of the Monte Carlo run.
Times are the best of several repetitions, wall clock and CPU; targets are printed beside them.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cpg_score import load_grid, load_results, score, score_many  # noqa: E402
from cpg_score.simulate import CHUNK, PERCENTILES, levers, simulate  # noqa: E402
from cpg_score.simulate._fast import numpy_or_none  # noqa: E402

GRID = ROOT / "objectives" / "cpg-2019-drsm.yaml"
RESULTS = ROOT / "objectives" / "results" / "2019" / "drsm-centre-ouest.yaml"
THRESHOLDS = (Decimal(750), Decimal(800))


def best_of(repeats: int, function: Callable[[], object]) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of `repeats` calls."""
    wall = cpu = float("inf")
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        function()
        wall = min(wall, time.perf_counter() - w)
        cpu = min(cpu, time.process_time() - c)
    return wall, cpu


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a CI smoke run")
    args = parser.parse_args()
    quick = args.quick
    calls = 300 if quick else 1000
    batch = 500 if quick else 10_000
    draws = 50_000 if quick else 1_000_000
    python_draws = 5_000 if quick else 1_000_000
    repeats = 2 if quick else 5

    grid = load_grid(GRID)
    results = load_results(RESULTS, grid)
    rows: list[tuple[str, str, str]] = []

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

    np = numpy_or_none()
    thresholds = list(THRESHOLDS)
    if np is not None:
        found = levers(grid, results)
        engine_wall, engine_cpu = best_of(
            repeats,
            lambda: simulate(grid, results, draws=draws, seed=1, thresholds=thresholds, backend="numpy"),
        )
        reference_wall, reference_cpu = best_of(repeats, lambda: reference_kernel(np, found, draws, 1))
        rows.append(
            (
                f"Monte Carlo {draws:,} draws, NumPy engine",
                f"{engine_wall:.3f} s wall, {engine_cpu:.3f} s CPU",
                "",
            )
        )
        rows.append(
            (
                f"Monte Carlo {draws:,} draws, NumPy reference kernel",
                f"{reference_wall:.3f} s wall, {reference_cpu:.3f} s CPU",
                "",
            )
        )
        rows.append(
            (
                "ratio engine / reference",
                f"{engine_wall / reference_wall:.2f} wall, {engine_cpu / reference_cpu:.2f} CPU",
                "<= 2",
            )
        )
        tracemalloc.start()
        simulate(grid, results, draws=draws, seed=1, thresholds=thresholds, backend="numpy")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append(
            (f"peak memory, {draws:,} draws (NumPy, tracemalloc)", f"{peak / 2**20:.1f} MiB", "< 500 MB")
        )
    else:
        rows.append(("Monte Carlo, NumPy engine", "NumPy not installed (pip install 'cpg-score[fast]')", ""))

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
    tracemalloc.start()
    simulate(grid, results, draws=min(python_draws, 200_000), seed=1, backend="python")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rows.append(
        (f"peak memory, {min(python_draws, 200_000):,} draws (pure Python)", f"{peak / 2**20:.1f} MiB", "")
    )

    mode = "quick" if quick else "full"
    numpy_text = f", NumPy {np.__version__}" if np is not None else ", no NumPy"
    print(f"cpg-score benchmarks on {GRID.name} ({mode} run, Python {sys.version.split()[0]}{numpy_text})")
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    print(f"{'measure':<{width}}  {'figure':<{value_width}}  target")
    print(f"{'-' * width}  {'-' * value_width}  ------")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<{value_width}}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
