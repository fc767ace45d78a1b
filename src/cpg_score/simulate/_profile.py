"""The shape of a lever's points as its value improves: linear pieces and jumps.

Improvement is measured as a distance `x >= 0` from the current value in the rule's direction
of improvement (up when higher is better, down when lower is better). Every shipped rule is
piecewise linear; most are linear between their declared breakpoints, and a rule that bends in
between (an `improvement` rule takes the better of two lines, which cross where neither declares
a breakpoint) is split where it bends: each segment is probed near both ends, and where the two
end lines differ the segment is cut where they meet (recursively, a few levels). So the points
`g(x)` gained are known from exact evaluations of `rule.achievement`.

Distances are `Decimal`s (a value once improved is a model input again); every figure in points
(gains, slopes, jumps, headroom) is an exact `Fraction`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from decimal import Decimal, localcontext
from fractions import Fraction

from attrs import frozen

from .._numbers import CONTEXT, EXACT, Exact, to_fraction
from ..rules import Direction
from ._levers import Lever, breakpoints_of

__all__ = ["Piece", "Profile", "profile"]

ZERO = Decimal(0)
ONE = Decimal(1)
TWO = Decimal(2)
NONE = Fraction(0)


@frozen
class Piece:
    """A linear piece of `g` between two improvement distances.

    Attributes:
        start: Distance where it starts.
        end: Distance where it ends.
        at_start: Points gained at `start` (a jump there included), exact.
        slope: Points gained per unit of distance inside the piece, exact.
        jump_at_end: Points jumped when `end` is reached (a step, a binary threshold), exact.
    """

    start: Decimal
    end: Decimal
    at_start: Fraction
    slope: Fraction
    jump_at_end: Fraction


@frozen
class Profile:
    """`g(x)`: the points a lever gains when improved by `x`, up to `limit`.

    Attributes:
        lever: The lever.
        sign: +1 when improving raises the value, -1 when it lowers it.
        limit: The largest useful distance (a bound, the domain's edge or the last breakpoint).
        pieces: The pieces from 0 to `limit`.
        headroom: Points still available: the most `g` reaches up to `limit` (exact).
    """

    lever: Lever
    sign: int
    limit: Decimal
    pieces: tuple[Piece, ...]
    headroom: Fraction

    def value_at(self, x: Decimal) -> Exact:
        """The lever's value once improved by `x`."""
        return _moved(self.lever.value, self.sign, x)

    def gain(self, x: Decimal) -> Fraction:
        """Points gained at distance `x` (exact, from the rule)."""
        return self.lever.points_at(self.value_at(x)) - self.lever.points


def _moved(value: Exact, sign: int, x: Decimal) -> Exact:
    """`value + sign x`, exactly, in the value's own number type."""
    if isinstance(value, Fraction):
        return value + sign * to_fraction(x)
    with localcontext(EXACT):
        return value + sign * x


_TOLERANCE = Fraction(1, 10**40)
#: How far past a breakpoint a jump that belongs to the part above it is looked for.
OPEN = Decimal("1e-12")


def _close(a: Fraction, b: Fraction) -> bool:
    # Exact rules give exact equality; the tolerance absorbs a rule computed to 60 digits.
    return abs(a - b) <= _TOLERANCE * (1 + abs(a) + abs(b))


def _position(x: Fraction) -> Decimal:
    """A distance as a `Decimal` (60 digits when it does not terminate: a probe position)."""
    with localcontext(CONTEXT):
        return Decimal(x.numerator) / Decimal(x.denominator)


def _bends(g: Callable[[Decimal], Fraction], a: Decimal, b: Decimal, depth: int) -> list[Decimal]:
    """Points strictly inside (a, b) where `g` changes slope (exact for a max or min of lines)."""
    if depth > 3 or b - a <= Decimal("1e-30"):
        return []
    with localcontext(CONTEXT):
        eps = (b - a) / 1_000_000
        p1, q1 = a + eps, b - 2 * eps
        middle = (a + b) / TWO
        e, fp1, fq1 = to_fraction(eps), to_fraction(p1), to_fraction(q1)
        left = (g(a + 2 * eps) - g(p1)) / e
        right = (g(b - eps) - g(q1)) / e
        if _close(left, right):
            if _close(g(middle), g(p1) + left * (to_fraction(middle) - fp1)):
                return []
            cut = middle
        else:
            cut = _position((g(q1) - g(p1) + left * fp1 - right * fq1) / (left - right))
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

    def distance(to: Exact) -> Decimal:
        return _position(sign * (to_fraction(to) - to_fraction(lever.value)))

    distances = {distance(b) for b in breakpoints_of(lever.rule)}
    ahead = sorted(x for x in distances if x > 0)
    with localcontext(EXACT):
        if edge is not None:
            ahead = [x for x in ahead if x < distance(edge)]
            limit = max(distance(edge), ZERO)
        else:
            limit = ahead[-1] + OPEN if ahead else ZERO
        if bound is not None:
            limit = min(limit, max(distance(bound), ZERO))
    base = lever.points

    def g(x: Decimal) -> Fraction:
        return lever.points_at(_moved(lever.value, sign, x)) - base

    def open_jump(x: Decimal) -> bool:
        # A breakpoint may belong to the part below it (a band whose upper edge is inclusive):
        # the jump is then reached just past it. Compare g there with its right-hand line.
        with localcontext(EXACT):
            e = OPEN / 1000
            return not _close(2 * g(x + e) - g(x + 2 * e), g(x))

    starts = [x for x in ahead if x < limit]
    if ZERO in distances:
        starts.insert(0, ZERO)
    with localcontext(EXACT):
        opens = {x for x in starts if x + OPEN < limit and open_jump(x)}
        points = {x for x in starts if x > 0} | {x + OPEN for x in opens}
        marks = [ZERO, *sorted(points), limit] if limit > 0 else [ZERO]
        refined = [ZERO] if marks else []
        for start, end in itertools.pairwise(marks):
            if end - start > OPEN:
                refined.extend(_bends(g, start, end, 0))
            refined.append(end)
    pieces, best = _pieces(g, refined, opens)
    return Profile(lever, sign, limit, tuple(pieces), best)


def _pieces(
    g: Callable[[Decimal], Fraction], marks: list[Decimal], opens: set[Decimal]
) -> tuple[list[Piece], Fraction]:
    """The linear pieces between consecutive marks, and the most `g` reaches on them."""
    pieces: list[Piece] = []
    best = NONE
    for start, end in itertools.pairwise(marks):
        at_start = g(start)
        at_end = g(end)
        with localcontext(EXACT):
            just_past = end == start + OPEN
        if start in opens and just_past:
            # The jump just past a breakpoint: taken as reached OPEN beyond it.
            pieces.append(Piece(start, end, at_start, NONE, at_end - at_start))
            best = max(best, at_start, at_end)
            continue
        # The slope from two probes just inside the piece.
        with localcontext(CONTEXT):
            eps = (end - start) / 1_000_000
            first, second = start + eps, start + 2 * eps
        e = to_fraction(eps)
        slope = (g(second) - g(first)) / e
        right_of_start = g(first) - slope * e
        left_of_end = right_of_start + slope * (to_fraction(end) - to_fraction(start))
        pieces.append(Piece(start, end, at_start, slope, at_end - left_of_end))
        best = max(best, at_start, right_of_start, left_of_end, at_end)
    return pieces, best
