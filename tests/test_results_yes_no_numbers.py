"""With its grid, a results file gives a yes/no rule without a threshold only 1, 0 or a yes/no
word, and a delivery date with a time of day is read as a date (and refused as one)."""

from __future__ import annotations

import pytest

from cpg_score import ProblemCode, ResultsError, load_grid, load_results

GRID = """id: g
label: G
period: 2017
total_points: 100
axes:
  - id: a
    label: A
    objectives:
      - id: o1
        label: O1
        points: 100
        indicators:
          - {id: bin, label: Bin, unit: share, weight: 1, rule: {type: binary}}
          - {id: del, label: Del, unit: number, weight: 1, rule: {type: delay, due: "2017-06-30", step: "10 %"}}
"""


def _problem(bin_: str, del_: str = "2017-07-01") -> tuple[str, str, ProblemCode]:
    text = f"grid: g\nentity: e\nperiod: 2017\nresults:\n  bin: {bin_}\n  del: {del_}\n"
    with pytest.raises(ResultsError) as caught:
        load_results(text, load_grid(GRID))
    [problem] = caught.value.problems
    return problem.path, problem.message, problem.code


@pytest.mark.parametrize("written", ['"0.5"', '"100 %"', "2", "{value: 0.5}"])
def test_a_yes_no_result_is_only_1_0_or_a_word(written: str) -> None:
    path, message, code = _problem(written)
    assert ("$.results.bin", ProblemCode.BAD_CHOICE) == (path.removesuffix(".value"), code)
    assert message.endswith("is not a yes/no answer: write oui/non, yes/no, true/false or 1/0")


@pytest.mark.parametrize("written", ["1", "0", "oui", "NON"])
def test_a_yes_no_result_reads_1_0_and_words(written: str) -> None:
    results = load_results(
        f"grid: g\nentity: e\nperiod: 2017\nresults:\n  bin: {written}\n  del: 1\n", load_grid(GRID)
    )
    assert results.get("bin") is not None


def test_a_delivery_with_a_time_says_a_date_was_expected() -> None:
    expected = (
        "$.results.del",
        "indicator 'del': '2017-08-12 10:00:00' is not a date: it has a time of day; write the day alone, 2017-08-12",
        ProblemCode.OUT_OF_RANGE,
    )
    assert expected == _problem("oui", "2017-08-12 10:00:00")
