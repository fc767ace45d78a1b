"""The float fast path: a grid's levers compiled into arrays, for Monte Carlo draws.

Floats are allowed here only: no official score comes from this module. Each lever's rule is
compiled to a float kernel (`rate`, `linear`, `steps`, `binary`, `piecewise`, and `relative` once
bound to a baseline); a rule of another type is
evaluated through its exact `achievement` (slow, but correct), so new rule types need no change
here. The kernels agree with the exact scorer to 1e-9 (tests/test_fast.py).

Each evaluation returns, per draw, the *change* of points against the current values
(`factor x (rate(x) - rate(current))`), so that a draw equal to the current values changes
nothing, exactly; callers add the exact current points.
"""

from __future__ import annotations

import array
import itertools
import math
from bisect import bisect_right
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from attrs import frozen

from cpg_score.model.rules import (
    BinaryRule,
    Direction,
    LinearRule,
    PiecewiseAbove,
    PiecewiseRule,
    RateRule,
    RelativeRule,
    StepsRule,
)
from cpg_score.simulate._levers import Lever

__all__ = [
    "BINS",
    "EXACT_DRAWS",
    "FloatOverflowError",
    "Kernel",
    "StreamingStats",
    "compile_lever",
    "numpy_or_none",
]


def numpy_or_none() -> Any:
    """NumPy when it is installed, else None."""
    try:
        import numpy
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return numpy


@frozen
class Kernel:
    """One lever's rule as float functions.

    Attributes:
        lever: The lever.
        factor: Its factor, as a float.
        scalar: The rate of one float value.
        known: Whether the rule has a native float kernel (else its exact `achievement` is used).
    """

    lever: Lever
    factor: float
    scalar: Callable[[float], float]
    known: bool

    @property
    def current(self) -> float:
        """The rate at the current value, through the same float kernel."""
        return self.scalar(float(self.lever.value))

    def points_change(self, x: float) -> float:
        """Change of points when the value is `x` instead of the current one."""
        return self.factor * (self.scalar(x) - self.current)

    def rates(self, np: Any, x: Any) -> Any:
        """Rates of an array of values (NumPy)."""
        rule = self.lever.rule
        if isinstance(rule, RateRule):
            return np.clip(x, 0.0, 1.0)
        if isinstance(rule, LinearRule):
            floor, target = float(rule.floor), float(rule.target)
            # A cap above 1 earns a bonus only under an objective's bonus ceiling, which the
            # simulations leave to the exact scorer: the rate counted here stops at 1.
            return np.clip((x - floor) / (target - floor), 0.0, 1.0)
        if isinstance(rule, StepsRule):
            out = np.full(x.shape, float(rule.below))
            for step in rule.steps:
                reached = (
                    x >= float(step.threshold)
                    if rule.direction is Direction.HIGHER
                    else x <= float(step.threshold)
                )
                out = np.where(reached, float(step.rate), out)
            return out
        if isinstance(rule, PiecewiseRule):
            return _piecewise_rates(np, rule, x)
        if isinstance(rule, RelativeRule) and rule.floor_value is not None:
            floor, target = _ends(rule)
            if rule.is_threshold:
                met = x >= target if rule.direction is Direction.HIGHER else x <= target
                return met.astype(float)
            return np.clip((x - floor) / (target - floor), 0.0, 1.0)
        if isinstance(rule, BinaryRule):
            if rule.threshold is None:
                return (x >= 1.0).astype(float)
            threshold = float(rule.threshold)
            met = x >= threshold if rule.direction is Direction.HIGHER else x <= threshold
            return met.astype(float)
        return np.frompyfunc(self.scalar, 1, 1)(x).astype(float)

    def points_changes(self, np: Any, x: Any) -> Any:
        """Change of points for an array of values (NumPy)."""
        return self.factor * (self.rates(np, x) - self.current)


def _ends(rule: RelativeRule) -> tuple[float, float]:
    """A bound relative rule's resolved floor and target, as floats."""
    assert rule.floor_value is not None and rule.target_value is not None
    return float(rule.floor_value), float(rule.target_value)


@frozen
class _Piecewise:
    """A piecewise rule as floats: values signed to increase, rates, below, top, extend."""

    sign: float
    values: tuple[float, ...]
    rates: tuple[float, ...]
    below: float
    top: float
    extend: bool

    @classmethod
    def of(cls, rule: PiecewiseRule) -> _Piecewise:
        sign = 1.0 if rule.direction is Direction.HIGHER else -1.0
        return cls(
            sign,
            tuple(sign * float(p.value) for p in rule.points),
            tuple(float(p.rate) for p in rule.points),
            float(rule.below),
            min(float(rule.top), 1.0),  # the rate counted stops at 1 (as for a linear cap)
            rule.above is PiecewiseAbove.EXTEND,
        )

    def extended(self, x: float) -> float:
        """The last segment continued at a signed value `x` (not capped)."""
        v, r = self.values, self.rates
        return r[-2] + (r[-1] - r[-2]) * (x - v[-2]) / (v[-1] - v[-2])

    def rate(self, value: float) -> float:
        """The rate of one value."""
        x, v, r = self.sign * value, self.values, self.rates
        if x < v[0]:
            return self.below
        if x >= v[-1]:
            return min(self.extended(x) if self.extend else r[-1], self.top)
        i = bisect_right(v, x) - 1
        return min(r[i] + (r[i + 1] - r[i]) * (x - v[i]) / (v[i + 1] - v[i]), self.top)


def _piecewise_rates(np: Any, rule: PiecewiseRule, x: Any) -> Any:
    """A piecewise rule's rates of an array of values (NumPy)."""
    shape = _Piecewise.of(rule)
    signed = shape.sign * x
    rates = np.interp(signed, shape.values, shape.rates, left=shape.below)
    if shape.extend:
        rates = np.where(signed > shape.values[-1], shape.extended(signed), rates)
    return np.minimum(rates, shape.top)


def _exact(rule: Any) -> Callable[[float], float]:
    def rate(x: float) -> float:
        # The shortest decimal of the float: the value a person would write (see tests/test_fast.py).
        return min(float(rule.achievement(Decimal(repr(x)))), 1.0)

    return rate


def compile_lever(lever: Lever) -> Kernel:
    """Compile one lever's rule to float kernels."""
    rule = lever.rule
    factor = float(lever.factor)
    if isinstance(rule, RateRule):
        return Kernel(lever, factor, lambda x: min(max(x, 0.0), 1.0), True)
    if isinstance(rule, LinearRule):
        floor, span = float(rule.floor), float(rule.target) - float(rule.floor)
        return Kernel(lever, factor, lambda x: min(max((x - floor) / span, 0.0), 1.0), True)
    if isinstance(rule, StepsRule):
        below = float(rule.below)
        steps = [(float(s.threshold), float(s.rate)) for s in rule.steps]
        higher = rule.direction is Direction.HIGHER

        def steps_rate(x: float) -> float:
            rate = below
            for threshold, step_rate in steps:
                if (x >= threshold) if higher else (x <= threshold):
                    rate = step_rate
            return rate

        return Kernel(lever, factor, steps_rate, True)
    if isinstance(rule, PiecewiseRule):
        return Kernel(lever, factor, _Piecewise.of(rule).rate, True)
    if isinstance(rule, RelativeRule) and rule.floor_value is not None:
        return _relative_kernel(lever, factor, rule)
    if isinstance(rule, BinaryRule):
        if rule.threshold is None:
            return Kernel(lever, factor, lambda x: 1.0 if x >= 1.0 else 0.0, True)
        threshold = float(rule.threshold)
        if rule.direction is Direction.HIGHER:
            return Kernel(lever, factor, lambda x: 1.0 if x >= threshold else 0.0, True)
        return Kernel(lever, factor, lambda x: 1.0 if x <= threshold else 0.0, True)
    return Kernel(lever, factor, _exact(rule), False)


def _relative_kernel(lever: Lever, factor: float, rule: RelativeRule) -> Kernel:
    """A bound relative rule: linear on its resolved bounds (a threshold when they are equal)."""
    floor, target = _ends(rule)
    if rule.is_threshold:
        if rule.direction is Direction.HIGHER:
            return Kernel(lever, factor, lambda x: 1.0 if x >= target else 0.0, True)
        return Kernel(lever, factor, lambda x: 1.0 if x <= target else 0.0, True)
    span = target - floor
    return Kernel(lever, factor, lambda x: min(max((x - floor) / span, 0.0), 1.0), True)


#: Draws whose every value a `StreamingStats` keeps (percentiles from the exact order statistics).
EXACT_DRAWS = 131_072
#: Bins of the percentile histogram used beyond `EXACT_DRAWS` draws.
BINS = 65_536
#: Narrowest first bin width (a figure that has not moved yet).
_NARROWEST = 1e-9


class FloatOverflowError(ArithmeticError):
    """A simulated figure is not a finite float (a value too large for the float fast path)."""


class StreamingStats:
    """One figure's float changes over the draws, in memory flat in the number of draws.

    Chunks of changes are added in order. The mean is the sum of the chunk sums over the count;
    the variance merges each chunk's sum of squared deviations (Chan et al.); the smallest and
    largest values are kept. Percentiles use the same definition as NumPy's default ("linear"
    interpolation between order statistics):

    - up to `EXACT_DRAWS` draws, every value is kept: the percentiles are exact;
    - beyond, the values are counted in a histogram of `BINS` bins. Its range starts at twice the
      span of the first `EXACT_DRAWS` values and doubles (merging neighbouring bins) whenever a
      value falls outside. An order statistic lies in the bin the counts point to, so each
      percentile is within one bin width (`error`) of the exact one; it is also clamped to
      [min, max], so a figure that never moves gives its exact value.

    Memory: at most `EXACT_DRAWS` floats plus `BINS` counts, whatever the number of draws.
    """

    def __init__(self, np: Any, exact_draws: int | None = None) -> None:
        """Start empty.

        Args:
            np: NumPy (chunks are arrays) or None (chunks are sequences of floats).
            exact_draws: Values kept for exact percentiles (None: `EXACT_DRAWS`).
        """
        self.np = np
        self.exact_draws = EXACT_DRAWS if exact_draws is None else exact_draws
        self.count = 0
        self.sums: list[float] = []
        self.mean = 0.0
        self.m2 = 0.0
        self.low = math.inf
        self.high = -math.inf
        self.kept: list[Any] | None = []
        self.counts: Any = None
        self.origin = 0.0
        self.width = 0.0

    @property
    def error(self) -> float:
        """The bound on a percentile's error (0 while every value is kept)."""
        return 0.0 if self.kept is not None else self.width

    def add(self, chunk: Any) -> None:
        """Add a chunk of changes (a NumPy array, or a sequence of floats without NumPy).

        Raises:
            FloatOverflowError: A value is infinite or not a number, or the chunk overflows.
        """
        n = len(chunk)
        if n == 0:
            return
        low, high, total, m2 = self._moments(chunk)
        mean = total / n
        merged = self.count + n
        delta = mean - self.mean
        self.m2 += m2 + delta * delta * self.count * n / merged
        self.mean += delta * n / merged
        self.count = merged
        self.sums.append(total)
        self.low, self.high = min(self.low, low), max(self.high, high)
        if not math.isfinite(self.m2):
            raise FloatOverflowError("the spread of a simulated figure is too large for floats")
        if self.kept is not None:
            self.kept.append(chunk if self.np is not None else array.array("d", chunk))
            if self.count > self.exact_draws:
                self._start_histogram()
        else:
            self._count(chunk, low, high)

    def _moments(self, chunk: Any) -> tuple[float, float, float, float]:
        np = self.np
        try:
            if np is not None:
                with np.errstate(all="ignore"):  # an overflow is reported below, as ours
                    low, high, total = float(chunk.min()), float(chunk.max()), float(chunk.sum())
                    m2 = float(np.square(chunk - total / len(chunk)).sum())
            else:
                low, high, total = min(chunk), max(chunk), math.fsum(chunk)
                mean = total / len(chunk)
                m2 = math.fsum((x - mean) * (x - mean) for x in chunk)
        except OverflowError:
            raise FloatOverflowError("a simulated figure is too large for floats") from None
        if not all(math.isfinite(x) for x in (low, high, total, m2)):
            raise FloatOverflowError("a simulated figure is too large for floats (or not a number)")
        return low, high, total, m2

    def _start_histogram(self) -> None:
        span = max(self.high - self.low, _NARROWEST)
        self.width = 2 * span / BINS
        self.origin = (self.low + self.high) / 2 - span
        self.counts = self.np.zeros(BINS, dtype=self.np.int64) if self.np is not None else [0] * BINS
        kept, self.kept = self.kept or [], None
        for chunk in kept:
            if self.np is not None:
                self._count(chunk, float(chunk.min()), float(chunk.max()))
            else:
                self._count(chunk, min(chunk), max(chunk))

    def _grow(self, low: float, high: float) -> None:
        half = BINS // 2
        while low < self.origin or high >= self.origin + BINS * self.width:
            np, counts = self.np, self.counts
            if np is not None:
                merged = counts.reshape(half, 2).sum(axis=1)
                grown = np.zeros(BINS, dtype=np.int64)
            else:
                merged = [counts[2 * i] + counts[2 * i + 1] for i in range(half)]
                grown = [0] * BINS
            if low < self.origin:
                grown[half:] = merged
                self.origin -= BINS * self.width
            else:
                grown[:half] = merged
            self.counts = grown
            self.width *= 2
            if not math.isfinite(self.origin + BINS * self.width):
                raise FloatOverflowError("a simulated figure is too large for floats")

    def _count(self, chunk: Any, low: float, high: float) -> None:
        self._grow(low, high)
        last = BINS - 1
        if self.np is not None:
            np = self.np
            index = np.clip(((chunk - self.origin) / self.width).astype(np.int64), 0, last)
            self.counts += np.bincount(index, minlength=BINS)
            return
        counts, origin, width = self.counts, self.origin, self.width
        for x in chunk:
            counts[min(max(int((x - origin) / width), 0), last)] += 1

    def mean_change(self) -> float:
        """The mean (the chunk sums added exactly, then divided by the count)."""
        return math.fsum(self.sums) / self.count

    def sd(self) -> float:
        """The standard deviation (population)."""
        return math.sqrt(max(self.m2 / self.count, 0.0))

    def percentiles(self, qs: Sequence[int]) -> list[float]:
        """The q-th percentiles ("linear" definition; within `error` of the exact ones)."""
        if self.kept is not None:
            return self._exact_percentiles(qs)
        np = self.np
        cumulative = np.cumsum(self.counts) if np is not None else list(itertools.accumulate(self.counts))

        def order(k: int) -> float:
            # The k-th smallest value (0-based) is in the bin where the counts pass k.
            i = (
                int(np.searchsorted(cumulative, k, side="right"))
                if np is not None
                else bisect_right(cumulative, k)
            )
            before = int(cumulative[i - 1]) if i else 0
            inside = (k - before + 0.5) / int(self.counts[i])
            return min(max(self.origin + (i + inside) * self.width, self.low), self.high)

        out = []
        for q in qs:
            position = q / 100 * (self.count - 1)
            below = math.floor(position)
            a, b = order(below), order(min(below + 1, self.count - 1))
            out.append(a + (b - a) * (position - below))
        return out

    def _exact_percentiles(self, qs: Sequence[int]) -> list[float]:
        np = self.np
        if np is not None:
            values = np.concatenate(self.kept)
            return [float(v) for v in np.percentile(values, qs)]
        ordered = sorted(itertools.chain.from_iterable(self.kept or []))
        n = len(ordered)
        out = []
        for q in qs:
            position = q / 100 * (n - 1)
            low = math.floor(position)
            high = min(low + 1, n - 1)
            out.append(ordered[low] + (ordered[high] - ordered[low]) * (position - low))
        return out
