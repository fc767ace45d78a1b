"""MkDocs hooks: parts of the docs generated from the code at build time, so they cannot drift.

Directives, each an HTML comment alone on its line in a page:

- `<!-- cpg-score:cli-reference -->`: every command, argument and option, from
  `cpg_score.cli.build_parser()`;
- `<!-- cpg-score:schemas -->`: every shipped JSON Schema, each in a collapsed block;
- `<!-- cpg-score:output ARGS -->`: the standard output of `cpg-score ARGS`, run from the
  repository root (the build fails when the command fails); `output-json` highlights it as JSON;
- `<!-- cpg-score:api-rest -->`: a `::: cpg_score.NAME` block for every public name of
  `cpg_score.__all__` that the page does not document yet (so a new export is never missing).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
from pathlib import Path
from typing import Any

from cpg_score.cli import build_parser, main
from cpg_score.cli._docs import cli_reference, read_schema, schema_names

ROOT = Path(__file__).resolve().parents[1]
DIRECTIVE = re.compile(r"^<!-- cpg-score:(?P<name>[a-z-]+)(?: (?P<args>.*?))? -->$", re.MULTILINE)


def run_cli(args: list[str]) -> str:
    """Run `cpg-score ARGS` in-process from the repository root; return its standard output."""
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        os.chdir(previous)
    if code != 0:
        raise RuntimeError(f"cpg-score {shlex.join(args)} exited {code}: {err.getvalue()}")
    return out.getvalue()


def schemas_markdown() -> str:
    """A section per shipped schema, its text in a collapsed block."""
    parts = []
    for name in schema_names():
        schema = json.loads(read_schema(name))
        parts.append(
            f"### `{name}`\n\n{schema.get('description', '')}\n\n"
            f"Print it with `cpg-score schema {name}`.\n\n"
            f'??? note "{name}.schema.json"\n\n'
            "    ```json\n"
            + "".join(f"    {line}\n" for line in read_schema(name).splitlines())
            + "    ```\n"
        )
    return "\n".join(parts)


def api_rest(markdown: str) -> str:
    """`:::` blocks for the public names a page does not document yet."""
    import cpg_score

    documented = set(re.findall(r"^::: cpg_score\.(\w+)\s*$", markdown, re.MULTILINE))
    missing = [name for name in cpg_score.__all__ if name not in documented and not name.startswith("_")]
    return "\n\n".join(f"::: cpg_score.{name}" for name in missing)


def expand(markdown: str) -> str:
    """Replace every directive of a page by what it generates."""

    def replace(match: re.Match[str]) -> str:
        name, args = match.group("name"), match.group("args") or ""
        if name == "cli-reference":
            return cli_reference(build_parser())
        if name == "schemas":
            return schemas_markdown()
        if name in ("output", "output-json"):
            lang = "json" if name == "output-json" else "text"
            return f"```{lang}\n" + run_cli(shlex.split(args)).lstrip("\ufeff").rstrip("\n") + "\n```"
        if name == "api-rest":
            return api_rest(markdown)
        raise ValueError(f"unknown docs directive {name!r}")

    return DIRECTIVE.sub(replace, markdown)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """MkDocs event: expand the directives of a page."""
    return expand(markdown)
