"""The CLI reference of the docs, written from the argument parser itself so that it cannot
drift from the command (the docs build calls `cli_reference`; `read_schema` and `schema_names`
are here too for it)."""

from __future__ import annotations

import argparse
from typing import Any

from cpg_score.cli._schema import read_schema, schema_names

__all__ = ["cli_reference", "read_schema", "schema_names"]


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = argparse.HelpFormatter(parser.prog, width=88)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help().strip()


def _names(action: argparse.Action) -> str:
    if action.option_strings:
        flags = ", ".join(f"`{flag}`" for flag in action.option_strings)
        if action.nargs != 0:
            flags += f" `{action.metavar or action.dest.upper()}`"
        return flags
    return f"`{action.metavar or action.dest}`"


def _default(action: argparse.Action) -> str:
    if action.option_strings and action.nargs == 0:
        return ""
    if action.default is None or action.default is argparse.SUPPRESS:
        return ""
    return f"`{action.default}`"


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[Any] | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def _command(parser: argparse.ArgumentParser, depth: int, summary: str) -> list[str]:
    lines = [f"{'#' * depth} `{parser.prog}`", ""]
    if summary:
        lines += [summary[0].upper() + summary[1:] + ".", ""]
    if parser.description and parser.description != summary:
        lines += [parser.description, ""]
    lines += ["```text", _usage(parser), "```", ""]
    rows = []
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        if action.help is argparse.SUPPRESS:
            continue
        choices = ", ".join(f"`{c}`" for c in action.choices) if action.choices else ""
        required = (
            "yes" if action.required or (not action.option_strings and action.nargs not in ("?", "*")) else ""
        )
        cells = (_names(action), _escape(action.help or ""), choices, _default(action), required)
        rows.append("| " + " | ".join(cells) + " |")
    if rows:
        lines += ["| Argument | Meaning | Choices | Default | Required |", "|---|---|---|---|---|", *rows, ""]
    sub = _subparsers(parser)
    if sub is not None:
        helps = {a.dest: a.help or "" for a in sub._choices_actions}
        lines += ["| Command | Does |", "|---|---|"]
        lines += [
            f"| [`{name}`](#{_anchor(p.prog)}) | {_escape(helps.get(name, ''))} |"
            for name, p in sub.choices.items()
        ]
        lines.append("")
        for name, child in sub.choices.items():
            lines += _command(child, depth + 1, helps.get(name, ""))
    return lines


def _anchor(prog: str) -> str:
    return prog.replace(" ", "-")


def cli_reference(parser: argparse.ArgumentParser, depth: int = 2) -> str:
    """Markdown documenting every command, argument and option of a parser.

    Each command gets a heading (with the id `cpg-score-<command>`), its description, its usage
    and a table of its arguments; nested commands follow their parent.

    Args:
        parser: The parser, e.g. `cpg_score.cli.build_parser()`.
        depth: The heading level of the top command.

    Returns:
        Markdown text.
    """
    lines = _command(parser, depth, "")
    # Headings get explicit ids so the table of commands can link to them.
    out = []
    for line in lines:
        if line.startswith("#") and "`" in line:
            prog = line.split("`")[1]
            line = f"{line} {{#{_anchor(prog)}}}"
        out.append(line)
    return "\n".join(out) + "\n"
