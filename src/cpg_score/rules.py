"""Scoring rules: how an indicator's result becomes an achievement rate in [0, 1].

Each rule is a frozen value with three pure methods:

- `achievement(value)`: the exact rate for a result;
- `explain(value)`: the arithmetic, in words, so a pilot can check it by hand;
- `breakpoints()`: the results where the rule changes slope or jumps (for simulations).

Rules (the `type` key of a grid file):

| type | rate | source |
|---|---|---|
| `rate` | the result itself (already an achievement rate) | the published 2019 table |
| `linear` | clamp((R − S) / (O − S), 0, 1); S > O for lower-is-better | régime général annexes |
| `steps` | the rate of the last threshold reached ("paliers") | family-branch annex 2017 |
| `binary` | 1 when the threshold is met, else 0 | IFAQ conformity indicators |
"""

from __future__ import annotations

import enum
import itertools
from decimal import Decimal, localcontext
from typing import Any, ClassVar, Union

from attrs import field, frozen

from ._convert import to_tuple
from ._numbers import CONTEXT, round_half_up

__all__ = [
    "BinaryRule",
    "Direction",
    "LinearRule",
    "RateRule",
    "Rule",
    "Step",
    "StepsRule",
]

ZERO = Decimal(0)
ONE = Decimal(1)


class Direction(str, enum.Enum):
    """Which way is better for a result."""

    HIGHER = "higher"
    LOWER = "lower"


def _clamp(value: Decimal) -> Decimal:
    return min(max(value, ZERO), ONE)


def _share(instance: Any, attribute: Any, value: Decimal) -> None:
    if not ZERO <= value <= ONE:
        raise ValueError(f"{attribute.name} must be between 0 and 1 (0 % and 100 %), got {value}")


def _fmt(value: Decimal) -> str:
    """Show a value for a human: exact up to 6 decimals, rounded half up beyond (marked ~)."""
    if value.as_tuple().exponent >= -6:  # type: ignore[operator]
        return format(value, "f")
    return "~" + format(round_half_up(value, 6).normalize(), "f")


@frozen
class RateRule:
    """The result is the achievement rate itself (a share between 0 and 1).

    This is how the published CPG tables read: "99,24 %" is the objective's achievement.

    Examples:
        >>> RateRule().achievement(Decimal("0.9924"))
        Decimal('0.9924')
    """

    type: ClassVar[str] = "rate"

    def achievement(self, value: Decimal) -> Decimal:
        """Return the value, clamped to [0, 1]."""
        return _clamp(value)

    def explain(self, value: Decimal) -> str:
        """Describe the computation."""
        return f"rate = result = {_fmt(value)}" + (" (clamped to [0, 1])" if _clamp(value) != value else "")

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The rate rule is linear from 0 to 1."""
        return (ZERO, ONE)

    @property
    def direction(self) -> Direction:
        """Higher is better."""
        return Direction.HIGHER


@frozen
class LinearRule:
    """Linear between a floor ("seuil", rate 0) and a target ("objectif", rate 1), clamped.

    `rate = clamp((R - S) / (O - S), 0, 1)`. When the floor is above the target (a delay in
    days, say), lower results are better and the same formula applies.

    Examples:
        >>> LinearRule(floor=Decimal("0.65"), target=Decimal("0.88")).achievement(Decimal("0.7650"))
        Decimal('0.5')
    """

    type: ClassVar[str] = "linear"
    floor: Decimal
    target: Decimal

    def __attrs_post_init__(self) -> None:
        if self.floor == self.target:
            raise ValueError(f"floor must differ from target, both are {self.floor}")

    @property
    def direction(self) -> Direction:
        """Higher is better when the target is above the floor."""
        return Direction.HIGHER if self.target > self.floor else Direction.LOWER

    def achievement(self, value: Decimal) -> Decimal:
        """Return clamp((value - floor) / (target - floor), 0, 1)."""
        with localcontext(CONTEXT):
            return _clamp((value - self.floor) / (self.target - self.floor))

    def explain(self, value: Decimal) -> str:
        """Describe the computation."""
        with localcontext(CONTEXT):
            raw = (value - self.floor) / (self.target - self.floor)
        return (
            f"rate = clamp((R - S) / (O - S), 0, 1) = clamp(({_fmt(value)} - {_fmt(self.floor)}) / "
            f"({_fmt(self.target)} - {_fmt(self.floor)}), 0, 1) = {_fmt(_clamp(raw))}"
        )

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The floor and the target."""
        return (self.floor, self.target)


@frozen
class Step:
    """One step of a [`StepsRule`][cpg_score.StepsRule]: reaching `threshold` earns `rate`."""

    threshold: Decimal
    rate: Decimal = field(validator=_share)


def _check_steps(instance: StepsRule, attribute: Any, steps: tuple[Step, ...]) -> None:
    if not steps:
        raise ValueError("steps must hold at least one step")
    for before, after in itertools.pairwise(steps):
        if instance.direction is Direction.HIGHER and not before.threshold < after.threshold:
            raise ValueError(
                "steps must be sorted by increasing threshold when higher is better, "
                f"got {before.threshold} then {after.threshold}"
            )
        if instance.direction is Direction.LOWER and not before.threshold > after.threshold:
            raise ValueError(
                "steps must be sorted by decreasing threshold when lower is better, "
                f"got {before.threshold} then {after.threshold}"
            )
        if after.rate < before.rate:
            raise ValueError(f"step rates must not decrease, got {before.rate} then {after.rate}")


@frozen
class StepsRule:
    """Steps ("paliers"): the rate of the last threshold reached; below the first, `below`.

    With `direction=HIGHER` a threshold is reached when the result is >= it; with `LOWER`, when
    the result is <= it. Thresholds are sorted in the direction of improvement and rates never
    decrease along them.

    Examples:
        >>> rule = StepsRule(steps=(Step(Decimal("0.75"), Decimal("0.4")),
        ...                         Step(Decimal("0.85"), Decimal(1))))
        >>> rule.achievement(Decimal("0.80"))
        Decimal('0.4')
    """

    type: ClassVar[str] = "steps"
    steps: tuple[Step, ...] = field(converter=to_tuple, validator=_check_steps)
    direction: Direction = field(default=Direction.HIGHER, converter=Direction)
    below: Decimal = field(default=ZERO, validator=_share)

    def __attrs_post_init__(self) -> None:
        if self.steps and self.steps[0].rate < self.below:
            raise ValueError(
                f"the first step's rate ({self.steps[0].rate}) is below the rate under "
                f"the first threshold ({self.below})"
            )

    def _reached(self, value: Decimal, threshold: Decimal) -> bool:
        return value >= threshold if self.direction is Direction.HIGHER else value <= threshold

    def step_for(self, value: Decimal) -> Step | None:
        """Return the last step reached by `value`, or None below the first."""
        reached = None
        for step in self.steps:
            if self._reached(value, step.threshold):
                reached = step
        return reached

    def achievement(self, value: Decimal) -> Decimal:
        """Return the rate of the last step reached."""
        step = self.step_for(value)
        return self.below if step is None else step.rate

    def explain(self, value: Decimal) -> str:
        """Describe the computation."""
        step = self.step_for(value)
        sign = ">=" if self.direction is Direction.HIGHER else "<="
        if step is None:
            first = _fmt(self.steps[0].threshold)
            return f"result {_fmt(value)} reaches no step (first: {sign} {first}): rate = {_fmt(self.below)}"
        return f"result {_fmt(value)} {sign} {_fmt(step.threshold)}: rate = {_fmt(step.rate)}"

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The thresholds."""
        return tuple(s.threshold for s in self.steps)


@frozen
class BinaryRule:
    """Pass or fail: 1 when the threshold is met, else 0.

    Without a threshold the result itself must be 1 (met) or 0 (not met).

    Examples:
        >>> BinaryRule(threshold=Decimal("0.9")).achievement(Decimal("0.93"))
        Decimal('1')
    """

    type: ClassVar[str] = "binary"
    threshold: Decimal | None = None
    direction: Direction = field(default=Direction.HIGHER, converter=Direction)

    def met(self, value: Decimal) -> bool:
        """Whether the result meets the threshold."""
        if self.threshold is None:
            return value >= ONE
        return value >= self.threshold if self.direction is Direction.HIGHER else value <= self.threshold

    def achievement(self, value: Decimal) -> Decimal:
        """Return 1 when met, else 0."""
        return ONE if self.met(value) else ZERO

    def explain(self, value: Decimal) -> str:
        """Describe the computation."""
        if self.threshold is None:
            return f"result {'met' if self.met(value) else 'not met'}: rate = {self.achievement(value)}"
        sign = ">=" if self.direction is Direction.HIGHER else "<="
        verdict = "met" if self.met(value) else "not met"
        return f"{_fmt(value)} {sign} {_fmt(self.threshold)} {verdict}: rate = {self.achievement(value)}"

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The threshold."""
        return (ONE,) if self.threshold is None else (self.threshold,)


#: Any scoring rule.
Rule = Union[RateRule, LinearRule, StepsRule, BinaryRule]  # noqa: UP007 (a runtime alias, Python 3.10)
"""Any scoring rule: [`RateRule`][cpg_score.RateRule], [`LinearRule`][cpg_score.LinearRule],
[`StepsRule`][cpg_score.StepsRule] or [`BinaryRule`][cpg_score.BinaryRule] (the `type` key of a grid
file's `rule`)."""
