"""The problems of a grid's rules carry their own stable code, not the catch-all `invalid`."""

from __future__ import annotations

import pytest

from cpg_score import GridError, load_grid
from cpg_score.errors import ProblemCode

GRID = """\
id: g
label: G
period: 2019
total_points: 100
axes:
  - id: a
    label: A
    objectives:
      - id: o
        label: O
        points: 100
        indicators:
          - id: i
            label: I
            rule: RULE
"""


def _codes(rule: str) -> list[ProblemCode]:
    with pytest.raises(GridError) as caught:
        load_grid(GRID.replace("RULE", rule))
    return [p.code for p in caught.value.problems]


def test_a_key_of_another_rule_type_is_an_unknown_key() -> None:
    assert [ProblemCode.UNKNOWN_KEY] == _codes("{type: binary, threshold: 0.9, floor: 0.5}")


def test_a_missing_key_of_a_rule_type_is_a_missing_key() -> None:
    assert [ProblemCode.MISSING_KEY] == _codes("{type: linear, floor: 0.5}")


def test_a_band_giving_neither_rate_nor_points_is_a_missing_key() -> None:
    assert [ProblemCode.MISSING_KEY] == _codes("{type: bands, bands: [{from: 0}]}")


def test_a_band_giving_both_rate_and_points_is_invalid() -> None:
    assert [ProblemCode.INVALID] == _codes("{type: bands, bands: [{from: 0, rate: 1, points: 2}]}")


def test_bands_mixing_rates_and_points_are_invalid() -> None:
    assert [ProblemCode.INVALID] == _codes(
        "{type: bands, bands: [{from: 0, rate: 0.5}, {from: 1, points: 2}]}"
    )
