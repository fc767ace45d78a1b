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
    rows = _rows(ws)
    assert [
        "Id",
        "Libellé",
        "Résultat",
        "Seuil",
        "Cible",
        "Taux",
        "Points obtenus",
        "Points",
        "Commentaire",
    ] == rows[6][:9]
    assert [
        None,
        "AXE 1 - Accessibilité du système de soins",
        None,
        None,
        None,
        "=ROUND(ROUND(M8,12),4)",
        "=ROUND(ROUND(P8,10),2)",
        "=ROUND(ROUND(O8,10),2)",
        None,
    ] == rows[7][:9]
    assert [
        "publics-fragilises",
        "Accompagnement des publics fragilisés",
        0.99235,
        None,
        None,
        "=ROUND(ROUND(M9,12),4)",
        "=ROUND(ROUND(P9,10),2)",
        "=ROUND(ROUND(O9,10),2)",
        None,
    ] == rows[8][:9]
    transport = rows[12]
    assert ("transport", None, "=ROUND(ROUND(P13,10),2)", "Non évalué en 2019") == (
        transport[0],
        transport[2],
        transport[6],
        transport[8][:18],
    )
    total = rows[23]
    assert [
        None,
        "Résultat régional",
        "=ROUND(ROUND(M24,12),4)",
        "=ROUND(ROUND(P24,10),2)",
        "=ROUND(ROUND(O24,10),2)",
    ] == [
        total[0],
        total[1],
        *total[5:8],
    ]
    assert "=SUM(P8,P11,P17,P19,P21)" == ws["P24"].value


def test_every_direct_objective_row_is_max_times_rate(book, cards: list[Scorecard]) -> None:  # type: ignore[no-untyped-def]
    for name, card in zip(ENTITIES, cards, strict=True):
        ws = book[name]
        objectives = {o.id for o in card.objectives}
        for row in ws.iter_rows(min_row=8):
            if row[0].value in objectives:
                r = row[0].row
                assert (f"=O{r}*M{r}", f"=IF(L{r}=1,0,MAX(0,MIN(1,K{r})))") == (
                    ws[f"P{r}"].value,
                    ws[f"M{r}"].value,
                )


def test_points_cached_in_the_cells_match_the_scorecard(cards: list[Scorecard]) -> None:
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(cards, "fr")), data_only=True)["drsm-centre-ouest"]
    ids = {o.id for o in cards[0].objectives}
    points = sum(ws[f"P{row[0].row}"].value for row in ws.iter_rows(min_row=8) if row[0].value in ids)
    assert round(float(cards[0].total.points), 6) == round(points, 6)


def test_numbers_are_numbers_with_formats(book) -> None:  # type: ignore[no-untyped-def]
    ws = book["drsm-centre-ouest"]
    assert ("n", "0.00##%", "0.00%", "#,##0.00", "#,##0.00") == (
        ws["C9"].data_type,
        ws["C9"].number_format,
        ws["F9"].number_format,
        ws["G9"].number_format,
        ws["H9"].number_format,
    )


def test_header_rows_frozen(book) -> None:  # type: ignore[no-untyped-def]
    assert ("C2", "C8", "C8") == tuple(book[name].freeze_panes for name in book.sheetnames)


def test_comparison_sheet_refers_to_entity_sheets(book) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(book["Comparaison"])
    assert [
        "Id",
        "Libellé",
        "DRSM Centre-Ouest — Taux",
        "DRSM Centre-Ouest — Points obtenus",
        "DRSM Centre-Ouest — Points",
        "DRSM Aquitaine — Taux",
        "DRSM Aquitaine — Points obtenus",
        "DRSM Aquitaine — Points",
    ] == rows[0]
    assert [
        None,
        "Résultat régional",
        "='drsm-centre-ouest'!F24",
        "='drsm-centre-ouest'!G24",
        "='drsm-centre-ouest'!H24",
        "='drsm-aquitaine'!F24",
        "='drsm-aquitaine'!G24",
        "='drsm-aquitaine'!H24",
    ] == rows[17]
    assert "0.00%" == book["Comparaison"]["C18"].number_format


def test_english_headings(cards: list[Scorecard]) -> None:
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(cards[:1], "en"))).active
    assert ["Id", "Label", "Result", "Floor", "Target", "Rate", "Points earned", "Points", "Comment"] == [
        c.value for c in ws[7]
    ][:9]


def test_cli_compare_xlsx(tmp_path: Path) -> None:
    target = tmp_path / "compare.xlsx"
    args = ["compare", str(GRID_2019), *(str(RESULTS_2019 / f"{e}.yaml") for e in ENTITIES)]
    assert 0 == main([*args, "-f", "xlsx", "-o", str(target)])
    assert ["Comparaison", *ENTITIES] == openpyxl.load_workbook(target).sheetnames
