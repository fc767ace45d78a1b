"""Sensitivity: slopes agree with finite differences of the exact scorer; breakpoints; sorting."""

from __future__ import annotations

import json
from decimal import Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import Grid, load_results, score
from cpg_score._numbers import CONTEXT, to_fraction
from cpg_score.cli import main
from cpg_score.simulate import sensitivity

from .conftest import GRID_2019, RESULTS_2019
from .strategies import ADVANCED_GRIDS, BASELINE_RESULTS, SHARE_RESULTS, grids, results_for, small_grids

BASE = RESULTS_2019 / "drsm-centre-ouest.yaml"
STEP = Decimal("1e-7")


def test_2019_best_lever_is_sick_leave(grid_2019: Grid) -> None:
    table = sensitivity(grid_2019, load_results(BASE, grid_2019))
    assert ("arrets-travail", Decimal(160)) == (table.rows[0].lever.id, table.rows[0].slope)


def test_2019_headroom_adds_up_to_the_points_left(grid_2019: Grid) -> None:
    table = sensitivity(grid_2019, load_results(BASE, grid_2019))
    # 1000 - 776.49915 - 20 (transport, neutralised: its points are out of reach)
    assert Decimal("203.50085") == sum((r.headroom for r in table.rows), Fraction(0))


def test_rows_are_sorted_best_first(grid_2019: Grid) -> None:
    rates = [r.best_rate for r in sensitivity(grid_2019, load_results(BASE, grid_2019)).rows]
    assert sorted(rates, reverse=True) == rates


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_slopes_agree_with_finite_differences(data: st.DataObject) -> None:
    grid = data.draw(small_grids())
    results = data.draw(results_for(grid, SHARE_RESULTS))
    base = score(grid, results).total.points
    for row in sensitivity(grid, results).rows:
        lever = row.lever
        sign = 1 if lever.direction.value == "higher" else -1
        moved = lever.value + sign * STEP
        near = [b for b in lever.rule.breakpoints() if abs(b - lever.value) <= STEP]
        if near or not Decimal(0) <= moved <= Decimal(1):
            continue
        with localcontext(CONTEXT):
            total = score(grid, results.replace_values(**{lever.id: moved})).total.points
            assert abs(row.slope - to_fraction(total - base) / to_fraction(STEP)) < Fraction(Decimal("1e-30"))


def test_steps_report_the_jump_at_the_next_threshold() -> None:
    from cpg_score import Axis, Entity, Indicator, Objective, Results, ResultValue, Step, StepsRule
    from cpg_score import Grid as G

    rule = StepsRule([Step(Decimal("0.75"), Decimal("0.4")), Step(Decimal("0.85"), Decimal(1))])
    grid = G(
        id="g",
        label="g",
        period=2019,
        total_points=Decimal(100),
        axes=[
            Axis(
                "a",
                "a",
                [
                    Objective(
                        id="o",
                        label="o",
                        points=Decimal(100),
                        indicators=[Indicator(id="i", label="i", rule=rule)],
                    )
                ],
            )
        ],
    )
    results = Results(
        entity=Entity("e"), grid="g", period=2019, values=[ResultValue(id="i", value=Decimal("0.8"))]
    )
    row = sensitivity(grid, results).rows[0]
    assert (Decimal(0), Decimal("0.85"), Decimal("0.05"), Decimal(60)) == (
        row.slope,
        row.next_breakpoint,
        row.needed,
        row.gain_at_next,
    )


def test_cli_sensitivity_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sensitivity", str(GRID_2019), str(BASE), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert (code, len(data["rows"])) == (0, 10)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_slopes_agree_with_finite_differences_on_every_rule(data: st.DataObject) -> None:
    grid = data.draw(grids(shape=ADVANCED_GRIDS))
    results = data.draw(results_for(grid, BASELINE_RESULTS))
    base = score(grid, results).total.points
    for row in sensitivity(grid, results).rows:
        lever = row.lever
        sign = 1 if lever.direction.value == "higher" else -1
        moved = lever.value + sign * STEP
        near = [b for b in lever.rule.breakpoints() if abs(b - lever.value) <= STEP]
        if near or not Decimal(0) <= moved <= Decimal(1):
            continue
        with localcontext(CONTEXT):
            total = score(grid, results.replace_values(**{lever.id: moved})).total.points
            assert abs(row.slope - to_fraction(total - base) / to_fraction(STEP)) < Fraction(Decimal("1e-20"))
