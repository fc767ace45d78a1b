"""How the command line prints problems: one a line, control characters escaped, and a limit
of the library (`Limits(max_bytes=...)`) worded with its flag (`--max-bytes`)."""

from __future__ import annotations

from attrs import evolve

from cpg_score._safe_text import escape_controls
from cpg_score.errors import LIMIT_FIELDS, CpgScoreError, InputError, Problem, limit_hint

__all__ = ["EXIT_FAILURE", "EXIT_INVALID", "EXIT_OK", "error_lines"]

#: Success.
EXIT_OK = 0
#: An unexpected failure: a bug.
EXIT_FAILURE = 1
#: Invalid input, or an output that cannot be written.
EXIT_INVALID = 2


def error_lines(exc: CpgScoreError) -> list[str]:
    r"""The lines to print for an error: one per problem, control characters escaped (`\x1b`).

    An [`InputError`][cpg_score.InputError] gives one line per problem, whatever its message
    holds (a newline in a value is printed `\x0a`); another error, one line per line of its text.
    """
    if isinstance(exc, InputError) and exc.problems:
        return [escape_controls(str(_with_flags(problem))) for problem in exc.problems]
    return [escape_controls(line) for line in str(exc).split("\n")]


def _with_flags(problem: Problem) -> Problem:
    """The problem as the command line words it: a limit is raised with its option
    (`--max-bytes`), not with `Limits(max_bytes=...)`. Found by the problem's code."""
    field = LIMIT_FIELDS.get(problem.code)
    if field is None:
        return problem
    flag = "--" + field.replace("_", "-")
    return evolve(problem, message=problem.message.replace(limit_hint(problem.code), f"raise it with {flag}"))
