"""The error family of cpg-score.

Every error the library raises on purpose derives from [`CpgScoreError`][cpg_score.CpgScoreError].
Errors about the content of a file (a grid, a results file...) derive from
[`InputError`][cpg_score.InputError], which is also a `ValueError`, and carry every
[`Problem`][cpg_score.Problem] found in the file, each with its file, line, column and location:

```text
grid.yaml:14:7: points must be >= 0, got -2 @ $.axes[1].objectives[0].points
```

The command line prints these messages on standard error and exits with code 2.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable

from attrs import field, frozen

from cpg_score._words import Words

__all__ = [
    "LIMIT_FIELDS",
    "CpgScoreError",
    "GridError",
    "InputError",
    "MissingExtraError",
    "PlanError",
    "PlanTargetError",
    "Problem",
    "ProblemCode",
    "ProfitSharingError",
    "ResultsError",
    "ScenarioError",
    "SeriesError",
    "SpecError",
    "Suggestions",
    "TotalsError",
    "TreeError",
    "child_path",
    "column_letters",
    "limit_hint",
    "place_text",
    "unknown_item",
]


class ProblemCode(Words):
    """The stable code of a [`Problem`][cpg_score.Problem]: what kind of problem it is.

    Programs route problems by their code, never by the text of their message (which may be
    reworded). The codes are listed, one line each, in the reference ("Errors").
    """

    SYNTAX = "syntax"
    NOT_TEXT = "not-text"
    EMPTY = "empty"
    TOO_LARGE = "too-large"
    TOO_DEEP = "too-deep"
    TOO_MANY_NODES = "too-many-nodes"
    NOT_A_FILE = "not-a-file"
    NO_SUCH_FILE = "no-such-file"
    UNREADABLE = "unreadable"
    BAD_TAG = "bad-tag"
    MISSING_KEY = "missing-key"
    UNKNOWN_KEY = "unknown-key"
    DUPLICATE_KEY = "duplicate-key"
    WRONG_TYPE = "wrong-type"
    BAD_ID = "bad-id"
    DUPLICATE_ID = "duplicate-id"
    BAD_NUMBER = "bad-number"
    OUT_OF_RANGE = "out-of-range"
    BAD_CHOICE = "bad-choice"
    BAD_TEXT = "bad-text"
    BAD_PATH = "bad-path"
    INVALID = "invalid"
    WRONG_GRID = "wrong-grid"
    WRONG_PERIOD = "wrong-period"
    UNKNOWN_ITEM = "unknown-item"
    MISSING_RESULT = "missing-result"
    MISSING_BASELINE = "missing-baseline"
    NOT_SCORED = "not-scored"
    NO_HEADER = "no-header"
    NO_CACHED_VALUE = "no-cached-value"
    NO_RESULTS = "no-results"


_BREAKS = re.compile(r"\s*[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]\s*")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """One line, printable: line breaks become a space, other control characters an escape."""
    text = _BREAKS.sub(" ", text)
    return _CONTROLS.sub(lambda m: repr(m.group())[1:-1], text)


def _printable_or_none(text: str | None) -> str | None:
    return None if text is None else _printable(text)


#: A sheet name written bare in a cell reference (`Feuille1!C7`); any other is quoted (`'Mes résultats'!C7`).
_BARE_SHEET = re.compile(r"[^\W\d][\w.]*")
#: A sheet name that reads as a cell reference (`A1`, `R1C1`): quoted too (`'A1'!B2`).
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*")


def column_letters(column: int) -> str:
    """A 1-based column number as spreadsheet letters: 1 is `A`, 27 is `AA`."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _sheet_place(sheet: str, line: int | None, column: int | None) -> str:
    """`Feuille1!C7` (sheet, cell), `Feuille1!7:7` (a row), `Feuille1` (the sheet)."""
    bare = _BARE_SHEET.fullmatch(sheet) and not _CELL_LIKE.fullmatch(sheet)
    name = sheet if bare else "'" + sheet.replace("'", "''") + "'"
    if line is None:
        return name
    if column is None:
        return f"{name}!{line}:{line}"
    return f"{name}!{column_letters(column)}{line}"


def place_text(file: str, line: int | None, column: int | None, sheet: str | None = None) -> str:
    """Where something stands in a file, as a problem prints it: `file.csv:12:3`, `file.yaml:5`,
    `file.xlsx:Feuille1!C7` (with a sheet: `line` is the row), or the file alone.

    Args:
        file: The file's name.
        line: The 1-based line (a sheet's row), or None.
        column: The 1-based column (a CSV's field number), or None.
        sheet: The workbook's sheet, or None for any other file.

    Returns:
        The place, on one line.
    """
    if sheet is not None:
        return f"{file}:{_sheet_place(sheet, line, column)}"
    if line is None:
        return file
    return f"{file}:{line}" if column is None else f"{file}:{line}:{column}"


@frozen(kw_only=True)
class Problem:
    """One problem found in an input, with where it is.

    Attributes:
        message: What is wrong, naming the bad value (`points must be >= 0, got -2`).
        code: What kind of problem it is, stable across versions (route by it, not by the
            message).
        file: The file name (or `<string>` for text given directly).
        line: 1-based line of the offending node, or `None` when unknown.
        column: 1-based column of the offending node, or `None` when unknown.
        path: JSONPath-like location in the document (`$.axes[1].objectives[0].points`).
        sheet: The sheet of a workbook the problem is in (`None` for any other file); then
            `line` is the 1-based row and `column` the 1-based column, and the problem prints
            `file.xlsx:Feuille1!C7: message @ $.path`.

    A problem prints on one line, whatever it quotes: a line break in the message or the file
    name becomes a space, a terminal control character (ESC...) its escape (`\\x1b`).
    """

    message: str = field(converter=_printable)
    file: str = field(default="<string>", converter=_printable)
    line: int | None = None
    column: int | None = None
    path: str = "$"
    code: ProblemCode = ProblemCode.INVALID
    sheet: str | None = field(default=None, converter=_printable_or_none)

    def to_dict(self) -> dict[str, object]:
        """The problem as JSON-ready values (`code` is its text)."""
        return {
            "code": self.code.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "sheet": self.sheet,
        }

    def __str__(self) -> str:
        return f"{place_text(self.file, self.line, self.column, self.sheet)}: {self.message} @ {self.path}"


class CpgScoreError(Exception):
    """Root of every error raised on purpose by cpg-score."""


class InputError(CpgScoreError, ValueError):
    """A file (or text) given by the user is invalid.

    All the problems of one file are collected before this is raised, so a user can fix a
    file in one pass.

    Attributes:
        problems: Every problem found, in document order.
    """

    kind = "input"

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def file(self) -> str:
        """The file of the first problem."""
        return self.problems[0].file if self.problems else "<string>"


class GridError(InputError):
    """A grid file is invalid."""

    kind = "grid"


class ResultsError(InputError):
    """A results file is invalid, or does not fit the grid it is scored with."""

    kind = "results"


class TreeError(InputError):
    """An entity tree file is invalid."""

    kind = "tree"


class TotalsError(InputError):
    """A published-totals file (for `cpg-score check --totals`) is invalid."""

    kind = "totals"


class SpecError(InputError):
    """A Monte Carlo spec file is invalid."""

    kind = "spec"


class PlanError(InputError):
    """A bounds file is invalid."""

    kind = "plan"


class PlanTargetError(CpgScoreError, ValueError):
    """A plan's target is out of range: below 0 or above the grid's total."""


class ScenarioError(InputError):
    """A scenario file is invalid, or does not fit its grid or base results."""

    kind = "scenario"


class SeriesError(InputError):
    """A monthly series file is invalid."""

    kind = "series"


class ProfitSharingError(InputError):
    """A profit-sharing parameters file is invalid."""

    kind = "profit-sharing"


class MissingExtraError(CpgScoreError):
    """An optional dependency (matplotlib, openpyxl) is not installed; the message says what to install."""


#: The field of [`Limits`][cpg_score.Limits] to raise for each limit a file went beyond.
LIMIT_FIELDS: dict[ProblemCode, str] = {
    ProblemCode.TOO_LARGE: "max_bytes",
    ProblemCode.TOO_MANY_NODES: "max_nodes",
    ProblemCode.TOO_DEEP: "max_depth",
}


def limit_hint(code: ProblemCode) -> str:
    """How to read a file beyond a limit, as a library call: `raise Limits(max_bytes=...)`.

    The command line swaps this text, found by the problem's code, for its own option.
    """
    return f"raise Limits({LIMIT_FIELDS[code]}=...)"


def unknown_item(item: str, grid: str, suggestions: Suggestions | None = None) -> str:
    """The message for an id a grid does not have, with its "did you mean" when one is close.

    Args:
        item: The id as written.
        grid: The grid's id.
        suggestions: The grid's ids (give one `Suggestions` for a whole file: hints are bounded).

    Returns:
        `no indicator or objective 'x' in grid 'g'; did you mean 'y'?`
    """
    hint = suggestions.hint(item) if suggestions is not None else ""
    return f"no indicator or objective {item!r} in grid {grid!r}{hint}"


class Suggestions:
    """The "did you mean" of a misspelt name, among many candidates, at a bounded cost.

    A close match is difflib's (similarity >= 0.6), searched among the candidates sharing the
    most three-letter pieces with the word when there are many: a hint costs about the same
    with 28,000 candidates as with 50. After `limit` hints no more are searched (a results file
    for another grid would ask for one per line), so a file's hints cost time linear in its size.

    Examples:
        >>> Suggestions(["fraude", "transport"]).hint("fraudes")
        "; did you mean 'fraude'?"
    """

    #: Below this many candidates, all of them are compared.
    SMALL = 200
    #: How many candidates, sharing the most pieces with the word, are compared.
    POOL = 30
    #: A piece found in more candidates than this tells nothing (`obj` in `obj-1`...`obj-9999`).
    COMMON = 500

    def __init__(self, candidates: Iterable[str], limit: int = 20) -> None:
        self._candidates = sorted(set(candidates))
        self._left = limit
        self._index: dict[str, list[int]] | None = None

    def hint(self, word: str) -> str:
        """`; did you mean 'x'?` for the closest candidate, or an empty text."""
        if self._left <= 0:
            return ""
        self._left -= 1
        found = difflib.get_close_matches(word, self._pool(word), n=1, cutoff=0.6)
        return f"; did you mean {found[0]!r}?" if found else ""

    def _pool(self, word: str) -> list[str]:
        if len(self._candidates) <= self.SMALL:
            return self._candidates
        if self._index is None:
            index: dict[str, list[int]] = {}
            for number, candidate in enumerate(self._candidates):
                for piece in _pieces(candidate):
                    index.setdefault(piece, []).append(number)
            self._index = index
        shared: Counter[int] = Counter()
        for piece in _pieces(word):
            found = self._index.get(piece, ())
            if len(found) <= self.COMMON:
                shared.update(found)
        return [self._candidates[number] for number, _ in shared.most_common(self.POOL)]


def _pieces(word: str) -> set[str]:
    """The three-letter pieces of a word (with its ends marked, so `ab` has some)."""
    padded = f"^{word.casefold()}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def child_path(path: str, key: str) -> str:
    """The path of `key` below `path` (a problem's location): `$.axes` for a name, `$['odd key']`
    for any other key.

    Args:
        path: The parent's path (`$`, `$.results`...).
        key: The key below it.

    Returns:
        The child's path.
    """
    return f"{path}.{key}" if _NAME.fullmatch(key) else f"{path}[{key!r}]"
