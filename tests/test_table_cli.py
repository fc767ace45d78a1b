"""Every command taking RESULTS reads a table of results (.csv, .xlsx): one entity chosen with
`--entity ID` where a command scores one, every entity where it takes several."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpg_score.cli import main

from .conftest import GRID_2019, ROOT

LONG = Path("tests/data/tables/golden-2019-long.csv")
GRID = str(GRID_2019.relative_to(ROOT))


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([*args, "--lang", "en"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_score_picks_one_entity_of_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["score", GRID, str(LONG), "--entity", "drsm-aquitaine", "--lang", "en"], capsys)
    assert (0, True) == (code, "737.72 / 1,000" in out)


def test_an_unknown_entity_is_refused_with_a_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["score", GRID, str(LONG), "--entity", "drsm-aquitain"], capsys)
    expected = (
        f"{LONG}: no entity 'drsm-aquitain' in the table; did you mean 'drsm-aquitaine'? "
        "(its entities: drsm-centre-ouest, drsm-aquitaine)\n"
    )
    assert (2, expected) == (code, err)


def test_compare_takes_every_entity_of_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["compare", GRID, str(LONG), "--lang", "en", "--format", "csv"], capsys)
    assert (0, True, True) == (code, "776.50" in out, "737.72" in out)


@pytest.mark.parametrize("command", ["explain", "sensitivity"])
def test_a_command_scoring_one_entity_takes_entity(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    extra = ["fraude"] if command == "explain" else []
    code, _, err = _run([command, GRID, str(LONG), *extra, "--entity", "drsm-centre-ouest"], capsys)
    assert (0, "") == (code, err)


def test_validate_checks_a_table_against_the_grid_given(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["validate", GRID, str(LONG)], capsys)
    expected = (
        f"ok: {LONG} (results of drsm-centre-ouest, drsm-aquitaine, checked against grid cpg-2019-drsm)"
    )
    assert (0, expected) == (code, out.splitlines()[-1])


def test_check_reads_a_table_with_its_grid(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["check", "--grid", GRID, str(LONG)], capsys)
    assert (0, "") == (code, err)


def test_check_refuses_a_table_without_a_grid(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["check", str(LONG)], capsys)
    assert (2, f"{LONG}: a table of results is read with its grid: give the grid (--grid GRID)\n") == (
        code,
        err,
    )
