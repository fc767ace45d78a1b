"""The text of each rule's spreadsheet formula (`rule.spreadsheet(cell)`), its exact constants, and
the LibreOffice guard of `tests/_calc.py` (no spreadsheet engine needed here: the values are
checked by LibreOffice in tests/test_rule_formulas.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from fractions import Fraction

import pytest

from cpg_score import (
    Band,
    BandsRule,
    BaselineChange,
    BinaryRule,
    BlendRule,
    CountRule,
    DelayRule,
    ImprovementRule,
    LinearRule,
    MonthCount,
    PiecewiseAbove,
    PiecewisePoint,
    PiecewiseRule,
    RateRule,
    RelativeRule,
    ShareOfTarget,
    Step,
    StepsRule,
)
from cpg_score.model.rules import rule_spreadsheet
from cpg_score.model.rules._common import RuleBase, cell_number

from . import _calc

DUE = datetime.date(2017, 10, 31)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("0.65"), "0.65"),
        (D("0.8500"), "0.85"),
        (D("-0.05"), "(-0.05)"),
        (D("1E+3"), "1000"),
        (D("0E-7"), "0"),
        (D("1E-28"), "0.0000000000000000000000000001"),
        (Fraction(1, 8), "0.125"),
        (Fraction(1, 3), "(1/3)"),
        (Fraction(-7, 3), "(-7/3)"),
        (5, "5"),
    ],
)
def test_constants_are_written_exactly(value: D | Fraction | int, text: str) -> None:
    assert text == cell_number(value)


def test_rate_formula_clamps_the_result() -> None:
    assert "MIN(1,MAX(0,C7))" == RateRule().spreadsheet("C7")


def test_linear_formula_writes_the_span_as_one_constant() -> None:
    assert "MIN(1,MAX(0,(C7-0.65)/0.23))" == LinearRule(floor=D("0.65"), target=D("0.88")).spreadsheet("C7")


def test_linear_formula_lower_is_better_and_capped() -> None:
    rule = LinearRule(floor=D(30), target=D(10), cap=D("1.2"))
    assert "MIN(1.2,MAX(0,(C7-30)/(-20)))" == rule.spreadsheet("C7")


def test_steps_formula_nests_from_the_last_step() -> None:
    rule = StepsRule(steps=(Step(D("0.75"), D("0.4")), Step(D("0.85"), D(1))), below=D("0.1"))
    assert "IF(C7>=0.85,1,IF(C7>=0.75,0.4,0.1))" == rule.spreadsheet("C7")


def test_steps_formula_lower_is_better() -> None:
    rule = StepsRule(steps=(Step(D(20), D("0.5")), Step(D(10), D(1))), direction="lower")
    assert "IF(C7<=10,1,IF(C7<=20,0.5,0))" == rule.spreadsheet("C7")


def test_binary_formula_without_threshold_reads_one_as_met() -> None:
    assert "IF(C7>=1,1,0)" == BinaryRule().spreadsheet("C7")


def test_binary_formula_lower_is_better() -> None:
    assert "IF(C7<=0.05,1,0)" == BinaryRule(threshold=D("0.05"), direction="lower").spreadsheet("C7")


def test_bands_formula_upper_edge_is_strict() -> None:
    rule = BandsRule(bands=(Band(D("0.8"), D("0.5")), Band(D("0.9"), D(1))), edge="upper")
    assert "IF(C7>0.9,1,IF(C7>0.8,0.5,0))" == rule.spreadsheet("C7")


def test_bands_formula_points_are_exact_fractions_of_the_top() -> None:
    rule = BandsRule(bands=(Band(D(10), D(1)), Band(D(20), D(3))), points=True)
    assert "IF(C7>=20,1,IF(C7>=10,(1/3),0))" == rule.spreadsheet("C7")


def test_improvement_formula_takes_the_better_with_the_baseline_bound() -> None:
    rule = ImprovementRule(base=LinearRule(floor=D("0.70"), target=D("0.90")), baseline=D("0.60"))
    assert "MAX(MIN(1,MAX(0,(C7-0.7)/0.2)),MIN(1,MAX(0,(C7-0.6)/0.3)))" == rule.spreadsheet("C7")


def test_improvement_formula_without_baseline_is_the_base_rule() -> None:
    rule = ImprovementRule(base=LinearRule(floor=D("0.70"), target=D("0.90")))
    assert "MIN(1,MAX(0,(C7-0.7)/0.2))" == rule.spreadsheet("C7")


def _blend(baseline: D | None) -> BlendRule:
    return BlendRule(
        level=LinearRule(floor=D("0.80"), target=D("0.90")),
        progress=LinearRule(floor=D(0), target=D("0.02")),
        level_weight=D("0.6"),
        progress_weight=D("0.4"),
        baseline=baseline,
    )


def test_blend_formula_scores_progress_from_the_baseline() -> None:
    expected = "0.6*MIN(1,MAX(0,(C7-0.8)/0.1))+0.4*MIN(1,MAX(0,(C7-0.84)/0.02))"
    assert expected == _blend(D("0.84")).spreadsheet("C7")


def test_blend_formula_without_baseline_counts_level_only() -> None:
    assert "0.6*MIN(1,MAX(0,(C7-0.8)/0.1))" == _blend(None).spreadsheet("C7")


def test_piecewise_formula_interpolates_each_segment() -> None:
    rule = PiecewiseRule(points=[PiecewisePoint(D("0.80"), D("0.35")), PiecewisePoint(D("0.90"), D(1))])
    assert "IF(C7<0.8,0,IF(C7<=0.9,0.35+6.5*(C7-0.8),1))" == rule.spreadsheet("C7")


def test_piecewise_formula_extends_up_to_the_cap_lower_is_better() -> None:
    rule = PiecewiseRule(
        points=[PiecewisePoint(D(30), D("0.5")), PiecewisePoint(D(20), D(1))],
        above=PiecewiseAbove.EXTEND,
        cap=D("1.1"),
    )
    expected = "IF(C7>30,0,IF(C7>=20,0.5+(-0.05)*(C7-30),MIN(1.1,0.5+(-0.05)*(C7-30))))"
    assert expected == rule.spreadsheet("C7")


def test_relative_formula_uses_the_resolved_bounds() -> None:
    rule = RelativeRule(target=D("0.63"), floor=ShareOfTarget(D("0.9")))
    assert "MIN(1,MAX(0,(C7-0.567)/0.063))" == rule.spreadsheet("C7")


def test_relative_formula_with_a_baseline_bound_has_constants_only() -> None:
    rule = RelativeRule(floor=BaselineChange(), target=BaselineChange(D("0.1"), "relative")).bind(D(200))
    assert "MIN(1,MAX(0,(C7-200)/20))" == rule.spreadsheet("C7")


def test_relative_formula_without_its_baseline_is_none() -> None:
    assert None is RelativeRule(floor=BaselineChange(), target=D("0.9")).spreadsheet("C7")


def test_relative_threshold_formula() -> None:
    rule = RelativeRule(floor=BaselineChange(), target=D("0.9"), declared="higher").bind(D("0.92"))
    assert "IF(C7>=0.9,1,0)" == rule.spreadsheet("C7")


@pytest.mark.parametrize(
    ("months", "counted"),
    [
        (MonthCount.STARTED, "IF(C7<=0,0,ROUNDUP(C7,0))"),
        (MonthCount.WHOLE, "IF(C7<=0,0,ROUNDDOWN(C7,0))"),
        (MonthCount.PRORATA, "MAX(0,C7)"),
    ],
)
def test_delay_formula_counts_months_late(months: MonthCount, counted: str) -> None:
    rule = DelayRule(due=DUE, step=D("0.2"), months=months)
    assert f"MAX(0,1-0.2*{counted})" == rule.spreadsheet("C7")


def test_count_formula_scores_zero_on_a_refusal() -> None:
    notes = StepsRule(steps=(Step(D(27), D("0.4")), Step(D(7), D(1))), direction="lower", below=D("0.2"))
    rule = CountRule(weights={"A": D(1), "D": D(4)}, rule=notes, refusal=True)
    assert "IF(C7<0,0,IF(C7<=7,1,IF(C7<=27,0.4,0.2)))" == rule.spreadsheet("C7")


def test_a_rule_without_formula_gives_none() -> None:
    assert None is RuleBase().spreadsheet("C7")


def test_a_callers_own_rule_has_no_formula() -> None:
    assert None is rule_spreadsheet(object(), "C7")  # type: ignore[arg-type]


def test_rule_spreadsheet_gives_a_rules_formula() -> None:
    assert "IF(C7>=1,1,0)" == rule_spreadsheet(BinaryRule(), "C7")


def test_missing_soffice_skips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_calc, "SOFFICE_NAME", "no-such-soffice-here")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        _calc.require_soffice()


def test_missing_soffice_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_calc, "SOFFICE_NAME", "no-such-soffice-here")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        _calc.require_soffice()
