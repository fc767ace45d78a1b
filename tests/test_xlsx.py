"""The simulator workbook as written (no spreadsheet engine): cached values, input cells, rule
formulas, formats, print setup, protection, argument checks. LibreOffice recalculates it in
tests/test_xlsx_simulator.py."""

from __future__ import annotations

import io
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from cpg_score import Grid, Results, Scorecard, load_grid, load_results, score
from cpg_score.reports import render_xlsx
from cpg_score.reports._xlsx_model import num

from .conftest import RESULTS_2019

pytest.importorskip("xlsxwriter")
openpyxl = pytest.importorskip("openpyxl")

ENTITIES = ("drsm-centre-ouest", "drsm-aquitaine")
#: The header words the results reader knows (spec: the reader reads a simulator sheet back).
READER_WORDS = {
    "id",
    "libellé",
    "label",
    "résultat",
    "result",
    "seuil",
    "floor",
    "cible",
    "target",
    "taux",
    "rate",
    "points obtenus",
    "points earned",
    "points",
    "commentaire",
    "comment",
}

GRID = """
id: g-sim
label: "Grille & simulateur"
period: 2017
total_points: 200
policy: {neutralisation: exclude}
axes:
  - id: a1
    label: "Axe 1"
    objectives:
      - id: o1
        label: "Objectif 1"
        points: 100
        bonus: 10
        indicators:
          - id: taux
            label: "Taux"
            rule: {type: linear, floor: 80 %, target: 90 %, cap: 120 %}
          - id: conforme
            label: "Conforme"
            rule: {type: binary}
          - id: livraison
            label: "Livraison"
            unit: number
            rule: {type: delay, due: "2017-06-30", step: "10 %", months: started}
      - id: o2
        label: "Objectif 2"
        points: 100
        indicators:
          - id: neutre
            label: "Neutre"
            rule: {type: linear, floor: 50 %, target: 90 %}
"""
RESULTS = """
entity: {id: caf-x, label: "CAF & X"}
grid: g-sim
period: 2017
results:
  taux: 95 %
  conforme: oui
  livraison: 2017-08-12
  neutre: "-"
"""


@pytest.fixture(scope="module")
def golden(grid_2019: Grid) -> tuple[list[Scorecard], list[Results]]:
    results = [load_results(RESULTS_2019 / f"{e}.yaml", grid_2019) for e in ENTITIES]
    return [score(grid_2019, r) for r in results], results


@pytest.fixture(scope="module")
def golden_book(grid_2019: Grid, golden: tuple[list[Scorecard], list[Results]]) -> bytes:
    return render_xlsx(golden[0], "fr", grid=grid_2019, results=golden[1])


@pytest.fixture(scope="module")
def pilot() -> tuple[Grid, Results, Scorecard]:
    grid = load_grid(GRID)
    results = load_results(RESULTS, grid)
    return grid, results, score(grid, results)


@pytest.fixture(scope="module")
def pilot_book(pilot: tuple[Grid, Results, Scorecard]) -> bytes:
    grid, results, card = pilot
    return render_xlsx([card], "fr", grid=grid, results=[results])


def _load(data: bytes, **options: Any) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data), **options)


def _row_of(ws: Any, item: str) -> int:
    return next(row[0].row for row in ws.iter_rows(max_col=1) if row[0].value == item)


def _formula_cells(data: bytes) -> list[tuple[str, str]]:
    book = _load(data)
    return [
        (ws.title, c.coordinate)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]


@pytest.mark.parametrize("which", ["golden_book", "pilot_book"])
def test_every_formula_cell_has_its_cached_value(which: str, request: pytest.FixtureRequest) -> None:
    data = request.getfixturevalue(which)
    values = _load(data, data_only=True)
    assert [] == [(s, c) for s, c in _formula_cells(data) if values[s][c].value is None]


def test_the_comparison_has_every_figure_cached(golden_book: bytes) -> None:
    values = _load(golden_book, data_only=True)["Comparaison"]
    cells = [c for s, c in _formula_cells(golden_book) if s == "Comparaison"]
    assert 3 * 2 * 17 == len(cells)
    assert all(isinstance(values[c].value, float) for c in cells)


def test_cached_total_is_cpg_scores(
    golden_book: bytes, golden: tuple[list[Scorecard], list[Results]]
) -> None:
    card = golden[0][0]
    ws = _load(golden_book, data_only=True)["drsm-centre-ouest"]
    assert (0.7765, 776.5, 1000.0) == (ws["F24"].value, ws["G24"].value, ws["H24"].value)
    assert float(card.points(card.total.points)) == ws["G24"].value


def test_cached_axis_1_of_centre_ouest_is_98_39(golden_book: bytes) -> None:
    ws = _load(golden_book, data_only=True)["drsm-centre-ouest"]
    assert ("AXE 1 - Accessibilité du système de soins", 0.9839) == (ws["B8"].value, ws["F8"].value)


def test_displayed_rates_and_points_are_rounded_as_presented(golden_book: bytes) -> None:
    ws = _load(golden_book)["drsm-centre-ouest"]
    assert ("=ROUND(ROUND(M8,12),4)", "=ROUND(ROUND(P8,10),2)", "=ROUND(ROUND(O8,10),2)") == (
        ws["F8"].value,
        ws["G8"].value,
        ws["H8"].value,
    )


def test_meta_block_names_grid_period_and_entity(golden_book: bytes) -> None:
    ws = _load(golden_book)["drsm-centre-ouest"]
    assert [
        ("Grille", "cpg-2019-drsm"),
        ("Période", 2019),
        ("Entité", "drsm-centre-ouest"),
        ("Libellé", "DRSM Centre-Ouest"),
    ] == [(ws[f"A{r}"].value, ws[f"B{r}"].value) for r in range(1, 5)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_header_words_are_the_readers(pilot: tuple[Grid, Results, Scorecard], lang: str) -> None:
    grid, results, card = pilot
    ws = _load(render_xlsx([card], lang, grid=grid, results=[results])).active
    words = [c.value for c in ws[7] if c.value is not None]
    assert set() == {w.lower() for w in words} - READER_WORDS
    assert {"id"} <= {w.lower() for w in words}


def test_a_share_is_a_percent_formatted_input(pilot_book: bytes) -> None:
    ws = _load(pilot_book).active
    cell = ws[f"C{_row_of(ws, 'taux')}"]
    assert (0.95, "0.00##%", False) == (cell.value, cell.number_format, cell.protection.locked)


def test_yes_no_is_a_word_with_a_list(pilot_book: bytes) -> None:
    ws = _load(pilot_book).active
    row = _row_of(ws, "conforme")
    lists = [v.formula1 for v in ws.data_validations.dataValidation if f"C{row}" in str(v.sqref)]
    assert ("oui", ['"oui,non,-"']) == (ws[f"C{row}"].value, lists)


def test_a_yes_is_read_as_1_by_the_formula(pilot_book: bytes) -> None:
    ws = _load(pilot_book).active
    row = _row_of(ws, "conforme")
    assert f'IF(ISNUMBER(C{row}),C{row},IF(OR(C{row}="oui",C{row}="yes"),1,' in ws[f"K{row}"].value


def test_a_delivery_is_a_date_cell(pilot_book: bytes) -> None:
    ws = _load(pilot_book).active
    cell = ws[f"C{_row_of(ws, 'livraison')}"]
    assert ("2017-08-12", "dd/mm/yyyy") == (cell.value.date().isoformat(), cell.number_format)


def test_a_delivery_counts_months_late_by_formula(pilot_book: bytes) -> None:
    ws = _load(pilot_book).active
    row = _row_of(ws, "livraison")
    assert "EOMONTH(DATE(2017,6,30)" in ws[f"K{row}"].value
    cached = _load(pilot_book, data_only=True).active
    assert pytest.approx(1 + 12 / 31) == cached[f"K{row}"].value


def test_a_neutralised_result_is_a_dash(pilot_book: bytes) -> None:
    ws = _load(pilot_book).active
    assert "-" == ws[f"C{_row_of(ws, 'neutre')}"].value


def test_an_indicator_rate_is_its_rules_formula(
    pilot_book: bytes, pilot: tuple[Grid, Results, Scorecard]
) -> None:
    grid = pilot[0]
    ws = _load(pilot_book).active
    row, o_row = _row_of(ws, "taux"), _row_of(ws, "o1")
    expression = grid.axes[0].objectives[0].indicators[0].rule.spreadsheet(f"K{row}")  # type: ignore[attr-defined]
    assert f"=IF(OR(L{row}=1,L{o_row}=1),0,{expression})" == ws[f"M{row}"].value


def test_floor_and_target_are_shown(pilot_book: bytes) -> None:
    ws = _load(pilot_book).active
    row = _row_of(ws, "taux")
    assert (0.8, 0.9) == (ws[f"D{row}"].value, ws[f"E{row}"].value)


def test_bonus_is_paid_up_to_the_ceiling(pilot_book: bytes, pilot: tuple[Grid, Results, Scorecard]) -> None:
    card = pilot[2]
    ws = _load(pilot_book, data_only=True).active
    row = _row_of(ws, "o1")
    assert (float(card.objective("o1").bonus), float(card.objective("o1").points)) == (
        ws[f"T{row}"].value,
        ws[f"P{row}"].value,
    )


def test_only_input_cells_are_unlocked(pilot_book: bytes) -> None:
    ws = _load(pilot_book).active
    unlocked = {
        c.coordinate[0] for row in ws.iter_rows() for c in row if c.has_style and not c.protection.locked
    }
    assert {"C"} == unlocked


def test_input_cells_are_highlighted(pilot_book: bytes) -> None:
    ws = _load(pilot_book).active
    assert "FFFFF2CC" == ws[f"C{_row_of(ws, 'taux')}"].fill.fgColor.rgb


def test_sheets_are_not_protected_by_default(pilot_book: bytes) -> None:
    assert not _load(pilot_book).active.protection.sheet


def test_sheets_can_be_protected(pilot: tuple[Grid, Results, Scorecard]) -> None:
    grid, results, card = pilot
    assert _load(render_xlsx([card], grid=grid, results=[results], protect=True)).active.protection.sheet


def test_print_setup_landscape_one_page_wide_header_repeated(pilot_book: bytes) -> None:
    ws = _load(pilot_book).active
    # fitToWidth 1 is the file format's default: XlsxWriter leaves it out.
    setup = (ws.page_setup.orientation, ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight)
    fit = ws.sheet_properties.pageSetUpPr.fitToPage
    assert (("landscape", 1, 0), "$7:$7", True) == (setup, ws.print_title_rows, fit)


def test_page_header_names_entity_and_grid(pilot_book: bytes) -> None:
    ws = _load(pilot_book).active
    assert ("CAF && X", "Grille && simulateur (2017)") == (ws.oddHeader.left.text, ws.oddHeader.right.text)


def test_panes_frozen_below_the_header_right_of_the_labels(pilot_book: bytes) -> None:
    assert "C8" == _load(pilot_book).active.freeze_panes


def test_helper_columns_are_hidden(pilot_book: bytes) -> None:
    ws = _load(pilot_book).active
    assert ws.column_dimensions["K"].hidden


def test_same_cards_same_bytes(pilot: tuple[Grid, Results, Scorecard]) -> None:
    grid, results, card = pilot
    assert render_xlsx([card], grid=grid, results=[results]) == render_xlsx(
        [card], grid=grid, results=[results]
    )


def test_without_the_grid_rates_are_values_and_a_note_says_so(pilot: tuple[Grid, Results, Scorecard]) -> None:
    card = pilot[2]
    ws = _load(render_xlsx([card], "en")).active
    row = _row_of(ws, "taux")
    notes = [
        c.value for c in ws["B"] if isinstance(c.value, str) and c.value.startswith("Rate written as a value")
    ]
    assert (f"=IF(OR(L{row}=1,L{_row_of(ws, 'o1')}=1),0,1.2)", 1) == (ws[f"M{row}"].value, len(notes))


def test_english_yes_no(pilot: tuple[Grid, Results, Scorecard]) -> None:
    grid, results, card = pilot
    ws = _load(render_xlsx([card], "en", grid=grid, results=[results])).active
    assert "yes" == ws[f"C{_row_of(ws, 'conforme')}"].value


def test_results_must_match_the_cards(pilot: tuple[Grid, Results, Scorecard]) -> None:
    grid, results, card = pilot
    with pytest.raises(ValueError, match=r"results must give one Results per card \(1\), got 2"):
        render_xlsx([card], grid=grid, results=[results, results])


def test_grid_must_be_a_grid(pilot: tuple[Grid, Results, Scorecard]) -> None:
    with pytest.raises(TypeError, match="grid must be a Grid"):
        render_xlsx([pilot[2]], grid="g-sim")  # type: ignore[arg-type]


def test_results_must_be_a_sequence(pilot: tuple[Grid, Results, Scorecard]) -> None:
    grid, results, card = pilot
    with pytest.raises(TypeError, match="results must be a sequence of Results"):
        render_xlsx([card], grid=grid, results=results)  # type: ignore[arg-type]


def test_a_formula_looking_entity_label_stays_text(tmp_path: Path) -> None:
    grid = load_grid(GRID)
    results = load_results(RESULTS.replace('"CAF & X"', '"=1+2"'), grid)
    ws = _load(render_xlsx([score(grid, results)], grid=grid, results=[results])).active
    assert ("s", "=1+2") == (ws["B4"].data_type, ws["B4"].value)


def test_a_rate_constant_is_written_exactly() -> None:
    assert ["0.65", "(1/3)", "12", "-0.125"] == [
        num(Decimal("0.650")),
        num(Fraction(1, 3)),
        num(12),
        num(Decimal("-0.125")),
    ]
