"""`list_shipped` and `cpg-score examples`: every shipped file, by kind."""

from __future__ import annotations

import pytest

from cpg_score.cli import main
from cpg_score.io import file_kind, find_example, list_examples
from cpg_score.io.examples import data_dir, list_shipped
from cpg_score.io.kind import FileKind


def test_every_shipped_yaml_file_is_listed_with_its_kind() -> None:
    expected = {p.resolve(): file_kind(p) for p in data_dir().rglob("*.yaml")}
    actual = {f.path.resolve(): f.kind for f in list_shipped()}
    assert {p: k for p, k in expected.items() if k is not FileKind.UNKNOWN} == actual


def test_shipped_files_are_sorted_by_kind_then_name() -> None:
    order = list(FileKind)
    files = list_shipped()
    assert sorted(files, key=lambda f: (order.index(f.kind), f.name)) == files


def test_a_grid_is_listed_under_its_own_id() -> None:
    grids = {f.name: f.grid for f in list_shipped() if f.kind is FileKind.GRID}
    assert "cpg-2019-drsm" == grids["cpg-2019-drsm"]


def test_results_name_their_grid() -> None:
    results = {f.name: f.grid for f in list_shipped() if f.kind is FileKind.RESULTS}
    assert "cpg-2019-drsm" == results["results/2019/drsm-aquitaine"]


def test_examples_groups_the_files_by_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["examples", "--lang", "en"])
    out = capsys.readouterr().out
    assert out.index("Grids:") < out.index("Results") < out.index("What-if scenarios")


def test_examples_names_results_as_score_example_takes_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["examples", "--kind", "results"])
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:] if line.strip()]
    assert names
    for name in names:
        assert name == find_example(name).name


def test_examples_kind_lists_only_that_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["examples", "--lang", "en", "--kind", "grid"])
    out = capsys.readouterr().out
    assert ["Grids:"] == [line for line in out.splitlines() if line.endswith(":") or "(" in line[:2]]


def test_examples_rejects_an_unknown_kind(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["examples", "--kind", "nothing"])
    assert 2 == exited.value.code


def test_an_example_named_with_its_year_is_not_named_twice() -> None:
    names = {e.name for e in list_examples()}
    assert "famille-caf-2017" in names
    assert not any(name.endswith("-2017-2017") for name in names)
