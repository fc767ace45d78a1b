"""Every command taking RESULTS reads a table of results (.csv, .xlsx): one entity chosen with
`--entity ID` where a command scores one, every entity where it takes several."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpg_score.cli import main
from cpg_score.cli._files import expand_paths, pick_entity
from cpg_score.errors import CpgScoreError

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


def test_a_table_of_no_entity_is_a_clear_error() -> None:
    with pytest.raises(CpgScoreError) as caught:
        pick_entity((), "t.csv", None)
    assert "t.csv: the table holds no entity's results" == str(caught.value)


def test_compare_refuses_an_entity_given_by_two_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.csv"
    copy.write_bytes((ROOT / LONG).read_bytes())
    code, _, err = _run(["compare", GRID, str(LONG), str(copy)], capsys)
    expected = (
        f"{copy}: entity 'drsm-centre-ouest' is also in {LONG}: give each entity once "
        "(a table's entity without a name takes its file's name)\n"
    )
    assert (2, expected) == (code, err)


def test_a_directory_gives_its_tables_but_not_a_spreadsheets_lock_file(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.csv", "c.xlsx", "~$c.xlsx", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    expected = [str(tmp_path / n) for n in ("a.yaml", "b.csv", "c.xlsx")]
    assert expected == expand_paths([str(tmp_path)])


def test_check_reads_the_tables_of_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "long.csv").write_bytes((ROOT / LONG).read_bytes())
    code, out, _ = _run(["check", "--grid", GRID, str(tmp_path), "--format", "json"], capsys)
    assert (0, ["drsm-centre-ouest", "drsm-aquitaine"]) == (code, json.loads(out)["entities"])


def _typo_rows() -> list[list[str]]:
    text = (ROOT / LONG).read_text(encoding="utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()]
    return [[c.replace("94,4600 %", "0,9446 %") for c in row] for row in rows]


def test_a_check_warning_on_a_csv_value_names_its_line_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "typo.csv"
    path.write_text("\n".join(";".join(row) for row in _typo_rows()), encoding="utf-8")
    code, out, _ = _run(["check", "--grid", GRID, str(path), "--format", "json"], capsys)
    [warning] = json.loads(out)["warnings"]
    assert (0, str(path), 11, 4) == (code, warning["file"], warning["line"], warning["column"])


def test_a_check_warning_on_a_workbook_value_names_its_sheet_and_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Feuille1"
    for row in _typo_rows():
        book.active.append(row)
    path = tmp_path / "typo.xlsx"
    book.save(path)
    code, out, _ = _run(["check", "--grid", GRID, str(path), "--lang", "en"], capsys)
    assert (0, True) == (code, f"{path}:Feuille1!D11: " in out)


def test_compare_reads_the_tables_of_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "long.csv").write_bytes((ROOT / LONG).read_bytes())
    (tmp_path / "~$long.csv").write_bytes(b"\x00lock")
    code, out, _ = _run(["compare", GRID, str(tmp_path), "--lang", "en", "--format", "csv"], capsys)
    assert (0, True, True) == (code, "776.50" in out, "737.72" in out)
