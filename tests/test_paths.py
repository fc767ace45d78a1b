"""The JSON path of a key below another (a problem's location), shared by the readers and the engine."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cpg_score import Axis, Entity, Grid, Objective, Results, ResultsError, ResultValue, score
from cpg_score.errors import child_path

D = Decimal


def test_a_name_is_a_dotted_child() -> None:
    assert "$.results.taux-1" == child_path("$.results", "taux-1")


def test_any_other_key_is_quoted_in_brackets() -> None:
    assert "$.results['odd key']" == child_path("$.results", "odd key")


def test_the_engine_locates_a_misfit_with_the_shared_path() -> None:
    grid = Grid(
        id="g",
        label="G",
        period=2020,
        total_points=D(100),
        axes=(Axis("a", "A", (Objective(id="y", label="Y", points=D(100)),)),),
    )
    values = [ResultValue(id="y", value=D(1)), ResultValue(id="odd key", value=D(1))]
    results = Results(entity=Entity("e", "E"), grid="g", period=2020, values=values)
    with pytest.raises(ResultsError) as info:
        score(grid, results)
    assert ["$.results['odd key']"] == [p.path for p in info.value.problems]
