"""The `relative` rule: a floor and a target relative to the target or to the entity's baseline."""

from __future__ import annotations

import enum
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, ClassVar, Union

from attrs import evolve, field, frozen

from cpg_score._numbers import EXACT, F0, F1, ONE, ZERO, Exact
from cpg_score._numbers import formula_text as fmt
from cpg_score.model.rules._common import (
    Direction,
    RuleBase,
    cell_number,
    clamp,
    direction_schema,
    exact,
    linear_formula,
    num,
    optional_exact,
    q,
    ref,
)
from cpg_score.model.rules.registry import RuleFields, RuleKind, Scale, register

__all__ = ["BaselineChange", "Bound", "ChangeBy", "RelativeRule", "ShareOfTarget"]


class ChangeBy(str, enum.Enum):
    """How a [`BaselineChange`][cpg_score.BaselineChange] applies its change to the baseline."""

    #: baseline + change, in the indicator's unit (for a share, "-5 %" is five points of percent).
    ABSOLUTE = "absolute"
    #: baseline x (1 + change) (« + 10 % » of last year's amount).
    RELATIVE = "relative"


@frozen
class BaselineChange:
    """A bound relative to the entity's baseline (its N-1 result): « N - 1 », « - 5 points », « + 10 % ».

    Attributes:
        change: The change (0: the baseline itself).
        by: `absolute` (baseline + change) or `relative` (baseline x (1 + change)).
    """

    change: Decimal = field(default=ZERO, validator=exact)
    by: ChangeBy = field(default=ChangeBy.ABSOLUTE, converter=ChangeBy)

    def resolve(self, baseline: Decimal) -> Decimal:
        """The bound for a baseline, exactly."""
        with localcontext(EXACT):
            if self.by is ChangeBy.ABSOLUTE:
                return baseline + self.change
            return baseline * (ONE + self.change)

    def text(self, baseline: Decimal) -> str:
        """The arithmetic of `resolve`, in words."""
        value = fmt(self.resolve(baseline))
        if self.change == 0 and self.by is ChangeBy.ABSOLUTE:
            return f"baseline {fmt(baseline)}"
        if self.by is ChangeBy.ABSOLUTE:
            sign = "-" if self.change < 0 else "+"
            return f"baseline {fmt(baseline)} {sign} {fmt(abs(self.change))} = {value}"
        return f"baseline {fmt(baseline)} x (1 + {fmt(self.change)}) = {value}"


def _non_negative(instance: Any, attribute: Any, value: Decimal) -> None:
    exact(instance, attribute, value)
    if value < 0:
        raise ValueError(f"of_target must be >= 0, got {value}")


@frozen
class ShareOfTarget:
    """A floor as a share of the target: « 80 % de la cible », « 90 % de la cible ».

    Attributes:
        share: The share (0.9 for 90 %).
    """

    share: Decimal = field(validator=_non_negative)


#: A bound of a [`RelativeRule`][cpg_score.RelativeRule]: a number, a change from the baseline,
#: or (a floor only) a share of the target.
Bound = Union[Decimal, BaselineChange, ShareOfTarget]  # noqa: UP007 (a runtime alias, Python 3.10)


def _bound(instance: Any, attribute: Any, value: Bound) -> None:
    if isinstance(value, BaselineChange | ShareOfTarget):
        return
    exact(instance, attribute, value)


def _always_equal(floor: Bound, target: Bound) -> bool:
    """Whether two baseline-relative bounds are equal whatever the baseline (`baseline` and
    `{baseline: "0 %", by: relative}`, or the same change twice). Each is linear in the
    baseline, so equal at 0 and at 1 means equal everywhere."""
    if not (isinstance(floor, BaselineChange) and isinstance(target, BaselineChange)):
        return False
    return all(floor.resolve(b) == target.resolve(b) for b in (ZERO, ONE))


def _bound_text(bound: BaselineChange) -> str:
    """A baseline-relative bound as written (`baseline`, `{baseline: -0.05}`)."""
    if bound.change == 0:
        return "the baseline"
    return f"the baseline {'+' if bound.change > 0 else '-'} {fmt(abs(bound.change))}" + (
        " (relative)" if bound.by is ChangeBy.RELATIVE else ""
    )


def _optional_direction(value: Direction | str | None) -> Direction | None:
    return None if value is None else Direction(value)


def _way(ends: tuple[Decimal, Decimal]) -> Direction:
    """The direction resolved bounds read: lower is better when the target is below the floor."""
    return Direction.LOWER if ends[1] < ends[0] else Direction.HIGHER


@frozen(kw_only=True)
class RelativeRule(RuleBase):
    """Linear between a floor (rate 0) and a target (rate 1), either given relative to the
    target or to the entity's baseline (its N-1 result), clamped to [0, 1].

    A bound is a number, a [`BaselineChange`][cpg_score.BaselineChange] (baseline + change, or
    baseline x (1 + change)) or, for the floor, a [`ShareOfTarget`][cpg_score.ShareOfTarget].
    Once resolved, `rate = clamp((R - S) / (O - S), 0, 1)`, lower is better when the target is
    below the floor. A rule using the baseline scores only once bound to one (`bind`; the
    engine binds the results entry's `baseline`, and a missing one is a problem of the results).
    When a baseline makes the floor equal to the target (« + 10 % » and « + 0 % » of 0), the
    rule is a threshold: 1 from the target on, else 0. A declared `direction` keeps the way the
    text reads when a baseline crosses the bounds (UGECAM: objectif « Atteindre 90 % », socle « le
    taux de 2016 » of 92 %): the rule is then a threshold too, 1 from the target on.

    Examples:
        >>> rule = RelativeRule(target=Decimal("0.63"), floor=ShareOfTarget(Decimal("0.9")))
        >>> rule.floor_value, rule.achievement(Decimal("0.60"))  # floor 56.7 %
        (Decimal('0.567'), Fraction(11, 21))
    """

    type: ClassVar[str] = "relative"
    floor: Bound = field(validator=_bound)
    target: Bound = field(validator=_bound)
    baseline: Decimal | None = field(default=None, validator=optional_exact)
    #: The declared direction (None: from the resolved bounds).
    declared: Direction | None = field(default=None, converter=_optional_direction)
    # The resolved floor and target (None while a baseline is needed and not bound).
    _ends: tuple[Decimal, Decimal] | None = field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if isinstance(self.target, ShareOfTarget):
            raise ValueError("target cannot be a share of the target (of_target applies to the floor)")
        if (
            self.baseline is None
            and isinstance(self.target, BaselineChange)
            and _always_equal(self.floor, self.target)
        ):
            raise ValueError(
                f"floor must differ from target: both are {_bound_text(self.target)}, equal for any "
                "baseline (the rule would be all or nothing)"
            )
        ends = self._resolve(self.baseline)
        if ends is not None and ends[0] == ends[1] and not self.needs_baseline:
            raise ValueError(f"floor must differ from target, both are {ends[0]}")
        if ends is not None and self.declared is not None and not self.needs_baseline:
            self._check_declared(ends, self.declared)
        object.__setattr__(self, "_ends", ends)

    @staticmethod
    def _check_declared(ends: tuple[Decimal, Decimal], declared: Direction) -> None:
        """Fixed bounds must read the declared way."""
        if _way(ends) is not declared:
            raise ValueError(
                f"floor {ends[0]} and target {ends[1]} read {_way(ends).value} is better, "
                f"not {declared.value} as declared"
            )

    def _resolve(self, baseline: Decimal | None) -> tuple[Decimal, Decimal] | None:
        if isinstance(self.target, BaselineChange):
            if baseline is None:
                return None
            target = self.target.resolve(baseline)
        else:
            assert isinstance(self.target, Decimal | int)
            target = Decimal(self.target)
        if isinstance(self.floor, ShareOfTarget):
            with localcontext(EXACT):
                return self.floor.share * target, target
        if isinstance(self.floor, BaselineChange):
            return None if baseline is None else (self.floor.resolve(baseline), target)
        return Decimal(self.floor), target

    @property
    def needs_baseline(self) -> bool:  # type: ignore[override]  # a ClassVar of RuleBase, per rule here
        """Whether the floor or the target is relative to the baseline."""
        return isinstance(self.floor, BaselineChange) or isinstance(self.target, BaselineChange)

    @property
    def floor_value(self) -> Decimal | None:
        """The resolved floor (None while the baseline it needs is not bound)."""
        return None if self._ends is None else self._ends[0]

    @property
    def target_value(self) -> Decimal | None:
        """The resolved target (None while the baseline it needs is not bound)."""
        return None if self._ends is None else self._ends[1]

    @property
    def direction(self) -> Direction:
        """From the resolved values (target below floor: lower is better); before a baseline is
        bound, or when it makes them equal, as with a baseline of 1."""
        if self.declared is not None:
            return self.declared
        ends = self._ends
        if ends is None or ends[0] == ends[1]:
            ends = self._resolve(ONE)
        assert ends is not None
        return _way(ends)

    @property
    def is_threshold(self) -> bool:
        """Whether the bound rule is a threshold at its target: its floor equals its target, or a
        baseline put the floor beyond the target against the declared direction."""
        ends = self._ends
        if ends is None:
            return False
        return ends[0] == ends[1] or (self.declared is not None and _way(ends) is not self.declared)

    def _bound_ends(self) -> tuple[Decimal, Decimal]:
        if self._ends is None:
            raise ValueError(
                "this relative rule's floor or target is relative to the entity's baseline: "
                "bind one first (rule.bind(baseline), or `baseline:` in the results entry)"
            )
        return self._ends

    def achievement(self, value: Exact) -> Fraction:
        """Return clamp((value - floor) / (target - floor), 0, 1) on the resolved bounds."""
        floor, target = self._bound_ends()
        if self.is_threshold:
            reached = q(value) >= q(target) if self.direction is Direction.HIGHER else q(value) <= q(target)
            return F1 if reached else F0
        return clamp((q(value) - q(floor)) / (q(target) - q(floor)))

    def _bound_text(self, bound: Bound, target: Decimal) -> str:
        if isinstance(bound, BaselineChange):
            assert self.baseline is not None
            return bound.text(self.baseline)
        if isinstance(bound, ShareOfTarget):
            return f"{fmt(bound.share)} x target {fmt(target)} = {fmt(bound.share * target)}"
        return fmt(bound)

    def explain(self, value: Exact) -> str:
        """Describe the bounds as resolved, then the linear computation."""
        if self._ends is None:
            return "no baseline given: this rule's floor or target is relative to it and cannot be resolved"
        floor, target = self._ends
        head = (
            f"floor S = {self._bound_text(self.floor, target)}; "
            f"target O = {self._bound_text(self.target, target)}"
        )
        rate = fmt(self.achievement(value))
        if self.is_threshold:
            sign = ">=" if self.direction is Direction.HIGHER else "<="
            way = self.direction.value
            why = "floor equals target" if floor == target else f"floor beyond target ({way} is better)"
            return f"{head}; {why}: rate = 1 if R {sign} {fmt(target)}, else 0 = {rate}"
        return (
            f"{head}; rate = clamp((R - S) / (O - S), 0, 1) = clamp(({fmt(value)} - {fmt(floor)}) / "
            f"({fmt(target)} - {fmt(floor)}), 0, 1) = {rate}"
        )

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The resolved floor and target (none while the baseline they need is not bound)."""
        if self._ends is None:
            return ()
        floor, target = self._ends
        return (target,) if self.is_threshold else (floor, target)

    def spreadsheet(self, x: str) -> str | None:
        """In a spreadsheet, with the bounds resolved (the baseline bound): `MIN(1,MAX(0,(x-S)/(O-S)))`,
        the result in `x`, S and O the resolved floor and target as constants; a threshold rule
        `IF(x>=O,1,0)` (`<=` when lower is better). None while a baseline it needs is not bound."""
        if self._ends is None:
            return None
        floor, target = self._ends
        if self.is_threshold:
            sign = ">=" if self.direction is Direction.HIGHER else "<="
            return f"IF({x}{sign}{cell_number(target)},1,0)"
        return linear_formula(x, floor, target)

    def on_target(self) -> Decimal:
        """The resolved target.

        Raises:
            ValueError: The target needs a baseline and none is bound.
        """
        return self._bound_ends()[1]

    def bind(self, baseline: Decimal) -> RelativeRule:
        """The rule with the entity's baseline (unchanged when neither bound uses it)."""
        return evolve(self, baseline=baseline) if self.needs_baseline else self

    def bounds(self) -> tuple[Decimal | None, Decimal | None]:
        """The resolved floor and target (None for one that needs a baseline not yet bound)."""
        return (self.floor_value, self.target_value)

    def with_bounds(self, *, floor: Decimal | None = None, target: Decimal | None = None) -> RelativeRule:
        """The rule with an entity's floor and/or target (None keeps the grid's).

        An entity's bound is a number; a floor written as a share of the target follows a new
        target (« 80 % de la cible » of the entity's target).
        """
        return evolve(
            self,
            floor=self.floor if floor is None else floor,
            target=self.target if target is None else target,
        )

    def to_data(self) -> dict[str, Any]:
        """Type, floor and target as written."""
        out = {"type": "relative", "floor": _bound_data(self.floor), "target": _bound_data(self.target)}
        if self.declared is not None:
            out["direction"] = self.declared.value
        return out


def _bound_data(bound: Bound) -> Any:
    if isinstance(bound, ShareOfTarget):
        return {"of_target": num(bound.share)}
    if isinstance(bound, BaselineChange):
        if bound.by is ChangeBy.ABSOLUTE:
            return "baseline" if bound.change == 0 else {"baseline": num(bound.change)}
        return {"baseline": num(bound.change), "by": bound.by.value}
    return num(bound)


def _read_bound(fields: RuleFields, key: str) -> Bound | None:
    """A bound: a number, `baseline`, `{baseline: CHANGE, by: ...}` or `{of_target: SHARE}`."""
    shape = fields.shape(key)
    if shape == "scalar" and fields.text(key, "") == "baseline":
        return BaselineChange()
    if shape != "mapping":
        return fields.number(key)
    part = fields.part(key, [], ["baseline", "by", "of_target"])
    if part is None:
        return None
    if part.has("of_target") == part.has("baseline"):
        part.error(None, f"{key} must hold one of `baseline` or `of_target`")
        return None
    if part.has("of_target"):
        if part.has("by"):
            part.error("by", "`by` applies to a change from the baseline, not to `of_target`")
            return None
        share = part.number("of_target", scale=Scale.PLAIN, minimum=ZERO, percent=True)
        return None if share is None else ShareOfTarget(share)
    # A change may be negative; for a share it is written in points of percent ("-5 %").
    change = part.number("baseline", scale=Scale.PLAIN, percent=True)
    by = part.choice("by", [b.value for b in ChangeBy], ChangeBy.ABSOLUTE.value)
    return None if change is None or by is None else BaselineChange(change, ChangeBy(by))


def _read(fields: RuleFields) -> RelativeRule | None:
    floor = _read_bound(fields, "floor")
    target = _read_bound(fields, "target")
    if isinstance(target, ShareOfTarget):
        fields.error("target", "of_target applies to the floor only (« 90 % de la cible »)")
        return None
    declared = fields.choice("direction", [d.value for d in Direction], "") if fields.has("direction") else ""
    if floor is None or target is None or declared is None:
        return None
    return fields.build(RelativeRule, floor=floor, target=target, declared=declared or None)


_BOUND_SCHEMA = {
    "description": (
        "A number; `baseline` (the entity's N-1 result); {baseline: CHANGE, by: absolute|relative}; "
        "or, for the floor, {of_target: SHARE}."
    ),
    "anyOf": [
        {"$ref": "#/$defs/number"},
        {"const": "baseline"},
        {
            "type": "object",
            "required": ["baseline"],
            "additionalProperties": False,
            "properties": {
                "baseline": {
                    "$ref": "#/$defs/number",
                    "description": (
                        "The change: absolute (baseline + change) or relative (baseline x (1 + change))."
                    ),
                },
                "by": {"enum": [b.value for b in ChangeBy], "default": "absolute"},
            },
        },
    ],
}

KIND = register(
    RuleKind(
        type="relative",
        cls=RelativeRule,
        read=_read,
        required=("floor", "target"),
        optional=("direction",),
        schema={
            "floor": {
                "description": "The result earning rate 0: a bound, or a share of the target.",
                "anyOf": [
                    ref("relativeBound"),
                    {
                        "type": "object",
                        "required": ["of_target"],
                        "additionalProperties": False,
                        "properties": {
                            "of_target": ref("weight", "The share of the target (« 90 % de la cible »).")
                        },
                    },
                ],
            },
            "target": ref("relativeBound", "The result earning rate 1."),
            "direction": direction_schema(
                "Which way is better, when a baseline may put the floor beyond the target "
                "(the rule is then a threshold at the target); default: from the bounds."
            ),
        },
        defs={"relativeBound": _BOUND_SCHEMA},
        nested=False,
    )
)
