"""What a notebook shows: `_repr_html_` of scorecards and simulation results, rendered by the
reports through the display hooks, French by default, every input text escaped."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import attrs
import pytest

from cpg_score import Grid, Results, Scorecard, load_grid, load_results, score
from cpg_score import _display as display
from cpg_score.io import load_profit_sharing, load_scenario, load_series
from cpg_score.reports import _notebook  # importing it fills the hooks
from cpg_score.reports._card_rows import card_rows as rows
from cpg_score.reports._simulate import Table
from cpg_score.simulate import Sensitivity, compare, plan, profit_sharing, project, sensitivity, simulate

from .conftest import OBJECTIVES, RESULTS_2019

CENTRE_OUEST = RESULTS_2019 / "drsm-centre-ouest.yaml"
CPAM = OBJECTIVES / "maladie-cpam-2017.yaml"
CPAM_RESULTS = OBJECTIVES / "results" / "illustrative" / "maladie-cpam-2017.yaml"


@pytest.fixture(autouse=True)
def french(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notebooks in French unless a test says otherwise (whatever the environment says)."""
    monkeypatch.delenv("CPG_SCORE_LANG", raising=False)


@pytest.fixture(scope="module")
def results_2019(grid_2019: Grid) -> Results:
    return load_results(CENTRE_OUEST, grid_2019)


@pytest.fixture(scope="module")
def card_2019(grid_2019: Grid, results_2019: Results) -> Scorecard:
    return score(grid_2019, results_2019)


@pytest.fixture(scope="module")
def card_cpam() -> Scorecard:
    grid = load_grid(CPAM)
    return score(grid, load_results(CPAM_RESULTS, grid))


def _html(result: object) -> str:
    text = result._repr_html_()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    return text


def _kinds(text: str) -> list[str]:
    return re.findall(r'<tr data-kind="([a-z]+)"', text)


def test_a_scorecard_shows_its_title(card_2019: Scorecard) -> None:
    assert "DRSM Centre-Ouest — CPG 2019 des DRSM — grille des résultats publiés (2019)" in _html(card_2019)


def test_a_scorecard_shows_a_row_per_axis_objective_indicator_and_the_total(card_cpam: Scorecard) -> None:
    expected = []
    for axis in card_cpam.axes:
        expected.append("axis")
        for objective in axis.objectives:
            expected.append("objective")
            expected.extend("indicator" for _ in objective.indicators)
    assert [*expected, "total"] == _kinds(_html(card_cpam))


def test_a_scorecard_is_shown_in_french_by_default(card_2019: Scorecard) -> None:
    text = _html(card_2019)
    assert ("Résultat régional", "77,65\u00a0%", "776,50 / 1\u202f000") == tuple(
        s for s in ("Résultat régional", "77,65\u00a0%", "776,50 / 1\u202f000") if s in text
    )


def test_cpg_score_lang_shows_it_in_english(card_2019: Scorecard, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPG_SCORE_LANG", "en")
    text = _html(card_2019)
    assert ("Regional result", "77.65%") == tuple(s for s in ("Regional result", "77.65%") if s in text)


def test_an_unknown_cpg_score_lang_shows_french(
    card_2019: Scorecard, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPG_SCORE_LANG", "de")
    assert "Résultat régional" in _html(card_2019)


def test_the_rows_show_the_reports_figures(card_2019: Scorecard) -> None:
    text = _html(card_2019)
    missing = [row.id for row in rows([card_2019], "fr") if f">{row.cells[0].points}<" not in text]
    expected: list[str] = []
    assert expected == missing


def test_an_indicator_row_shows_its_written_result_rate_and_points(card_cpam: Scorecard) -> None:
    indicator = next(i for i in card_cpam.indicators if i.written == "oui")
    row = re.search(rf'<tr data-kind="indicator" data-id="{indicator.id}".*?</tr>', _html(card_cpam))
    assert row is not None
    assert ["oui", "100,00\u00a0%", "100,00 / 100"] == re.findall(r">([^<>]+)</td>", row.group(0))[1:]


def test_a_neutralised_objective_is_noted(card_2019: Scorecard) -> None:
    assert "Neutralisé\u00a0: Pertinence des prescriptions de transport (transport)" in _html(card_2019)


def test_the_inputs_texts_are_escaped(card_2019: Scorecard) -> None:
    axis = card_2019.axes[0]
    objective = attrs.evolve(axis.objectives[0], label="<script>alert(1)</script>")
    evil = attrs.evolve(
        card_2019,
        entity=attrs.evolve(card_2019.entity, label='<img src=x onerror="alert(1)">'),
        axes=[attrs.evolve(axis, objectives=[objective, *axis.objectives[1:]]), *card_2019.axes[1:]],
    )
    text = _html(evil)
    assert ("<script>" in text, "<img" in text, "&lt;script&gt;alert(1)&lt;/script&gt;" in text) == (
        False,
        False,
        True,
    )


def test_without_the_reports_hooks_a_notebook_shows_the_plain_repr(
    card_2019: Scorecard, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(display, "_HOOKS", {})
    assert card_2019._repr_html_() is None


def test_without_the_reports_hooks_records_keep_their_plain_words(
    card_2019: Scorecard, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(display, "_HOOKS", {})
    assert "Result" == card_2019.to_records(lang="en")[-1]["label"]


def test_an_object_of_no_result_kind_has_no_html() -> None:
    assert display.html(object(), "fr") is None


@pytest.fixture(scope="module")
def simulations(grid_2019: Grid, results_2019: Results, card_2019: Scorecard) -> dict[str, object]:
    scenario = load_scenario(OBJECTIVES / "scenarios" / "2019" / "fraude-97.yaml", grid_2019)
    series = load_series(OBJECTIVES / "series" / "drsm-centre-ouest-2019-06.yaml", grid_2019)
    parameters = load_profit_sharing(OBJECTIVES / "profit-sharing" / "illustrative.yaml")
    return {
        "comparison": compare(grid_2019, results_2019, [scenario]),
        "montecarlo": simulate(grid_2019, results_2019, draws=200, seed=1, thresholds=[Decimal(780)]),
        "sensitivity": sensitivity(grid_2019, results_2019),
        "plan": plan(grid_2019, results_2019, Decimal(800)),
        "projection": project(grid_2019, series, results_2019),
        "profit-sharing": profit_sharing(card_2019, parameters),
    }


KINDS = ["comparison", "montecarlo", "sensitivity", "plan", "projection", "profit-sharing"]


def _table(result: object) -> Table:
    """The table the reports print for a result (its Markdown view: numbers in French)."""
    build = next(build for kind, build in _notebook._TABLES if isinstance(result, kind))
    return build(result, "markdown", "fr")


@pytest.mark.parametrize("kind", KINDS)
def test_a_simulation_shows_the_reports_title_and_notes(kind: str, simulations: dict[str, object]) -> None:
    table, text = _table(simulations[kind]), _html(simulations[kind])
    missing = [line for line in (table.title, *table.notes) if html.escape(line) not in text]
    expected: list[str] = []
    assert expected == missing


@pytest.mark.parametrize("kind", KINDS)
def test_a_simulation_shows_the_reports_cells(kind: str, simulations: dict[str, object]) -> None:
    table, text = _table(simulations[kind]), _html(simulations[kind])
    body = text.split("<tbody>")[1]
    shown = [re.findall(r">([^<>]*)</td>", row) for row in re.findall(r"<tr>.*?</tr>", body)]
    assert [[html.escape(cell) for cell in row] for row in table.rows] == shown


def test_a_montecarlo_run_shows_its_threshold(simulations: dict[str, object]) -> None:
    assert "780" in _html(simulations["montecarlo"])


def test_a_sensitivity_table_has_a_row_per_lever(simulations: dict[str, object]) -> None:
    table = simulations["sensitivity"]
    assert isinstance(table, Sensitivity)
    assert len(table.rows) == _html(table).split("<tbody>")[1].count("<tr>")


def test_a_fragment_is_one_block_with_inline_styles(card_2019: Scorecard) -> None:
    text = _html(card_2019)
    assert (True, False, False) == (
        text.startswith('<div class="cpg-score" style='),
        "<style" in text,
        "<html" in text,
    )
