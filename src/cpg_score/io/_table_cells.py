"""The cells of a results table, read from CSV or xlsx into one shape: sheets of rows of
non-empty cells, each with its text, its kind (as a YAML scalar's) and its place.

CSV: UTF-8 with or without a byte order mark, else Windows-1252; the separator is sniffed among
`;`, `,` and tab. xlsx: openpyxl (the `report` extra), read-only, cached values; a numeric cell
is read from its shortest round-trip text, a cell shown as a percent is written `99.24 %`, a date
cell is a date. Every read is bounded by the `Limits`: the file's bytes, an xlsx's unpacked
bytes, and the cells (empty ones included) against `max_nodes`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import importlib
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from cpg_score.errors import MissingExtraError, Problem, ProblemCode, Suggestions, limit_hint
from cpg_score.io.marked import Limits, Scalar

__all__ = ["Cell", "RawSheet", "TableProblems", "formula_cells", "read_csv", "read_xlsx", "xlsx_content"]

#: The install hint of the extra that reads workbooks.
EXTRA_HINT = "python -m pip install '.[report]' in a clone of cpg-score"
#: How many times its size an xlsx may unpack to (a zip bomb is refused before it is read).
UNPACK_RATIO = 20
#: How many times `max_nodes` cells and rows, empty ones included, a table may span (a stray
#: cell far away is read; a sheet padded with millions of empty cells is refused).
SCAN_RATIO = 100
#: The CSV separators tried, a French Excel export's first.
SEPARATORS = (";", ",", "\t")
_SEP_LINE = re.compile(r'"?sep=([;,\t|])"?[^\S\n]*\n')


class Cell(NamedTuple):
    """A non-empty cell: its text as read, its kind (`str`, `int`, `float`, `bool`), its
    1-based row (a CSV's line) and column (a CSV's field number)."""

    text: str
    kind: str
    row: int
    column: int

    def scalar(self, text: str | None = None, kind: str | None = None) -> Scalar:
        """The cell as a marked scalar (its text or `text`), placed at the cell."""
        return Scalar(self.text if text is None else text, kind or self.kind, self.row, self.column)


class RawSheet(NamedTuple):
    """A sheet (a CSV file is one sheet, named None): its rows of non-empty cells, in order, and
    the places of the present but empty cells (a formula without a cached value is one)."""

    name: str | None
    rows: list[list[Cell]]
    blanks: set[tuple[int, int]]


class TableProblems(Exception):
    """The problems that stop a table from being read at all (an empty file, a damaged workbook)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def _stop(file: str, message: str, code: ProblemCode) -> TableProblems:
    """A problem of a whole CSV file, placed at its start."""
    return TableProblems([Problem(message=message, file=file, line=1, column=1, code=code)])


def _stop_workbook(file: str, message: str, code: ProblemCode) -> TableProblems:
    """A problem of the whole workbook: it names the file alone (no line and column)."""
    return TableProblems([Problem(message=message, file=file, code=code)])


class _Budget:
    """The non-empty cells read so far, against `max_nodes`; and every cell and row gone
    through (empty ones included), against `SCAN_RATIO` x `max_nodes`."""

    def __init__(self, file: str, limits: Limits) -> None:
        self.file = file
        self.limit = limits.max_nodes
        self.left = limits.max_nodes
        self.scan = SCAN_RATIO * limits.max_nodes

    def spend(self, cells: int, sheet: str | None, row: int, *, scanned: int = 0) -> None:
        self.left -= cells
        self.scan -= scanned
        if self.left < 0 or self.scan < 0:
            hint = limit_hint(ProblemCode.TOO_MANY_NODES)
            message = (
                f"table too large: more than max_nodes = {self.limit} cells ({hint})"
                if self.left < 0
                else f"table too large: it spans more than {SCAN_RATIO} x max_nodes = "
                f"{SCAN_RATIO * self.limit} cells, empty ones included ({hint})"
            )
            raise TableProblems(
                [
                    Problem(
                        message=message,
                        file=self.file,
                        line=row,
                        column=None if sheet is not None else 1,
                        code=ProblemCode.TOO_MANY_NODES,
                        sheet=sheet,
                    )
                ]
            )


# -- CSV ---------------------------------------------------------------------------------------


def _decode(data: bytes, file: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            message = "file starts as UTF-16 text but is not: save the table as CSV UTF-8"
            raise _stop(file, message, ProblemCode.NOT_TEXT) from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        message = (
            f"file is neither UTF-8 nor Windows-1252 text: byte 0x{data[exc.start]:02x} cannot be "
            "decoded (save the table as CSV UTF-8)"
        )
        raise _stop(file, message, ProblemCode.NOT_TEXT) from None


def _separator(text: str, header: Callable[[list[str]], bool]) -> str:
    """The separator under which a header row is found in the first lines, else the most
    frequent one in the first line holding any."""
    head = text.splitlines()[:50]
    for separator in SEPARATORS:
        try:
            if any(header(row) for row in csv.reader(head, delimiter=separator)):
                return separator
        except csv.Error:
            continue
    for line in head:
        counts = [(line.count(s), -n) for n, s in enumerate(SEPARATORS)]
        best = max(counts)
        if best[0]:
            return SEPARATORS[-best[1]]
    return SEPARATORS[0]


def read_csv(data: bytes, file: str, limits: Limits, header: Callable[[list[str]], bool]) -> RawSheet:
    """The cells of a CSV file (one sheet, named None); `header` tells a header row (for the
    separator's sniffing).

    Raises:
        TableProblems: The file is empty, not text, not well-formed CSV or beyond the limits.
    """
    text = _decode(data, file)
    if not text.strip():
        raise _stop(file, "empty file: expected a table with a header row", ProblemCode.EMPTY)
    hinted = _SEP_LINE.match(text)  # `sep=;`, which Excel writes and reads as the separator
    body = text[hinted.end() :] if hinted else text
    separator = hinted.group(1) if hinted else _separator(text, header)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator)
    budget = _Budget(file, limits)
    rows: list[list[Cell]] = []
    first = 2 if hinted else 1
    line = first
    try:
        for fields in reader:
            cells = [Cell(f.strip(), "str", line, n) for n, f in enumerate(fields, 1) if f.strip()]
            budget.spend(len(cells), None, line, scanned=len(fields) + 1)
            if cells:
                rows.append(cells)
            line = reader.line_num + first
    except csv.Error:
        message = "not a well-formed CSV table (a NUL byte, or a field too long or left open)"
        raise TableProblems(
            [Problem(message=message, file=file, line=line, column=1, code=ProblemCode.SYNTAX)]
        ) from None
    return RawSheet(None, rows, set())


# -- xlsx --------------------------------------------------------------------------------------


def _openpyxl() -> Any:
    try:
        return importlib.import_module("openpyxl")
    except ImportError:
        raise MissingExtraError(
            f"reading an xlsx table: openpyxl is not installed; install the report extra: {EXTRA_HINT} "
            "(or save the table as CSV)"
        ) from None


_DAMAGED = "cannot read the workbook: the file is damaged or is not an xlsx workbook"


def _check_zip(data: bytes, file: str, limits: Limits) -> None:
    if not data:
        raise _stop_workbook(file, "empty file: expected an xlsx workbook", ProblemCode.EMPTY)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        message = "not an xlsx workbook (not a zip archive); an .xls file: save it as .xlsx"
        raise _stop_workbook(file, message, ProblemCode.SYNTAX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):  # a damaged directory
        raise _stop_workbook(file, _DAMAGED, ProblemCode.UNREADABLE) from None
    bound = UNPACK_RATIO * limits.max_bytes
    if unpacked > bound:
        hint = limit_hint(ProblemCode.TOO_LARGE)
        message = (
            f"workbook too large: it unpacks to {unpacked} bytes, "
            f"more than {UNPACK_RATIO} x max_bytes = {bound} ({hint})"
        )
        raise _stop_workbook(file, message, ProblemCode.TOO_LARGE)


def _workbook(data: bytes, file: str, data_only: bool) -> Any:
    openpyxl = _openpyxl()
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception:  # a damaged archive fails in many ways inside openpyxl: all are ours to word
        raise _stop_workbook(file, _DAMAGED, ProblemCode.UNREADABLE) from None


def _number_text(value: float | int, number_format: str | None) -> tuple[str, str]:
    """A numeric cell's text and kind: the shortest round-trip text, `99.24 %` when the cell is
    shown as a percent."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value), "str"
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number_format is not None and "%" in number_format:
        return f"{exact.scaleb(2):f} %", "str"
    if exact == exact.to_integral_value() and abs(exact) < 10**15:
        return str(int(exact)), "int"
    return f"{exact:f}", "float"


def _cell_text(value: Any, number_format: str | None) -> tuple[str, str] | None:
    """A cell's text and kind (None for an empty cell)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ("true" if value else "false"), "bool"
    if isinstance(value, (int, float)):
        return _number_text(value, number_format)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat(), "str"
        return value.isoformat(sep=" "), "str"
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat(), "str"
    text = str(value).strip()
    return (text, "str") if text else None


_COL = re.compile(rb"<(?:\w+:)?col\s([^>]*?)/?>")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')


def _hidden_columns(data: bytes, worksheet: Any) -> set[int]:
    """The 1-based columns a sheet hides (`<col min= max= hidden="1"/>`, which openpyxl does not
    read in read-only mode): a simulator workbook's helper columns, not the reader's."""
    path = getattr(worksheet, "_worksheet_path", None)
    if not isinstance(path, str):
        return set()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            head = archive.read(path).split(b"<sheetData", 1)[0]
        except KeyError:
            return set()
    hidden: set[int] = set()
    for match in _COL.finditer(head):
        attributes = dict(_ATTR.findall(match.group(1)))
        if attributes.get(b"hidden") in (b"1", b"true"):
            first, last = int(attributes.get(b"min", b"0")), int(attributes.get(b"max", b"0"))
            hidden.update(range(first, min(last, 16384) + 1))
    return hidden


def _sheet_rows(worksheet: Any, name: str, budget: _Budget, hidden: set[int]) -> RawSheet:
    """A sheet's cells, those of its hidden columns left out."""
    rows: list[list[Cell]] = []
    blanks: set[tuple[int, int]] = set()
    worksheet.reset_dimensions()
    for number, row in enumerate(worksheet.iter_rows(), 1):
        cells: list[Cell] = []
        for cell in row:
            place = getattr(cell, "row", None), getattr(cell, "column", None)
            if place[0] is None or place[1] is None or place[1] in hidden:
                continue  # an absent cell, padding the row, or a hidden column
            found = _cell_text(cell.value, getattr(cell, "number_format", None))
            if found is None:
                blanks.add((place[0], place[1]))
            else:
                cells.append(Cell(found[0], found[1], place[0], place[1]))
        budget.spend(len(cells), name, number, scanned=len(row) + 1)
        if cells:
            rows.append(cells)
    return RawSheet(name, rows, blanks)


def _chosen(names: list[str], sheet: str | None, file: str) -> list[str]:
    if sheet is None:
        return names
    if sheet not in names:
        hint = Suggestions(names).hint(sheet)
        message = (
            f"no sheet {sheet!r} in the workbook{hint or '; its sheets: ' + ', '.join(map(repr, names))}"
        )
        raise _stop_workbook(file, message, ProblemCode.UNKNOWN_ITEM)
    return [sheet]


def read_xlsx(data: bytes, file: str, limits: Limits, sheet: str | None = None) -> list[RawSheet]:
    """The cells of every visible sheet of a workbook (or of `sheet`, even hidden), with their
    cached values.

    Raises:
        MissingExtraError: openpyxl is not installed.
        TableProblems: The file is empty, damaged, not a workbook, or beyond the limits.
    """
    _check_zip(data, file, limits)
    workbook = _workbook(data, file, data_only=True)
    budget = _Budget(file, limits)
    try:
        sheets = [(name, workbook[name]) for name in _chosen(workbook.sheetnames, sheet, file)]
        if sheet is None:  # a hidden sheet is read only when named
            sheets = [
                (name, found)
                for name, found in sheets
                if getattr(found, "sheet_state", "visible") == "visible"
            ]
        # A chart sheet holds no cells: it reads as an empty sheet.
        return [
            _sheet_rows(found, name, budget, _hidden_columns(data, found))
            if hasattr(found, "iter_rows")
            else RawSheet(name, [], set())
            for name, found in sheets
        ]
    except TableProblems:
        raise
    except Exception:  # as in `_workbook`
        raise _stop_workbook(file, _DAMAGED, ProblemCode.UNREADABLE) from None
    finally:
        workbook.close()


def formula_cells(
    data: bytes, file: str, wanted: dict[str, set[tuple[int, int]]]
) -> dict[str, set[tuple[int, int]]]:
    """Which of the `wanted` empty cells (by sheet) hold a formula (one without a cached value:
    the workbook was written by a program and never opened in a spreadsheet)."""
    workbook = _workbook(data, file, data_only=False)
    found: dict[str, set[tuple[int, int]]] = {}
    try:
        for name, places in wanted.items():
            worksheet = workbook[name]
            worksheet.reset_dimensions()
            found[name] = set(_formulas(worksheet.iter_rows(), places))
    except Exception:  # as in `_workbook`
        raise _stop_workbook(file, _DAMAGED, ProblemCode.UNREADABLE) from None
    finally:
        workbook.close()
    return found


def _formulas(rows: Iterable[Any], places: set[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    for row in rows:
        for cell in row:
            place = (getattr(cell, "row", None), getattr(cell, "column", None))
            if place in places and isinstance(cell.value, str) and cell.value.startswith("="):
                yield place


_ZIP = re.compile(rb"\APK\x03\x04")


def xlsx_content(data: bytes) -> bool:
    """Whether bytes look like a workbook (a zip archive) rather than CSV text."""
    return _ZIP.match(data) is not None
