"""Rendering simulation outputs: one table (headers + rows) as text, Markdown, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from cpg_score._numbers import Exact, decimal_text, round_half_up, to_fraction
from cpg_score._safe_text import csv_cell, one_line

__all__ = ["FORMATS", "check_format", "exact_text", "fmt", "given", "render_table"]

FORMATS = ("table", "json", "csv", "markdown")


def check_format(fmt_name: object) -> str:
    """Check a `fmt_name` argument: one of `FORMATS`.

    Raises:
        TypeError: It is not a string.
        ValueError: It is not one of `FORMATS`.
    """
    if not isinstance(fmt_name, str):
        raise TypeError(f"fmt_name must be one of {', '.join(FORMATS)}, got {type(fmt_name).__name__}")
    if fmt_name not in FORMATS:
        raise ValueError(f"fmt_name must be one of {', '.join(FORMATS)}, got {fmt_name!r}")
    return fmt_name


def fmt(value: Exact | None, places: int = 2, signed: bool = False) -> str:
    """A number for a table: the exact value rounded half up once to `places` (never `-0`),
    `+` shown when `signed` and the rounded value is above zero; `-` for no value."""
    if value is None:
        return "-"
    rounded = round_half_up(value, places)
    text = format(rounded, "f")
    if rounded == 0:
        text = format(abs(rounded), "f")
    return f"+{text}" if signed and rounded > 0 else text


def given(value: Exact, places: int = 2) -> str:
    """A figure the user gave (a threshold, a target, a parameter): to `places` decimals when
    that is exact, else in full, so that two thresholds never print alike (776.495 vs 776.50)."""
    exact = to_fraction(value)
    if round_half_up(exact, places) == exact:
        return fmt(exact, places)
    return decimal_text(exact)


def exact_text(value: Exact | None) -> str | None:
    """An exact figure for JSON: its decimal text (exact when it terminates, else 60
    correctly rounded significant digits; never `-0`), or None for no value."""
    return None if value is None else decimal_text(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (Decimal, Fraction)):
        return decimal_text(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def render_table(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    fmt_name: str,
    data: dict[str, Any],
    notes: Sequence[str] = (),
    left: Sequence[int] = (0,),
) -> str:
    """Render one table.

    Args:
        title: A title line (text and Markdown).
        headers: Column headers.
        rows: Cells, as text.
        fmt_name: `table`, `markdown`, `csv` or `json`.
        data: What `json` prints (exact numbers become decimal text, see `exact_text`).
        notes: Lines printed under the table (text and Markdown).
        left: Columns aligned left (the others, numbers, align right).

    Returns:
        The text, ending with a newline.
    """
    if fmt_name == "json":
        return json.dumps(_jsonable(data), ensure_ascii=False, indent=2) + "\n"
    if fmt_name == "csv":
        # Labels come from input files: none may become a spreadsheet formula.
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([csv_cell(h) for h in headers])
        writer.writerows([csv_cell(c) for c in row] for row in rows)
        return out.getvalue()
    # Read on a terminal: every text on one line, control characters escaped.
    title, notes = one_line(title), [one_line(n) for n in notes]
    headers = [one_line(h) for h in headers]
    rows = [[one_line(c) for c in row] for row in rows]
    if fmt_name == "markdown":
        return _markdown(title, headers, rows, notes, left)
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=False)]
    lines = [title, ""]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i in left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=False))
        ).rstrip()

    lines.append(line(headers))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(line(row) for row in rows)
    if notes:
        lines.append("")
        lines.extend(notes)
    return "\n".join(lines) + "\n"


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
