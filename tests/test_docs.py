"""The docs' examples run: every shell and Python block of docs/**/*.md and README.md.

How blocks are read (see the contributing page):

- ```` ```console ````: lines starting with `$ ` are commands (a trailing `\\` continues one), the
  other lines are their output and are not checked.
- ```` ```bash ````, ```` ```shell ````, ```` ```sh ````: every line that is not blank or a comment is
  a command (a trailing `\\` continues it).
- A command ending in `# exit: N` must exit with N; the others must exit with 0.
- ```` ```python ````: run with `exec` in a fresh namespace; it must not raise. A block written as
  a console session (```` ```pycon ````, or ```` ```python ```` starting with `>>> `) runs as a
  doctest: its outputs are compared (with `...` as a wildcard).
- A block with a title ending in `.yaml`, `.yml`, `.json` or `.csv` (```` ```yaml title="my-grid.yaml" ````)
  is written to that file, so the blocks after it can use it.
- Commands that install packages, make environments, run the tests or build the site
  (`python -m pip`, `pip`, `python -m venv`, `pytest`, `python -m pytest`, `ruff`, `mypy`, `mkdocs`,
  `source`, `.`) are never run.
- `<!-- docs-test: skip ... -->` on the line before a block skips it;
  `<!-- docs-test: requires MODULE [MODULE...] -->` skips it when a MODULE cannot be imported (an
  optional extra).

The blocks of one page run in order, in a scratch folder that mirrors the repository root (its
entries are symbolic links), with the virtual environment's `bin` first on `PATH`.
"""

from __future__ import annotations

import argparse
import doctest
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import attrs
import pytest
import yaml

import cpg_score
from cpg_score.cli import build_parser
from cpg_score.cli._docs import cli_reference, schema_names

from .conftest import ROOT

PAGES = sorted([*(ROOT / "docs").rglob("*.md"), ROOT / "README.md"])
SHELL = {"console", "bash", "shell", "sh"}
PYTHON = {"python", "py", "pycon"}
FILES = (".yaml", ".yml", ".json", ".csv")
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(?P<what>\w+)\s*(?P<arg>.*?)\s*-->\s*$")
EXIT = re.compile(r"\s+#\s*exit:\s*(\d+)\s*$")
#: Commands never run from the docs: installing, making environments, running the test suite or
#: building the site (the tests would run themselves).
NOT_RUN = re.compile(
    r"^\s*(?:python3? -m (?:pip|venv|pytest|mypy|ruff)\b|pip3? |pytest\b|mkdocs\b|ruff\b|mypy\b|\. |source )"
)


@attrs.frozen
class Block:
    """A fenced block of a page."""

    page: Path
    line: int
    lang: str
    title: str | None
    text: str
    marker: tuple[str, str] | None

    @property
    def where(self) -> str:
        page = self.page.relative_to(ROOT) if self.page.is_relative_to(ROOT) else self.page
        return f"{page}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """Every fenced block of a Markdown page, with its language, title and marker."""
    found: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        fence, indent, info = match.group("fence"), len(match.group("indent")), match.group("info").strip()
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].strip().startswith(fence):
            body.append(lines[index][indent:] if lines[index][:indent].strip() == "" else lines[index])
            index += 1
        index += 1
        lang = info.split()[0].lstrip(".{").rstrip("}") if info else ""
        title = re.search(r'title="([^"]+)"', info)
        previous = next((lines[i] for i in range(start - 1, -1, -1) if lines[i].strip()), "")
        mark = MARKER.match(previous)
        found.append(
            Block(
                page,
                start + 1,
                lang,
                title.group(1) if title else None,
                "\n".join(body) + "\n",
                (mark.group("what"), mark.group("arg")) if mark else None,
            )
        )
    return found


def commands(block: Block) -> list[tuple[str, int]]:
    """The commands of a shell block, each with its expected exit code."""
    found: list[tuple[str, int]] = []
    pending = ""
    for raw in block.text.splitlines():
        line = raw.rstrip()
        if not pending:
            if block.lang == "console":
                if not line.startswith("$ "):
                    continue
                line = line[2:]
            elif not line.strip() or line.lstrip().startswith("#"):
                continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        command = pending + line
        pending = ""
        code = EXIT.search(command)
        found.append((command[: code.start()] if code else command, int(code.group(1)) if code else 0))
    return found


def _skip_reason(block: Block) -> str | None:
    if block.marker is None:
        return None
    what, arg = block.marker
    if what == "skip":
        return arg or "marked skip"
    missing = [name for name in arg.split() if importlib.util.find_spec(name) is None]
    if what == "requires" and missing:
        return f"needs {', '.join(missing)}"
    return None


def _mirror(tmp: Path) -> Path:
    for entry in ROOT.iterdir():
        if entry.name not in (".git", "site"):
            (tmp / entry.name).symlink_to(entry)
    return tmp


def _run_doctest(block: Block) -> list[str]:
    """Run a console-session block as a doctest; return its failures."""
    test = doctest.DocTestParser().get_doctest(block.text, {"__name__": "__docs__"}, block.where, None, 0)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=report.append)
    return [f"{block.where}: doctest failed\n{''.join(report)}"] if runner.failures else []


def run_page(page: Path, tmp: Path) -> list[str]:
    """Run every block of a page; return the failures, each with its place."""
    work = _mirror(tmp)
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("CPG_SCORE_DEBUG", None)
    failures: list[str] = []
    previous, previous_path = Path.cwd(), os.environ.get("PATH", "")
    os.chdir(work)
    os.environ["PATH"] = env["PATH"]  # Python blocks may run `cpg-score` too
    try:
        for block in blocks(page):
            if _skip_reason(block) is not None:
                continue
            if block.title and block.title.endswith(FILES):
                target = work / block.title
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(block.text, encoding="utf-8")
            if block.lang in SHELL:
                for command, expected in commands(block):
                    if NOT_RUN.match(command):
                        continue
                    done = subprocess.run(
                        ["bash", "-c", command],
                        cwd=work,
                        env=env,
                        capture_output=True,
                        text=True,
                        timeout=120,
                    )
                    if done.returncode != expected:
                        failures.append(
                            f"{block.where}: `{command}` exited {done.returncode}, expected {expected}\n"
                            f"{done.stdout[-2000:]}{done.stderr[-2000:]}"
                        )
            elif block.lang in PYTHON and block.text.lstrip().startswith(">>>"):
                failures.extend(_run_doctest(block))
            elif block.lang in PYTHON:
                try:
                    exec(compile(block.text, block.where, "exec"), {"__name__": "__docs__"})
                except Exception as exc:
                    failures.append(f"{block.where}: {type(exc).__name__}: {exc}")
    finally:
        os.chdir(previous)
        os.environ["PATH"] = previous_path
    return failures


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_page_examples_run(page: Path, tmp_path: Path) -> None:
    failures = run_page(page, tmp_path)
    expected: list[str] = []
    assert expected == failures


# The reader itself.


def _page(tmp_path: Path, text: str) -> Path:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    return page


def test_console_block_keeps_only_dollar_lines(tmp_path: Path) -> None:
    page = _page(tmp_path, "```console\n$ cpg-score examples\nsome output\n$ false  # exit: 1\n```\n")
    expected = [("cpg-score examples", 0), ("false", 1)]
    assert expected == commands(blocks(page)[0])


def test_bash_block_joins_continued_lines_and_skips_comments(tmp_path: Path) -> None:
    page = _page(tmp_path, "```bash\n# a comment\necho a \\\n  b\n\necho c\n```\n")
    expected = [("echo a    b", 0), ("echo c", 0)]
    assert expected == commands(blocks(page)[0])


def test_marker_and_title_are_read(tmp_path: Path) -> None:
    page = _page(tmp_path, '<!-- docs-test: skip installs -->\n```yaml title="g.yaml"\nid: g\n```\n')
    block = blocks(page)[0]
    expected = (("skip", "installs"), "g.yaml", "yaml", "id: g\n")
    assert expected == (block.marker, block.title, block.lang, block.text)


def test_indented_block_is_dedented(tmp_path: Path) -> None:
    page = _page(tmp_path, "- item\n\n    ```python\n    x = 1\n    ```\n")
    expected = "x = 1\n"
    assert expected == blocks(page)[0].text


def test_failing_command_is_reported(tmp_path: Path) -> None:
    page = _page(tmp_path, "```bash\nfalse\n```\n")
    work = tmp_path / "work"
    work.mkdir()
    failures = run_page(page, work)
    expected = 1
    assert expected == len(failures)


# The generated parts of the site.


def _hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_hooks", ROOT / "docs" / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found.extend(_parsers(child))
    return found


def test_cli_reference_documents_every_command_and_option() -> None:
    parser = build_parser()
    reference = cli_reference(parser)
    missing = []
    for command in _parsers(parser):
        if f"`{command.prog}`" not in reference:
            missing.append(command.prog)
        for action in command._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help") and f"`{flag}`" not in reference:
                    missing.append(f"{command.prog} {flag}")
    expected: list[str] = []
    assert expected == missing


def test_cli_page_is_generated_from_the_parser() -> None:
    page = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    expected = cli_reference(build_parser())
    assert expected in _hooks().expand(page)


def test_output_directive_runs_the_command() -> None:
    expanded = _hooks().expand("<!-- cpg-score:output score --example drsm-aquitaine-2019 --lang en -->")
    assert "737.72 / 1,000" in expanded


def test_schemas_directive_shows_every_schema() -> None:
    expanded = _hooks().expand("<!-- cpg-score:schemas -->")
    missing = [name for name in schema_names() if f"{name}.schema.json" not in expanded]
    expected: list[str] = []
    assert expected == missing


def test_api_page_documents_every_public_name() -> None:
    page = (ROOT / "docs" / "reference" / "api.md").read_text(encoding="utf-8")
    expanded = _hooks().expand(page)
    documented = set(re.findall(r"^::: cpg_score\.(\w+)\s*$", expanded, re.MULTILINE))
    expected = {name for name in cpg_score.__all__ if not name.startswith("_")}
    assert expected <= documented


def _nav_pages(items: object) -> list[str]:
    if isinstance(items, str):
        return [items]
    if isinstance(items, list):
        return [page for item in items for page in _nav_pages(item)]
    if isinstance(items, dict):
        return [page for value in items.values() for page in _nav_pages(value)]
    return []


def test_every_page_is_in_the_nav() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = set(_nav_pages(config["nav"]))
    pages = {str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")}
    expected: set[str] = set()
    assert expected == pages - nav


def test_every_nav_page_exists() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    missing = [page for page in _nav_pages(config["nav"]) if not (ROOT / "docs" / page).is_file()]
    expected: list[str] = []
    assert expected == missing


def test_console_session_block_runs_as_doctest(tmp_path: Path) -> None:
    page = _page(tmp_path, "```pycon\n>>> 1 + 1\n3\n```\n\n```python\n>>> print('ok')\nok\n```\n")
    work = tmp_path / "work"
    work.mkdir()
    failures = run_page(page, work)
    expected = ["page.md:1: doctest failed"]
    assert expected == [f.split("\n")[0].split("/")[-1] for f in failures]


def test_install_and_test_commands_are_not_run(tmp_path: Path) -> None:
    page = _page(
        tmp_path,
        "```bash\npython -m pip install nothing-at-all-here\npython -m pytest --nope\nmkdocs nope\n```\n",
    )
    work = tmp_path / "work"
    work.mkdir()
    expected: list[str] = []
    assert expected == run_page(page, work)
