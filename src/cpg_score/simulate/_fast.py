"""The float fast path: a grid's levers compiled into arrays, for Monte Carlo draws.

Floats are allowed here only: no official score comes from this module. Each lever's rule is
compiled to a float kernel (`rate`, `linear`, `steps`, `binary`); a rule of another type is
evaluated through its exact `achievement` (slow, but correct), so new rule types need no change
here. The kernels agree with the exact scorer to 1e-9 (tests/test_fast.py).

Each evaluation returns, per draw, the *change* of points against the current values
(`factor x (rate(x) - rate(current))`), so that a draw equal to the current values changes
nothing, exactly; callers add the exact current points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from attrs import frozen

from ..rules import BinaryRule, Direction, LinearRule, RateRule, StepsRule
from ._levers import Lever

__all__ = ["Kernel", "compile_lever", "numpy_or_none"]


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
    if isinstance(rule, BinaryRule):
        if rule.threshold is None:
            return Kernel(lever, factor, lambda x: 1.0 if x >= 1.0 else 0.0, True)
        threshold = float(rule.threshold)
        if rule.direction is Direction.HIGHER:
            return Kernel(lever, factor, lambda x: 1.0 if x >= threshold else 0.0, True)
        return Kernel(lever, factor, lambda x: 1.0 if x <= threshold else 0.0, True)
    return Kernel(lever, factor, _exact(rule), False)


def total_change(kernels: Sequence[Kernel], values: Sequence[float]) -> float:
    """The change of the total for one draw (pure Python)."""
    return sum(k.points_change(x) for k, x in zip(kernels, values, strict=True))
