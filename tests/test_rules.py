"""The advanced rules: minimum volume, improvement, level and progress, bands, caps and bonus."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import GridError, ResultsError, load_grid, load_results, score
from cpg_score.io.dump import dump_grid
from cpg_score.model.rules import (
    Band,
    BandsRule,
    BlendRule,
    Direction,
    Edge,
    ImprovementRule,
    LinearRule,
    Rule,
    with_baseline,
)

from .strategies import any_decimals as decimals
from .strategies import any_rules

D = Decimal
ONE = D(1)

GRID = """
id: demo
label: Demo
period: 2020
total_points: 100
policy: {neutralisation: exclude}
axes:
  - id: a
    label: A
    objectives:
      - id: o1
        label: O1
        points: 60
        bonus: 10
        indicators:
          - id: lin
            label: Linear with a cap
            min_volume: 30
            rule: {type: linear, floor: 80 %, target: 90 %, cap: 120 %}
          - id: imp
            label: Improvement
            rule:
              type: improvement
              achievement: {type: linear, floor: 70 %, target: 90 %}
      - id: o2
        label: O2
        points: 40
        indicators:
          - id: bl
            label: Blend
            rule:
              type: blend
              level: {type: linear, floor: 80 %, target: 90 %}
              progress: {type: linear, floor: 0 %, target: 2 %}
              weights: {level: 60 %, progress: 40 %}
          - id: bd
            label: Bands
            unit: count
            rule:
              type: bands
              bands:
                - {from: 10, points: 1, label: d1}
                - {from: 20, points: 5, label: d5}
                - {from: 30, points: 10, label: d10}
"""

RESULTS = """
entity: {id: e, label: E}
grid: demo
period: 2020
results:
  lin: {numerator: 46, denominator: 50}
  imp: {value: 75 %, baseline: 60 %}
  bl: {value: 85 %, baseline: 84 %}
  bd: 20
"""


def _card(results: str = RESULTS):  # type: ignore[no-untyped-def]
    grid = load_grid(GRID)
    return score(grid, load_results(results, grid))


def _with(line: str, replacement: str) -> str:
    assert line in RESULTS
    return RESULTS.replace(line, replacement)


# -- minimum volume -------------------------------------------------------------------------------


def test_volume_below_minimum_neutralises_with_reason() -> None:
    card = _card(_with("lin: {numerator: 46, denominator: 50}", "lin: {numerator: 28, denominator: 29}"))
    lin = card.indicators[0]
    expected = (True, "volume 29 below the minimum volume 30 (min_volume of indicator 'lin')")
    assert expected == (lin.neutralised, lin.reason)
    assert "lin" in [n.id for n in card.neutralisations]


def test_volume_exactly_on_minimum_is_scored() -> None:
    card = _card(_with("lin: {numerator: 46, denominator: 50}", "lin: {numerator: 27, denominator: 30}"))
    assert (False, D("0.9")) == (card.indicators[0].neutralised, card.indicators[0].value)


def test_declared_volume_wins_over_denominator() -> None:
    card = _card(_with("lin: {numerator: 46, denominator: 50}", "lin: {value: 92 %, volume: 12}"))
    assert card.indicators[0].neutralised


def test_volume_less_exclusions_counts() -> None:
    line = "lin: {numerator: 46, denominator: 50, exclusions: 21}"
    card = _card(_with("lin: {numerator: 46, denominator: 50}", line.replace("46", "28")))
    assert "volume 29 below" in (card.indicators[0].reason or "")


def test_value_without_volume_is_scored() -> None:
    card = _card(_with("lin: {numerator: 46, denominator: 50}", "lin: 85 %"))
    assert D("0.5") == card.indicators[0].rate


# -- caps and bonus ---------------------------------------------------------------------------


def test_bonus_is_shown_apart_and_total_exceeds_base() -> None:
    card = _card()
    o1 = card.objective("o1")
    assert (D(45), D(6), D(51)) == (o1.base, o1.bonus, o1.points)
    assert (D(65), D(6), D(71)) == (card.total.base, card.total.bonus, card.total.points)
    assert {"base": "45.00", "bonus": "6.00", "bonus_max": "10.00"}.items() <= card.to_dict()["objectives"][
        0
    ].items()


def test_bonus_is_paid_up_to_the_ceiling() -> None:
    grid_text = GRID.replace("bonus: 10", "bonus: 2")
    grid = load_grid(grid_text)
    card = score(grid, load_results(RESULTS, grid))
    assert D(2) == card.objective("o1").bonus


def test_total_may_exceed_declared_total() -> None:
    text = GRID.replace("bonus: 10", "bonus: 50").replace("cap: 120 %", "cap: 300 %")
    grid = load_grid(text.replace("floor: 80 %, target: 90 %, cap", "floor: 0 %, target: 30 %, cap"))
    results = _with("bl: {value: 85 %, baseline: 84 %}", "bl: {value: 95 %, baseline: 94 %}")
    card = score(grid, load_results(results.replace("bd: 20", "bd: 30"), grid))
    assert (D(100), D(131), D(50)) == (card.total.declared, card.total.points, card.total.bonus)


def test_cap_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="cap must be at least 1"):
        LinearRule(D(0), D(1), D("0.5"))


def test_bonus_on_direct_objective_is_a_grid_error() -> None:
    text = GRID.replace(
        "      - id: o2\n        label: O2\n        points: 40\n",
        "      - id: o2\n        label: O2\n        points: 40\n        bonus: 5\n",
    )
    text = text.split("        indicators:\n          - id: bl")[0]
    with pytest.raises(GridError, match="a bonus needs indicators"):
        load_grid(text)


# -- improvement ------------------------------------------------------------------------------

IMPROVE = ImprovementRule(LinearRule(D("0.70"), D("0.90")))


def test_improvement_counts_when_better() -> None:
    rule = with_baseline(IMPROVE, D("0.60"))
    assert isinstance(rule, ImprovementRule)
    assert (D("0.5"), "improvement") == (rule.achievement(D("0.75")), rule.counted(D("0.75")))


def test_achievement_counts_when_better() -> None:
    rule = with_baseline(IMPROVE, D("0.80"))
    assert isinstance(rule, ImprovementRule)
    assert (D("0.75"), "achievement") == (rule.achievement(D("0.85")), rule.counted(D("0.85")))


def test_baseline_equal_to_target_uses_achievement_only() -> None:
    rule = with_baseline(IMPROVE, D("0.90"))
    assert isinstance(rule, ImprovementRule)
    assert (D("0.25"), "achievement") == (rule.achievement(D("0.75")), rule.counted(D("0.75")))
    assert "already reaches the target" in rule.explain(D("0.75"))


def test_baseline_beyond_target_uses_achievement_only() -> None:
    rule = with_baseline(IMPROVE, D("0.95"))
    assert D("0.25") == rule.achievement(D("0.75"))


def test_no_baseline_uses_achievement_only() -> None:
    assert "no baseline given" in IMPROVE.explain(D("0.75"))


def test_improvement_exactly_on_target_is_one() -> None:
    rule = with_baseline(IMPROVE, D("0.60"))
    assert rule.achievement(D("0.90")) == ONE


def test_improvement_at_baseline_is_zero_improvement() -> None:
    rule = with_baseline(ImprovementRule(LinearRule(D("0.70"), D("0.90"))), D("0.50"))
    assert rule.achievement(D("0.50")) == 0


def test_improvement_lower_is_better() -> None:
    rule = with_baseline(ImprovementRule(LinearRule(D(30), D(10))), D(40))
    assert D("0.5") == rule.achievement(D(25))


def test_scorecard_says_which_counted() -> None:
    expected = "improvement"
    assert expected == _card().indicators[1].basis


# -- level and progress -----------------------------------------------------------------------


def test_blend_weights_from_the_grid() -> None:
    bl = _card().objective("o2").indicators[0]
    assert (D("0.5"), "level and progress") == (bl.rate, bl.basis)


def test_blend_weights_must_add_up_to_one() -> None:
    with pytest.raises(ValueError, match="add up to 1"):
        BlendRule(
            level=LinearRule(D(0), D(1)),
            progress=LinearRule(D(0), D(1)),
            level_weight=D("0.6"),
            progress_weight=D("0.5"),
        )


def test_blend_without_baseline_is_a_results_error() -> None:
    grid = load_grid(GRID)
    with pytest.raises(ResultsError, match="needs a `baseline`"):
        load_results(_with("bl: {value: 85 %, baseline: 84 %}", "bl: 85 %"), grid)


def test_blend_directions_must_agree() -> None:
    with pytest.raises(ValueError, match="must point the same way"):
        BlendRule(
            level=LinearRule(D(0), D(1)),
            progress=LinearRule(D(1), D(0)),
            level_weight=D("0.5"),
            progress_weight=D("0.5"),
        )


# -- bands ------------------------------------------------------------------------------------

DECILES = BandsRule(
    bands=[Band(D(10), D(1), "d1"), Band(D(20), D(5), "d5"), Band(D(30), D(10), "d10")], points=True
)


def test_band_edge_lower_inclusive_goes_to_band_above() -> None:
    assert D("0.5") == DECILES.achievement(D(20))


def test_band_edge_upper_stays_in_band_below() -> None:
    rule = BandsRule(bands=DECILES.bands, edge=Edge.UPPER, points=True)
    assert D("0.1") == rule.achievement(D(20))


def test_below_first_band() -> None:
    assert D(0) == DECILES.achievement(D("9.99"))


def test_bands_lower_is_better() -> None:
    rule = BandsRule(bands=[Band(D(30), D("0.5")), Band(D(10), ONE)], direction=Direction.LOWER)
    assert (D("0.5"), ONE, D(0)) == (
        rule.achievement(D(30)),
        rule.achievement(D(10)),
        rule.achievement(D(31)),
    )


def test_bands_mixing_rate_and_points_is_a_grid_error() -> None:
    text = GRID.replace("{from: 20, points: 5, label: d5}", "{from: 20, rate: 50 %, label: d5}")
    with pytest.raises(GridError, match="all give `rate`, or all give `points`"):
        load_grid(text)


def test_bands_out_of_order_is_a_grid_error_with_position() -> None:
    text = GRID.replace("{from: 20, points: 5", "{from: 5, points: 5")
    with pytest.raises(GridError) as info:
        load_grid(text)
    assert "bands must start at increasing values" in str(info.value)
    assert info.value.problems[0].line is not None


def test_unknown_rule_key_is_reported_with_place() -> None:
    with pytest.raises(GridError) as info:
        load_grid(GRID.replace("type: bands", "type: bands\n              egde: lower"))
    problem = info.value.problems[0]
    expected = ("unknown key 'egde'; did you mean 'edge'?", 41, 15)
    assert expected == (problem.message, problem.line, problem.column)


def test_key_of_another_rule_type_is_reported() -> None:
    with pytest.raises(GridError, match="key 'cap' does not apply to a 'bands' rule"):
        load_grid(GRID.replace("type: bands", "type: bands\n              cap: 2"))


def test_new_rules_dump_and_load_back() -> None:
    grid = load_grid(GRID)
    assert grid == load_grid(dump_grid(grid))


def test_linear_rule_without_cap_unchanged() -> None:
    assert D("0.5") == LinearRule(D("0.65"), D("0.88")).achievement(D("0.7650"))


# -- properties -------------------------------------------------------------------------------


def _bonus_free(rule: Rule) -> bool:
    return not (isinstance(rule, LinearRule) and rule.cap != ONE)


@settings(max_examples=150, deadline=None)
@given(any_rules(), decimals())
def test_rates_within_bounds(rule: Rule, value: Decimal) -> None:
    rate = rule.achievement(value)
    top = rule.cap if isinstance(rule, LinearRule) else ONE
    assert D(0) <= rate <= top
    if _bonus_free(rule):
        assert rate <= ONE


@settings(max_examples=150, deadline=None)
@given(any_rules(), st.lists(decimals(), min_size=2, max_size=2))
def test_rates_monotone_in_result(rule: Rule, values: list[Decimal]) -> None:
    low, high = sorted(values)
    if rule.direction is Direction.HIGHER:
        assert rule.achievement(low) <= rule.achievement(high)
    else:
        assert rule.achievement(low) >= rule.achievement(high)


@settings(max_examples=100, deadline=None)
@given(any_rules(), decimals())
def test_explain_and_breakpoints_never_fail(rule: Rule, value: Decimal) -> None:
    assert rule.explain(value)
    assert all(isinstance(b, Decimal) for b in rule.breakpoints())


# -- exact edges ------------------------------------------------------------------------------


def test_linear_exactly_on_floor_is_zero() -> None:
    assert LinearRule(D("0.80"), D("0.90")).achievement(D("0.80")) == 0


def test_linear_exactly_on_target_is_one_even_with_cap() -> None:
    assert LinearRule(D("0.80"), D("0.90"), D("1.2")).achievement(D("0.90")) == ONE


def test_linear_cap_reached_exactly() -> None:
    rule = LinearRule(D("0.80"), D("0.90"), D("1.2"))
    assert (D("1.2"), D("1.2")) == (rule.achievement(D("0.92")), rule.achievement(D("0.99")))
    assert D("0.92") in rule.breakpoints()


def test_blend_progress_exactly_on_target() -> None:
    rule = with_baseline(
        BlendRule(
            level=LinearRule(D("0.8"), D("0.9")),
            progress=LinearRule(D(0), D("0.02")),
            level_weight=D("0.6"),
            progress_weight=D("0.4"),
        ),
        D("0.88"),
    )
    assert rule.achievement(D("0.90")) == ONE


def test_steps_edge_unchanged() -> None:
    from cpg_score import Step, StepsRule

    rule = StepsRule([Step(D("0.75"), D("0.4")), Step(D("0.85"), ONE)])
    assert (D("0.4"), ONE) == (rule.achievement(D("0.75")), rule.achievement(D("0.85")))


# -- loader errors for the new keys ---------------------------------------------------------------


def test_negative_min_volume_is_a_grid_error() -> None:
    with pytest.raises(GridError, match=r"a value in count must be >= 0, got -1 @ .*min_volume"):
        load_grid(GRID.replace("min_volume: 30", "min_volume: -1"))


def test_blend_weights_not_adding_up_is_a_grid_error_with_position() -> None:
    with pytest.raises(GridError) as info:
        load_grid(
            GRID.replace("weights: {level: 60 %, progress: 40 %}", "weights: {level: 60 %, progress: 50 %}")
        )
    problem = info.value.problems[0]
    assert "blend weights must add up to 1" in problem.message
    assert problem.path == "$.axes[0].objectives[1].indicators[0].rule"


def test_improvement_cannot_nest_another_improvement() -> None:
    text = GRID.replace(
        "achievement: {type: linear, floor: 70 %, target: 90 %}",
        "achievement: {type: improvement, achievement: {type: rate}}",
    )
    with pytest.raises(GridError, match="type must be one of rate, linear, steps, binary, bands"):
        load_grid(text)


def test_bonus_must_not_be_negative() -> None:
    with pytest.raises(GridError, match="bonus must be >= 0"):
        load_grid(GRID.replace("bonus: 10", "bonus: -5"))


def test_blend_weights_must_add_up_to_exactly_one() -> None:
    # 0.333...334 + 0.666...667 (30 places) is 1 + 1e-30: at 28 digits it would pass as 1.
    level, progress = D("0." + "3" * 29 + "4"), D("0." + "6" * 29 + "7")
    expected = f"blend weights must add up to 1 (100 %), got {level} + {progress}"
    with pytest.raises(ValueError, match=f"^{re.escape(expected)}$"):
        BlendRule(
            level=LinearRule(D(0), D(1)),
            progress=LinearRule(D(0), D(1)),
            level_weight=level,
            progress_weight=progress,
        )
