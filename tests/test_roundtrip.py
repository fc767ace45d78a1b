"""Lossless round trips: `load(dump(x)) == x` for any valid grid and results, every digit kept."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpg_score import Grid, Results, load_grid, load_results, parse_number
from cpg_score.io import dump_scenario, load_scenario
from cpg_score.io.dump import dump_grid, dump_results, dump_yaml

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019, ROOT
from .strategies import ROUND_TRIP_GRIDS, ROUND_TRIP_RESULTS, chars, grids, pairs

ROUND_TRIP = settings(
    max_examples=150 * int(os.environ.get("CPG_FUZZ_SCALE", "1")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@ROUND_TRIP
@given(grids(shape=ROUND_TRIP_GRIDS))
def test_grid_round_trip(grid: Grid) -> None:
    # Decimal equality ignores trailing zeros (1.0 == 1): the dumped text must be identical too.
    text = dump_grid(grid)
    again = load_grid(text)
    assert (grid, text) == (again, dump_grid(again))


@ROUND_TRIP
@given(pairs(grids(shape=ROUND_TRIP_GRIDS), ROUND_TRIP_RESULTS))
def test_results_round_trip_alone_and_against_the_grid(case: tuple[Grid, Results]) -> None:
    grid, results = case
    text = dump_results(results)
    alone, checked = load_results(text), load_results(text, grid)
    assert (results, results, text) == (alone, checked, dump_results(alone))


@pytest.mark.parametrize("number", ["1E-28", "1e-28", "10000000000.000001", "0.10", "1E+3", "0E-7"])
def test_awkward_numbers_survive_in_a_grid(number: str) -> None:
    text = f"""id: g
label: g
period: 2019
total_points: "{number}"
axes:
  - id: a
    label: a
    objectives:
      - {{id: o, label: o, points: "{number}"}}
"""
    grid = load_grid(text)
    again = load_grid(dump_grid(grid))
    expected = str(Decimal(number))
    assert (expected, expected) == (str(again.total_points), str(again.axes[0].objectives[0].points))


@pytest.mark.parametrize("number", ["1E-28", "10000000000.000001", "0.10"])
def test_awkward_numbers_survive_in_results(number: str) -> None:
    text = f"""entity: e
grid: g
period: 2019
results:
  a: {{value: {number}, volume: {number}}}
  b: {{numerator: {number}, denominator: {number}}}
figures:
  f: {number}
"""
    again = load_results(dump_results(load_results(text)))
    a, b = again.values
    expected = str(Decimal(number))
    assert [expected] * 5 == [
        str(x) for x in (a.value, a.volume, b.numerator, b.denominator, again.figures[0].value)
    ]


def test_a_sum_of_points_beyond_28_digits_is_exact() -> None:
    text = """id: g
label: g
period: 2019
total_points: 10000000000.0000000000000000000000000001
axes:
  - id: a
    label: a
    objectives:
      - {id: o1, label: o, points: 1e-28}
      - {id: o2, label: o, points: 10000000000}
"""
    expected = Decimal("10000000000.0000000000000000000000000001")
    assert expected == load_grid(text).axes[0].points


@pytest.mark.parametrize("path", [GRID_2019, OBJECTIVES / "elsm-2019-local.yaml"], ids=lambda p: p.name)
def test_shipped_grids_round_trip(path: object) -> None:
    grid = load_grid(path)  # type: ignore[arg-type]
    assert grid == load_grid(dump_grid(grid))


@pytest.mark.parametrize(
    "path",
    sorted(RESULTS_2019.glob("drsm-*.yaml")) + sorted((RESULTS_2019 / "elsm").glob("*.yaml")),
    ids=lambda p: p.name,
)
def test_shipped_results_round_trip(path: object) -> None:
    results = load_results(path)  # type: ignore[arg-type]
    assert results == load_results(dump_results(results))


SCENARIOS = sorted((ROOT / "objectives" / "scenarios").rglob("*.yaml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_shipped_scenario_round_trip(path: Path) -> None:
    scenario = load_scenario(path)
    assert scenario == load_scenario(dump_scenario(scenario))


@given(
    st.lists(st.sampled_from(["1E-28", "10000000000.000001", "0.10", "97 %", "3"]), min_size=1, max_size=4),
    st.text(chars, min_size=1, max_size=20).filter(str.strip),
)
def test_any_scenario_round_trip(values: list[str], label: str) -> None:
    overrides = {f"i{n}": value for n, value in enumerate(values)}
    scenario = load_scenario(dump_yaml({"label": label, "overrides": overrides}))
    assert scenario == load_scenario(dump_scenario(scenario))
    assert [parse_number(v).value for v in values] == [v for _, v in scenario.overrides]
