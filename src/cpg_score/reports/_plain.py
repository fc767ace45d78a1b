"""Text reports: terminal table, Markdown, CSV and JSON, for one entity or several side by side,
indicator by indicator (the rows of `_card_rows`)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import Any

from cpg_score.model.grid import ScaleKind
from cpg_score.model.scorecard import Scorecard
from cpg_score.reports._card_rows import (
    COLUMN_WORDS,
    CardCell,
    CardRow,
    CardRowKind,
    card_rows,
    columns,
    has_indicators,
    row_figures,
    unit_text,
)
from cpg_score.reports._cells import csv_text
from cpg_score.reports._text import (
    TEXT,
    check_same_grid,
    entity_name,
    entity_notes,
    format_number,
    max_text,
    note_text,
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


#: The widest a text table should be when its labels can wrap (columns of a terminal).
TABLE_WIDTH = 110
#: The narrowest its label column gets when labels wrap.
_LABEL_MIN = 36
_INDENT = {
    CardRowKind.AXIS: "",
    CardRowKind.OBJECTIVE: "  ",
    CardRowKind.INDICATOR: "    ",
    CardRowKind.TOTAL: "",
}


def _label_width(table: list[CardRow], figures_width: int, header: str, detail: bool) -> int:
    longest = max(len(header), *(len(_INDENT[r.kind] + r.label) for r in table))
    if not detail:
        # Without indicator rows: the labels on one line, as the published page prints them.
        return longest
    return min(longest, max(_LABEL_MIN, TABLE_WIDTH - figures_width))


def _wrapped(row: CardRow, width: int) -> list[str]:
    """A row's label, indented by its kind and wrapped to `width` (continuation lines indented)."""
    indent = _INDENT[row.kind]
    lines = textwrap.wrap(
        row.label, width, initial_indent=indent, subsequent_indent=indent + "  ", break_long_words=True
    )
    return lines or [indent]


def render_table(cards: Sequence[Scorecard], lang: str, color: bool = False) -> str:
    """An aligned plain-text table: axis headings, objectives indented, their indicators indented
    further (with their result, floor and target), the total last.

    Long labels wrap so that a table with indicators stays within `TABLE_WIDTH` columns; the
    result, floor and target columns are shown only when the grid has indicators. With several
    cards, each entity gets its own columns, side by side. `color` adds ANSI bold to headings
    and totals and dims neutralised rows (for terminals only).
    """
    t = TEXT[lang]
    table = card_rows(cards, lang)
    detail = has_indicators(cards)
    headers, owners = columns(cards, lang, detail)
    cells = [row_figures(row, len(cards), detail) for row in table]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    _fit_owners(owners, widths)
    label_w = _label_width(table, sum(w + 2 for w in widths), t["objective"], detail)
    rule = "-" * (label_w + sum(w + 2 for w in widths))

    def style(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    def line(label: str, figures: Sequence[str]) -> str:
        return f"{label:<{label_w}}" + "".join(f"  {f:>{w}}" for f, w in zip(figures, widths, strict=True))

    lines = [style(_heading(cards), _BOLD), ""]
    lines.extend(_owner_line(owners, widths, label_w, detail))
    lines.append(style(line(t["objective"], headers), _BOLD))
    lines.append(rule)
    for row, figures in zip(table, cells, strict=True):
        if row.kind is CardRowKind.TOTAL:
            lines.append(rule)
        label, *more = _wrapped(row, label_w)
        text = "\n".join([line(label, figures).rstrip(), *more]) if detail else line(label, figures)
        if row.kind in (CardRowKind.AXIS, CardRowKind.TOTAL):
            text = style(text, _BOLD)
        elif all(c.neutralised for c in row.cells):
            text = style(text, _DIM)
        lines.append(text)
    lines.extend(style(scale, _BOLD) for scale in scale_lines(cards, lang))
    notes = _notes(cards, lang)
    if notes:
        lines.append("")
        # With indicators the table keeps to TABLE_WIDTH columns: so do its notes.
        lines.extend(
            textwrap.fill(note, TABLE_WIDTH, subsequent_indent="  ") if detail else note for note in notes
        )
    return "\n".join(lines) + "\n"


def _fit_owners(owners: list[str], widths: list[int]) -> None:
    """Widen the last column of each entity's columns when its name is longer than them."""
    index = 0
    while index < len(owners):
        span = 1
        while index + span < len(owners) and owners[index + span] == owners[index]:
            span += 1
        if owners[index]:
            last = index + span - 1
            taken = sum(widths[index:last]) + 2 * (span - 1)
            widths[last] = max(widths[last], len(owners[index]) - taken)
        index += span


def _owner_line(owners: list[str], widths: list[int], label_w: int, detail: bool) -> list[str]:
    """The line of entity names above the columns of several entities (none for one)."""
    if not any(owners):
        return []
    out = " " * label_w
    index = 0
    while index < len(owners):
        span = 1
        while index + span < len(owners) and owners[index + span] == owners[index]:
            span += 1
        width = sum(widths[index : index + span]) + 2 * (span - 1)
        out += f"  {owners[index]:>{width}}"
        index += span
    return [out.rstrip() if detail else out]


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(cards: Sequence[Scorecard], lang: str) -> str:
    """A Markdown table in the layout of the published « RÉSULTATS » page, each objective's
    indicators under it (`↳`, with their result, floor and target)."""
    t = TEXT[lang]
    table = card_rows(cards, lang)
    detail = has_indicators(cards)
    headers, owners = columns(cards, lang, detail)
    named = [f"{_md(o)} — {h}" if o else h for h, o in zip(headers, owners, strict=True)]
    header = f"| {t['objective']} |" + "".join(f" {h} |" for h in named)
    lines = [f"## {_md(_heading(cards))}", "", header, "|---|" + "---:|" * len(headers)]
    for row in table:
        figures = row_figures(row, len(cards), detail)
        if row.kind is CardRowKind.OBJECTIVE:
            lines.append(f"| {_md(row.label)} |" + "".join(f" {_md(f)} |" for f in figures))
        elif row.kind is CardRowKind.INDICATOR:
            lines.append(f"| ↳ {_md(row.label)} |" + "".join(f" {_md(f)} |" for f in figures))
        else:
            lines.append(
                f"| **{_md(row.label)}** |" + "".join(f" **{_md(f)}** |" if f else " |" for f in figures)
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
    t, w = TEXT[lang], COLUMN_WORDS[lang]
    return [
        t["entity"],
        t["level"],
        t["axis"],
        t["objective"],
        t["id"],
        t["label"],
        w["unit"],
        w["result"],
        w["floor"],
        w["target"],
        t["rate_percent"],
        t["points"],
        t["max"],
        t["neutralised"],
        t["reason"],
    ]


_KINDS = {
    CardRowKind.AXIS: "kind_axis",
    CardRowKind.OBJECTIVE: "kind_objective",
    CardRowKind.TOTAL: "kind_total",
}
_INDICATOR_KIND = {"fr": "indicateur", "en": "indicator"}


def csv_rows(card: Scorecard, lang: str) -> list[list[Any]]:
    """One row per objective and each of its indicators, then its axis; the total last.

    Numbers are numbers (`Decimal`): the result as read (a share between 0 and 1), the floor
    and target, the rate in percent, points and maximum rounded for presentation.
    """
    rows = card_rows([card], lang)
    out: list[list[Any]] = []
    pending_axis: list[Any] | None = None
    for row in rows:
        if row.kind is CardRowKind.AXIS:
            if pending_axis is not None:
                out.append(pending_axis)
            pending_axis = _csv_row(card, row, lang)
        elif row.kind is CardRowKind.TOTAL:
            if pending_axis is not None:
                out.append(pending_axis)
            out.extend(_total_rows(card, row, lang))
        else:
            out.append(_csv_row(card, row, lang))
    return out


def _csv_row(card: Scorecard, row: CardRow, lang: str) -> list[Any]:
    """An axis, objective or indicator as a CSV row (an axis is listed after its objectives)."""
    t = TEXT[lang]
    c = row.cells[0]
    kind = _INDICATOR_KIND[lang] if row.kind is CardRowKind.INDICATOR else t[_KINDS[row.kind]]
    result: Any = c.written or c.value
    return [
        card.entity.id,
        kind,
        row.axis,
        row.objective
        if row.kind is CardRowKind.INDICATOR
        else (row.id if row.kind is CardRowKind.OBJECTIVE else ""),
        row.id,
        row.label,
        unit_text(row.unit, lang),
        result,
        c.floor_value,
        c.target_value,
        c.rate_percent,
        c.points_value,
        c.max_value,
        t["yes"] if c.neutralised else t["no"],
        c.reason,
    ]


def _figures(c: CardCell) -> list[Any]:
    return [c.rate_percent, c.points_value, c.max_value]


def _total_rows(card: Scorecard, row: CardRow, lang: str) -> list[list[Any]]:
    """The CSV rows of the total, and of the total on the grid's scale when not in points."""
    t = TEXT[lang]
    entity = card.entity.id
    c = row.cells[0]
    out: list[list[Any]] = [
        [
            entity,
            t["kind_total"],
            "",
            "",
            "total",
            row.label,
            "",
            None,
            None,
            None,
            *_figures(c),
            TEXT[lang]["no"],
            "",
        ]
    ]
    if card.scale.kind is not ScaleKind.POINTS:
        # The total on the grid's scale: the note (or percent) and what it is out of.
        label = t["scale_note"] if card.scale.kind is ScaleKind.NOTE else t["scale_percent"]
        out.append(
            [
                entity,
                t["kind_scale"],
                "",
                "",
                card.scale.kind.value,
                label,
                "",
                None,
                None,
                None,
                c.rate_percent,
                card.scaled(card.on_scale),
                card.scaled(card.scale.out_of),
                t["no"],
                "",
            ]
        )
    return out


def render_csv(cards: Sequence[Scorecard], lang: str) -> str:
    """One row per objective, indicator, axis and total of each entity, for a spreadsheet in
    `lang`'s conventions (see `csv_text`: French `;`, decimal comma and a UTF-8 byte order mark)."""
    check_same_grid(cards)
    rows: list[list[Any]] = [csv_header(lang)]
    for card in cards:
        rows.extend(csv_rows(card, lang))
    return csv_text(rows, lang)


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
