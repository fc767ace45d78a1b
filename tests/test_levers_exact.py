"""Levers, sensitivity and plan on exact values: a numerator over a denominator is never cut."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import (
    Axis,
    Entity,
    Grid,
    Indicator,
    LinearRule,
    Objective,
    RateRule,
    Results,
    ResultValue,
    score,
)
from cpg_score._numbers import decimal_text, to_fraction
from cpg_score.model.grid import Unit
from cpg_score.reports import render_plan, render_sensitivity
from cpg_score.simulate import Bounds, levers, plan, sensitivity
from cpg_score.simulate._levers import Lever, as_input
from cpg_score.simulate._profile import profile

from .strategies import exact_cases, hundredths, small_grids

ENTITY = Entity("e", "e")


def _grid(objectives: list[Objective]) -> Grid:
    total = sum((o.points for o in objectives), Decimal(0))
    return Grid(id="g", label="g", period=2019, total_points=total, axes=[Axis("a", "a", objectives)])


def _fraction(rid: str, numerator: str, denominator: str) -> ResultValue:
    return ResultValue(id=rid, numerator=Decimal(numerator), denominator=Decimal(denominator))


def _g4() -> tuple[Grid, Results]:
    """o1 = 3 points, o2 = 97 points, both rated directly; o1 = 1.015 / 3."""
    grid = _grid(
        [
            Objective(id="o1", label="O1", points=Decimal(3)),
            Objective(id="o2", label="O2", points=Decimal(97)),
        ]
    )
    values = [_fraction("o1", "1.015", "3"), ResultValue(id="o2", value=Decimal("0.5"))]
    return grid, Results(entity=ENTITY, grid="g", period=2019, values=values)


def _g5() -> tuple[Grid, Results]:
    """Three `rate` indicators sharing 100 points; i3 = 1 / 3."""
    indicators = [Indicator(id=f"i{n}", label=f"i{n}", rule=RateRule()) for n in (1, 2, 3)]
    grid = _grid([Objective(id="o", label="o", points=Decimal(100), indicators=indicators)])
    values = [
        ResultValue(id="i1", value=Decimal("0.5")),
        ResultValue(id="i2", value=Decimal("0.5")),
        _fraction("i3", "1", "3"),
    ]
    return grid, Results(entity=ENTITY, grid="g", period=2019, values=values)


# -- the reviewer's repros ----------------------------------------------------------------------


def test_a_direct_objective_lever_takes_the_exact_value() -> None:
    grid, results = _g4()
    assert Fraction(203, 600) == levers(grid, results).by_id()["o1"].value


def test_sensitivity_points_equal_the_scorecard_points() -> None:
    grid, results = _g4()
    card = score(grid, results)
    rows = {row.lever.id: row.points for row in sensitivity(grid, results).rows}
    assert {o.id: o.points for o in card.objectives} == rows


def test_sensitivity_table_shows_the_scorecard_rounding() -> None:
    grid, results = _g4()
    lines = render_sensitivity(sensitivity(grid, results)).splitlines()
    assert ["1.02"] == [line.split()[3] for line in lines if line.startswith("O1 ")]


def test_sensitivity_finds_the_next_breakpoint_from_a_fraction() -> None:
    grid, results = _g4()
    row = next(r for r in sensitivity(grid, results).rows if r.lever.id == "o1")
    assert (Fraction(1), Fraction(397, 600), Fraction(397, 200)) == (
        row.next_breakpoint,
        row.needed,
        row.gain_at_next,
    )


def test_plan_best_reachable_is_the_grid_total_exactly() -> None:
    grid, results = _g4()
    found = plan(grid, results, Decimal(60))
    assert (Fraction(100), "100") == (
        found.best_reachable,
        json.loads(render_plan(found, "json"))["best_reachable"],
    )


def test_slopes_are_exactly_a_third_of_the_points() -> None:
    grid, results = _g5()
    assert [Fraction(100, 3)] * 3 == [row.slope for row in sensitivity(grid, results).rows]


def test_sensitivity_json_slope_is_the_exact_text() -> None:
    grid, results = _g5()
    data = json.loads(render_sensitivity(sensitivity(grid, results), "json"))
    assert [decimal_text(Fraction(100, 3))] * 3 == [row["slope"] for row in data["rows"]]


def test_profile_of_a_fraction_ends_on_the_domain_edge_exactly() -> None:
    lever = Lever(
        id="i",
        label="i",
        objective="o",
        axis="a",
        rule=RateRule(),
        value=Fraction(1, 3),
        factor=Fraction(100, 3),
        unit=Unit.SHARE,
    )
    shape = profile(lever)
    assert (Fraction(2, 3), Fraction(1), Fraction(200, 9)) == (
        shape.limit,
        shape.value_at(shape.limit),
        shape.headroom,
    )


# -- values written back are model inputs --------------------------------------------------------


def test_as_input_keeps_a_terminating_value_exactly() -> None:
    assert (Decimal("0.85"), "0.85") == (as_input(Fraction(17, 20), 1), str(as_input(Fraction(17, 20), 1)))


def test_as_input_rounds_up_toward_plus_one() -> None:
    assert Decimal("0.333334") == as_input(Fraction(1, 3), 1, 6)


def test_as_input_rounds_down_toward_minus_one() -> None:
    assert Decimal("0.666666") == as_input(Fraction(2, 3), -1, 6)


def test_as_input_rounds_at_30_places_by_default() -> None:
    assert Decimal("0." + "3" * 29 + "4") == as_input(Fraction(1, 3), 1)


def test_plan_from_a_fraction_keeps_a_terminating_value() -> None:
    grid, results = _g4()
    # o1 must gain 0.08 point: 1.015 / 3 + 0.08 / 3 = 0.365 exactly, no rounding needed.
    found = plan(grid, results, Decimal("49.595"), Bounds(fixed=frozenset({"o2"})))
    assert [("o1", Decimal("0.365"))] == [(m.id, m.after) for m in found.moves]


def test_plan_rounds_a_non_terminating_value_up_once() -> None:
    grid, results = _g4()
    # o1 must gain 0.085 point: 1.1 / 3 = 0.3666..., rounded up to 1e-12 (once).
    found = plan(grid, results, Decimal("49.6"), Bounds(fixed=frozenset({"o2"})))
    assert [("o1", Decimal("0.366666666667"))] == [(m.id, m.after) for m in found.moves]


def test_plan_rounded_up_reaches_the_target_rescored() -> None:
    grid, results = _g4()
    found = plan(grid, results, Decimal("49.6"), Bounds(fixed=frozenset({"o2"})))
    applied = score(grid, results.replace_values(**found.values())).total.points
    assert (True, True) == (found.reached, applied >= Decimal("49.6"))


def test_plan_rounds_down_when_lower_is_better() -> None:
    rule = LinearRule(floor=Decimal("0.9"), target=Decimal("0.1"))
    grid = _grid(
        [
            Objective(
                id="o", label="o", points=Decimal(100), indicators=[Indicator(id="i", label="i", rule=rule)]
            )
        ]
    )
    results = Results(entity=ENTITY, grid="g", period=2019, values=[_fraction("i", "2", "3")])
    # 1/7 point more at 125 points per unit: the value must fall to 2/3 - 1/875 (no end).
    target = score(grid, results).total.points + Fraction(1, 7)
    found = plan(grid, results, target)
    after = to_fraction(found.moves[0].after)
    exact = Fraction(2, 3) - Fraction(1, 875)
    applied = score(grid, results.replace_values(**found.values())).total.points
    assert (True, True) == (exact - Fraction(1, 10**12) < after <= exact, applied >= target)


def test_plan_never_moves_past_a_bound_with_many_places() -> None:
    grid, results = _g4()
    bound = Decimal("0.3399999999999999")  # 16 places
    # o1 must reach 1.0199999999999996 / 3 = 0.33999999999999986...: rounded up to 1e-12 it
    # would be 0.34, past the bound; the bound itself is taken (and still reaches the target).
    limits = Bounds(limits={"o1": bound}, fixed=frozenset({"o2"}))
    found = plan(grid, results, Decimal("49.5199999999999996"), limits)
    assert ([("o1", bound)], True) == ([(m.id, m.after) for m in found.moves], found.reached)


def test_plan_move_figures_are_those_of_the_rounded_value() -> None:
    grid, results = _g5()
    found = plan(grid, results, Decimal(50), Bounds(fixed=frozenset({"i1", "i2"})))
    move = found.moves[0]
    assert (move.improvement, move.gain) == (
        to_fraction(move.after) - Fraction(1, 3),
        Fraction(100, 3) * (to_fraction(move.after) - Fraction(1, 3)),
    )


# -- properties ---------------------------------------------------------------------------------


@st.composite
def _fraction_results(draw: st.DrawFn, grid: Grid) -> Results:
    """A value or a numerator over a denominator (thirds, sevenths...) for every scored id."""
    values = []
    for rid in grid.scored_ids():
        if draw(st.booleans()):
            denominator = draw(st.sampled_from([3, 7, 9, 21, 1000]))
            numerator = draw(st.integers(0, denominator))
            values.append(_fraction(rid, str(numerator), str(denominator)))
        else:
            values.append(ResultValue(id=rid, value=draw(hundredths)))
    return Results(entity=ENTITY, grid=grid.id, period=grid.period, values=values)


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_levers_add_up_to_the_total_exactly(data: st.DataObject) -> None:
    grid = data.draw(small_grids())
    results = data.draw(_fraction_results(grid))
    found = levers(grid, results)
    total = found.constant + sum((lever.points for lever in found.items), Fraction(0))
    assert (True, found.card.total.points) == (found.additive, total)


@settings(max_examples=60, deadline=None)
@given(case=exact_cases())
def test_levers_add_up_on_any_grid_without_a_bonus(case: tuple[Grid, Results]) -> None:
    grid, results = case
    found = levers(grid, results)
    bonus = any(o.indicators and o.bonus > 0 for _, o in grid.objectives())
    total = found.constant + sum((lever.points for lever in found.items), Fraction(0))
    # Not additive: the constant is the whole total (the simulations use the exact scorer).
    assert (not bonus, found.card.total.points) == (
        found.additive,
        total if found.additive else found.constant,
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_plan_on_fractions_reaches_its_target_rescored(data: st.DataObject) -> None:
    grid = data.draw(small_grids())
    results = data.draw(_fraction_results(grid))
    start = to_fraction(score(grid, results).total.points)
    target = min(start + Fraction(data.draw(st.integers(1, 400)), 4), to_fraction(grid.total_points))
    found = plan(grid, results, target)
    applied = score(grid, results.replace_values(**found.values())).total.points
    assert (found.reached, found.reached, True, True) == (
        applied >= target,
        found.best_reachable >= target,
        found.best_reachable <= grid.total_points,
        all(isinstance(v, Decimal) for v in found.values().values()),
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_sensitivity_points_are_the_scorecard_points(data: st.DataObject) -> None:
    grid = data.draw(small_grids())
    results = data.draw(_fraction_results(grid))
    card = score(grid, results)
    scored = {o.id: o.points for o in card.objectives if not o.indicators}
    scored |= {i.id: i.points for o in card.objectives for i in o.indicators}
    rows = sensitivity(grid, results).rows
    assert [scored[row.lever.id] for row in rows] == [row.points for row in rows]
