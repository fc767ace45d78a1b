"""Problems are reported at the key that holds them, with the value as written: a piecewise cap,
a variant id used twice, a profit-sharing split or theme; dates are read the same way in a grid
and in results, up to the calendar's last day; variant points are written as an objective's;
a yes/no rule without a threshold takes only 1 and 0 when asked to read a number."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest

from cpg_score import GridError, ProblemCode, load_grid, load_results, score
from cpg_score.errors import ProfitSharingError
from cpg_score.io import load_profit_sharing
from cpg_score.model.rules import BinaryRule
from cpg_score.model.rules.binary import read_yes_no
from cpg_score.model.rules.count import CountRule, read_counts
from cpg_score.model.rules.delay import DelayRule, months_late, read_delivery
from cpg_score.model.rules.registry import ResultReading, ResultText, WrittenResultError
from cpg_score.model.rules.steps import Step, StepsRule

ONE_INDICATOR = """id: g
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
          - id: i1
            label: I1
            unit: {unit}
            rule: {rule}
"""

VARIANTS = """id: g
label: G
period: 2017
total_points: 100
variants:
  - {{id: melun, points: {{o1: {first}, o2: {second}}}}}
axes:
  - id: a
    label: A
    objectives:
      - {{id: o1, label: O1, points: 60}}
      - {{id: o2, label: O2, points: 40}}
"""

SHARE = """year: 2017
envelope: 1000
fte: 10
{body}
"""


def _grid_problems(text: str) -> list[tuple[str, str, ProblemCode]]:
    with pytest.raises(GridError) as caught:
        load_grid(text)
    return [(p.path, p.message, p.code) for p in caught.value.problems]


def _share_problems(body: str) -> list[tuple[str, str]]:
    with pytest.raises(ProfitSharingError) as caught:
        load_profit_sharing(SHARE.format(body=body))
    return [(p.path, p.message) for p in caught.value.problems]


def _rule(rule: str, unit: str = "share") -> str:
    return ONE_INDICATOR.format(rule=rule, unit=unit)


def test_a_piecewise_cap_below_the_last_rate_is_reported_at_cap() -> None:
    rule = (
        '{type: piecewise, above: extend, cap: "90 %", '
        'points: [{value: "75 %", rate: "50 %"}, {value: "85 %", rate: "100 %"}]}'
    )
    [(path, _, _)] = _grid_problems(_rule(rule))
    assert "$.axes[0].objectives[0].indicators[0].rule.cap" == path


def test_a_piecewise_below_above_the_first_rate_is_reported_at_below() -> None:
    rule = '{type: piecewise, below: "60 %", points: [{value: "75 %", rate: "50 %"}, {value: "85 %", rate: "1"}]}'
    [(path, _, _)] = _grid_problems(_rule(rule))
    assert "$.axes[0].objectives[0].indicators[0].rule.below" == path


def test_a_variant_id_used_twice_is_a_duplicate_id_at_its_id() -> None:
    text = VARIANTS.format(first=60, second=40).replace(
        "variants:\n", "variants:\n  - {id: melun, points: {o1: 50, o2: 50}}\n"
    )
    assert [
        ("$.variants[1].id", "variant id 'melun' is used twice", ProblemCode.DUPLICATE_ID)
    ] == _grid_problems(text)


def test_variant_points_may_be_fractions() -> None:
    grid = load_grid(VARIANTS.format(first='"1/3"', second='"299/3"'))
    assert (("o1", Fraction(1, 3)), ("o2", Fraction(299, 3))) == grid.variants[0].points


def test_variant_points_may_be_percents_of_the_total() -> None:
    grid = load_grid(VARIANTS.format(first='"40 %"', second='"60 %"'))
    assert [40, 60] == [int(points) for _, points in grid.variants[0].points]


def test_a_split_that_does_not_add_up_is_reported_at_split_as_written() -> None:
    problems = _share_problems(
        "split: {national: 40 %, local: 70 %}\nnational: {rate: 100 %}\nlocal: {rate: 1}"
    )
    assert [("$.split", "split must add up to 100 %, got 40 % + 70 % (national + local)")] == problems


def test_a_theme_without_a_rate_is_named_at_its_weight() -> None:
    body = "national:\n  weights: {qualite: 30, risque: 70}\n  rates: {qualite: 90 %}"
    [(path, message)] = _share_problems(body)
    assert ("$.national.weights.risque", True) == (
        path,
        message.startswith("national theme 'risque' has a weight but no rate"),
    )


def test_a_theme_without_a_weight_is_named_at_its_rate() -> None:
    body = "national:\n  weights: {qualite: 30}\n  rates: {qualite: 90 %, autre: 50 %}"
    [(path, message)] = _share_problems(body)
    assert ("$.national.rates.autre", True) == (
        path,
        message.startswith("national theme 'autre' has a rate but no weight"),
    )


def test_an_impossible_due_date_is_out_of_range_as_in_results() -> None:
    [(_, message, code)] = _grid_problems(_rule('{type: delay, due: "2017-02-30", step: "10 %"}', "number"))
    assert ("'2017-02-30' is not a date: month 2 of 2017 has 28 days", ProblemCode.OUT_OF_RANGE) == (
        message,
        code,
    )


def test_a_due_date_that_is_no_date_is_a_bad_number() -> None:
    [(_, _, code)] = _grid_problems(_rule('{type: delay, due: "20170630", step: "10 %"}', "number"))
    assert ProblemCode.BAD_NUMBER == code


def test_a_delivery_with_a_time_of_day_says_a_date_was_expected() -> None:
    rule = DelayRule(due=datetime.date(2017, 6, 30), step=Fraction(1, 10))  # type: ignore[arg-type]
    with pytest.raises(WrittenResultError) as caught:
        read_delivery(rule, ResultText(text="2017-08-12 10:00:00"))
    expected = "'2017-08-12 10:00:00' is not a date: it has a time of day; write the day alone, 2017-08-12"
    assert (expected, ProblemCode.OUT_OF_RANGE) == (str(caught.value), caught.value.code)


def test_a_delivery_in_the_last_month_of_the_calendar_is_counted() -> None:
    assert Fraction(5, 31) == months_late(datetime.date(9999, 12, 15), datetime.date(9999, 12, 20))


def test_a_delivery_on_the_calendar_s_last_day_is_scored() -> None:
    grid = load_grid(_rule('{type: delay, due: "2017-06-30", step: "10 %"}', "number"))
    results = load_results('grid: g\nentity: e\nperiod: 2017\nresults:\n  i1: "9999-12-31"\n', grid)
    assert 0 == score(grid, results).total.points


def test_a_yes_no_rule_takes_1_as_a_number() -> None:
    assert ResultReading(value=1) == read_yes_no(BinaryRule(), ResultText(text="1", kind="number"))  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["0.5", "100 %", "2"])
def test_a_yes_no_rule_refuses_another_number(text: str) -> None:
    with pytest.raises(WrittenResultError) as caught:
        read_yes_no(BinaryRule(), ResultText(text=text, kind="number"))
    assert f"{text!r} is not a yes/no answer: write oui/non, yes/no, true/false or 1/0" == str(caught.value)


def test_a_binary_rule_with_a_threshold_leaves_numbers_to_the_reader() -> None:
    rule = BinaryRule(threshold=Fraction(3, 4))  # type: ignore[arg-type]
    assert read_yes_no(rule, ResultText(text="0.5", kind="number")) is None


def test_delay_and_count_rules_leave_numbers_to_the_reader() -> None:
    delay = DelayRule(due=datetime.date(2017, 6, 30), step=Fraction(1, 10))  # type: ignore[arg-type]
    notes = StepsRule(steps=(Step(27, Fraction(2, 5)), Step(7, 1)), direction="lower")  # type: ignore[arg-type]
    count = CountRule(weights={"A": 1}, rule=notes)
    number = ResultText(text="3", kind="number")
    assert (None, None) == (read_delivery(delay, number), read_counts(count, number))
