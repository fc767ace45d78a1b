"""The command line as one package of commands: shared options declared once, taken by every
command that needs them, and passed through (reading limits, language, format, output)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import cpg_score.cli
from cpg_score._safe_text import terminal_text
from cpg_score.cli import build_parser, main
from cpg_score.cli._main import COMMANDS
from cpg_score.io import load_grid, load_results, load_scenario
from cpg_score.reports import FORMATS, TABLE_FORMATS, render
from cpg_score.scoring import explain
from cpg_score.simulate import compare

from .conftest import OBJECTIVES

GRID = OBJECTIVES / "cpg-2019-drsm.yaml"
RESULTS = OBJECTIVES / "results" / "2019"
CENTRE_OUEST = RESULTS / "drsm-centre-ouest.yaml"
AQUITAINE = RESULTS / "drsm-aquitaine.yaml"
SCENARIO = OBJECTIVES / "scenarios" / "2019" / "fraude-97.yaml"
SIMULATIONS = ("whatif", "sensitivity", "plan", "simulate", "project", "profit-sharing")


def _commands() -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def _option(command: str, flag: str) -> argparse.Action | None:
    for action in _commands()[command]._actions:
        if flag in action.option_strings:
            return action
    return None


def _with(flag: str) -> set[str]:
    return {name for name in _commands() if _option(name, flag) is not None}


def test_the_package_re_exports_only_main_and_build_parser() -> None:
    assert ["build_parser", "main"] == sorted(cpg_score.cli.__all__)


def test_every_command_reading_files_takes_the_reading_limits() -> None:
    expected = set(_commands()) - {"examples", "schema"}
    assert (expected, expected, expected) == (
        _with("--max-bytes"),
        _with("--max-nodes"),
        _with("--max-depth"),
    )


def test_every_command_takes_lang() -> None:
    expected = {command.name for command in COMMANDS}
    assert expected == _with("--lang")


def test_every_command_defaults_to_french(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CPG_SCORE_LANG", raising=False)
    defaults = {name: _option(name, "--lang").default for name in _with("--lang")}  # type: ignore[union-attr]
    assert dict.fromkeys(_with("--lang"), "fr") == defaults


def test_formats_come_from_the_render_layer() -> None:
    choices = {name: tuple(_option(name, "--format").choices) for name in (*SIMULATIONS, "score", "compare")}  # type: ignore[union-attr, arg-type]
    expected = {**dict.fromkeys(SIMULATIONS, TABLE_FORMATS), "score": FORMATS, "compare": FORMATS}
    assert expected == choices


def test_every_command_with_a_format_writes_to_an_output_file() -> None:
    assert _with("--format") == _with("--output")


@pytest.mark.parametrize(
    "args",
    [
        ["score", str(GRID), str(CENTRE_OUEST)],
        ["explain", str(GRID), str(CENTRE_OUEST), "fraude"],
        ["sensitivity", str(GRID), str(CENTRE_OUEST)],
        ["plan", str(GRID), str(CENTRE_OUEST), "--target", "900"],
        ["simulate", str(GRID), str(CENTRE_OUEST), "--draws", "10"],
        ["whatif", str(GRID), str(SCENARIO)],
        ["check", str(CENTRE_OUEST)],
        ["validate", str(GRID)],
    ],
    ids=lambda args: args[0],
)
def test_a_limit_is_raised_with_its_flag(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main([*args, "--max-bytes", "100", "--lang", "en"])
    assert "(raise it with --max-bytes)" in capsys.readouterr().err


def _padded(path: Path, source: Path, size: int) -> Path:
    """A copy of `source` made larger than `size` bytes by a trailing comment."""
    text = source.read_text(encoding="utf-8")
    path.write_text(text + "#" * (size - len(text.encode()) + 1) + "\n", encoding="utf-8")
    return path


def test_whatif_reads_the_scenario_base_within_the_limits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = _padded(tmp_path / "base.yaml", CENTRE_OUEST, 20_000)
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("label: x\nbase: base.yaml\noverrides:\n  fraude: 97 %\n", encoding="utf-8")
    assert 2 == main(["whatif", str(GRID), str(scenario), "--max-bytes", "10000"])
    err = capsys.readouterr().err
    assert (True, True) == (err.startswith(str(base)), "--max-bytes" in err)


def test_check_reads_the_tree_named_by_the_totals_within_the_limits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tree = _padded(tmp_path / "tree.yaml", OBJECTIVES / "entities" / "nouvelle-aquitaine.yaml", 20_000)
    totals = tmp_path / "totals.yaml"
    totals.write_text("period: 2019\ntree: tree.yaml\nentities: {}\n", encoding="utf-8")
    assert 2 == main(["check", str(CENTRE_OUEST), "--totals", str(totals), "--max-bytes", "10000"])
    err = capsys.readouterr().err
    assert (True, True) == (err.startswith(str(tree)), "--max-bytes" in err)


def test_explain_speaks_the_language_asked(capsys: pytest.CaptureFixture[str]) -> None:
    grid = load_grid(GRID)
    explanation = explain(grid, load_results(AQUITAINE, grid), "publics-fragilises")
    assert 0 == main(["explain", str(GRID), str(AQUITAINE), "publics-fragilises", "--lang", "fr"])
    assert terminal_text(render(explanation, "table", "fr")) == capsys.readouterr().out


def test_check_speaks_the_language_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["check", str(AQUITAINE), "--lang", "en"])
    english = capsys.readouterr().out
    assert 0 == main(["check", str(AQUITAINE), "--lang", "fr"])
    assert english != capsys.readouterr().out


def test_whatif_speaks_the_language_asked(capsys: pytest.CaptureFixture[str]) -> None:
    grid = load_grid(GRID)
    comparison = compare(grid, load_results(CENTRE_OUEST, grid), [load_scenario(SCENARIO, grid)])
    assert 0 == main(["whatif", str(GRID), str(SCENARIO), "--lang", "fr", "-f", "markdown"])
    assert render(comparison, "markdown", "fr") == capsys.readouterr().out


def test_simulate_writes_its_table_in_the_language_asked(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["simulate", str(GRID), str(CENTRE_OUEST), "--draws", "50", "-q"]
    assert 0 == main(args)
    default = capsys.readouterr().out
    assert 0 == main([*args, "--lang", "en"])
    english = capsys.readouterr().out
    assert 0 == main([*args, "--lang", "fr"])
    assert (False, True) == (default == english, default == capsys.readouterr().out)


def test_check_reads_a_file_with_axes_and_results_as_a_grid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    both = tmp_path / "both.yaml"
    both.write_text(GRID.read_text(encoding="utf-8") + "\nresults: {}\n", encoding="utf-8")
    assert 2 == main(["check", str(CENTRE_OUEST), str(both)])
    assert capsys.readouterr().err.startswith(f"{both}:")


def test_validate_names_a_monte_carlo_spec_a_simulation_spec(capsys: pytest.CaptureFixture[str]) -> None:
    spec = OBJECTIVES / "simulations" / "drsm-2019-spec.yaml"
    assert 0 == main(["validate", "--lang", "en", str(GRID), str(spec)])
    assert f"ok: {spec} (simulation spec, checked against grid " in capsys.readouterr().out
