"""The parser of `cpg-score`, the dispatch to a command, and the exit codes."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Sequence

from cpg_score import __version__
from cpg_score._safe_text import escape_controls
from cpg_score.cli._check import CHECK
from cpg_score.cli._consolidate import CONSOLIDATE
from cpg_score.cli._errors import EXIT_FAILURE, EXIT_INVALID, EXIT_OK, error_lines
from cpg_score.cli._examples import EXAMPLES
from cpg_score.cli._explain import EXPLAIN
from cpg_score.cli._french import lang_of
from cpg_score.cli._french_messages import MESSAGES
from cpg_score.cli._french_parser import Parser, translate_parser
from cpg_score.cli._options import Command, Handler, add_command
from cpg_score.cli._plan import PLAN
from cpg_score.cli._profit_sharing import PROFIT_SHARING
from cpg_score.cli._project import PROJECT
from cpg_score.cli._schema import SCHEMA
from cpg_score.cli._score import COMPARE, SCORE
from cpg_score.cli._sensitivity import SENSITIVITY
from cpg_score.cli._simulate import SIMULATE
from cpg_score.cli._template import TEMPLATE
from cpg_score.cli._validate import VALIDATE
from cpg_score.cli._whatif import WHATIF
from cpg_score.errors import CpgScoreError
from cpg_score.io.output import flush_stdout
from cpg_score.reports import LANGS

__all__ = ["COMMANDS", "build_parser", "main"]

#: Every command, in the order `cpg-score --help` lists them; a new command adds its record here.
COMMANDS: tuple[Command, ...] = (
    SCORE,
    VALIDATE,
    TEMPLATE,
    EXAMPLES,
    COMPARE,
    EXPLAIN,
    CONSOLIDATE,
    CHECK,
    WHATIF,
    SENSITIVITY,
    PLAN,
    SIMULATE,
    PROJECT,
    PROFIT_SHARING,
    SCHEMA,
)


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The argument parser of `cpg-score` (the docs' CLI reference is generated from it).

    Args:
        lang: The language of its help and usage errors (`fr` or `en`); the command line gives
            the language its arguments or `CPG_SCORE_LANG` ask for (French by default).
    """
    parser = Parser(
        prog="cpg-score",
        description="Score the Contrat Pluriannuel de Gestion (CPG) of the Assurance Maladie.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--lang",
        choices=LANGS,
        help="language of the help, the output and the messages, here or after the command "
        "(default: fr; or CPG_SCORE_LANG)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands.required = True
    for command in COMMANDS:
        add_command(commands, command)
    translate_parser(parser, lang)
    return parser


def _command_defaults(parser: argparse.ArgumentParser, lang: str) -> None:
    """Make `lang` the default of every command's `--lang`."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                child.set_defaults(lang=lang)


def _say(line: str) -> None:
    """Print one line on standard error; a closed or full standard error is not worth a traceback."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr)


def _quiet_stdout() -> None:
    """After a broken pipe: point standard output at the null device, so that Python's own flush
    at exit does not complain about the pipe again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, AttributeError, ValueError):
        pass


def _run(handler: Handler, args: argparse.Namespace) -> int:
    try:
        code = handler(args)
        flush_stdout()
        return code
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        # The system refused: a `print` to a full or closed standard output (no file name), or a
        # folder that cannot be made: a plain message, not an internal error.
        if exc.filename is None:
            raise CpgScoreError(f"cannot write to standard output: {exc.strerror or exc}") from None
        raise CpgScoreError(f"{exc.filename}: {exc.strerror or exc}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Every message is printed one problem a line, with control characters escaped (`\\x1b`), in
    the language of `--lang` (given anywhere on the command line), else of `CPG_SCORE_LANG`, else
    French.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    lang = lang_of(arguments)
    parser = build_parser(lang)
    # `--lang` before the command: the command's own `--lang` takes it as its default.
    _command_defaults(parser, lang)
    args = parser.parse_args(arguments)
    lang = getattr(args, "lang", None) or lang
    handler: Handler = args.handler
    try:
        return _run(handler, args)
    except CpgScoreError as exc:
        for line in error_lines(exc, lang):
            _say(line)
        return EXIT_INVALID
    except KeyboardInterrupt:
        _say(MESSAGES.translate("cpg-score: interrupted", lang))
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except Exception as exc:  # an unexpected failure is a bug: say so, briefly
        if os.environ.get("CPG_SCORE_DEBUG"):
            traceback.print_exc()
        line = (
            f"cpg-score: internal error: {type(exc).__name__}: {exc} "
            "(set CPG_SCORE_DEBUG=1 for the traceback, and please report it)"
        )
        _say(escape_controls(MESSAGES.translate(line, lang)))
        return EXIT_FAILURE


def entry() -> None:  # pragma: no cover - the console script and `python -m cpg_score.cli`
    """Run the command line and exit with its code."""
    sys.exit(main())
