"""The parameters of a profit-sharing grid (intéressement): envelope, FTE, shares, weights, rates."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from attrs import field, frozen

from cpg_score._args import expect, expect_exact
from cpg_score._numbers import F0, Exact, to_fraction

__all__ = ["MAX_ENVELOPE", "MAX_FTE", "MIN_FTE", "ProfitSharing", "range_problem"]


#: The largest envelope, in euros.
MAX_ENVELOPE = Decimal("1e15")
#: The fewest and the most full-time equivalents.
MIN_FTE = Decimal("0.01")
MAX_FTE = Decimal("1e7")


def range_problem(name: str, value: Exact) -> str | None:
    """Why an envelope or a FTE count is out of its range (`None`: in range)."""
    """Why `value` is out of range for the envelope or the FTE count, or None."""
    if name == "envelope" and not 0 < value <= MAX_ENVELOPE:
        return f"envelope must be above 0 and at most 1e15 euros, got {value}"
    if name == "fte" and not MIN_FTE <= value <= MAX_FTE:
        return f"fte must be between 0.01 and 1e7 full-time equivalents, got {value}"
    return None


def _amount(instance: Any, attribute: Any, value: Any) -> None:
    expect_exact(attribute.name, value)
    problem = range_problem(attribute.name, value)
    if problem is not None:
        raise ValueError(problem)


def _share(instance: Any, attribute: Any, value: Any) -> None:
    expect_exact(attribute.name, value)
    if not 0 <= value <= 1:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value}")


def _themes(instance: Any, attribute: Any, value: Any) -> None:
    expect(attribute.name, value, Mapping, "a mapping of theme to a number")
    for theme, number in value.items():
        expect(f"{attribute.name} key", theme, str, "a theme name")
        expect_exact(f"{attribute.name}[{theme!r}]", number)
        if number < 0:
            raise ValueError(f"{attribute.name}[{theme!r}] must be >= 0, got {number}")


@frozen(kw_only=True)
class ProfitSharing:
    """The parameters of a profit-sharing scheme (exact numbers: `int`, `Decimal` or `Fraction`).

    Attributes:
        envelope: The amount to share (euros), above 0 and at most 10^15.
        fte: Eligible full-time equivalents, from 0.01 to 10^7.
        local_share: The part of the envelope driven by the local success rate.
        national_share: The part driven by the national themes.
        weights: National themes' weights, by theme.
        rates: National themes' achievement rates, by theme.
        trigger: A local rate at or below it pays nothing locally (50 % in the agreement).
    """

    envelope: Decimal = field(validator=_amount)
    fte: Decimal = field(validator=_amount)
    local_share: Decimal = field(validator=_share)
    national_share: Decimal = field(validator=_share)
    weights: Mapping[str, Decimal] = field(factory=dict, validator=_themes)
    rates: Mapping[str, Decimal] = field(factory=dict, validator=_themes)
    trigger: Decimal = field(default=Decimal("0.5"), validator=_share)

    def __attrs_post_init__(self) -> None:
        if to_fraction(self.local_share) + to_fraction(self.national_share) != 1:
            raise ValueError(f"split must add up to 100 %, got {self.local_share} + {self.national_share}")
        if set(self.weights) != set(self.rates):
            raise ValueError("every national theme needs a weight and a rate, and only those")
        if any(rate > 1 for rate in self.rates.values()):
            raise ValueError("a national theme's rate must be between 0 and 1")
        if self.national_share > 0 and sum(to_fraction(w) for w in self.weights.values()) == 0:
            raise ValueError("the national themes' weights are all 0")

    @property
    def national_rate(self) -> Fraction:
        """The weighted mean of the national themes' rates, exactly."""
        total = sum((to_fraction(w) for w in self.weights.values()), F0)
        if total == 0:
            return F0
        weighted = sum((to_fraction(w) * to_fraction(self.rates[t]) for t, w in self.weights.items()), F0)
        return weighted / total

    def local_applied(self, local_rate: Exact | None) -> Fraction:
        """The local rate after the trigger: 0 at or below it (or when undefined), the rate above."""
        if local_rate is None or local_rate <= self.trigger:
            return F0
        return to_fraction(local_rate)

    def rate(self, local_rate: Exact | None) -> Fraction:
        """The combined rate: local share x local rate applied + national share x national rate."""
        local = to_fraction(self.local_share) * self.local_applied(local_rate)
        return local + to_fraction(self.national_share) * self.national_rate

    def per_fte(self, local_rate: Exact | None) -> Fraction:
        """The amount per full-time equivalent: envelope / FTE x combined rate, exactly."""
        return to_fraction(self.envelope) / to_fraction(self.fte) * self.rate(local_rate)

    def amount(self, local_rate: Exact | None) -> Fraction:
        """The amount paid: envelope x combined rate (= amount per FTE x FTE), exactly."""
        return to_fraction(self.envelope) * self.rate(local_rate)

    def per_fte_float(self, local_rate: float) -> float:
        """The same, in float (for Monte Carlo draws)."""
        applied = 0.0 if local_rate <= float(self.trigger) else local_rate
        rate = float(self.local_share) * applied + float(self.national_share) * float(self.national_rate)
        return float(self.envelope) / float(self.fte) * rate
