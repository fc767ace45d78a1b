"""The simulation commands bound every numeric option and apply the reading limits to every file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpg_score.cli import main

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019

BASE = str(RESULTS_2019 / "drsm-centre-ouest.yaml")
GRID = str(GRID_2019)
SIMULATE = ["simulate", GRID, BASE]


def _usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | str | None, str]:
    """The exit code of a usage error and the last line of standard error."""
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--lang", "en"])
    return exit_info.value.code, capsys.readouterr().err.splitlines()[-1]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--seed=-1"], "must be a whole number from 0 to 9223372036854775807, got -1"),
        (
            ["--seed", str(2**63)],
            "must be a whole number from 0 to 9223372036854775807, got 9223372036854775808",
        ),
        (["--seed", "1.5"], "expected a whole number from 0 to 9223372036854775807, got '1.5'"),
        (["--draws", "0"], "must be a whole number from 1 to 1000000000, got 0"),
        (
            ["--draws", "99999999999999999999999"],
            "must be a whole number from 1 to 1000000000, got 99999999999999999999999",
        ),
        (["--draws", "1000000000000"], "must be a whole number from 1 to 1000000000, got 1000000000000"),
        (["--draws", "1" * 400], f"expected a whole number from 1 to 1000000000, got '{'1' * 400}'"),
        (["--draws", "\u0665"], "expected a whole number from 1 to 1000000000, got '\u0665'"),
        (["--draws", "ten"], "expected a whole number from 1 to 1000000000, got 'ten'"),
    ],
)
def test_simulate_bounds_its_numeric_options(
    options: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, line = _usage_error([*SIMULATE, *options], capsys)
    assert (2, True) == (code, line.endswith(message))


@pytest.mark.parametrize(
    ("argv", "option", "text"),
    [
        ([*SIMULATE, "--threshold", "1e999"], "--threshold", "1e999"),
        ([*SIMULATE, "--threshold=-1e15"], "--threshold", "-1e15"),
        ([*SIMULATE, "--threshold", "nan"], "--threshold", "nan"),
        (["plan", GRID, BASE, "--target", "1e999"], "--target", "1e999"),
    ],
)
def test_totals_out_of_range_are_usage_errors(
    argv: list[str], option: str, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The number reader may refuse the value first (its own range): either message names the value.
    code, line = _usage_error(argv, capsys)
    assert (2, True, True) == (code, f"argument {option}: " in line, text in line)


def test_the_largest_seed_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main([*SIMULATE, "--draws", "10", "--seed", str(2**63 - 1), "--format", "json"])


def test_simulate_help_gives_the_ranges(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["simulate", "--lang", "en", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert (True, True, True) == (
        "number of draws, 1 to 1000000000" in help_text,
        "random seed, 0 to 9223372036854775807" in help_text,
        "points, 0 to 10^15" in help_text,
    )


def _padded(tmp_path: Path, source: Path) -> str:
    """A copy of `source` made larger than 5000 bytes by a comment."""
    copy = tmp_path / source.name
    copy.write_text(source.read_text(encoding="utf-8") + "\n#" + "x" * 6000 + "\n", encoding="utf-8")
    return str(copy)


@pytest.mark.parametrize(
    ("command", "file", "option"),
    [
        ("whatif", OBJECTIVES / "scenarios" / "2019" / "fraude-97.yaml", None),
        ("plan", OBJECTIVES / "plans" / "drsm-2019-bounds.yaml", "--bounds"),
        ("simulate", OBJECTIVES / "simulations" / "drsm-2019-spec.yaml", "--spec"),
        ("simulate", OBJECTIVES / "profit-sharing" / "illustrative.yaml", "--profit-sharing"),
        ("project", OBJECTIVES / "series" / "drsm-centre-ouest-2019-06.yaml", None),
        ("profit-sharing", OBJECTIVES / "profit-sharing" / "illustrative.yaml", "--params"),
    ],
)
def test_every_file_a_command_reads_obeys_max_bytes(
    tmp_path: Path, command: str, file: Path, option: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    padded = _padded(tmp_path, file)
    if command == "whatif":
        argv = ["whatif", GRID, padded, "--base", BASE]
    elif command == "project":
        argv = ["project", GRID, padded, "--results", BASE]
    else:
        argv = [command, GRID, BASE, *(["--target", "800"] if command == "plan" else []), str(option), padded]
    code = main([*argv, "--max-bytes", "5000", "--lang", "en"])
    err = capsys.readouterr().err
    assert (2, True) == (code, err.startswith(f"{padded}:1:1: file too large: "))


@pytest.mark.parametrize(
    "command", ["whatif", "sensitivity", "plan", "simulate", "project", "profit-sharing"]
)
def test_every_simulation_command_takes_the_reading_limits(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    help_text = capsys.readouterr().out
    assert (True, True, True) == (
        "--max-bytes" in help_text,
        "--max-nodes" in help_text,
        "--max-depth" in help_text,
    )


def test_max_depth_reaches_the_grid_of_sensitivity(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sensitivity", "--lang", "en", GRID, BASE, "--max-depth", "2"])
    err = capsys.readouterr().err
    assert (2, True) == (code, "nested too deeply" in err and err.startswith(GRID))


def test_html_and_output_on_one_file_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    results = str(RESULTS_2019 / "drsm-centre-ouest.yaml")
    code = main(
        [
            "simulate",
            "--lang",
            "en",
            str(GRID_2019),
            results,
            "--draws",
            "10",
            "--html",
            str(page),
            "-o",
            str(page),
        ]
    )
    expected = (2, f"{page}: --html and --output name the same file; give each its own file\n", False)
    assert expected == (code, capsys.readouterr().err, page.exists())


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--threshold", "50%", "must be a number of points, not a percent (write 800), got '50%'"),
        ("--threshold=-5", None, "must be a number of points from 0 to 10^15, got -5"),
        (
            "--threshold",
            "1e999",
            "number out of range: 1e999 (numbers must be below 1e15 in size, with at most 30 decimal places)",
        ),
    ],
)
def test_a_threshold_is_a_number_of_points(
    option: str, value: str | None, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [option] if value is None else [option, value]
    with pytest.raises(SystemExit) as caught:
        main([*SIMULATE, "--draws", "10", "--lang", "en", *args])
    name = option.split("=")[0]
    assert (2, f"argument {name}: {expected}") == (
        caught.value.code,
        capsys.readouterr().err.splitlines()[-1].split("error: ", 1)[1],
    )
