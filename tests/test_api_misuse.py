"""Misuse of the public API fails at once with a TypeError or ValueError naming the argument.

Each case is one call a notebook user might write by mistake; the message must name the argument
and what it expected (never an AttributeError from deep inside).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest

from cpg_score import (
    Entity,
    Grid,
    Indicator,
    Objective,
    Results,
    decimal_text,
    load_grid,
    load_results,
    parse_number,
    round_half_up,
    score,
)
from cpg_score.io import dump_scenario, scenario_to_dict
from cpg_score.model.fit import fit_problems
from cpg_score.reports import render, render_bytes, render_compare

from .conftest import GRID_2019, RESULTS_2019

GRID = load_grid(GRID_2019)
RESULTS = load_results(RESULTS_2019 / "drsm-centre-ouest.yaml", GRID)
PATH = str(GRID_2019)

CASES: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    (
        "score(path, path)",
        lambda: score(PATH, PATH),
        TypeError,
        "grid must be a Grid (from load_grid), got str",
    ),
    (
        "score(grid, None)",
        lambda: score(GRID, None),
        TypeError,
        "results must be a Results (from load_results), got NoneType None",
    ),
    (
        "fit_problems(grid, None)",
        lambda: fit_problems(GRID, None),
        TypeError,
        "results must be a Results (from load_results), got NoneType None",
    ),
    (
        "parse_number(0.1)",
        lambda: parse_number(0.1),
        TypeError,
        "text must be a str (the text of a number), got float 0.1",
    ),
    (
        "round_half_up(0.1, 2)",
        lambda: round_half_up(0.1, 2),
        TypeError,
        "value must be an exact number (int, Decimal or Fraction), got float 0.1",
    ),
    (
        "round_half_up(x, -1)",
        lambda: round_half_up(Fraction(1, 3), -1),
        ValueError,
        "places must be >= 0, got -1",
    ),
    (
        "decimal_text(0.1)",
        lambda: decimal_text(0.1),
        TypeError,
        "value must be an exact number (int, Decimal or Fraction), got float 0.1",
    ),
    (
        "Objective(points=0.1)",
        lambda: Objective(id="o", label="o", points=0.1),
        TypeError,
        "points must be an exact number (int, Decimal or Fraction), got float 0.1",
    ),
    (
        "Objective(id=None)",
        lambda: Objective(id=None, label="o", points=Decimal(1)),
        TypeError,
        "id must be a non-empty str, got NoneType None",
    ),
    ("Entity(id=5)", lambda: Entity(id=5), TypeError, "id must be a non-empty str, got int 5"),
    (
        "Indicator(rule='rate')",
        lambda: Indicator(id="i", label="i", rule="rate"),
        TypeError,
        "rule must be a scoring rule (LinearRule, StepsRule...), got str 'rate'",
    ),
    (
        "Grid(period='2019')",
        lambda: Grid(id="g", label="g", period="2019", total_points=Decimal(0), axes=[]),
        TypeError,
        "period must be a whole number (the year), got str '2019'",
    ),
    (
        "Results(entity='e')",
        lambda: Results(entity="e", grid="g", period=2019, values=[]),
        TypeError,
        "entity must be an Entity, got str 'e'",
    ),
    (
        "render(None)",
        lambda: render(None),
        TypeError,
        "result must be a result of cpg-score (a Scorecard, a Plan...), got NoneType None",
    ),
    (
        "render(card, fmt=3)",
        lambda: render(score(GRID, RESULTS), fmt=3),
        TypeError,
        "fmt must be one of table, markdown, csv, json, xlsx, html, got int 3",
    ),
    (
        "render_compare([results])",
        lambda: render_compare([RESULTS]),
        TypeError,
        "cards[0] must be a Scorecard (see score), got Results",
    ),
    ("render_compare([])", lambda: render_compare([]), ValueError, "cards must hold at least one Scorecard"),
    (
        "render_bytes(card)",
        lambda: render_bytes(score(GRID, RESULTS)),
        TypeError,
        "cards must be a sequence of Scorecard, got Scorecard",
    ),
    (
        "scenario_to_dict(None)",
        lambda: scenario_to_dict(None),
        TypeError,
        "scenario must be a Scenario (see load_scenario), got NoneType None",
    ),
    (
        "dump_scenario(5)",
        lambda: dump_scenario(5),
        TypeError,
        "scenario must be a Scenario (see load_scenario), got int 5",
    ),
]


@pytest.mark.parametrize(("call", "function", "kind", "message"), CASES, ids=[c[0] for c in CASES])
def test_misuse_names_the_argument(
    call: str, function: Callable[[], object], kind: type[Exception], message: str
) -> None:
    with pytest.raises(kind) as caught:
        function()
    assert (kind, True) == (type(caught.value), str(caught.value).startswith(message))
