"""Levers: the scored items of one entity, each with the points one unit of achievement is worth.

With the neutralisations fixed (they do not depend on the values), the engine's total is
`sum(factor x rule.achievement(value))` over the scored items ("levers"): a direct objective's
factor is its maximum (after the policy), an indicator's is its share of its objective's
maximum (`max x weight / sum of weights`). Points are exact rationals (`Fraction`): a lever's
points are its factor times its rate, both taken exactly from the scorecard and the rule, at
the lever's exact value (a numerator over a denominator is never cut to a decimal here).
Every simulation uses this decomposition, and checks it against [`score`][cpg_score.score]
exactly (a rule type that does not fit it, e.g. one whose rate depends on more than the value,
makes `Levers.additive` false and the simulations fall back to the exact scorer).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal, localcontext
from fractions import Fraction

from attrs import field, frozen

from cpg_score._args import expect
from cpg_score._convert import to_tuple
from cpg_score._numbers import EXACT, MAX_PLACES, Exact, to_fraction
from cpg_score.model.grid import Grid, Results, ResultValue, Unit
from cpg_score.model.rules import Direction, RateRule, ScoringRule
from cpg_score.model.scorecard import IndicatorScore, ObjectiveScore, Scorecard
from cpg_score.scoring import bound_rule, score
from cpg_score.simulate._common import NONE, ONE, WHOLE, ZERO

__all__ = ["Lever", "Levers", "ScoringRule", "as_input", "breakpoints_of", "direction_of", "levers"]


def as_input(value: Exact, toward: int, places: int = MAX_PLACES) -> Decimal:
    """`value` as a model input (a `Decimal` of at most `places` decimal places).

    A value with at most `places` decimal places is kept exactly. Any other (a rational that
    does not terminate, or one with more places) is rounded at `places` decimal places
    *toward* a side: up when `toward` is +1, down when it is -1. A caller writing a value back
    into results picks the side that keeps its promise (a value that must reach a target is
    rounded toward the better side, so the rounded value scores at least as much).

    Args:
        value: The exact value.
        toward: +1 to round up, -1 to round down (when rounding is needed).
        places: The most decimal places kept (readable inputs have at most `MAX_PLACES`, 30).

    Returns:
        The value as a `Decimal`.
    """
    exact = to_fraction(value)
    scaled = exact * 10**places
    if scaled.denominator == 1:
        with localcontext(EXACT):
            return Decimal(exact.numerator) / Decimal(exact.denominator)
    whole = math.ceil(scaled) if toward > 0 else math.floor(scaled)
    with localcontext(EXACT):
        return Decimal(whole).scaleb(-places)


def _value_of(result: ResultValue) -> Exact:
    """A lever's value: the model input when written as a value, else the exact fraction."""
    if result.value is not None:
        return result.value
    assert result.exact is not None  # a scored result has a value
    return result.exact


def breakpoints_of(rule: ScoringRule) -> tuple[Decimal, ...]:
    """A rule's breakpoints (the values where it changes slope or jumps)."""
    return tuple(rule.breakpoints())


def direction_of(rule: ScoringRule) -> Direction:
    """The direction of improvement of a rule."""
    return Direction(rule.direction)


@frozen(kw_only=True)
class Lever:
    """One scored item (an indicator, or an objective rated directly).

    Attributes:
        id: The result id.
        label: Its label.
        objective: Its objective's id.
        axis: Its axis's id.
        rule: The rule scoring it (`RateRule` for a direct objective).
        value: Its current value, exact: the model input (`Decimal`) when the result is written
            as a value, else `numerator / (denominator - exclusions)` as a `Fraction`.
        factor: Points earned per unit of achievement rate (exact).
        unit: The unit of its value.
    """

    id: str
    label: str
    objective: str
    axis: str
    rule: ScoringRule
    value: Exact
    factor: Exact
    unit: Unit

    @property
    def direction(self) -> Direction:
        """Which way improves it."""
        return direction_of(self.rule)

    @property
    def points(self) -> Fraction:
        """Points it earns now (exact)."""
        return self.points_at(self.value)

    def points_at(self, value: Exact) -> Fraction:
        """Points it would earn at `value`, exactly (a rate above 1 earns no bonus: see `levers`)."""
        # The exact value, as the scorer gives it to the rule.
        rate = to_fraction(self.rule.achievement(to_fraction(value)))
        return to_fraction(self.factor) * min(rate, WHOLE)

    @property
    def refused(self) -> bool:
        """Whether its result is a refusal (« Refus de validation », a `count` rule's `refus`).

        A refusal is not a value on the rule's scale: no simulation draws it, moves it or
        offers to improve it (it is held at its value; see `domain`).
        """
        # A rule with a refusal says which values stand for it (`CountRule.refused`).
        refused = getattr(self.rule, "refused", None)
        return callable(refused) and bool(refused(self.value))

    def domain(self) -> tuple[Decimal | None, Decimal | None]:
        """The values it can take: [0, 1] for a share, >= 0 for a count or days.

        A refused result can take only its own value: the lever is held (every draw is clipped
        to it, and it has no headroom).
        """
        if self.refused:
            held = as_input(self.value, -1)
            return held, held
        if self.unit is Unit.SHARE:
            return ZERO, ONE
        if self.unit in (Unit.COUNT, Unit.DAYS):
            return ZERO, None
        return None, None


@frozen(kw_only=True)
class Levers:
    """An entity's levers on a grid, with the scorecard they come from.

    Attributes:
        grid: The grid.
        results: The results.
        card: The exact scorecard of the results.
        items: The levers, in grid order.
        constant: Points that no lever moves (0 under the shipped policies), exact.
        additive: Whether `constant + sum(lever points)` reproduces the exact total (when false,
            simulations use the exact scorer for every evaluation).
    """

    grid: Grid
    results: Results
    card: Scorecard
    items: tuple[Lever, ...] = field(converter=to_tuple)
    constant: Fraction
    additive: bool

    def by_id(self) -> dict[str, Lever]:
        """The levers by id."""
        return {lever.id: lever for lever in self.items}


def levers(grid: Grid, results: Results, card: Scorecard | None = None) -> Levers:
    """Find the levers of `results` on `grid` (every scored item not neutralised).

    Args:
        grid: The grid.
        results: The entity's results.
        card: Their scorecard, when already computed.

    Returns:
        The levers, with the constant part and whether the decomposition is exact.

    Raises:
        ResultsError: The results do not fit the grid.
        TypeError: An argument is not of its type.
    """
    expect("grid", grid, Grid, "a Grid")
    expect("results", results, Results, "a Results")
    expect("card", card, (Scorecard, type(None)), "a Scorecard or None")
    card = card or score(grid, results)
    rules: dict[str, ScoringRule] = {}
    units = {}
    bonus = False
    for _, grid_objective in grid.objectives():
        # A bonus ceiling shares the excess above 100 % among an objective's indicators: not a
        # sum of per-indicator points, so the simulations use the exact scorer for such grids.
        bonus = bonus or (bool(grid_objective.indicators) and getattr(grid_objective, "bonus", ZERO) > 0)
        for grid_indicator in grid_objective.indicators:
            # The rule as the engine applies it: bound to the entity's baseline (improvement, blend).
            rules[grid_indicator.id] = bound_rule(
                grid_indicator, results.get(grid_indicator.id), results.target_policy
            )
            units[grid_indicator.id] = grid_indicator.unit
    items = _items(card, results, rules, units)
    total = to_fraction(card.total.points)
    try:
        constant = total - sum((lever.points for lever in items), NONE)
        # Every figure is exact: the decomposition holds exactly or not at all.
        additive = constant == 0 and not bonus
    except (TypeError, ValueError, ArithmeticError):
        # A rule whose rate needs more than the value: only the exact scorer can evaluate it.
        additive = False
    return Levers(
        grid=grid,
        results=results,
        card=card,
        items=items,
        constant=NONE if additive else total,
        additive=additive,
    )


def _items(
    card: Scorecard, results: Results, rules: Mapping[str, ScoringRule], units: Mapping[str, Unit]
) -> list[Lever]:
    """The levers of a scorecard, in grid order, each at its result's exact value."""
    items: list[Lever] = []
    for axis in card.axes:
        for objective in axis.objectives:
            if objective.neutralised:
                continue
            # A direct objective is one lever, rated by the `rate` rule on its whole maximum.
            scored: list[tuple[IndicatorScore | ObjectiveScore, ScoringRule, Unit]] = (
                [(o, rules[o.id], units[o.id]) for o in objective.indicators]
                if objective.indicators
                else [(objective, RateRule(), Unit.SHARE)]
            )
            for item, rule, unit in scored:
                result = results.get(item.id)
                unscored = isinstance(item, IndicatorScore) and item.value is None
                if item.neutralised or unscored or result is None:
                    continue
                lever = Lever(
                    id=item.id,
                    label=item.label,
                    objective=objective.id,
                    axis=axis.id,
                    rule=rule,
                    value=_value_of(result),
                    factor=to_fraction(item.max),
                    unit=unit,
                )
                items.append(lever)
    return items
