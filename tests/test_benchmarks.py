"""The CPAM 2017 benchmark's inputs and reference kernel (benchmarks/cpam_2017.py): no timing here."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from types import ModuleType

import pytest

from cpg_score import BinaryRule, Grid, LinearRule, load_grid, score
from cpg_score.simulate import CHUNK, PERCENTILES, simulate

from .conftest import OBJECTIVES, ROOT

np = pytest.importorskip("numpy")


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cpam_2017", ROOT / "benchmarks" / "cpam_2017.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("cpam_2017", module)
    spec.loader.exec_module(module)
    return module


cpam = _module()


@pytest.fixture(scope="module")
def grid() -> Grid:
    return load_grid(OBJECTIVES / "maladie-cpam-2017.yaml")


def test_generated_results_are_the_same_for_the_same_seed(grid: Grid) -> None:
    expected = [r.values for r in cpam.generated_results(grid, 5, seed=7)]
    assert expected == [r.values for r in cpam.generated_results(grid, 5, seed=7)]


def test_generated_results_differ_with_the_seed(grid: Grid) -> None:
    assert [r.values for r in cpam.generated_results(grid, 5, seed=7)] != [
        r.values for r in cpam.generated_results(grid, 5, seed=8)
    ]


def test_generated_values_lie_a_bit_beyond_floor_and_target(grid: Grid) -> None:
    rules = {i.id: i.rule for _, o in grid.objectives() for i in o.indicators}
    outside = []
    for results in cpam.generated_results(grid, 50, seed=1):
        for result in results.values:
            rule, value = rules[result.id], result.value
            assert value is not None
            if isinstance(rule, LinearRule):
                low, high = sorted((rule.floor, rule.target))
                margin = (high - low) * cpam.MARGIN
                fits = low - margin <= value <= high + margin
            elif isinstance(rule, BinaryRule) and rule.threshold is None:
                fits = value in (0, 1)
            else:
                fits = True
            if not fits:
                outside.append((result.id, value))
    assert [] == outside


def test_kernel_gives_the_exact_score_at_the_values(grid: Grid) -> None:
    gaps = []
    for results in cpam.generated_results(grid, 50, seed=3):
        exact = float(score(grid, results).total.points)
        kernel = cpam.total_at_values(np, cpam.kernel_items(grid, results))
        gaps.append(abs(kernel - exact) <= 1e-9 * max(1.0, exact))
    assert [True] * 50 == gaps


def test_kernel_and_engine_compute_the_same_figures(grid: Grid) -> None:
    entity = cpam.generated_results(grid, 1, seed=2017)[0]
    run = simulate(grid, entity, draws=3000, seed=5, thresholds=[Decimal(500)], backend="numpy")
    figures = cpam.run_kernel(np, cpam.kernel_items(grid, entity), 3000, 5, CHUNK, PERCENTILES, [500.0])
    engine = [float(v) for _, v in run.total.percentiles] + [float(run.probability(Decimal(500)))]
    kernel = [figures.total.percentiles[q] for q in PERCENTILES] + [figures.probabilities[0]]
    assert kernel == pytest.approx(engine, rel=1e-9, abs=1e-9)
