"""What the commands share: the reading limits (`--max-bytes`...), and how errors are printed."""

from __future__ import annotations

import argparse

from attrs import evolve

from cpg_score._safe_text import escape_controls
from cpg_score.errors import LIMIT_FIELDS, CpgScoreError, InputError, Problem, limit_hint
from cpg_score.io.marked import MAX_BYTES, MAX_DEPTH, MAX_NODES, Limits

__all__ = ["add_limit_options", "error_lines", "limits_from", "whole_number"]


def whole_number(low: int, high: int) -> type[int]:
    """An argparse `type`: a whole number from `low` to `high` (ASCII digits, an optional sign),
    or a usage error naming the bounds."""

    def parse(text: str) -> int:
        stripped = text.strip()
        digits = stripped[1:] if stripped[:1] in "+-" else stripped
        if not digits.isascii() or not digits.isdigit() or len(digits) > 30:
            raise argparse.ArgumentTypeError(f"expected a whole number from {low} to {high}, got {text!r}")
        value = int(stripped)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low} to {high}, got {value}")
        return value

    return parse  # type: ignore[return-value]


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    """Add `--max-bytes`, `--max-nodes` and `--max-depth` (see [`Limits`][cpg_score.Limits])."""
    default = Limits()
    group = parser.add_argument_group("reading limits (guards against huge or hostile files)")
    group.add_argument(
        "--max-bytes",
        type=whole_number(1, MAX_BYTES),
        default=default.max_bytes,
        metavar="N",
        help=f"largest input file, in bytes, at most {MAX_BYTES} (default: {default.max_bytes})",
    )
    group.add_argument(
        "--max-nodes",
        type=whole_number(1, MAX_NODES),
        default=default.max_nodes,
        metavar="N",
        help=f"most YAML nodes once aliases are expanded, at most {MAX_NODES} (default: {default.max_nodes})",
    )
    group.add_argument(
        "--max-depth",
        type=whole_number(1, MAX_DEPTH),
        default=default.max_depth,
        metavar="N",
        help=f"deepest nesting, at most {MAX_DEPTH} (default: {default.max_depth})",
    )


def limits_from(args: argparse.Namespace) -> Limits:
    """The [`Limits`][cpg_score.Limits] given on the command line (defaults when absent)."""
    default = Limits()
    return Limits(
        max_bytes=getattr(args, "max_bytes", default.max_bytes),
        max_nodes=getattr(args, "max_nodes", default.max_nodes),
        max_depth=getattr(args, "max_depth", default.max_depth),
    )


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
