"""The plan and projection methods are worded per language by the reports (English: their JSON words)."""

from __future__ import annotations

import pytest

from cpg_score.cli import main
from cpg_score.reports._text import (
    LANGS,
    PLAN_METHOD_WORDS,
    PROJECTION_METHOD_WORDS,
    plan_method_text,
    projection_method_text,
)
from cpg_score.simulate import PlanMethod, ProjectionMethod

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019

BASE = RESULTS_2019 / "drsm-centre-ouest.yaml"
SERIES = OBJECTIVES / "series" / "drsm-centre-ouest-2019-06.yaml"


def test_every_plan_method_has_words_in_every_language() -> None:
    assert [(lang, list(PlanMethod)) for lang in LANGS] == [
        (lang, list(PLAN_METHOD_WORDS[lang])) for lang in LANGS
    ]


def test_every_projection_method_has_words_in_every_language() -> None:
    expected = [(lang, list(ProjectionMethod)) for lang in LANGS]
    assert expected == [(lang, list(PROJECTION_METHOD_WORDS[lang])) for lang in LANGS]


@pytest.mark.parametrize("method", [m for m in PlanMethod if m is not PlanMethod.GREEDY])
def test_the_english_words_of_a_plan_method_are_its_json_words(method: PlanMethod) -> None:
    assert method.words(12) == plan_method_text(method, 12, "en")


def test_the_greedy_method_is_worded_for_pilots_in_the_table_not_in_json() -> None:
    words = (plan_method_text(PlanMethod.GREEDY, 1, "en"), PlanMethod.GREEDY.words(1))
    assert (False, True) == ("knapsack" in words[0], "knapsack" in words[1])


@pytest.mark.parametrize("method", list(ProjectionMethod))
def test_the_english_words_of_a_projection_method_are_its_value(method: ProjectionMethod) -> None:
    assert method.value == projection_method_text(method, "en")


def test_a_french_plan_method_names_its_combinations() -> None:
    assert "recherche exhaustive sur 8 combinaisons" in plan_method_text(PlanMethod.EXHAUSTIVE, 8, "fr")


def test_plan_in_french_words_its_method_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["plan", str(GRID_2019), str(BASE), "--target", "800", "--lang", "fr"])
    out = capsys.readouterr().out
    assert (0, True) == (code, "méthode\u00a0: les gains les plus rentables d'abord" in out)


def test_project_in_french_words_its_methods_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["project", str(GRID_2019), str(SERIES), "--results", str(BASE), "--lang", "fr"])
    out = capsys.readouterr().out
    assert (0, True) == (code, "taux à date prolongé jusqu'à la fin de l'année" in out)


def test_project_in_french_keeps_english_method_words_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["project", str(GRID_2019), str(SERIES), "--results", str(BASE), "--lang", "fr", "--format", "json"]
    )
    out = capsys.readouterr().out
    assert (0, True) == (code, "rate to date carried to year end" in out)
