"""The shape of a lever's points as its value improves: linear pieces and jumps.

Improvement is measured as a distance `x >= 0` from the current value in the rule's direction
of improvement (up when higher is better, down when lower is better). Between two consecutive
breakpoints a rule is linear (true of every shipped rule: rate, linear, steps, binary; a rule
that is not would make `Profile` approximate between its breakpoints), so the points
`g(x)` gained are known from a few exact evaluations of `rule.achievement`.
"""

from __future__ import annotations

import itertools
from decimal import Decimal, localcontext

from attrs import frozen

from .._numbers import CONTEXT
from ..rules import Direction
from ._levers import Lever, breakpoints_of

__all__ = ["Piece", "Profile", "profile"]

ZERO = Decimal(0)
ONE = Decimal(1)
TWO = Decimal(2)


@frozen
class Piece:
    """A linear piece of `g` between two improvement distances.

    Attributes:
        start: Distance where it starts.
        end: Distance where it ends.
        at_start: Points gained at `start` (a jump there included).
        slope: Points gained per unit of distance inside the piece.
        jump_at_end: Points jumped when `end` is reached (a step, a binary threshold).
    """

    start: Decimal
    end: Decimal
    at_start: Decimal
    slope: Decimal
    jump_at_end: Decimal


@frozen
class Profile:
    """`g(x)`: the points a lever gains when improved by `x`, up to `limit`.

    Attributes:
        lever: The lever.
        sign: +1 when improving raises the value, -1 when it lowers it.
        limit: The largest useful distance (a bound, the domain's edge or the last breakpoint).
        pieces: The pieces from 0 to `limit`.
        headroom: Points still available: the most `g` reaches up to `limit`.
    """

    lever: Lever
    sign: int
    limit: Decimal
    pieces: tuple[Piece, ...]
    headroom: Decimal

    def value_at(self, x: Decimal) -> Decimal:
        """The lever's value once improved by `x`."""
        with localcontext(CONTEXT):
            return self.lever.value + self.sign * x

    def gain(self, x: Decimal) -> Decimal:
        """Points gained at distance `x` (exact, from the rule)."""
        with localcontext(CONTEXT):
            return self.lever.points_at(self.value_at(x)) - self.lever.points


def profile(lever: Lever, bound: Decimal | None = None) -> Profile:
    """Build the profile of a lever, up to an optional bound on its value.

    Args:
        lever: The lever.
        bound: The furthest value it can reach (in its direction of improvement), if limited.

    Returns:
        Its profile.
    """
    sign = 1 if lever.direction is Direction.HIGHER else -1
    low, high = lever.domain()
    edge = high if sign > 0 else low
    with localcontext(CONTEXT):
        ahead = sorted(
            {sign * (b - lever.value) for b in breakpoints_of(lever.rule) if sign * (b - lever.value) > 0}
        )
        if edge is not None:
            ahead = [x for x in ahead if x < sign * (edge - lever.value)]
            limit = max(sign * (edge - lever.value), ZERO)
        else:
            limit = ahead[-1] if ahead else ZERO
        if bound is not None:
            limit = min(limit, max(sign * (bound - lever.value), ZERO))
        marks = [ZERO, *[x for x in ahead if x < limit], limit] if limit > 0 else [ZERO]
        base = lever.points

        def g(x: Decimal) -> Decimal:
            return lever.points_at(lever.value + sign * x) - base

        pieces: list[Piece] = []
        best = ZERO
        for start, end in itertools.pairwise(marks):
            at_start = g(start)
            middle = (start + end) / TWO
            slope = (g(middle) - at_start) / (middle - start)
            left_of_end = at_start + slope * (end - start)
            at_end = g(end)
            pieces.append(Piece(start, end, at_start, slope, at_end - left_of_end))
            best = max(best, at_start, left_of_end, at_end)
    return Profile(lever, sign, limit, tuple(pieces), best)
