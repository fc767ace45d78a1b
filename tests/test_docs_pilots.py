"""The pilots' pages tell the truth: their example files, the figures they quote, their output.

`docs/examples/mes-resultats-centre-ouest.xlsx` is the input template of the 2019 DRSM grid
(`cpg-score template ... --entity drsm-centre-ouest`) filled with the published results of DRSM
Centre-Ouest; `docs/examples/mes-resultats-erreur.csv` is the same in the French CSV template
with the fraud rate mistyped `0,9446 %`. Getting started and « Pour les pilotes » score them.

After a change of the template, rebuild it: `PYTHONPATH=src python -m tests.test_docs_pilots`.
"""

from __future__ import annotations

import importlib.util
import io
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import pytest

from cpg_score import Entity, load_grid, load_results, load_results_table, score
from cpg_score.cli import main
from cpg_score.model import Grid, Results
from cpg_score.reports import render_template

from .conftest import ROOT

GRID = ROOT / "objectives" / "cpg-2019-drsm.yaml"
PUBLISHED = ROOT / "objectives" / "results" / "2019" / "drsm-centre-ouest.yaml"
FILLED = ROOT / "docs" / "examples" / "mes-resultats-centre-ouest.xlsx"
MISTYPED = ROOT / "docs" / "examples" / "mes-resultats-erreur.csv"
PILOT_PAGES = ["pilotes.md", "getting-started.md", "index.md", "tutorials/pilot-year.md"]
OUTPUT = re.compile(r"^<!-- cpg-score:output(?:-json)? (.*?) -->$", re.MULTILINE)


def _grid() -> Grid:
    return load_grid(GRID)


def _values(results: Results) -> dict[str, tuple[Decimal | None, bool]]:
    return {value.id: (value.value, value.neutralised is not None) for value in results.values}


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "docs" / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def filled_template() -> bytes:
    """The template of the 2019 DRSM grid for Centre-Ouest, its Résultat column filled as a pilot
    would in Excel with the published results (`-` and a comment for the neutralised one)."""
    import openpyxl

    grid = _grid()
    template = render_template(
        grid, "xlsx", "fr", entity=Entity(id="drsm-centre-ouest", label="DRSM Centre-Ouest")
    )
    published = load_results(PUBLISHED, grid)
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    header = next(row[0].row for row in sheet.iter_rows() if row[1].value == "Id")
    names = [cell.value for cell in sheet[header]]
    result, comment = names.index("Résultat") + 1, names.index("Commentaire") + 1
    for row in sheet.iter_rows(min_row=header + 1):
        value = published.get(row[1].value)
        if value is None:
            continue
        if value.neutralised is not None:
            sheet.cell(row[0].row, result).value = "-"
            sheet.cell(row[0].row, comment).value = "Non évalué en 2019"
        else:
            sheet.cell(row[0].row, result).value = float(value.value) if value.value is not None else None
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _cells(data: bytes) -> list[list[object]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    return [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def test_filled_template_is_the_current_template_filled() -> None:
    """The shipped example is today's template filled (else rebuild it, see the module's doc)."""
    pytest.importorskip("openpyxl")
    pytest.importorskip("xlsxwriter")
    expected = _cells(filled_template())
    assert expected == _cells(FILLED.read_bytes())


def test_filled_template_holds_the_published_results() -> None:
    pytest.importorskip("openpyxl")
    grid = _grid()
    (filled,) = load_results_table(FILLED, grid)
    expected = (("drsm-centre-ouest", "DRSM Centre-Ouest"), _values(load_results(PUBLISHED, grid)))
    assert expected == ((filled.entity.id, filled.entity.label), _values(filled))


def test_filled_template_scores_the_published_total() -> None:
    pytest.importorskip("openpyxl")
    grid = _grid()
    (filled,) = load_results_table(FILLED, grid)
    expected = Fraction(15529983, 20000)  # 776,50
    assert expected == score(grid, filled).total.points


def test_mistyped_csv_differs_from_the_published_results_by_the_fraud_rate_only() -> None:
    grid = _grid()
    (mistyped,) = load_results_table(MISTYPED, grid)
    published = _values(load_results(PUBLISHED, grid))
    expected = {**published, "fraude": (Decimal("0.009446"), False)}
    assert expected == _values(mistyped)


def test_mistyped_csv_scores_as_the_page_says() -> None:
    grid = _grid()
    (mistyped,) = load_results_table(MISTYPED, grid)
    card = score(grid, mistyped)
    expected = Decimal("673.63")
    assert expected == card.points(card.total.points)


def test_mistyped_csv_is_french_excel_csv() -> None:
    data = MISTYPED.read_bytes()
    expected = (b"\xef\xbb\xbf", "Grille;cpg-2019-drsm")
    assert expected == (data[:3], data[3:].decode("utf-8").splitlines()[0])


@pytest.mark.parametrize("page", PILOT_PAGES)
def test_page_output_is_french(page: str) -> None:
    """Every output a pilots' page shows is generated in French (the default), not asked in English."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    in_english = [args for args in OUTPUT.findall(text) if "--lang en" in args]
    expected: list[str] = []
    assert expected == in_english


@pytest.mark.parametrize("page", ["pilotes.md", "getting-started.md", "index.md"])
def test_page_output_directives_run(page: str) -> None:
    """The build renders every `cpg-score:output` of the page (the command exits 0)."""
    if "xlsx" in (ROOT / "docs" / page).read_text(encoding="utf-8"):
        pytest.importorskip("openpyxl")
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    expanded = _hooks().expand(text)
    expected: list[str] = []
    assert expected == OUTPUT.findall(expanded)


def test_pilots_page_shows_the_total_and_the_warning() -> None:
    pytest.importorskip("openpyxl")
    expanded = _hooks().expand((ROOT / "docs" / "pilotes.md").read_text(encoding="utf-8"))
    missing = [text for text in ("776,50 / 1 000", "673,63", "94,46 %", "779,29") if text not in expanded]
    expected: list[str] = []
    assert expected == missing


def _recalculated_total(tmp_path: Path, fraud: float) -> tuple[object, object]:
    """The simulator of the filled template with the fraud rate typed `fraud`, as LibreOffice computes it."""
    import openpyxl

    from ._calc import recalculate

    target = tmp_path / "simulateur.xlsx"
    assert main(["score", str(GRID), str(FILLED), "--format", "xlsx", "-o", str(target)]) == 0
    book = openpyxl.load_workbook(target)
    sheet = book["drsm-centre-ouest"]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_col=1, max_col=1) if row[0].value}
    header = rows["Id"]
    columns = {cell.value: cell.column_letter for cell in sheet[header] if cell.value}
    sheet[f"{columns['Résultat']}{rows['fraude']}"] = fraud
    total = next(
        row[0].row
        for row in sheet.iter_rows(min_row=header + 1, min_col=2, max_col=2)
        if isinstance(row[0].value, str) and row[0].value.startswith("Résultat")
    )
    data = io.BytesIO()
    book.save(data)
    cells = recalculate(data.getvalue())["drsm-centre-ouest"]
    points = columns["Points obtenus"]
    return cells[f"{points}{rows['fraude']}"], cells[f"{points}{total}"]


def test_simulator_follows_a_changed_result_as_the_pages_say(tmp_path: Path) -> None:
    """Typing 97 % for the fraud rate in the simulator gives 106,70 and a total of 779,29."""
    pytest.importorskip("xlsxwriter")
    pytest.importorskip("openpyxl")
    from ._calc import require_soffice

    require_soffice()
    expected = (106.7, 779.29)
    assert expected == _recalculated_total(tmp_path, 0.97)


if __name__ == "__main__":
    FILLED.write_bytes(filled_template())
