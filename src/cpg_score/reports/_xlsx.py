"""The Excel workbook (openpyxl, the optional extra `report`): live formulas, real numbers.

One sheet per entity, plus a comparison sheet (first) when there are several. On an entity
sheet, each objective's points cell is a formula `rate x max` and the axis subtotals and the
total are `SUM` formulas, so the workbook stays right when a pilot edits a rate. Rates are
stored as fractions with a percent number format, points and maxima as numbers with a number
format (never as text). The comparison sheet's cells refer to the entity sheets. The header row
is frozen.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from cpg_score._safe_text import looks_like_formula, xlsx_text
from cpg_score.model.grid import ScaleKind
from cpg_score.model.scorecard import Scorecard
from cpg_score.reports._charts import optional
from cpg_score.reports._text import (
    TEXT,
    check_same_grid,
    entity_name,
    entity_notes,
    note_text,
    reason_text,
    scale_text,
)

# Columns of an entity sheet.
_COLUMNS = ("level", "axis", "id", "label", "rate", "points", "max", "neutralised", "reason")
_RATE, _POINTS, _MAX = "E", "F", "G"

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")


def _openpyxl(module: str = "openpyxl") -> Any:
    return optional(module, "the Excel export (xlsx)")


def _sheet_names(cards: Sequence[Scorecard], taken: set[str]) -> list[str]:
    names: list[str] = []
    for card in cards:
        base = _BAD_SHEET_CHARS.sub("-", card.entity.id)[:31] or "entity"
        name, suffix = base, 2
        while name.lower() in taken:
            tail = f"-{suffix}"
            name, suffix = base[: 31 - len(tail)] + tail, suffix + 1
        taken.add(name.lower())
        names.append(name)
    return names


def _formats(card: Scorecard) -> tuple[str, str]:
    points = "#,##0" + ("." + "0" * card.rounding.points if card.rounding.points else "")
    rate = "0" + ("." + "0" * card.rounding.rate_percent if card.rounding.rate_percent else "") + "%"
    return points, rate


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


class _Input(str):
    """Text read from an input file (a label, an id, a reason): always a string cell."""

    __slots__ = ()


def _put(ws: Any, row: int, values: Sequence[Any], font: Any = None) -> None:
    """Write `values` in `row` from column A; an `_Input` is text, never a formula.

    openpyxl takes any text starting with `=` for a formula (and `#N/A`... for an error): an
    input's text is set back to a string cell, and marked with Excel's quote prefix, so that
    neither opening nor editing the cell turns it into a formula.
    """
    for column, value in enumerate(values, start=1):
        if isinstance(value, _Input):
            cell = ws.cell(row, column, xlsx_text(str(value)))
            if cell.data_type != "s" or looks_like_formula(value):
                cell.data_type = "s"
                cell.quotePrefix = True
        else:
            cell = ws.cell(row, column, value)
        if font is not None:
            cell.font = font


def _text(value: str | None) -> _Input | None:
    return None if value is None else _Input(value)


def _header(t: dict[str, str]) -> list[Any]:
    return [t[key] for key in _COLUMNS]


def _entity_sheet(ws: Any, card: Scorecard, lang: str, bold: Any) -> None:
    t = TEXT[lang]
    points_fmt, rate_fmt = _formats(card)
    neutral_rate_fmt = f'{rate_fmt};-{rate_fmt};"-"'
    _put(ws, 1, _header(t), bold)
    axis_rows: list[int] = []
    row = 2
    for axis in card.axes:
        head = row
        first, last = head + 1, head + len(axis.objectives)
        axis_rows.append(head)
        _put(
            ws,
            head,
            [
                t["kind_axis"],
                _Input(axis.id),
                _Input(axis.id),
                _Input(axis.label),
                f"=IF({_MAX}{head}=0,0,{_POINTS}{head}/{_MAX}{head})",
                f"=SUM({_POINTS}{first}:{_POINTS}{last})",
                f"=SUM({_MAX}{first}:{_MAX}{last})",
                t["no"],
                None,
            ],
            bold,
        )
        ws[f"{_RATE}{head}"].number_format = rate_fmt
        row += 1
        for o in axis.objectives:
            _put(
                ws,
                row,
                [
                    t["kind_objective"],
                    _Input(axis.id),
                    _Input(o.id),
                    _Input(o.label),
                    float(o.rate),
                    f"={_RATE}{row}*{_MAX}{row}",
                    float(o.max),
                    t["yes"] if o.neutralised else t["no"],
                    _text(None if o.why is None else reason_text(o.why, lang)),
                ],
            )
            ws[f"{_RATE}{row}"].number_format = neutral_rate_fmt if o.neutralised else rate_fmt
            row += 1
        for r in range(head, row):
            ws[f"{_POINTS}{r}"].number_format = points_fmt
            ws[f"{_MAX}{r}"].number_format = points_fmt
    _total_rows(ws, card, lang, bold, row, axis_rows)


def _total_rows(ws: Any, card: Scorecard, lang: str, bold: Any, total: int, axis_rows: list[int]) -> None:
    """The total row, then the entity, grid, policy and neutralisation notes below it."""
    t = TEXT[lang]
    points_fmt, rate_fmt = _formats(card)
    _put(
        ws,
        total,
        [
            t["kind_total"],
            None,
            "total",
            t["total"],
            f"=IF({_MAX}{total}=0,0,{_POINTS}{total}/{_MAX}{total})",
            "=SUM(" + ",".join(f"{_POINTS}{r}" for r in axis_rows) + ")",
            "=SUM(" + ",".join(f"{_MAX}{r}" for r in axis_rows) + ")",
            t["no"],
            None,
        ],
        bold,
    )
    ws[f"{_RATE}{total}"].number_format = rate_fmt
    ws[f"{_POINTS}{total}"].number_format = points_fmt
    ws[f"{_MAX}{total}"].number_format = points_fmt
    notes: list[list[Any]] = [
        [t["entity"], None, _Input(card.entity.id), _Input(entity_name(card))],
        [t["grid"], None, _Input(card.grid_id), _Input(f"{card.grid_label} ({card.period})")],
        [t["policy"], None, card.policy.value],
    ]
    notes += [
        [t["neutralised"], None, _Input(n.id), _Input(note_text(card, n, lang))] for n in card.neutralisations
    ]
    notes += [[t["entity"], None, _Input(card.entity.id), _Input(note)] for note in entity_notes(card, lang)]
    for offset, values in enumerate(notes, start=total + 2):
        _put(ws, offset, values)
    _scale_row(ws, card, lang, total + 2 + len(notes), total)
    ws.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHI", (11, 10, 22, 62, 11, 11, 9, 11, 40), strict=True):
        ws.column_dimensions[column].width = width


def _scale_row(ws: Any, card: Scorecard, lang: str, row: int, total: int) -> None:
    """On a note or percent scale, the total on it below the notes: its words and a live
    formula (the total's rate times `out_of`)."""
    line = scale_text(card, lang)
    if line is None:
        return
    out_of = float(card.scale.out_of)
    _put(
        ws,
        row,
        [TEXT[lang]["kind_scale"], None, card.scale.kind.value, line, None, f"={_RATE}{total}*{out_of:.17g}"],
    )
    places = card.rounding.rate_percent if card.scale.kind is ScaleKind.PERCENT else card.rounding.points
    ws[f"{_POINTS}{row}"].number_format = "0" + ("." + "0" * places if places else "")


def _comparison_sheet(
    ws: Any, cards: Sequence[Scorecard], names: Sequence[str], lang: str, bold: Any
) -> None:
    get_column_letter = _openpyxl("openpyxl.utils").get_column_letter
    t = TEXT[lang]
    first = cards[0]
    points_fmt, rate_fmt = _formats(first)
    header: list[Any] = [t["level"], t["axis"], t["id"], t["label"]]
    for card in cards:
        name = entity_name(card)
        header += [_Input(f"{name} — {t['rate']}"), _Input(f"{name} — {t['points']}"), t["max"]]
    _put(ws, 1, header, bold)
    # The entity sheets share one layout (one grid): rows 2.. are axis, objectives..., total.
    # Each layout row: level, axis id, item id, label, and per card whether it is neutralised.
    layout: list[tuple[str, str, str, str, list[bool]]] = []
    for a_index, axis in enumerate(first.axes):
        layout.append((t["kind_axis"], axis.id, axis.id, axis.label, [False] * len(cards)))
        for o_index, o in enumerate(axis.objectives):
            neutral = [c.axes[a_index].objectives[o_index].neutralised for c in cards]
            layout.append((t["kind_objective"], axis.id, o.id, o.label, neutral))
    layout.append((t["kind_total"], "", "total", t["total"], [False] * len(cards)))
    for index, (level, axis_id, item_id, label, neutral) in enumerate(layout):
        row = index + 2
        is_total = level == t["kind_total"]
        values: list[Any] = [
            level,
            _Input(axis_id) if axis_id else None,
            item_id if is_total else _Input(item_id),
            label if is_total else _Input(label),
        ]
        for name in names:
            sheet = _quote(name)
            values += [f"={sheet}!{_RATE}{row}", f"={sheet}!{_POINTS}{row}", f"={sheet}!{_MAX}{row}"]
        _put(ws, row, values, None if level == t["kind_objective"] else bold)
        for c_index in range(len(cards)):
            column = 5 + 3 * c_index
            ws.cell(row, column).number_format = (
                f'{rate_fmt};-{rate_fmt};"-"' if neutral[c_index] else rate_fmt
            )
            ws.cell(row, column + 1).number_format = points_fmt
            ws.cell(row, column + 2).number_format = points_fmt
    ws.freeze_panes = "E2"
    widths = [11, 10, 22, 62] + [14, 14, 9] * len(cards)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def render_xlsx(cards: Sequence[Scorecard], lang: str = "fr") -> bytes:
    """The Excel workbook of one entity, or of several with a comparison sheet first.

    Raises:
        MissingExtraError: openpyxl is not installed (install the `report` extra).
        CpgScoreError: The cards were not scored on the same grid.
    """
    openpyxl = _openpyxl()
    font = _openpyxl("openpyxl.styles").Font
    check_same_grid(cards)
    t = TEXT[lang]
    workbook = openpyxl.Workbook()
    bold = font(bold=True)
    taken = {t["comparison"].lower()} if len(cards) > 1 else set()
    names = _sheet_names(cards, taken)
    first_sheet = workbook.active
    if len(cards) > 1:
        first_sheet.title = t["comparison"]
        for card, name in zip(cards, names, strict=True):
            _entity_sheet(workbook.create_sheet(name), card, lang, bold)
        _comparison_sheet(first_sheet, cards, names, lang, bold)
    else:
        first_sheet.title = names[0]
        _entity_sheet(first_sheet, cards[0], lang, bold)
    workbook.properties.creator = "cpg-score"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _reproducible(buffer.getvalue())


#: The date written in the workbook's properties and zip entries: the same inputs give the same
#: bytes (as reproducible builds do with SOURCE_DATE_EPOCH, which is honoured when set).
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def _reproducible(data: bytes) -> bytes:
    """Rewrite the xlsx zip with fixed timestamps (entries and docProps/core.xml dates)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    stamp = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
        if epoch.isdigit()
        else datetime.datetime(*_FIXED_DATE, tzinfo=datetime.timezone.utc)
    )
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + iso.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()
