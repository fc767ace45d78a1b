"""Spreadsheets in and out, on the CPAM 2017 grid: reading results from YAML, CSV and xlsx side by
side (per entity, at two sizes, to show loading is linear), and writing the simulator workbook and
the input template.

Used by `run.py` (its third table). The results are the generated CPAM entities of
`cpam_2017.py`; each is written once as YAML (`dump_results`) and all of them as one long CSV
table (one row per entity x indicator) and one xlsx workbook, then read back timed. Reading
checks once that the three give the same results.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Sequence

from cpg_score import Grid, Results, dump_results, load_results, load_results_table, score
from cpg_score.reports import render_bytes, render_template

Row = tuple[str, str, str]


def _written(results: Results) -> list[tuple[str, str]]:
    """Each result as a pilot would type it: the written form, `-`, or the number."""
    out = []
    for value in results.values:
        if value.neutralised is not None:
            out.append((value.id, "-"))
        elif value.written:
            out.append((value.id, value.written))
        else:
            out.append((value.id, str(value.value)))
    return out


def long_csv(entities: Sequence[Results]) -> bytes:
    """One French CSV table of every entity: `Entité;Id;Résultat`, UTF-8 with its BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Entité", "Id", "Résultat"])
    for results in entities:
        for item, text in _written(results):
            writer.writerow([results.entity.id, item, text.replace(".", ",")])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def long_xlsx(entities: Sequence[Results]) -> bytes | None:
    """The same table as an xlsx workbook (None without XlsxWriter)."""
    try:
        import xlsxwriter  # type: ignore[import-untyped]
    except ImportError:
        return None
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Résultats")
    sheet.write_row(0, 0, ["Entité", "Id", "Résultat"])
    row = 1
    for results in entities:
        for item, text in _written(results):
            sheet.write_row(row, 0, [results.entity.id, item])
            sheet.write_string(row, 2, text)
            row += 1
    book.close()
    return buffer.getvalue()


def _per_entity(seconds: float, count: int) -> str:
    return f"{seconds / count * 1e3:.2f} ms per entity ({seconds:.3f} s for {count:,})"


def _best(repeats: int, function: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _same(grid: Grid, a: Sequence[Results], b: Sequence[Results]) -> None:
    """The two readings score alike (exactly), entity by entity."""
    got = [score(grid, r).total.points for r in b]
    if [score(grid, r).total.points for r in a] != got:
        raise SystemExit("benchmark: the table's results differ from the YAML's")


def table(grid: Grid, entities: Sequence[Results], quick: bool) -> list[Row]:
    """Reading YAML, CSV and xlsx per entity at two sizes; writing the workbook and the template."""
    sizes = (50, 200) if quick else (200, 2000)
    repeats = 2 if quick else 3
    rows: list[Row] = []
    for size in sizes:
        chosen = entities[:size]
        texts = [dump_results(r).encode("utf-8") for r in chosen]
        yaml_s = _best(repeats, lambda texts=texts: [load_results(t, grid) for t in texts])
        rows.append((f"read {size:,} entities, one YAML file each", _per_entity(yaml_s, size), ""))
        data = long_csv(chosen)
        read = load_results_table(data, grid, name="resultats.csv")
        _same(grid, chosen, read)
        csv_s = _best(repeats, lambda data=data: load_results_table(data, grid, name="resultats.csv"))
        rows.append((f"read {size:,} entities, one CSV table", _per_entity(csv_s, size), "linear"))
        book = long_xlsx(chosen)
        if book is not None:
            xlsx_s = _best(repeats, lambda book=book: load_results_table(book, grid, name="resultats.xlsx"))
            rows.append((f"read {size:,} entities, one xlsx table", _per_entity(xlsx_s, size), "linear"))
    cards = [score(grid, r) for r in entities[:10]]
    try:
        wall = _best(repeats, lambda: render_bytes(cards[:1], "xlsx", "fr", grid=grid, results=entities[:1]))
        rows.append(("write the simulator workbook of one entity", f"{wall * 1e3:.1f} ms", ""))
        wall = _best(repeats, lambda: render_bytes(cards, "xlsx", "fr", grid=grid, results=entities[:10]))
        rows.append(("write the workbook of 10 entities (comparison)", f"{wall * 1e3:.1f} ms", ""))
        wall = _best(repeats, lambda: render_template(grid, "xlsx", "fr"))
        rows.append(("write the input template (xlsx)", f"{wall * 1e3:.1f} ms", ""))
    except Exception as exc:  # the report extra is optional here
        rows.append(("write the workbook", f"not measured ({type(exc).__name__})", ""))
    return rows
