"""Atomic writes: the output is either the old file or the complete new one, never a torn one."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest

from cpg_score import CpgScoreError
from cpg_score.cli import main
from cpg_score.io.output import write_atomic

from .conftest import GRID_2019, RESULTS_2019

RESULTS = RESULTS_2019 / "drsm-centre-ouest.yaml"


def _score_to(output: Path) -> list[str]:
    return ["score", str(GRID_2019), str(RESULTS), "--format", "json", "--output", str(output)]


def test_writes_the_content(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomic(target, "é\n")
    expected = (b"\xc3\xa9\n", ["out.txt"])
    assert expected == (target.read_bytes(), os.listdir(tmp_path))


def test_old_content_stays_until_the_new_one_is_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    seen_during_write: list[str] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:  # called once the new content is written, before the rename
        seen_during_write.append(target.read_text())
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    write_atomic(target, "new")
    expected = (["old"], "new")
    assert expected == (seen_during_write, target.read_text())


@pytest.mark.parametrize("failing", ["fsync", "replace", "chmod"])
def test_a_failure_while_writing_keeps_the_old_file_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(CpgScoreError, match="cannot write: No space left on device"):
        write_atomic(target, "new content")
    expected = ("old", ["out.txt"])
    assert expected == (target.read_text(), os.listdir(tmp_path))


def test_a_write_cut_half_way_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(CpgScoreError):
        write_atomic(target, "a complete new content")
    expected = ("old", ["out.txt"])
    assert expected == (target.read_text(), os.listdir(tmp_path))


def test_an_interrupt_while_writing_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    expected = ("old", ["out.txt"])
    assert expected == (target.read_text(), os.listdir(tmp_path))


def test_cli_failure_while_writing_exits_2_and_keeps_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "card.json"
    target.write_text("old")

    def fail(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    code = main(_score_to(target))
    err = capsys.readouterr().err
    assert (2, f"{target}: cannot write: No space left on device\n") == (code, err)
    expected = ("old", ["card.json"])
    assert expected == (target.read_text(), os.listdir(tmp_path))


def test_cli_replaces_an_existing_output_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "card.json"
    target.write_text("old")
    expected = 0
    assert expected == main(_score_to(target))
    expected = (["card.json"], '"cpg-score/scorecard@1"')
    assert expected == (
        os.listdir(tmp_path),
        target.read_text().split("\n")[1].split(": ")[1].rstrip(","),
    )


@pytest.mark.parametrize("which", ["grid", "results"])
def test_cli_refuses_to_overwrite_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], which: str
) -> None:
    grid, results = tmp_path / "grid.yaml", tmp_path / "results.yaml"
    shutil.copy(GRID_2019, grid)
    shutil.copy(RESULTS, results)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    target = grid if which == "grid" else results
    code = main(["score", "--lang", "en", str(grid), str(results), "--output", str(target)])
    assert (2, f"{target}: refusing to overwrite an input file with the output\n") == (
        code,
        capsys.readouterr().err,
    )
    assert before == {p.name: p.read_bytes() for p in tmp_path.iterdir()}


def test_cli_refuses_an_input_named_another_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    results = tmp_path / "results.yaml"
    shutil.copy(RESULTS, results)
    os.symlink(results, tmp_path / "link.yaml")
    os.link(results, tmp_path / "hard.yaml")
    monkeypatch.chdir(tmp_path)
    codes = [
        main(["score", str(GRID_2019), "results.yaml", "--output", name])
        for name in ("./results.yaml", "link.yaml", "hard.yaml", str(results))
    ]
    expected = [2, 2, 2, 2]
    assert expected == codes
    assert RESULTS.read_bytes() == results.read_bytes()


def test_cli_refuses_to_overwrite_a_shipped_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = RESULTS.read_bytes()
    code = main(["score", "--example", "drsm-centre-ouest-2019", "--output", str(RESULTS)])
    assert (2, before) == (code, RESULTS.read_bytes())


def test_cli_output_in_a_missing_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(_score_to(tmp_path / "missing" / "card.json"))
    expected = (2, "cannot write")
    assert expected == (code, capsys.readouterr().err.split(": ")[1])


def test_a_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.txt", "x")
    finally:
        os.umask(umask)
    expected = 0o644
    assert expected == stat.S_IMODE((tmp_path / "out.txt").stat().st_mode)


def test_an_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o600)
    write_atomic(target, "new")
    expected = 0o600
    assert expected == stat.S_IMODE(target.stat().st_mode)
