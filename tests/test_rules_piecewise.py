"""The `piecewise` rule: a floor worth something (35 %, 50 %), and any list of (value, rate) points."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import (
    Axis,
    Entity,
    Grid,
    GridError,
    Indicator,
    Objective,
    Results,
    ResultValue,
    load_grid,
    score,
)
from cpg_score.io.dump import dump_grid
from cpg_score.model.rules import Direction, LinearRule, PiecewiseAbove, PiecewisePoint, PiecewiseRule
from cpg_score.simulate import levers, plan, sensitivity, simulate
from cpg_score.simulate._fast import compile_lever, numpy_or_none

from .strategies import SHARES, piecewise_rules

D = Decimal


def _rule(*points: tuple[str, str], **options: object) -> PiecewiseRule:
    return PiecewiseRule(points=[PiecewisePoint(D(v), D(r)) for v, r in points], **options)  # type: ignore[arg-type]


#: « 35 % on the floor »: floor 80 %, target 90 %.
FLOOR_35 = _rule(("0.80", "0.35"), ("0.90", "1"))
#: The CSS Mayotte délai FSP: socle 23 jours, objectif 21 jours (lower is better), 50 % on the floor.
DAYS = _rule(("23", "0.5"), ("21", "1"))


# -- golden examples -----------------------------------------------------------------------------


def test_a_floor_worth_35_percent_halfway_gives_0_675() -> None:
    assert Fraction(27, 40) == FLOOR_35.achievement(D("0.85"))


def test_on_the_floor_the_rate_is_the_floors() -> None:
    assert Fraction(35, 100) == FLOOR_35.achievement(D("0.80"))


def test_below_the_floor_the_rate_is_0() -> None:
    assert 0 == FLOOR_35.achievement(D("0.7999"))


def test_beyond_the_target_the_rate_holds() -> None:
    assert 1 == FLOOR_35.achievement(D("0.99"))


def test_a_floor_worth_50_percent_between_75_and_85_percent() -> None:
    rule = _rule(("0.75", "0.5"), ("0.85", "1"))
    assert Fraction(3, 4) == rule.achievement(D("0.80"))


def test_decreasing_values_mean_lower_is_better() -> None:
    assert (Direction.LOWER, Fraction(3, 4)) == (DAYS.direction, DAYS.achievement(D(22)))


def test_lower_is_better_beyond_the_floor_is_0() -> None:
    assert 0 == DAYS.achievement(D(24))


def test_three_points() -> None:
    rule = _rule(("0.70", "0"), ("0.80", "0.5"), ("0.90", "1"))
    assert (Fraction(1, 4), Fraction(3, 4)) == (rule.achievement(D("0.75")), rule.achievement(D("0.85")))


def test_the_recouvrement_formula_is_piecewise_from_0_to_1() -> None:
    # « en dessous du seuil : 0 % ; entre la cible et le seuil : (valeur – seuil)/(cible – seuil) ;
    # au-dessus de la cible : 100 % » (taux de décroché: cible 85 %, seuil 75 %).
    rule, linear = _rule(("0.75", "0"), ("0.85", "1")), LinearRule(D("0.75"), D("0.85"))
    values = [D(v) for v in ("0.70", "0.75", "0.78", "0.85", "0.90")]
    assert [linear.achievement(v) for v in values] == [rule.achievement(v) for v in values]


def test_extend_continues_the_last_segment_up_to_100_percent() -> None:
    rule = _rule(("0.80", "0.5"), ("0.90", "0.75"), above=PiecewiseAbove.EXTEND)
    assert (Fraction(7, 8), Fraction(1)) == (rule.achievement(D("0.95")), rule.achievement(D("1")))


def test_extend_stops_at_the_cap() -> None:
    rule = _rule(("0.80", "0.5"), ("0.90", "1"), above=PiecewiseAbove.EXTEND, cap=D("1.2"))
    assert Fraction(6, 5) == rule.achievement(D("1"))


def test_a_rate_below_the_first_point() -> None:
    rule = _rule(("0.80", "0.35"), ("0.90", "1"), below=D("0.1"))
    assert Fraction(1, 10) == rule.achievement(D("0.5"))


def test_breakpoints_are_the_point_values() -> None:
    assert (D("0.80"), D("0.90")) == FLOOR_35.breakpoints()


def test_breakpoints_with_extend_add_where_the_cap_is_reached() -> None:
    rule = _rule(("0.80", "0.5"), ("0.90", "0.75"), above=PiecewiseAbove.EXTEND)
    assert (D("0.80"), D("0.90"), D("1.00")) == rule.breakpoints()


def test_where_the_cap_is_reached_between_decimals_the_breakpoint_earns_the_cap() -> None:
    rule = _rule(("0.80", "0.35"), ("0.90", "0.7"), above=PiecewiseAbove.EXTEND)
    reach = rule.breakpoints()[-1]
    assert (D("0.985714285714285714285714285715"), 1) == (reach, rule.achievement(reach))


@settings(max_examples=100, deadline=None)
@given(rule=piecewise_rules())
def test_on_target_earns_the_best_rate_up_to_100_percent(rule: PiecewiseRule) -> None:
    assert min(Fraction(rule.top), Fraction(1)) == rule.achievement(rule.on_target())


def test_on_target_is_the_first_value_reaching_the_best_rate() -> None:
    rule = _rule(("0.70", "0.5"), ("0.80", "1"), ("0.90", "1"))
    assert D("0.8") == rule.on_target()


def test_explain_shows_the_interpolation() -> None:
    expected = "rate = r1 + (r2 - r1) x (R - v1) / (v2 - v1) = 0.35 + (1 - 0.35) x (0.85 - 0.80) / (0.90 - 0.80) = 0.675"
    assert expected == FLOOR_35.explain(D("0.85"))


# -- per-entity bounds -----------------------------------------------------------------------------


def test_with_bounds_moves_the_first_and_last_values() -> None:
    moved = FLOOR_35.with_bounds(floor=D("0.70"), target=D("0.95"))
    assert [(D("0.70"), D("0.35")), (D("0.95"), D(1))] == [(p.value, p.rate) for p in moved.points]


def test_with_bounds_rescales_the_inner_points() -> None:
    rule = _rule(("0.80", "0.35"), ("0.85", "0.6"), ("0.90", "1"))
    moved = rule.with_bounds(floor=D("0.70"))
    assert D("0.80") == moved.points[1].value


def test_with_bounds_keeps_an_inner_point_exact_when_it_does_not_terminate() -> None:
    rule = _rule(("0", "0"), ("1", "0.5"), ("3", "1"))
    assert Fraction(1, 3) == rule.with_bounds(target=D(1)).points[1].value


# -- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "options", "message"),
    [
        ((("0.8", "0.5"),), {}, "points must hold at least 2 points"),
        ((("0.8", "0.5"), ("0.8", "1")), {}, "point values must be strictly increasing"),
        ((("0.7", "0"), ("0.8", "0.5"), ("0.75", "1")), {}, "got 0.8 then 0.75"),
        (
            (("0.8", "0.5"), ("0.9", "0.4")),
            {},
            "point rates must not decrease along the list, got 0.5 then 0.4",
        ),
        ((("0.8", "-0.1"), ("0.9", "1")), {}, "rate must be >= 0, got -0.1"),
        ((("0.8", "0.3"), ("0.9", "1")), {"below": D("0.5")}, "below (0.5) must not exceed"),
        ((("0.8", "0.3"), ("0.9", "1")), {"cap": D("1.2")}, "cap applies only with above: extend"),
        (
            (("0.8", "0.3"), ("0.9", "1")),
            {"cap": D("0.9"), "above": PiecewiseAbove.EXTEND},
            "cap (0.9) must not be below the last point's rate (1)",
        ),
    ],
)
def test_invalid_rules_are_refused(
    points: tuple[tuple[str, str], ...], options: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _rule(*points, **options)


def test_a_float_value_is_refused() -> None:
    with pytest.raises(TypeError, match="value must be an exact number"):
        PiecewisePoint(0.8, D("0.5"))  # type: ignore[arg-type]


# -- the grid file -------------------------------------------------------------------------------

GRID = """\
id: pw
label: Piecewise
period: 2017
total_points: 100
axes:
  - id: a
    label: A
    objectives:
      - id: o
        label: O
        points: 100
        indicators:
          - id: decroche
            label: Taux de décroché
            unit: share
            rule:
              type: piecewise
              points:
                - {value: "75 %", rate: "50 %"}
                - {value: "85 %", rate: "100 %"}
              below: 0
              above: hold
"""


def test_a_grid_reads_the_rule() -> None:
    rule = load_grid(GRID).axes[0].objectives[0].indicators[0].rule
    assert _rule(("0.75", "0.5"), ("0.85", "1")) == rule


def test_a_grid_dumps_the_rule_back() -> None:
    grid = load_grid(GRID)
    assert grid == load_grid(dump_grid(grid))


def test_a_grid_reports_a_cap_with_hold_at_the_cap() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(GRID + "              cap: 100 %\n")
    expected = "cap applies only with above: extend (beyond the last point the rate holds) @ $.axes[0].objectives[0].indicators[0].rule.cap"
    assert expected in str(caught.value)


def test_a_grid_reports_a_rate_above_a_later_one_at_the_points() -> None:
    text = GRID.replace('rate: "100 %"', 'rate: "40 %"')
    with pytest.raises(GridError) as caught:
        load_grid(text)
    assert (
        "point rates must not decrease along the list, got 0.5 then 0.4 @ $.axes[0].objectives[0].indicators[0].rule.points"
        in str(caught.value)
    )


def test_the_schema_accepts_the_grid() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from .test_rule_registry import _shipped_schema

    assert jsonschema.Draft202012Validator(_shipped_schema()).is_valid(yaml.safe_load(GRID))


# -- properties ----------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(rule=piecewise_rules(), a=SHARES, b=SHARES)
def test_the_rate_is_monotone_in_the_result(rule: PiecewiseRule, a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    worse, better = (low, high) if rule.direction is Direction.HIGHER else (high, low)
    assert rule.achievement(worse) <= rule.achievement(better)


@settings(max_examples=150, deadline=None)
@given(rule=piecewise_rules(), value=SHARES)
def test_the_rate_lies_between_0_and_the_top(rule: PiecewiseRule, value: Decimal) -> None:
    rate = rule.achievement(value)
    assert (True, True) == (isinstance(rate, Fraction), 0 <= rate <= rule.top)


@settings(max_examples=100, deadline=None)
@given(rule=piecewise_rules())
def test_each_point_earns_its_rate_exactly(rule: PiecewiseRule) -> None:
    assert [Fraction(p.rate) for p in rule.points] == [rule.achievement(p.value) for p in rule.points]


@settings(max_examples=100, deadline=None)
@given(rule=piecewise_rules(), value=st.floats(0, 1))
def test_the_float_kernel_agrees_with_the_exact_rate(rule: PiecewiseRule, value: float) -> None:
    lever = levers(*_one(rule, D("0.5"))).items[0]
    exact = min(float(rule.achievement(D(repr(value)))), 1.0)
    assert abs(exact - compile_lever(lever).scalar(value)) < 1e-9


@settings(max_examples=50, deadline=None)
@given(rule=piecewise_rules(), values=st.lists(st.floats(0, 1), min_size=1, max_size=8))
def test_the_array_kernel_agrees_with_the_scalar_one(rule: PiecewiseRule, values: list[float]) -> None:
    np = numpy_or_none()
    if np is None:
        pytest.skip("NumPy not installed")
    kernel = compile_lever(levers(*_one(rule, D("0.5"))).items[0])
    fast = kernel.rates(np, np.array(values)).tolist()
    assert max(abs(a - kernel.scalar(v)) for a, v in zip(fast, values, strict=True)) < 1e-9


# -- the simulators ------------------------------------------------------------------------------


def _one(rule: PiecewiseRule, value: Decimal) -> tuple[Grid, Results]:
    indicator = Indicator(id="i", label="i", rule=rule)
    grid = Grid(
        id="g",
        label="g",
        period=2017,
        total_points=Decimal(100),
        axes=[Axis("a", "a", [Objective(id="o", label="o", points=Decimal(100), indicators=[indicator])])],
    )
    results = Results(entity=Entity("e"), grid="g", period=2017, values=[ResultValue(id="i", value=value)])
    return grid, results


def test_the_score_of_the_35_percent_floor() -> None:
    assert D("67.5") == score(*_one(FLOOR_35, D("0.85"))).total.points


def test_sensitivity_gives_the_next_point_and_its_gain() -> None:
    row = sensitivity(*_one(FLOOR_35, D("0.85"))).rows[0]
    assert (D("650"), D("0.90"), D("32.5")) == (row.slope, row.next_breakpoint, row.gain_at_next)


def test_plan_reaches_a_target_exactly() -> None:
    found = plan(*_one(FLOOR_35, D("0.75")), D("35"))
    assert (True, D("0.80")) == (found.reached, found.moves[0].after)


def test_montecarlo_runs_on_the_fast_path() -> None:
    grid, results = _one(FLOOR_35, D("0.85"))
    run = simulate(grid, results, draws=200, seed=1, backend="python")
    assert 0 <= run.total.percentile(50) <= 100


@settings(max_examples=100, deadline=None)
@given(rule=piecewise_rules(), ends=st.lists(SHARES, min_size=2, max_size=2, unique=True))
def test_with_bounds_puts_the_ends_on_the_entitys_floor_and_target(
    rule: PiecewiseRule, ends: list[Decimal]
) -> None:
    moved = rule.with_bounds(floor=ends[0], target=ends[1])
    expected = ([p.rate for p in rule.points], ends[0], ends[1])
    assert expected == ([p.rate for p in moved.points], moved.points[0].value, moved.points[-1].value)
