"""Explanations and scorecard reasons as facts, worded by the rendering layer in French and English."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cpg_score import (
    Axis,
    Entity,
    Grid,
    Indicator,
    LinearRule,
    Objective,
    Results,
    ResultValue,
    explain,
    render,
    score,
)
from cpg_score.model.scorecard import Cause, Reason
from cpg_score.scoring import StepKind

D = Decimal


@pytest.fixture
def grid() -> Grid:
    kept = Indicator(id="kept", label="Kept", rule=LinearRule(floor=D(0), target=D(1)))
    gone = Indicator(id="gone", label="Gone", rule=LinearRule(floor=D(0), target=D(1)))
    both = Objective(id="both", label="Both", points=D(100), indicators=(kept, gone))
    alone = Objective(id="alone", label="Alone", points=D(50))
    axis = Axis("axis", "Axis", (both, alone))
    return Grid(id="g", label="G", period=2019, total_points=D(150), axes=(axis,))


@pytest.fixture
def results() -> Results:
    values = (
        ResultValue(id="kept", value=D("0.5")),
        ResultValue(id="gone", neutralised="no data"),
        ResultValue(id="alone", neutralised="strike"),
    )
    return Results(entity=Entity("e"), grid="g", period=2019, values=values)


def test_an_objective_reason_is_a_fact(grid: Grid, results: Results) -> None:
    expected = Reason(cause=Cause.GIVEN, text="strike")
    assert expected == score(grid, results).objective("alone").why


def test_an_objective_reason_keeps_its_english_words(grid: Grid, results: Results) -> None:
    assert "strike" == score(grid, results).objective("alone").reason


def test_an_explanation_steps_are_facts(grid: Grid, results: Results) -> None:
    expected = [StepKind.DECLARED, StepKind.MEAN, StepKind.BASE]
    assert expected == [step.kind for step in explain(grid, results, "both").arithmetic]


def test_an_explanation_keeps_its_english_steps(grid: Grid, results: Results) -> None:
    expected = "rate = sum(weight x rate) / sum(weight) = (1 x 0.5 + 1 x 0) / 2 = 0.25"
    assert expected == explain(grid, results, "both").steps[1]


def test_an_explanation_context_keeps_its_english_words(grid: Grid, results: Results) -> None:
    assert "objective both (axis axis)" == explain(grid, results, "kept").context


def test_an_explanation_context_in_french(grid: Grid, results: Results) -> None:
    text = render(explain(grid, results, "kept"), "table", "fr")
    assert "  objectif « Both », axe « Axis »" == text.splitlines()[1]


def test_a_mean_in_french(grid: Grid, results: Results) -> None:
    text = render(explain(grid, results, "both"), "table", "fr")
    assert "  taux = somme(poids x taux) / somme(poids) = (1 x 0,5 + 1 x 0) / 2 = 0,25" in text.splitlines()


def test_a_neutralised_indicator_in_french(grid: Grid, results: Results) -> None:
    lines = render(explain(grid, results, "gone"), "table", "fr").splitlines()
    expected = ["  non noté\u00a0: no data", "  poids compté dans l'objectif « both »\u00a0: 1 (règle zéro)"]
    assert expected == lines[6:8]


def test_the_english_table_words_the_steps_as_the_json(grid: Grid, results: Results) -> None:
    explanation = explain(grid, results, "gone")
    text = render(explanation, "table", "en")
    assert all(f"  {step}" in text.splitlines() for step in explanation.to_dict()["steps"])


def test_an_all_neutralised_reason_in_french_csv(grid: Grid) -> None:
    values = (ResultValue(id="kept", neutralised="x"), ResultValue(id="gone", neutralised="y"))
    values += (ResultValue(id="alone", value=D(1)),)
    card = score(grid, Results(entity=Entity("e"), grid="g", period=2019, values=values))
    assert "tous ses indicateurs sont neutralisés" in render(card, "csv", "fr")
