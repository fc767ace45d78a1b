"""The code blocks of docs/guides/reports.md run (bash and python), from a copy of the repo root."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PAGE = ROOT / "docs" / "guides" / "reports.md"
BLOCKS = re.findall(r"```(bash|python)\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.S)
NEEDS_EXTRA = ("xlsx", "html", "SimulationChart")


@pytest.mark.parametrize(("kind", "code"), BLOCKS, ids=[f"block-{i}" for i in range(len(BLOCKS))])
def test_block_runs(tmp_path: Path, kind: str, code: str) -> None:
    if any(word in code for word in NEEDS_EXTRA):
        pytest.importorskip("openpyxl", reason="needs the report extra")
        pytest.importorskip("xlsxwriter", reason="needs the report extra")
        pytest.importorskip("matplotlib", reason="needs the report extra")
    (tmp_path / "objectives").symlink_to(ROOT / "objectives")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = ["bash", "-euo", "pipefail", "-c", code] if kind == "bash" else [sys.executable, "-c", code]
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert 0 == done.returncode, done.stderr
