"""The `relative` rule: floors and targets relative to the target (« 90 % de la cible ») or to the
entity's baseline (« N – 1 », « – 5 points », « + 10 % », « + 2 % d'augmentation annuelle »)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
import yaml
from hypothesis import given, settings

from cpg_score import (
    Axis,
    Entity,
    Grid,
    GridError,
    Indicator,
    Objective,
    Results,
    ResultsError,
    ResultValue,
    Unit,
    load_grid,
    load_results,
    score,
)
from cpg_score.errors import ProblemCode
from cpg_score.io.dump import dump_grid
from cpg_score.model.rules import (
    BaselineChange,
    ChangeBy,
    Direction,
    RelativeRule,
    ShareOfTarget,
    needs_baseline,
    with_baseline,
)
from cpg_score.simulate import levers, plan, sensitivity, simulate
from cpg_score.simulate._fast import compile_lever

from .strategies import SHARES, relative_rules

D = Decimal
OF_TARGET_90 = RelativeRule(target=D("0.63"), floor=ShareOfTarget(D("0.9")))
#: CSS Mayotte, taux de RAR à 15 mois: « – 5 points » against last year, floor « 0 point » (N – 1).
RAR = RelativeRule(target=BaselineChange(D("-0.05")), floor=BaselineChange())
#: CSS Mayotte, montant des redressements LCTI: « + 10,0 % », floor « + 0,0 % ».
LCTI = RelativeRule(
    target=BaselineChange(D("0.10"), ChangeBy.RELATIVE), floor=BaselineChange(D(0), ChangeBy.RELATIVE)
)


# -- golden examples -----------------------------------------------------------------------------


def test_90_percent_of_a_63_percent_target_is_a_56_7_percent_floor() -> None:
    assert D("0.567") == OF_TARGET_90.floor_value


def test_80_percent_of_an_80_percent_target_is_a_64_percent_floor() -> None:
    rule = RelativeRule(target=D("0.80"), floor=ShareOfTarget(D("0.8")))
    assert (D("0.64"), Fraction(1, 2)) == (rule.floor_value, rule.achievement(D("0.72")))


def test_of_target_scores_like_linear_without_a_baseline() -> None:
    assert (False, Fraction(11, 21)) == (needs_baseline(OF_TARGET_90), OF_TARGET_90.achievement(D("0.60")))


def test_mayotte_rar_minus_5_points_from_20_percent() -> None:
    bound = RAR.bind(D("0.20"))
    assert (D("0.20"), D("0.15"), Fraction(1, 2)) == (
        bound.floor_value,
        bound.target_value,
        bound.achievement(D("0.175")),
    )


def test_minus_5_points_is_lower_is_better() -> None:
    assert Direction.LOWER == RAR.bind(D("0.20")).direction


def test_mayotte_lcti_plus_10_percent_of_last_year() -> None:
    bound = LCTI.bind(D(1000))
    assert (D(1000), D(1100), Fraction(1, 2)) == (
        bound.floor_value,
        bound.target_value,
        bound.achievement(D(1050)),
    )


def test_plus_2_percent_annual_increase_from_the_baseline() -> None:
    # « + 2 % d'augmentation annuelle »: floor N – 1, target N – 1 x 1.02.
    rule = RelativeRule(target=BaselineChange(D("0.02"), ChangeBy.RELATIVE), floor=BaselineChange())
    assert Fraction(1, 2) == rule.bind(D("0.50")).achievement(D("0.505"))


def test_ugecam_n_minus_1_as_the_floor() -> None:
    # « journées médico-sociales | N – 1 »: the floor is last year's value.
    rule = RelativeRule(target=D(12000), floor=BaselineChange())
    assert Fraction(1, 4) == rule.bind(D(10000)).achievement(D(10500))


def test_a_baseline_making_floor_and_target_equal_gives_a_threshold() -> None:
    bound = LCTI.bind(D(0))
    assert (Fraction(0), Fraction(1)) == (bound.achievement(D(-1)), bound.achievement(D(0)))


def test_explain_shows_the_resolved_bounds() -> None:
    expected = (
        "floor S = baseline 0.20; target O = baseline 0.20 - 0.05 = 0.15; rate = clamp((R - S) / (O - S), 0, 1)"
        " = clamp((0.175 - 0.20) / (0.15 - 0.20), 0, 1) = 0.5"
    )
    assert expected == RAR.bind(D("0.20")).explain(D("0.175"))


def test_breakpoints_are_the_resolved_floor_and_target() -> None:
    assert (D("0.20"), D("0.15")) == RAR.bind(D("0.20")).breakpoints()


# -- the baseline ---------------------------------------------------------------------------------


def test_a_rule_using_the_baseline_needs_one() -> None:
    assert (True, True) == (needs_baseline(RAR), needs_baseline(LCTI))


def test_unbound_the_rule_cannot_score() -> None:
    with pytest.raises(ValueError, match="relative to the entity's baseline: bind one first"):
        RAR.achievement(D("0.17"))


def test_binding_a_rule_without_baseline_bounds_leaves_it_unchanged() -> None:
    assert OF_TARGET_90 is with_baseline(OF_TARGET_90, D("0.5"))


# -- per-entity bounds ----------------------------------------------------------------------------


def test_an_entity_target_moves_an_of_target_floor_with_it() -> None:
    moved = OF_TARGET_90.with_bounds(target=D("0.70"))
    assert (D("0.630"), D("0.70")) == (moved.floor_value, moved.target_value)


def test_an_entity_floor_replaces_the_baseline_floor() -> None:
    moved = RAR.bind(D("0.20")).with_bounds(floor=D("0.18"))
    assert (D("0.18"), D("0.15")) == (moved.floor_value, moved.target_value)


def test_an_entity_floor_equal_to_the_target_is_refused() -> None:
    with pytest.raises(ValueError, match=r"floor must differ from target, both are 0\.63"):
        OF_TARGET_90.with_bounds(floor=D("0.63"))


# -- validation ----------------------------------------------------------------------------------


def test_a_target_as_a_share_of_itself_is_refused() -> None:
    with pytest.raises(ValueError, match="target cannot be a share of the target"):
        RelativeRule(target=ShareOfTarget(D("0.9")), floor=D("0.5"))


def test_a_negative_share_of_the_target_is_refused() -> None:
    with pytest.raises(ValueError, match=r"of_target must be >= 0, got -0\.1"):
        ShareOfTarget(D("-0.1"))


def test_a_float_bound_is_refused() -> None:
    with pytest.raises(TypeError, match="target must be an exact number"):
        RelativeRule(target=0.63, floor=D("0.5"))  # type: ignore[arg-type]


# -- the grid and results files --------------------------------------------------------------------

GRID = """\
id: rel
label: Relative
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
          - id: vidage
            label: Qualité de vidage des comptes
            unit: share
            rule: {type: relative, target: "90 %", floor: {of_target: "90 %"}}
          - id: rar
            label: Taux de RAR à 15 mois
            unit: share
            rule: {type: relative, target: {baseline: "-5 %"}, floor: baseline}
          - id: lcti
            label: Montant des redressements LCTI
            unit: euros
            rule: {type: relative, target: {baseline: "+10 %", by: relative}, floor: {baseline: "0 %", by: relative}}
"""
RESULTS = """\
entity: {id: mayotte, label: CSS Mayotte}
grid: rel
period: 2017
results:
  vidage: "85,5 %"
  rar: {value: "17,5 %", baseline: "20 %"}
  lcti: {value: 1050, baseline: 1000}
"""


def test_a_grid_reads_every_bound_form() -> None:
    rules = [i.rule for i in load_grid(GRID).axes[0].objectives[0].indicators]
    expected = [RelativeRule(target=D("0.90"), floor=ShareOfTarget(D("0.90"))), RAR, LCTI]
    assert expected == rules


def test_a_grid_dumps_the_rules_back() -> None:
    grid = load_grid(GRID)
    assert grid == load_grid(dump_grid(grid))


def test_the_results_score_with_their_baselines() -> None:
    grid = load_grid(GRID)
    # vidage: floor 81 %, target 90 %, 85.5 % -> 0.5; rar 0.5; lcti 0.5.
    assert D(50) == score(grid, load_results(RESULTS, grid)).total.points


def test_a_missing_baseline_is_a_problem_of_the_results() -> None:
    grid = load_grid(GRID)
    with pytest.raises(ResultsError) as caught:
        score(grid, load_results(RESULTS.replace('{value: "17,5 %", baseline: "20 %"}', '"17,5 %"'), grid))
    assert [ProblemCode.MISSING_BASELINE] == [p.code for p in caught.value.problems]


def test_a_bound_with_both_baseline_and_of_target_is_reported() -> None:
    text = GRID.replace('floor: {of_target: "90 %"}', 'floor: {of_target: "90 %", baseline: "0 %"}')
    with pytest.raises(GridError) as caught:
        load_grid(text)
    assert "floor must hold one of `baseline` or `of_target`" in str(caught.value)


def test_a_target_of_target_is_reported_at_the_target() -> None:
    text = GRID.replace(
        'target: "90 %", floor: {of_target: "90 %"}', 'target: {of_target: "90 %"}, floor: "80 %"'
    )
    with pytest.raises(GridError) as caught:
        load_grid(text)
    assert "of_target applies to the floor only" in str(caught.value)


def test_an_unknown_baseline_word_is_reported() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(GRID.replace("floor: baseline}", "floor: baselin}"))
    assert "floor" in str(caught.value) and "baselin" in str(caught.value)


def test_the_schema_accepts_the_grid() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from .test_rule_registry import _shipped_schema

    assert jsonschema.Draft202012Validator(_shipped_schema()).is_valid(yaml.safe_load(GRID))


# -- properties ----------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(rule=relative_rules(), a=SHARES, b=SHARES)
def test_the_rate_is_monotone_in_the_result(rule: RelativeRule, a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    worse, better = (low, high) if rule.direction is Direction.HIGHER else (high, low)
    assert rule.achievement(worse) <= rule.achievement(better)


@settings(max_examples=150, deadline=None)
@given(rule=relative_rules(), value=SHARES)
def test_the_rate_is_an_exact_fraction_in_0_1(rule: RelativeRule, value: Decimal) -> None:
    rate = rule.achievement(value)
    assert (True, True) == (isinstance(rate, Fraction), 0 <= rate <= 1)


@settings(max_examples=100, deadline=None)
@given(rule=relative_rules(bound=False), baseline=SHARES, value=SHARES)
def test_the_float_kernel_agrees_with_the_exact_rate(
    rule: RelativeRule, baseline: Decimal, value: Decimal
) -> None:
    kernel = compile_lever(levers(*_one(rule, D("0.5"), baseline)).items[0])
    exact = float(rule.bind(baseline).achievement(value))
    assert (True, True) == (kernel.known, abs(exact - kernel.scalar(float(value))) < 1e-9)


# -- the simulators ------------------------------------------------------------------------------


def _one(rule: RelativeRule, value: Decimal, baseline: Decimal | None = None) -> tuple[Grid, Results]:
    indicator = Indicator(id="i", label="i", rule=rule, unit=Unit.SHARE)
    grid = Grid(
        id="g",
        label="g",
        period=2017,
        total_points=Decimal(100),
        axes=[Axis("a", "a", [Objective(id="o", label="o", points=Decimal(100), indicators=[indicator])])],
    )
    entry = ResultValue(id="i", value=value, baseline=baseline)
    return grid, Results(entity=Entity("e"), grid="g", period=2017, values=[entry])


def test_sensitivity_uses_the_bound_floor_and_target() -> None:
    row = sensitivity(*_one(RAR, D("0.175"), D("0.20"))).rows[0]
    assert (D("0.15"), D(50)) == (row.next_breakpoint, row.gain_at_next)


def test_plan_reaches_the_target_from_the_baseline() -> None:
    found = plan(*_one(RAR, D("0.20"), D("0.20")), D(100))
    assert (True, D("0.15")) == (found.reached, found.moves[0].after)


def test_montecarlo_runs_with_the_bound_rule() -> None:
    run = simulate(*_one(RAR, D("0.175"), D("0.20")), draws=200, seed=1, backend="python")
    assert 0 <= run.total.percentile(50) <= 100


# -- a declared direction (UGECAM: « Atteindre 90 % », socle « le taux de 2016 ») ---------------


def _declared() -> RelativeRule:
    return RelativeRule(target=Decimal("0.9"), floor=BaselineChange(change=Decimal(0)), declared="higher")


def test_a_declared_direction_keeps_a_baseline_below_the_target_linear() -> None:
    rule = _declared().bind(Decimal("0.80"))
    assert [Fraction(0), Fraction(1, 2), Fraction(1)] == [
        rule.achievement(Decimal(x)) for x in ("0.80", "0.85", "0.95")
    ]


def test_a_declared_direction_makes_a_baseline_beyond_the_target_a_threshold() -> None:
    rule = _declared().bind(Decimal("0.92"))
    assert (Direction.HIGHER, (Decimal("0.9"),)) == (rule.direction, rule.breakpoints())
    assert [Fraction(0), Fraction(1), Fraction(1)] == [
        rule.achievement(Decimal(x)) for x in ("0.88", "0.91", "0.95")
    ]


def test_fixed_bounds_against_the_declared_direction_are_refused() -> None:
    with pytest.raises(ValueError, match="not lower as declared"):
        RelativeRule(target=Decimal("0.9"), floor=Decimal("0.8"), declared="lower")


def test_a_declared_direction_reads_and_dumps_back() -> None:
    written = '{type: relative, target: "90 %", floor: baseline, direction: higher}'
    grid = load_grid(GRID.replace('{type: relative, target: "90 %", floor: {of_target: "90 %"}}', written))
    assert Direction.HIGHER == grid.axes[0].objectives[0].indicators[0].rule.direction
    assert grid == load_grid(dump_grid(grid))
