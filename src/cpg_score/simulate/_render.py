"""Rendering simulation outputs: one table (headers + rows) as text, Markdown, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .._numbers import round_half_up

__all__ = ["FORMATS", "fmt", "render_table"]

FORMATS = ("table", "json", "csv", "markdown")


def fmt(value: Decimal | None, places: int = 2, signed: bool = False) -> str:
    """A number for a table: rounded half up to `places`, `+` shown when `signed`."""
    if value is None:
        return "-"
    rounded = round_half_up(value, places)
    text = format(rounded, "f")
    if rounded == 0:
        text = format(abs(rounded), "f")
    return f"+{text}" if signed and rounded > 0 else text


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
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
        data: What `json` prints (Decimals become strings).
        notes: Lines printed under the table (text and Markdown).
        left: Columns aligned left (the others, numbers, align right).

    Returns:
        The text, ending with a newline.
    """
    if fmt_name == "json":
        return json.dumps(_jsonable(data), ensure_ascii=False, indent=2) + "\n"
    if fmt_name == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
        return out.getvalue()
    if fmt_name == "markdown":
        lines = [f"## {title}", ""]
        lines.append("| " + " | ".join(headers) + " |")
        lines.append("|" + "|".join("---" if i in left else "---:" for i in range(len(headers))) + "|")
        lines.extend("| " + " | ".join(row) + " |" for row in rows)
        if notes:
            lines.append("")
            lines.extend(notes)
        return "\n".join(lines) + "\n"
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
