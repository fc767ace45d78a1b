"""Fractions in grids: points, weights and total_points written `"1/3"` are held exactly, sum,
score, print and round-trip exactly; an objective's points may be a percent of the total."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import (
    Axis,
    Entity,
    Grid,
    Indicator,
    Objective,
    Results,
    ResultValue,
    Tree,
    TreeNode,
    load_grid,
    load_results,
    score,
)
from cpg_score._numbers import exact_total, parse_ratio, ratio_text
from cpg_score.io.dump import dump_grid
from cpg_score.model.rules import LinearRule, RateRule
from cpg_score.reports import render
from cpg_score.scoring import consolidate, explain

THIRDS = """\
id: famille
label: Famille
period: 2017
total_points: 1
axes:
  - id: criteres
    label: Critères
    objectives:
      - id: service
        label: Service
        points: "1/3"
        indicators:
          - {id: pieces, label: Pièces, weight: "1/3", rule: rate}
          - {id: appels, label: Appels, weight: "2/3", rule: rate}
      - {id: risques, label: Risques, points: "1/3"}
      - {id: pes, label: PES, points: "1/3"}
"""

RESULTS = """\
entity: {id: caf-x, label: CAF X}
grid: famille
period: 2017
results: {pieces: "90 %", appels: "60 %", risques: "80 %", pes: "50 %"}
"""


def _grid(text: str = THIRDS) -> Grid:
    return load_grid(text)


def _card_text(grid: Grid) -> Results:
    return load_results(RESULTS, grid)


# -- reading a fraction -----------------------------------------------------------------------


def test_parse_ratio_reads_a_third_exactly() -> None:
    assert Fraction(1, 3) == parse_ratio("1/3")


def test_parse_ratio_reads_spaces_and_decimal_commas() -> None:
    assert Fraction(15, 16) == parse_ratio(" 3,75 / 4 ")


def test_parse_ratio_gives_none_for_a_plain_number() -> None:
    assert parse_ratio("0,5") is None


@pytest.mark.parametrize("text", ["1/0", "/3", "1/", "1/3/4", "1 %/3", "un/3"])
def test_parse_ratio_refuses_a_bad_fraction(text: str) -> None:
    with pytest.raises(ValueError, match="fraction"):
        parse_ratio(text)


def test_ratio_text_writes_a_fraction_as_a_over_b() -> None:
    assert "1/3" == ratio_text(Fraction(1, 3))


def test_ratio_text_writes_a_whole_fraction_as_its_number() -> None:
    assert "2" == ratio_text(Fraction(4, 2))


def test_ratio_text_writes_a_decimal_as_written() -> None:
    assert "12.50" == ratio_text(Decimal("12.50"))


def test_exact_total_of_decimals_is_a_decimal() -> None:
    actual = exact_total([Decimal("0.1"), Decimal("0.2")])
    assert (Decimal, Decimal("0.3")) == (type(actual), actual)


def test_exact_total_with_a_fraction_is_a_fraction() -> None:
    actual = exact_total([Fraction(1, 3), Decimal("0.5"), 1])
    assert (Fraction, Fraction(11, 6)) == (type(actual), actual)


# -- the grid -------------------------------------------------------------------------------------


def test_fraction_points_are_held_as_fractions() -> None:
    expected = [Fraction(1, 3)] * 3
    assert expected == [o.points for _, o in _grid().objectives()]


def test_fraction_weights_are_held_as_fractions() -> None:
    _, objective = next(iter(_grid().objectives()))
    assert [Fraction(1, 3), Fraction(2, 3)] == [i.weight for i in objective.indicators]


def test_decimal_points_stay_decimals() -> None:
    grid = load_grid(THIRDS.replace('"1/3"', '"0,5"', 1).replace("total_points: 1", "total_points: '7/6'"))
    _, objective = next(iter(grid.objectives()))
    assert (Decimal, Decimal("0.5")) == (type(objective.points), objective.points)


def test_total_points_may_be_a_fraction() -> None:
    grid = load_grid(THIRDS.replace("total_points: 1", "total_points: '3/3'"))
    assert Fraction(1) == grid.total_points


def test_axis_points_add_fractions_and_decimals_exactly() -> None:
    axis = Axis(
        "a",
        "A",
        [
            Objective(id="o1", label="O1", points=Fraction(1, 3)),
            Objective(id="o2", label="O2", points=Decimal("0.5")),
        ],
    )
    assert Fraction(5, 6) == axis.points


def test_fraction_points_must_add_up_to_the_total_exactly() -> None:
    with pytest.raises(ValueError, match="add up to 5/6"):
        Grid(
            id="g",
            label="G",
            period=2017,
            total_points=Decimal(1),
            axes=[Axis("a", "A", [Objective(id="o", label="O", points=Fraction(5, 6))])],
        )


def test_percent_points_are_a_share_of_the_total() -> None:
    text = THIRDS.replace("total_points: 1", "total_points: 100").replace('points: "1/3"', 'points: "33,3 %"')
    text = text.replace('points: "33,3 %"}', 'points: "33,4 %"}', 1)
    grid = load_grid(text)
    assert [Decimal("33.3"), Decimal("33.4"), Decimal("33.3")] == [o.points for _, o in grid.objectives()]


def test_percent_points_of_a_fraction_total_are_exact() -> None:
    text = THIRDS.replace("total_points: 1", "total_points: '1/2'").replace('points: "1/3"', 'points: "1/6"')
    text = text.replace('points: "1/6"}', 'points: "50 %"}', 1).replace(
        'points: "1/6"}', 'points: "1/12"}', 1
    )
    grid = load_grid(text)
    assert [Fraction(1, 6), Fraction(1, 4), Fraction(1, 12)] == [
        Fraction(o.points) for _, o in grid.objectives()
    ]


def test_results_do_not_take_fractions() -> None:
    with pytest.raises(ValueError, match="not a number: '1/3'"):
        load_results(RESULTS.replace('"50 %"', '"1/3"'), _grid())


# -- scoring and output ---------------------------------------------------------------------------


def test_thirds_score_exactly() -> None:
    grid = _grid()
    card = score(grid, _card_text(grid))
    # service: (1/3 x 0.9 + 2/3 x 0.6) = 0.7; total = (0.7 + 0.8 + 0.5) / 3
    assert Fraction(2, 3) == card.total.points


def test_an_indicator_share_of_thirds_is_exact() -> None:
    grid = _grid()
    card = score(grid, _card_text(grid))
    assert Fraction(1, 9) == card.indicators[0].max


def test_json_gives_a_fraction_weight_as_exact_decimal_text() -> None:
    grid = _grid()
    data = json.loads(render(score(grid, _card_text(grid)), "json", "en"))
    assert "0." + "3" * 60 == data["objectives"][0]["indicators"][0]["weight"]


def test_explain_sums_fraction_weights() -> None:
    grid = _grid()
    text = render(explain(grid, _card_text(grid), "pieces"), "table", "en")
    assert "max x weight / counted weights = ~0.333333 x ~0.333333 / 1 = ~0.111111" in text


def test_explain_shows_a_fraction_weight_as_written() -> None:
    grid = _grid()
    text = render(explain(grid, _card_text(grid), "pieces"), "table", "en")
    assert "weight = 1/3" in text


def test_compare_on_a_fraction_grid_renders() -> None:
    grid = _grid()
    other = load_results(RESULTS.replace("caf-x, label: CAF X", "caf-y, label: CAF Y"), grid)
    text = render([score(grid, _card_text(grid)), score(grid, other)], "table", "fr")
    assert "0,67 / 1" in text


def test_consolidation_on_a_fraction_grid_adds_results() -> None:
    grid = _grid()
    ids = ("pieces", "appels", "risques", "pes")
    children = [
        Results(
            entity=Entity(name),
            grid="famille",
            period=2017,
            values=[
                ResultValue(id=i, numerator=Decimal(n), denominator=Decimal(10))
                for i, n in zip(ids, counts, strict=True)
            ],
        )
        for name, counts in (("a", (9, 6, 8, 5)), ("b", (9, 6, 8, 5)))
    ]
    tree = Tree(id="t", label="T", root=TreeNode("region", "Region", [TreeNode("a"), TreeNode("b")]))
    parent = consolidate(children, tree, grid)
    assert Fraction(2, 3) == score(grid, parent).total.points


# -- round trip -----------------------------------------------------------------------------------


def test_dump_writes_a_fraction_as_a_over_b() -> None:
    assert "points: 1/3" in dump_grid(_grid())


def test_fraction_grid_round_trips() -> None:
    grid = _grid()
    assert grid == load_grid(dump_grid(grid))


def test_round_trip_keeps_fractions_as_fractions() -> None:
    again = load_grid(dump_grid(_grid()))
    assert {Fraction} == {type(o.points) for _, o in again.objectives()}


# -- properties -----------------------------------------------------------------------------------

_SHARES = st.fractions(0, 1, max_denominator=12)
_WEIGHTS = st.sampled_from([Fraction(1, 3), Fraction(2, 3), Fraction(1, 7), Decimal("0.35"), Decimal(1)])
_RULES = st.sampled_from(
    [RateRule(), LinearRule(floor=Decimal("0.6"), target=Decimal("0.9")), LinearRule(floor=1, target=0)]
)


@st.composite
def _fraction_grids(draw: st.DrawFn) -> tuple[Grid, Results]:
    """A grid of 1-4 objectives with fraction points and weights, and results for it."""
    count = draw(st.integers(1, 4))
    parts = draw(st.lists(_SHARES.filter(lambda f: f > 0), min_size=count, max_size=count))
    objectives, values = [], []
    for index, part in enumerate(parts):
        members = []
        for member in range(draw(st.integers(0, 3))):
            iid = f"i{index}-{member}"
            members.append(Indicator(id=iid, label=iid, rule=draw(_RULES), weight=draw(_WEIGHTS)))
            values.append(ResultValue(id=iid, value=Decimal(draw(st.integers(0, 100))) / 100))
        if not members:
            values.append(ResultValue(id=f"o{index}", value=Decimal(draw(st.integers(0, 100))) / 100))
        objectives.append(Objective(id=f"o{index}", label=f"O{index}", points=part, indicators=members))
    total = sum(parts, Fraction(0))
    grid = Grid(id="g", label="G", period=2017, total_points=total, axes=[Axis("a", "A", objectives)])
    return grid, Results(entity=Entity("e", "E"), grid="g", period=2017, values=values)


@settings(max_examples=60, deadline=None)
@given(_fraction_grids())
def test_a_fraction_grid_scores_in_zero_to_total_exactly(drawn: tuple[Grid, Results]) -> None:
    grid, results = drawn
    points = score(grid, results).total.points
    assert (True, True) == (isinstance(points, Fraction), 0 <= points <= grid.total_points)


@settings(max_examples=60, deadline=None)
@given(_fraction_grids())
def test_a_fraction_grid_round_trips_through_dump(drawn: tuple[Grid, Results]) -> None:
    grid, _ = drawn
    assert grid == load_grid(dump_grid(grid))


@settings(max_examples=40, deadline=None)
@given(_fraction_grids())
def test_a_fraction_grid_scores_the_same_after_a_round_trip(drawn: tuple[Grid, Results]) -> None:
    grid, results = drawn
    assert score(grid, results).total.points == score(load_grid(dump_grid(grid)), results).total.points
