"""The `bands` rule: the rate (or points) of the band of a published distribution (CMS MIPS)."""

from __future__ import annotations

import enum
import itertools
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from attrs import field, frozen

from cpg_score._convert import to_tuple
from cpg_score._numbers import ONE, ZERO, Exact
from cpg_score._numbers import formula_text as fmt
from cpg_score.errors import ProblemCode
from cpg_score.model.rules._common import (
    Direction,
    RuleBase,
    cell_number,
    choose_formula,
    direction_schema,
    exact,
    num,
    q,
    ref,
)
from cpg_score.model.rules.registry import RuleFields, RuleKind, Scale, register

__all__ = ["Band", "BandsRule", "Edge"]


class Edge(str, enum.Enum):
    """Which band a result lying exactly on a band edge belongs to.

    - `lower` (default): band bounds are inclusive of their lower edge, so a result on an edge
      belongs to the better band (as CMS MIPS decile benchmarks: "inclusive of the lower bound");
    - `upper`: a result on an edge stays in the worse band (the edge must be passed strictly).

    "Lower" and "upper" read in the direction of improvement: for a lower-is-better indicator the
    band's "lower edge" is its start in that direction.
    """

    LOWER = "lower"
    UPPER = "upper"


@frozen
class Band:
    """One band of a [`BandsRule`][cpg_score.BandsRule]: from `start` on, the band earns `rate`.

    Attributes:
        start: Where the band starts, in the direction of improvement.
        rate: The rate it earns (in points mode, points out of the top band's points).
        label: Its name in the published distribution ("décile 7").
    """

    start: Decimal = field(validator=exact)
    rate: Decimal = field(validator=exact)
    label: str = ""


def _check_bands(instance: BandsRule, attribute: Any, bands: tuple[Band, ...]) -> None:
    if not bands:
        raise ValueError("bands must hold at least one band")
    for before, after in itertools.pairwise(bands):
        increasing = before.start < after.start
        if instance.direction is Direction.HIGHER and not increasing:
            raise ValueError(
                f"bands must start at increasing values when higher is better, got {before.start} then "
                f"{after.start}"
            )
        if instance.direction is Direction.LOWER and not before.start > after.start:
            raise ValueError(
                f"bands must start at decreasing values when lower is better, got {before.start} then "
                f"{after.start}"
            )
        if after.rate < before.rate:
            raise ValueError(f"band rates (or points) must not decrease, got {before.rate} then {after.rate}")
    if any(b.rate < 0 for b in bands):
        raise ValueError("band rates (or points) must be >= 0")


@frozen(kw_only=True)
class BandsRule(RuleBase):
    """Benchmark bands: the rate of the band of a published distribution the result falls in.

    Bands are listed in the direction of improvement, each from its `start`. Below the first
    band the rate is `below`. A result exactly on an edge follows `edge` (see
    [`Edge`][cpg_score.Edge]). In points mode (`points=True`) each band carries points and the rate
    is the band's points over the top band's points (decile 7 of 10: 7 / 10).

    Examples:
        >>> rule = BandsRule(bands=(Band(Decimal("0.80"), Decimal("0.5")), Band(Decimal("0.90"), ONE)))
        >>> rule.achievement(Decimal("0.90"))  # on the edge: the band above (inclusive lower bound)
        Fraction(1, 1)
    """

    type: ClassVar[str] = "bands"
    bands: tuple[Band, ...] = field(converter=to_tuple, validator=_check_bands)
    direction: Direction = field(default=Direction.HIGHER, converter=Direction)
    edge: Edge = field(default=Edge.LOWER, converter=Edge)
    below: Decimal = field(default=ZERO, validator=exact)
    points: bool = False

    def __attrs_post_init__(self) -> None:
        if self.below < 0:
            raise ValueError(f"below must be >= 0, got {self.below}")
        if self.bands and self.bands[0].rate < self.below:
            raise ValueError(
                f"the first band's rate ({self.bands[0].rate}) is below the rate under the first band "
                f"({self.below})"
            )
        if not self.points and any(b.rate > ONE for b in self.bands):
            raise ValueError("band rates must be between 0 and 1 (or declare points)")
        if self.points and self.bands and self.bands[-1].rate == ZERO:
            raise ValueError("the top band must carry points")

    @property
    def out_of(self) -> Decimal:
        """What a rate is relative to: the top band's points (1 in rate mode)."""
        return self.bands[-1].rate if self.points else ONE

    def _in(self, value: Exact, start: Decimal) -> bool:
        if self.direction is Direction.HIGHER:
            return value >= start if self.edge is Edge.LOWER else value > start
        return value <= start if self.edge is Edge.LOWER else value < start

    def band_for(self, value: Exact) -> Band | None:
        """The band `value` falls in, or None below the first."""
        found = None
        for band in self.bands:
            if self._in(value, band.start):
                found = band
        return found

    def achievement(self, value: Exact) -> Fraction:
        """Return the rate of the band `value` falls in (points / top points in points mode)."""
        band = self.band_for(value)
        earned = q(self.below if band is None else band.rate)
        return earned if self.out_of == ONE else earned / q(self.out_of)

    def explain(self, value: Exact) -> str:
        """Describe the computation."""
        band = self.band_for(value)
        strict = self.edge is Edge.UPPER
        sign = (">" if strict else ">=") if self.direction is Direction.HIGHER else ("<" if strict else "<=")
        unit = " points" if self.points else ""
        tail = f" / {fmt(self.out_of)}{unit} = {fmt(self.achievement(value))}" if self.points else ""
        if band is None:
            first = fmt(self.bands[0].start)
            return f"result {fmt(value)} is in no band (first: {sign} {first}): {fmt(self.below)}{unit}{tail}"
        name = f" ({band.label})" if band.label else ""
        edge = f"; edge rule: {self.edge.value} bound inclusive"
        return (
            f"result {fmt(value)} {sign} {fmt(band.start)}: band{name} earns {fmt(band.rate)}{unit}"
            f"{tail}{edge}"
        )

    def spreadsheet(self, x: str) -> str:
        """In a spreadsheet: nested IFs from the top band down, the result in `x`.

        `IF(x>=0.9,1,IF(x>=0.8,0.5,0))`: `>=` with `edge: lower`, `>` with `edge: upper` (`<=`,
        `<` when lower is better); in points mode each rate is the band's points over the top
        band's, exactly (`(7/3)` when it does not terminate).
        """
        sign = {Direction.HIGHER: ">=", Direction.LOWER: "<="}[self.direction]
        if self.edge is Edge.UPPER:
            sign = sign[0]
        out_of = q(self.out_of)
        bands = [(f"{x}{sign}{cell_number(b.start)}", q(b.rate) / out_of) for b in reversed(self.bands)]
        return choose_formula(bands, q(self.below) / out_of)

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The band starts."""
        return tuple(b.start for b in self.bands)

    def on_target(self) -> Decimal:
        """The start of the top band."""
        return self.bands[-1].start

    def to_data(self) -> dict[str, Any]:
        """Type, direction, edge, below and the bands."""
        key = "points" if self.points else "rate"
        bands = []
        for b in self.bands:
            band = {"from": num(b.start), key: num(b.rate)}
            if b.label:
                band["label"] = b.label
            bands.append(band)
        return {
            "type": "bands",
            "direction": self.direction.value,
            "edge": self.edge.value,
            "below": num(self.below),
            "bands": bands,
        }


def _read_band(item: RuleFields, modes: set[str]) -> Band | None:
    given = [k for k in ("rate", "points") if item.has(k)]
    if len(given) != 1:
        code = ProblemCode.INVALID if given else ProblemCode.MISSING_KEY  # both given, or neither
        item.error(None, "a band gives either `rate` or `points`", code=code)
        return None
    modes.add(given[0])
    start = item.number("from")
    if given[0] == "rate":
        earned = item.number("rate", scale=Scale.SHARE)
    else:
        earned = item.number("points", scale=Scale.PLAIN, minimum=ZERO)
    label = item.text("label", "")
    if start is None or earned is None or label is None:
        return None
    return Band(start, earned, label)


def _read(fields: RuleFields) -> BandsRule | None:
    direction = fields.choice("direction", [d.value for d in Direction], "higher")
    edge = fields.choice("edge", [e.value for e in Edge], "lower")
    bands: list[Band] = []
    ok = True
    modes: set[str] = set()
    for item in fields.items("bands", ["from"], ["rate", "points", "label"]):
        band = None if item is None else _read_band(item, modes)
        ok = ok and band is not None
        bands.extend([band] if band is not None else [])
    if len(modes) > 1:
        fields.error("bands", "bands must all give `rate`, or all give `points`", code=ProblemCode.INVALID)
        return None
    points = modes == {"points"}
    below = ZERO
    if fields.has("below"):
        read = (
            fields.number("below", scale=Scale.PLAIN, minimum=ZERO)
            if points
            else fields.number("below", scale=Scale.SHARE)
        )
        ok = ok and read is not None
        below = read if read is not None else below
    if not ok or direction is None or edge is None or not bands:
        return None
    return fields.build(
        BandsRule,
        at="bands",
        bands=bands,
        direction=Direction(direction),
        edge=Edge(edge),
        below=below,
        points=points,
    )


KIND = register(
    RuleKind(
        type="bands",
        cls=BandsRule,
        read=_read,
        required=("bands",),
        optional=("direction", "edge", "below"),
        schema={
            "bands": {
                "type": "array",
                "minItems": 1,
                "items": ref("band"),
                "description": "Benchmark bands, in the direction of improvement.",
            },
            "direction": direction_schema("Which way is better."),
            "edge": {
                "enum": [e.value for e in Edge],
                "default": "lower",
                "description": "Which band a result exactly on an edge belongs to.",
            },
            "below": {
                **ref("weight"),
                "default": 0,
                "description": (
                    "What a result below the first band earns (a share, or points in points mode)."
                ),
            },
        },
        defs={
            "band": {
                "type": "object",
                "description": "A band: from its start, it earns `rate` (a share) or `points`.",
                "required": ["from"],
                "additionalProperties": False,
                "properties": {
                    "from": ref("number"),
                    "rate": ref("share"),
                    "points": ref("points"),
                    "label": ref("text"),
                },
                "oneOf": [{"required": ["rate"]}, {"required": ["points"]}],
            }
        },
    )
)
