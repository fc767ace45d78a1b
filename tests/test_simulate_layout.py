"""The simulate package's face: private modules behind `cpg_score.simulate`, keyword records, enums."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from decimal import Decimal

import attrs
import pytest

import cpg_score.simulate
from cpg_score import load_grid, load_results
from cpg_score.model.grid import Grid
from cpg_score.model.series import SeriesFile
from cpg_score.simulate import (
    Backend,
    PlanMethod,
    ProjectionMethod,
    RowKind,
    Scenario,
    _common,
    _fast,
    _levers,
    _montecarlo,
    _plan,
    _profile,
    _projection,
    compare,
    plan,
    project,
    simulate,
)

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019

BASE = RESULTS_2019 / "drsm-centre-ouest.yaml"
MODULES = ("montecarlo", "plan", "profit_sharing", "projection", "sensitivity", "whatif")
RECORDS = [
    _levers.Lever,
    _levers.Levers,
    _profile.Piece,
    _profile.Profile,
    _montecarlo.Stats,
    _montecarlo.MonteCarlo,
    _montecarlo._Marginal,
    _plan.Move,
    _plan.Plan,
    _plan._Solution,
    cpg_score.simulate.ProfitSharingResult,
    _projection.ProjectedValue,
    _projection.Projection,
    cpg_score.simulate.SensitivityRow,
    cpg_score.simulate.Sensitivity,
]


@pytest.mark.parametrize("name", MODULES)
def test_a_simulation_module_is_private(name: str) -> None:
    assert importlib.util.find_spec(f"cpg_score.simulate.{name}") is None


@pytest.mark.parametrize("name", ["plan", "profit_sharing", "sensitivity", "simulate"])
def test_a_simulation_name_is_the_function_not_a_module(name: str) -> None:
    assert inspect.isfunction(getattr(cpg_score.simulate, name))


@pytest.mark.parametrize("name", ["montecarlo", "projection", "whatif"])
def test_a_private_module_by_its_old_name_warns_and_names_the_package(name: str) -> None:
    with pytest.warns(DeprecationWarning, match="import its names from cpg_score.simulate"):
        module = getattr(cpg_score.simulate, name)
    assert importlib.import_module(f"cpg_score.simulate._{name}") is module


@pytest.mark.parametrize(
    "name", ["BINS", "CHUNK", "EXACT_DRAWS", "MAX_DRAWS", "MAX_FIGURE", "MAX_KEEP", "MAX_SEED", "PERCENTILES"]
)
def test_a_simulation_constant_is_exported_by_the_package(name: str) -> None:
    home = _fast if name in ("BINS", "EXACT_DRAWS") else _montecarlo
    assert getattr(home, name) == getattr(cpg_score.simulate, name)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_a_record_of_more_than_four_fields_is_built_by_keyword(record: type) -> None:
    fields = attrs.fields(record)
    assert (True, True) == (len(fields) > 4, all(f.kw_only for f in fields))


def test_the_shared_json_head_gives_format_grid_and_entity() -> None:
    assert {"format": "f@1", "grid": "g", "entity": "e"} == _common.json_head("f@1", "g", "e")


@pytest.mark.parametrize(("backend", "expected"), [("python", Backend.PYTHON), ("numpy", Backend.NUMPY)])
def test_a_run_names_its_backend_as_an_enum_and_as_text_in_json(
    grid_2019: Grid, backend: str, expected: Backend
) -> None:
    pytest.importorskip("numpy")
    run = simulate(grid_2019, load_results(BASE, grid_2019), draws=10, seed=1, backend=backend)
    assert (expected, expected.value) == (run.backend, run.to_dict()["backend"])


def test_the_exact_fallback_names_its_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    grid = load_grid(GRID_2019)
    real = cpg_score.simulate.levers
    monkeypatch.setattr(_montecarlo, "levers", lambda g, r: attrs.evolve(real(g, r), additive=False))
    run = simulate(grid, load_results(BASE, grid), draws=3, seed=1, backend="python")
    assert (Backend.EXACT, "exact") == (run.backend, run.to_dict()["backend"])


def test_a_plan_already_reached_says_so_in_words(grid_2019: Grid) -> None:
    found = plan(grid_2019, load_results(BASE, grid_2019), Decimal(10))
    assert (PlanMethod.REACHED, "the target is already reached") == (found.method, found.to_dict()["method"])


def test_an_exhaustive_plan_gives_its_combinations_in_words() -> None:
    words = "exhaustive search over 12 combinations of steps/floors, each solved exactly"
    assert words == PlanMethod.EXHAUSTIVE.words(12)


def test_a_local_search_plan_is_not_proven_optimal_in_words(grid_2019: Grid) -> None:
    found = plan(grid_2019, load_results(BASE, grid_2019), Decimal(800), max_combinations=0)
    expected = (PlanMethod.LOCAL, False, f"local search over {found.combinations} combinations")
    assert expected == (found.method, found.proven_optimal, found.method_text.split(" of ")[0])


def test_a_projection_method_is_written_as_its_words_in_json(grid_2019: Grid) -> None:
    from cpg_score.io import load_series

    series: SeriesFile = load_series(OBJECTIVES / "series" / "drsm-centre-ouest-2019-06.yaml")
    result = project(grid_2019, series, load_results(BASE, grid_2019))
    methods = {v["method"] for v in result.to_dict()["values"]}
    assert methods <= {m.value for m in ProjectionMethod}


def test_comparison_rows_have_kinds_written_as_text_in_json(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    comparison = compare(
        grid_2019, results, [Scenario(label="fraude", overrides=[("fraude", Decimal("0.97"))])]
    )
    kinds = [row["kind"] for row in comparison.to_dict()["rows"]]
    assert (RowKind.TOTAL, "total", {"objective", "axis", "total"}) == (
        comparison.rows()[-1]["kind"],
        kinds[-1],
        set(kinds),
    )
