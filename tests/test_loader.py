"""The loader: valid files load; every problem of an invalid file is reported at once."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from cpg_score import (
    GridError,
    LinearRule,
    Policy,
    ResultsError,
    StepsRule,
    Unit,
    load_grid,
    load_results,
)

GRID = """\
id: g
label: G
period: 2020
total_points: 100
axes:
  - id: a
    label: A
    objectives:
      - id: o
        label: O
        points: 60
        indicators:
          - id: i
            label: I
            rule: {type: linear, floor: 50 %, target: "90,5 %"}
          - id: j
            label: J
            unit: days
            weight: 2
            rule: {type: steps, direction: lower, steps: [{threshold: 30, rate: 0.5}, {threshold: 20, rate: 1}]}
      - id: p
        label: P
        points: 40
"""


def test_grid_loads_numbers_from_their_text() -> None:
    grid = load_grid(GRID)
    indicator = grid.axes[0].objectives[0].indicators[0]
    assert LinearRule(Decimal("0.5"), Decimal("0.905")) == indicator.rule


def test_grid_reads_units_weights_and_steps() -> None:
    j = load_grid(GRID).axes[0].objectives[0].indicators[1]
    assert (Unit.DAYS, Decimal(2), (Decimal(30), Decimal(20))) == (
        j.unit,
        j.weight,
        tuple(s.threshold for s in j.rule.steps) if isinstance(j.rule, StepsRule) else (),
    )


def test_grid_policy_defaults_to_zero() -> None:
    assert Policy.ZERO == load_grid(GRID).policy


def test_every_problem_of_a_grid_is_reported_at_once() -> None:
    text = GRID.replace("points: 60", "points: -2").replace("label: J", "lable: J")
    with pytest.raises(GridError) as caught:
        load_grid(text)
    assert [
        "<string>:11:17: points must be >= 0, got -2 @ $.axes[0].objectives[0].points",
        "<string>:16:13: missing required key 'label' @ $.axes[0].objectives[0].indicators[1]",
        "<string>:17:13: unknown key 'lable'; did you mean 'label'? @ $.axes[0].objectives[0].indicators[1].lable",
    ] == [str(p) for p in caught.value.problems]


def test_duplicate_keys_are_errors() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(GRID.replace("period: 2020\n", "period: 2020\nperiod: 2021\n"))
    assert [
        "<string>:4:1: duplicate key 'period' (first at line 3); a key may appear only once @ $.period"
    ] == [str(p) for p in caught.value.problems]


def test_points_must_add_up_to_the_declared_total() -> None:
    with pytest.raises(GridError, match=r"objective points add up to 100, not to the declared total 1000"):
        load_grid(GRID.replace("total_points: 100", "total_points: 1000"))


def test_an_id_used_twice_is_reported_where_it_repeats() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(GRID.replace("id: p", "id: i"))
    assert [
        "<string>:21:13: id 'i' is used twice (indicator and objective) @ $.axes[0].objectives[1].id"
    ] == [str(p) for p in caught.value.problems]


def test_floor_equal_to_target_is_an_error() -> None:
    with pytest.raises(GridError, match=re.escape("floor must differ from target, both are 0.5")):
        load_grid(GRID.replace('"90,5 %"', "50 %"))


def test_python_tags_are_refused() -> None:
    with pytest.raises(GridError, match=re.escape("tag !!python/object/apply:os.system is not allowed")):
        load_grid(GRID.replace("label: G", "label: !!python/object/apply:os.system [echo]"))


def test_a_share_above_100_percent_is_an_error() -> None:
    with pytest.raises(GridError, match=r"a share must be between 0 % and 100 %, got 120 %"):
        load_grid(GRID.replace("50 %", "120 %"))


def test_a_share_written_as_a_percent_without_sign_gets_a_hint() -> None:
    with pytest.raises(
        GridError,
        match=r"a share must be between 0 and 1, got 50 \(.*unit: days.* or write 50 % for a percent\)",
    ):
        load_grid(GRID.replace("50 %", "50"))


RESULTS = """\
entity: {id: e, label: E}
grid: g
period: 2020
results:
  i: 0.7
  j: {numerator: 45, denominator: 2}
  p: "-"
"""


def test_results_load_against_their_grid() -> None:
    results = load_results(RESULTS, load_grid(GRID))
    assert (Decimal("0.7"), Decimal("22.5"), "not scored (« - » in the results)") == (
        results.get("i").resolved,  # type: ignore[union-attr]
        results.get("j").resolved,  # type: ignore[union-attr]
        results.get("p").neutralised,  # type: ignore[union-attr]
    )


def test_results_misfits_are_located() -> None:
    text = RESULTS.replace("period: 2020", "period: 2021").replace("  p:", "  q:")
    with pytest.raises(ResultsError) as caught:
        load_results(text, load_grid(GRID))
    assert [
        "<string>:3:9: results are for period 2021, the grid for 2020 @ $.period",
        "<string>:5:3: objective 'p' has no result and is not neutralised "
        '(write "-" or "neutralised: <reason>" to neutralise it) @ $.results.p',
        "<string>:7:3: no indicator or objective 'q' in grid 'g' @ $.results.q",
    ] == [str(p) for p in caught.value.problems]


def test_results_file_errors_name_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.yaml"
    path.write_text(RESULTS.replace("i: 0.7", "i: 1.7"), encoding="utf-8")
    with pytest.raises(ResultsError) as caught:
        load_results(path, load_grid(GRID))
    assert [
        f"{path}:5:6: a share must be between 0 and 1, got 1.7 (write 1.7 % for a percent) @ $.results.i"
    ] == [str(p) for p in caught.value.problems]


def test_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="missing required key 'grid'"):
        load_results(RESULTS.replace("grid: g\n", ""))


def test_a_lone_dash_gets_a_hint_to_quote_it() -> None:
    with pytest.raises(ResultsError) as caught:
        load_results(RESULTS.replace('p: "-"', "p: -"))
    (problem,) = caught.value.problems
    # PyYAML's C and pure-Python parsers word the YAML error differently; the hint is ours.
    assert ("<string>", 7, 6, "$") == (problem.file, problem.line, problem.column, problem.path)
    assert problem.message.endswith(
        '(a lone - marks a list item; write "-" in quotes for a result not scored)'
    )
