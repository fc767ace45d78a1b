"""The `improvement` rule: the better of achievement and improvement against a baseline (CMS VBP)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from attrs import evolve, field, frozen

from cpg_score._numbers import Exact
from cpg_score._numbers import formula_text as fmt
from cpg_score.model.rules._common import (
    Basis,
    Direction,
    RuleBase,
    check_base,
    clamp,
    formula_of,
    linear_formula,
    num,
    optional_exact,
    q,
    ref,
)
from cpg_score.model.rules.registry import (
    RuleFields,
    RuleKind,
    ScoringRule,
    register,
    rule_target,
    rule_to_data,
)

__all__ = ["ImprovementRule"]


@frozen
class ImprovementRule(RuleBase):
    """The better of achievement and improvement against the entity's baseline.

    `rate = max(achievement(R), clamp((R - B) / (O - B), 0, 1))`, with B the entity's baseline
    (its result in the baseline period) and O the target (the base rule's target unless given).
    When the baseline already reaches the target (B = O, or B beyond O), there is nothing to
    improve towards: the improvement rate is not used and achievement alone counts. Without a
    baseline, achievement alone counts. (CMS Hospital Value-Based Purchasing: "the higher of
    achievement or improvement points".)

    Examples:
        >>> base = LinearRule(floor=Decimal("0.70"), target=Decimal("0.90"))
        >>> rule = ImprovementRule(base=base, baseline=Decimal("0.60"))
        >>> rule.achievement(Decimal("0.75"))  # achievement 0.25, improvement 0.15 / 0.30 = 0.5
        Fraction(1, 2)
    """

    type: ClassVar[str] = "improvement"
    base: ScoringRule = field(validator=check_base)
    target: Decimal | None = field(default=None, validator=optional_exact)
    baseline: Decimal | None = field(default=None, validator=optional_exact)

    @property
    def goal(self) -> Decimal:
        """The target O the improvement is measured towards."""
        return rule_target(self.base) if self.target is None else self.target

    @property
    def direction(self) -> Direction:
        """The base rule's direction."""
        return self.base.direction

    def improvable(self) -> bool:
        """Whether a baseline is bound and lies short of the target (else improvement is not used)."""
        if self.baseline is None:
            return False
        if self.direction is Direction.HIGHER:
            return self.baseline < self.goal
        return self.baseline > self.goal

    def improvement(self, value: Exact) -> Fraction | None:
        """clamp((R - B) / (O - B), 0, 1), or None when not improvable."""
        if not self.improvable():
            return None
        assert self.baseline is not None
        baseline = q(self.baseline)
        return clamp((q(value) - baseline) / (q(self.goal) - baseline))

    def counted(self, value: Exact) -> Basis:
        """Which rate counted: `achievement` or `improvement` (achievement on a tie)."""
        improvement = self.improvement(value)
        if improvement is not None and improvement > self.base.achievement(value):
            return Basis.IMPROVEMENT
        return Basis.ACHIEVEMENT

    def achievement(self, value: Exact) -> Fraction:
        """Return the better of the base rule's rate and the improvement rate."""
        improvement = self.improvement(value)
        level = q(self.base.achievement(value))
        return level if improvement is None else max(level, improvement)

    def explain(self, value: Exact) -> str:
        """Describe the computation, saying which rate counted."""
        level = f"achievement: {self.base.explain(value)}"
        if self.baseline is None:
            return f"{level}; no baseline given: achievement counts"
        if not self.improvable():
            return (
                f"{level}; baseline {fmt(self.baseline)} already reaches the target {fmt(self.goal)}: "
                "improvement not used, achievement counts"
            )
        improvement = self.improvement(value)
        assert improvement is not None
        return (
            f"{level}; improvement = clamp((R - B) / (O - B), 0, 1) = clamp(({fmt(value)} - "
            f"{fmt(self.baseline)}) / ({fmt(self.goal)} - {fmt(self.baseline)}), 0, 1) = "
            f"{fmt(improvement)}; rate = max = {fmt(self.achievement(value))} "
            f"({self.counted(value)} counts)"
        )

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The base rule's breakpoints, with the baseline and target when improvable."""
        points = set(self.base.breakpoints())
        if self.improvable():
            assert self.baseline is not None
            points |= {self.baseline, self.goal}
        return tuple(sorted(points))

    def spreadsheet(self, x: str) -> str | None:
        """In a spreadsheet, with the entity's baseline B bound: `MAX(base,MIN(1,MAX(0,(x-B)/(O-B))))`,
        `base` the base rule's formula, the result in `x`; the base rule's formula alone when the
        improvement is not used (no baseline, or one reaching the target). None when the base
        rule has no formula."""
        level = formula_of(self.base, x)
        if level is None or not self.improvable():
            return level
        assert self.baseline is not None
        return f"MAX({level},{linear_formula(x, self.baseline, self.goal)})"

    def on_target(self) -> Decimal:
        """The goal."""
        return self.goal

    def bind(self, baseline: Decimal) -> ImprovementRule:
        """The rule with the entity's baseline."""
        return evolve(self, baseline=baseline)

    def basis(self, value: Exact) -> Basis:
        """Which rate counted."""
        return self.counted(value)

    def to_data(self) -> dict[str, Any]:
        """Type, the achievement rule (and the target when given)."""
        out: dict[str, Any] = {"type": "improvement", "achievement": rule_to_data(self.base)}
        if self.target is not None:
            out["target"] = num(self.target)
        return out


def _read(fields: RuleFields) -> ImprovementRule | None:
    base = fields.rule("achievement")
    target = fields.number("target") if fields.has("target") else None
    if base is None or (fields.has("target") and target is None):
        return None
    return fields.build(ImprovementRule, base=base, target=target)


KIND = register(
    RuleKind(
        type="improvement",
        cls=ImprovementRule,
        read=_read,
        required=("achievement",),
        optional=("target",),
        schema={
            "achievement": ref("baseRule", "The rule scoring the level reached."),
            "target": ref("number", "The target of the progress (the achievement rule's target by default)."),
        },
        nested=False,
    )
)
