"""Text from input files made safe for where it is written: spreadsheets and terminals.

A label read from a grid is data, never code: a spreadsheet must not run it as a formula, and a
terminal must not obey the control sequences it may carry. The functions here are the one place
that decides how such text is neutralised (following the OWASP "CSV injection" guidance: a cell
starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`), for every
output of cpg-score: messages, reports and simulation tables alike.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "CONTROLS",
    "FORMULA_PREFIXES",
    "ID",
    "SHEET_FORBIDDEN",
    "csv_cell",
    "escape_controls",
    "looks_like_formula",
    "one_line",
    "terminal_text",
    "xlsx_text",
]

#: An id as every file writes it: letters, digits, `.`, `_` or `-`, starting with a letter or digit.
ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: The characters a spreadsheet refuses in a sheet's name (and the controls).
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# C0 controls (tab and newline included: one message, one line), DEL, the C1 controls, and the
# bidirectional overrides and isolates, which reorder what a terminal shows.
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The same, less the line feed and the tab, for text of several lines.
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A number written plainly: a sign, digits, an optional decimal part (nothing a formula needs).
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
# What an xlsx file cannot hold at all (XML 1.0): the C0 controls but tab, newline and CR.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    r"""`text` with every control character written as an escape (`\x1b`, `\x00`, `\u202e`).

    For text shown on a terminal: a label or a message cannot move the cursor, change colours,
    hide what follows, or break a one-line message into several lines.
    """
    return CONTROLS.sub(_escape, text)


def terminal_text(text: str) -> str:
    r"""A multi-line text for a terminal: control characters escaped, line breaks and tabs kept."""
    return _TERMINAL.sub(_escape, text)


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could take `text` for a formula (it starts with one of FORMULA_PREFIXES)."""
    return text.startswith(FORMULA_PREFIXES)


def csv_cell(value: Any) -> Any:
    """A CSV cell: text that could be taken for a formula gets a leading `'`; anything else as is.

    Numbers are not formulas: a negative number (`-1.50`, as a number or as its plain text)
    stays a number.
    """
    if isinstance(value, str) and looks_like_formula(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def xlsx_text(text: str) -> str:
    r"""Text an xlsx cell can hold: the characters XML forbids are written as escapes (`\x1b`)."""
    return _XML_ILLEGAL.sub(_escape, text)


def one_line(text: str) -> str:
    r"""`text` on one line for a terminal or a table: line breaks folded into spaces, the other
    control characters escaped (`\x1b`)."""
    return escape_controls(_BREAKS.sub(" ", text))


_BREAKS = re.compile("\r\n|[\r\n]")
