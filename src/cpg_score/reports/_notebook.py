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
from collections.abc import Callable
from typing import Any

from cpg_score._display import HTML, METHOD, REASON, TOTAL, register
from cpg_score.model.profit_sharing import WeightedMeanResult
from cpg_score.model.scorecard import Scorecard
from cpg_score.reports._card_rows import CardRow, card_rows, columns, has_indicators, row_figures, total_label
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
    entity_notes,
    note_text,
    projection_method_text,
    reason_text,
    scale_lines,
    title,
)
from cpg_score.simulate import Comparison, MonteCarlo, Plan, ProfitSharingResult, Projection, Sensitivity

__all__ = ["result_html", "scorecard_html", "table_html"]

#: The words of the notebook's table that the reports do not have, per language.
WORDS = {
    "fr": {"item": "Objectif / indicateur"},
    "en": {"item": "Objective / indicator"},
}

_BOX = "font-family:sans-serif;font-size:13px;color:#1b1b1b;max-width:60em"
_TITLE = "font-weight:bold;font-size:14px;color:#0072B2;margin:0 0 6px"
_TABLE = "border-collapse:collapse;margin:0"
_TH = "text-align:{align};padding:3px 8px;background:#0072B2;color:#fff;font-weight:bold"
_TD = "text-align:{align};padding:2px 8px;border-bottom:1px solid #d0d0d0"
_NUM = ";white-space:nowrap;font-variant-numeric:tabular-nums"
#: The style of a scorecard's row, per kind.
_ROWS = {
    "axis": "background:#eef3f8;font-weight:bold",
    "objective": "",
    "indicator": "color:#444;font-size:12px",
    "total": "font-weight:bold;background:#f7f7f7;border-top:2px solid #1b1b1b",
}
#: How far a row's label is indented, per kind.
_INDENT = {"objective": "1.2em", "indicator": "2.4em"}
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


def _row(row: CardRow, detail: bool) -> str:
    kind = row.kind.value
    neutralised = all(cell.neutralised for cell in row.cells)
    style = _ROWS[kind] + (";" + _NEUTRALISED if neutralised else "")
    indent = _INDENT.get(kind)
    label_cell = _td(row.label, False, f";padding-left:{indent}" if indent else "")
    return (
        f'<tr data-kind="{_e(kind)}" data-id="{_e(row.id)}" style="{style}">'
        + label_cell
        + "".join(_td(cell, True) for cell in row_figures(row, 1, detail))
        + "</tr>"
    )


def scorecard_html(card: Scorecard, lang: str) -> str:
    """A scorecard as a notebook shows it: a title, the reports' rows (each axis, objective,
    indicator with its result, floor and target, the total) with their rate and points, the
    total on the grid's scale, the notes."""
    detail = has_indicators([card])
    headers, _ = columns([card], lang, detail)
    head = [WORDS[lang]["item"] if detail else TEXT[lang]["objective"], *headers]
    lines = [
        f'<table style="{_TABLE}">',
        "<thead><tr>" + "".join(_th(h, i > 0) for i, h in enumerate(head)) + "</tr></thead>",
        "<tbody>",
        *(_row(row, detail) for row in card_rows([card], lang)),
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


register(HTML, result_html)
register(REASON, reason_text)
register(TOTAL, total_label)
register(METHOD, projection_method_text)
