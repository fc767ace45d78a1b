"""Results read from spreadsheets (`load_results_table`): the three layouts, CSV in its
encodings and separators, xlsx with several sheets, the cells' readings, and every bad table
(each problem at its cell, `file.xlsx:Feuille1!C7` or `file.csv:12:3`), API and CLI alike.

The golden files `tests/data/invalid/input-table-*.csv|xlsx` hold bad tables, each with its
`.expected` message (the file named relative to the repository root), scored on the 2019 grid.
The workbooks there and in `tests/data/tables/` are written by `tests/data/tables/make_tables.py`.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpg_score import (
    Limits,
    Problem,
    ProblemCode,
    Results,
    ResultsError,
    Unit,
    load_grid,
    load_results,
    load_results_table,
    score,
)
from cpg_score.cli import main
from cpg_score.errors import MissingExtraError, place_text
from cpg_score.io.reader import Reader
from cpg_score.io.table import TablePlaces, read_results_table
from cpg_score.model import Grid

from .conftest import GRID_2019, ROOT
from .strategies import SMALL_GRIDS, Fill, grids, pairs

TABLES = Path("tests/data/tables")
INVALID = Path("tests/data/invalid")
ENTITIES = ("drsm-centre-ouest", "drsm-aquitaine")
CASES = sorted(p.name for p in (ROOT / INVALID).glob("input-table-*") if p.suffix in (".csv", ".xlsx"))

SMALL_GRID = """id: g
label: G
period: 2017
total_points: 100
axes:
  - id: a
    label: A
    objectives:
      - id: o1
        label: O1
        points: 100
        indicators:
          - {id: bin, label: Oui ou non, unit: share, weight: 1, rule: {type: binary}}
          - {id: del, label: Livraison, unit: number, weight: 1, rule: {type: delay, due: "2017-06-30", step: "10 %"}}
          - {id: part, label: Part, unit: share, weight: 1, rule: {type: linear, floor: 50 %, target: 90 %}}
"""


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def grid() -> Grid:
    return load_grid(GRID_2019)


@pytest.fixture(scope="module")
def small() -> Grid:
    return load_grid(SMALL_GRID)


def _yaml(grid: Grid) -> list[Results]:
    return [load_results(ROOT / f"objectives/results/2019/{name}.yaml", grid) for name in ENTITIES]


def _figures(grid: Grid, results: Results) -> list[tuple[str, object, object]]:
    """Every figure of a scorecard: the total, each axis's and objective's rate and points."""
    card = score(grid, results)
    figures: list[tuple[str, object, object]] = [("total", card.total.points, card.total.max)]
    for axis in card.axes:
        figures.append((axis.id, axis.rate, axis.points))
        figures.extend((o.id, o.rate, o.points) for o in axis.objectives)
    return figures


def _openpyxl() -> Any:
    return pytest.importorskip("openpyxl")


def _xlsx(rows_by_sheet: dict[str, list[list[object]]], percent: tuple[int, int] | None = None) -> bytes:
    """A workbook of these sheets (the cell at `percent`, row and column, of each shown as a percent)."""
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in rows_by_sheet.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if percent is not None:
            sheet.cell(*percent).number_format = "0.00%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _problems(source: bytes, grid: Grid, name: str) -> list[tuple[int | None, int | None, ProblemCode]]:
    with pytest.raises(ResultsError) as caught:
        load_results_table(source, grid, name=name)
    return [(p.line, p.column, p.code) for p in caught.value.problems]


# -- the 2019 golden entities score as their YAML files -------------------------------------------


@pytest.mark.parametrize("table", ["golden-2019-long.csv", "golden-2019-wide.csv", "golden-2019-sheets.xlsx"])
def test_a_table_of_the_2019_entities_scores_as_the_yaml(grid: Grid, table: str) -> None:
    if table.endswith(".xlsx"):
        _openpyxl()
    expected = [_figures(grid, results) for results in _yaml(grid)]
    actual = [_figures(grid, results) for results in load_results_table(TABLES / table, grid)]
    assert expected == actual


def test_a_long_table_gives_the_yamls_values_and_entities(grid: Grid) -> None:
    expected = [(r.entity, [(v.id, v.value) for v in r.values]) for r in _yaml(grid)]
    found = load_results_table(TABLES / "golden-2019-long.csv", grid)
    assert expected == [(r.entity, [(v.id, v.value) for v in r.values]) for r in found]


def test_a_dash_with_a_comment_is_neutralised_for_that_reason(grid: Grid) -> None:
    found = load_results_table(TABLES / "golden-2019-long.csv", grid)
    expected = [r.get("transport").neutralised for r in _yaml(grid)]  # type: ignore[union-attr]
    assert expected == [r.get("transport").neutralised for r in found]  # type: ignore[union-attr]


def test_a_tab_separated_windows_1252_table_reads_as_utf_8(grid: Grid) -> None:
    text = (ROOT / TABLES / "golden-2019-long.csv").read_text(encoding="utf-8-sig")
    windows = text.replace(";", "\t").encode("cp1252")
    expected = load_results_table(TABLES / "golden-2019-long.csv", grid)
    assert expected == load_results_table(windows, grid, name="export.csv")


def test_a_comma_separated_table_with_quoted_decimal_commas_reads(grid: Grid) -> None:
    text = (ROOT / TABLES / "golden-2019-long.csv").read_text(encoding="utf-8-sig")
    rows = [",".join(f'"{cell}"' for cell in line.split(";")) for line in text.splitlines()]
    expected = load_results_table(TABLES / "golden-2019-long.csv", grid)
    assert expected == load_results_table("\n".join(rows).encode(), grid, name="export.csv")


# -- layouts and where the entity comes from -------------------------------------------------------


def _long_rows(results: Results) -> list[list[object]]:
    rows: list[list[object]] = [["Id", "Résultat"]]
    rows += [[v.id, "-" if v.neutralised else str(v.value)] for v in results.values]
    return rows


def test_without_an_entity_column_nor_meta_block_the_file_stem_is_the_entity(
    grid: Grid, tmp_path: Path
) -> None:
    yaml = _yaml(grid)[0]
    path = tmp_path / "DRSM Centre-Ouest.csv"
    path.write_text("\n".join(";".join(map(str, row)) for row in _long_rows(yaml)), encoding="utf-8")
    [found] = load_results_table(path, grid)
    expected = ("drsm-centre-ouest", "DRSM Centre-Ouest", _figures(grid, yaml))
    assert expected == (found.entity.id, found.entity.label, _figures(grid, found))


def test_in_a_workbook_each_sheet_is_an_entity_named_by_the_sheet(grid: Grid) -> None:
    yaml = _yaml(grid)
    data = _xlsx({r.entity.label: _long_rows(r) for r in yaml} | {"Lisez-moi": [["Id", "Résultat"]]})
    found = load_results_table(data, grid, name="resultats.xlsx")
    expected = [("drsm-centre-ouest", "DRSM Centre-Ouest"), ("drsm-aquitaine", "DRSM Aquitaine")]
    assert expected == [(r.entity.id, r.entity.label) for r in found]


def test_a_chart_sheet_is_no_table(small: Grid, tmp_path: Path) -> None:
    openpyxl = _openpyxl()
    from openpyxl.chart import BarChart, Reference

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Id", "Résultat"], ["bin", "oui"], ["del", "2017-06-30"], ["part", 0.9]):
        sheet.append(row)
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=4))
    book.create_chartsheet("Graphique").add_chart(chart)
    book.save(tmp_path / "e1.xlsx")
    assert 1 == len(load_results_table(tmp_path / "e1.xlsx", small))


def test_sheet_reads_one_sheet_only(grid: Grid) -> None:
    data = _xlsx({r.entity.label: _long_rows(r) for r in _yaml(grid)})
    [found] = load_results_table(data, grid, sheet="DRSM Aquitaine", name="resultats.xlsx")
    assert "drsm-aquitaine" == found.entity.id


def test_an_unknown_sheet_is_a_problem_with_a_did_you_mean(grid: Grid) -> None:
    data = _xlsx({r.entity.label: _long_rows(r) for r in _yaml(grid)})
    with pytest.raises(ResultsError) as caught:
        load_results_table(data, grid, sheet="DRSM Aquitane", name="resultats.xlsx")
    expected = "resultats.xlsx: no sheet 'DRSM Aquitane' in the workbook; did you mean 'DRSM Aquitaine'? @ $"
    assert expected == str(caught.value)


def test_the_meta_block_gives_the_entity_and_its_label(small: Grid) -> None:
    text = "Entité;cpam-x\nLibellé;CPAM X\n\nId;Résultat\nbin;oui\ndel;2017-06-30\npart;90 %\n"
    [found] = load_results_table(text.encode(), small, name="t.csv")
    assert ("cpam-x", "CPAM X") == (found.entity.id, found.entity.label)


def test_a_wide_table_takes_ids_or_labels_as_headers_in_english(small: Grid) -> None:
    text = "Entity,Name,bin,Livraison,part\ne1,E 1,yes,2017-07-15,0.9\ne2,E 2,no,-,50 %\n"
    found = load_results_table(text.encode(), small, name="t.csv")
    expected = [("e1", "E 1", Decimal(1), False), ("e2", "E 2", Decimal(0), True)]
    actual = [
        (r.entity.id, r.entity.label, r.get("bin").value, r.get("del").neutralised is not None) for r in found
    ]  # type: ignore[union-attr]
    assert expected == actual


def test_an_item_may_be_named_by_its_exact_label_in_the_id_column(small: Grid) -> None:
    text = "Indicateur;Résultat\nOui ou non;oui\nLivraison;2017-06-30\npart;0,9\n"
    [found] = load_results_table(text.encode(), small, name="t.csv")
    assert ["bin", "del", "part"] == [v.id for v in found.values]


def test_headers_are_compared_without_case_accents_or_spaces(small: Grid) -> None:
    text = "Mes résultats 2017\n ID ;R\u00c9SULTAT;Lib elle\nbin;oui;x\ndel;2017-06-30;y\npart;0,9;z\n"
    [found] = load_results_table(text.encode(), small, name="t.csv")
    assert Decimal("0.9") == found.get("part").value  # type: ignore[union-attr]


# -- cells -----------------------------------------------------------------------------------------


def test_a_cell_shown_as_a_percent_is_a_share_and_a_plain_number_too(small: Grid) -> None:
    rows: list[list[object]] = [["Id", "Résultat"], ["bin", True], ["del", "2017-06-30"], ["part", 0.8123]]
    shown = load_results_table(_xlsx({"e": rows}, percent=(4, 2)), small, name="t.xlsx")[0].get("part")
    plain = load_results_table(_xlsx({"e": rows}), small, name="t.xlsx")[0].get("part")
    assert (Decimal("0.8123"), Decimal("0.8123")) == (shown.value, plain.value)  # type: ignore[union-attr]


def test_a_date_cell_and_a_yes_no_cell_go_to_the_rule(small: Grid) -> None:
    import datetime as dt

    rows: list[list[object]] = [
        ["Id", "Résultat"],
        ["bin", False],
        ["del", dt.datetime(2017, 8, 15)],
        ["part", 0.9],
    ]
    [found] = load_results_table(_xlsx({"e": rows}), small, name="t.xlsx")
    expected = ("false", "2017-08-15")
    assert expected == (found.get("bin").written, found.get("del").written)  # type: ignore[union-attr]


def test_numerator_and_denominator_columns_give_the_share(small: Grid) -> None:
    text = "Id;Résultat;Numérateur;Dénominateur;Exclusions\nbin;oui;;;\ndel;2017-06-30;;;\npart;;80;110;10\n"
    [found] = load_results_table(text.encode(), small, name="t.csv")
    assert Decimal("0.8") == found.get("part").resolved  # type: ignore[union-attr]


def test_an_en_dash_is_neutralised(small: Grid) -> None:
    text = "Id;Résultat\nbin;\u2013\ndel;2017-06-30\npart;0,9\n"
    [found] = load_results_table(text.encode(), small, name="t.csv")
    assert found.get("bin").neutralised is not None  # type: ignore[union-attr]


def test_an_empty_cell_is_not_given(small: Grid) -> None:
    text = "Id;Résultat\nbin;\ndel;2017-06-30\npart;0,9\n"
    assert [(2, 2, ProblemCode.MISSING_RESULT)] == _problems(text.encode(), small, "t.csv")


def test_a_delivery_date_with_a_time_is_refused_at_its_cell(small: Grid) -> None:
    import datetime as dt

    rows: list[list[object]] = [
        ["Id", "Résultat"],
        ["bin", 1],
        ["del", dt.datetime(2017, 8, 15, 10, 30)],
        ["part", 0.9],
    ]
    assert [(3, 2, ProblemCode.OUT_OF_RANGE)] == _problems(_xlsx({"e": rows}), small, "t.xlsx")


# -- every bad table, API and CLI --------------------------------------------------------------------


def _expected(case: str) -> str:
    return (INVALID / (Path(case).stem + ".expected")).read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_a_bad_table_gives_its_exact_problems(grid: Grid, case: str) -> None:
    if case.endswith(".xlsx"):
        _openpyxl()
    with pytest.raises(ResultsError) as caught:
        load_results_table(INVALID / case, grid)
    assert _expected(case) == str(caught.value) + "\n"


@pytest.mark.parametrize("case", CASES)
def test_the_cli_exits_2_with_the_problems_of_a_bad_table(
    case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if case.endswith(".xlsx"):
        _openpyxl()
    code = main(["score", "--lang", "en", str(GRID_2019.relative_to(ROOT)), str(INVALID / case)])
    captured = capsys.readouterr()
    assert (2, _expected(case), "") == (code, captured.err, captured.out)


def test_every_problem_of_a_workbook_names_its_sheet(grid: Grid) -> None:
    _openpyxl()
    with pytest.raises(ResultsError) as caught:
        load_results_table(INVALID / "input-table-sheets.xlsx", grid)
    expected = ["DRSM Centre-Ouest", "DRSM Aquitaine", "DRSM Aquitaine", "DRSM Aquitaine"]
    assert expected == [p.sheet for p in caught.value.problems]


# -- limits, damaged files, the optional extra ------------------------------------------------------


def test_a_table_beyond_max_nodes_cells_is_refused(grid: Grid) -> None:
    with pytest.raises(ResultsError) as caught:
        load_results_table(TABLES / "golden-2019-long.csv", grid, limits=Limits(max_nodes=20))
    [problem] = caught.value.problems
    assert (ProblemCode.TOO_MANY_NODES, "raise Limits(max_nodes=...)") == (
        problem.code,
        problem.message[-len("raise Limits(max_nodes=...)") - 1 : -1],
    )


def test_a_table_beyond_max_bytes_is_refused(grid: Grid) -> None:
    with pytest.raises(ResultsError) as caught:
        load_results_table(TABLES / "golden-2019-long.csv", grid, limits=Limits(max_bytes=100))
    assert [ProblemCode.TOO_LARGE] == [p.code for p in caught.value.problems]


def test_a_workbook_unpacking_beyond_its_bound_is_refused(grid: Grid) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 1_000_000)
    with pytest.raises(ResultsError) as caught:
        load_results_table(out.getvalue(), grid, name="bomb.xlsx", limits=Limits(max_bytes=20_000))
    assert [ProblemCode.TOO_LARGE] == [p.code for p in caught.value.problems]


def test_bytes_starting_as_a_zip_archive_are_a_workbook(grid: Grid) -> None:
    data = (ROOT / TABLES / "golden-2019-sheets.xlsx").read_bytes()
    _openpyxl()
    assert 2 == len(load_results_table(data, grid))


def test_an_xls_workbook_is_refused_with_a_hint(grid: Grid) -> None:
    assert [(None, None, ProblemCode.UNREADABLE)] == _problems(b"\xd0\xcf\x11\xe0", grid, "old.xls")


def test_without_openpyxl_a_workbook_needs_the_report_extra(
    grid: Grid, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError) as caught:
        load_results_table(TABLES / "golden-2019-sheets.xlsx", grid)
    assert "python -m pip install '.[report]' in a clone of cpg-score" in str(caught.value)


def test_without_openpyxl_a_csv_table_reads(grid: Grid, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert 2 == len(load_results_table(TABLES / "golden-2019-long.csv", grid))


def test_the_cli_exits_2_without_openpyxl(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    code = main(["score", str(GRID_2019.relative_to(ROOT)), str(TABLES / "golden-2019-sheets.xlsx")])
    assert (2, 1) == (code, len(capsys.readouterr().err.splitlines()))


def test_reading_a_csv_table_imports_no_spreadsheet_library() -> None:
    code = (
        "import sys; from cpg_score import load_grid, load_results_table; "
        f"load_results_table({str(TABLES / 'golden-2019-long.csv')!r}, load_grid({str(GRID_2019)!r})); "
        "print(sorted(m for m in ('openpyxl', 'xlsxwriter') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "[]\n" == done.stdout


# -- the command line ------------------------------------------------------------------------------


def test_score_reads_a_table_of_one_entity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / TABLES / "golden-2019-long.csv").read_text(encoding="utf-8-sig")
    one = "\n".join(line for line in text.splitlines() if "aquitaine" not in line)
    (tmp_path / "co.csv").write_text(one, encoding="utf-8")
    code = main(["score", str(GRID_2019), str(tmp_path / "co.csv"), "--lang", "en"])
    assert (0, True) == (code, "776.50 / 1,000" in capsys.readouterr().out)


def test_a_command_taking_one_entity_names_the_entities_of_a_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(
        ["score", "--lang", "en", str(GRID_2019.relative_to(ROOT)), str(TABLES / "golden-2019-long.csv")]
    )
    expected = (
        f"{TABLES / 'golden-2019-long.csv'}: the table holds 2 entities (drsm-centre-ouest, drsm-aquitaine): "
        "choose one with --entity ID\n"
    )
    assert (2, expected) == (code, capsys.readouterr().err)


# -- where a problem is ------------------------------------------------------------------------------


def test_a_problem_in_a_sheet_prints_its_cell() -> None:
    problem = Problem(message="m", file="f.xlsx", line=7, column=3, sheet="Feuille1", path="$.x")
    assert "f.xlsx:Feuille1!C7: m @ $.x" == str(problem)


def test_a_sheet_name_with_a_space_is_quoted_as_in_a_spreadsheet() -> None:
    problem = Problem(message="m", file="f.xlsx", line=2, column=28, sheet="Mes résultats")
    assert "f.xlsx:'Mes résultats'!AB2: m @ $" == str(problem)


def test_a_problem_of_a_whole_sheet_prints_the_sheet() -> None:
    assert "f.xlsx:Feuille1: m @ $" == str(Problem(message="m", file="f.xlsx", sheet="Feuille1"))


def test_a_problems_sheet_is_in_its_dict() -> None:
    problem = Problem(message="m", file="f.xlsx", line=1, column=1, sheet="S")
    assert "S" == problem.to_dict()["sheet"]


def test_a_readers_sheet_is_copied_into_its_problems() -> None:
    reader = Reader("f.xlsx", sheet="Feuille1")
    reader.error(None, "$.x", "m")
    assert "Feuille1" == reader.problems[0].sheet


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.decimals(min_value=0, max_value=1, places=5, allow_nan=False))
def test_a_share_written_in_french_reads_exactly(small: Grid, share: Decimal) -> None:
    text = f"Id;Résultat\nbin;oui\ndel;2017-06-30\npart;{str(share * 100).replace('.', ',')} %\n"
    [found] = load_results_table(text.encode(), small, name="t.csv")
    assert share == found.get("part").value  # type: ignore[union-attr]


# -- more layouts and cells ----------------------------------------------------------------------


def test_a_sep_line_as_excel_writes_it_gives_the_separator(small: Grid) -> None:
    text = 'sep=,\nId,Résultat\nbin,oui\ndel,2017-06-30\npart,"0,9"\n'
    [found] = load_results_table(text.encode(), small, name="t.csv")
    assert Decimal("0.9") == found.get("part").value  # type: ignore[union-attr]


def test_a_meta_key_without_its_value_is_not_given(small: Grid) -> None:
    text = "Grille;\nEntité;\n\nId;Résultat\nbin;oui\ndel;2017-06-30\npart;0,9\n"
    [found] = load_results_table(text.encode(), small, name="cpam-x.csv")
    assert ("cpam-x", "g") == (found.entity.id, found.grid)


def test_a_row_with_nothing_given_is_left_out(small: Grid) -> None:
    text = "Id;Libellé;Résultat\na;Axe A;\no1;Objectif 1;\nbin;Oui ou non;oui\ndel;;2017-06-30\npart;;0,9\n;Cellules à remplir;\n"
    [found] = load_results_table(text.encode(), small, name="t.csv")
    assert ["bin", "del", "part"] == [v.id for v in found.values]


def test_a_wide_tables_comment_is_the_entitys(small: Grid) -> None:
    text = "Entité;Commentaire;bin;del;part\ne1;Provisoire;oui;2017-06-30;0,9\n"
    [found] = load_results_table(text.encode(), small, name="t.csv")
    assert "Provisoire" == found.comment


def test_an_entity_in_the_meta_block_of_a_table_of_several_is_a_problem(small: Grid) -> None:
    text = "Entité;e0\nEntité;Id;Résultat\ne1;bin;oui\ne1;del;2017-06-30\ne1;part;0,9\n"
    assert [(1, 2, ProblemCode.INVALID)] == _problems(text.encode(), small, "t.csv")


def test_a_result_without_its_entity_in_a_table_of_several_is_a_problem(small: Grid) -> None:
    text = "Entité;Id;Résultat\ne1;bin;oui\n;del;2017-06-30\ne1;del;2017-06-30\ne1;part;0,9\n"
    assert [(3, 3, ProblemCode.MISSING_KEY)] == _problems(text.encode(), small, "t.csv")


def test_a_column_given_twice_is_a_problem(small: Grid) -> None:
    text = "Id;Résultat;Valeur\nbin;oui;\ndel;2017-06-30;\npart;0,9;\n"
    assert [(1, 3, ProblemCode.DUPLICATE_KEY)] == _problems(text.encode(), small, "t.csv")


def test_a_result_of_a_whole_workbook_keeps_its_tables_order(grid: Grid) -> None:
    _openpyxl()
    found = load_results_table(TABLES / "golden-2019-sheets.xlsx", grid)
    assert list(ENTITIES) == [r.entity.id for r in found]


_MUTATIONS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["golden-2019-long.csv", "golden-2019-sheets.xlsx"]), _MUTATIONS, st.integers(0, 10**6)
)
def test_a_damaged_table_gives_results_or_a_results_error(
    grid: Grid, table: str, mutations: list[tuple[int, int]], cut: int
) -> None:
    if table.endswith(".xlsx"):
        _openpyxl()
    data = bytearray((ROOT / TABLES / table).read_bytes())
    for place, byte in mutations:
        data[place % len(data)] = byte
    with contextlib.suppress(ResultsError):  # anything else (a traceback) fails the test
        load_results_table(bytes(data[: max(1, cut % (len(data) + 1))]), grid, name=table)


# -- property: any results written as a table read back the same ----------------------------------

_TABLE_RESULTS = Fill(forms=("neutralised", "fraction", "value", "value"), whole=True)


def _cell(number: Decimal | None, percent: bool) -> str:
    if number is None:
        return ""
    text = f"{number.scaleb(2):f} %" if percent else f"{number:f}"
    return text.replace(".", ",")


def _table_of(results: Results, grid: Grid, percent: bool) -> bytes:
    """`results` as French Excel saves a table of one row per item (shares as percents or not)."""
    units = {item: grid.unit_of(item) for item in grid.scored_ids()}
    lines = ["Entité;Libellé entité;Id;Résultat;Numérateur;Dénominateur;Exclusions;Commentaire"]
    for v in results.values:
        share = percent and units[v.id] is Unit.SHARE
        result = "-" if v.neutralised is not None else _cell(v.value, share)
        fraction = [_cell(n, False) for n in (v.numerator, v.denominator, v.exclusions)]
        cells = [results.entity.id, results.entity.label, v.id, result, *fraction, v.neutralised or ""]
        lines.append(";".join(cells))
    return "\ufeff".encode() + "\r\n".join(lines).encode("utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs(grids(shape=SMALL_GRIDS), _TABLE_RESULTS), st.booleans())
def test_results_written_as_a_table_read_back_the_same(case: tuple[Grid, Results], percent: bool) -> None:
    grid, results = case
    [found] = load_results_table(_table_of(results, grid, percent), grid, name="t.csv")
    assert (results.entity, results.values) == (found.entity, found.values)


# -- after review: unfilled tables, places, names, variants, limits ---------------------------------


def test_a_table_without_any_result_gives_every_item_without_one(small: Grid) -> None:
    problems = _problems(b"Id;R\xc3\xa9sultat\r\n", small, "x.csv")
    assert [ProblemCode.MISSING_RESULT] * 3 == [code for _, _, code in problems]


def test_a_table_of_entities_without_any_result_is_a_no_results_problem(small: Grid) -> None:
    text = "Entité;Id;Résultat\ne1;bin;\ne1;part;\n"
    assert [(1, 1, ProblemCode.NO_RESULTS)] == _problems(text.encode(), small, "t.csv")


def test_a_missing_result_says_how_a_table_neutralises_it(small: Grid) -> None:
    text = "Id;Résultat\nbin;\ndel;2017-06-30\npart;0,9\n"
    with pytest.raises(ResultsError) as caught:
        load_results_table(text.encode(), small, name="t.csv")
    expected = (
        "t.csv:2:2: indicator 'bin' has no result and is not neutralised "
        '(type "-" in its Résultat cell, the reason in Commentaire, to neutralise it) @ $.results.bin'
    )
    assert expected == str(caught.value)


def test_a_wide_tables_missing_result_is_placed_at_its_empty_cell(small: Grid) -> None:
    text = "Entité;bin;del;part\ne1;oui;;0,9\n"
    assert [(2, 3, ProblemCode.MISSING_RESULT)] == _problems(text.encode(), small, "t.csv")


def test_a_yaml_missing_result_is_placed_on_its_item_path() -> None:
    grid = load_grid(SMALL_GRID)
    text = "entity: e\ngrid: g\nperiod: 2017\nresults:\n  bin: oui\n  del: 2017-06-30\n"
    with pytest.raises(ResultsError) as caught:
        load_results(text, grid)
    assert ["$.results.part"] == [p.path for p in caught.value.problems]


@pytest.mark.parametrize("sheet", ["Résultats", "Results"])
def test_the_templates_sheet_name_is_no_entity_name(small: Grid, sheet: str, tmp_path: Path) -> None:
    path = tmp_path / "CPAM Gironde.xlsx"
    path.write_bytes(
        _xlsx({sheet: [["Id", "Résultat"], ["bin", "oui"], ["del", "2017-06-30"], ["part", "90 %"]]})
    )
    [found] = load_results_table(path, small)
    assert ("cpam-gironde", "CPAM Gironde") == (found.entity.id, found.entity.label)


def test_a_sheet_name_that_is_an_id_is_slugged_as_any_other(small: Grid) -> None:
    rows: list[list[object]] = [["Id", "Résultat"], ["bin", "oui"], ["del", "2017-06-30"], ["part", "90 %"]]
    [found] = load_results_table(_xlsx({"Ancien": rows}), small, name="r.xlsx")
    assert ("ancien", "Ancien") == (found.entity.id, found.entity.label)


def test_a_hidden_sheet_is_read_only_when_named(small: Grid) -> None:
    openpyxl = _openpyxl()
    rows: list[list[object]] = [["Id", "Résultat"], ["bin", "oui"], ["del", "2017-06-30"], ["part", "90 %"]]
    book = openpyxl.load_workbook(io.BytesIO(_xlsx({"DRSM A": rows, "Ancien": rows})))
    book["Ancien"].sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    every = [r.entity.id for r in load_results_table(data, small, name="r.xlsx")]
    named = [r.entity.id for r in load_results_table(data, small, name="r.xlsx", sheet="Ancien")]
    assert (["drsm-a"], ["ancien"]) == (every, named)


def test_a_variante_meta_row_chooses_the_points_variant() -> None:
    grid = load_grid(ROOT / "objectives/maladie-cti-2017.yaml")
    yaml = load_results(ROOT / "objectives/results/illustrative/maladie-cti-2017-variant-cicoa.yaml", grid)
    rows = [["Variante", "cicoa"], ["Entité", yaml.entity.id], *_long_rows(yaml)]
    text = "\n".join(";".join(map(str, row)) for row in rows)
    [found] = load_results_table(text.encode(), grid, name="cti.csv")
    assert (score(grid, yaml).total.points, "cicoa") == (score(grid, found).total.points, found.variant)


def test_a_misspelt_meta_key_is_a_problem_with_a_did_you_mean(small: Grid) -> None:
    text = "Entiter;e1\nId;Résultat\nbin;oui\ndel;2017-06-30\npart;90 %\n"
    with pytest.raises(ResultsError) as caught:
        load_results_table(text.encode(), small, name="t.csv")
    expected = "t.csv:1:1: unknown row 'Entiter' above the header row; did you mean 'Entité'? @ $"
    assert expected == str(caught.value)


@pytest.mark.parametrize("bom", ["utf-16-le", "utf-16-be"])
def test_a_utf_16_csv_with_its_byte_order_mark_reads(grid: Grid, bom: str) -> None:
    text = (ROOT / TABLES / "golden-2019-long.csv").read_text(encoding="utf-8-sig")
    data = ("\ufeff" + text).encode(bom)
    expected = load_results_table(TABLES / "golden-2019-long.csv", grid)
    assert expected == load_results_table(data, grid, name="unicode.csv")


def test_a_stray_far_cell_counts_one_cell_against_max_nodes(small: Grid) -> None:
    openpyxl = _openpyxl()
    rows: list[list[object]] = [["Id", "Résultat"], ["bin", "oui"], ["del", "2017-06-30"], ["part", "90 %"]]
    book = openpyxl.load_workbook(io.BytesIO(_xlsx({"Feuille1": rows})))
    book["Feuille1"].cell(5000, 2000).value = "x"
    out = io.BytesIO()
    book.save(out)
    problems = _problems(out.getvalue(), small, "far.xlsx")
    assert [(5000, 2000, ProblemCode.UNKNOWN_KEY)] == problems


def test_a_table_spanning_too_many_empty_cells_is_refused(small: Grid) -> None:
    text = "Id;Résultat\nbin;oui\n" + ";" * 2000 + "\n"
    with pytest.raises(ResultsError) as caught:
        load_results_table(text.encode(), small, name="t.csv", limits=Limits(max_nodes=10))
    assert [ProblemCode.TOO_MANY_NODES] == [p.code for p in caught.value.problems]


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_an_xls_or_ods_workbook_says_save_it_as_xlsx(grid: Grid, suffix: str) -> None:
    with pytest.raises(ResultsError) as caught:
        load_results_table(b"\xd0\xcf\x11\xe0", grid, name=f"old{suffix}")
    assert "save it as .xlsx" in str(caught.value)


def test_a_sheet_named_like_a_cell_is_quoted() -> None:
    problem = Problem(message="m", file="x3.xlsx", line=2, column=2, sheet="A1")
    assert "x3.xlsx:'A1'!B2: m @ $" == str(problem)


def test_a_sheet_named_like_an_r1c1_reference_is_quoted() -> None:
    assert "f.xlsx:'R1C1'!B2" == place_text("f.xlsx", 2, 2, "R1C1")


def test_a_tables_places_name_each_values_cell(grid: Grid) -> None:
    places: TablePlaces = {}
    read_results_table(TABLES / "golden-2019-long.csv", grid, places=places)
    assert (str(TABLES / "golden-2019-long.csv"), 11, 4, None) == places[("drsm-centre-ouest", "fraude")]


def test_a_workbooks_places_name_the_sheet(grid: Grid) -> None:
    _openpyxl()
    places: TablePlaces = {}
    read_results_table(TABLES / "golden-2019-sheets.xlsx", grid, places=places)
    assert "DRSM Aquitaine" == places[("drsm-aquitaine", "fraude")][3]


def test_one_uncached_formula_hides_only_its_own_cells_missing_result(small: Grid) -> None:
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Feuille1"
    for row in [["Id", "Résultat"], ["bin", "=1"], ["del", None], ["part", "90 %"]]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    problems = _problems(out.getvalue(), small, "f.xlsx")
    assert [(2, 2, ProblemCode.NO_CACHED_VALUE), (3, 2, ProblemCode.MISSING_RESULT)] == problems


def test_a_number_in_cible_other_than_the_grids_is_the_entitys_target(small: Grid) -> None:
    text = "Id;Seuil;Cible;Résultat\nbin;—;oui;oui\ndel;;30/06/2017;2017-06-30\npart;50 %;80 %;80 %\n"
    [found] = load_results_table(text.encode(), small, name="t.csv")
    part = found.get("part")
    assert (None, Decimal("0.8")) == (part.floor, part.target)  # type: ignore[union-attr]


def test_the_grids_own_bounds_in_seuil_and_cible_give_nothing(small: Grid) -> None:
    text = "Id;Seuil;Cible;Résultat\nbin;—;oui;oui\ndel;;;2017-06-30\npart;50 %;90 %;80 %\n"
    [found] = load_results_table(text.encode(), small, name="t.csv")
    assert False is found.has_bounds


def test_a_bound_a_rule_cannot_take_is_a_problem_at_its_cell(small: Grid) -> None:
    text = "Id;Seuil;Cible;Résultat\nbin;;;oui\ndel;5;;2017-06-30\npart;;;80 %\n"
    with pytest.raises(ResultsError) as caught:
        load_results_table(text.encode(), small, name="t.csv")
    expected = (
        "t.csv:3:2: '5' differs from the grid's floor (Seuil) of 'del', which a table cannot change "
        "(delay rule): write the grid's or clear the cell; an entity's own bounds go in a targets "
        "file (--targets) @ $.results.del"
    )
    assert expected == str(caught.value)


def test_the_pilots_own_target_changes_the_score(small: Grid) -> None:
    rows = "bin;;;oui\ndel;;;2017-06-30\n"
    grid_bounds = load_results_table(
        f"Id;Seuil;Cible;Résultat\n{rows}part;;;80 %\n".encode(), small, name="t.csv"
    )
    own = load_results_table(
        f"Id;Seuil;Cible;Résultat\n{rows}part;;80 %;80 %\n".encode(), small, name="t.csv"
    )
    assert score(small, grid_bounds[0]).total.points < score(small, own[0]).total.points


def test_an_english_thousands_comma_in_cible_may_be_the_grids_target() -> None:
    grid = load_grid(
        SMALL_GRID.replace(
            "{type: linear, floor: 50 %, target: 90 %}", "{type: linear, floor: 1000, target: 2000}"
        ).replace(
            "unit: share, weight: 1, rule: {type: linear", "unit: count, weight: 1, rule: {type: linear"
        )
    )
    text = 'Id,Floor,Target,Result\nbin,,,yes\ndel,,,2017-06-30\npart,"1,000","2,000",1500\n'
    [found] = load_results_table(text.encode(), grid, name="t.csv")
    assert False is found.has_bounds
