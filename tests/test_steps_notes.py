"""Steps written as notes out of a scale (famille annex 2017: « note de 0 à 5 » through paliers)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpg_score import GridError, load_grid
from cpg_score.io import dump_grid
from cpg_score.model.rules.steps import note_rate

GRID = """
id: famille
label: Famille
period: 2017
total_points: 100
axes:
  - id: service
    label: Service à l'allocataire
    objectives:
      - id: delais
        label: Délais
        points: 100
        indicators:
          - id: pieces-15j
            label: Taux de pièces traitées dans un délai ≤ 15 jours
            rule:
              type: steps
              out_of: 5
              steps:            # < 75 % → 0 ; ≥ 75 % < 80 % → 2 ; ≥ 80 % < 85 % → 4 ; ≥ 85 % → 5
                - {threshold: "75 %", note: 2}
                - {threshold: "80 %", note: 4}
                - {threshold: "85 %", note: 5}
          - id: anteriorite
            label: Part de l'antériorité ≥ 15 jours
            rule:
              type: steps
              direction: lower
              out_of: 5
              steps:            # > 25 % → 0 ; ≤ 25 % > 20 % → 2 ; ≤ 20 % > 15 % → 4 ; ≤ 15 % → 5
                - {threshold: "25 %", note: 2}
                - {threshold: "20 %", note: 4}
                - {threshold: "15 %", note: 5}
"""


def _rules() -> tuple[object, object]:
    grid = load_grid(GRID)
    first, second = grid.axes[0].objectives[0].indicators
    return first.rule, second.rule


@pytest.mark.parametrize(
    ("result", "note"),
    [("0.74", 0), ("0.75", 2), ("0.7999", 2), ("0.80", 4), ("0.849", 4), ("0.85", 5), ("1", 5)],
)
def test_pieces_in_fifteen_days_earn_the_published_note(result: str, note: int) -> None:
    rule, _ = _rules()
    assert Fraction(note, 5) == rule.achievement(Decimal(result))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("result", "note"), [("0.26", 0), ("0.25", 2), ("0.21", 2), ("0.20", 4), ("0.15", 5)]
)
def test_lower_is_better_notes_follow_the_published_steps(result: str, note: int) -> None:
    _, rule = _rules()
    assert Fraction(note, 5) == rule.achievement(Decimal(result))  # type: ignore[attr-defined]


def test_the_explanation_gives_the_note() -> None:
    rule, _ = _rules()
    assert "result 0.82 >= 0.8: note 4 / 5, rate = 0.8" == rule.explain(Decimal("0.82"))  # type: ignore[attr-defined]


def test_notes_are_written_back_as_notes() -> None:
    grid = load_grid(GRID)
    assert grid == load_grid(dump_grid(grid))


def test_a_note_above_the_scale_is_located() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(GRID.replace("note: 5}", "note: 6}", 1))
    problem = caught.value.problems[0]
    expected = (
        "a note must be between 0 and out_of (5), got 6",
        "$.axes[0].objectives[0].indicators[0].rule.steps[2].note",
    )
    assert expected == (problem.message, problem.path)


def test_a_note_without_an_exact_rate_is_refused() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(
            GRID.replace(
                "out_of: 5\n              steps:            # <",
                "out_of: 3\n              steps:            # <",
            )
        )
    assert "note 2 / 3 is no exact decimal rate: write the steps as rates" == caught.value.problems[0].message


def test_steps_on_a_scale_take_notes_not_rates() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(GRID.replace('{threshold: "75 %", note: 2}', '{threshold: "75 %", rate: "40 %"}'))
    expected = ["missing required key 'note'", "unknown key 'rate'; expected one of threshold, note"]
    assert expected == [p.message for p in caught.value.problems]


@given(st.integers(0, 20), st.sampled_from([Decimal(4), Decimal(5), Decimal(10), Decimal(20)]))
def test_a_note_rate_is_the_exact_quotient(note: int, out_of: Decimal) -> None:
    value = Decimal(note) / 4
    if value > out_of:
        return
    assert Fraction(value) / Fraction(out_of) == Fraction(note_rate(value, out_of))
