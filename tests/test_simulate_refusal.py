"""A refused result (« Refus de validation ») in the simulators: held at its value, never improved."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from cpg_score import load_grid, load_results
from cpg_score.simulate import Distribution, Spec, levers, plan, sensitivity, simulate

from .test_rules_count import GRID, RESULTS


def _refused() -> tuple[object, object]:
    grid = load_grid(GRID)
    return grid, load_results(RESULTS.replace("RESULT", "refus"), grid)


def test_a_refused_lever_is_held_at_its_value() -> None:
    lever = levers(*_refused()).items[0]  # type: ignore[arg-type]
    assert (True, (Decimal(-1), Decimal(-1))) == (lever.refused, lever.domain())


def test_a_counted_lever_is_not_held() -> None:
    grid = load_grid(GRID)
    results = load_results(RESULTS.replace("RESULT", "{counts: {B: 3}}"), grid)
    lever = levers(grid, results).items[0]
    assert (False, (Decimal(0), None)) == (lever.refused, lever.domain())


@pytest.mark.parametrize("backend", ["python", "numpy"])
def test_montecarlo_never_turns_a_refusal_into_a_note(backend: str) -> None:
    if backend == "numpy":
        pytest.importorskip("numpy")  # the fast extra
    run = simulate(*_refused(), draws=500, seed=3, backend=backend, thresholds=[Decimal(1)])  # type: ignore[arg-type]
    assert (Fraction(0), Fraction(0)) == (run.total.max, run.probability(Decimal(1)))


def test_montecarlo_holds_a_refusal_even_with_a_distribution() -> None:
    spec = Spec({"validation": Distribution(kind="uniform", low=Decimal(0), high=Decimal(40))}, {}, None)
    run = simulate(*_refused(), spec, draws=300, seed=1, backend="python")  # type: ignore[arg-type]
    assert Fraction(0) == run.total.max


def test_sensitivity_offers_no_headroom_on_a_refusal() -> None:
    row = sensitivity(*_refused()).rows[0]  # type: ignore[arg-type]
    assert (Fraction(0), None) == (row.headroom, row.next_breakpoint)


def test_plan_does_not_move_a_refusal() -> None:
    found = plan(*_refused(), target=Decimal(20))  # type: ignore[arg-type]
    assert (False, ()) == (found.reached, found.moves)
