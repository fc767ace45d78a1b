"""Simulation tables (what-if, sensitivity, plan, Monte Carlo, projection, profit-sharing):
one table (headers + rows) as text, Markdown, CSV or JSON, in French or English."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from attrs import field, frozen

from cpg_score._convert import to_tuple
from cpg_score._numbers import Exact, decimal_text, number_text, round_half_up, to_fraction
from cpg_score._safe_text import one_line
from cpg_score.reports._cells import csv_text

__all__ = ["TABLE_FORMATS", "Table", "check_format", "fmt", "given", "table_text"]

#: The formats of a simulation table.
TABLE_FORMATS = ("table", "json", "csv", "markdown")


def fmt(value: Exact | None, places: int = 2, signed: bool = False, lang: str = "en") -> str:
    """A number for a table: the exact value rounded half up once to `places` (never `-0`),
    `+` shown when `signed` and the rounded value is above zero; `-` for no value."""
    return "-" if value is None else number_text(value, places, lang=lang, signed=signed)


def given(value: Exact, places: int = 2, lang: str = "en") -> str:
    """A figure the user gave (a threshold, a target, a parameter): to `places` decimals when
    that is exact, else in full, so that two thresholds never print alike (776.495 vs 776.50)."""
    exact = to_fraction(value)
    if round_half_up(exact, places) == exact:
        return fmt(exact, places, lang=lang)
    text = decimal_text(exact)
    return text.replace(".", ",") if lang == "fr" else text


def _rows(rows: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in rows)


@frozen(kw_only=True)
class Table:
    """One simulation table, before its format.

    Attributes:
        title: A title line (text and Markdown).
        headers: Column headers.
        rows: Cells, as text.
        data: What `json` prints (JSON-ready: see the results' `to_dict`).
        notes: Lines printed under the table (text and Markdown).
        left: Columns aligned left (the others, numbers, align right).
    """

    title: str
    headers: tuple[str, ...] = field(converter=to_tuple)
    rows: tuple[tuple[str, ...], ...] = field(converter=_rows)
    data: dict[str, Any]
    notes: tuple[str, ...] = field(default=(), converter=to_tuple)
    left: tuple[int, ...] = field(default=(0,), converter=to_tuple)


def table_text(table: Table, fmt_name: str, lang: str = "en") -> str:
    """Render one table as `table`, `markdown`, `csv` or `json` (the text ends with a newline).

    A CSV follows `lang`'s spreadsheet conventions (see `csv_text`): in French `;`, a decimal
    comma in the number columns and a UTF-8 byte order mark; in English `,` and a point.
    """
    if fmt_name == "json":
        return json.dumps(table.data, ensure_ascii=False, indent=2) + "\n"
    if fmt_name == "csv":
        # Labels come from input files: none may become a spreadsheet formula (see `csv_text`).
        rows = [
            [_csv_number(c, lang) if i not in table.left else c for i, c in enumerate(row)]
            for row in table.rows
        ]
        return csv_text([table.headers, *rows], lang)
    # Read on a terminal: every text on one line, control characters escaped.
    title, notes = one_line(table.title), [one_line(n) for n in table.notes]
    headers = [one_line(h) for h in table.headers]
    rows = [[one_line(c) for c in row] for row in table.rows]
    if fmt_name == "markdown":
        return _markdown(title, headers, rows, notes, table.left)
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=False)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i in table.left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=False))
        ).rstrip()

    lines = [title, "", line(headers), "  ".join("-" * w for w in widths)]
    lines.extend(line(row) for row in rows)
    if notes:
        lines.append("")
        lines.extend(notes)
    return "\n".join(lines) + "\n"


# A number as a machine-readable table writes it (`776.50`, `-1.5`): a decimal comma in French.
_POINT_NUMBER = re.compile(r"[+-]?[0-9]+\.[0-9]+")


def _csv_number(cell: str, lang: str) -> str:
    """A number column's cell in `lang`'s CSV: `776.50` becomes `776,50` in French."""
    return cell.replace(".", ",") if lang == "fr" and _POINT_NUMBER.fullmatch(cell) else cell


def _markdown(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    notes: Sequence[str],
    left: Sequence[int],
) -> str:
    def cells(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    lines = [f"## {title}", "", cells(headers)]
    lines.append("|" + "|".join("---" if i in left else "---:" for i in range(len(headers))) + "|")
    lines.extend(cells(row) for row in rows)
    if notes:
        lines.append("")
        lines.extend(notes)
    return "\n".join(lines) + "\n"


def check_format(fmt_name: object) -> str:
    """Check a `fmt_name` argument: one of `TABLE_FORMATS`.

    Raises:
        TypeError: It is not a string.
        ValueError: It is not one of `TABLE_FORMATS`.
    """
    choices = ", ".join(TABLE_FORMATS)
    if not isinstance(fmt_name, str):
        raise TypeError(f"fmt_name must be one of {choices}, got {type(fmt_name).__name__}")
    if fmt_name not in TABLE_FORMATS:
        raise ValueError(f"fmt_name must be one of {choices}, got {fmt_name!r}")
    return fmt_name
