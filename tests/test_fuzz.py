"""Fuzzing the loaders and the CLI: whatever the input, only `CpgScoreError` escapes.

Arbitrary text and bytes, and the shipped files mutated (lines deleted, duplicated, swapped,
characters flipped, the file truncated), go to `load_grid`, `load_results` (alone and against
the grid) and to the CLI's `main()` in-process: the loaders either return or raise a
`CpgScoreError`; the CLI exits 0 or 2, never 1 (an internal error). Each example runs under a
hypothesis deadline, so a hang or a blow-up fails the test. `CPG_FUZZ_SCALE=20` runs 20 times
more examples.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpg_score import CpgScoreError, Grid, load_grid, load_results
from cpg_score.cli import main

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019

GRIDS = [GRID_2019, OBJECTIVES / "elsm-2019-local.yaml"]
RESULTS = [
    RESULTS_2019 / "drsm-centre-ouest.yaml",
    RESULTS_2019 / "drsm-aquitaine.yaml",
    *sorted((RESULTS_2019 / "elsm").glob("*.yaml"))[:2],
]
SHIPPED = {path: path.read_text(encoding="utf-8") for path in GRIDS + RESULTS}
GRID_OBJECTS = {path: load_grid(path) for path in GRIDS}

#: Set CPG_FUZZ_SCALE=20 for a long run (20 times the examples).
SCALE = int(os.environ.get("CPG_FUZZ_SCALE", "1"))
FUZZ = settings(
    max_examples=250 * SCALE,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def mutated(draw: st.DrawFn, files: list[Path]) -> tuple[Path, str]:
    """A shipped file with a few random edits: the errors people and tools actually make."""
    path = draw(st.sampled_from(files))
    lines = SHIPPED[path].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "flip", "truncate", "insert"]))
        if operation == "delete":
            del lines[i]
        elif operation == "duplicate":
            lines.insert(i, lines[i])
        elif operation == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "flip" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            char = draw(
                st.sampled_from(list(":-[]{}&*!|>'\"#%,. \t0123456789eE\u00a0\ufeff")) | st.characters()
            )
            lines[i] = lines[i][:k] + char + lines[i][k + 1 :]
        elif operation == "truncate":
            cut = draw(st.integers(0, len(lines[i])))
            lines = [*lines[:i], lines[i][:cut]]
        else:
            lines.insert(i, draw(st.text(max_size=40)) + "\n")
    return path, "".join(lines)


def _loads(content: str | bytes, grid: Grid | None = None) -> None:
    for load in (load_grid, load_results):
        with contextlib.suppress(CpgScoreError):
            load(content)
    if grid is not None:
        with contextlib.suppress(CpgScoreError):
            load_results(content, grid)


#: Terminal control characters (line feed excepted): never in a message.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _cli(argv: list[str]) -> int:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    assert "Traceback" not in err.getvalue()
    assert not _CONTROLS.search(err.getvalue())  # one line per message, nothing to drive a terminal
    return code


def _run_cli(content: bytes) -> list[int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.yaml"
        path.write_bytes(content)
        return [
            _cli(["validate", str(path)]),
            _cli(["validate", str(GRID_2019), str(path)]),
            _cli(["score", str(GRID_2019), str(path), "--format", "json"]),
            _cli(["score", str(path), str(RESULTS[0])]),
        ]


@FUZZ
@given(st.text(max_size=2000))
def test_loaders_on_arbitrary_text(text: str) -> None:
    _loads(text + "\n", GRID_OBJECTS[GRID_2019])


@FUZZ
@given(st.binary(max_size=2000))
def test_loaders_on_arbitrary_bytes(data: bytes) -> None:
    _loads(data, GRID_OBJECTS[GRID_2019])


@FUZZ
@given(mutated(GRIDS + RESULTS))
def test_loaders_on_mutated_shipped_files(case: tuple[Path, str]) -> None:
    _, text = case
    _loads(text, GRID_OBJECTS[GRID_2019])
    _loads(text.encode("utf-8", "surrogatepass"), GRID_OBJECTS[GRIDS[1]])


@settings(FUZZ, max_examples=100 * SCALE)
@given(st.binary(max_size=500) | st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_cli_on_arbitrary_input_exits_0_or_2(data: bytes) -> None:
    assert set(_run_cli(data)) <= {0, 2}


@settings(FUZZ, max_examples=150 * SCALE)
@given(mutated(GRIDS + RESULTS))
def test_cli_on_mutated_shipped_files_exits_0_or_2(case: tuple[Path, str]) -> None:
    _, text = case
    assert set(_run_cli(text.encode("utf-8", "surrogatepass"))) <= {0, 2}


#: Control characters as raw characters and as the escapes of a double-quoted YAML string.
_HOSTILE = ["\x00", "\x1b", "\x07", "\x7f", "\x9b", "\ufffe", "\r", "\\e", "\\0", "\\r", "\\x9b", "\\a"]


@st.composite
def with_control_characters(draw: st.DrawFn) -> str:
    """A shipped file with control characters put in its values, raw or as quoted escapes."""
    path = draw(st.sampled_from(GRIDS + RESULTS))
    lines = SHIPPED[path].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        key, colon, value = lines[i].partition(": ")
        if not colon:
            continue
        hostile = draw(st.sampled_from(_HOSTILE))
        quoted = hostile.startswith("\\") or draw(st.booleans())
        value = value.strip().strip("'\"")
        lines[i] = f'{key}: "{value}{hostile}"\n' if quoted else f"{key}: {value}{hostile}\n"
    return "".join(lines)


@settings(FUZZ, max_examples=60 * SCALE)
@given(with_control_characters())
def test_cli_on_control_characters_exits_0_or_2_with_printable_messages(text: str) -> None:
    assert set(_run_cli(text.encode("utf-8", "surrogatepass"))) <= {0, 2}
