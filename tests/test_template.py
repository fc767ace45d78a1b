"""The input template of a grid (`render_template`, `cpg-score template`): its layout, units,
floors and targets, data validation, notes, page setup, and the round trip: the filled template
read back with `load_results_table` scores as the YAML results do, for every shipped grid and
every rule type."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import cpg_score.io
from cpg_score import (
    Entity,
    Grid,
    Results,
    ResultValue,
    Scorecard,
    TargetPolicy,
    load_grid,
    load_results,
    score,
)
from cpg_score.cli import _main, main
from cpg_score.cli._template import TEMPLATE
from cpg_score.model.rules.registry import RULES
from cpg_score.reports import render_template

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019
from .strategies import ALL_RULES_RESULTS, all_rules_grids, pairs

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

#: The reader of filled templates (the spreadsheet input), when it has landed.
load_results_table = getattr(cpg_score.io, "load_results_table", None)
needs_reader = pytest.mark.skipif(load_results_table is None, reason="load_results_table not available")

HEADER_FR = ["Axe", "Id", "Libellé", "Unité", "Seuil", "Cible", "Points", "Résultat", "Commentaire"]
HEADER_EN = ["Axis", "Id", "Label", "Unit", "Floor", "Target", "Points", "Result", "Comment"]
GRIDS = sorted(OBJECTIVES.glob("*.yaml"))
#: The results scored with each shipped grid: its illustrative file, or a published entity.
SPECIAL = {
    "cpg-2019-drsm": RESULTS_2019 / "drsm-centre-ouest.yaml",
    "elsm-2019-local": RESULTS_2019 / "elsm" / "elsm-bayonne.yaml",
}


@pytest.fixture(autouse=True)
def _registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command is registered in `cli/_main.py` by its owner; until then, for these tests."""
    if TEMPLATE not in _main.COMMANDS:
        monkeypatch.setattr(_main, "COMMANDS", (*_main.COMMANDS, TEMPLATE))


@pytest.fixture(scope="module")
def grid_ugecam() -> Grid:
    return load_grid(OBJECTIVES / "maladie-ugecam-2017.yaml")


def _book(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def _values(ws: Any) -> list[list[object]]:
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def _header_row(ws: Any) -> int:
    """The 1-based row of the header (the row whose second cell is `Id`)."""
    return next(row[0].row for row in ws.iter_rows() if row[1].value == "Id")


def _data(ws: Any) -> list[dict[str, Any]]:
    """The data rows as dicts by header word."""
    head = _header_row(ws)
    names = [cell.value for cell in ws[head]]
    return [dict(zip(names, row, strict=False)) for row in ws.iter_rows(min_row=head + 1, values_only=True)]


def _csv_rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


# Layout.


def test_xlsx_header_is_french_by_default(grid_2019: Grid) -> None:
    ws = _book(render_template(grid_2019)).worksheets[0]
    assert HEADER_FR == [cell.value for cell in ws[_header_row(ws)]]


def test_xlsx_header_in_english(grid_2019: Grid) -> None:
    ws = _book(render_template(grid_2019, "xlsx", "en")).worksheets[0]
    assert HEADER_EN == [cell.value for cell in ws[_header_row(ws)]]


def test_a_baseline_column_when_a_rule_reads_one(grid_ugecam: Grid) -> None:
    ws = _book(render_template(grid_ugecam)).worksheets[0]
    expected = [*HEADER_FR[:8], "Référence", "Commentaire"]
    assert expected == [cell.value for cell in ws[_header_row(ws)]]


def test_meta_block_names_grid_period_and_entity(grid_2019: Grid) -> None:
    data = render_template(grid_2019, entity=Entity(id="drsm-co", label="DRSM Centre-Ouest"))
    ws = _book(data).worksheets[0]
    expected = [
        ["Grille", "cpg-2019-drsm"],
        ["Période", "2019"],
        ["Entité", "drsm-co"],
        ["Libellé", "DRSM Centre-Ouest"],
    ]
    assert expected == [row[:2] for row in _values(ws)[:4]]


def test_meta_block_entity_cells_empty_without_entity(grid_2019: Grid) -> None:
    ws = _book(render_template(grid_2019)).worksheets[0]
    assert [None, None] == [ws["B3"].value, ws["B4"].value]


@pytest.mark.parametrize("path", GRIDS, ids=[p.stem for p in GRIDS])
def test_one_row_per_scored_item_in_grid_order(path: Path) -> None:
    grid = load_grid(path)
    rows = _data(_book(render_template(grid)).worksheets[0])
    assert list(grid.scored_ids()) == [row["Id"] for row in rows]


def test_rows_carry_labels_and_axis_labels(grid_2019: Grid) -> None:
    first = _data(_book(render_template(grid_2019)).worksheets[0])[0]
    expected = ("AXE 1 - Accessibilité du système de soins", "Accompagnement des publics fragilisés")
    assert expected == (first["Axe"], first["Libellé"])


def test_units_in_words(grid_ugecam: Grid) -> None:
    rows = {row["Id"]: row["Unité"] for row in _data(_book(render_template(grid_ugecam)).worksheets[0])}
    expected = ("nombre", "oui/non", "part (%)", "euros")
    actual = (
        rows["places-autisme"],
        rows["depot-demandes-agrement"],
        rows["realisation-actions-pssi"],
        rows["montant-contribution-agefiph"],
    )
    assert expected == actual


def test_delay_rule_unit_is_a_date() -> None:
    grid = load_grid(OBJECTIVES / "maladie-cnamts-2017.yaml")
    rows = {row["Id"]: row for row in _data(_book(render_template(grid, "xlsx", "en")).worksheets[0])}
    row = rows["lancement-plan-accompagnement"]
    assert ("date", "2017-06-30") == (row["Unit"], row["Target"].date().isoformat())


def test_share_floor_and_target_are_percent_cells(grid_ugecam: Grid) -> None:
    ws = _book(render_template(grid_ugecam)).worksheets[0]
    head = _header_row(ws)
    row = next(r for r in ws.iter_rows(min_row=head + 1) if r[1].value == "realisation-actions-pssi")
    floor, target = row[4], row[5]
    expected = (0.4, 0.75, True, True)
    assert expected == (floor.value, target.value, "%" in floor.number_format, "%" in target.number_format)


def test_steps_rule_is_described_in_the_floor_cell() -> None:
    grid = load_grid(OBJECTIVES / "famille-caf-2017.yaml")
    rows = {row["Id"]: row for row in _data(_book(render_template(grid)).worksheets[0])}
    expected = "paliers\u00a0: ≥ 75\u00a0% → 40\u00a0%\u00a0; ≥ 80\u00a0% → 80\u00a0%\u00a0; ≥ 85\u00a0% → 100\u00a0%"
    assert expected == rows["pieces-15-jours"]["Seuil"]


def test_relative_bounds_read_from_the_baseline(grid_ugecam: Grid) -> None:
    rows = {row["Id"]: row for row in _data(_book(render_template(grid_ugecam)).worksheets[0])}
    expected = ("référence", "référence + 5\u00a0%")
    assert expected == (
        rows["entrees-affection-neurologique"]["Seuil"],
        rows["entrees-affection-neurologique"]["Cible"],
    )


def test_indicator_points_are_its_share_of_the_objective() -> None:
    grid = load_grid(OBJECTIVES / "famille-caf-2017.yaml")
    rows = _data(_book(render_template(grid)).worksheets[0])
    expected = {}
    for _, objective in grid.objectives():
        weights = sum(Fraction(i.weight) for i in objective.indicators)
        for i in objective.indicators:
            expected[i.id] = round(float(Fraction(objective.points) * Fraction(i.weight) / weights), 2)
    assert expected == {row["Id"]: row["Points"] for row in rows if row["Id"] in expected}


# Data validation, notes, page setup.


def _validations(ws: Any) -> dict[str, Any]:
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


def _result_cell(ws: Any, item_id: str, column: str = "Résultat") -> str:
    head = _header_row(ws)
    col = [cell.value for cell in ws[head]].index(column)
    row = next(r for r in ws.iter_rows(min_row=head + 1) if r[1].value == item_id)
    return str(row[col].coordinate)


def test_share_validation_is_between_0_and_1_shown_as_percent(grid_ugecam: Grid) -> None:
    ws = _book(render_template(grid_ugecam)).worksheets[0]
    cell = _result_cell(ws, "realisation-actions-pssi")
    dv = _validations(ws)[cell]
    expected = ("custom", f'OR({cell}="-",AND(ISNUMBER({cell}),{cell}>=0,{cell}<=1))', True)
    assert expected == (dv.type, dv.formula1, "%" in ws[cell].number_format)


def test_count_validation_is_zero_or_more(grid_ugecam: Grid) -> None:
    ws = _book(render_template(grid_ugecam)).worksheets[0]
    cell = _result_cell(ws, "places-autisme")
    expected = f'OR({cell}="-",AND(ISNUMBER({cell}),{cell}>=0))'
    assert expected == _validations(ws)[cell].formula1


def test_yes_no_validation_is_a_list(grid_ugecam: Grid) -> None:
    ws = _book(render_template(grid_ugecam)).worksheets[0]
    dv = _validations(ws)[_result_cell(ws, "depot-demandes-agrement")]
    assert ("list", '"oui,non,-"') == (dv.type, dv.formula1)


def test_yes_no_list_in_english(grid_ugecam: Grid) -> None:
    ws = _book(render_template(grid_ugecam, "xlsx", "en")).worksheets[0]
    dv = _validations(ws)[_result_cell(ws, "depot-demandes-agrement", "Result")]
    assert '"yes,no,-"' == dv.formula1


def test_delay_validation_takes_a_date_cell() -> None:
    grid = load_grid(OBJECTIVES / "maladie-cnamts-2017.yaml")
    ws = _book(render_template(grid)).worksheets[0]
    cell = _result_cell(ws, "lancement-plan-accompagnement")
    expected = (f'OR({cell}="-",AND(ISNUMBER({cell}),{cell}>=1))', "dd/mm/yyyy")
    assert expected == (_validations(ws)[cell].formula1, ws[cell].number_format)


def test_count_rule_with_refusal_accepts_the_word() -> None:
    grid = load_grid(OBJECTIVES / "famille-caf-2017.yaml")
    ws = _book(render_template(grid)).worksheets[0]
    cell = _result_cell(ws, "validation-comptes")
    assert f'LOWER({cell})="refus"' in _validations(ws)[cell].formula1


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("path", GRIDS, ids=[p.stem for p in GRIDS])
def test_every_result_cell_has_validation_and_an_input_message(path: Path, lang: str) -> None:
    grid = load_grid(path)
    ws = _book(render_template(grid, "xlsx", lang)).worksheets[0]
    found = _validations(ws)
    column = "Résultat" if lang == "fr" else "Result"
    cells = [_result_cell(ws, i, column) for i in grid.scored_ids()]
    assert [] == [cell for cell in cells if cell not in found or not found[cell].prompt]


def test_notes_sheet_explains_the_grid_and_each_rule(grid_ugecam: Grid) -> None:
    book = _book(render_template(grid_ugecam))
    text = "\n".join(str(v) for row in _values(book["Notes"]) for v in row if v is not None)
    policy = f"« {grid_ugecam.policy.value} »"
    wanted = [grid_ugecam.label, grid_ugecam.description, policy, "relatif\u00a0: référence → référence + 3"]
    wanted += list(grid_ugecam.scored_ids())
    assert [] == [w for w in wanted if w not in text]


def test_notes_sheet_in_english(grid_2019: Grid) -> None:
    book = _book(render_template(grid_2019, "xlsx", "en"))
    assert ["Results", "Notes"] == book.sheetnames


def test_page_setup_landscape_fit_to_width_repeated_header(grid_2019: Grid) -> None:
    ws = _book(render_template(grid_2019)).worksheets[0]
    head = _header_row(ws)
    actual = (
        ws.page_setup.orientation,
        ws.sheet_properties.pageSetUpPr.fitToPage,
        ws.page_setup.fitToWidth or 1,  # 1, the default, may be left out of the file
        ws.page_setup.fitToHeight,
        ws.print_title_rows,
        ws.freeze_panes,
    )
    assert ("landscape", True, 1, 0, f"${head}:${head}", f"A{head + 1}") == actual


def test_column_widths_are_set(grid_2019: Grid) -> None:
    ws = _book(render_template(grid_2019)).worksheets[0]
    assert ws.column_dimensions["C"].width > 50


def test_text_of_the_grid_never_becomes_a_formula(grid_2019: Grid) -> None:
    axis = attrs.evolve(grid_2019.axes[0], label='=HYPERLINK("http://x")')
    grid = attrs.evolve(grid_2019, axes=(axis, *grid_2019.axes[1:]), label="=1+1")
    ws = _book(render_template(grid)).worksheets[0]
    cells = [
        ws["C1"],
        *(row[0] for row in ws.iter_rows(min_row=_header_row(ws) + 1, max_row=_header_row(ws) + 2)),
    ]
    assert [("s", "=1+1"), ("s", '=HYPERLINK("http://x")'), ("s", '=HYPERLINK("http://x")')] == [
        (c.data_type, c.value) for c in cells
    ]


def test_same_grid_same_bytes(grid_2019: Grid) -> None:
    assert render_template(grid_2019) == render_template(grid_2019)


# CSV.


def test_csv_in_french_is_semicolons_with_bom_and_decimal_comma() -> None:
    grid = load_grid(OBJECTIVES / "maladie-cpam-2017.yaml")
    text = render_template(grid, "csv", "fr").decode("utf-8")
    rows = _csv_rows(text.lstrip("\ufeff"), ";")
    header = rows.index(HEADER_FR)
    points = {row[1]: row[6] for row in rows[header + 1 :]}
    assert (True, "33,33") == (text.startswith("\ufeff"), points["delai-ij"])


def test_csv_in_english_is_commas_without_bom() -> None:
    grid = load_grid(OBJECTIVES / "maladie-cpam-2017.yaml")
    text = render_template(grid, "csv", "en").decode("utf-8")
    rows = _csv_rows(text, ",")
    header = rows.index(HEADER_EN)
    points = {row[1]: row[6] for row in rows[header + 1 :]}
    assert (False, "33.33") == (text.startswith("\ufeff"), points["delai-ij"])


def test_csv_has_the_xlsx_columns_and_rows(grid_ugecam: Grid) -> None:
    rows = _csv_rows(render_template(grid_ugecam, "csv", "en").decode("utf-8"), ",")
    header = next(i for i, row in enumerate(rows) if row[:2] == ["Axis", "Id"])
    ids = [row[1] for row in rows[header + 1 :]]
    assert (HEADER_EN[:8], list(grid_ugecam.scored_ids())) == (rows[header][:8], ids)


def test_csv_shows_shares_in_percent(grid_ugecam: Grid) -> None:
    rows = _csv_rows(render_template(grid_ugecam, "csv", "fr").decode("utf-8").lstrip("\ufeff"), ";")
    row = next(r for r in rows if r[1:2] == ["realisation-actions-pssi"])
    assert ["40\u00a0%", "75\u00a0%"] == row[4:6]


# Misuse.


def test_unknown_format_is_refused(grid_2019: Grid) -> None:
    with pytest.raises(ValueError, match="unknown template format 'pdf'"):
        render_template(grid_2019, "pdf")


def test_unknown_language_is_refused(grid_2019: Grid) -> None:
    with pytest.raises(ValueError, match="unknown language 'de'"):
        render_template(grid_2019, "csv", "de")


def test_grid_must_be_a_grid() -> None:
    with pytest.raises(TypeError, match="grid must be a Grid"):
        render_template(str(GRID_2019))  # type: ignore[arg-type]


def test_entity_must_be_an_entity_or_text(grid_2019: Grid) -> None:
    with pytest.raises(TypeError, match="entity must be an Entity or an entity id"):
        render_template(grid_2019, entity=3)  # type: ignore[arg-type]


# The command.


def test_cli_writes_csv_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["template", str(GRID_2019), "--format", "csv", "--lang", "en", "--entity", "drsm-co"])
    out = capsys.readouterr().out
    assert (0, ["Entity", "drsm-co"]) == (code, _csv_rows(out, ",")[2])


def test_cli_writes_xlsx_atomically_to_output(tmp_path: Path) -> None:
    target = tmp_path / "modele.xlsx"
    code = main(["template", str(GRID_2019), "-o", str(target), "--entity", "x", "--entity-label", "X"])
    book = openpyxl.load_workbook(target)
    assert (0, ["modele.xlsx"], "X") == (
        code,
        sorted(p.name for p in tmp_path.iterdir()),
        book.worksheets[0]["B4"].value,
    )


def test_cli_xlsx_needs_output(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["template", "--lang", "en", str(GRID_2019)])
    assert (2, True) == (code, "--output FILE" in capsys.readouterr().err)


def test_cli_bad_grid_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "grid.yaml"
    bad.write_text("id: g\nlabel: G\nperiod: 2019\ntotal_points: 10\naxes: []\n", encoding="utf-8")
    code = main(["template", str(bad), "-f", "csv"])
    captured = capsys.readouterr()
    assert (2, "", True) == (code, captured.out, str(bad) in captured.err)


def test_cli_entity_label_needs_entity(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["template", "--lang", "en", str(GRID_2019), "-f", "csv", "--entity-label", "X"])
    assert (2, True) == (code, "--entity-label needs --entity" in capsys.readouterr().err)


def test_cli_never_writes_over_the_grid(tmp_path: Path) -> None:
    grid = tmp_path / "grid.yaml"
    grid.write_bytes(GRID_2019.read_bytes())
    code = main(["template", str(grid), "-f", "csv", "-o", str(grid)])
    assert (2, GRID_2019.read_bytes()) == (code, grid.read_bytes())


# The round trip: fill the template, read it back, score.


def _figures(card: Scorecard) -> list[tuple[object, ...]]:
    """Every figure of a scorecard (rates and points, exact), not its texts."""
    out: list[tuple[object, ...]] = [("total", card.total.points, card.total.max)]
    for axis in card.axes:
        out.append((axis.id, axis.points, axis.max))
        for o in axis.objectives:
            out.append((o.id, o.rate, o.points, o.max, o.neutralised))
            out.extend((i.id, i.rate, i.points, i.max, i.neutralised) for i in o.indicators)
    return out


def _expressible(results: Results) -> Results:
    """Results as a template holds them: the entity's own floors and targets (a targets file,
    `--targets`), a points variant and volumes are not columns of the template."""
    values = [attrs.evolve(v, floor=None, target=None, volume=None) for v in results.values]
    return attrs.evolve(results, values=values, variant=None, target_policy=TargetPolicy.OVERRIDE)


def _terminates(value: Fraction) -> bool:
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def _decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _cells(v: ResultValue) -> dict[str, object]:
    """What a pilot types for one result: column word -> a Decimal, or text."""
    out: dict[str, object] = {}
    if v.neutralised is not None:
        out["result"] = "-"
    elif v.written:
        out["result"] = v.written
    elif v.exact is not None and _terminates(v.exact):
        out["result"] = _decimal(v.exact)
    else:
        assert v.numerator is not None and v.effective_denominator is not None
        out["numerator"], out["denominator"] = v.numerator, v.effective_denominator
    if v.baseline is not None and v.neutralised is None:
        out["baseline"] = v.baseline
    return out


WORD = {
    "fr": {
        "result": "Résultat",
        "baseline": "Référence",
        "numerator": "Numérateur",
        "denominator": "Dénominateur",
    },
    "en": {
        "result": "Result",
        "baseline": "Baseline",
        "numerator": "Numerator",
        "denominator": "Denominator",
    },
}


def _xlsx_cell(value: object, date_cell: bool) -> object:
    """A number as a pilot's number cell when a float holds it exactly, else its text."""
    if isinstance(value, Decimal) and not date_cell and Decimal(repr(float(value))) == value:
        return float(value)
    return str(value)


def _fill_xlsx(data: bytes, results: Results, lang: str) -> bytes:
    book = _book(data)
    ws = book.worksheets[0]
    head = _header_row(ws)
    columns = {cell.value: cell.column for cell in ws[head]}
    for key in ("numerator", "denominator"):  # added only when a result needs them
        if any(key in _cells(v) for v in results.values):
            columns[WORD[lang][key]] = ws.max_column + 1
            ws.cell(head, columns[WORD[lang][key]], WORD[lang][key])
    by_id = {v.id: v for v in results.values}
    for row in ws.iter_rows(min_row=head + 1):
        v = by_id.get(str(row[1].value))
        if v is None:
            continue
        for key, value in _cells(v).items():
            if WORD[lang][key] not in columns:
                continue  # a baseline no rule of the grid reads: the template has no column for it
            cell = ws.cell(row[0].row, columns[WORD[lang][key]])
            cell.value = _xlsx_cell(value, cell.is_date)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_number(value: object, lang: str) -> str:
    text = str(value)
    return text.replace(".", ",") if lang == "fr" and isinstance(value, Decimal) else text


def _fill_csv(data: bytes, results: Results, lang: str) -> bytes:
    delimiter = ";" if lang == "fr" else ","
    rows = _csv_rows(data.decode("utf-8").lstrip("\ufeff"), delimiter)
    head = next(i for i, row in enumerate(rows) if row[1:2] == ["Id"])
    for key in ("numerator", "denominator"):
        if any(key in _cells(v) for v in results.values):
            for row in rows[head:]:
                row.append("")
            rows[head][-1] = WORD[lang][key]
    columns = {name: index for index, name in enumerate(rows[head])}
    by_id = {v.id: v for v in results.values}
    for row in rows[head + 1 :]:
        v = by_id.get(row[1])
        for key, value in ({} if v is None else _cells(v)).items():
            if WORD[lang][key] in columns:  # a baseline no rule reads has no column
                row[columns[WORD[lang][key]]] = _csv_number(value, lang)
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (("\ufeff" if lang == "fr" else "") + out.getvalue()).encode("utf-8")


def _read_back(grid: Grid, results: Results, fmt: str, lang: str) -> tuple[Results, ...]:
    entity = Entity(id=results.entity.id, label=results.entity.label)
    template = render_template(grid, fmt, lang, entity=entity)
    filled = _fill_xlsx(template, results, lang) if fmt == "xlsx" else _fill_csv(template, results, lang)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"filled.{fmt}"
        path.write_bytes(filled)
        assert load_results_table is not None
        return tuple(load_results_table(path, grid))


def _shipped() -> Iterator[tuple[Path, Path]]:
    for path in GRIDS:
        grid_id = load_grid(path).id
        results = SPECIAL.get(grid_id, OBJECTIVES / "results" / "illustrative" / path.name)
        yield path, results


SHIPPED = list(_shipped())
FORMATS = [("xlsx", "fr"), ("csv", "fr"), ("csv", "en"), ("xlsx", "en")]


@needs_reader
@pytest.mark.parametrize(("fmt", "lang"), FORMATS)
@pytest.mark.parametrize(("grid_path", "results_path"), SHIPPED, ids=[g.stem for g, _ in SHIPPED])
def test_round_trip_of_every_shipped_grid(grid_path: Path, results_path: Path, fmt: str, lang: str) -> None:
    grid = load_grid(grid_path)
    results = _expressible(load_results(results_path, grid))
    read = _read_back(grid, results, fmt, lang)
    expected = (1, results.entity.id, _figures(score(grid, results)))
    assert expected == (len(read), read[0].entity.id, _figures(score(grid, read[0])))


@needs_reader
@pytest.mark.parametrize("kind", tuple(RULES))
@pytest.mark.parametrize(("fmt", "lang"), FORMATS[:2])
def test_round_trip_of_every_rule_type(kind: str, fmt: str, lang: str) -> None:
    @settings(max_examples=8, deadline=None)
    @given(pairs(all_rules_grids((kind,)), ALL_RULES_RESULTS))
    def check(case: tuple[Grid, Results]) -> None:
        grid, results = case
        read = _read_back(grid, results, fmt, lang)
        assert _figures(score(grid, results)) == _figures(score(grid, read[0]))

    check()
