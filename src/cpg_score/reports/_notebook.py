"""What a notebook shows of a result: compact HTML fragments, styled inline, escaped.

Imported by `cpg_score.reports`, this module fills the hooks of `cpg_score._display` (the model
and the simulations never import the reports): the HTML of a scorecard (its axes, objectives
**and indicators**, the total, the notes) and of every simulation result (the table the
reports print, title and notes included), the words of a reason, the total's label and a
projection's method. Numbers are written as the reports print them, in French by default
(`776,50`, `77,65 %`); every text from the inputs is escaped, never markup.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from cpg_score._display import HTML, METHOD, REASON, TOTAL, register
from cpg_score.model.profit_sharing import WeightedMeanResult
from cpg_score.model.scorecard import IndicatorScore, Scorecard
from cpg_score.reports._profit_views import profit_sharing_table, weighted_mean_table
from cpg_score.reports._sim_views import (
    comparison_table,
    montecarlo_table,
    plan_table,
    projection_table,
    sensitivity_table,
)
from cpg_score.reports._simulate import Table
from cpg_score.reports._text import (
    TEXT,
    RowKind,
    entity_notes,
    format_number,
    format_percent,
    max_text,
    note_text,
    projection_method_text,
    reason_text,
    rows,
    scale_lines,
    title,
)
from cpg_score.simulate import Comparison, MonteCarlo, Plan, ProfitSharingResult, Projection, Sensitivity

__all__ = ["indicator_cells", "result_html", "scorecard_html", "table_html"]

#: The words of the notebook's table that the reports do not have, per language.
WORDS = {
    "fr": {"item": "Objectif / indicateur", "result": "Résultat"},
    "en": {"item": "Objective / indicator", "result": "Result"},
}

_BOX = "font-family:sans-serif;font-size:13px;color:#1b1b1b;max-width:60em"
_TITLE = "font-weight:bold;font-size:14px;color:#0072B2;margin:0 0 6px"
_TABLE = "border-collapse:collapse;margin:0"
_TH = "text-align:{align};padding:3px 8px;background:#0072B2;color:#fff;font-weight:bold"
_TD = "text-align:{align};padding:2px 8px;border-bottom:1px solid #d0d0d0"
_NUM = ";white-space:nowrap;font-variant-numeric:tabular-nums"
#: The style of a scorecard's row, per kind.
_ROWS = {
    RowKind.AXIS.value: "background:#eef3f8;font-weight:bold",
    RowKind.OBJECTIVE.value: "",
    "indicator": "color:#444;font-size:12px",
    RowKind.TOTAL.value: "font-weight:bold;background:#f7f7f7;border-top:2px solid #1b1b1b",
}
#: How far a row's label is indented, per kind.
_INDENT = {RowKind.OBJECTIVE.value: "1.2em", "indicator": "2.4em"}
_NEUTRALISED = "color:#5c5c5c;font-style:italic"
_NOTES = "color:#5c5c5c;font-size:12px;margin:4px 0 0;padding-left:1.2em"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _th(text: str, numeric: bool) -> str:
    style = _TH.format(align="right" if numeric else "left") + (_NUM if numeric else "")
    return f'<th style="{style}">{_e(text)}</th>'


def _td(text: str, numeric: bool, extra: str = "") -> str:
    style = _TD.format(align="right" if numeric else "left") + (_NUM if numeric else "") + extra
    return f'<td style="{style}">{_e(text)}</td>'


def _box(heading: str, lines: list[str], notes: list[str]) -> str:
    out = [f'<div class="cpg-score" style="{_BOX}">', f'<div style="{_TITLE}">{_e(heading)}</div>', *lines]
    if notes:
        out.append(f'<ul style="{_NOTES}">' + "".join(f"<li>{_e(note)}</li>" for note in notes) + "</ul>")
    out.append("</div>")
    return "\n".join(out)


def indicator_cells(card: Scorecard, indicator: IndicatorScore, lang: str) -> tuple[str, str, str]:
    """An indicator's result (as written, or its value), rate and points, as the reports print them."""
    if indicator.written:
        result = indicator.written
    elif indicator.value is None:
        result = "-"
    else:
        value = indicator.value
        result = format_number(
            value.quantize(Decimal(1)) if value == value.to_integral_value() else value, lang
        )
    rate = "-" if indicator.neutralised else format_percent(card.percent(indicator.rate), lang)
    points = f"{format_number(card.points(indicator.points), lang)} / {max_text(card, indicator.max, lang)}"
    return result, rate, points


def _row(kind: str, label: str, cells: tuple[str, str, str], neutralised: bool, item: str) -> str:
    style = _ROWS[kind] + (";" + _NEUTRALISED if neutralised else "")
    indent = _INDENT.get(kind)
    label_cell = _td(label, False, f";padding-left:{indent}" if indent else "")
    return (
        f'<tr data-kind="{_e(kind)}" data-id="{_e(item)}" style="{style}">'
        + label_cell
        + "".join(_td(cell, True) for cell in cells)
        + "</tr>"
    )


def _scorecard_rows(card: Scorecard, lang: str) -> Iterator[str]:
    indicators = {o.id: o.indicators for o in card.objectives}
    for row in rows([card], lang):
        cell = row.cells[0]
        yield _row(row.kind.value, row.label, ("", cell.rate, cell.points), cell.neutralised, row.id)
        if row.kind is RowKind.OBJECTIVE:
            for i in indicators.get(row.id, ()):
                yield _row("indicator", i.label, indicator_cells(card, i, lang), i.neutralised, i.id)


def scorecard_html(card: Scorecard, lang: str) -> str:
    """A scorecard as a notebook shows it: a title, one row per axis, objective, indicator and
    the total (result, rate, points), the total on the grid's scale, the notes."""
    t, words = TEXT[lang], WORDS[lang]
    head = [words["item"], words["result"], t["rate"], t["points"]]
    lines = [
        f'<table style="{_TABLE}">',
        "<thead><tr>" + "".join(_th(h, i > 0) for i, h in enumerate(head)) + "</tr></thead>",
        "<tbody>",
        *_scorecard_rows(card, lang),
        "</tbody>",
        "</table>",
        *(
            f'<div style="font-weight:bold;margin:4px 0 0">{_e(line)}</div>'
            for line in scale_lines([card], lang)
        ),
    ]
    notes = [note_text(card, n, lang) for n in card.neutralisations] + entity_notes(card, lang)
    return _box(title(card), lines, notes)


def table_html(table: Table) -> str:
    """A simulation table (the one the reports print) as a notebook shows it."""
    lines = [
        f'<table style="{_TABLE}">',
        "<thead><tr>"
        + "".join(_th(h, i not in table.left) for i, h in enumerate(table.headers))
        + "</tr></thead>",
        "<tbody>",
        *(
            "<tr>" + "".join(_td(cell, i not in table.left) for i, cell in enumerate(row)) + "</tr>"
            for row in table.rows
        ),
        "</tbody>",
        "</table>",
    ]
    return _box(table.title, lines, list(table.notes))


#: The table of each simulation result kind (the builders of the reports' views).
_TABLES: tuple[tuple[type, Callable[[Any, str, str], Table]], ...] = (
    (Comparison, comparison_table),
    (Sensitivity, sensitivity_table),
    (Plan, plan_table),
    (MonteCarlo, montecarlo_table),
    (Projection, projection_table),
    (ProfitSharingResult, profit_sharing_table),
    (WeightedMeanResult, weighted_mean_table),
)


def result_html(result: object, lang: str) -> str | None:
    """The notebook HTML of a scorecard or a simulation result, or None for another object."""
    if isinstance(result, Scorecard):
        return scorecard_html(result, lang)
    for kind, build in _TABLES:
        if isinstance(result, kind):
            return table_html(build(result, "markdown", lang))
    return None


def _total_label(card: Any, lang: str) -> str:
    return TEXT[lang]["total"]


register(HTML, result_html)
register(REASON, reason_text)
register(TOTAL, _total_label)
register(METHOD, projection_method_text)
