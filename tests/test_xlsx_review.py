"""The simulator workbook after review: it reads back as results, every kind of input is
accepted, French words, print layout. LibreOffice recalculates the review's cases in
tests/test_xlsx_simulator.py."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from attrs import evolve

from cpg_score import Grid, Policy, Results, Scorecard, load_grid, load_results, load_results_table, score
from cpg_score.model.grid import Entity
from cpg_score.reports import render_xlsx
from cpg_score.reports._xlsx import row_lines
from cpg_score.reports._xlsx_model import Kind, Row

from .conftest import OBJECTIVES

pytest.importorskip("xlsxwriter")
openpyxl = pytest.importorskip("openpyxl")

ILLUSTRATIVE = OBJECTIVES / "results" / "illustrative"
#: Shipped results carrying what the results reader does not read back from a sheet yet: an
#: entity's own floor/target (Seuil/Cible are informative columns), a variant, a fraction
#: numerator/denominator (written as its double).
NOT_READ_BACK = {
    "famille-cnaf-2017",
    "maladie-cpam-2017",
    "maladie-cti-2017",
    "maladie-cti-2017-variant-cicoa",
    "recouvrement-urssaf-2017",
    "retraite-nationale-2015",
}


def _shipped() -> list[Path]:
    found = []
    for path in sorted((OBJECTIVES / "results").rglob("*.yaml")):
        grid = yaml.safe_load(path.read_text(encoding="utf-8")).get("grid")
        if isinstance(grid, str) and (OBJECTIVES / f"{grid}.yaml").exists():
            found.append(path)
    return found


def _case(path: Path, text: str | None = None) -> tuple[Grid, Results, Scorecard]:
    source = path.read_text(encoding="utf-8") if text is None else text
    grid = load_grid(OBJECTIVES / f"{yaml.safe_load(source)['grid']}.yaml")
    results = load_results(source, grid)
    return grid, results, score(grid, results)


def _visible(data: bytes) -> bytes:
    """The workbook as a reader that skips hidden columns sees it: columns A to J, their
    values (the hidden helper columns K to X left out)."""
    source = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    out = openpyxl.Workbook()
    out.remove(out.active)
    for ws in source.worksheets:
        copy = out.create_sheet(ws.title)
        for row in ws.iter_rows(max_col=10):
            for cell in row:
                if cell.value is not None:
                    copy.cell(cell.row, cell.column, cell.value)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _book(grid: Grid, results: Results, card: Scorecard, lang: str = "fr") -> Any:
    data = render_xlsx([card], lang, grid=grid, results=[results])
    return openpyxl.load_workbook(io.BytesIO(data))


def _row_of(ws: Any, item: str) -> int:
    return next(row[0].row for row in ws.iter_rows(max_col=1) if row[0].value == item)


def _validation(ws: Any, cell: str) -> Any:
    return next(v for v in ws.data_validations.dataValidation if cell in v.sqref)


@pytest.mark.parametrize("path", [p for p in _shipped() if p.stem not in NOT_READ_BACK], ids=lambda p: p.stem)
def test_a_shipped_workbook_reads_back_as_its_results(path: Path, tmp_path: Path) -> None:
    grid, results, card = _case(path)
    book = tmp_path / "book.xlsx"
    book.write_bytes(_visible(render_xlsx([card], grid=grid, results=[results])))
    back = score(grid, load_results_table(book, grid)[0])
    assert (card.total.points, card.total.max) == (back.total.points, back.total.max)


def test_a_composite_objective_has_no_reason_beside_its_empty_result() -> None:
    grid, results, card = _case(ILLUSTRATIVE / "maladie-cpam-2017.yaml")
    ws = _book(grid, results, card).active
    row = _row_of(ws, "validation-comptes")
    assert (None, None) == (ws[f"C{row}"].value, ws[f"I{row}"].value)


def test_a_composite_objective_input_is_optional_dash_only() -> None:
    grid, results, card = _case(ILLUSTRATIVE / "maladie-cpam-2017.yaml")
    ws = _book(grid, results, card).active
    row = _row_of(ws, "validation-comptes")
    assert ('"-"', None) == (_validation(ws, f"C{row}").formula1, ws[f"C{row}"].fill.fill_type)


def test_a_refusal_is_written_and_allowed() -> None:
    data = yaml.safe_load((ILLUSTRATIVE / "famille-caf-2017.yaml").read_text(encoding="utf-8"))
    data["results"]["validation-comptes"] = "refus"
    grid, results, card = _case(
        ILLUSTRATIVE / "famille-caf-2017.yaml", yaml.safe_dump(data, allow_unicode=True)
    )
    ws = _book(grid, results, card).active
    row = _row_of(ws, "validation-comptes")
    assert "refus" == ws[f"C{row}"].value
    assert f'C{row}="refus"' in _validation(ws, f"C{row}").formula1


def test_a_french_date_is_a_date_cell() -> None:
    grid, results, card = _case(ILLUSTRATIVE / "maladie-cnamts-2017.yaml")
    ws = _book(grid, results, card).active
    assert "2017-10-12" == ws[f"C{_row_of(ws, 'ouverture-e-coaching-dos')}"].value.date().isoformat()


def test_a_count_input_must_not_be_negative() -> None:
    grid, results, card = _case(ILLUSTRATIVE / "maladie-cpam-2017.yaml")
    ws = _book(grid, results, card).active
    row = _row_of(ws, "delai-ij")
    assert f"C{row}>=0" in _validation(ws, f"C{row}").formula1


def test_a_neutralised_shares_bounds_are_percents() -> None:
    grid, results, card = _case(ILLUSTRATIVE / "maladie-cpam-2017.yaml")
    ws = _book(grid, results, card).active
    row = _row_of(ws, "taux-validation-comptes")
    assert ("-", True, True) == (
        ws[f"C{row}"].value,
        "%" in ws[f"D{row}"].number_format,
        "%" in ws[f"E{row}"].number_format,
    )


@pytest.mark.parametrize(("lang", "word"), [("fr", "exclusion"), ("en", "exclude")])
def test_the_policy_is_named_in_the_sheets_language(lang: str, word: str) -> None:
    grid, results, card = _case(ILLUSTRATIVE / "maladie-cpam-2017.yaml")
    grid = evolve(grid, policy=Policy.EXCLUDE)
    card = score(grid, results)
    ws = _book(grid, results, card, lang).active
    notes = [
        c.value for c in ws["B"] if isinstance(c.value, str) and c.value.startswith(("Politique", "Neutral"))
    ]
    assert [True] == [n.endswith(word) for n in notes[:1]]


def test_a_long_label_gets_a_taller_row() -> None:
    row = Row(kind=Kind.INDICATOR, index=9, item="x", label="mot " * 40, comment="")
    assert 3 == row_lines(row)


def test_a_long_label_row_is_written_taller() -> None:
    grid, results, card = _case(ILLUSTRATIVE / "maladie-cpam-2017.yaml")
    ws = _book(grid, results, card).active
    long = next(c.row for c in ws["B"] if isinstance(c.value, str) and len(c.value) > 70)
    assert ws.row_dimensions[long].height >= 30


def _cards(count: int) -> list[Scorecard]:
    card = _case(ILLUSTRATIVE / "maladie-cpam-2017.yaml")[2]
    return [evolve(card, entity=Entity(id=f"cpam-{n}", label=f"CPAM {n}")) for n in range(count)]


def test_a_wide_comparison_prints_across_pages_with_its_labels() -> None:
    cards = _cards(5)
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(cards))).worksheets[0]
    assert ("$A:$B", 70) == (ws.print_title_cols, ws.page_setup.scale)


def test_a_narrow_comparison_fits_one_page_wide() -> None:
    cards = _cards(2)
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(cards))).worksheets[0]
    assert (True, 0) == (ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToHeight)


def test_a_sheet_is_never_named_history() -> None:
    card = _case(ILLUSTRATIVE / "maladie-cpam-2017.yaml")[2]
    card = evolve(card, entity=Entity(id="History", label="H"))
    assert ["History-2"] == openpyxl.load_workbook(io.BytesIO(render_xlsx([card]))).sheetnames


def test_a_baseline_is_written_in_the_reference_column() -> None:
    grid, results, card = _case(ILLUSTRATIVE / "maladie-carsat-2017.yaml")
    ws = _book(grid, results, card).active
    assert ("Référence", 12) == (ws["J7"].value, ws[f"J{_row_of(ws, 'note-moyenne-grilles')}"].value)


@pytest.mark.parametrize("path", [p for p in _shipped() if p.stem not in NOT_READ_BACK], ids=lambda p: p.stem)
def test_a_shipped_workbook_reads_back_with_its_hidden_columns(path: Path, tmp_path: Path) -> None:
    grid, results, card = _case(path)
    book = tmp_path / "book.xlsx"
    book.write_bytes(render_xlsx([card], grid=grid, results=[results]))
    back = score(grid, load_results_table(book, grid)[0])
    assert (card.total.points, card.total.max) == (back.total.points, back.total.max)
