"""The constructors of the delay, count and piecewise rules check their arguments: a float is a
`TypeError` naming the argument, a mapping is read (count weights) or refused (piecewise points)
explicitly, never unpacked by accident."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from cpg_score.model.rules.count import CountRule
from cpg_score.model.rules.delay import DelayRule
from cpg_score.model.rules.piecewise import PiecewisePoint, PiecewiseRule
from cpg_score.model.rules.relative import BaselineChange, RelativeRule
from cpg_score.model.rules.steps import Step, StepsRule

NOTES = StepsRule(steps=(Step(Decimal(27), Decimal("0.4")), Step(Decimal(7), Decimal(1))), direction="lower")
DUE = datetime.date(2017, 6, 30)


def _message(build: object) -> tuple[type[BaseException], str]:
    assert callable(build)
    with pytest.raises((TypeError, ValueError)) as caught:
        build()
    return caught.type, str(caught.value)


def test_a_float_step_is_a_type_error_naming_step() -> None:
    kind, message = _message(lambda: DelayRule(due=DUE, step=0.1))
    assert (TypeError, True) == (kind, message.startswith("step must be an exact number"))


def test_count_weights_may_be_a_mapping() -> None:
    rule = CountRule(weights={"A": Decimal(1), "D": Decimal(4)}, rule=NOTES)
    assert (("A", Decimal(1)), ("D", Decimal(4))) == rule.weights


def test_a_float_count_weight_is_a_type_error_naming_its_class() -> None:
    kind, message = _message(lambda: CountRule(weights=(("A", 1.5),), rule=NOTES))
    assert (TypeError, True) == (kind, message.startswith("the weight of class 'A' must be an exact number"))


def test_count_weights_that_are_no_pairs_are_a_type_error() -> None:
    assert (TypeError, "weights must be pairs (class, weight), got str 'B'") == _message(
        lambda: CountRule(weights=(("A", Decimal(1)), "B"), rule=NOTES)
    )


def test_count_weights_that_are_a_number_are_a_type_error() -> None:
    assert (TypeError, "weights must be a mapping or pairs (class, weight), got int 3") == _message(
        lambda: CountRule(weights=3, rule=NOTES)
    )


def test_piecewise_points_as_a_mapping_are_refused_not_read_as_keys() -> None:
    assert (TypeError, "points must be a sequence of PiecewisePoint, got dict {'a': 1}") == _message(
        lambda: PiecewiseRule(points={"a": 1})
    )


def test_piecewise_points_as_tuples_are_refused() -> None:
    kind, message = _message(lambda: PiecewiseRule(points=[(0, 0), (1, 1)]))
    assert (TypeError, "points must be a sequence of PiecewisePoint, got tuple (0, 0)") == (kind, message)


def test_a_float_piecewise_rate_is_a_type_error_naming_rate() -> None:
    kind, message = _message(lambda: PiecewisePoint(Decimal(1), 0.5))
    assert (TypeError, True) == (kind, message.startswith("rate must be an exact number"))


def test_a_float_relative_change_is_a_type_error_naming_change() -> None:
    kind, message = _message(lambda: BaselineChange(0.05))
    assert (TypeError, True) == (kind, message.startswith("change must be an exact number"))


def test_a_relative_rule_with_the_baseline_as_both_bounds_is_refused() -> None:
    kind, message = _message(lambda: RelativeRule(floor=BaselineChange(), target=BaselineChange()))
    assert (ValueError, True) == (
        kind,
        message.startswith("floor must differ from target: both are the baseline"),
    )


def test_a_relative_rule_with_the_same_change_twice_in_two_forms_is_refused() -> None:
    floor = BaselineChange()
    target = BaselineChange(Decimal(0), "relative")
    kind, _ = _message(lambda: RelativeRule(floor=floor, target=target))
    assert kind is ValueError


def test_a_relative_rule_with_different_changes_is_built() -> None:
    rule = RelativeRule(floor=BaselineChange(), target=BaselineChange(Decimal("0.02"), "relative"))
    assert rule.needs_baseline
