"""Per-entity floors and targets: one organisation's own bounds for some indicators.

In the contracts each organisation has its own targets (« objectif fixé à chaque caisse »); the
recouvrement annex keeps the « cibles CPG » when they are more favourable than its own. A results
entry may carry them (`floor`, `target`), or a [`Targets`][cpg_score.Targets] value (a targets
file, for one or many entities) adds them to results with
[`Targets.apply`][cpg_score.Targets.apply].
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from attrs import evolve, field, frozen

from cpg_score._args import expect
from cpg_score._convert import to_tuple
from cpg_score._numbers import ONE, Exact, to_fraction
from cpg_score._numbers import formula_text as fmt
from cpg_score.errors import ProblemCode
from cpg_score.model._validators import optional_exact
from cpg_score.model.entity import TargetPolicy
from cpg_score.model.fit import Misfit
from cpg_score.model.grid import Grid, Indicator, Results, ResultValue
from cpg_score.model.rules import Direction, ScoringRule, rule_target, with_baseline
from cpg_score.model.rules.registry import RuleBase

__all__ = [
    "Bounds",
    "MostFavourableRule",
    "Targets",
    "bound_entity_rule",
    "bounds_problems",
    "entity_rule",
    "policy_rule",
]


@frozen(kw_only=True)
class Bounds:
    """One entity's own floor and/or target for one indicator (None keeps the grid's).

    Examples:
        >>> Bounds(indicator="taux-decroche", target=Decimal("0.88")).floor is None
        True
    """

    indicator: str
    floor: Decimal | None = field(default=None, validator=optional_exact)
    target: Decimal | None = field(default=None, validator=optional_exact)

    def __attrs_post_init__(self) -> None:
        if self.floor is None and self.target is None:
            raise ValueError(f"bounds for {self.indicator!r} need a floor or a target")


def _entities(value: Any) -> tuple[tuple[str, tuple[Bounds, ...]], ...]:
    pairs = value.items() if isinstance(value, dict) else value
    return tuple((str(entity), to_tuple(bounds)) for entity, bounds in pairs)


@frozen(kw_only=True)
class Targets:
    """Per-entity floors and targets for one grid and period (a targets file).

    Attributes:
        grid: The id of the grid.
        period: The year.
        policy: How the entities' bounds meet the grid's.
        entities: `(entity id, bounds)` pairs, each bounds a tuple of [`Bounds`][cpg_score.Bounds].
        source: Where the targets come from.
    """

    grid: str
    period: int
    policy: TargetPolicy = field(default=TargetPolicy.OVERRIDE, converter=TargetPolicy)
    entities: tuple[tuple[str, tuple[Bounds, ...]], ...] = field(default=(), converter=_entities)
    source: str = ""

    def for_entity(self, entity_id: str) -> tuple[Bounds, ...]:
        """The bounds of one entity (none when the file does not name it)."""
        return next((bounds for eid, bounds in self.entities if eid == entity_id), ())

    def apply(self, results: Results) -> Results:
        """The results with this entity's bounds on their entries, and this file's policy.

        A bound given here replaces the same bound written in the results file; an entity the
        file does not name gets its results back unchanged.

        Raises:
            TypeError: `results` is not a `Results`.
            ValueError: The results are for another grid or period.

        Examples:
            >>> targets.apply(results).get("taux-decroche").target  # doctest: +SKIP
            Decimal('0.88')
        """
        expect("results", results, Results, "a Results (from load_results)")
        if results.grid != self.grid or results.period != self.period:
            raise ValueError(
                f"the targets are for grid {self.grid!r} {self.period}, the results for "
                f"{results.grid!r} {results.period}"
            )
        bounds = {b.indicator: b for b in self.for_entity(results.entity.id)}
        if not bounds:
            return results
        values = tuple(_with(v, bounds[v.id]) if v.id in bounds else v for v in results.values)
        return evolve(results, values=values, target_policy=self.policy)


def _with(value: ResultValue, bounds: Bounds) -> ResultValue:
    return evolve(
        value,
        floor=value.floor if bounds.floor is None else bounds.floor,
        target=value.target if bounds.target is None else bounds.target,
    )


@frozen
class MostFavourableRule(RuleBase):
    """The better of two rules: the grid's and the entity's (`most-favourable`).

    Not a rule type of grid files: the engine and the simulators build it for an indicator whose
    entity gives its own bounds under `most-favourable`. Both rules go the same way.

    Examples:
        >>> grid = LinearRule(floor=Decimal("0.75"), target=Decimal("0.85"))
        >>> MostFavourableRule(grid, grid.with_bounds(target=Decimal("0.80"))).achievement(Decimal("0.78"))
        Fraction(3, 5)
    """

    type: ClassVar[str] = "most-favourable"
    grid: Any
    entity: Any

    @property
    def direction(self) -> Direction:
        """The grid rule's direction (the entity's is the same)."""
        return Direction(getattr(self.grid, "direction", Direction.HIGHER))

    @property
    def ceiling(self) -> Decimal:
        """The higher of the two rules' ceilings."""
        return max(getattr(self.grid, "ceiling", ONE), getattr(self.entity, "ceiling", ONE))

    def achievement(self, value: Exact) -> Fraction:
        """The higher of the two rates."""
        return max(to_fraction(self.grid.achievement(value)), to_fraction(self.entity.achievement(value)))

    def explain(self, value: Exact) -> str:
        """Both computations and the rate that counts."""
        return (
            f"most favourable: grid {self.grid.explain(value)}; entity {self.entity.explain(value)}; "
            f"rate = {fmt(self.achievement(value))}"
        )

    def breakpoints(self) -> tuple[Decimal, ...]:
        """Every breakpoint of both rules, sorted."""
        return tuple(sorted(set(self.grid.breakpoints()) | set(self.entity.breakpoints())))

    def on_target(self) -> Decimal:
        """The easier of the two targets (the rate reaches its best there first)."""
        targets = (rule_target(self.grid), rule_target(self.entity))
        return min(targets) if self.direction is Direction.HIGHER else max(targets)

    def to_data(self) -> dict[str, Any]:
        """Both rules (not a grid file's rule: written for reading only)."""
        return {"type": self.type, "grid": self.grid.to_data(), "entity": self.entity.to_data()}


def entity_rule(indicator: Indicator, floor: Decimal | None, target: Decimal | None) -> ScoringRule:
    """The indicator's rule with an entity's floor and target (its baseline not yet bound).

    Raises:
        ValueError: The rule has no floor or target to override, or the bounds are invalid for
            it (the message names the indicator).
    """
    with_bounds = getattr(indicator.rule, "with_bounds", None)
    try:
        rule = None if with_bounds is None else with_bounds(floor=floor, target=target)
    except ValueError as exc:
        raise ValueError(f"indicator {indicator.id!r}: the entity's bounds: {exc}") from None
    if rule is None:
        raise ValueError(
            f"the rule of indicator {indicator.id!r} ({indicator.rule.type}) "
            "has no floor or target to override"
        )
    before, after = getattr(indicator.rule, "direction", None), getattr(rule, "direction", None)
    if before is not None and after is not None and before != after:
        raise ValueError(
            f"indicator {indicator.id!r}: the entity's bounds (floor {floor}, target {target}) turn its "
            f"direction from {Direction(before).value} to {Direction(after).value}"
        )
    bound: ScoringRule = rule
    return bound


def bound_entity_rule(indicator: Indicator, result: ResultValue) -> ScoringRule:
    """The entity's rule for an indicator, its baseline bound (the engine's)."""
    return with_baseline(entity_rule(indicator, result.floor, result.target), result.baseline)


def policy_rule(indicator: Indicator, result: ResultValue | None, policy: TargetPolicy) -> ScoringRule:
    """The rule scoring an entity's result as a function of the value (what simulations vary).

    The grid's rule without the entity's own bounds; with them, the entity's rule (`override`)
    or the better of both ([`MostFavourableRule`][cpg_score.model.targets.MostFavourableRule]).
    Baselines are bound.
    """
    baseline = None if result is None else result.baseline
    grid_rule = with_baseline(indicator.rule, baseline)
    if result is None or (result.floor is None and result.target is None):
        return grid_rule
    own = bound_entity_rule(indicator, result)
    if policy is TargetPolicy.OVERRIDE:
        return own
    favourable: ScoringRule = MostFavourableRule(grid_rule, own)
    return favourable


def bounds_problems(grid: Grid, results: Results) -> list[Misfit]:
    """The entries whose own floor or target the grid cannot take, and an unknown variant.

    An entry for a direct objective cannot carry bounds; an indicator's rule must have a floor
    or target to override; the bounds must be valid for that rule (a floor equal to the target
    is refused). Results without bounds nor variant give no problem.
    """
    found: list[Misfit] = []
    if results.variant is not None and grid.variant(results.variant) is None:
        names = ", ".join(v.id for v in grid.variants) or "none"
        message = f"grid {grid.id!r} has no points variant {results.variant!r} (its variants: {names})"
        found.append(Misfit(None, ProblemCode.UNKNOWN_ITEM, message))
    if not results.has_bounds:
        return found
    for value in results.values:
        if value.floor is None and value.target is None:
            continue
        place = grid.locate(value.id)
        if place is None:
            continue  # the fit check reports the unknown id
        indicator = place[2]
        if indicator is None:
            message = f"objective {value.id!r} takes its rate directly: it has no floor or target to override"
            found.append(Misfit(value.id, ProblemCode.INVALID, message))
            continue
        try:
            entity_rule(indicator, value.floor, value.target)
        except ValueError as exc:
            found.append(Misfit(value.id, ProblemCode.INVALID, str(exc)))
    return found
