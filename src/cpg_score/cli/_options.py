"""The options the commands share, each declared once, and the record that registers a command.

A command module describes itself with a [`Command`][cpg_score.cli._options.Command] (its name,
help, handler, own arguments, and which shared options it takes); `add_command` builds its
parser. The shared options: the reading limits (`--max-bytes`, `--max-nodes`, `--max-depth`),
`--format/-f` (the formats of the command's result kind, from the render layer), `--output/-o`,
`--lang fr|en`, `--color` and `--quiet/-q`; `whole_number` bounds a numeric option.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from attrs import frozen

from cpg_score._numbers import parse_number
from cpg_score.cli._french import lang_of
from cpg_score.io import Limits
from cpg_score.io.marked import MAX_BYTES, MAX_DEPTH, MAX_NODES
from cpg_score.reports import LANGS
from cpg_score.simulate import MAX_FIGURE

__all__ = [
    "COLOR_MODES",
    "Command",
    "Handler",
    "add_command",
    "add_output",
    "default_lang",
    "limits_from",
    "points",
    "whole_number",
]

Handler = Callable[[argparse.Namespace], int]

#: The choices of `--color`.
COLOR_MODES = ("auto", "always", "never")


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


def points(text: str) -> Decimal:
    """An argparse `type`: a total in points, a plain number from 0 to 10^15 (a percent is
    refused: 80 % of what?)."""
    try:
        parsed = parse_number(text)
    except (ValueError, ArithmeticError) as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if parsed.percent:
        raise argparse.ArgumentTypeError(
            f"must be a number of points, not a percent (write 800), got {text!r}"
        )
    value = parsed.value
    if not (value.is_finite() and 0 <= value < MAX_FIGURE):
        raise argparse.ArgumentTypeError(f"must be a number of points from 0 to 10^15, got {text}")
    return value


@frozen(kw_only=True)
class Command:
    """One command of `cpg-score` and the shared options it takes.

    Attributes:
        name: The command's name (`score`, `whatif`...).
        help: One line for the list of commands.
        description: The paragraph of its `--help`.
        handler: Runs the command on the parsed arguments; returns the exit code.
        arguments: Adds the command's own arguments to its parser (None: it has none).
        formats: The choices of `--format/-f`, the first being the default (empty: no `--format`).
        format_help: What `--format` adds to "output format (default: ...)".
        output: Whether it takes `--output/-o`.
        lang: The default of `--lang` (None: `CPG_SCORE_LANG`, else French). Every command takes
            `--lang`: its output, its messages and its help follow it.
        lang_help: The help of `--lang` (empty: "language of headings, messages and numbers").
        limits: Whether it reads files, hence takes the reading limits.
        color: Whether it takes `--color` (a scorecard's terminal table).
        quiet: The help of `--quiet/-q` (None: no `--quiet`).
    """

    name: str
    help: str
    description: str
    handler: Handler
    arguments: Callable[[argparse.ArgumentParser], None] | None = None
    formats: tuple[str, ...] = ()
    format_help: str = ""
    output: bool = True
    lang: str | None = None
    lang_help: str = ""
    limits: bool = True
    color: bool = False
    quiet: str | None = None


def add_command(commands: Any, command: Command) -> argparse.ArgumentParser:
    """Add a command's parser: its own arguments, then the shared options it takes."""
    parser: argparse.ArgumentParser = commands.add_parser(
        command.name, help=command.help, description=command.description
    )
    if command.arguments is not None:
        command.arguments(parser)
    if command.quiet is not None:
        parser.add_argument("--quiet", "-q", action="store_true", help=command.quiet)
    if command.formats:
        _add_format(parser, command.formats, command.format_help)
    _add_lang(parser, command.lang or default_lang(), command.lang_help)
    if command.output:
        add_output(parser)
    if command.color:
        parser.add_argument(
            "--color",
            choices=COLOR_MODES,
            default="auto",
            help="colour the terminal table: auto (a terminal, NO_COLOR unset), always, never "
            "(default: auto)",
        )
    if command.limits:
        _add_limits(parser)
    parser.set_defaults(handler=command.handler)
    return parser


def _add_format(parser: argparse.ArgumentParser, formats: tuple[str, ...], more: str) -> None:
    parser.add_argument(
        "--format",
        "-f",
        choices=formats,
        default=formats[0],
        help=f"output format (default: {formats[0]}{'; ' + more if more else ''})",
    )


def default_lang() -> str:
    """The language when `--lang` is not given: `CPG_SCORE_LANG` (fr or en), else French."""
    return lang_of([])


def _add_lang(parser: argparse.ArgumentParser, default: str, text: str) -> None:
    text = text or f"language of headings, messages and numbers (default: {default}; or CPG_SCORE_LANG)"
    parser.add_argument("--lang", choices=LANGS, default=default, help=text)


def add_output(parser: Any) -> None:
    """Add `--output/-o` to a parser (or to a group of mutually exclusive options)."""
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (atomically) instead of standard output"
    )


#: The reading limits the CLI offers: the `Limits` field (`--max-bytes` for `max_bytes`), its
#: ceiling, and what it bounds.
_LIMIT_OPTIONS = (
    ("max_bytes", MAX_BYTES, "largest input file, in bytes"),
    ("max_nodes", MAX_NODES, "most YAML nodes once aliases are expanded"),
    ("max_depth", MAX_DEPTH, "deepest nesting"),
)


def _add_limits(parser: argparse.ArgumentParser) -> None:
    """Add `--max-bytes`, `--max-nodes` and `--max-depth` (see [`Limits`][cpg_score.Limits])."""
    default = Limits()
    group = parser.add_argument_group("reading limits (guards against huge or hostile files)")
    for name, ceiling, text in _LIMIT_OPTIONS:
        group.add_argument(
            "--" + name.replace("_", "-"),
            type=whole_number(1, ceiling),
            default=getattr(default, name),
            metavar="N",
            help=f"{text}, at most {ceiling} (default: {getattr(default, name)})",
        )


def limits_from(args: argparse.Namespace) -> Limits:
    """The [`Limits`][cpg_score.Limits] given on the command line (defaults when absent)."""
    default = Limits()
    return Limits(**{name: getattr(args, name, getattr(default, name)) for name, _, _ in _LIMIT_OPTIONS})
