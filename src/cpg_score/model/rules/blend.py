"""The `blend` rule: level and progress blended (level-and-progress schemes)."""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, ClassVar

from attrs import evolve, field, frozen

from cpg_score._numbers import EXACT, F0, Exact
from cpg_score._numbers import formula_text as fmt
from cpg_score.model.rules._common import (
    Basis,
    Direction,
    RuleBase,
    cell_number,
    check_base,
    exact,
    formula_of,
    num,
    optional_exact,
    q,
    ref,
)
from cpg_score.model.rules.registry import (
    RuleFields,
    RuleKind,
    Scale,
    ScoringRule,
    register,
    rule_to_data,
)

__all__ = ["BlendRule"]


@frozen(kw_only=True)
class BlendRule(RuleBase):
    """Level and progress blended: `w_l x level(R) + w_p x progress(R - B)`.

    `level` scores the result; `progress` scores its change since the baseline B (the previous
    period's result), e.g. linear from 0 to +2 points. The weights are declared in the grid and
    add up to 1 (60 % / 40 %). A baseline is required: the engine reports a results entry
    without one.

    Examples:
        >>> rule = BlendRule(level=LinearRule(Decimal("0.80"), Decimal("0.90")),
        ...                  progress=LinearRule(Decimal("0"), Decimal("0.02")),
        ...                  level_weight=Decimal("0.6"), progress_weight=Decimal("0.4"),
        ...                  baseline=Decimal("0.84"))
        >>> rule.achievement(Decimal("0.85"))  # 0.6 x 0.5 + 0.4 x 0.5
        Fraction(1, 2)
    """

    type: ClassVar[str] = "blend"
    needs_baseline: ClassVar[bool] = True
    level: ScoringRule = field(validator=check_base)
    progress: ScoringRule = field(validator=check_base)
    level_weight: Decimal = field(validator=exact)
    progress_weight: Decimal = field(validator=exact)
    baseline: Decimal | None = field(default=None, validator=optional_exact)

    def __attrs_post_init__(self) -> None:
        if self.level_weight < 0 or self.progress_weight < 0:
            raise ValueError("blend weights must be >= 0")
        if Fraction(self.level_weight) + Fraction(self.progress_weight) != 1:  # exact, not at 28 digits
            raise ValueError(
                f"blend weights must add up to 1 (100 %), got {self.level_weight} + {self.progress_weight}"
            )
        if self.level.direction is not self.progress.direction:
            raise ValueError(
                f"the level rule ({self.level.direction.value} is better) and the progress rule "
                f"({self.progress.direction.value} is better) must point the same way"
            )

    @property
    def direction(self) -> Direction:
        """The level rule's direction."""
        return self.level.direction

    def parts(self, value: Exact) -> tuple[Fraction, Fraction | None]:
        """The level rate and the progress rate (None without a baseline)."""
        level = q(self.level.achievement(value))
        if self.baseline is None:
            return level, None
        return level, q(self.progress.achievement(q(value) - q(self.baseline)))

    def achievement(self, value: Exact) -> Fraction:
        """Return the weighted blend (the progress part counts 0 without a baseline)."""
        level, progress = self.parts(value)
        return q(self.level_weight) * level + q(self.progress_weight) * (progress or F0)

    def explain(self, value: Exact) -> str:
        """Describe the computation."""
        level, progress = self.parts(value)
        head = f"level: {self.level.explain(value)}"
        if self.baseline is None:
            return f"{head}; no baseline given: progress counts 0; rate = {fmt(self.achievement(value))}"
        change = q(value) - q(self.baseline)
        return (
            f"{head}; progress R - B = {fmt(value)} - {fmt(self.baseline)} = {fmt(change)}: "
            f"{self.progress.explain(change)}; rate = {fmt(self.level_weight)} x {fmt(level)} + "
            f"{fmt(self.progress_weight)} x {fmt(progress or F0)} = {fmt(self.achievement(value))}"
        )

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The level rule's breakpoints and the progress rule's, shifted by the baseline."""
        points = set(self.level.breakpoints())
        if self.baseline is not None:
            with localcontext(EXACT):
                points |= {self.baseline + b for b in self.progress.breakpoints()}
        return tuple(sorted(points))

    def spreadsheet(self, x: str) -> str | None:
        """In a spreadsheet, with the entity's baseline B bound: `w_l*level+w_p*progress`, the
        result in `x`, `level` the level rule's formula of `x` and `progress` the progress rule's
        of `(x-B)`; without a baseline the progress part counts 0 (`w_l*level`). None when a
        part has no formula."""
        level = formula_of(self.level, x)
        if level is None:
            return None
        head = f"{cell_number(self.level_weight)}*{level}"
        if self.baseline is None:
            return head
        progress = formula_of(self.progress, f"({x}-{cell_number(self.baseline)})")
        if progress is None:
            return None
        return f"{head}+{cell_number(self.progress_weight)}*{progress}"

    def bind(self, baseline: Decimal) -> BlendRule:
        """The rule with the entity's baseline."""
        return evolve(self, baseline=baseline)

    def basis(self, value: Exact) -> Basis:
        """Both parts count."""
        return Basis.LEVEL_AND_PROGRESS

    def to_data(self) -> dict[str, Any]:
        """Type, the level and progress rules and the weights."""
        return {
            "type": "blend",
            "level": rule_to_data(self.level),
            "progress": rule_to_data(self.progress),
            "weights": {"level": num(self.level_weight), "progress": num(self.progress_weight)},
        }


def _read(fields: RuleFields) -> BlendRule | None:
    level = fields.rule("level")
    # The progress rule scores a change (R - B): it may be negative, and for a share it is
    # written in points of percent ("2 %").
    progress = fields.rule("progress", change=True)
    weights = fields.part("weights", ["level", "progress"])
    level_weight = progress_weight = None
    if weights is not None:
        level_weight = weights.number("level", scale=Scale.SHARE)
        progress_weight = weights.number("progress", scale=Scale.SHARE)
    if level is None or progress is None or level_weight is None or progress_weight is None:
        return None
    return fields.build(
        BlendRule, level=level, progress=progress, level_weight=level_weight, progress_weight=progress_weight
    )


KIND = register(
    RuleKind(
        type="blend",
        cls=BlendRule,
        read=_read,
        required=("level", "progress", "weights"),
        schema={
            "level": ref("baseRule", "The rule scoring the level."),
            "progress": ref(
                "baseRule", "The rule scoring the progress since the baseline (a change: any sign)."
            ),
            "weights": {
                "type": "object",
                "required": ["level", "progress"],
                "additionalProperties": False,
                "properties": {"level": ref("share"), "progress": ref("share")},
                "description": "The weights of level and progress.",
            },
        },
        nested=False,
    )
)
