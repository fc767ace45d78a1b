"""Every problem carries a stable code; programs route problems by it, never by their message."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from cpg_score import GridError, Limits, Problem, ResultsError, load_grid, load_results
from cpg_score.cli import main
from cpg_score.errors import (
    MissingExtraError,
    PlanError,
    PlanTargetError,
    ProblemCode,
    ProfitSharingError,
    ScenarioError,
    SeriesError,
    SpecError,
    Suggestions,
    unknown_item,
)
from cpg_score.model.fit import Misfit, fit_problems

from .conftest import GRID_2019, ROOT

GRID = """\
id: g
label: G
period: 2019
total_points: 100
axes:
  - id: a
    label: A
    objectives:
      - {id: o1, label: O1, points: 60}
      - {id: o2, label: O2, points: 40}
"""

RESULTS = """\
entity: e
grid: g
period: 2019
results:
  o1: 50 %
  o2: 40 %
"""


def _codes(text: str, *, limits: Limits | None = None) -> list[ProblemCode]:
    with pytest.raises(GridError) as caught:
        load_grid(text, limits=limits)
    return [p.code for p in caught.value.problems]


def test_a_problem_is_built_by_keyword_only() -> None:
    with pytest.raises(TypeError):
        Problem("message", "file")  # type: ignore[misc]


def test_a_problem_code_defaults_to_invalid() -> None:
    assert ProblemCode.INVALID == Problem(message="m").code


def test_the_printed_form_of_a_problem_does_not_show_its_code() -> None:
    problem = Problem(message="m", file="f.yaml", line=1, column=2, path="$.a", code=ProblemCode.BAD_ID)
    assert "f.yaml:1:2: m @ $.a" == str(problem)


def test_a_problem_as_json_values_carries_its_code_as_text() -> None:
    problem = Problem(message="m", file="f.yaml", line=1, column=2, path="$.a", code=ProblemCode.BAD_ID)
    expected = {
        "code": "bad-id",
        "message": "m",
        "file": "f.yaml",
        "line": 1,
        "column": 2,
        "path": "$.a",
        "sheet": None,
    }
    assert expected == problem.to_dict()


def test_codes_are_kebab_case_and_unique() -> None:
    values = [code.value for code in ProblemCode]
    assert (len(values), True) == (
        len(set(values)),
        all(re.fullmatch(r"[a-z]+(-[a-z]+)*", v) for v in values),
    )


def test_every_code_is_documented_once_in_the_errors_page() -> None:
    page = (ROOT / "docs" / "reference" / "errors.md").read_text(encoding="utf-8")
    missing = [code.value for code in ProblemCode if page.count(f"| `{code.value}` |") != 1]
    assert [] == missing


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (GRID.replace("label: G\n", ""), ProblemCode.MISSING_KEY),
        (GRID + "colour: red\n", ProblemCode.UNKNOWN_KEY),
        (GRID.replace("label: G\n", "label: G\nlabel: H\n"), ProblemCode.DUPLICATE_KEY),
        (GRID.replace("label: G\n", "label: [G]\n"), ProblemCode.WRONG_TYPE),
        (GRID.replace("id: g\n", "id: g h\n"), ProblemCode.BAD_ID),
        (GRID.replace("id: o2,", "id: o1,"), ProblemCode.DUPLICATE_ID),
        (GRID.replace("points: 40}", "points: abc}"), ProblemCode.BAD_NUMBER),
        (GRID.replace("points: 40}", "points: -40}"), ProblemCode.OUT_OF_RANGE),
        (GRID + "policy: {neutralisation: zeroo}\n", ProblemCode.BAD_CHOICE),
        (GRID.replace("label: G\n", 'label: "G\\e[31m"\n'), ProblemCode.BAD_TEXT),
        (GRID.replace("total_points: 100", "total_points: 90"), ProblemCode.INVALID),
        (GRID.replace("label: G\n", "label: !!python/object:os.system G\n"), ProblemCode.BAD_TAG),
        ("id: [", ProblemCode.SYNTAX),
        ("# nothing\n", ProblemCode.EMPTY),
        (GRID + "---\n" + GRID, ProblemCode.SYNTAX),
    ],
)
def test_a_grid_problem_has_its_code(text: str, code: ProblemCode) -> None:
    assert [code] == _codes(text)


def test_a_control_character_in_the_file_is_not_text() -> None:
    assert [ProblemCode.NOT_TEXT] == _codes(GRID.replace("label: G", "label: G\x1b"))


def test_bytes_that_are_not_utf8_are_not_text() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(GRID.replace("G\n", "G\xe9\n").encode("latin-1"))
    assert [ProblemCode.NOT_TEXT] == [p.code for p in caught.value.problems]


@pytest.mark.parametrize(
    ("limits", "code"),
    [
        (Limits(max_bytes=10), ProblemCode.TOO_LARGE),
        (Limits(max_nodes=5), ProblemCode.TOO_MANY_NODES),
        (Limits(max_depth=2), ProblemCode.TOO_DEEP),
    ],
)
def test_a_limit_problem_has_its_code(limits: Limits, code: ProblemCode) -> None:
    assert [code] == _codes(GRID, limits=limits)


def test_the_library_names_the_limit_to_raise_as_a_library_call() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(GRID, limits=Limits(max_bytes=10))
    assert caught.value.problems[0].message.endswith("(raise Limits(max_bytes=...))")


def test_the_command_line_names_its_option_for_the_same_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(GRID, encoding="utf-8")
    main(["validate", "--lang", "en", str(path), "--max-bytes", "10"])
    assert "(raise it with --max-bytes) @ $" in capsys.readouterr().err


def test_a_missing_file_has_its_code(tmp_path: Path) -> None:
    with pytest.raises(GridError) as caught:
        load_grid(tmp_path / "none.yaml")
    assert [ProblemCode.NO_SUCH_FILE] == [p.code for p in caught.value.problems]


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(GridError) as caught:
        load_grid(tmp_path)
    assert [ProblemCode.NOT_A_FILE] == [p.code for p in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "code", "path"),
    [
        (RESULTS.replace("grid: g", "grid: h"), ProblemCode.WRONG_GRID, "$.grid"),
        (RESULTS.replace("period: 2019", "period: 2020"), ProblemCode.WRONG_PERIOD, "$.period"),
        (RESULTS + "  o3: 10 %\n", ProblemCode.UNKNOWN_ITEM, "$.results.o3"),
        (RESULTS.replace("  o2: 40 %\n", ""), ProblemCode.MISSING_RESULT, "$.results.o2"),
    ],
)
def test_a_misfit_is_placed_by_its_code(text: str, code: ProblemCode, path: str) -> None:
    with pytest.raises(ResultsError) as caught:
        load_results(text, load_grid(GRID))
    assert [(code, path)] == [(p.code, p.path) for p in caught.value.problems]


def test_fit_problems_gives_each_misfit_its_code() -> None:
    grid = load_grid(GRID)
    results = load_results(RESULTS.replace("grid: g", "grid: h"))
    expected = [Misfit(None, ProblemCode.WRONG_GRID, "results are for grid 'h', not for 'g'")]
    assert expected == fit_problems(grid, results)


def test_an_unknown_item_message_has_its_hint() -> None:
    expected = "no indicator or objective 'fraudes' in grid 'g'; did you mean 'fraude'?"
    assert expected == unknown_item("fraudes", "g", Suggestions(["fraude", "transport"]))


def test_an_unknown_item_message_without_candidates_has_no_hint() -> None:
    assert "no indicator or objective 'o3' in grid 'g'" == unknown_item("o3", "g")


@pytest.mark.parametrize(
    ("module", "name", "error"),
    [
        ("cpg_score.simulate", "SpecError", SpecError),
        ("cpg_score.simulate", "PlanError", PlanError),
        ("cpg_score.simulate", "PlanTargetError", PlanTargetError),
        ("cpg_score.simulate", "ScenarioError", ScenarioError),
        ("cpg_score.simulate", "SeriesError", SeriesError),
        ("cpg_score.simulate", "ProfitSharingError", ProfitSharingError),
        ("cpg_score.reports", "MissingExtraError", MissingExtraError),
    ],
)
def test_an_error_stays_importable_from_its_old_place(module: str, name: str, error: type) -> None:
    assert error is getattr(importlib.import_module(module), name)


def test_a_simulation_reader_hints_a_misspelt_id(grid_2019: object) -> None:
    from cpg_score.io import load_bounds

    with pytest.raises(PlanError) as caught:
        load_bounds("levers:\n  fraudes: {fixed: true}\n", grid_2019)  # type: ignore[arg-type]
    problem = caught.value.problems[0]
    assert (ProblemCode.UNKNOWN_ITEM, True) == (
        problem.code,
        problem.message.endswith("did you mean 'fraude'?"),
    )


def test_the_shipped_grid_reads_without_problems() -> None:
    assert "cpg-2019-drsm" == load_grid(GRID_2019).id
