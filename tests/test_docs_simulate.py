"""The simulation docs' examples run: every bash command and Python block of the pages."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from cpg_score.cli import main

from .conftest import ROOT

PAGES = [ROOT / "docs" / "tutorials" / "pilot-year.md", ROOT / "docs" / "guides" / "performance.md"]
BLOCK = re.compile(r"```(bash|python)\n(.*?)```", re.S)


def _blocks(kind: str) -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        if page.exists():
            for lang, body in BLOCK.findall(page.read_text(encoding="utf-8")):
                if lang == kind:
                    found.append((page.name, body))
    return found


def _commands() -> list[str]:
    commands = []
    for _, body in _blocks("bash"):
        commands.extend(line.strip() for line in body.replace("\\\n", " ").splitlines() if line.strip())
    return commands


@pytest.mark.parametrize("command", _commands())
def test_docs_command_runs(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    argv = shlex.split(command)
    if argv[0] == "cpg-score":
        assert main(argv[1:]) == 0
    else:
        assert argv[0] == "python", command
        assert (
            subprocess.run([sys.executable, *argv[1:]], cwd=ROOT, capture_output=True, check=False).returncode
            == 0
        )


@pytest.mark.parametrize(("page", "code"), _blocks("python"))
def test_docs_python_runs(page: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, page, "exec"), {})


def test_pages_exist() -> None:
    assert [Path(p).exists() for p in PAGES] == [True, True]
