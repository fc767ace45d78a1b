"""The `linear` rule: linear between a floor (rate 0) and a target (rate 1), clamped."""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, ClassVar

from attrs import field, frozen

from cpg_score._numbers import EXACT, ONE, Exact
from cpg_score._numbers import formula_text as fmt
from cpg_score.model.rules._common import Direction, RuleBase, clamp, exact, linear_formula, num, q, ref
from cpg_score.model.rules.registry import RuleFields, RuleKind, Scale, register

__all__ = ["LinearRule"]


@frozen
class LinearRule(RuleBase):
    """Linear between a floor ("seuil", rate 0) and a target ("objectif", rate 1), clamped.

    `rate = clamp((R - S) / (O - S), 0, 1)`. When the floor is above the target (a delay in
    days, say), lower results are better and the same formula applies.

    Examples:
        >>> LinearRule(floor=Decimal("0.65"), target=Decimal("0.88")).achievement(Decimal("0.7650"))
        Fraction(1, 2)
    """

    type: ClassVar[str] = "linear"
    floor: Decimal = field(validator=exact)
    target: Decimal = field(validator=exact)
    #: The highest rate: 1 (the default) clamps at the target; above 1 the line goes on past the
    #: target and the excess is a bonus (paid up to the objective's bonus ceiling).
    cap: Decimal = field(default=ONE, validator=exact)
    # The floor, target - floor and cap as exact rationals, computed once.
    _fractions: tuple[Fraction, Fraction, Fraction] = field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if self.floor == self.target:
            raise ValueError(f"floor must differ from target, both are {self.floor}")
        if self.cap < ONE:
            raise ValueError(f"cap must be at least 1 (100 %), got {self.cap}")
        floor = q(self.floor)
        object.__setattr__(self, "_fractions", (floor, q(self.target) - floor, q(self.cap)))

    def _raw(self, value: Exact) -> Fraction:
        floor, span, _ = self._fractions
        return (q(value) - floor) / span

    @property
    def direction(self) -> Direction:
        """Higher is better when the target is above the floor."""
        return Direction.HIGHER if self.target > self.floor else Direction.LOWER

    @property
    def ceiling(self) -> Decimal:
        """The cap."""
        return self.cap

    def achievement(self, value: Exact) -> Fraction:
        """Return clamp((value - floor) / (target - floor), 0, cap)."""
        return clamp(self._raw(value), self._fractions[2])

    def explain(self, value: Exact) -> str:
        """Describe the computation."""
        cap = fmt(self.cap)
        return (
            f"rate = clamp((R - S) / (O - S), 0, {cap}) = clamp(({fmt(value)} - {fmt(self.floor)}) / "
            f"({fmt(self.target)} - {fmt(self.floor)}), 0, {cap}) = {fmt(self.achievement(value))}"
        )

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The floor and the target (and the result reaching the cap, when above 1)."""
        if self.cap == ONE:
            return (self.floor, self.target)
        with localcontext(EXACT):
            return (self.floor, self.target, self.floor + self.cap * (self.target - self.floor))

    def on_target(self) -> Decimal:
        """The target."""
        return self.target

    def spreadsheet(self, x: str) -> str:
        """In a spreadsheet: `MIN(cap,MAX(0,(x-S)/(O-S)))`, the result in `x`; `O-S` is written as
        one exact constant (floor 0.65, target 0.88: `MIN(1,MAX(0,(x-0.65)/0.23))`)."""
        return linear_formula(x, self.floor, self.target, self.cap)

    def with_bounds(self, *, floor: Decimal | None = None, target: Decimal | None = None) -> LinearRule:
        """The rule with an entity's floor and/or target (None keeps the grid's); same cap."""
        return LinearRule(
            floor=self.floor if floor is None else floor,
            target=self.target if target is None else target,
            cap=self.cap,
        )

    def bounds(self) -> tuple[Decimal | None, Decimal | None]:
        """The floor and the target."""
        return (self.floor, self.target)

    def to_data(self) -> dict[str, Any]:
        """Type, floor, target (and the cap when not 1)."""
        out = {"type": "linear", "floor": num(self.floor), "target": num(self.target)}
        if self.cap != 1:
            out["cap"] = num(self.cap)
        return out


def _read(fields: RuleFields) -> LinearRule | None:
    floor = fields.number("floor")
    target = fields.number("target")
    cap = ONE
    if fields.has("cap"):
        read = fields.number("cap", scale=Scale.PLAIN, minimum=ONE, percent=True)
        if read is None:
            return None
        cap = read
    if floor is None or target is None:
        return None
    return fields.build(LinearRule, floor=floor, target=target, cap=cap)


KIND = register(
    RuleKind(
        type="linear",
        cls=LinearRule,
        read=_read,
        required=("floor", "target"),
        optional=("cap",),
        schema={
            "floor": ref("number", "The result earning rate 0 (seuil)."),
            "target": ref("number", "The result earning rate 1 (objectif)."),
            "cap": ref("cap", "The highest rate, >= 1 (default 1); above 1 is a bonus."),
        },
    )
)
