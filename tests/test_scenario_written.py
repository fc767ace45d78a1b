"""Scenario overrides written as results files write them: words, dates, counts, refusals."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from cpg_score import load_grid, load_results, score
from cpg_score.errors import ProblemCode, ScenarioError
from cpg_score.io import dump_scenario, load_scenario
from cpg_score.simulate import apply_scenario, compare

from .test_consolidate_written import GRID

BINARY = GRID.replace(
    "          - id: cnt\n",
    "          - id: bin\n            label: Yes/no\n            rule: {type: binary}\n          - id: cnt\n",
)
BASE = "entity: x\ngrid: g\nperiod: 2017\nresults:\n  del: 2017-08-12\n  bin: oui\n  cnt: {counts: {A: 2, C: 1}}\n"


def _scenario(overrides: str) -> object:
    return load_scenario(f"label: S\noverrides:\n{overrides}", load_grid(BINARY))


def _problems(overrides: str) -> list[tuple[int | None, str, str, ProblemCode]]:
    with pytest.raises(ScenarioError) as caught:
        _scenario(overrides)
    return [(p.line, p.path, p.message, p.code) for p in caught.value.problems]


def test_a_yes_no_word_is_read_by_the_binary_rule() -> None:
    assert (("bin", Decimal(0)),) == _scenario("  bin: non\n").overrides  # type: ignore[attr-defined]


def test_a_date_is_read_as_months_late_exactly() -> None:
    # Due 30 June, delivered 15 July: 15 days of a 31-day month.
    assert (("del", Fraction(15, 31)),) == _scenario('  del: "2017-07-15"\n').overrides  # type: ignore[attr-defined]


def test_counts_are_read_as_their_weighted_score() -> None:
    assert (("cnt", Decimal(12)),) == _scenario("  cnt: {counts: {D: 3}}\n").overrides  # type: ignore[attr-defined]


def test_a_refusal_is_read_as_in_results() -> None:
    assert (("cnt", Decimal(-1)),) == _scenario("  cnt: refus\n").overrides  # type: ignore[attr-defined]


def test_a_number_is_still_a_number() -> None:
    assert (("del", Decimal(3)),) == _scenario("  del: 3\n").overrides  # type: ignore[attr-defined]


def test_the_overrides_are_scored_as_the_same_results_would_be() -> None:
    grid = load_grid(BINARY)
    base = load_results(BASE, grid)
    scenario = _scenario('  bin: non\n  del: "2017-07-15"\n  cnt: {counts: {D: 3}}\n')
    same = load_results(
        BASE.replace("oui", "non").replace("08-12", "07-15").replace("A: 2, C: 1", "D: 3"), grid
    )
    card = compare(grid, base, [scenario]).scenarios[0][1]  # type: ignore[list-item]
    expected = score(grid, same)
    rates = [(i.id, i.rate) for i in expected.axes[0].objectives[0].indicators]
    got = [(i.id, i.rate) for i in card.axes[0].objectives[0].indicators]
    assert (expected.total.points, rates) == (card.total.points, got)


def test_a_scenario_with_a_fraction_of_a_month_dumps_and_reads_back() -> None:
    scenario = _scenario('  del: "2017-07-15"\n')
    assert scenario == load_scenario(dump_scenario(scenario), load_grid(BINARY))  # type: ignore[arg-type]


def test_an_override_may_be_a_numerator_over_a_denominator() -> None:
    assert (("del", Fraction(15, 31)),) == _scenario("  del: {numerator: 15, denominator: 31}\n").overrides  # type: ignore[attr-defined]


def test_a_bad_word_is_located_and_named() -> None:
    expected = [
        (
            3,
            "$.overrides.bin",
            "indicator 'bin': 'peut-être' is not a yes/no answer: write oui/non, yes/no, true/false or 1/0",
            ProblemCode.BAD_CHOICE,
        )
    ]
    assert expected == _problems("  bin: peut-être\n")


def test_an_impossible_date_is_located() -> None:
    found = _problems('  del: "2017-02-30"\n')
    assert [(3, "$.overrides.del")] == [(line, path) for line, path, _, _ in found]


def test_an_unknown_class_is_located_at_its_key() -> None:
    found = _problems("  cnt: {counts: {E: 3}}\n")
    assert [(3, "$.overrides.cnt.counts.E", ProblemCode.UNKNOWN_ITEM)] == [(a, b, d) for a, b, _, d in found]


def test_a_word_for_a_rule_that_reads_numbers_is_refused() -> None:
    grid_text = BINARY.replace("rule: {type: binary}", "rule: {type: linear, floor: 0, target: 1}")
    with pytest.raises(ScenarioError) as caught:
        load_scenario("label: S\noverrides:\n  bin: oui\n", load_grid(grid_text))
    assert ProblemCode.BAD_NUMBER == caught.value.problems[0].code


def test_a_written_override_needs_the_grid() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario("label: S\noverrides:\n  bin: non\n")
    problem = caught.value.problems[0]
    assert (3, "$.overrides.bin", ProblemCode.INVALID) == (problem.line, problem.path, problem.code)
    assert problem.message.startswith("override 'bin' is written 'non': it is read by its indicator's rule")


def test_a_refused_count_scores_zero_in_a_scenario() -> None:
    grid = load_grid(BINARY)
    applied = apply_scenario(load_results(BASE, grid), _scenario("  cnt: refus\n"))  # type: ignore[arg-type]
    assert Decimal(-1) == applied.get("cnt").value  # type: ignore[union-attr]
