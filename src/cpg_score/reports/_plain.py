"""Text reports: terminal table, Markdown, CSV and JSON, for one entity or several side by side."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from cpg_score._safe_text import csv_cell
from cpg_score.model.grid import ScaleKind
from cpg_score.model.scorecard import Scorecard
from cpg_score.reports._text import (
    TEXT,
    Row,
    RowKind,
    check_same_grid,
    entity_name,
    entity_notes,
    format_number,
    max_text,
    note_text,
    reason_text,
    rows,
    scale_lines,
    title,
)

#: The identifier of the JSON shape of a comparison (several scorecards on one grid).
COMPARISON_FORMAT = "cpg-score/comparison@1"

_BOLD = "\033[1m"
_DIM = "\033[2m"
_RESET = "\033[0m"


def _notes(cards: Sequence[Scorecard], lang: str) -> list[str]:
    notes: list[str] = []
    for card in cards:
        prefix = f"{entity_name(card)} — " if len(cards) > 1 else ""
        notes.extend(prefix + note_text(card, n, lang) for n in card.neutralisations)
        notes.extend(prefix + note for note in entity_notes(card, lang))
        # Bonus points (objectives with a bonus ceiling) are included in the points shown: say so.
        notes.extend(
            prefix + f"Bonus: {o.id} +{format_number(card.points(o.bonus), lang)} "
            f"(base {format_number(card.points(o.base), lang)}, "
            f"max bonus {max_text(card, o.bonus_max, lang)})"
            for o in card.objectives
            if o.bonus_max
        )
    return notes


def _heading(cards: Sequence[Scorecard]) -> str:
    if len(cards) == 1:
        return title(cards[0])
    first = cards[0]
    return f"{first.grid_label} ({first.period}) — " + ", ".join(entity_name(c) for c in cards)


def render_table(cards: Sequence[Scorecard], lang: str, color: bool = False) -> str:
    """An aligned plain-text table: axis headings, objectives indented, the total last.

    With several cards, each entity gets a rate and a points column, side by side. `color`
    adds ANSI bold to headings and totals and dims neutralised rows (for terminals only).
    """
    t = TEXT[lang]
    table = rows(cards, lang)
    labels = [("  " if r.kind is RowKind.OBJECTIVE else "") + r.label for r in table]
    width = max(len(t["objective"]), *(len(label) for label in labels))
    n = len(cards)
    rate_w = [max(len(t["rate"]), *(len(r.cells[i].rate) for r in table)) for i in range(n)]
    pts_w = [max(len(t["points"]), *(len(r.cells[i].points) for r in table)) for i in range(n)]
    names = [entity_name(c) for c in cards]
    if n > 1:
        # An entity's name spans its two columns; widen the points column when it is longer.
        for i, name in enumerate(names):
            pts_w[i] = max(pts_w[i], len(name) - rate_w[i] - 2)
    total_w = width + sum(rw + pw + 4 for rw, pw in zip(rate_w, pts_w, strict=True))
    rule = "-" * total_w

    def style(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    lines = [style(_heading(cards), _BOLD), ""]
    if n > 1:
        lines.append(
            " " * width
            + "".join(f"  {name:>{rw + pw + 2}}" for name, rw, pw in zip(names, rate_w, pts_w, strict=True))
        )
    lines.append(
        style(
            f"{t['objective']:<{width}}"
            + "".join(
                f"  {t['rate']:>{rw}}  {t['points']:>{pw}}" for rw, pw in zip(rate_w, pts_w, strict=True)
            ),
            _BOLD,
        )
    )
    lines.append(rule)
    for row, label in zip(table, labels, strict=True):
        if row.kind is RowKind.TOTAL:
            lines.append(rule)
        line = f"{label:<{width}}" + "".join(
            f"  {c.rate:>{rw}}  {c.points:>{pw}}" for c, rw, pw in zip(row.cells, rate_w, pts_w, strict=True)
        )
        if row.kind is not RowKind.OBJECTIVE:
            line = style(line, _BOLD)
        elif all(c.neutralised for c in row.cells):
            line = style(line, _DIM)
        lines.append(line)
    lines.extend(style(scale, _BOLD) for scale in scale_lines(cards, lang))
    notes = _notes(cards, lang)
    if notes:
        lines.append("")
        lines.extend(notes)
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(cards: Sequence[Scorecard], lang: str) -> str:
    """A Markdown table in the layout of the published « RÉSULTATS » page."""
    t = TEXT[lang]
    table: list[Row] = rows(cards, lang)
    if len(cards) == 1:
        header = f"| {t['objective']} | {t['rate']} | {t['points']} |"
    else:
        header = f"| {t['objective']} |" + "".join(
            f" {_md(entity_name(c))} — {t['rate']} | {_md(entity_name(c))} — {t['points']} |" for c in cards
        )
    lines = [f"## {_md(_heading(cards))}", "", header, "|---|" + "---:|---:|" * len(cards)]
    for row in table:
        if row.kind is RowKind.OBJECTIVE:
            lines.append(f"| {_md(row.label)} |" + "".join(f" {c.rate} | {c.points} |" for c in row.cells))
        else:
            lines.append(
                f"| **{_md(row.label)}** |" + "".join(f" **{c.rate}** | **{c.points}** |" for c in row.cells)
            )
    scales = scale_lines(cards, lang)
    if scales:
        lines.append("")
        lines.extend(f"**{_md(scale)}**  " for scale in scales)
    notes = _notes(cards, lang)
    if notes:
        lines.append("")
        lines.extend(f"- {_md(note)}" for note in notes)
    return "\n".join(lines) + "\n"


def csv_header(lang: str) -> list[str]:
    """The CSV columns, in `lang`."""
    t = TEXT[lang]
    return [
        t["entity"],
        t["level"],
        t["axis"],
        t["id"],
        t["label"],
        t["rate_percent"],
        t["points"],
        t["max"],
        t["neutralised"],
        t["reason"],
    ]


def csv_rows(card: Scorecard, lang: str) -> list[list[Any]]:
    """One row per objective, then its axis; the total last. Numbers as Decimal (plain text)."""
    t = TEXT[lang]
    out: list[list[Any]] = []
    entity = card.entity.id
    for axis in card.axes:
        for o in axis.objectives:
            out.append(
                [
                    entity,
                    t["kind_objective"],
                    axis.id,
                    o.id,
                    o.label,
                    "" if o.neutralised else card.percent(o.rate),
                    card.points(o.points),
                    card.points(o.max),
                    t["yes"] if o.neutralised else t["no"],
                    "" if o.why is None else reason_text(o.why, lang),
                ]
            )
        out.append(
            [
                entity,
                t["kind_axis"],
                axis.id,
                axis.id,
                axis.label,
                card.percent(axis.rate),
                card.points(axis.points),
                card.points(axis.max),
                t["no"],
                "",
            ]
        )
    out.extend(_total_rows(card, lang))
    return out


def _total_rows(card: Scorecard, lang: str) -> list[list[Any]]:
    """The CSV rows of the total, and of the total on the grid's scale when not in points."""
    t = TEXT[lang]
    entity = card.entity.id
    out: list[list[Any]] = []
    out.append(
        [
            entity,
            t["kind_total"],
            "",
            "total",
            t["total"],
            card.percent(card.total.rate),
            card.points(card.total.points),
            card.points(card.total.max),
            t["no"],
            "",
        ]
    )
    if card.scale.kind is not ScaleKind.POINTS:
        # The total on the grid's scale: the note (or percent) and what it is out of.
        out.append(
            [
                entity,
                t["kind_scale"],
                "",
                card.scale.kind.value,
                t["scale_note"] if card.scale.kind is ScaleKind.NOTE else t["scale_percent"],
                card.percent(card.total.rate),
                card.scaled(card.on_scale),
                card.scaled(card.scale.out_of),
                t["no"],
                "",
            ]
        )
    return out


def render_csv(cards: Sequence[Scorecard], lang: str) -> str:
    """One row per objective, axis and total of each entity; numbers as plain decimal text."""
    check_same_grid(cards)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_header(lang))
    for card in cards:
        # Text from the inputs never becomes a formula in a spreadsheet (see `_cells`).
        writer.writerows([csv_cell(value) for value in row] for row in csv_rows(card, lang))
    return out.getvalue()


def render_json(cards: Sequence[Scorecard]) -> str:
    """The stable JSON contract: `Scorecard.to_dict` for one card; a comparison for several.

    A comparison is `{"format": "cpg-score/comparison@1", "grid": {...}, "entities": [ids],
    "scorecards": [Scorecard.to_dict(), ...]}`. JSON is for machines: it has no language.
    """
    check_same_grid(cards)
    if len(cards) == 1:
        data: dict[str, Any] = cards[0].to_dict()
    else:
        first = cards[0]
        data = {
            "format": COMPARISON_FORMAT,
            "grid": {"id": first.grid_id, "label": first.grid_label, "period": first.period},
            "entities": [c.entity.id for c in cards],
            "scorecards": [c.to_dict() for c in cards],
        }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
