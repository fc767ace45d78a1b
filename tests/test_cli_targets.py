"""`--targets` on compare, check, whatif and project; a targets file without the entity is noted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpg_score.cli import main

from .test_entity_targets import GRID, RESULTS, TARGETS

NOTE = "has no floors or targets for entity 'urssaf-nord': the results' own, else the grid's, apply"


def _entity(tmp_path: Path, entity: str) -> str:
    path = tmp_path / f"{entity}.yaml"
    path.write_text(RESULTS.read_text(encoding="utf-8").replace("urssaf-idf", entity), encoding="utf-8")
    return str(path)


def _total(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main([*args, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    return code, data["total"]["exact"]["points"]


def test_compare_applies_each_entity_its_own_targets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bretagne = _entity(tmp_path, "urssaf-bretagne")
    singles = [
        _total(capsys, "score", str(GRID), path, "--targets", str(TARGETS))[1]
        for path in (str(RESULTS), bretagne)
    ]
    code = main(["compare", str(GRID), str(RESULTS), bretagne, "--targets", str(TARGETS), "--format", "json"])
    cards = json.loads(capsys.readouterr().out)["scorecards"]
    assert (0, singles) == (code, [card["total"]["exact"]["points"] for card in cards])


def test_compare_notes_an_entity_the_targets_file_does_not_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["compare", str(GRID), str(RESULTS), _entity(tmp_path, "urssaf-nord"), "--targets", str(TARGETS)]
    )
    err = capsys.readouterr().err.splitlines()
    assert (0, [f"note: {TARGETS} {NOTE}"]) == (code, err)


def test_score_notes_an_entity_the_targets_file_does_not_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["score", str(GRID), _entity(tmp_path, "urssaf-nord"), "--targets", str(TARGETS)])
    assert (0, [f"note: {TARGETS} {NOTE}"]) == (code, capsys.readouterr().err.splitlines())


def test_score_says_nothing_for_a_named_entity(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["score", str(GRID), str(RESULTS), "--targets", str(TARGETS)])
    assert (0, "") == (code, capsys.readouterr().err)


def test_check_takes_targets_and_keeps_its_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["check", str(RESULTS), _entity(tmp_path, "urssaf-nord"), "--grid", str(GRID)]
    plain = main(args)
    capsys.readouterr()
    code = main([*args, "--targets", str(TARGETS)])
    assert (plain, [f"note: {TARGETS} {NOTE}"]) == (code, capsys.readouterr().err.splitlines())


def test_check_refuses_targets_for_another_period(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "targets.yaml"
    other.write_text(
        TARGETS.read_text(encoding="utf-8").replace("period: 2017", "period: 2018"), encoding="utf-8"
    )
    code = main(["check", str(RESULTS), "--targets", str(other)])
    err = capsys.readouterr().err
    assert (2, True) == (code, "the targets are for grid 'entity-test-2017' 2018" in err)


def test_whatif_scores_the_base_with_its_targets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, expected = _total(capsys, "score", str(GRID), str(RESULTS), "--targets", str(TARGETS))
    scenario = tmp_path / "s.yaml"
    scenario.write_text("label: S\noverrides:\n  direct: 50 %\n", encoding="utf-8")
    args = ["whatif", str(GRID), str(scenario), "--base", str(RESULTS), "--targets", str(TARGETS)]
    code = main([*args, "--format", "json"])
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert (0, expected) == (code, rows[-1]["base"])


def _series(tmp_path: Path) -> str:
    series = tmp_path / "series.yaml"
    series.write_text(
        "grid: entity-test-2017\nperiod: 2017\nentity: {id: urssaf-idf, label: IdF}\n"
        "series:\n  paliers:\n    values: [85 %, 85 %, 85 %]\n",
        encoding="utf-8",
    )
    return str(series)


def test_project_scores_the_base_with_its_targets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, expected = _total(capsys, "score", str(GRID), str(RESULTS), "--targets", str(TARGETS))
    args = ["project", str(GRID), _series(tmp_path), "--results", str(RESULTS), "--targets", str(TARGETS)]
    code = main([*args, "--format", "json"])
    assert (0, expected) == (code, json.loads(capsys.readouterr().out)["total"]["central"])


def test_project_targets_need_base_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["project", "--lang", "en", str(GRID), _series(tmp_path), "--targets", str(TARGETS)])
    expected = "--targets applies to the base results: give --results RESULTS too"
    assert (2, expected) == (code, capsys.readouterr().err.strip())
