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
| `bands` | the rate (or points) of the band of a published distribution the result is in | CMS MIPS |
| `improvement` | max(achievement, clamp((R − B) / (O − B), 0, 1)), B: baseline | CMS Hospital VBP |
| `blend` | w_level × level rule(R) + w_progress × progress rule(R − B) | level-and-progress schemes |

A `linear` rule may declare a `cap` above 100 %: the line then goes on past the target up to that
rate, and the part above 1 is a bonus, paid only up to the objective's `bonus` ceiling. Every other
rate lies in [0, 1], and every rule is monotone in the result (non-decreasing when higher is
better, non-increasing when lower is better).

The `improvement` and `blend` rules use the entity's own baseline (its result in the baseline
period: the `baseline` of a results entry). The engine binds it with
`with_baseline` before scoring, so `achievement` keeps one argument.

A rule's parameters are the grid's `Decimal` inputs; `achievement` takes a result (a `Decimal`
or an exact `Fraction`) and returns the rate as an exact `fractions.Fraction`: no quotient is
cut (see the "Rounding" concept page).
"""

from __future__ import annotations

import enum
import itertools
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, ClassVar, Union

from attrs import evolve, field, frozen

from cpg_score._args import expect_exact
from cpg_score._convert import to_tuple
from cpg_score._numbers import EXACT, Exact, round_half_up

__all__ = [
    "Band",
    "BandsRule",
    "BaseRule",
    "BinaryRule",
    "BlendRule",
    "Direction",
    "Edge",
    "ImprovementRule",
    "LinearRule",
    "RateRule",
    "Rule",
    "Step",
    "StepsRule",
    "needs_baseline",
    "rule_target",
    "with_baseline",
]

ZERO = Decimal(0)
ONE = Decimal(1)
_ZERO = Fraction(0)
_ONE = Fraction(1)


def _q(value: Exact) -> Fraction:
    """The exact rational value of an input or a figure."""
    return value if type(value) is Fraction else Fraction(value)


def _exact(instance: Any, attribute: Any, value: Decimal) -> None:
    expect_exact(attribute.name, value)


def _optional_exact(instance: Any, attribute: Any, value: Decimal | None) -> None:
    if value is not None:
        expect_exact(attribute.name, value)


class Direction(str, enum.Enum):
    """Which way is better for a result."""

    HIGHER = "higher"
    LOWER = "lower"


def _clamp(value: Fraction, top: Fraction = _ONE) -> Fraction:
    if value < 0:
        return _ZERO
    return top if value > top else value


def _share(instance: Any, attribute: Any, value: Decimal) -> None:
    expect_exact(attribute.name, value)
    if not ZERO <= value <= ONE:
        raise ValueError(f"{attribute.name} must be between 0 and 1 (0 % and 100 %), got {value}")


def _fmt(value: Exact) -> str:
    """Show a value for a human: exact up to 6 decimals, rounded half up beyond (marked ~).

    A `Decimal` shows as written (`0.50`); a `Fraction` shows its exact decimal when it has at
    most 6 places. Never `-0`.
    """
    if isinstance(value, Decimal):
        if value.as_tuple().exponent >= -6:  # type: ignore[operator]
            return format(value, "f").removeprefix("-") if value == 0 else format(value, "f")
        rounded = round_half_up(value, 6)
    else:
        exact = _q(value)
        whole, rest = divmod(exact.numerator * 1_000_000, exact.denominator)
        if not rest:  # at most 6 places: exact
            text = format(Decimal(whole).scaleb(-6, EXACT).normalize(EXACT), "f")
            return "0" if text in ("0", "-0") else text
        rounded = round_half_up(exact, 6)
    text = format(rounded.normalize(), "f")
    return "~" + ("0" if text in ("0", "-0") else text)


@frozen
class RateRule:
    """The result is the achievement rate itself (a share between 0 and 1).

    This is how the published CPG tables read: "99,24 %" is the objective's achievement.

    Examples:
        >>> RateRule().achievement(Decimal("0.9924"))
        Fraction(2481, 2500)
    """

    type: ClassVar[str] = "rate"

    def achievement(self, value: Exact) -> Fraction:
        """Return the value, clamped to [0, 1]."""
        return _clamp(_q(value))

    def explain(self, value: Exact) -> str:
        """Describe the computation."""
        clamped = _clamp(_q(value)) != value
        return f"rate = result = {_fmt(value)}" + (" (clamped to [0, 1])" if clamped else "")

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
        Fraction(1, 2)
    """

    type: ClassVar[str] = "linear"
    floor: Decimal = field(validator=_exact)
    target: Decimal = field(validator=_exact)
    #: The highest rate: 1 (the default) clamps at the target; above 1 the line goes on past the
    #: target and the excess is a bonus (paid up to the objective's bonus ceiling).
    cap: Decimal = field(default=ONE, validator=_exact)
    # The floor, target - floor and cap as exact rationals, computed once.
    _fractions: tuple[Fraction, Fraction, Fraction] = field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if self.floor == self.target:
            raise ValueError(f"floor must differ from target, both are {self.floor}")
        if self.cap < ONE:
            raise ValueError(f"cap must be at least 1 (100 %), got {self.cap}")
        floor = _q(self.floor)
        object.__setattr__(self, "_fractions", (floor, _q(self.target) - floor, _q(self.cap)))

    def _raw(self, value: Exact) -> Fraction:
        floor, span, _ = self._fractions
        return (_q(value) - floor) / span

    @property
    def direction(self) -> Direction:
        """Higher is better when the target is above the floor."""
        return Direction.HIGHER if self.target > self.floor else Direction.LOWER

    def achievement(self, value: Exact) -> Fraction:
        """Return clamp((value - floor) / (target - floor), 0, cap)."""
        return _clamp(self._raw(value), self._fractions[2])

    def explain(self, value: Exact) -> str:
        """Describe the computation."""
        cap = _fmt(self.cap)
        return (
            f"rate = clamp((R - S) / (O - S), 0, {cap}) = clamp(({_fmt(value)} - {_fmt(self.floor)}) / "
            f"({_fmt(self.target)} - {_fmt(self.floor)}), 0, {cap}) = {_fmt(self.achievement(value))}"
        )

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The floor and the target (and the result reaching the cap, when above 1)."""
        if self.cap == ONE:
            return (self.floor, self.target)
        with localcontext(EXACT):
            return (self.floor, self.target, self.floor + self.cap * (self.target - self.floor))


@frozen
class Step:
    """One step of a [`StepsRule`][cpg_score.StepsRule]: reaching `threshold` earns `rate`."""

    threshold: Decimal = field(validator=_exact)
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
        Fraction(2, 5)
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

    def _reached(self, value: Exact, threshold: Decimal) -> bool:
        return value >= threshold if self.direction is Direction.HIGHER else value <= threshold

    def step_for(self, value: Exact) -> Step | None:
        """Return the last step reached by `value`, or None below the first."""
        reached = None
        for step in self.steps:
            if self._reached(value, step.threshold):
                reached = step
        return reached

    def achievement(self, value: Exact) -> Fraction:
        """Return the rate of the last step reached."""
        step = self.step_for(value)
        return _q(self.below if step is None else step.rate)

    def explain(self, value: Exact) -> str:
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
        Fraction(1, 1)
    """

    type: ClassVar[str] = "binary"
    threshold: Decimal | None = field(default=None, validator=_optional_exact)
    direction: Direction = field(default=Direction.HIGHER, converter=Direction)

    def met(self, value: Exact) -> bool:
        """Whether the result meets the threshold."""
        if self.threshold is None:
            return value >= ONE
        return value >= self.threshold if self.direction is Direction.HIGHER else value <= self.threshold

    def achievement(self, value: Exact) -> Fraction:
        """Return 1 when met, else 0."""
        return _ONE if self.met(value) else _ZERO

    def explain(self, value: Exact) -> str:
        """Describe the computation."""
        if self.threshold is None:
            return f"result {'met' if self.met(value) else 'not met'}: rate = {self.achievement(value)}"
        sign = ">=" if self.direction is Direction.HIGHER else "<="
        verdict = "met" if self.met(value) else "not met"
        return f"{_fmt(value)} {sign} {_fmt(self.threshold)} {verdict}: rate = {self.achievement(value)}"

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The threshold."""
        return (ONE,) if self.threshold is None else (self.threshold,)


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

    start: Decimal = field(validator=_exact)
    rate: Decimal = field(validator=_exact)
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


@frozen
class BandsRule:
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
    below: Decimal = field(default=ZERO, validator=_exact)
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
        earned = _q(self.below if band is None else band.rate)
        return earned if self.out_of == ONE else earned / _q(self.out_of)

    def explain(self, value: Exact) -> str:
        """Describe the computation."""
        band = self.band_for(value)
        strict = self.edge is Edge.UPPER
        sign = (">" if strict else ">=") if self.direction is Direction.HIGHER else ("<" if strict else "<=")
        unit = " points" if self.points else ""
        tail = f" / {_fmt(self.out_of)}{unit} = {_fmt(self.achievement(value))}" if self.points else ""
        if band is None:
            first = _fmt(self.bands[0].start)
            return (
                f"result {_fmt(value)} is in no band (first: {sign} {first}): {_fmt(self.below)}{unit}{tail}"
            )
        name = f" ({band.label})" if band.label else ""
        edge = f"; edge rule: {self.edge.value} bound inclusive"
        return (
            f"result {_fmt(value)} {sign} {_fmt(band.start)}: band{name} earns {_fmt(band.rate)}{unit}"
            f"{tail}{edge}"
        )

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The band starts."""
        return tuple(b.start for b in self.bands)


#: A rule scoring one result on its own (the base of an improvement or blend rule).
BaseRule = Union[RateRule, LinearRule, StepsRule, BinaryRule, BandsRule]  # noqa: UP007 (Python 3.10)


def rule_target(rule: BaseRule) -> Decimal:
    """The result a rule counts as "on target": where its rate first reaches its best.

    linear: its target; steps: the last threshold; binary: its threshold (1 without one);
    bands: the start of the top band; rate: 1.
    """
    if isinstance(rule, LinearRule):
        return rule.target
    if isinstance(rule, StepsRule):
        return rule.steps[-1].threshold
    if isinstance(rule, BinaryRule):
        return ONE if rule.threshold is None else rule.threshold
    if isinstance(rule, BandsRule):
        return rule.bands[-1].start
    return ONE


def _check_capped(instance: Any, attribute: Any, rule: BaseRule) -> None:
    if isinstance(rule, LinearRule) and rule.cap != ONE:
        raise ValueError(f"the {attribute.name} rule cannot have a cap above 100 %")


@frozen
class ImprovementRule:
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
    base: BaseRule = field(validator=_check_capped)
    target: Decimal | None = field(default=None, validator=_optional_exact)
    baseline: Decimal | None = field(default=None, validator=_optional_exact)

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
        baseline = _q(self.baseline)
        return _clamp((_q(value) - baseline) / (_q(self.goal) - baseline))

    def counted(self, value: Exact) -> str:
        """Which rate counted: `achievement` or `improvement` (achievement on a tie)."""
        improvement = self.improvement(value)
        if improvement is not None and improvement > self.base.achievement(value):
            return "improvement"
        return "achievement"

    def achievement(self, value: Exact) -> Fraction:
        """Return the better of the base rule's rate and the improvement rate."""
        improvement = self.improvement(value)
        level = self.base.achievement(value)
        return level if improvement is None else max(level, improvement)

    def explain(self, value: Exact) -> str:
        """Describe the computation, saying which rate counted."""
        level = f"achievement: {self.base.explain(value)}"
        if self.baseline is None:
            return f"{level}; no baseline given: achievement counts"
        if not self.improvable():
            return (
                f"{level}; baseline {_fmt(self.baseline)} already reaches the target {_fmt(self.goal)}: "
                "improvement not used, achievement counts"
            )
        improvement = self.improvement(value)
        assert improvement is not None
        return (
            f"{level}; improvement = clamp((R - B) / (O - B), 0, 1) = clamp(({_fmt(value)} - "
            f"{_fmt(self.baseline)}) / ({_fmt(self.goal)} - {_fmt(self.baseline)}), 0, 1) = "
            f"{_fmt(improvement)}; rate = max = {_fmt(self.achievement(value))} "
            f"({self.counted(value)} counts)"
        )

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The base rule's breakpoints, with the baseline and target when improvable."""
        points = set(self.base.breakpoints())
        if self.improvable():
            assert self.baseline is not None
            points |= {self.baseline, self.goal}
        return tuple(sorted(points))


@frozen
class BlendRule:
    """Level and progress blended: `w_l x level(R) + w_p x progress(R - B)`.

    `level` scores the result; `progress` scores its change since the baseline B (the previous
    period's result), e.g. linear from 0 to +2 points. The weights are declared in the grid and
    add up to 1 (60 % / 40 %). A baseline is required: the engine reports a results entry
    without one.

    Examples:
        >>> rule = BlendRule(LinearRule(Decimal("0.80"), Decimal("0.90")),
        ...                  LinearRule(Decimal("0"), Decimal("0.02")),
        ...                  Decimal("0.6"), Decimal("0.4"), baseline=Decimal("0.84"))
        >>> rule.achievement(Decimal("0.85"))  # 0.6 x 0.5 + 0.4 x 0.5
        Fraction(1, 2)
    """

    type: ClassVar[str] = "blend"
    level: BaseRule = field(validator=_check_capped)
    progress: BaseRule = field(validator=_check_capped)
    level_weight: Decimal = field(validator=_exact)
    progress_weight: Decimal = field(validator=_exact)
    baseline: Decimal | None = field(default=None, validator=_optional_exact)

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
        level = self.level.achievement(value)
        if self.baseline is None:
            return level, None
        return level, self.progress.achievement(_q(value) - _q(self.baseline))

    def achievement(self, value: Exact) -> Fraction:
        """Return the weighted blend (the progress part counts 0 without a baseline)."""
        level, progress = self.parts(value)
        return _q(self.level_weight) * level + _q(self.progress_weight) * (progress or _ZERO)

    def explain(self, value: Exact) -> str:
        """Describe the computation."""
        level, progress = self.parts(value)
        head = f"level: {self.level.explain(value)}"
        if self.baseline is None:
            return f"{head}; no baseline given: progress counts 0; rate = {_fmt(self.achievement(value))}"
        change = _q(value) - _q(self.baseline)
        return (
            f"{head}; progress R - B = {_fmt(value)} - {_fmt(self.baseline)} = {_fmt(change)}: "
            f"{self.progress.explain(change)}; rate = {_fmt(self.level_weight)} x {_fmt(level)} + "
            f"{_fmt(self.progress_weight)} x {_fmt(progress or _ZERO)} = {_fmt(self.achievement(value))}"
        )

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The level rule's breakpoints and the progress rule's, shifted by the baseline."""
        points = set(self.level.breakpoints())
        if self.baseline is not None:
            with localcontext(EXACT):
                points |= {self.baseline + b for b in self.progress.breakpoints()}
        return tuple(sorted(points))


#: Any scoring rule.
Rule = Union[  # noqa: UP007 (a runtime alias, Python 3.10)
    RateRule, LinearRule, StepsRule, BinaryRule, BandsRule, ImprovementRule, BlendRule
]
"""Any scoring rule: [`RateRule`][cpg_score.RateRule], [`LinearRule`][cpg_score.LinearRule],
[`StepsRule`][cpg_score.StepsRule], [`BinaryRule`][cpg_score.BinaryRule],
[`BandsRule`][cpg_score.BandsRule], [`ImprovementRule`][cpg_score.ImprovementRule] or
[`BlendRule`][cpg_score.BlendRule] (the `type` key of a grid file's `rule`)."""


def with_baseline(rule: Rule, baseline: Decimal | None) -> Rule:
    """Bind an entity's baseline to a rule that uses one (improvement, blend); others unchanged."""
    if isinstance(rule, (ImprovementRule, BlendRule)) and baseline is not None:
        return evolve(rule, baseline=baseline)
    return rule


def needs_baseline(rule: Rule) -> bool:
    """Whether a results entry must give a baseline for this rule (a blend's progress part)."""
    return isinstance(rule, BlendRule)
