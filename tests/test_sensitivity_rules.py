"""A sensitivity row names its lever's rule by the rule's `type`."""

from __future__ import annotations

from cpg_score import Grid, load_results
from cpg_score.simulate import sensitivity

from .conftest import RESULTS_2019

BASE = RESULTS_2019 / "drsm-centre-ouest.yaml"


def test_each_row_names_its_rule_type(grid_2019: Grid) -> None:
    table = sensitivity(grid_2019, load_results(BASE, grid_2019))
    expected = [row.lever.rule.type for row in table.rows]
    assert expected == [row.to_dict()["rule"] for row in table.rows]
