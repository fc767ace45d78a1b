"""The `piecewise` rule: linear through a list of (value, rate) points (a floor worth something)."""

from __future__ import annotations

import enum
import itertools
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, ClassVar

from attrs import evolve, field, frozen

from cpg_score._args import describe, expect
from cpg_score._numbers import EXACT, F1, MAX_PLACES, ONE, ZERO, Exact, decimal_text
from cpg_score._numbers import formula_text as fmt
from cpg_score.model.rules._common import Direction, RuleBase, cell_number, exact, optional_exact, q, ref
from cpg_score.model.rules.registry import RuleFields, RuleKind, Scale, register

__all__ = ["PiecewiseAbove", "PiecewisePoint", "PiecewiseRule"]


class PiecewiseAbove(str, enum.Enum):
    """What a [`PiecewiseRule`][cpg_score.PiecewiseRule] gives beyond its last point."""

    #: The last point's rate (the default).
    HOLD = "hold"
    #: The last segment goes on, up to the rule's cap.
    EXTEND = "extend"


def _rate(instance: Any, attribute: Any, value: Decimal) -> None:
    exact(instance, attribute, value)
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value}")


@frozen
class PiecewisePoint:
    """One point of a [`PiecewiseRule`][cpg_score.PiecewiseRule]: the result `value` earns `rate`.

    Attributes:
        value: The result, in the indicator's unit.
        rate: The rate it earns (>= 0; above 1 is a bonus).
    """

    value: Exact = field(validator=exact)
    rate: Decimal = field(validator=_rate)


def _point_list(items: Any) -> tuple[PiecewisePoint, ...]:
    """Freeze the points: a sequence of `PiecewisePoint` (a mapping is refused, not read as its keys)."""
    if isinstance(items, Mapping | str) or not isinstance(items, Iterable):
        raise TypeError(f"points must be a sequence of PiecewisePoint, got {describe(items)}")
    points = tuple(items)
    for point in points:
        expect("points", point, PiecewisePoint, "a sequence of PiecewisePoint")
    return points


def _check_points(instance: Any, attribute: Any, points: tuple[PiecewisePoint, ...]) -> None:
    if len(points) < 2:
        raise ValueError(
            f"points must hold at least 2 points (a single threshold is a steps rule), got {len(points)}"
        )
    rising = points[1].value > points[0].value
    for before, after in itertools.pairwise(points):
        if before.value == after.value or (after.value > before.value) is not rising:
            raise ValueError(
                "point values must be strictly increasing (higher is better) or strictly decreasing "
                f"(lower is better) along the list, got {_text(before.value)} then {_text(after.value)}"
            )
        if after.rate < before.rate:
            raise ValueError(
                f"point rates must not decrease along the list, got {before.rate} then {after.rate}"
            )


def _text(value: Exact) -> str:
    return str(value) if isinstance(value, Decimal) else decimal_text(value)


def _decimal(value: Fraction) -> Decimal:
    """A rational that terminates as a `Decimal`, exactly."""
    with localcontext(EXACT):
        return Decimal(value.numerator) / Decimal(value.denominator)


def _terminates(value: Fraction) -> bool:
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    return den == 1


def _reaching(value: Fraction, direction: Direction) -> Decimal:
    """A result where a rate is reached: exact when it terminates, else rounded at `MAX_PLACES`
    decimal places toward the better side (so the rate there is reached)."""
    if _terminates(value):
        return _decimal(value)
    scaled = value * 10**MAX_PLACES
    whole = math.ceil(scaled) if direction is Direction.HIGHER else math.floor(scaled)
    with localcontext(EXACT):
        return Decimal(whole).scaleb(-MAX_PLACES)


@frozen(kw_only=True)
class PiecewiseRule(RuleBase):
    """Linear through a list of (value, rate) points, listed in the direction of improvement.

    Between two points the rate is interpolated linearly; on a point it is that point's rate;
    before the first point it is `below` (0 by default); beyond the last point it is the last
    rate (`above: hold`) or the last segment continued up to `cap` (`above: extend`; the cap is
    100 %, or the last rate when higher, unless given). Values decreasing along the list mean
    lower is better. A floor worth 35 %: `(80 %, 35 %), (90 %, 100 %)`.

    Examples:
        >>> rule = PiecewiseRule(points=[PiecewisePoint(Decimal("0.80"), Decimal("0.35")),
        ...                              PiecewisePoint(Decimal("0.90"), Decimal(1))])
        >>> rule.achievement(Decimal("0.85"))  # 0.35 + 0.65 x 0.5
        Fraction(27, 40)
    """

    type: ClassVar[str] = "piecewise"
    points: tuple[PiecewisePoint, ...] = field(converter=_point_list, validator=_check_points)
    below: Decimal = field(default=ZERO, validator=_rate)
    above: PiecewiseAbove = field(default=PiecewiseAbove.HOLD, converter=PiecewiseAbove)
    #: The highest rate with `extend` (None: 100 %, or the last rate when higher).
    cap: Decimal | None = field(default=None, validator=optional_exact)
    # Values signed so that they increase (x -1 when lower is better), rates, and the top rate.
    _exact: tuple[tuple[Fraction, ...], tuple[Fraction, ...], Fraction] = field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        first, last = self.points[0].rate, self.points[-1].rate
        if self.below > first:
            raise ValueError(f"below ({self.below}) must not exceed the first point's rate ({first})")
        if self.cap is not None and self.above is not PiecewiseAbove.EXTEND:
            raise ValueError("cap applies only with above: extend")
        if self.cap is not None and self.cap < last:
            raise ValueError(f"cap ({self.cap}) must not be below the last point's rate ({last})")
        sign = 1 if self.direction is Direction.HIGHER else -1
        top = q(last) if self.above is PiecewiseAbove.HOLD else q(self.top)
        values = tuple(sign * q(p.value) for p in self.points)
        object.__setattr__(self, "_exact", (values, tuple(q(p.rate) for p in self.points), top))

    @property
    def direction(self) -> Direction:
        """Higher is better when the values increase along the list."""
        return Direction.HIGHER if self.points[1].value > self.points[0].value else Direction.LOWER

    @property
    def top(self) -> Decimal:
        """The highest rate the rule gives: the last rate (hold, or a flat last segment) or the
        cap (extend)."""
        last = self.points[-1].rate
        if self.above is PiecewiseAbove.HOLD or last == self.points[-2].rate:
            return last
        return self.cap if self.cap is not None else max(ONE, last)

    @property
    def ceiling(self) -> Decimal:
        """The highest rate, or 1 when it is below 1 (the rule then gives no bonus)."""
        return max(ONE, self.top)

    def segment(self, value: Exact) -> int | None:
        """The index i of the segment (point i to point i+1) the value lies on (the last one
        beyond the last point); None before the first point."""
        values = self._exact[0]
        x = q(value) if self.direction is Direction.HIGHER else -q(value)
        if x < values[0]:
            return None
        for i in range(len(values) - 1):
            if x <= values[i + 1]:
                return i
        return len(values) - 2

    def achievement(self, value: Exact) -> Fraction:
        """Return the interpolated rate (below, on the points, between, beyond)."""
        values, rates, top = self._exact
        i = self.segment(value)
        if i is None:
            return q(self.below)
        x = q(value) if self.direction is Direction.HIGHER else -q(value)
        if x >= values[-1] and self.above is PiecewiseAbove.HOLD:
            return rates[-1]
        rate = rates[i] + (rates[i + 1] - rates[i]) * (x - values[i]) / (values[i + 1] - values[i])
        return min(rate, top)

    def explain(self, value: Exact) -> str:
        """Describe the computation: which segment, and the interpolation."""
        i = self.segment(value)
        rate = fmt(self.achievement(value))
        if i is None:
            first = _text(self.points[0].value)
            return f"result {fmt(value)} before the first point {first}: rate = below = {rate}"
        a, b = self.points[i], self.points[i + 1]
        beyond = (q(value) - q(b.value)) * (1 if self.direction is Direction.HIGHER else -1) > 0
        if beyond and self.above is PiecewiseAbove.HOLD:
            return f"result {fmt(value)} beyond the last point {_text(b.value)}: rate = last rate = {rate}"
        line = (
            f"rate = r1 + (r2 - r1) x (R - v1) / (v2 - v1) = {fmt(a.rate)} + ({fmt(b.rate)} - "
            f"{fmt(a.rate)}) x ({fmt(value)} - {fmt(a.value)}) / ({fmt(b.value)} - {fmt(a.value)})"
        )
        if beyond:
            return (
                f"result {fmt(value)} beyond the last point: the last segment extended, {line}, "
                f"up to cap {fmt(self.top)} = {rate}"
            )
        return f"{line} = {rate}"

    def _segment_formula(self, x: str, i: int) -> str:
        """`r_i + slope x (x - v_i)` on segment i, the slope one exact constant."""
        a, b = self.points[i], self.points[i + 1]
        slope = (q(b.rate) - q(a.rate)) / (q(b.value) - q(a.value))
        return f"{cell_number(a.rate)}+{cell_number(slope)}*({x}-{cell_number(a.value)})"

    def spreadsheet(self, x: str) -> str:
        """In a spreadsheet: nested IFs over the segments, the result in `x`.

        Higher is better, points (0.8, 0.35), (0.9, 1):
        `IF(x<0.8,0,IF(x<=0.9,0.35+6.5*(x-0.8),1))`; beyond the last point the last rate (hold) or
        `MIN(cap,...)` of the last segment extended; lower is better compares the other way.
        """
        higher = self.direction is Direction.HIGHER
        before, within = ("<", "<=") if higher else (">", ">=")
        last = len(self.points) - 1
        if self.above is PiecewiseAbove.HOLD:
            out = cell_number(self.points[-1].rate)
        else:
            out = f"MIN({cell_number(self._exact[2])},{self._segment_formula(x, last - 1)})"
        for i in reversed(range(last)):
            value = cell_number(self.points[i + 1].value)
            out = f"IF({x}{within}{value},{self._segment_formula(x, i)},{out})"
        first = cell_number(self.points[0].value)
        return f"IF({x}{before}{first},{cell_number(self.below)},{out})"

    def value_at(self, rate: Fraction) -> Fraction | None:
        """The first result where the rate reaches `rate` (None if it never does)."""
        values, rates, top = self._exact
        sign = 1 if self.direction is Direction.HIGHER else -1
        if rate > top:
            return None
        for i, reached in enumerate(rates):
            if reached >= rate:
                if i == 0:
                    return sign * values[0]
                return sign * self._cross(i - 1, rate)
        if self.above is PiecewiseAbove.EXTEND and rates[-1] > rates[-2]:
            return sign * self._cross(len(rates) - 2, rate)
        return None

    def _cross(self, i: int, rate: Fraction) -> Fraction:
        values, rates, _ = self._exact
        return values[i] + (rate - rates[i]) * (values[i + 1] - values[i]) / (rates[i + 1] - rates[i])

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The point values (and, with `extend`, the result where the rate reaches the cap).

        A value that does not terminate (the cap reached at 0.98571428...) is rounded at 30
        decimal places toward the better side: the rate there is the cap.
        """
        out = [_written(p.value, self.direction) for p in self.points]
        _, rates, top = self._exact
        if self.above is PiecewiseAbove.EXTEND and top > rates[-1] and rates[-1] > rates[-2]:
            reach = self.value_at(top)
            assert reach is not None
            out.append(_reaching(reach, self.direction))
        return tuple(out)

    def on_target(self) -> Decimal:
        """The first result where the rate reaches its best (100 % when the rule pays a bonus)."""
        reach = self.value_at(min(self._exact[2], F1))
        assert reach is not None  # the best rate is reached: on a point, or where the cap is
        written = [p.value for p in self.points if isinstance(p.value, Decimal) and q(p.value) == reach]
        return written[0] if written else _reaching(reach, self.direction)

    def bounds(self) -> tuple[Decimal | None, Decimal | None]:
        """The first point's value (the floor) and the last's (the target)."""
        first, last = self.points[0].value, self.points[-1].value
        return (first if isinstance(first, Decimal) else None, last if isinstance(last, Decimal) else None)

    def with_bounds(self, *, floor: Decimal | None = None, target: Decimal | None = None) -> PiecewiseRule:
        """The rule with an entity's floor (the first point's value) and target (the last's).

        The inner points keep their place between the two: each value is moved linearly,
        `v' = S' + (v - S) x (O' - S') / (O - S)`, exactly (a rational when the division does
        not terminate). Rates are unchanged.
        """
        old_floor, old_target = q(self.points[0].value), q(self.points[-1].value)
        new_floor = old_floor if floor is None else q(floor)
        new_target = old_target if target is None else q(target)
        scale = (new_target - new_floor) / (old_target - old_floor)
        moved = []
        for point in self.points:
            value = new_floor + (q(point.value) - old_floor) * scale
            moved.append(PiecewisePoint(_exact_value(value), point.rate))
        return evolve(self, points=moved)

    def to_data(self) -> dict[str, Any]:
        """Type, points, below, above (and the cap when given)."""
        out: dict[str, Any] = {
            "type": "piecewise",
            "points": [{"value": _text(p.value), "rate": str(p.rate)} for p in self.points],
            "below": str(self.below),
            "above": self.above.value,
        }
        if self.cap is not None:
            out["cap"] = str(self.cap)
        return out


def _written(value: Exact, direction: Direction) -> Decimal:
    """A point's value as a `Decimal` (as written; a rescaled one rounded as by `_reaching`)."""
    return value if isinstance(value, Decimal) else _reaching(q(value), direction)


def _exact_value(value: Fraction) -> Exact:
    """A `Decimal` when the rational terminates, else the `Fraction` itself."""
    return _decimal(value) if _terminates(value) else value


def _read(fields: RuleFields) -> PiecewiseRule | None:
    points: list[PiecewisePoint] = []
    ok = True
    for item in fields.items("points", ["value", "rate"]):
        value = item.number("value") if item is not None else None
        rate = (
            item.number("rate", scale=Scale.PLAIN, minimum=ZERO, percent=True) if item is not None else None
        )
        if value is None or rate is None:
            ok = False
            continue
        points.append(PiecewisePoint(value, rate))
    below = (
        fields.number("below", scale=Scale.PLAIN, minimum=ZERO, percent=True) if fields.has("below") else ZERO
    )
    above = fields.choice("above", [a.value for a in PiecewiseAbove], PiecewiseAbove.HOLD.value)
    cap = fields.number("cap", scale=Scale.PLAIN, minimum=ZERO, percent=True) if fields.has("cap") else None
    if fields.has("cap") and cap is not None and above == PiecewiseAbove.HOLD.value:
        fields.error("cap", "cap applies only with above: extend (beyond the last point the rate holds)")
        return None
    if not ok or below is None or above is None or (fields.has("cap") and cap is None):
        return None
    # A problem is reported at the key that holds it: the cap or below against the points' rates.
    at = "points"
    if len(points) >= 2 and cap is not None and cap < points[-1].rate:
        at = "cap"
    elif len(points) >= 2 and below > points[0].rate:
        at = "below"
    return fields.build(
        PiecewiseRule, at=at, points=points, below=below, above=PiecewiseAbove(above), cap=cap
    )


KIND = register(
    RuleKind(
        type="piecewise",
        cls=PiecewiseRule,
        read=_read,
        required=("points",),
        optional=("below", "above", "cap"),
        schema={
            "points": {
                "type": "array",
                "minItems": 2,
                "items": ref("piecewisePoint"),
                "description": (
                    "The (value, rate) points, in the direction of improvement; rates never decrease."
                ),
            },
            "below": {**ref("weight"), "default": 0, "description": "The rate before the first point."},
            "above": {
                "enum": [a.value for a in PiecewiseAbove],
                "default": "hold",
                "description": "After the last point: hold its rate, or extend the last segment up to cap.",
            },
            "cap": {**ref("weight"), "description": "With extend: the highest rate (default 100 %)."},
        },
        defs={
            "piecewisePoint": {
                "type": "object",
                "description": "One point: the result `value` earns `rate`.",
                "required": ["value", "rate"],
                "additionalProperties": False,
                "properties": {"value": ref("number"), "rate": ref("weight")},
            },
        },
    )
)
