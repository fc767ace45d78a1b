"""The examples of `docs/reference/errors.md` run, with their exit code and their exact output.

A `bash` block holds commands run from the repository root; a `# exit: N` comment sets the exit
code expected of the command after it, or of its own line when it ends it (0 when absent). A `text` block right after a `bash` block
is the exact output (standard output then standard error) of its last command.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PAGE = ROOT / "docs" / "reference" / "errors.md"
_BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def _examples() -> list[tuple[str, int, str | None]]:
    blocks = [(m.group(1), m.group(2)) for m in _BLOCK.finditer(PAGE.read_text(encoding="utf-8"))]
    examples: list[tuple[str, int, str | None]] = []
    for index, (lang, body) in enumerate(blocks):
        if lang != "bash":
            continue
        code = 0
        commands: list[tuple[str, int]] = []
        for line in body.splitlines():
            marker = re.fullmatch(r"#\s*exit:\s*(\d+)\s*", line.strip())
            if marker:
                code = int(marker.group(1))
            elif line.strip() and not line.lstrip().startswith("#"):
                trailing = re.search(r"\s+#\s*exit:\s*(\d+)\s*$", line)
                if trailing:  # `command  # exit: N`, as the docs runner of tests/test_docs.py reads it
                    code, line = int(trailing.group(1)), line[: trailing.start()]
                commands.append((line.strip(), code))
                code = 0
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        output = following[1] if following is not None and following[0] == "text" else None
        for position, (command, expected_code) in enumerate(commands):
            examples.append((command, expected_code, output if position == len(commands) - 1 else None))
    return examples


EXAMPLES = _examples()


def test_the_page_has_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(("command", "code", "output"), EXAMPLES, ids=[c for c, _, _ in EXAMPLES])
def test_example_runs_as_shown(command: str, code: int, output: str | None) -> None:
    # The page is in English: its commands print English (French is the command line's default).
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "CPG_SCORE_LANG": "en",
    }
    done = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, env=env, check=False
    )
    assert "Traceback" not in done.stderr
    assert (code, output) == (done.returncode, output and done.stdout + done.stderr)
