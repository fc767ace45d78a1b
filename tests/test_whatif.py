"""What-if scenarios: loading, applying, comparing, the CLI."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from cpg_score import Grid, load_results, score
from cpg_score.cli import main
from cpg_score.io import load_scenario
from cpg_score.simulate import ScenarioError, apply_scenario, compare

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019, ROOT

SCENARIOS = OBJECTIVES / "scenarios" / "2019"
BASE = RESULTS_2019 / "drsm-centre-ouest.yaml"


def test_scenario_base_is_relative_to_the_scenario_file(grid_2019: Grid) -> None:
    scenario = load_scenario(SCENARIOS / "fraude-97.yaml", grid_2019)
    assert BASE.resolve() == scenario.base.resolve()  # type: ignore[union-attr]


def test_scenario_reads_a_percent(grid_2019: Grid) -> None:
    scenario = load_scenario(SCENARIOS / "fraude-97.yaml", grid_2019)
    assert (("fraude", Decimal("0.97")),) == scenario.overrides


def test_unknown_override_id_names_line_and_suggestion(grid_2019: Grid) -> None:
    text = "label: x\noverrides:\n  fraudes: 0.9\n"
    with pytest.raises(ScenarioError) as caught:
        load_scenario(text, grid_2019)
    assert (
        "<string>:3:3: no indicator or objective 'fraudes' in grid 'cpg-2019-drsm'; did you mean 'fraude'?"
        in str(caught.value)
    )


def test_share_above_one_is_an_error(grid_2019: Grid) -> None:
    with pytest.raises(ScenarioError, match="a share must be between 0 and 1"):
        load_scenario("label: x\noverrides:\n  fraude: 97\n", grid_2019)


def test_unknown_key_is_an_error() -> None:
    with pytest.raises(ScenarioError, match="unknown key 'overide'"):
        load_scenario("label: x\noverrides: {fraude: 0.9}\noveride: 1\n")


def test_missing_base_file_is_an_error() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario("label: x\nbase: nowhere.yaml\noverrides: {fraude: 0.9}\n")
    expected = "<string>:2:7: base names no file: 'nowhere.yaml' does not exist @ $.base"
    assert expected == str(caught.value)


def test_a_base_that_is_a_named_pipe_is_refused_unopened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    scenario = tmp_path / "s.yaml"
    scenario.write_text("label: x\nbase: pipe.yaml\noverrides: {fraude: 0.9}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scenario)
    pipe = str(tmp_path / "pipe.yaml")
    expected = f"{scenario}:2:7: base must name a regular file, {pipe!r} is a named pipe @ $.base"
    assert expected == str(caught.value)


def test_a_base_outside_the_scenario_folders_is_refused(tmp_path: Path) -> None:
    scenario = tmp_path / "a" / "b" / "s.yaml"
    scenario.parent.mkdir(parents=True)
    scenario.write_text("label: x\nbase: ../../../r.yaml\noverrides: {fraude: 0.9}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(scenario)
    assert "base must stay within" in str(caught.value) and "@ $.base" in str(caught.value)


def test_all_problems_are_reported_at_once(grid_2019: Grid) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario("overrides:\n  fraudes: 0.9\n  fraude: 2\n", grid_2019)
    assert len(caught.value.problems) == 3


def test_applied_scenario_scores_like_edited_results(grid_2019: Grid) -> None:
    base = load_results(BASE, grid_2019)
    scenario = load_scenario(SCENARIOS / "fraude-97.yaml", grid_2019)
    expected = score(grid_2019, base.replace_values(fraude=Decimal("0.97"))).total.points
    assert expected == score(grid_2019, apply_scenario(base, scenario)).total.points


def test_comparison_total_delta(grid_2019: Grid) -> None:
    base = load_results(BASE, grid_2019)
    scenario = load_scenario(SCENARIOS / "fraude-97.yaml", grid_2019)
    total = compare(grid_2019, base, [scenario]).rows()[-1]
    assert Decimal("110") * (Decimal("0.97") - Decimal("0.9446")) == total["scenarios"][0]["delta"]


def test_comparison_has_a_row_per_objective_axis_and_total(grid_2019: Grid) -> None:
    base = load_results(BASE, grid_2019)
    scenario = load_scenario(SCENARIOS / "fraude-97.yaml", grid_2019)
    assert len(compare(grid_2019, base, [scenario]).rows()) == 11 + 5 + 1


def test_cli_whatif_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["whatif", str(GRID_2019), *sorted(map(str, SCENARIOS.glob("*.yaml"))), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert (code, len(data["scenarios"]), data["rows"][-1]["base"]) == (0, 2, "776.49915")


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_cli_whatif_formats_show_the_total(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["whatif", "--lang", "en", str(GRID_2019), str(SCENARIOS / "fraude-97.yaml"), "--format", fmt])
    assert "779.29" in capsys.readouterr().out


def test_cli_whatif_bad_scenario_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("label: x\noverrides: {fraude: 0.9}\n", encoding="utf-8")
    code = main(["whatif", "--lang", "en", str(GRID_2019), str(bad)])
    assert (code, capsys.readouterr().err.strip()[-19:]) == (2, "give --base RESULTS")


def test_scenario_schema_is_draft_2020_12() -> None:
    schema = json.loads(
        (ROOT / "src" / "cpg_score" / "schemas" / "scenario.schema.json").read_text(encoding="utf-8")
    )
    assert (
        schema["$schema"],
        schema["required"],
    ) == ("https://json-schema.org/draft/2020-12/schema", ["label", "overrides"])


def test_base_option_replaces_a_base_the_file_may_not_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "a" / "b" / "c" / "s.yaml"
    scenario.parent.mkdir(parents=True)
    scenario.write_text("label: x\nbase: /elsewhere/r.yaml\noverrides: {fraude: 0.9}\n", encoding="utf-8")
    base = str(RESULTS_2019 / "drsm-centre-ouest.yaml")
    expected = (0, "")
    assert expected == (
        main(["whatif", str(GRID_2019), str(scenario), "--base", base]),
        capsys.readouterr().err,
    )
