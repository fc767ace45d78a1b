"""The `cpg-score schema` command and the CLI reference of the docs.

The JSON Schemas of the YAML formats ship inside the package, as `cpg_score/schemas/*.schema.json`;
`cpg-score schema` lists them and `cpg-score schema grid` prints one, so an editor can be pointed
at it. [`cli_reference`][cpg_score._cli_docs.cli_reference] writes the docs' CLI reference from
the argument parser itself, so the reference cannot drift from the command.
"""

from __future__ import annotations

import argparse
import json
from importlib import resources
from typing import Any

from cpg_score.errors import CpgScoreError
from cpg_score.io.output import emit

__all__ = ["cli_reference", "read_schema", "register", "schema_names"]

_SUFFIX = ".schema.json"


def _folder() -> Any:
    return resources.files("cpg_score").joinpath("schemas")


def schema_names() -> list[str]:
    """The names of the shipped JSON Schemas (`grid`, `results`...), sorted."""
    folder = _folder()
    if not folder.is_dir():
        return []
    return sorted(
        entry.name[: -len(_SUFFIX)]
        for entry in folder.iterdir()
        if entry.is_file() and entry.name.endswith(_SUFFIX)
    )


def read_schema(name: str) -> str:
    """The text of a shipped JSON Schema.

    Args:
        name: A name from [`schema_names`][cpg_score._cli_docs.schema_names], such as `grid`.

    Returns:
        The schema, as JSON text.

    Raises:
        CpgScoreError: No schema has that name (the message lists them).
    """
    names = schema_names()
    if name not in names:
        raise CpgScoreError(f"no schema named {name!r}; the schemas are: {', '.join(names) or 'none'}")
    text: str = _folder().joinpath(name + _SUFFIX).read_text(encoding="utf-8")
    return text


def _cmd_schema(args: argparse.Namespace) -> int:
    if args.name is None:
        entries = []
        for name in schema_names():
            schema = json.loads(read_schema(name))
            entries.append({"name": name, "title": schema.get("title", ""), "id": schema.get("$id", "")})
        if args.format == "json":
            emit(json.dumps(entries, ensure_ascii=False, indent=2) + "\n", args.output)
        else:
            width = max((len(e["name"]) for e in entries), default=0)
            emit("".join(f"{e['name']:<{width}}  {e['title']}\n" for e in entries), args.output)
        return 0
    text = read_schema(args.name)
    emit(text if text.endswith("\n") else text + "\n", args.output)
    return 0


def register(commands: Any) -> None:
    """Add the `schema` command to the `cpg-score` parser."""
    p = commands.add_parser(
        "schema",
        help="print the JSON Schema of a file format (for editors)",
        description=(
            "Print the JSON Schema (draft 2020-12) of a YAML format, such as `grid` or `results`; "
            "without NAME, list the schemas."
        ),
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="the schema to print (default: list them)")
    p.add_argument(
        "--format",
        "-f",
        choices=("text", "json"),
        default="text",
        help="format of the list of schemas (default: text); a schema is always JSON",
    )
    p.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (atomically) instead of standard output"
    )
    p.set_defaults(handler=_cmd_schema)


# ---------------------------------------------------------------------------------------------
# The CLI reference of the docs


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
