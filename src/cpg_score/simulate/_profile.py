"""The shape of a lever's points as its value improves: linear pieces and jumps.

Improvement is measured as a distance `x >= 0` from the current value in the rule's direction
of improvement (up when higher is better, down when lower is better). Every shipped rule is
piecewise linear; most are linear between their declared breakpoints, and a rule that bends in
between (an `improvement` rule takes the better of two lines, which cross where neither declares
a breakpoint) is split where it bends: each segment is probed near both ends, and where the two
end lines differ the segment is cut where they meet (recursively, a few levels). So the points
`g(x)` gained are known from exact evaluations of `rule.achievement`.

Everything here is an exact `Fraction`: positions (values), distances, and every figure in
points (gains, slopes, jumps, headroom). A distance from a value that does not terminate (a
numerator over a denominator) to a breakpoint is kept exactly, so it lands on the breakpoint.
Values written back into results (a plan's moves) become model inputs elsewhere
(`_levers.as_input`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction

from attrs import frozen

from cpg_score._numbers import Exact, to_fraction
from cpg_score.model.rules import Direction
from cpg_score.simulate._common import NONE
from cpg_score.simulate._levers import Lever, breakpoints_of

__all__ = ["Piece", "Profile", "profile"]

#: How far past a breakpoint a jump that belongs to the part above it is looked for.
OPEN = Fraction(1, 10**12)
#: Segments shorter than this are not split further where they bend.
_FINEST = Fraction(1, 10**30)


@frozen(kw_only=True)
class Piece:
    """A linear piece of `g` between two improvement distances.

    Attributes:
        start: Distance where it starts (exact).
        end: Distance where it ends (exact).
        at_start: Points gained at `start` (a jump there included), exact.
        slope: Points gained per unit of distance inside the piece, exact.
        jump_at_end: Points jumped when `end` is reached (a step, a binary threshold), exact.
    """

    start: Fraction
    end: Fraction
    at_start: Fraction
    slope: Fraction
    jump_at_end: Fraction


@frozen(kw_only=True)
class Profile:
    """`g(x)`: the points a lever gains when improved by `x`, up to `limit`.

    Attributes:
        lever: The lever.
        sign: +1 when improving raises the value, -1 when it lowers it.
        limit: The largest useful distance (a bound, the domain's edge or the last breakpoint),
            exact.
        pieces: The pieces from 0 to `limit`.
        headroom: Points still available: the most `g` reaches up to `limit` (exact).
    """

    lever: Lever
    sign: int
    limit: Fraction
    pieces: tuple[Piece, ...]
    headroom: Fraction

    def value_at(self, x: Exact) -> Fraction:
        """The lever's value once improved by `x`, exactly."""
        return to_fraction(self.lever.value) + self.sign * to_fraction(x)

    def gain(self, x: Exact) -> Fraction:
        """Points gained at distance `x` (exact, from the rule)."""
        return self.lever.points_at(self.value_at(x)) - self.lever.points


def _bends(g: Callable[[Fraction], Fraction], a: Fraction, b: Fraction, depth: int) -> list[Fraction]:
    """Points strictly inside (a, b) where `g` changes slope (exact for a max or min of lines)."""
    if depth > 3 or b - a <= _FINEST:
        return []
    eps = (b - a) / 1_000_000
    p1, q1 = a + eps, b - 2 * eps
    middle = (a + b) / 2
    left = (g(a + 2 * eps) - g(p1)) / eps
    right = (g(b - eps) - g(q1)) / eps
    if left == right:
        if g(middle) == g(p1) + left * (middle - p1):
            return []
        cut = middle
    else:
        # Where the line through the left probes meets the one through the right probes.
        cut = (g(q1) - g(p1) + left * p1 - right * q1) / (left - right)
        if not a + eps < cut < b - eps:
            cut = middle
    return [*_bends(g, a, cut, depth + 1), cut, *_bends(g, cut, b, depth + 1)]


def _limit(
    lever: Lever, sign: int, ahead: list[Fraction], bound: Exact | None
) -> tuple[Fraction, list[Fraction]]:
    """The largest useful distance, and the breakpoint distances ahead that lie before it."""
    low, high = lever.domain()
    edge = high if sign > 0 else low
    value = to_fraction(lever.value)
    if edge is not None:
        reach = sign * (to_fraction(edge) - value)
        ahead = [x for x in ahead if x < reach]
        limit = max(reach, NONE)
    else:
        limit = ahead[-1] + OPEN if ahead else NONE
    if bound is not None:
        limit = min(limit, max(sign * (to_fraction(bound) - value), NONE))
    return limit, ahead


def profile(lever: Lever, bound: Exact | None = None) -> Profile:
    """Build the profile of a lever, up to an optional bound on its value.

    Args:
        lever: The lever.
        bound: The furthest value it can reach (in its direction of improvement), if limited.

    Returns:
        Its profile, every position and figure exact.
    """
    sign = 1 if lever.direction is Direction.HIGHER else -1
    value = to_fraction(lever.value)
    distances = {sign * (to_fraction(b) - value) for b in breakpoints_of(lever.rule)}
    limit, ahead = _limit(lever, sign, sorted(x for x in distances if x > 0), bound)
    base = lever.points

    def g(x: Fraction) -> Fraction:
        return lever.points_at(value + sign * x) - base

    def open_jump(x: Fraction) -> bool:
        # A breakpoint may belong to the part below it (a band whose upper edge is inclusive):
        # the jump is then reached just past it. Compare g there with its right-hand line.
        e = OPEN / 1000
        return 2 * g(x + e) - g(x + 2 * e) != g(x)

    starts = [x for x in ahead if x < limit]
    if NONE in distances:
        starts.insert(0, NONE)
    opens = {x for x in starts if x + OPEN < limit and open_jump(x)}
    points = {x for x in starts if x > 0} | {x + OPEN for x in opens}
    marks = [NONE, *sorted(points), limit] if limit > 0 else [NONE]
    refined = [NONE]
    for start, end in itertools.pairwise(marks):
        if end - start > OPEN:
            refined.extend(_bends(g, start, end, 0))
        refined.append(end)
    pieces, best = _pieces(g, refined, opens)
    return Profile(lever=lever, sign=sign, limit=limit, pieces=tuple(pieces), headroom=best)


def _pieces(
    g: Callable[[Fraction], Fraction], marks: list[Fraction], opens: set[Fraction]
) -> tuple[list[Piece], Fraction]:
    """The linear pieces between consecutive marks, and the most `g` reaches on them."""
    pieces: list[Piece] = []
    best = NONE
    for start, end in itertools.pairwise(marks):
        at_start = g(start)
        at_end = g(end)
        if start in opens and end == start + OPEN:
            # The jump just past a breakpoint: taken as reached OPEN beyond it.
            pieces.append(
                Piece(start=start, end=end, at_start=at_start, slope=NONE, jump_at_end=at_end - at_start)
            )
            best = max(best, at_start, at_end)
            continue
        # The slope from two probes just inside the piece.
        eps = (end - start) / 1_000_000
        slope = (g(start + 2 * eps) - g(start + eps)) / eps
        right_of_start = g(start + eps) - slope * eps
        left_of_end = right_of_start + slope * (end - start)
        pieces.append(
            Piece(start=start, end=end, at_start=at_start, slope=slope, jump_at_end=at_end - left_of_end)
        )
        best = max(best, at_start, right_of_start, left_of_end, at_end)
    return pieces, best
