"""The `count` rule: steps on a weighted count of observations (famille annex 2017, « Validation
des comptes locaux »: A=1, B=2, C=3, D=4 points; ≤ 7 → 5 ... > 27 → 1; « Refus de validation » → 0)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpg_score import GridError, ResultsError, Step, StepsRule, load_grid, load_results, score
from cpg_score.io import dump_grid
from cpg_score.model.rules import CountRule
from cpg_score.simulate import Distribution, Spec, plan, sensitivity, simulate

from .strategies import count_rules

NOTES = StepsRule(
    steps=[
        Step(Decimal(27), Decimal("0.4")),  # > 22 et ≤ 27 → 2
        Step(Decimal(22), Decimal("0.6")),  # > 17 et ≤ 22 → 3
        Step(Decimal(17), Decimal("0.8")),  # > 7 et ≤ 17 → 4
        Step(Decimal(7), Decimal(1)),  # ≥ 0 et ≤ 7 → 5
    ],
    direction="lower",
    below=Decimal("0.2"),  # > 27 → 1
)
WEIGHTS = (("A", Decimal(1)), ("B", Decimal(2)), ("C", Decimal(3)), ("D", Decimal(4)))
RULE = CountRule(weights=WEIGHTS, rule=NOTES, refusal=True)

GRID = """
id: caf-comptes
label: Validation des comptes
period: 2017
total_points: 100
axes:
  - id: mr
    label: Maîtrise des risques et lutte contre la fraude
    objectives:
      - id: comptes
        label: Validation des comptes locaux
        points: 100
        indicators:
          - id: validation
            label: Validation des comptes locaux
            unit: count
            rule:
              type: count
              weights: {A: 1, B: 2, C: 3, D: 4}
              refusal: true
              rule:
                type: steps
                direction: lower
                below: "20 %"
                steps:
                  - {threshold: 27, rate: "40 %"}
                  - {threshold: 22, rate: "60 %"}
                  - {threshold: 17, rate: "80 %"}
                  - {threshold: 7, rate: "100 %"}
"""

RESULTS = """
entity: {id: caf, label: CAF}
grid: caf-comptes
period: 2017
results:
  validation: RESULT
"""


def _load(result: str, grid_text: str = GRID) -> tuple[object, object]:
    grid = load_grid(grid_text)
    return grid, load_results(RESULTS.replace("RESULT", result), grid)


def _problem(result: str, grid_text: str = GRID) -> tuple[str, str, int | None]:
    with pytest.raises(ResultsError) as caught:
        _load(result, grid_text)
    problem = caught.value.problems[0]
    return problem.message, problem.path, problem.line


# -- golden examples from the text ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "note"),
    [
        ({"A": 2, "C": 1}, 5),  # 5 points: « ≥ 0 et ≤ 7 » → 5
        ({"C": 2, "A": 1}, 5),  # 7: on the edge, still 5
        ({"D": 2}, 4),  # 8: « > 7 et ≤ 17 » → 4
        ({"B": 3, "D": 3}, 3),  # 18: « > 17 et ≤ 22 » → 3
        ({"D": 6, "C": 1}, 2),  # 27: « > 22 et ≤ 27 » → 2
        ({"D": 7}, 1),  # 28: « > 27 » → 1
        ({}, 5),  # « Validation sans restriction »: no observation
    ],
)
def test_counts_map_to_the_published_note(counts: dict[str, int], note: int) -> None:
    score_ = RULE.score({k: Decimal(v) for k, v in counts.items()})
    assert Fraction(note, 5) == RULE.achievement(score_)


def test_a_refusal_scores_zero() -> None:
    assert Fraction(0) == RULE.achievement(Decimal(-1))


def test_the_score_is_the_exact_weighted_sum() -> None:
    rule = CountRule(weights=(("A", Decimal("0.5")), ("B", Decimal(3))), rule=NOTES)
    assert Fraction(19, 2) == rule.score({"A": Decimal(1), "B": Decimal(3)})


# -- reading ---------------------------------------------------------------------------------------


def test_counts_are_read_as_their_weighted_score() -> None:
    _, results = _load("{counts: {A: 2, C: 1}}")
    value = results.get("validation")  # type: ignore[attr-defined]
    assert (Decimal(5), (("A", Decimal(2)), ("C", Decimal(1)))) == (value.value, value.counts)


def test_the_score_may_be_given_directly() -> None:
    _, results = _load("18")
    assert Decimal(18) == results.get("validation").value  # type: ignore[attr-defined]


def test_a_refusal_is_read_as_minus_one_and_kept_as_written() -> None:
    _, results = _load("Refus")
    value = results.get("validation")  # type: ignore[attr-defined]
    assert (Decimal(-1), "Refus") == (value.value, value.written)


def test_the_scorecard_gives_the_note_as_a_rate() -> None:
    grid, results = _load("{counts: {B: 3, D: 3}, comment: rapport du 12 mars}")
    assert Fraction(60) == score(grid, results).total.points  # type: ignore[arg-type]


def test_a_refusal_earns_no_point() -> None:
    grid, results = _load("refus")
    assert Fraction(0) == score(grid, results).total.points  # type: ignore[arg-type]


def test_an_unknown_class_is_located_at_its_key() -> None:
    expected = (
        "indicator 'validation': no class 'E' in the rule's weights (A, B, C, D)",
        "$.results.validation.counts.E",
        6,
    )
    assert expected == _problem("{counts: {A: 1, E: 2}}")


def test_a_refusal_needs_the_rule_to_declare_it() -> None:
    expected = (
        "indicator 'validation': 'refus': this rule declares no refusal (add refusal: true to the grid's rule)",
        "$.results.validation",
        6,
    )
    assert expected == _problem("refus", GRID.replace("refusal: true", "refusal: false"))


def test_another_word_is_no_count() -> None:
    message, _, _ = _problem("beaucoup")
    expected = "indicator 'validation': 'beaucoup' is not a count: write {counts: {A: 2, C: 1}} or the weighted score, or refus"
    assert expected == message


def test_a_count_is_a_whole_number() -> None:
    expected = ("a count is a whole number, got 1.5", "$.results.validation.counts.A", 6)
    assert expected == _problem("{counts: {A: 1.5}}")


def test_a_count_is_not_negative() -> None:
    message, path, _ = _problem("{counts: {A: -1}}")
    assert ("a value in count must be >= 0, got -1", "$.results.validation.counts.A") == (message, path)


def test_counts_and_a_value_are_not_both_given() -> None:
    message, path, _ = _problem("{counts: {A: 1}, value: 3}")
    assert ("give counts, or value, not both", "$.results.validation.value") == (message, path)


LINEAR = """
id: caf-comptes
label: G
period: 2017
total_points: 100
axes:
  - id: a
    label: A
    objectives:
      - id: comptes
        label: C
        points: 100
        indicators:
          - id: validation
            label: V
            rule: {type: linear, floor: "50 %", target: "90 %"}
"""


def test_counts_for_a_rule_reading_numbers_name_the_indicator() -> None:
    message, _, _ = _problem("{counts: {A: 1}}", LINEAR)
    assert "indicator 'validation' is scored by a 'linear' rule, which reads numbers: got counts" == message


def test_a_count_rule_needs_a_count_unit() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(GRID.replace("            unit: count\n", "", 1))
    expected = "a 'count' rule scores results in count or number: give its indicator unit: count (got share)"
    assert expected == caught.value.problems[0].message


def test_an_unknown_weight_name_is_refused() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(GRID.replace("{A: 1, B: 2", "{'A b': 1, B: 2"))
    assert "a name is letters, digits, '.', '_' or '-', got 'A b'" == caught.value.problems[0].message


def test_a_weight_must_be_positive() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(GRID.replace("D: 4}", "D: 0}"))
    assert "the weight of class 'D' must be > 0, got 0" == caught.value.problems[0].message


def test_the_rule_is_written_back_as_read() -> None:
    grid = load_grid(GRID)
    assert grid == load_grid(dump_grid(grid))


# -- simulators ------------------------------------------------------------------------------------


def test_sensitivity_names_the_next_step_of_the_base_rule() -> None:
    grid, results = _load("{counts: {B: 3, D: 3}}")
    row = sensitivity(grid, results).rows[0]  # type: ignore[arg-type]
    assert (Decimal(17), "count") == (row.next_breakpoint, row.to_dict()["rule"])


def test_plan_lowers_the_count_to_the_note_it_needs() -> None:
    grid, results = _load("{counts: {B: 3, D: 3}}")
    found = plan(grid, results, target=Decimal(80))  # type: ignore[arg-type]
    assert (True, Fraction(80), Decimal(17)) == (found.reached, found.total, found.moves[0].after)


def test_montecarlo_draws_the_weighted_count() -> None:
    grid, results = _load("{counts: {B: 3, D: 3}}")
    spec = Spec({"validation": Distribution(kind="uniform", low=Decimal(0), high=Decimal(40))}, {}, None)
    run = simulate(grid, results, spec, draws=300, seed=1, backend="python")  # type: ignore[arg-type]
    assert (True, True) == (Fraction(20) <= run.total.min < run.total.max, run.total.max <= Fraction(100))


# -- properties ------------------------------------------------------------------------------------


@given(count_rules(), st.integers(0, 60), st.integers(0, 60))
def test_the_rate_moves_one_way_with_the_score(rule: CountRule, a: int, b: int) -> None:
    low, high = sorted((Decimal(a), Decimal(b)))
    rates = (rule.achievement(low), rule.achievement(high))
    assert rates[0] <= rates[1] if rule.direction.value == "higher" else rates[0] >= rates[1]


@given(count_rules(), st.fractions(-3, 60))
def test_the_rate_lies_in_zero_one_exactly(rule: CountRule, value: Fraction) -> None:
    rate = rule.achievement(value)
    assert (True, Fraction) == (0 <= rate <= 1, type(rate))


@given(count_rules(), st.data())
def test_counts_read_as_the_weighted_sum(rule: CountRule, data: st.DataObject) -> None:
    counts = {name: Decimal(data.draw(st.integers(0, 20))) for name, _ in rule.weights}
    expected = sum((Fraction(w) * Fraction(counts[n]) for n, w in rule.weights), Fraction(0))
    assert expected == rule.score(counts)
