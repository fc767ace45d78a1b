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

from attrs import frozen

__all__ = [
    "CpgScoreError",
    "GridError",
    "InputError",
    "Problem",
    "ResultsError",
    "TotalsError",
    "TreeError",
]


@frozen
class Problem:
    """One problem found in an input, with where it is.

    Attributes:
        message: What is wrong, naming the bad value (`points must be >= 0, got -2`).
        file: The file name (or `<string>` for text given directly).
        line: 1-based line of the offending node, or `None` when unknown.
        column: 1-based column of the offending node, or `None` when unknown.
        path: JSONPath-like location in the document (`$.axes[1].objectives[0].points`).
    """

    message: str
    file: str = "<string>"
    line: int | None = None
    column: int | None = None
    path: str = "$"

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return f"{place}: {self.message} @ {self.path}"


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
