"""Plan to a target: the cheapest improvements that lift the total to a target.

Each lever `i` improved by a distance `x_i` (in its value's unit, in its direction of
improvement, up to a bound) gains `g_i(x_i)` points and costs `c_i x_i` (1 per unit unless a
cost is given). The plan minimises `sum c_i x_i` subject to `sum g_i(x_i) >= target - total`.

**Method.** `g_i` is piecewise linear (see `_profile`). Where it is concave (the `rate` rule,
a `linear` rule above its floor) the problem is a fractional knapsack: taking pieces by
decreasing points per unit of cost is optimal, computed exactly: points, slopes, costs,
distances and positions are `Fraction`s (a partial move too). Where `g_i` is
not concave (a jump at a step or a binary threshold, or a `linear` rule below its floor, where
nothing is gained until the floor), `g_i` is split at those points into *regions* inside which
it is concave, and every combination of regions is solved by the greedy above: the best of them
is **proven optimal**. When the combinations exceed `max_combinations` (4,096), a local search
over region choices is used instead and the plan is marked **not proven optimal**.

A plan's moved values are written back into results, so they are model inputs (`Decimal`): an
exact value with at most 12 decimal places is kept as it is; any other (a value that does not
terminate, e.g. moved from a numerator over a denominator) is rounded toward the better side
(up when higher is better, down when lower is better) to 1e-12 of its unit, so the rounded
value scores at least what the plan promised, and never past the lever's bound (a bound is a
readable input, at most 30 decimal places). The moves' improvement, cost and points are those
of the rounded values, and the plan is checked with the exact scorer: applied to the results it
scores at least the target. When the target cannot be reached within the bounds, the plan says
so and gives the best total reachable (every lever at its bound, exact: never above the grid's
total). A target below 0 or above the grid's total is refused (`PlanTargetError`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from attrs import field, frozen

from cpg_score._args import expect, expect_exact, expect_int
from cpg_score._convert import to_tuple
from cpg_score._display import Tabular, check_lang
from cpg_score._numbers import Exact, exact_text, number_text, to_fraction
from cpg_score.errors import (
    CpgScoreError,
    PlanError,
    PlanTargetError,
)
from cpg_score.model.bounds import Bounds
from cpg_score.model.grid import Grid, Results, Unit
from cpg_score.scoring import score
from cpg_score.simulate._common import NONE, Words, json_head
from cpg_score.simulate._levers import Levers, as_input, levers
from cpg_score.simulate._profile import Profile, profile

__all__ = [
    "Bounds",
    "Move",
    "Plan",
    "PlanError",
    "PlanMethod",
    "PlanTargetError",
    "plan",
]

#: The JSON shape of a plan.
PLAN_FORMAT = "cpg-score/plan@1"
#: The keys of a plan's records (`Plan.to_records`), in column order.
PLAN_COLUMNS = ("id", "label", "before", "after", "improvement", "cost", "gain")
#: The decimal places of a plan's moved values, and the step of a partial move.
PLACES = 12
QUANTUM = Fraction(1, 10**PLACES)
MAX_COMBINATIONS = 4096


class PlanMethod(Words):
    """How a plan was found (see the module's method)."""

    #: Nothing to do: the current total reaches the target.
    REACHED = "reached"
    #: One combination of regions, solved by the greedy (proven optimal).
    GREEDY = "greedy"
    #: Every combination of regions solved by the greedy, the best kept (proven optimal).
    EXHAUSTIVE = "exhaustive"
    #: A local search over the combinations (not proven optimal).
    LOCAL = "local"

    def words(self, combinations: int) -> str:
        """The method in English words, with the number of combinations of regions."""
        return {
            PlanMethod.REACHED: "the target is already reached",
            PlanMethod.GREEDY: "greedy fractional knapsack over concave pieces (exact)",
            PlanMethod.EXHAUSTIVE: f"exhaustive search over {combinations} combinations of steps/floors, "
            "each solved exactly",
            PlanMethod.LOCAL: f"local search over {combinations} combinations of steps/floors: "
            "not proven optimal",
        }[self]


@frozen(kw_only=True)
class Move:
    """One lever's move in a plan.

    Attributes:
        id: The lever.
        label: Its label.
        before: Its current value.
        after: Its value in the plan.
        improvement: The distance moved, in its unit (positive, exact: `after - before` in
            the direction of improvement).
        cost: improvement x cost per unit (exact).
        gain: Points gained (exact).
        unit: The unit of its values (a share shows as a percent in a table).
    """

    id: str
    label: str
    before: Exact
    after: Exact
    improvement: Fraction
    cost: Fraction
    gain: Fraction
    unit: Unit = Unit.NUMBER


@frozen(kw_only=True)
class Plan(Tabular):
    """The cheapest plan found to reach a target.

    Attributes:
        target: The target total.
        start: The current total.
        total: The total once the plan is applied (exact scorer).
        reached: Whether `total >= target`.
        cost: The plan's cost (sum of the moves' costs).
        moves: The levers moved.
        proven_optimal: Whether no cheaper plan exists (see the module's method).
        method: The method used.
        combinations: The combinations of regions (steps, floors) the method looked at.
        best_reachable: The most the levers can reach within their bounds.
    """

    grid_id: str
    entity: str
    places: int
    target: Exact
    start: Exact
    total: Exact
    reached: bool
    cost: Fraction
    moves: tuple[Move, ...] = field(converter=to_tuple)
    proven_optimal: bool = True
    method: PlanMethod = PlanMethod.GREEDY
    combinations: int = 1
    best_reachable: Exact = NONE

    @property
    def method_text(self) -> str:
        """The method in English words (as in the JSON shape)."""
        return self.method.words(self.combinations)

    def values(self) -> dict[str, Exact]:
        """The moved values by id (apply with `Results.replace_values(**plan.values())`)."""
        return {m.id: m.after for m in self.moves}

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (exact decimal text)."""
        return {
            **json_head(PLAN_FORMAT, self.grid_id, self.entity),
            "target": exact_text(self.target),
            "start": exact_text(self.start),
            "total": exact_text(self.total),
            "reached": self.reached,
            "best_reachable": exact_text(self.best_reachable),
            "cost": exact_text(self.cost),
            "proven_optimal": self.proven_optimal,
            "method": self.method_text,
            "moves": [
                {
                    "id": m.id,
                    "label": m.label,
                    "before": exact_text(m.before),
                    "after": exact_text(m.after),
                    "improvement": exact_text(m.improvement),
                    "cost": exact_text(m.cost),
                    "gain": exact_text(m.gain),
                }
                for m in self.moves
            ],
        }

    COLUMNS: ClassVar[tuple[str, ...]] = PLAN_COLUMNS

    def to_records(self, *, lang: str | None = None) -> list[dict[str, Any]]:
        """One plain dict per move, exact (`PLAN_COLUMNS`, the JSON's names); the plan's own
        figures (`target`, `total`, `reached`, `cost`) are its attributes.

        Args:
            lang: `fr` or `en` (accepted as every result's `to_records` does: these records
                hold no words).

        Raises:
            ValueError: `lang` is not `fr` or `en`.
        """
        if lang is not None:
            check_lang(lang)
        return [
            {
                "id": m.id,
                "label": m.label,
                "before": m.before,
                "after": m.after,
                "improvement": m.improvement,
                "cost": m.cost,
                "gain": m.gain,
            }
            for m in self.moves
        ]


@frozen
class _Option:
    """A region of one lever: start there (base), then concave pieces."""

    base: Fraction
    base_gain: Fraction
    pieces: tuple[tuple[Fraction, Fraction, Fraction], ...]  # (start, end, slope) with slope > 0


def _options(shape: Profile) -> list[_Option]:
    """Split a profile into regions where it is concave (see the module's method)."""
    if not shape.pieces:
        return [_Option(NONE, NONE, ())]
    starts = [0]
    for index in range(1, len(shape.pieces)):
        before, piece = shape.pieces[index - 1], shape.pieces[index]
        if before.jump_at_end > 0 or piece.slope > before.slope:
            starts.append(index)
    options = [_Option(NONE, NONE, ())]
    bounds = [*starts, len(shape.pieces)]
    for first, stop in itertools.pairwise(bounds):
        region = shape.pieces[first:stop]
        base = region[0].start
        pieces = tuple((p.start, p.end, p.slope) for p in region if p.slope > 0)
        if first == 0 and not pieces:
            continue
        option = _Option(base, region[0].at_start, pieces)
        if first == 0:
            options[0] = option
        else:
            options.append(option)
    if shape.pieces and shape.pieces[-1].jump_at_end > 0:
        end = shape.pieces[-1].end
        options.append(_Option(end, shape.gain(end), ()))
    return options


@frozen(kw_only=True)
class _Solution:
    feasible: bool
    cost: Fraction
    gain: Fraction
    distances: tuple[Fraction, ...]
    partial: int | None  # the lever whose last piece is taken in part


def _solve(choice: Sequence[_Option], costs: Sequence[Fraction], need: Fraction) -> _Solution:
    """Greedy fractional knapsack over the chosen regions (exact for concave pieces)."""
    distances = [o.base for o in choice]
    gain = sum((o.base_gain for o in choice), NONE)
    cost = sum((c * o.base for c, o in zip(costs, choice, strict=True)), NONE)
    pieces = []
    for index, option in enumerate(choice):
        for order, (start, end, slope) in enumerate(option.pieces):
            # Points per unit of cost; a free piece comes first.
            ratio = slope / costs[index] if costs[index] > 0 else None
            pieces.append((ratio, index, order, start, end, slope))
    pieces.sort(key=lambda p: (p[0] is not None, -(p[0] or NONE), p[1], p[2]))
    partial = None
    for _, index, _, start, end, slope in pieces:
        if gain >= need:
            break
        length = end - start
        if gain + slope * length >= need:
            # Exactly what is needed: the value is rounded once, when written back.
            length = min((need - gain) / slope, length)
            partial = index
        distances[index] = start + length
        gain += slope * length
        cost += costs[index] * length
    return _Solution(feasible=gain >= need, cost=cost, gain=gain, distances=tuple(distances), partial=partial)


def _better(a: _Solution, b: _Solution | None) -> bool:
    if b is None:
        return True
    if a.feasible != b.feasible:
        return a.feasible
    if a.feasible:
        return a.cost < b.cost
    return a.gain > b.gain


def _plan_levers(
    grid: Grid, results: Results, target: Exact, bounds: Bounds | None, max_combinations: int
) -> Levers:
    """Check the arguments of `plan`; the levers, when the planner can handle them and the target."""
    expect("grid", grid, Grid, "a Grid")
    expect("results", results, Results, "a Results")
    expect_exact("target", target)
    expect("bounds", bounds, (Bounds, type(None)), "a Bounds or None")
    expect_int("max_combinations", max_combinations, minimum=0)
    found = levers(grid, results)
    if not found.additive:
        raise CpgScoreError(
            "these results are not a sum of per-indicator points: the planner cannot handle them"
        )
    # Additive results have no bonus: the grid's declared total is the most they can reach.
    if not 0 <= target <= grid.total_points:
        raise PlanTargetError(
            f"target must be between 0 and the total of grid {grid.id!r}, "
            f"{number_text(grid.total_points, grid.rounding.points)} points, got {target}"
        )
    return found


def plan(
    grid: Grid,
    results: Results,
    target: Exact,
    bounds: Bounds | None = None,
    *,
    max_combinations: int = MAX_COMBINATIONS,
) -> Plan:
    """Find the cheapest improvements that lift the total to `target`.

    Args:
        grid: The grid.
        results: The entity's results.
        target: The total to reach, from 0 to the grid's declared total (a target the
            levers cannot reach within their bounds gives a plan that says so).
        bounds: Limits, costs and fixed levers (default: every lever free up to its domain,
            cost 1 per unit).
        max_combinations: Above this many combinations of regions (steps, floors), a local
            search replaces the exhaustive one and the plan is not proven optimal.

    Returns:
        The plan; `reached` is false when the target is out of reach, with `best_reachable`.

    Raises:
        TypeError: An argument is not of its type (a float target included).
        PlanTargetError: The target is below 0 or above the grid's total.
        CpgScoreError: The results are not additive in their levers (a rule this planner
            cannot decompose).
    """
    found = _plan_levers(grid, results, target, bounds, max_combinations)
    bounds = bounds or Bounds()
    start = found.card.total.points
    movable = [lever for lever in found.items if lever.id not in bounds.fixed]
    shapes = [profile(lever, bounds.limits.get(lever.id)) for lever in movable]
    costs = [to_fraction(bounds.cost(lever.id)) for lever in movable]
    need = to_fraction(target) - to_fraction(start)
    best_reachable = to_fraction(start) + sum((shape.headroom for shape in shapes), NONE)
    best, method, count = _search([_options(shape) for shape in shapes], costs, need, max_combinations)
    total, moves = _finish(found, shapes, costs, best, target)
    return Plan(
        grid_id=grid.id,
        entity=results.entity.id,
        places=grid.rounding.points,
        target=target,
        start=start,
        total=total,
        reached=total >= target,
        cost=sum((m.cost for m in moves), NONE),
        moves=moves,
        proven_optimal=method is not PlanMethod.LOCAL,
        method=method,
        combinations=count,
        best_reachable=best_reachable,
    )


def _search(
    options: list[list[_Option]], costs: list[Fraction], need: Fraction, max_combinations: int
) -> tuple[_Solution, PlanMethod, int]:
    """The best solution over the combinations of regions, the method and the combinations' count."""
    count = math.prod(len(opts) for opts in options)
    if need <= 0:
        nothing = _Solution(
            feasible=True, cost=NONE, gain=NONE, distances=tuple(NONE for _ in options), partial=None
        )
        return nothing, PlanMethod.REACHED, count
    if count > max_combinations:
        return _local_search(options, costs, need), PlanMethod.LOCAL, count
    best: _Solution | None = None
    for choice in itertools.product(*options):
        solution = _solve(choice, costs, need)
        if _better(solution, best):
            best = solution
    assert best is not None
    return best, PlanMethod.GREEDY if count == 1 else PlanMethod.EXHAUSTIVE, count


def _local_search(options: list[list[_Option]], costs: list[Fraction], need: Fraction) -> _Solution:
    """The best solution found by changing one lever's region at a time (not proven optimal)."""
    current = [0] * len(options)
    best = _solve([o[0] for o in options], costs, need)
    improved = True
    while improved:
        improved = False
        for index, opts in enumerate(options):
            for k in range(len(opts)):
                if k == current[index]:
                    continue
                trial = list(current)
                trial[index] = k
                solution = _solve([o[c] for o, c in zip(options, trial, strict=True)], costs, need)
                if _better(solution, best):
                    best, current, improved = solution, trial, True
    return best


def _input_value(shape: Profile, distance: Fraction) -> Decimal:
    """The lever's value moved by `distance`, as a results value (a `Decimal`, see the module):
    rounded toward the better side to 1e-12 when it has more places, never past the bound."""
    value = as_input(shape.value_at(distance), shape.sign, PLACES)
    edge = shape.value_at(shape.limit)
    if shape.sign * (to_fraction(value) - edge) > 0:
        # Rounding crossed the furthest value (a bound with more places): take that value.
        value = as_input(edge, shape.sign)
    return value


def _move(shape: Profile, cost: Fraction, after: Decimal) -> Move:
    """A lever's move to `after`: its improvement, cost and points, exactly."""
    lever = shape.lever
    improvement = shape.sign * (to_fraction(after) - to_fraction(lever.value))
    return Move(
        id=lever.id,
        label=lever.label,
        before=lever.value,
        after=after,
        improvement=improvement,
        cost=cost * improvement,
        gain=lever.points_at(after) - lever.points,
        unit=lever.unit,
    )


def _finish(
    found: Levers, shapes: list[Profile], costs: list[Fraction], best: _Solution, target: Exact
) -> tuple[Exact, list[Move]]:
    """The plan's total by the exact scorer, and its moves (a partial move nudged if rounding bites)."""
    distances, partial = list(best.distances), best.partial
    for _ in range(100):
        values = {s.lever.id: _input_value(s, d) for s, d in zip(shapes, distances, strict=True) if d > 0}
        total = score(found.grid, found.results.replace_values(**values)).total.points
        if total >= target or partial is None or distances[partial] >= shapes[partial].limit:
            break
        distances[partial] = min(distances[partial] + QUANTUM, shapes[partial].limit)
    moves = [
        _move(shape, cost, values[shape.lever.id])
        for shape, cost, distance in zip(shapes, costs, distances, strict=True)
        if distance > 0
    ]
    return total, moves
