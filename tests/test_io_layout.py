"""The reading edge: every reader in `cpg_score.io`, their values in `cpg_score.model`, one rule
for what a file holds."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from cpg_score.errors import InputError, ProblemCode
from cpg_score.io.kind import FileKind, file_kind
from cpg_score.io.reader import Reader, parse, sorted_problems
from cpg_score.model.spec import Distribution, DistributionKind

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019

READERS = [
    ("load_scenario", "whatif"),
    ("load_bounds", "plan"),
    ("load_spec", "montecarlo"),
    ("load_series", "projection"),
    ("load_profit_sharing", "profit_sharing"),
    ("dump_scenario", "whatif"),
    ("scenario_to_dict", "whatif"),
]


@pytest.mark.parametrize(("name", "module"), READERS)
def test_a_simulation_module_reads_no_file(name: str, module: str) -> None:
    simulation = importlib.import_module(f"cpg_score.simulate._{module}")
    assert not hasattr(simulation, name)


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("Scenario", "scenario"),
        ("Bounds", "bounds"),
        ("Spec", "spec"),
        ("Distribution", "spec"),
        ("Series", "series"),
        ("ProfitSharing", "profit_sharing"),
    ],
)
def test_an_input_value_lives_in_model_and_is_kept_by_simulate(name: str, model: str) -> None:
    import cpg_score.simulate

    value = getattr(importlib.import_module(f"cpg_score.model.{model}"), name)
    assert value is getattr(cpg_score.simulate, name)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (GRID_2019, FileKind.GRID),
        (RESULTS_2019 / "drsm-centre-ouest.yaml", FileKind.RESULTS),
        (OBJECTIVES / "entities" / "nouvelle-aquitaine.yaml", FileKind.TREE),
        (OBJECTIVES / "scenarios" / "2019" / "fraude-97.yaml", FileKind.SCENARIO),
        (OBJECTIVES / "plans" / "drsm-2019-bounds.yaml", FileKind.BOUNDS),
        (OBJECTIVES / "series" / "drsm-centre-ouest-2019-06.yaml", FileKind.SERIES),
        (OBJECTIVES / "profit-sharing" / "illustrative.yaml", FileKind.PROFIT_SHARING),
        (OBJECTIVES / "simulations" / "drsm-2019-spec.yaml", FileKind.SPEC),
    ],
)
def test_file_kind_tells_each_shipped_file(path: Path, kind: FileKind) -> None:
    assert kind == file_kind(path)


def test_file_kind_of_a_mapping_without_a_marking_key_is_unknown() -> None:
    assert FileKind.UNKNOWN == file_kind("colour: red\n")


def test_file_kind_of_a_file_with_axes_and_results_is_grid() -> None:
    assert FileKind.GRID == file_kind("axes: []\nresults: {}\n")


def test_file_kind_of_malformed_yaml_is_an_input_error_with_its_code() -> None:
    with pytest.raises(InputError) as caught:
        file_kind("a: [\n")
    assert [ProblemCode.SYNTAX] == [p.code for p in caught.value.problems]


def test_the_reader_is_public_and_collects_problems_in_document_order() -> None:
    root, name = parse("b: x\na: y\n", None, InputError)
    reader = Reader(name)
    reader.mapping(root, "$", ["c"], ["a"])
    problems = sorted_problems(reader.problems)
    expected = [ProblemCode.UNKNOWN_KEY, ProblemCode.MISSING_KEY]
    assert expected == [p.code for p in problems]


def test_a_distribution_kind_is_read_from_its_text() -> None:
    assert DistributionKind.TRIANGULAR is Distribution(kind="triangular", low=0, mode=1, high=2).kind  # type: ignore[arg-type]


def test_a_distribution_kind_writes_as_its_text() -> None:
    assert ('"normal"', "normal") == (json.dumps(DistributionKind.NORMAL), f"{DistributionKind.NORMAL}")


def test_an_unknown_distribution_kind_names_the_choices() -> None:
    with pytest.raises(ValueError, match="distribution must be one of normal, triangular, uniform"):
        Distribution(kind="gamma")


def test_the_loader_keeps_the_names_it_used_to_hold() -> None:
    from cpg_score.io import loader, results, source

    assert (source.read_source, results.load_results) == (loader.read_source, loader.load_results)


@pytest.mark.parametrize("name", [name for name, _ in READERS])
def test_a_reader_from_cpg_score_simulate_warns_and_names_its_new_place(name: str) -> None:
    import cpg_score.simulate

    with pytest.warns(DeprecationWarning, match=f"cpg_score.io.{name}"):
        found = getattr(cpg_score.simulate, name)
    assert getattr(cpg_score.io, name) is found


def test_an_unknown_name_of_cpg_score_simulate_is_an_attribute_error() -> None:
    import cpg_score.simulate

    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        cpg_score.simulate.nothing  # noqa: B018
