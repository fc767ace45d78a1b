"""The report options of `cpg-score score` and the `compare` command."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from cpg_score import Grid, load_results, score
from cpg_score.cli import main
from cpg_score.reports import MissingExtraError, render_xlsx

from .conftest import DATA, GRID_2019, RESULTS_2019

CO = str(RESULTS_2019 / "drsm-centre-ouest.yaml")
AQ = str(RESULTS_2019 / "drsm-aquitaine.yaml")
GOLDEN = DATA / "golden"


def test_compare_markdown_matches_golden(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["compare", str(GRID_2019), CO, AQ, "--format", "markdown", "--lang", "en"])
    assert (GOLDEN / "compare-2019.en.md").read_text(encoding="utf-8") == capsys.readouterr().out


def test_compare_table_to_a_pipe_has_no_colour(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["compare", str(GRID_2019), CO, AQ])
    assert (GOLDEN / "compare-2019.fr.txt").read_text(encoding="utf-8") == capsys.readouterr().out


def test_color_always(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["score", str(GRID_2019), CO, "--color", "always"])
    assert "\033[1m" in capsys.readouterr().out


def test_force_color(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert 0 == main(["score", str(GRID_2019), CO])
    assert "\033[1m" in capsys.readouterr().out


def test_no_color_to_a_file_in_auto_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    target = tmp_path / "out.txt"
    assert 0 == main(["score", str(GRID_2019), CO, "-o", str(target)])
    assert "\033[" not in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("markdown", "drsm-centre-ouest.fr.md"),
        ("csv", "drsm-centre-ouest.fr.csv"),
        ("json", "drsm-centre-ouest.json"),
    ],
)
def test_score_to_file_matches_golden(tmp_path: Path, fmt: str, golden: str) -> None:
    target = tmp_path / f"out.{fmt}"
    assert 0 == main(["score", str(GRID_2019), CO, "-f", fmt, "-o", str(target)])
    assert (GOLDEN / golden).read_bytes() == target.read_bytes()
    assert ["out." + fmt] == [p.name for p in tmp_path.iterdir()]  # no temporary file left


def test_compare_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["compare", str(GRID_2019), CO, AQ, "-f", "json"])
    assert ["drsm-centre-ouest", "drsm-aquitaine"] == json.loads(capsys.readouterr().out)["entities"]


def test_xlsx_needs_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main(["score", "--lang", "en", str(GRID_2019), CO, "-f", "xlsx"])
    captured = capsys.readouterr()
    assert ("", "--format xlsx writes a binary file: give --output FILE (e.g. -o report.xlsx)\n") == (
        captured.out,
        captured.err,
    )


def test_html_to_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    assert 0 == main(["compare", str(GRID_2019), CO, AQ, "-f", "html", "--lang", "en", "-o", str(target)])
    text = target.read_text(encoding="utf-8")
    assert (text.startswith("<!DOCTYPE html>"), "737.72 / 1,000" in text) == (True, True)


def test_compare_refuses_results_of_another_grid(capsys: pytest.CaptureFixture[str]) -> None:
    other = str(RESULTS_2019 / "elsm" / "elsm-creuse.yaml")
    assert 2 == main(["compare", str(GRID_2019), CO, other])
    assert "elsm-creuse.yaml" in capsys.readouterr().err


def test_output_refuses_to_overwrite_an_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main(["compare", "--lang", "en", str(GRID_2019), CO, AQ, "-f", "csv", "-o", CO])
    assert "refusing to overwrite an input file" in capsys.readouterr().err


def test_missing_xlsxwriter_names_the_extra(grid_2019: Grid, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    cards = [score(grid_2019, load_results(CO, grid_2019))]
    with pytest.raises(MissingExtraError, match=r"python -m pip install '\.\[report\]'"):
        render_xlsx(cards)


def test_cli_missing_xlsxwriter_exits_2_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    code = main(["score", str(GRID_2019), AQ, "-f", "xlsx", "-o", str(target)])
    assert (2, b"old", []) == (
        code,
        target.read_bytes(),
        [p.name for p in tmp_path.iterdir() if p.name != "out.xlsx"],
    )
    assert "xlsxwriter is not installed" in capsys.readouterr().err
