"""The `rate` rule: the result is the achievement rate itself (the published 2019 table)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from attrs import frozen

from cpg_score._numbers import ONE, ZERO, Exact
from cpg_score._numbers import formula_text as fmt
from cpg_score.model.rules._common import Direction, RuleBase, clamp, clamp_formula, q
from cpg_score.model.rules.registry import RuleFields, RuleKind, register

__all__ = ["RateRule"]


@frozen
class RateRule(RuleBase):
    """The result is the achievement rate itself (a share between 0 and 1).

    This is how the published CPG tables read: "99,24 %" is the objective's achievement.

    Examples:
        >>> RateRule().achievement(Decimal("0.9924"))
        Fraction(2481, 2500)
    """

    type: ClassVar[str] = "rate"

    def achievement(self, value: Exact) -> Fraction:
        """Return the value, clamped to [0, 1]."""
        return clamp(q(value))

    def explain(self, value: Exact) -> str:
        """Describe the computation."""
        clamped = clamp(q(value)) != value
        return f"rate = result = {fmt(value)}" + (" (clamped to [0, 1])" if clamped else "")

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The rate rule is linear from 0 to 1."""
        return (ZERO, ONE)

    @property
    def direction(self) -> Direction:
        """Higher is better."""
        return Direction.HIGHER

    def spreadsheet(self, x: str) -> str:
        """In a spreadsheet: `MIN(1,MAX(0,x))`, the result in `x` (a share: 0.9924) clamped."""
        return clamp_formula(x)

    def to_data(self) -> dict[str, Any]:
        """`{"type": "rate"}`."""
        return {"type": "rate"}


def _read(fields: RuleFields) -> RateRule:
    return RateRule()


KIND = register(RuleKind(type="rate", cls=RateRule, read=_read, bare=True))
