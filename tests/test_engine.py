"""The scoring engine: weighted means, neutralisation policies, misfits."""

from __future__ import annotations

from decimal import Decimal

import pytest
from attrs import evolve

from cpg_score import (
    Axis,
    Entity,
    Grid,
    Indicator,
    LinearRule,
    Objective,
    Policy,
    RateRule,
    Results,
    ResultsError,
    ResultValue,
    score,
)

D = Decimal


def _grid(policy: Policy = Policy.ZERO) -> Grid:
    """Two axes: a1 = {x: 60 (two indicators, weights 1 and 3), y: 40}; a2 = {z: 100}."""
    x = Objective(
        id="x",
        label="X",
        points=D(60),
        indicators=(
            Indicator(id="x1", label="X1", rule=LinearRule(D("0.5"), D("1")), weight=D(1)),
            Indicator(id="x2", label="X2", rule=RateRule(), weight=D(3)),
        ),
    )
    return Grid(
        id="g",
        label="G",
        period=2020,
        total_points=D(200),
        axes=(
            Axis("a1", "A1", (x, Objective(id="y", label="Y", points=D(40)))),
            Axis("a2", "A2", (Objective(id="z", label="Z", points=D(100)),)),
        ),
        policy=policy,
    )


def _results(**values: str) -> Results:
    items = []
    for key, value in values.items():
        if value == "-":
            items.append(ResultValue(id=key, neutralised="n/a"))
        else:
            items.append(ResultValue(id=key, value=D(value)))
    return Results(entity=Entity("e", "E"), grid="g", period=2020, values=items)


def test_objective_rate_is_the_weighted_mean_of_its_indicators() -> None:
    card = score(_grid(), _results(x1="0.75", x2="0.5", y="1", z="1"))
    # x1: (0.75 - 0.5) / 0.5 = 0.5 ; x2: 0.5 ; (1 x 0.5 + 3 x 0.5) / 4 = 0.5
    assert D("0.5") == card.objective("x").rate


def test_objective_points_are_rate_times_points() -> None:
    card = score(_grid(), _results(x1="1", x2="0.2", y="1", z="1"))
    # (1 x 1 + 3 x 0.2) / 4 = 0.4 ; 0.4 x 60 = 24
    assert D(24) == card.objective("x").points


def test_indicator_shares_of_points_follow_weights() -> None:
    card = score(_grid(), _results(x1="1", x2="1", y="1", z="1"))
    assert [D(15), D(45)] == [i.max for i in card.objective("x").indicators]


def test_zero_policy_keeps_neutralised_points_in_the_total() -> None:
    card = score(_grid(), _results(x1="1", x2="1", y="-", z="1"))
    assert (D(160), D(200)) == (card.total.points, card.total.max)


def test_exclude_policy_removes_neutralised_points_from_the_total() -> None:
    card = score(_grid(Policy.EXCLUDE), _results(x1="1", x2="1", y="-", z="1"))
    assert (D(160), D(160), D(1)) == (card.total.points, card.total.max, card.total.rate)


def test_redistribute_policy_gives_points_to_scored_siblings() -> None:
    card = score(_grid(Policy.REDISTRIBUTE), _results(x1="1", x2="1", y="-", z="0.5"))
    # y's 40 points go to x (its only scored sibling): x is now worth 100
    assert (D(100), D(0)) == (card.objective("x").max, card.objective("y").max)


def test_redistribute_policy_uses_the_whole_grid_when_an_axis_has_no_scored_objective() -> None:
    card = score(_grid(Policy.REDISTRIBUTE), _results(x1="1", x2="1", y="1", z="-"))
    # z's 100 points go to x (60) and y (40) in proportion: +60 and +40
    assert (D(120), D(80), D(200)) == (card.objective("x").max, card.objective("y").max, card.total.max)


def test_neutralised_indicator_counts_as_zero_under_zero_policy() -> None:
    card = score(_grid(), _results(x1="-", x2="1", y="1", z="1"))
    assert D("0.75") == card.objective("x").rate


def test_neutralised_indicator_leaves_the_mean_under_exclude_policy() -> None:
    card = score(_grid(Policy.EXCLUDE), _results(x1="-", x2="1", y="1", z="1"))
    assert (D(1), D(60)) == (card.objective("x").rate, card.objective("x").points)


def test_objective_with_all_indicators_neutralised_is_neutralised() -> None:
    card = score(_grid(), _results(x1="-", x2="-", y="1", z="1"))
    assert (True, "all its indicators are neutralised") == (
        card.objective("x").neutralised,
        card.objective("x").reason,
    )


def test_scorecard_says_which_policy_was_applied_and_to_what() -> None:
    card = score(_grid(Policy.EXCLUDE), _results(x1="1", x2="1", y="-", z="1"))
    assert [("y", "objective", "n/a", Policy.EXCLUDE, "its 40 points leave the total")] == [
        (n.id, n.kind, n.reason, n.policy, n.effect) for n in card.neutralisations
    ]


def test_grid_level_neutralisation_needs_no_result() -> None:
    grid = _grid()
    axes = (
        evolve(
            grid.axes[0],
            objectives=(
                grid.axes[0].objectives[0],
                evolve(grid.axes[0].objectives[1], neutralised="national"),
            ),
        ),
        grid.axes[1],
    )
    card = score(evolve(grid, axes=axes), _results(x1="1", x2="1", z="1"))
    assert "national" == card.objective("y").reason


def test_fraction_results_are_computed_exactly() -> None:
    results = _results(x1="1", y="1", z="1")
    results = evolve(
        results,
        values=(*results.values, ResultValue(id="x2", numerator=D(1), denominator=D(4), exclusions=D(1))),
    )
    card = score(_grid(), results)
    # x2 = 1 / (4 - 1) = 1/3, to 60 digits
    assert D(1) / D(3) == round(card.objective("x").indicators[1].rate, 28)


def test_missing_result_is_an_error() -> None:
    with pytest.raises(ResultsError, match="objective 'z' has no result and is not neutralised"):
        score(_grid(), _results(x1="1", x2="1", y="1"))


def test_unknown_result_id_is_an_error_with_a_suggestion() -> None:
    with pytest.raises(ResultsError, match="no indicator or objective 'x11' in grid 'g'; did you mean 'x1'"):
        score(_grid(), _results(x1="1", x2="1", y="1", z="1", x11="1"))


def test_results_for_another_grid_are_an_error() -> None:
    with pytest.raises(ResultsError, match="results are for grid 'h', not for 'g'"):
        score(_grid(), evolve(_results(x1="1", x2="1", y="1", z="1"), grid="h"))
