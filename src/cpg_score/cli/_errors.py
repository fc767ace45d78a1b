"""How the command line prints problems: one a line, control characters escaped, a limit
of the library (`Limits(max_bytes=...)`) worded with its flag (`--max-bytes`), and the message in
the language asked (the French catalogue, `cli/_french_messages.py`; the `Problem` itself keeps
its English message, which JSON output shows)."""

from __future__ import annotations

from attrs import evolve

from cpg_score._safe_text import escape_controls
from cpg_score.cli._french_messages import MESSAGES
from cpg_score.errors import LIMIT_FIELDS, CpgScoreError, InputError, Problem, limit_hint

__all__ = ["EXIT_FAILURE", "EXIT_INVALID", "EXIT_OK", "error_lines", "message_text"]

#: Success.
EXIT_OK = 0
#: An unexpected failure: a bug.
EXIT_FAILURE = 1
#: Invalid input, or an output that cannot be written.
EXIT_INVALID = 2


def message_text(text: str, lang: str) -> str:
    """One of our messages in `lang` (French through the catalogue; as it is when no entry
    matches it)."""
    return MESSAGES.translate(text, lang)


def error_lines(exc: CpgScoreError, lang: str = "en") -> list[str]:
    r"""The lines to print for an error: one per problem, control characters escaped (`\x1b`),
    in `lang`.

    An [`InputError`][cpg_score.InputError] gives one line per problem, whatever its message
    holds (a newline in a value is printed `\x0a`); another error, one line per line of its text.
    """
    if isinstance(exc, InputError) and exc.problems:
        return [escape_controls(str(_in_lang(_with_flags(problem), lang))) for problem in exc.problems]
    return [escape_controls(message_text(line, lang)) for line in str(exc).split("\n")]


def _in_lang(problem: Problem, lang: str) -> Problem:
    if lang == "en":
        return problem
    return evolve(problem, message=message_text(problem.message, lang))


def _with_flags(problem: Problem) -> Problem:
    """The problem as the command line words it: a limit is raised with its option
    (`--max-bytes`), not with `Limits(max_bytes=...)`. Found by the problem's code."""
    field = LIMIT_FIELDS.get(problem.code)
    if field is None:
        return problem
    flag = "--" + field.replace("_", "-")
    return evolve(problem, message=problem.message.replace(limit_hint(problem.code), f"raise it with {flag}"))
