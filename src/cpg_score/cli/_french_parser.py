"""The argument parser of `cpg-score`, in French or English.

argparse words its help and its usage errors in English (through `gettext`). Rather than touch
argparse (other programs share it), our parser and its formatter speak the language given:
`translate_parser` rewrites the texts of our own parser objects (descriptions, help of each
argument, group titles, names of values) through the help catalogue, the formatter writes
« utilisation : » for "usage: ", and the parser's `error` translates the usage error through the
message catalogue before printing it (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn

from cpg_score.cli._french_help import HELP, METAVARS, USAGE_FR
from cpg_score.cli._french_messages import MESSAGES

__all__ = ["Parser", "translate_parser"]

#: The exit code of a usage error (invalid input).
_EXIT_USAGE = 2


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, with the usage line's prefix in the parser's language."""

    def __init__(self, prog: str, *, lang: str = "en") -> None:
        super().__init__(prog)
        self.lang = lang

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        """The usage line, prefixed « utilisation : » in French."""
        if prefix is None and self.lang == "fr":
            prefix = USAGE_FR
        super().add_usage(usage, actions, groups, prefix)


class Parser(argparse.ArgumentParser):
    """argparse, in a language (`lang`, set by `translate_parser`), with usage errors exiting 2
    and naming the program."""

    lang = "en"

    def _get_formatter(self) -> argparse.HelpFormatter:
        return _Formatter(self.prog, lang=self.lang)

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error, in the parser's language, and exit 2."""
        self.print_usage(sys.stderr)
        line = f"{self.prog}: error: {message}"
        self.exit(_EXIT_USAGE, MESSAGES.translate(line, self.lang) + "\n")


def _metavar(metavar: Any) -> Any:
    if isinstance(metavar, tuple):
        return tuple(METAVARS.get(name, name) for name in metavar)
    if isinstance(metavar, str):
        return METAVARS.get(metavar, metavar)
    return metavar


def _translate_action(action: argparse.Action, lang: str) -> None:
    if isinstance(action.help, str) and action.help is not argparse.SUPPRESS:
        action.help = HELP.translate(action.help, lang)
    if lang == "fr":
        action.metavar = _metavar(action.metavar)


def translate_parser(parser: argparse.ArgumentParser, lang: str) -> None:
    """Put `parser` and its commands' parsers in `lang` (English: left as they are)."""
    if isinstance(parser, Parser):
        parser.lang = lang
    if lang == "en":
        return
    if parser.description:
        parser.description = HELP.translate(parser.description, lang)
    for group in parser._action_groups:
        if group.title:
            group.title = HELP.translate(group.title, lang)
    for action in parser._actions:
        _translate_action(action, lang)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                _translate_action(choice, lang)
            for child in action.choices.values():
                translate_parser(child, lang)
