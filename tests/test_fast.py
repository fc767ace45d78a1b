"""The float fast path agrees with the exact Decimal scorer to 1e-9 on the same inputs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import Axis, Direction, Entity, Grid, Indicator, Objective, Results, ResultValue, score
from cpg_score.simulate import levers
from cpg_score.simulate._fast import compile_lever, numpy_or_none

from .strategies import ADVANCED_GRIDS, BASELINE_RESULTS, SHARE_RESULTS, grids, results_for, small_grids

TOLERANCE = 1e-9
floats = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def _exact_total(grid: Grid, results: Results, values: dict[str, float]) -> Decimal:
    # "The same inputs": each float as the shortest decimal that reads back as it.
    moved = results.replace_values(**{k: Decimal(repr(v)) for k, v in values.items()})
    return score(grid, moved).total.points


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_scalar_kernels_agree_with_the_exact_scorer(data: st.DataObject) -> None:
    grid = data.draw(small_grids())
    results = data.draw(results_for(grid, SHARE_RESULTS))
    found = levers(grid, results)
    values = {lever.id: data.draw(floats) for lever in found.items}
    fast = float(found.card.total.points) + sum(
        compile_lever(lv).points_change(values[lv.id]) for lv in found.items
    )
    assert abs(fast - float(_exact_total(grid, results, values))) < TOLERANCE


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_array_kernels_agree_with_the_exact_scorer(data: st.DataObject) -> None:
    np = numpy_or_none()
    if np is None:
        pytest.skip("NumPy not installed")
    grid = data.draw(small_grids())
    results = data.draw(results_for(grid, SHARE_RESULTS))
    found = levers(grid, results)
    rows = [{lever.id: data.draw(floats) for lever in found.items} for _ in range(5)]
    fast = np.full(len(rows), float(found.card.total.points))
    for lever in found.items:
        fast += compile_lever(lever).points_changes(np, np.array([row[lever.id] for row in rows]))
    exact = [float(_exact_total(grid, results, row)) for row in rows]
    assert max(abs(a - b) for a, b in zip(fast.tolist(), exact, strict=True)) < TOLERANCE


class _Squared:
    """A rule the fast path does not know: rate = value squared."""

    type = "squared"
    direction = Direction.HIGHER

    def achievement(self, value: Decimal) -> Decimal:
        return min(max(value * value, Decimal(0)), Decimal(1))

    def breakpoints(self) -> tuple[Decimal, ...]:
        return (Decimal(0), Decimal(1))

    def explain(self, value: Decimal) -> str:
        return f"{value}^2"


def test_unknown_rules_fall_back_to_their_exact_achievement() -> None:
    indicator = Indicator(id="i", label="i", rule=_Squared())  # type: ignore[arg-type]
    grid = Grid(
        id="g",
        label="g",
        period=2019,
        total_points=Decimal(100),
        axes=[Axis("a", "a", [Objective(id="o", label="o", points=Decimal(100), indicators=[indicator])])],
    )
    results = Results(
        entity=Entity("e"), grid="g", period=2019, values=[ResultValue(id="i", value=Decimal("0.5"))]
    )
    kernel = compile_lever(levers(grid, results).items[0])
    assert (False, pytest.approx(100 * (0.81 - 0.25))) == (kernel.known, kernel.points_change(0.9))


class _Opaque:
    """A caller's own rule that gives no breakpoints (a `ScoringRule` all the same)."""

    type = "opaque"
    direction = Direction.HIGHER

    def breakpoints(self) -> tuple[Decimal, ...]:
        return ()

    def achievement(self, value: Decimal) -> Decimal:
        return min(max(value, Decimal(0)), Decimal(1))

    def explain(self, value: Decimal) -> str:
        return str(value)


def test_simulations_accept_a_rule_without_breakpoints() -> None:
    from cpg_score.simulate import plan, sensitivity, simulate

    indicator = Indicator(id="i", label="i", rule=_Opaque())  # type: ignore[arg-type]
    grid = Grid(
        id="g",
        label="g",
        period=2019,
        total_points=Decimal(100),
        axes=[Axis("a", "a", [Objective(id="o", label="o", points=Decimal(100), indicators=[indicator])])],
    )
    results = Results(
        entity=Entity("e"), grid="g", period=2019, values=[ResultValue(id="i", value=Decimal("0.5"))]
    )
    run = simulate(grid, results, draws=50, seed=1, backend="python")
    assert (Decimal(100), True, Decimal(50)) == (
        sensitivity(grid, results).rows[0].slope,
        plan(grid, results, Decimal(60)).reached,
        round(run.total.percentile(50)),
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_kernels_agree_with_the_exact_scorer_on_every_rule(data: st.DataObject) -> None:
    grid = data.draw(grids(shape=ADVANCED_GRIDS))
    results = data.draw(results_for(grid, BASELINE_RESULTS))
    found = levers(grid, results)
    values = {lever.id: data.draw(floats) for lever in found.items}
    fast = float(found.card.total.points) + sum(
        compile_lever(lv).points_change(values[lv.id]) for lv in found.items
    )
    assert (True, True) == (
        found.additive,
        abs(fast - float(_exact_total(grid, results, values))) < TOLERANCE,
    )
