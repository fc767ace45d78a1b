"""Results written as words, dates or counts: read by the indicator's rule (`RuleKind.read_result`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpg_score import ProblemCode, ResultsError, ResultValue, load_grid, load_results, score
from cpg_score.cli import main
from cpg_score.model.rules import BinaryRule
from cpg_score.model.rules.binary import NO_WORDS, YES_WORDS, read_yes_no
from cpg_score.model.rules.registry import RULES, ResultReading, ResultText, WrittenResultError

from .conftest import ROOT

GRID = (ROOT / "tests/data/invalid/rules-b-words.grid.yaml").read_text(encoding="utf-8")
ROWS = {
    "planir": "oui",
    "campagne-antibio": '"80 %"',
    "generiques": '"84 %"',
    "e-coaching": "2017-12-15",
    "comptes": "{counts: {A: 2}}",
}


def _results(**changes: str) -> str:
    rows = {**ROWS, **changes}
    lines = "".join(f"  {k}: {v}\n" for k, v in rows.items())
    return f"entity: {{id: cpam, label: CPAM}}\ngrid: rules-b\nperiod: 2017\nresults:\n{lines}"


def _value(text: str, rid: str = "planir") -> ResultValue:
    found = load_results(_results(**{rid: text}), load_grid(GRID)).get(rid)
    assert found is not None
    return found


# -- yes/no --------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["oui", "OUI", "Yes", "yes", "true", "TRUE", "1", '"1"'])
def test_a_yes_is_met(word: str) -> None:
    assert Decimal(1) == _value(word).value


@pytest.mark.parametrize("word", ["non", "Non", "no", "NO", "false", "False", "0"])
def test_a_no_is_not_met(word: str) -> None:
    assert Decimal(0) == _value(word).value


def test_the_word_is_kept_as_written() -> None:
    assert "Oui" == _value("Oui").written


def test_a_number_keeps_no_written_form() -> None:
    assert "" == _value("1").written


def test_a_word_may_be_the_value_of_a_mapping() -> None:
    found = _value("{value: non, comment: action non remontée}")
    assert (Decimal(0), "non", "action non remontée") == (found.value, found.written, found.comment)


def test_the_scorecard_scores_a_yes() -> None:
    grid = load_grid(GRID)
    card = score(grid, load_results(_results(), grid))
    assert 100 == card.axes[0].objectives[0].points


def test_a_word_for_a_threshold_says_to_write_the_measured_value() -> None:
    with pytest.raises(ResultsError) as caught:
        _value("oui", "campagne-antibio")
    assert ProblemCode.BAD_NUMBER == caught.value.problems[0].code


def test_a_word_for_a_linear_rule_names_the_indicator_and_the_word() -> None:
    with pytest.raises(ResultsError) as caught:
        _value("non", "generiques")
    expected = "indicator 'generiques' is scored by a 'linear' rule, which reads numbers: got 'non'"
    assert expected == caught.value.problems[0].message


def test_a_word_and_a_numerator_are_not_both_given() -> None:
    with pytest.raises(ResultsError) as caught:
        _value("{value: oui, numerator: 1, denominator: 2}")
    problem = caught.value.problems[0]
    expected = (
        "give a value written as a word or a date, or numerator, not both",
        "$.results.planir.numerator",
    )
    assert expected == (problem.message, problem.path)


def test_a_phrase_is_still_a_bad_number() -> None:
    with pytest.raises(ResultsError) as caught:
        _value("about 80 %", "generiques")
    assert ProblemCode.BAD_NUMBER == caught.value.problems[0].code


# -- without a grid: pending -----------------------------------------------------------------------


def test_without_a_grid_a_word_is_pending() -> None:
    found = load_results(_results()).get("planir")
    assert (True, None, "oui") == (found.pending, found.exact, found.written)  # type: ignore[union-attr]


def test_without_a_grid_counts_are_pending() -> None:
    found = load_results(_results()).get("comptes")
    assert (True, (("A", Decimal(2)),)) == (found.pending, found.counts)  # type: ignore[union-attr]


def test_a_read_result_is_not_pending() -> None:
    assert not _value("oui").pending


def test_validate_accepts_written_results_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "results.yaml"
    path.write_text(_results(), encoding="utf-8")
    assert 0 == main(["validate", str(path)])


def test_validate_reads_written_results_with_their_grid(tmp_path: Path) -> None:
    (tmp_path / "grid.yaml").write_text(GRID, encoding="utf-8")
    (tmp_path / "results.yaml").write_text(_results(planir="maybe"), encoding="utf-8")
    assert 2 == main(["validate", str(tmp_path / "grid.yaml"), str(tmp_path / "results.yaml")])


def test_a_what_if_value_drops_the_written_form() -> None:
    results = load_results(_results(), load_grid(GRID)).replace_values(planir=Decimal(0))
    found = results.get("planir")
    assert (Decimal(0), "") == (found.value, found.written)  # type: ignore[union-attr]


def test_a_result_value_may_be_built_pending() -> None:
    assert ResultValue(id="x", written="2017-12-15").pending


# -- the hook -----------------------------------------------------------------------------------------


def test_binary_registers_its_reader() -> None:
    assert read_yes_no is RULES["binary"].read_result


def test_a_rule_type_without_reader_reads_numbers_only() -> None:
    assert None is RULES["linear"].read_result


def test_the_yes_no_reader_refuses_another_word_with_its_code() -> None:
    with pytest.raises(WrittenResultError) as caught:
        read_yes_no(BinaryRule(), ResultText(text="maybe"))
    assert ProblemCode.BAD_CHOICE == caught.value.code


def test_a_reading_holds_a_value_or_a_fraction() -> None:
    with pytest.raises(ValueError, match="a reading holds a value, or a numerator and a denominator"):
        ResultReading(value=Decimal(1), numerator=Decimal(1), denominator=Decimal(2))


@given(st.sampled_from(YES_WORDS + NO_WORDS), st.randoms())
def test_any_case_of_a_yes_no_word_reads_the_same(word: str, rnd: object) -> None:
    mixed = "".join(c.upper() if rnd.random() < 0.5 else c for c in word)  # type: ignore[attr-defined]
    expected = read_yes_no(BinaryRule(), ResultText(text=word))
    assert expected == read_yes_no(BinaryRule(), ResultText(text=mixed))


# -- written results read without their grid, and written back -------------------------------------


def test_results_read_without_their_grid_are_pending() -> None:
    assert ("planir", "e-coaching", "comptes") == load_results(_results()).pending_ids


def test_scoring_pending_results_names_the_written_result() -> None:
    with pytest.raises(ResultsError) as raised:
        score(load_grid(GRID), load_results(_results()))
    assert ProblemCode.INVALID in {p.code for p in raised.value.problems}
    assert any("'planir' is written 'oui'" in p.message for p in raised.value.problems)


def test_written_results_round_trip_through_dump() -> None:
    from cpg_score import dump_results

    grid = load_grid(GRID)
    results = load_results(_results(), grid)
    again = load_results(dump_results(results), grid)
    assert [(v.id, v.written, v.counts, v.exact) for v in results.values] == [
        (v.id, v.written, v.counts, v.exact) for v in again.values
    ]
