"""The Excel export: read back with openpyxl, cell by cell, formulas included."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cpg_score import Grid, Scorecard, load_results, score
from cpg_score.cli import main
from cpg_score.reports import render_bytes, render_xlsx

from .conftest import GRID_2019, RESULTS_2019

openpyxl = pytest.importorskip("openpyxl")

ENTITIES = ("drsm-centre-ouest", "drsm-aquitaine")


@pytest.fixture(scope="module")
def cards(grid_2019: Grid) -> list[Scorecard]:
    return [score(grid_2019, load_results(RESULTS_2019 / f"{e}.yaml", grid_2019)) for e in ENTITIES]


@pytest.fixture(scope="module")
def book(cards: list[Scorecard]):  # type: ignore[no-untyped-def]
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(cards, "fr")))


def _rows(ws) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def test_sheets(book) -> None:  # type: ignore[no-untyped-def]
    assert ["Comparaison", "drsm-centre-ouest", "drsm-aquitaine"] == book.sheetnames


def test_single_card_has_one_sheet(cards: list[Scorecard]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render_bytes(cards[:1], "xlsx", "en")))
    assert ["drsm-centre-ouest"] == book.sheetnames


def test_entity_sheet_cell_by_cell(book, cards: list[Scorecard]) -> None:  # type: ignore[no-untyped-def]
    ws = book["drsm-centre-ouest"]
    card = cards[0]
    rows = _rows(ws)
    assert ["Niveau", "Axe", "Id", "Libellé", "Taux", "Points", "Max", "Neutralisé", "Motif"] == rows[0]
    assert [
        "axe",
        "axe-1",
        "axe-1",
        "AXE 1 - Accessibilité du système de soins",
        "=IF(G2=0,0,F2/G2)",
        "=SUM(F3:F4)",
        "=SUM(G3:G4)",
        "non",
        None,
    ] == rows[1]
    assert [
        "objectif",
        "axe-1",
        "publics-fragilises",
        "Accompagnement des publics fragilisés",
        float(card.objective("publics-fragilises").rate),
        "=E3*G3",
        65.0,
        "non",
        None,
    ] == rows[2]
    transport = rows[6]
    assert ("transport", 0.0, "=E7*G7", 20.0, "oui") == (
        transport[2],
        transport[4],
        transport[5],
        transport[6],
        transport[7],
    )
    total = rows[17]
    assert [
        "total",
        None,
        "total",
        "Résultat régional",
        "=IF(G18=0,0,F18/G18)",
        "=SUM(F2,F5,F11,F13,F15)",
        "=SUM(G2,G5,G11,G13,G15)",
        "non",
        None,
    ] == total


def test_every_objective_row_is_rate_times_max(book, cards: list[Scorecard]) -> None:  # type: ignore[no-untyped-def]
    for name, card in zip(ENTITIES, cards, strict=True):
        ws = book[name]
        objectives = {o.id: o for o in card.objectives}
        for row in ws.iter_rows(min_row=2):
            if row[0].value == "objectif":
                o = objectives[row[2].value]
                r = row[0].row
                assert (float(o.rate), f"=E{r}*G{r}", float(o.max)) == (
                    row[4].value,
                    row[5].value,
                    row[6].value,
                )


def test_points_computed_from_cells_match_the_scorecard(book, cards: list[Scorecard]) -> None:  # type: ignore[no-untyped-def]
    # Evaluate the sheet's own formulas (rate x max, then the SUMs) in Python.
    ws = book["drsm-centre-ouest"]
    points = sum(row[4].value * row[6].value for row in ws.iter_rows(min_row=2) if row[0].value == "objectif")
    assert round(float(cards[0].total.points), 6) == round(points, 6)


def test_numbers_are_numbers_with_formats(book) -> None:  # type: ignore[no-untyped-def]
    ws = book["drsm-centre-ouest"]
    assert ("n", "0.00%", "#,##0.00", "n", "#,##0.00") == (
        ws["E3"].data_type,
        ws["E3"].number_format,
        ws["F3"].number_format,
        ws["G3"].data_type,
        ws["G3"].number_format,
    )
    assert '0.00%;-0.00%;"-"' == ws["E7"].number_format


def test_header_rows_frozen(book) -> None:  # type: ignore[no-untyped-def]
    assert ("E2", "A2", "A2") == tuple(book[name].freeze_panes for name in book.sheetnames)


def test_comparison_sheet_refers_to_entity_sheets(book) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(book["Comparaison"])
    assert [
        "Niveau",
        "Axe",
        "Id",
        "Libellé",
        "DRSM Centre-Ouest — Taux",
        "DRSM Centre-Ouest — Points",
        "Max",
        "DRSM Aquitaine — Taux",
        "DRSM Aquitaine — Points",
        "Max",
    ] == rows[0]
    assert [
        "total",
        None,
        "total",
        "Résultat régional",
        "='drsm-centre-ouest'!E18",
        "='drsm-centre-ouest'!F18",
        "='drsm-centre-ouest'!G18",
        "='drsm-aquitaine'!E18",
        "='drsm-aquitaine'!F18",
        "='drsm-aquitaine'!G18",
    ] == rows[17]
    assert "0.00%" == book["Comparaison"]["E18"].number_format


def test_english_headings(cards: list[Scorecard]) -> None:
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(cards[:1], "en"))).active
    assert ["Level", "Axis", "Id", "Label", "Rate", "Points", "Max", "Neutralised", "Reason"] == [
        c.value for c in ws[1]
    ]


def test_cli_compare_xlsx(tmp_path: Path) -> None:
    target = tmp_path / "compare.xlsx"
    args = ["compare", str(GRID_2019), *(str(RESULTS_2019 / f"{e}.yaml") for e in ENTITIES)]
    assert 0 == main([*args, "-f", "xlsx", "-o", str(target)])
    assert ["Comparaison", *ENTITIES] == openpyxl.load_workbook(target).sheetnames
