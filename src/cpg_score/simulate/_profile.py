"""The shape of a lever's points as its value improves: linear pieces and jumps.

Improvement is measured as a distance `x >= 0` from the current value in the rule's direction
of improvement (up when higher is better, down when lower is better). Every shipped rule is
piecewise linear; most are linear between their declared breakpoints, and a rule that bends in
between (an `improvement` rule takes the better of two lines, which cross where neither declares
a breakpoint) is split where it bends: each segment is probed near both ends, and where the two
end lines differ the segment is cut where they meet (recursively, a few levels). So the points
`g(x)` gained are known from exact evaluations of `rule.achievement`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
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


_TOLERANCE = Decimal("1e-40")
#: How far past a breakpoint a jump that belongs to the part above it is looked for.
OPEN = Decimal("1e-12")


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= _TOLERANCE * (1 + abs(a) + abs(b))


def _bends(g: Callable[[Decimal], Decimal], a: Decimal, b: Decimal, depth: int) -> list[Decimal]:
    """Points strictly inside (a, b) where `g` changes slope (exact for a max or min of lines)."""
    if depth > 3 or b - a <= Decimal("1e-30"):
        return []
    eps = (b - a) / 1_000_000
    p1, q1 = a + eps, b - 2 * eps
    left = (g(a + 2 * eps) - g(p1)) / eps
    right = (g(b - eps) - g(q1)) / eps
    middle = (a + b) / TWO
    if _close(left, right):
        if _close(g(middle), g(p1) + left * (middle - p1)):
            return []
        cut = middle
    else:
        cut = (g(q1) - g(p1) + left * p1 - right * q1) / (left - right)
        if not a + eps < cut < b - eps:
            cut = middle
    return [*_bends(g, a, cut, depth + 1), cut, *_bends(g, cut, b, depth + 1)]


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
        distances = {sign * (b - lever.value) for b in breakpoints_of(lever.rule)}
        ahead = sorted(x for x in distances if x > 0)
        if edge is not None:
            ahead = [x for x in ahead if x < sign * (edge - lever.value)]
            limit = max(sign * (edge - lever.value), ZERO)
        else:
            limit = ahead[-1] + OPEN if ahead else ZERO
        if bound is not None:
            limit = min(limit, max(sign * (bound - lever.value), ZERO))
        base = lever.points

        def g(x: Decimal) -> Decimal:
            return lever.points_at(lever.value + sign * x) - base

        def open_jump(x: Decimal) -> bool:
            # A breakpoint may belong to the part below it (a band whose upper edge is inclusive):
            # the jump is then reached just past it. Compare g there with its right-hand line.
            e = OPEN / 1000
            return not _close(2 * g(x + e) - g(x + 2 * e), g(x))

        starts = [x for x in ahead if x < limit]
        if ZERO in distances:
            starts.insert(0, ZERO)
        opens = {x for x in starts if x + OPEN < limit and open_jump(x)}
        points = {x for x in starts if x > 0} | {x + OPEN for x in opens}
        marks = [ZERO, *sorted(points), limit] if limit > 0 else [ZERO]

        refined = [ZERO] if marks else []
        for start, end in itertools.pairwise(marks):
            if end - start > OPEN:
                refined.extend(_bends(g, start, end, 0))
            refined.append(end)
        marks = refined
        pieces: list[Piece] = []
        best = ZERO
        for start, end in itertools.pairwise(marks):
            at_start = g(start)
            at_end = g(end)
            if start in opens and end == start + OPEN:
                # The jump just past a breakpoint: taken as reached OPEN beyond it.
                pieces.append(Piece(start, end, at_start, ZERO, at_end - at_start))
                best = max(best, at_start, at_end)
                continue
            # The slope from two probes just inside the piece.
            eps = (end - start) / 1_000_000
            slope = (g(start + 2 * eps) - g(start + eps)) / eps
            right_of_start = g(start + eps) - slope * eps
            left_of_end = right_of_start + slope * (end - start)
            pieces.append(Piece(start, end, at_start, slope, at_end - left_of_end))
            best = max(best, at_start, right_of_start, left_of_end, at_end)
    return Profile(lever, sign, limit, tuple(pieces), best)
