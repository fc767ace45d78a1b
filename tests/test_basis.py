"""Which part of a rule decided a rate: a closed set produced by the rules, worded by the reports."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cpg_score import explain, load_grid, load_results, render, score
from cpg_score.model.rules import Basis, BlendRule, ImprovementRule, LinearRule, RateRule, with_baseline
from cpg_score.model.scorecard import IndicatorScore
from cpg_score.reports._text import BASIS_WORDS, LANGS, basis_text

from .conftest import ROOT

DEMO = ROOT / "docs" / "examples"
D = Decimal


def _improvement(baseline: str) -> ImprovementRule:
    rule = with_baseline(ImprovementRule(base=LinearRule(floor=D("0.5"), target=D("0.9"))), D(baseline))
    assert isinstance(rule, ImprovementRule)
    return rule


def test_an_improvement_rule_gives_the_improvement_basis_when_it_counts() -> None:
    assert Basis.IMPROVEMENT is _improvement("0.4").basis(D("0.7"))


def test_an_improvement_rule_gives_the_achievement_basis_on_a_tie() -> None:
    assert Basis.ACHIEVEMENT is _improvement("0.7").basis(D("0.7"))


def test_a_blend_rule_gives_the_level_and_progress_basis() -> None:
    rule = BlendRule(
        level=RateRule(),
        progress=LinearRule(floor=D(0), target=D("0.1")),
        level_weight=D("0.6"),
        progress_weight=D("0.4"),
        baseline=D("0.5"),
    )
    assert Basis.LEVEL_AND_PROGRESS is rule.basis(D("0.6"))


def test_a_one_part_rule_gives_no_basis() -> None:
    assert None is LinearRule(floor=D("0.5"), target=D("0.9")).basis(D("0.7"))


@pytest.mark.parametrize("given", ["", None])
def test_an_indicator_score_without_basis_holds_none(given: str | None) -> None:
    score_ = IndicatorScore(
        id="i", label="I", objective="o", value=None, rate=0, weight=D(1), points=0, max=0, basis=given
    )
    assert None is score_.basis


def test_an_indicator_score_basis_given_by_its_value_is_the_member() -> None:
    score_ = IndicatorScore(
        id="i",
        label="I",
        objective="o",
        value=None,
        rate=0,
        weight=D(1),
        points=0,
        max=0,
        basis="improvement",
    )
    assert Basis.IMPROVEMENT is score_.basis


def _demo_card():  # type: ignore[no-untyped-def]
    grid = load_grid(DEMO / "rules-advanced-grid.yaml")
    return grid, load_results(DEMO / "rules-advanced-results.yaml", grid)


def test_a_scorecard_holds_the_basis_member() -> None:
    card = score(*_demo_card())
    (found,) = [i for i in card.indicators if i.id == "invalidite-60j"]
    assert Basis.IMPROVEMENT is found.basis


def test_a_scorecard_json_writes_the_basis_word() -> None:
    card = score(*_demo_card())
    objectives = json.loads(render(card, "json", "en"))["objectives"]
    (entry,) = [i for o in objectives for i in o["indicators"] if i["id"] == "invalidite-60j"]
    assert "improvement" == entry["basis"]


def test_an_explanation_words_the_basis_in_french() -> None:
    text = render(explain(*_demo_card(), "invalidite-60j"), "table", "fr")
    assert "retenu\u00a0: progression" in text


def test_every_basis_has_words_in_every_language() -> None:
    assert [(lang, list(Basis)) for lang in LANGS] == [(lang, list(BASIS_WORDS[lang])) for lang in LANGS]


def test_the_english_words_of_a_basis_are_its_json_words() -> None:
    assert [b.value for b in Basis] == [basis_text(b, "en") for b in Basis]
