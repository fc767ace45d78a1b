"""The scoring engine: pure functions from a grid and results to a scorecard.

Computation: every figure is an exact rational (`fractions.Fraction`), computed from the grid's
and the results' `Decimal` inputs without any loss (see `_numbers`):

1. each indicator's rate comes from its rule (bound to the entity's baseline for improvement and
   blend rules); an indicator whose result covers fewer cases than its `min_volume` is
   neutralised, with that reason;
2. an objective's rate is the weighted mean of its indicators' rates (or the direct rate from the
   results); its points are rate x points;
3. neutralised objectives and indicators follow the grid's [`Policy`][cpg_score.Policy];
4. an indicator rate above 1 (a `linear` rule with a `cap`) earns bonus points, up to the
   objective's `bonus` ceiling; base and bonus are kept apart;
5. an axis sums its objectives, the total sums the axes.

Nothing is rounded here: rounding is presentation (see [`Scorecard`][cpg_score.Scorecard]).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from cpg_score._args import describe, expect
from cpg_score._numbers import F0, F1, ZERO, Exact, exact_sum, to_fraction
from cpg_score.errors import Problem, ProblemCode, ResultsError, child_path
from cpg_score.model.entity import TargetPolicy
from cpg_score.model.fit import Misfit, fit_problems, fits_at_once, neutral_reason
from cpg_score.model.grid import Grid, Indicator, Objective, Policy, Results, ResultValue, Unit
from cpg_score.model.rules import Basis, ScoringRule, with_baseline
from cpg_score.model.rules.registry import RuleBase, basis
from cpg_score.model.scorecard import (
    AxisScore,
    Cause,
    EntityBounds,
    IndicatorScore,
    Neutralisation,
    NeutralisedKind,
    ObjectiveScore,
    Outcome,
    Reason,
    Scorecard,
    TotalScore,
)
from cpg_score.model.targets import Targets, bound_entity_rule, bounds_problems, policy_rule

__all__ = ["score", "score_many", "scored_rule", "variant_of", "with_targets"]

# The hot path builds one record per objective: a class called with keywords passes them
# through a dict, while `__init__` called on a fresh instance takes them as they are.
_new = object.__new__
_init_objective = ObjectiveScore.__init__
_init_axis = AxisScore.__init__
_init_card = Scorecard.__init__
_init_indicator = IndicatorScore.__init__


def _volume_reason(indicator: Indicator, result: ResultValue | None) -> Reason | None:
    """The minimum-volume neutralisation: fewer cases than the grid's `min_volume`."""
    if indicator.min_volume is None or result is None:
        return None
    volume = result.case_volume
    if volume is None or volume >= indicator.min_volume:
        return None
    return Reason(cause=Cause.VOLUME, volume=volume, minimum=indicator.min_volume, indicator=indicator.id)


def _given(text: str | None) -> Reason | None:
    return None if text is None else Reason(cause=Cause.GIVEN, text=text)


def indicator_reason(indicator: Indicator, result: ResultValue | None) -> Reason | None:
    """Why an indicator is not scored: the grid, the results, or a volume below its minimum."""
    return _given(neutral_reason(indicator.neutralised, result)) or _volume_reason(indicator, result)


def bound_rule(
    indicator: Indicator, result: ResultValue | None, policy: TargetPolicy = TargetPolicy.OVERRIDE
) -> ScoringRule:
    """The rule scoring the entity's result: the indicator's, with the entity's baseline bound
    (improvement and blend rules) and its own floor and target applied under `policy` (give the
    results' `target_policy`)."""
    if result is None or (result.floor is None and result.target is None):
        return with_baseline(indicator.rule, None if result is None else result.baseline)
    return policy_rule(indicator, result, policy)


def scored_rule(
    indicator: Indicator, result: ResultValue, policy: TargetPolicy
) -> tuple[ScoringRule, Fraction, EntityBounds | None]:
    """The rule that scores an indicator's result, its rate, and the entity's bounds used.

    Without the entity's own floor or target: the grid's rule (its baseline bound). With them,
    under `override` the entity's rule; under `most-favourable` the rule giving the higher
    rate (the grid's on a tie).
    """
    value = result.exact
    assert value is not None
    rule = with_baseline(indicator.rule, result.baseline)
    rate = to_fraction(rule.achievement(value))  # a caller's own rule may give a Decimal
    if result.floor is None and result.target is None:
        return rule, rate, None
    own = bound_entity_rule(indicator, result)
    own_rate = to_fraction(own.achievement(value))
    # The grid's bounds once the entity's baseline is bound (a baseline-relative rule has none before).
    grid_bounds = rule.bounds() if isinstance(rule, RuleBase) else None
    grid_floor, grid_target = grid_bounds if grid_bounds is not None else (None, None)
    favourable = policy is TargetPolicy.MOST_FAVOURABLE
    entity_counts = not favourable or own_rate > rate
    bounds = EntityBounds(
        policy=policy,
        floor=result.floor,
        target=result.target,
        grid_floor=grid_floor,
        grid_target=grid_target,
        rate=own_rate,
        grid_rate=rate if favourable else None,
        entity_counts=entity_counts,
        share=indicator.unit is Unit.SHARE,
    )
    return (own, own_rate, bounds) if entity_counts else (rule, rate, bounds)


def variant_of(grid: Grid, results: Results) -> str | None:
    """The points variant the results are scored with: theirs, else the entity's, else none."""
    if results.variant is not None:
        return results.variant
    if grid.variants and grid.variant(results.entity.id) is not None:
        return results.entity.id
    return None


def _objective_reason(objective: Objective, results: Results) -> Reason | None:
    reason = _given(neutral_reason(objective.neutralised, results.get(objective.id)))
    if (
        reason is None
        and objective.indicators
        and all(indicator_reason(i, results.get(i.id)) is not None for i in objective.indicators)
    ):
        reason = Reason(cause=Cause.INDICATORS)
    return reason


def _scale(total: Fraction, parts: list[tuple[str, Fraction]]) -> dict[str, Fraction]:
    """Split `total` in proportion to `parts`: exact shares, adding up to `total` exactly."""
    weight = exact_sum([w for _, w in parts])
    return {key: total * w / weight for key, w in parts}


#: What the policy did to a neutralised objective: its outcome and, redistributed, its shares.
_Effect = tuple[Outcome, tuple[tuple[str, Fraction], ...]]


def _maxima(grid: Grid, reasons: dict[str, Reason]) -> tuple[dict[str, Fraction], dict[str, _Effect]]:
    """Points each objective can earn after the policy, and the effect on each neutralised one."""
    amounts = grid.exact_amounts()
    if not reasons:  # nothing moves: the grid's own points (shared, never modified)
        return amounts, {}
    if grid.policy is Policy.ZERO:
        return amounts, _same_effect(grid, reasons, Outcome.ZERO)
    maxima = dict(amounts)
    for oid in reasons:
        maxima[oid] = F0
    if grid.policy is Policy.EXCLUDE:
        return maxima, _same_effect(grid, reasons, Outcome.EXCLUDE)
    return maxima, _redistribute(grid, reasons, maxima)


def _same_effect(grid: Grid, reasons: dict[str, Reason], outcome: Outcome) -> dict[str, _Effect]:
    """One outcome for every neutralised objective, in the grid's order."""
    return {o.id: (outcome, ()) for _, o in grid.objectives() if o.id in reasons}


def _takers(
    objectives: Iterable[Objective], reasons: dict[str, Reason], amounts: dict[str, Fraction]
) -> list[tuple[str, Fraction]]:
    """The scored objectives with points, each with its points: who takes redistributed points."""
    return [(o.id, amounts[o.id]) for o in objectives if o.id not in reasons and o.points > 0]


def _redistribute(grid: Grid, reasons: dict[str, Reason], maxima: dict[str, Fraction]) -> dict[str, _Effect]:
    """Redistribute: to the scored objectives of the same axis, by their points; when the axis
    has none, to the scored objectives of the whole grid. Updates `maxima`."""
    amounts = grid.exact_amounts()
    effects: dict[str, _Effect] = {}
    leftover: list[Objective] = []
    for axis in grid.axes:
        pool = [o for o in axis.objectives if o.id in reasons]
        if not pool:
            continue
        takers = _takers(axis.objectives, reasons, amounts)
        for o in pool:
            if takers and o.points:
                shares = _scale(amounts[o.id], takers)
                for taker, share in shares.items():
                    maxima[taker] += share
                effects[o.id] = (Outcome.REDISTRIBUTE_AXIS, tuple(shares.items()))
            else:
                leftover.append(o)
    takers = _takers((o for _, o in grid.objectives()), reasons, amounts)
    # Every leftover goes to the same takers in the same proportions: one split of their sum
    # gives each taker exactly the sum of its shares (a grid-wide pass per leftover would be
    # quadratic).
    given = sum((amounts[o.id] for o in leftover if o.points), F0)
    if takers and given:
        for taker, share in _scale(given, takers).items():
            maxima[taker] += share
    for o in leftover:
        if takers and o.points:
            effects[o.id] = (Outcome.REDISTRIBUTE_GRID, ())
        else:
            effects[o.id] = (Outcome.REDISTRIBUTE_NONE, ())
    return effects


def score(grid: Grid, results: Results, *, targets: Targets | None = None) -> Scorecard:
    """Score one entity's results on a grid.

    The entity's own floors and targets (on its results entries, or in `targets`) and its
    points variant (the results' `variant`, else the grid's variant named as the entity) are
    applied; see the "Targets and points of one organisation" guide.

    Args:
        grid: The grid.
        results: The entity's results for that grid and period.
        targets: Per-entity floors and targets (a targets file): applied to the results first
            (`targets.apply(results)`).

    Returns:
        The scorecard, every figure exact.

    Raises:
        ResultsError: The results do not fit the grid (another grid or period, unknown ids, a
            missing result), or their own bounds or variant do not fit it.
        TypeError: `grid` is not a `Grid` or `results` not a `Results`.

    Examples:
        >>> card = score(grid, results)  # doctest: +SKIP
        >>> card.total.points  # doctest: +SKIP
        Fraction(15529983, 20000)
    """
    if type(grid) is not Grid:
        expect("grid", grid, Grid, "a Grid (from load_grid)")
    if type(results) is not Results:
        expect("results", results, Results, "a Results (from load_results)")
    if targets is not None:
        results = with_targets(results, targets)
    variant = None
    if results.has_bounds or results.variant is not None or grid.variants:
        grid, variant = _entity_grid(grid, results)
    if not fits_at_once(grid, results):
        _refuse_misfits(grid, results)
    reasons = _reasons(grid, results)
    maxima, effects = _maxima(grid, reasons)
    neutralisations = _objective_neutralisations(grid, reasons, effects) if reasons else []
    axes = _axes(grid, results, maxima, reasons, neutralisations)
    total = _total(grid, axes, maxima)
    card = _new(Scorecard)
    _init_card(
        card,
        grid_id=grid.id,
        grid_label=grid.label,
        period=grid.period,
        entity=results.entity,
        policy=grid.policy,
        rounding=grid.rounding,
        scale=grid.scale,
        total=total,
        axes=axes,
        neutralisations=neutralisations,
        variant=variant,
        grid=grid,
    )
    return card


def _total(grid: Grid, axes: list[AxisScore], maxima: dict[str, Fraction]) -> TotalScore:
    """The card's total: points, maximum after the policy, the grid's total, and bonuses."""
    bonuses = [o.bonus for a in axes for o in a.objectives if o.bonus]
    return TotalScore(
        exact_sum([a.points for a in axes]),
        _declared_maxima(grid)[1] if maxima is grid.exact_amounts() else exact_sum([a.max for a in axes]),
        grid.exact_total,
        exact_sum(bonuses) if bonuses else F0,
    )


def _entity_grid(grid: Grid, results: Results) -> tuple[Grid, str | None]:
    """Check the results' own bounds and variant; the grid with the variant's points, if any."""
    _refuse(results, bounds_problems(grid, results))
    variant = variant_of(grid, results)
    return (grid, None) if variant is None else (grid.for_variant(variant), variant)


def with_targets(results: Results, targets: Targets) -> Results:
    """The results with the targets applied (`ResultsError` when they are for another grid)."""
    expect("targets", targets, Targets, "a Targets (from load_targets) or None")
    try:
        return targets.apply(results)
    except ValueError as exc:
        raise ResultsError(
            [
                Problem(
                    message=str(exc),
                    file=targets.source or "<targets>",
                    path="$",
                    code=ProblemCode.WRONG_GRID,
                )
            ]
        ) from None


def _refuse_misfits(grid: Grid, results: Results) -> None:
    """Raise `ResultsError` with every misfit between the results and the grid, if any."""
    _refuse(results, fit_problems(grid, results))


def _refuse(results: Results, misfits: list[Misfit]) -> None:
    """Raise `ResultsError` with these misfits, if any."""
    if misfits:
        raise ResultsError(
            [
                Problem(
                    message=misfit.message,
                    file=results.source or "<results>",
                    path=child_path("$.results", misfit.id) if misfit.id else "$",
                    code=misfit.code,
                )
                for misfit in misfits
            ]
        )


def _objective_neutralisations(
    grid: Grid, reasons: dict[str, Reason], effects: dict[str, _Effect]
) -> list[Neutralisation]:
    """What the policy did to each neutralised objective, in the grid's order."""
    return [
        Neutralisation(
            id=objective.id,
            kind=NeutralisedKind.OBJECTIVE,
            why=reasons[objective.id],
            policy=grid.policy,
            outcome=effects[objective.id][0],
            amount=objective.points,
            shares=effects[objective.id][1],
        )
        for _, objective in grid.objectives()
        if objective.id in reasons
    ]


def _reasons(grid: Grid, results: Results) -> dict[str, Reason]:
    """Why each neutralised objective is: the grid, its result, or all its indicators."""
    get = results.get
    reasons: dict[str, Reason] = {}
    for _, objective in grid.objectives():
        if objective.neutralised is not None:
            reasons[objective.id] = Reason(cause=Cause.GIVEN, text=objective.neutralised)
        elif objective.indicators:
            reason = _objective_reason(objective, results)
            if reason is not None:
                reasons[objective.id] = reason
        else:
            result = get(objective.id)
            if result is not None and result.neutralised is not None:
                reasons[objective.id] = Reason(cause=Cause.GIVEN, text=result.neutralised)
    return reasons


def _declared_maxima(grid: Grid) -> tuple[dict[str, Fraction], Fraction]:
    """Each axis's points and the grid's, exact: the maxima when no policy moved any point."""
    memo = grid.memo()
    found = memo.get("engine.maxima")
    if found is None:
        amounts = grid.exact_amounts()
        by_axis = {axis.id: exact_sum([amounts[o.id] for o in axis.objectives]) for axis in grid.axes}
        found = memo["engine.maxima"] = (by_axis, exact_sum(list(by_axis.values())))
    return found


def _axes(
    grid: Grid,
    results: Results,
    maxima: dict[str, Fraction],
    reasons: dict[str, Reason],
    neutralisations: list[Neutralisation],
) -> list[AxisScore]:
    """Score every objective, axis by axis (the hot path: a direct objective is scored inline)."""
    declared = _declared_maxima(grid)[0] if maxima is grid.exact_amounts() else None
    get = results.get
    axes: list[AxisScore] = []
    for axis in grid.axes:
        objectives: list[ObjectiveScore] = []
        for objective in axis.objectives:
            oid = objective.id
            maximum = maxima[oid]
            if not objective.indicators and oid not in reasons:
                value = get(oid).exact  # type: ignore[union-attr]  # guaranteed by fit_problems
                assert value is not None
                # clamp(value, 0, 1), on the integers (a Fraction's denominator is positive)
                numerator = value.numerator
                rate = F0 if numerator < 0 else F1 if numerator > value.denominator else value
                # maximum x rate, reduced once (Fraction's own product reduces twice)
                points = Fraction(maximum.numerator * rate.numerator, maximum.denominator * rate.denominator)
                o_score = _new(ObjectiveScore)
                _init_objective(
                    o_score,
                    id=oid,
                    label=objective.label,
                    axis=axis.id,
                    points=points,
                    max=maximum,
                    base_points=objective.points,
                    rate=rate,
                )
                objectives.append(o_score)
                continue
            o_score, o_neutral = _score_objective(
                grid, axis.id, objective, results, maximum, reasons.get(oid)
            )
            objectives.append(o_score)
            neutralisations.extend(o_neutral)
        a_score = _new(AxisScore)
        _init_axis(
            a_score,
            id=axis.id,
            label=axis.label,
            points=exact_sum([o.points for o in objectives]),
            max=declared[axis.id] if declared is not None else exact_sum([o.max for o in objectives]),
            objectives=objectives,
        )
        axes.append(a_score)
    return axes


class _Row(NamedTuple):
    """One indicator while its objective is scored (before its share of points is known)."""

    id: str
    label: str
    value: Decimal | None
    rate: Fraction
    weight: Fraction  # as counted in the objective's mean (0 when it left the mean)
    reason: Reason | None
    rule: str
    explanation: str = ""
    basis: Basis | None = None
    declared: Exact = ZERO  # the weight as written (a Decimal or a Fraction), when counted
    bounds: EntityBounds | None = None  # the entity's own bounds, when it gives some
    written: str = ""  # the result as written, when not a number
    counts: tuple[tuple[str, Decimal], ...] = ()  # the counts of a weighted count, as written


def _neutral_objective(axis_id: str, objective: Objective, maximum: Fraction, why: Reason) -> ObjectiveScore:
    indicators = [
        IndicatorScore(
            id=i.id,
            label=i.label,
            objective=objective.id,
            value=None,
            rate=F0,
            weight=ZERO,
            points=F0,
            max=F0,
            neutralised=True,
            why=why,
            rule=i.rule.type,
        )
        for i in objective.indicators
    ]
    return ObjectiveScore(
        id=objective.id,
        label=objective.label,
        axis=axis_id,
        points=F0,
        max=maximum,
        base_points=objective.points,
        rate=F0,
        neutralised=True,
        why=why,
        indicators=indicators,
    )


def _score_objective(
    grid: Grid,
    axis_id: str,
    objective: Objective,
    results: Results,
    maximum: Fraction,
    reason: Reason | None,
) -> tuple[ObjectiveScore, list[Neutralisation]]:
    """Score a neutralised objective, or one scored by its indicators, exactly (a direct
    objective with a result is scored inline by `_axes`, the hot path)."""
    if reason is not None:
        return _neutral_objective(axis_id, objective, maximum, reason), []
    rows, neutral = _rows(grid, objective, results)
    declared = grid.exact_amounts()
    if maximum is declared[objective.id] and all(row.weight is declared[row.id] for row in rows):
        # Nothing moved its points nor its weights: the grid's own shares, computed once.
        return _from_rows(objective, axis_id, maximum, rows, _declared_shares(grid, objective)), neutral
    return _from_rows(objective, axis_id, maximum, rows), neutral


def _declared_shares(grid: Grid, objective: Objective) -> dict[str, Fraction]:
    """Each indicator's share of its objective's declared points, by its declared weight."""
    memo: dict[str, dict[str, Fraction]] = grid.memo().setdefault("engine.shares", {})
    shares = memo.get(objective.id)
    if shares is None:
        amounts = grid.exact_amounts()
        parts = [(i.id, amounts[i.id]) for i in objective.indicators]
        shares = memo[objective.id] = _scale(amounts[objective.id], parts)
    return shares


def _rows(grid: Grid, objective: Objective, results: Results) -> tuple[list[_Row], list[Neutralisation]]:
    """Each indicator's rate; a neutralised one counts with rate 0 under `zero`, leaves the mean
    otherwise."""
    policy = grid.policy
    target_policy = results.target_policy
    amounts = grid.exact_amounts()
    rows: list[_Row] = []
    neutral: list[Neutralisation] = []
    for indicator in objective.indicators:
        result = results.get(indicator.id)
        i_reason = indicator_reason(indicator, result)
        if i_reason is not None:
            kept = policy is Policy.ZERO
            rows.append(
                _Row(
                    id=indicator.id,
                    label=indicator.label,
                    value=None,
                    rate=F0,
                    weight=amounts[indicator.id] if kept else F0,
                    reason=i_reason,
                    rule=indicator.rule.type,
                    declared=indicator.weight if kept else ZERO,
                )
            )
            neutral.append(
                Neutralisation(
                    id=indicator.id,
                    kind=NeutralisedKind.INDICATOR,
                    why=i_reason,
                    policy=policy,
                    outcome=Outcome.INDICATOR_ZERO if kept else Outcome.INDICATOR_LEAVE,
                    amount=indicator.weight,
                    objective=objective.id,
                )
            )
            continue
        assert result is not None and result.exact is not None
        value = result.exact
        rule, rate, bounds = scored_rule(indicator, result, target_policy)
        rows.append(
            _Row(
                id=indicator.id,
                label=indicator.label,
                value=result.resolved,
                rate=rate,
                weight=amounts[indicator.id],
                reason=None,
                rule=rule.type,
                explanation=rule.explain(value),
                basis=basis(rule, value),
                declared=indicator.weight,
                bounds=bounds,
                written=result.written,
                counts=result.counts,
            )
        )
    return rows, neutral


def _from_rows(
    objective: Objective,
    axis_id: str,
    maximum: Fraction,
    rows: list[_Row],
    known: dict[str, Fraction] | None = None,
) -> ObjectiveScore:
    """The objective's score from its indicators' rates: exact shares of its points (`known`
    when already computed), and the bonus (rates above 1, from a linear rule with a cap)."""
    weight = exact_sum([row.weight for row in rows])
    # Each indicator's share of the objective's points: exact, so they add up to it exactly.
    if known is not None:
        shares = known
    else:
        shares = _scale(maximum, [(row.id, row.weight) for row in rows]) if weight else {}
    # The base takes min(rate, 1); the excess goes to the bonus, paid up to the objective's
    # ceiling (split in proportion).
    excess = {row.id: shares.get(row.id, F0) * (row.rate - 1) for row in rows if row.rate > 1}
    ceiling = Fraction(objective.bonus) if maximum > 0 else F0
    if excess and sum(excess.values(), F0) > ceiling:
        excess = _scale(ceiling, list(excess.items())) if ceiling > 0 else dict.fromkeys(excess, F0)
    scores: list[IndicatorScore] = []
    for row in rows:
        i_score = _new(IndicatorScore)
        _init_indicator(
            i_score,
            id=row.id,
            label=row.label,
            objective=objective.id,
            value=row.value,
            rate=row.rate,
            weight=row.declared,
            points=shares.get(row.id, F0) * min(row.rate, F1),
            max=shares.get(row.id, F0),
            neutralised=row.reason is not None,
            why=row.reason,
            rule=row.rule,
            explanation=row.explanation,
            bonus=excess.get(row.id, F0),
            basis=row.basis,
            bounds=row.bounds,
            written=row.written,
            counts=row.counts,
        )
        scores.append(i_score)
    rate = exact_sum([row.weight * min(row.rate, F1) for row in rows]) / weight if weight else F0
    bonus = exact_sum([s.bonus for s in scores])
    points = exact_sum([s.points for s in scores]) + bonus
    return ObjectiveScore(
        id=objective.id,
        label=objective.label,
        axis=axis_id,
        points=points,
        max=maximum,
        base_points=objective.points,
        rate=rate,
        indicators=scores,
        bonus=bonus,
        bonus_max=objective.bonus,
    )


def score_many(grid: Grid, many: Iterable[Results], *, targets: Targets | None = None) -> list[Scorecard]:
    """Score several entities' results on one grid (a batch), each with its own bounds from
    `targets` when given.

    Raises:
        TypeError: `grid` is not a `Grid`, `many` not an iterable of `Results`.
    """
    expect("grid", grid, Grid, "a Grid (from load_grid)")
    if isinstance(many, (str, bytes, Results)) or not isinstance(many, Iterable):
        raise TypeError(f"many must be an iterable of Results, got {describe(many)}")
    return [score(grid, results, targets=targets) for results in many]
