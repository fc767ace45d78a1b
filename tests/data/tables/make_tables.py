"""Write the table fixtures of `tests/test_table.py` from the 2019 golden YAML results.

Run from the repository root (needs openpyxl, the `report` extra):

    python tests/data/tables/make_tables.py

It writes, here: `golden-2019-long.csv` (French Excel's CSV: `;`, decimal comma, BOM, one row per
entity and objective), `golden-2019-wide.csv` (`,`, English headers, one row per entity, the
objectives' labels as headers) and `golden-2019-sheets.xlsx` (a sheet per entity with its meta
block, results shown as percents, and a `Notes` sheet); and in `tests/data/invalid/` the
`input-table-*.xlsx` workbooks of the invalid-table corpus.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from cpg_score import load_grid, load_results
from cpg_score.model import Grid, Results

HERE = Path(__file__).parent
INVALID = HERE.parent / "invalid"
GRID = load_grid(Path("objectives/cpg-2019-drsm.yaml"))
ENTITIES = ("drsm-centre-ouest", "drsm-aquitaine")


def golden() -> list[Results]:
    """The 2019 golden results, as the YAML files give them."""
    return [load_results(Path(f"objectives/results/2019/{name}.yaml"), GRID) for name in ENTITIES]


def _french(value: object) -> str:
    return f"{value * 100} %".replace(".", ",")  # type: ignore[operator]


def long_csv(entities: list[Results]) -> bytes:
    """One row per entity and objective, as French Excel writes CSV."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Grille", GRID.id])
    writer.writerow(["Période", GRID.period])
    writer.writerow([])
    writer.writerow(["Entité", "Libellé entité", "Indicateur", "Résultat", "Commentaire"])
    for results in entities:
        for value in results.values:
            row = ["-", value.neutralised] if value.neutralised is not None else [_french(value.value), ""]
            writer.writerow([results.entity.id, results.entity.label, value.id, *row])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def wide_csv(entities: list[Results], grid: Grid) -> bytes:
    """One row per entity, one column per objective headed by its label (English headers)."""
    labels = {objective.id: objective.label for _, objective in grid.objectives()}
    ids = [value.id for value in entities[0].values]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", lineterminator="\n")
    writer.writerow(["Entity", "Name", *(labels[i] for i in ids)])
    for results in entities:
        cells = ["-" if results.get(i).neutralised else str(results.get(i).value) for i in ids]  # type: ignore[union-attr]
        writer.writerow([results.entity.id, results.entity.label, *cells])
    return out.getvalue().encode("utf-8")


def sheets_xlsx(entities: list[Results]) -> openpyxl.Workbook:
    """A sheet per entity (its meta block, then a row per objective, results shown as percents)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for results in entities:
        sheet = book.create_sheet(results.entity.label)
        for row in (["Grille", GRID.id], ["Période", GRID.period], ["Entité", results.entity.id], []):
            sheet.append(row)
        sheet.append(["Axe", "Id", "Libellé", "Résultat", "Commentaire"])
        for value in results.values:
            if value.neutralised is not None:
                sheet.append(["", value.id, "", "-", value.neutralised])
                continue
            sheet.append(["", value.id, "", float(value.value)])  # type: ignore[arg-type]
            sheet.cell(sheet.max_row, 4).number_format = "0.00%"
    book.create_sheet("Notes").append(["Les résultats publiés de 2019."])
    return book


def _save(book: openpyxl.Workbook, path: Path) -> None:
    book.save(path)
    print(f"wrote {path}")


def invalid_xlsx(entities: list[Results]) -> None:
    """The workbooks of the invalid-table corpus."""
    book = sheets_xlsx(entities)
    first, second = book.worksheets[0], book.worksheets[1]
    first["D8"] = "quatre-vingt"  # a result that is no number
    second["B8"] = "egalite-acces"  # given twice on the sheet
    second["B17"] = "fraudes"  # an extra row, an unknown id
    second["D17"] = 0.5
    _save(book, INVALID / "input-table-sheets.xlsx")
    book = sheets_xlsx(entities[:1])
    book.worksheets[0]["D7"] = "=0.5+0.49"  # openpyxl writes no cached value
    _save(book, INVALID / "input-table-formula.xlsx")


def main() -> None:
    entities = golden()
    (HERE / "golden-2019-long.csv").write_bytes(long_csv(entities))
    (HERE / "golden-2019-wide.csv").write_bytes(wide_csv(entities, GRID))
    _save(sheets_xlsx(entities), HERE / "golden-2019-sheets.xlsx")
    invalid_xlsx(entities)


if __name__ == "__main__":
    main()
