"""Properties of the scoring engine over generated grids and results."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from attrs import evolve
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import (
    BinaryRule,
    Direction,
    Grid,
    LinearRule,
    Policy,
    RateRule,
    Results,
    ResultValue,
    Rule,
    StepsRule,
    dump_grid,
    dump_results,
    load_grid,
    load_results,
    score,
)

from .strategies import CORE_RESULTS, SHARES, grids, pairs, results_for

settings.register_profile("cpg", max_examples=150, deadline=None)
settings.load_profile("cpg")


def _direction(rule: Rule) -> Direction:
    return rule.direction


def _best_value(rule: Rule) -> Decimal:
    if isinstance(rule, RateRule):
        return Decimal(1)
    if isinstance(rule, LinearRule):
        return rule.target
    if isinstance(rule, StepsRule):
        return rule.steps[-1].threshold
    assert isinstance(rule, BinaryRule)
    return rule.threshold if rule.threshold is not None else Decimal(1)


def _can_reach_one(rule: Rule) -> bool:
    return not isinstance(rule, StepsRule) or rule.steps[-1].rate == 1


@given(pairs(grids(), CORE_RESULTS))
def test_points_between_zero_and_max_everywhere(case: tuple[Grid, Results]) -> None:
    card = score(*case)
    for item in (*card.indicators, *card.objectives, *card.axes, card.total):
        assert Decimal(0) <= item.points <= item.max


@given(pairs(grids(), CORE_RESULTS))
def test_rates_within_zero_and_one(case: tuple[Grid, Results]) -> None:
    card = score(*case)
    for item in (*card.indicators, *card.objectives, *card.axes, card.total):
        assert Decimal(0) <= item.rate <= Decimal(1)


@given(grids(), st.sampled_from(Policy))
def test_full_achievement_gives_the_declared_total(grid: Grid, policy: Policy) -> None:
    grid = evolve(grid, policy=policy)
    values = []
    for _, objective in grid.objectives():
        if objective.direct:
            values.append(ResultValue(id=objective.id, value=Decimal(1)))
        for indicator in objective.indicators:
            values.append(ResultValue(id=indicator.id, value=_best_value(indicator.rule)))
    if not all(_can_reach_one(i.rule) for _, o in grid.objectives() for i in o.indicators):
        return
    from cpg_score import Entity

    card = score(grid, Results(entity=Entity("e"), grid=grid.id, period=grid.period, values=values))
    assert grid.total_points == card.total.points


@given(pairs(grids(), CORE_RESULTS))
def test_sum_of_parts_equals_the_total_exactly(case: tuple[Grid, Results]) -> None:
    card = score(*case)
    assert card.total.points == sum((a.points for a in card.axes), Fraction(0))
    for axis in card.axes:
        assert axis.points == sum((o.points for o in axis.objectives), Fraction(0))


@given(pairs(grids(), CORE_RESULTS), st.data())
def test_a_better_result_never_lowers_any_score(case: tuple[Grid, Results], data: st.DataObject) -> None:
    grid, results = case
    scored = [v for v in results.values if v.value is not None]
    if not scored:
        return
    target = data.draw(st.sampled_from(scored))
    rule = next((i.rule for _, o in grid.objectives() for i in o.indicators if i.id == target.id), RateRule())
    other = data.draw(SHARES)
    assert target.value is not None
    if (other < target.value) == (_direction(rule) is Direction.HIGHER):
        return  # not an improvement in this rule's direction
    before = score(grid, results)
    after = score(grid, results.replace_values(**{target.id: other}))
    assert after.total.points >= before.total.points
    for old, new in zip(before.objectives, after.objectives, strict=True):
        assert new.points >= old.points
    for old_axis, new_axis in zip(before.axes, after.axes, strict=True):
        assert new_axis.points >= old_axis.points


@given(pairs(grids(), CORE_RESULTS), st.randoms(use_true_random=False))
def test_reordering_axes_and_objectives_changes_nothing(case: tuple[Grid, Results], rnd) -> None:  # type: ignore[no-untyped-def]
    grid, results = case
    axes = [evolve(a, objectives=rnd.sample(a.objectives, len(a.objectives))) for a in grid.axes]
    shuffled = evolve(grid, axes=rnd.sample(axes, len(axes)))
    before, after = score(grid, results), score(shuffled, results)
    assert before.total == after.total
    assert {o.id: o.points for o in before.objectives} == {o.id: o.points for o in after.objectives}


@given(grids())
def test_load_dump_grid_round_trip(grid: Grid) -> None:
    assert grid == load_grid(dump_grid(grid))


@given(st.data())
def test_load_dump_results_round_trip(data: st.DataObject) -> None:
    grid = data.draw(grids())
    results = data.draw(results_for(grid, CORE_RESULTS))
    assert results == load_results(dump_results(results), grid)


@given(pairs(grids(Policy.REDISTRIBUTE), CORE_RESULTS))
def test_redistribute_keeps_the_declared_total_as_maximum(case: tuple[Grid, Results]) -> None:
    grid, results = case
    card = score(grid, results)
    if any(not o.neutralised and o.base_points > 0 for o in card.objectives):
        assert grid.total_points == card.total.max


@given(pairs(grids(Policy.EXCLUDE), CORE_RESULTS))
def test_exclude_removes_neutralised_points_from_the_maximum(case: tuple[Grid, Results]) -> None:
    card = score(*case)
    neutralised = sum((o.base_points for o in card.objectives if o.neutralised), Decimal(0))
    assert case[0].total_points - neutralised == card.total.max
