"""The shell and Python examples of the rules, consolidation and data-check pages really run,
and the outputs they show are the real ones."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PAGES = [
    ROOT / "docs" / "concepts" / "rules-advanced.md",
    ROOT / "docs" / "guides" / "consolidation.md",
    ROOT / "docs" / "guides" / "data-checks.md",
]
BLOCK = re.compile(r"```(bash|python|text)\n(.*?)```", re.S)


def _blocks(page: Path) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(page.read_text(encoding="utf-8"))]


SHELL = [
    pytest.param(page, index, code, shown, id=f"{page.stem}-{index}")
    for page in PAGES
    for index, (kind, code) in enumerate(_blocks(page))
    if kind == "bash"
    for shown in [
        _blocks(page)[index + 1][1]
        if index + 1 < len(_blocks(page)) and _blocks(page)[index + 1][0] == "text"
        else None
    ]
]
PYTHON = [
    pytest.param(code, id=f"{page.stem}-{index}")
    for page in PAGES
    for index, (kind, code) in enumerate(_blocks(page))
    if kind == "python"
]


@pytest.mark.parametrize(("page", "index", "code", "shown"), SHELL)
def test_shell_example_runs_and_shows_real_output(
    page: Path, index: int, code: str, shown: str | None
) -> None:
    # The pages are in English: their commands print English (French is the command line's default).
    env = dict(
        os.environ,
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        CPG_SCORE_LANG="en",
    )
    done = subprocess.run(["bash", "-e", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    expected = (0, "")
    assert expected == (done.returncode, done.stderr)
    if shown is not None:
        assert shown.strip() in done.stdout


@pytest.mark.parametrize("code", PYTHON)
def test_python_example_runs(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, "<docs>", "exec"), {})
