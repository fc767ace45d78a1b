"""Scorecard rows indicator by indicator (`reports._card_rows`), the total named by the grid's
level, and the CSV a French Excel opens (`reports._cells.csv_text`)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from cpg_score import Grid, InputError, Scorecard, load_grid, load_results, score
from cpg_score.io import dump_grid
from cpg_score.model.grid import Level, Unit
from cpg_score.reports import render
from cpg_score.reports._card_rows import CardRowKind, card_rows, figure_text, total_label
from cpg_score.reports._cells import csv_text
from cpg_score.reports._plain import TABLE_WIDTH
from cpg_score.reports._simulate import Table, table_text

from .conftest import OBJECTIVES, RESULTS_2019

CPAM = OBJECTIVES / "maladie-cpam-2017.yaml"
CPAM_RESULTS = OBJECTIVES / "results" / "illustrative" / "maladie-cpam-2017.yaml"


@pytest.fixture(scope="module")
def cpam() -> Scorecard:
    grid = load_grid(CPAM)
    return score(grid, load_results(CPAM_RESULTS, grid))


def _co(grid_2019: Grid) -> Scorecard:
    return score(grid_2019, load_results(RESULTS_2019 / "drsm-centre-ouest.yaml", grid_2019))


def _indicator(card: Scorecard, label: str, lang: str = "fr") -> tuple[str, str, str, str, str]:
    row = next(r for r in card_rows([card], lang) if r.label == label)
    c = row.cells[0]
    return c.result, c.floor, c.target, c.rate, c.points


def test_indicator_rows_follow_their_objective(cpam: Scorecard) -> None:
    kinds = [r.kind for r in card_rows([cpam], "fr")][:3]
    assert [CardRowKind.AXIS, CardRowKind.OBJECTIVE, CardRowKind.INDICATOR] == kinds


def test_every_indicator_has_a_row(cpam: Scorecard) -> None:
    ids = [r.id for r in card_rows([cpam], "en") if r.kind is CardRowKind.INDICATOR]
    assert [i.id for i in cpam.indicators] == ids


def test_share_result_floor_and_target_in_percent(cpam: Scorecard) -> None:
    assert ("87,50\u00a0%", "85\u00a0%", "90\u00a0%", "50,00\u00a0%", "30,00 / 60") == _indicator(
        cpam, "taux de décroché"
    )


def test_days_result_floor_and_target(cpam: Scorecard) -> None:
    found = _indicator(cpam, "délai de règlement des feuilles de soins papier assurés et médecins")
    assert ("25 jours", "30 jours", "20 jours") == found[:3]


def test_written_result_shown_as_written(cpam: Scorecard) -> None:
    assert "oui" == _indicator(cpam, "Remontée d'1 nouvelle action PLANIR locale évaluée")[0]


def test_direct_objective_has_no_indicator_rows(grid_2019: Grid) -> None:
    assert [] == [r for r in card_rows([_co(grid_2019)], "fr") if r.kind is CardRowKind.INDICATOR]


def test_neutralised_indicator_shows_a_dash_and_its_reason(cpam: Scorecard) -> None:
    row = next(
        r for r in card_rows([cpam], "fr") if r.kind is CardRowKind.INDICATOR and r.cells[0].neutralised
    )
    assert ("-", "-", True) == (row.cells[0].result, row.cells[0].rate, bool(row.cells[0].reason))


@pytest.mark.parametrize(
    ("level", "fr", "en"),
    [
        (Level.NATIONAL, "Résultat national", "National result"),
        (Level.REGIONAL, "Résultat régional", "Regional result"),
        (Level.LOCAL, "Résultat de l'organisme", "Local result"),
        (None, "Résultat", "Result"),
    ],
)
def test_total_label_follows_the_level(grid_2019: Grid, level: Level | None, fr: str, en: str) -> None:
    card = attrs.evolve(_co(grid_2019), grid=attrs.evolve(grid_2019, level=level))
    assert (fr, en) == (total_label(card, "fr"), total_label(card, "en"))


def test_card_built_without_its_grid_says_result(grid_2019: Grid) -> None:
    assert "Résultat" == total_label(attrs.evolve(_co(grid_2019), grid=None), "fr")


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "html"])
def test_every_format_names_the_total_by_level(cpam: Scorecard, fmt: str) -> None:
    text = render(cpam, fmt, "fr").replace("&#x27;", "'")
    assert (True, False) == ("Résultat de l'organisme" in text, "Résultat régional" in text)


def test_level_read_and_dumped(tmp_path: Path) -> None:
    grid = load_grid(CPAM)
    again = tmp_path / "again.yaml"
    again.write_text(dump_grid(grid), encoding="utf-8")
    assert (Level.LOCAL, Level.LOCAL) == (grid.level, load_grid(again).level)


def test_bad_level_is_located(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        "id: g\nlabel: G\nperiod: 2017\ntotal_points: 1\nlevel: regionnal\n"
        "axes:\n  - id: a\n    label: A\n    objectives:\n      - {id: o, label: O, points: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_grid(path)
    assert [("$.level", 5)] == [(p.path, p.line) for p in caught.value.problems]


def test_text_table_with_indicators_stays_within_the_width(cpam: Scorecard) -> None:
    text = render(cpam, "table", "fr")
    assert [] == [line for line in text.splitlines() if len(line) > TABLE_WIDTH]


def test_text_table_shows_indicator_figures(cpam: Scorecard) -> None:
    line = next(line for line in render(cpam, "table", "fr").splitlines() if "taux de décroché" in line)
    assert (True, True) == (line.endswith("  30,00 / 60"), "  87,50\u00a0%  " in line)


def test_markdown_has_indicator_rows(cpam: Scorecard) -> None:
    assert "| ↳ taux de décroché | 87.50% | 85% | 90% | 50.00% | 30.00 / 60 |" in render(
        cpam, "markdown", "en"
    )


def test_french_csv_opens_in_french_excel(cpam: Scorecard) -> None:
    text = render(cpam, "csv", "fr")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    row = dict(zip(rows[0], next(r for r in rows[1:] if r[5] == "taux de décroché"), strict=True))
    shown = [row[k] for k in ("Niveau", "Unité", "Résultat", "Seuil", "Cible", "Taux (%)", "Points", "Max")]
    assert (True, ["indicateur", "part", "0,875", "0,85", "0,9", "50,00", "30,00", "60,00"]) == (
        text.startswith("\ufeff"),
        shown,
    )


def test_french_csv_numbers_are_numbers(cpam: Scorecard) -> None:
    rows = list(csv.reader(io.StringIO(render(cpam, "csv", "fr").removeprefix("\ufeff")), delimiter=";"))
    # A decimal comma and no grouping space: French Excel reads each as a number.
    points = [r[11] for r in rows[1:]]
    assert all(Decimal(p.replace(",", ".")) >= 0 and " " not in p and "\u202f" not in p for p in points)


def test_english_csv_has_commas_and_no_bom(cpam: Scorecard) -> None:
    text = render(cpam, "csv", "en")
    assert (False, "Result") == (text.startswith("\ufeff"), next(csv.reader(io.StringIO(text)))[7])


def test_csv_text_keeps_formulas_out() -> None:
    assert "\ufeff'=HYPERLINK(1);-1,50\n" == csv_text([["=HYPERLINK(1)", Decimal("-1.50")]], "fr")


def test_simulation_csv_in_french() -> None:
    table = Table(title="t", headers=["id", "mean"], rows=[["1.2", "776.50"]], data={})
    assert "\ufeffid;mean\n1.2;776,50\n" == table_text(table, "csv", "fr")


def test_simulation_csv_in_english_unchanged() -> None:
    table = Table(title="t", headers=["id", "mean"], rows=[["1.2", "776.50"]], data={})
    assert "id,mean\n1.2,776.50\n" == table_text(table, "csv")


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (Decimal("0.951"), Unit.SHARE, "fr", "95,10\u00a0%"),
        (Decimal("0.00014"), Unit.SHARE, "fr", "0,014\u00a0%"),
        (Decimal(1) / Decimal(3), Unit.SHARE, "fr", "33,33\u00a0%"),
        (Decimal("12"), Unit.DAYS, "fr", "12 jours"),
        (Decimal("1"), Unit.DAYS, "en", "1 day"),
        (Decimal("1250"), Unit.COUNT, "fr", "1\u202f250"),
        (Decimal("2400000"), Unit.EUROS, "en", "€2,400,000"),
    ],
)
def test_figure_text(value: Decimal, unit: Unit, lang: str, expected: str) -> None:
    assert expected == figure_text(value, unit, lang, 2)
