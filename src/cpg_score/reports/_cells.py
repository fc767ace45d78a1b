"""Cells of the reports: a scorecard's texts made safe for a terminal (see `cpg_score._safe_text`),
and the one CSV writer of cpg-score (`csv_text`)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from cpg_score._numbers import decimal_text
from cpg_score._safe_text import CONTROLS, csv_cell, one_line
from cpg_score.model.scorecard import Neutralisation, Reason, Scorecard

__all__ = ["BOM", "CSV_SEPARATORS", "csv_text", "without_controls"]

#: The byte order mark a French CSV starts with, so that Excel reads it as UTF-8.
BOM = "\ufeff"
#: The CSV separator per language: French Excel expects `;` (the comma is its decimal mark).
CSV_SEPARATORS = {"fr": ";", "en": ","}
# A number as a table prints it (`-1,50`, `+12.5 %`, `1 000`): a signed one is no formula.
_NUMBER_TEXT = re.compile(r"[+-]?[0-9][0-9\u202f\u00a0 ]*(?:[.,][0-9]+)?(?:[\u00a0 ]?%)?")


def _csv_value(value: object, lang: str) -> object:
    """A cell as CSV text: a number as plain decimal text (a decimal comma in French, never a
    grouping space, so a spreadsheet reads it as a number), None as empty, text made safe."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, (int, Decimal, Fraction)):
        # A rounded Decimal keeps its digits (`64.50`); a Fraction is written exactly.
        text = format(value, "f") if isinstance(value, Decimal) else decimal_text(value)
        return text.replace(".", ",") if lang == "fr" else text
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
        return value
    return csv_cell(value)


def csv_text(rows: Iterable[Sequence[object]], lang: str) -> str:
    """The text of a CSV file for a spreadsheet in `lang`'s conventions.

    French (`fr`): `;` between cells, a decimal comma, and a UTF-8 byte order mark first, as
    French Excel opens a file directly; English (`en`): `,` and a decimal point, no mark.
    Numbers (`int`, `Decimal`, `Fraction`) are written as plain numbers; text from the inputs
    never becomes a formula (a leading `'`, see `csv_cell`); None is an empty cell.

    Examples:
        >>> csv_text([["Taux", Decimal("98.39")]], "fr")
        '\\ufeffTaux;98,39\\n'
        >>> csv_text([["Rate", Decimal("98.39")]], "en")
        'Rate,98.39\\n'
    """
    # Written with CRLF so that a cell holding a CR or LF is quoted (a bare CR would end the row
    # for a reader), then each row ended with LF as before.
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATORS[lang], lineterminator="\r\n")
    lines = [BOM] if lang == "fr" else []
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_csv_value(value, lang) for value in row])
        lines.append(buffer.getvalue()[:-2] + "\n")
    return "".join(lines)


def _texts(card: Scorecard) -> Iterator[str]:
    yield card.grid_label
    yield card.entity.id
    yield card.entity.label
    for axis in card.axes:
        yield axis.label
        for objective in axis.objectives:
            yield objective.label
            yield objective.reason or ""
    for note in card.neutralisations:
        yield note.reason


def without_controls(card: Scorecard) -> Scorecard:
    """`card` with its texts on one line, control characters escaped (see `one_line`).

    For the reports read on a terminal (`table`, `markdown`); the card itself when it has none.
    """
    if not any(CONTROLS.search(text) for text in _texts(card)):
        return card
    safe = one_line
    axes = [
        attrs.evolve(
            axis,
            label=safe(axis.label),
            objectives=[
                attrs.evolve(o, label=safe(o.label), why=None if o.why is None else _safe_reason(o.why, safe))
                for o in axis.objectives
            ],
        )
        for axis in card.axes
    ]
    return attrs.evolve(
        card,
        grid_label=safe(card.grid_label),
        entity=attrs.evolve(card.entity, id=safe(card.entity.id), label=safe(card.entity.label)),
        axes=axes,
        neutralisations=[_safe_neutralisation(n, safe) for n in card.neutralisations],
    )


def _safe_reason(why: Reason, safe: Callable[[str], str]) -> Reason:
    return attrs.evolve(why, text=safe(why.text), indicator=safe(why.indicator))


def _safe_neutralisation(n: Neutralisation, safe: Callable[[str], str]) -> Neutralisation:
    return attrs.evolve(n, why=_safe_reason(n.why, safe))
