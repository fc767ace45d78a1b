"""The `delay` rule: « – 20 % par mois de retard » against a due date (CNAMTS annex 2017)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpg_score import GridError, ResultsError, load_grid, load_results, score
from cpg_score.io import dump_grid
from cpg_score.model.rules import DelayRule, MonthCount, months_late
from cpg_score.model.rules.delay import parse_date
from cpg_score.simulate import Distribution, Spec, plan, sensitivity, simulate

from .strategies import delay_rules

D = datetime.date
DUE = D(2017, 10, 31)  # « Ouverture du e-coaching Dos : 31 octobre 2017 »
TWENTY = Decimal("0.2")  # « – 20 % par mois de retard »


def _rule(months: MonthCount, step: Decimal = TWENTY, due: datetime.date = DUE) -> DelayRule:
    return DelayRule(due=due, step=step, months=months)


GRID = """
id: cnamts-delay
label: Délais
period: 2017
total_points: 150
axes:
  - id: gdr
    label: Gestion du risque
    objectives:
      - id: e-coaching
        label: Ouverture du e-coaching Dos
        points: 100
        indicators:
          - id: e-coaching-dos
            label: Ouverture du e-coaching Dos
            unit: number
            rule: {type: delay, due: "31/10/2017", step: "20 %", months: MONTHS}
      - id: pap
        label: Déploiement du Plan d'accompagnement personnalisé
        points: 50
        indicators:
          - id: pap-30
            label: Lancement dans 30 départements avant fin juin 2017
            unit: number
            rule: {type: delay, due: "2017-06-30", step: "10 %"}
"""

RESULTS = """
entity: {id: cnamts, label: CNAMTS}
grid: cnamts-delay
period: 2017
results:
  e-coaching-dos: DELIVERED
  pap-30: 2017-07-01
"""


def _pair(months: str = "started", delivered: str = "15/12/2017") -> tuple[object, object]:
    grid = load_grid(GRID.replace("MONTHS", months))
    return grid, load_results(RESULTS.replace("DELIVERED", delivered), grid)


# -- golden examples from the text ----------------------------------------------------------------


def test_a_month_and_a_half_late_is_two_months_begun() -> None:
    assert Fraction(3, 5) == _rule(MonthCount.STARTED).achievement(months_late(DUE, D(2017, 12, 15)))


def test_a_month_and_a_half_late_is_one_whole_month() -> None:
    assert Fraction(4, 5) == _rule(MonthCount.WHOLE).achievement(months_late(DUE, D(2017, 12, 15)))


def test_a_month_and_a_half_late_counts_pro_rata() -> None:
    # 1 + 15/31 months: 1 - 0.2 x 46/31
    assert 1 - Fraction(1, 5) * Fraction(46, 31) == _rule(MonthCount.PRORATA).achievement(Fraction(46, 31))


def test_fifteen_days_of_december_are_fifteen_thirty_firsts() -> None:
    assert Fraction(46, 31) == months_late(DUE, D(2017, 12, 15))


def test_a_delivery_on_the_due_date_is_on_time() -> None:
    assert Fraction(0) == months_late(DUE, DUE)


def test_a_delivery_before_the_due_date_is_on_time() -> None:
    assert Fraction(0) == months_late(DUE, D(2017, 9, 1))


def test_the_end_of_a_month_moves_to_the_end_of_the_next() -> None:
    # Due « fin juin » (30 June): the first month late ends on 31 July, not on 30 July.
    assert Fraction(1) == months_late(D(2017, 6, 30), D(2017, 7, 31))


def test_the_end_of_february_moves_to_the_end_of_march() -> None:
    assert Fraction(28, 31) == months_late(D(2001, 2, 28), D(2001, 3, 28))


def test_a_day_late_at_the_end_of_june_is_one_day_of_july() -> None:
    assert Fraction(1, 31) == months_late(D(2017, 6, 30), D(2017, 7, 1))


def test_a_mid_month_due_date_counts_to_the_same_day() -> None:
    assert Fraction(2) == months_late(D(2017, 1, 15), D(2017, 3, 15))


def test_a_day_begun_late_costs_a_whole_step() -> None:
    assert Fraction(9, 10) == _rule(MonthCount.STARTED, Decimal("0.1")).achievement(Fraction(1, 31))


def test_the_rate_is_floored_at_zero() -> None:
    assert Fraction(0) == _rule(MonthCount.STARTED).achievement(Decimal(7))


def test_a_negative_number_of_months_is_on_time() -> None:
    assert Fraction(1) == _rule(MonthCount.WHOLE).achievement(Decimal(-2))


# -- dates -------------------------------------------------------------------------------------------


def test_a_date_is_read_iso() -> None:
    assert D(2017, 12, 15) == parse_date("2017-12-15")


def test_a_date_is_read_day_first() -> None:
    assert D(2017, 12, 15) == parse_date("15/12/2017")


def test_an_impossible_date_names_the_days_of_its_month() -> None:
    with pytest.raises(ValueError, match="'2017-02-30' is not a date: month 2 of 2017 has 28 days"):
        parse_date("2017-02-30")


def test_a_text_that_is_no_date_says_how_to_write_one() -> None:
    with pytest.raises(ValueError, match="a date is written 2017-10-31 or 31/10/2017, got 'soon'"):
        parse_date("soon")


# -- reading, scoring, writing ------------------------------------------------------------------


def test_a_delivery_date_is_read_as_exact_months_late() -> None:
    _, results = _pair()
    value = results.get("e-coaching-dos")
    assert (Decimal(46), Decimal(31), "15/12/2017") == (value.numerator, value.denominator, value.written)


def test_a_whole_number_of_months_is_a_value() -> None:
    _, results = _pair(delivered="2017-11-30")
    assert Decimal(1) == results.get("e-coaching-dos").value


def test_a_number_of_months_late_is_read_as_written() -> None:
    _, results = _pair(delivered="1.5")
    assert (Decimal("1.5"), "") == (
        results.get("e-coaching-dos").value,
        results.get("e-coaching-dos").written,
    )


@pytest.mark.parametrize(
    ("months", "expected"),
    [("started", Fraction(60)), ("whole", Fraction(80)), ("prorata", 100 * (1 - Fraction(46, 155)))],
)
def test_the_scorecard_counts_the_months_as_the_rule_says(months: str, expected: Fraction) -> None:
    grid, results = _pair(months)
    card = score(grid, results)  # type: ignore[arg-type]
    assert expected == card.axes[0].objectives[0].points


def test_one_day_late_at_the_end_of_june_takes_ten_percent() -> None:
    grid, results = _pair()
    card = score(grid, results)  # type: ignore[arg-type]
    assert Fraction(45) == card.axes[0].objectives[1].points


def test_the_rule_is_written_back_as_read() -> None:
    grid = load_grid(GRID.replace("MONTHS", "prorata"))
    assert grid == load_grid(dump_grid(grid))


def test_an_impossible_delivery_date_is_located() -> None:
    grid = load_grid(GRID.replace("MONTHS", "started"))
    with pytest.raises(ResultsError) as caught:
        load_results(RESULTS.replace("DELIVERED", "2017-02-30"), grid)
    problem = caught.value.problems[0]
    expected = (
        "indicator 'e-coaching-dos': '2017-02-30' is not a date: month 2 of 2017 has 28 days",
        "$.results.e-coaching-dos",
        6,
    )
    assert expected == (problem.message, problem.path, problem.line)


def test_a_delay_rule_needs_months_late_as_its_unit() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(GRID.replace("MONTHS", "started").replace("            unit: number\n", "", 1))
    expected = "a 'delay' rule scores results in number: give its indicator unit: number (got share)"
    assert expected == caught.value.problems[0].message


def test_a_bad_due_date_is_located() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(GRID.replace("MONTHS", "started").replace("31/10/2017", "31/11/2017"))
    problem = caught.value.problems[0]
    expected = (
        "'31/11/2017' is not a date: month 11 of 2017 has 30 days",
        "$.axes[0].objectives[0].indicators[0].rule.due",
    )
    assert expected == (problem.message, problem.path)


# -- breakpoints and simulators ------------------------------------------------------------------


def test_started_months_jump_just_past_each_month_until_zero() -> None:
    assert tuple(Decimal(k) for k in range(5)) == _rule(MonthCount.STARTED).breakpoints()


def test_whole_months_jump_on_each_month_until_zero_from_on_time() -> None:
    assert tuple(Decimal(k) for k in range(6)) == _rule(MonthCount.WHOLE).breakpoints()


def test_prorata_bends_on_time_and_where_the_rate_reaches_zero() -> None:
    assert (Decimal(0), Decimal(5)) == _rule(MonthCount.PRORATA).breakpoints()


def test_sensitivity_gives_the_next_month_boundary() -> None:
    grid, results = _pair("whole")
    rows = {row.lever.id: row for row in sensitivity(grid, results).rows}  # type: ignore[arg-type]
    assert Decimal(1) == rows["e-coaching-dos"].next_breakpoint


@pytest.mark.parametrize("months", ["started", "whole", "prorata"])
def test_plan_reaches_full_points_by_delivering_on_time(months: str) -> None:
    grid, results = _pair(months)
    found = plan(grid, results, target=Decimal(150))  # type: ignore[arg-type]
    assert (True, Fraction(150)) == (found.reached, found.total)


@pytest.mark.parametrize(
    ("months", "backend"), [("started", "python"), ("whole", "python"), ("prorata", "auto")]
)
def test_montecarlo_draws_months_late(months: str, backend: str) -> None:
    grid, results = _pair(months)
    months_late_drawn = Distribution(kind="uniform", low=Decimal(0), high=Decimal(3))
    spec = Spec({"e-coaching-dos": months_late_drawn}, {}, None)
    run = simulate(grid, results, spec, draws=300, seed=1, backend=backend)  # type: ignore[arg-type]
    # pap-30 is held (45 points); e-coaching earns 40 to 100 points over 0 to 3 months late.
    assert (True, True) == (Fraction(85) <= run.total.min < run.total.max, run.total.max <= Fraction(145))


# -- properties -----------------------------------------------------------------------------------


@given(delay_rules(), st.fractions(0, 30), st.fractions(0, 30))
def test_the_rate_never_rises_with_the_months_late(rule: DelayRule, a: Fraction, b: Fraction) -> None:
    low, high = sorted((a, b))
    assert rule.achievement(low) >= rule.achievement(high)


@given(delay_rules(), st.fractions(-5, 30))
def test_the_rate_lies_in_zero_one_exactly(rule: DelayRule, late: Fraction) -> None:
    rate = rule.achievement(late)
    assert (True, Fraction) == (0 <= rate <= 1, type(rate))


@given(
    st.dates(D(2000, 1, 1), D(2040, 12, 31)), st.dates(D(2000, 1, 1), D(2041, 12, 31)), st.integers(1, 400)
)
def test_months_late_grow_with_the_delivery_date(
    due: datetime.date, delivered: datetime.date, days: int
) -> None:
    later = delivered + datetime.timedelta(days=days)
    assert months_late(due, delivered) < months_late(due, later) or later <= due


@given(st.dates(D(2000, 1, 1), D(2040, 12, 31)), st.integers(0, 60))
def test_a_whole_number_of_calendar_months_is_that_many_months(due: datetime.date, k: int) -> None:
    due = due.replace(day=min(due.day, 27))  # a day every month has, never a month's last
    year, month = divmod(due.month - 1 + k, 12)
    assert Fraction(k) == months_late(due, due.replace(year=due.year + year, month=month + 1))
