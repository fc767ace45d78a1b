"""The scoring engine: pure functions from a grid and results to a scorecard.

Computation, exact in `Decimal` (see `_numbers.CONTEXT`):

1. each indicator's rate comes from its rule;
2. an objective's rate is the weighted mean of its indicators' rates (or the direct rate from the
   results); its points are rate x points;
3. neutralised objectives and indicators follow the grid's [`Policy`][cpg_score.Policy];
4. an axis sums its objectives, the total sums the axes.

Nothing is rounded here: rounding is presentation (see [`Scorecard`][cpg_score.Scorecard]).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from decimal import Decimal, localcontext

from ._numbers import CONTEXT
from .errors import Problem, ResultsError
from .model import Grid, Objective, Policy, Results, ResultValue
from .scorecard import (
    AxisScore,
    IndicatorScore,
    Neutralisation,
    ObjectiveScore,
    Scorecard,
    TotalScore,
)

__all__ = ["fit_problems", "score", "score_many"]

ZERO = Decimal(0)


def fit_problems(grid: Grid, results: Results) -> list[tuple[str | None, str]]:
    """Check that results fit a grid; return `(result id or None, message)` for each misfit.

    The rules: same grid id and period; no result for an id the grid does not have; a result
    for an objective that has indicators can only neutralise it; every direct objective and
    every indicator of a scored objective has a result or a neutralisation.
    """
    found: list[tuple[str | None, str]] = []
    if results.grid != grid.id:
        found.append((None, f"results are for grid {results.grid!r}, not for {grid.id!r}"))
    if results.period != grid.period:
        found.append((None, f"results are for period {results.period}, the grid for {grid.period}"))
    scored = set(grid.scored_ids())
    composite = {o.id for _, o in grid.objectives() if not o.direct}
    for value in results.values:
        if value.id in composite:
            if value.neutralised is None:
                found.append(
                    (
                        value.id,
                        f"objective {value.id!r} is scored by its indicators; "
                        "give their results, or neutralise it",
                    )
                )
        elif value.id not in scored:
            hint = difflib.get_close_matches(value.id, sorted(scored), n=1, cutoff=0.6)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            found.append(
                (
                    value.id,
                    f"no indicator or objective {value.id!r} in grid {grid.id!r}{suggestion}",
                )
            )
    for _, objective in grid.objectives():
        if _neutral_reason(objective.neutralised, results.get(objective.id)) is not None:
            continue
        members = [objective.id] if objective.direct else [i.id for i in objective.indicators]
        neutral = {i.id for i in objective.indicators if i.neutralised is not None}
        for member in members:
            if member not in neutral and results.get(member) is None:
                what = "objective" if objective.direct else "indicator"
                found.append(
                    (
                        None,
                        f"{what} {member!r} has no result and is not neutralised "
                        "(write `- ` or `neutralised: reason` to neutralise it)",
                    )
                )
    return found


def _neutral_reason(grid_reason: str | None, result: ResultValue | None) -> str | None:
    if grid_reason is not None:
        return grid_reason
    if result is not None and result.neutralised is not None:
        return result.neutralised
    return None


def _objective_reason(objective: Objective, results: Results) -> str | None:
    reason = _neutral_reason(objective.neutralised, results.get(objective.id))
    if (
        reason is None
        and objective.indicators
        and all(_neutral_reason(i.neutralised, results.get(i.id)) is not None for i in objective.indicators)
    ):
        reason = "all its indicators are neutralised"
    return reason


def _scale(total: Decimal, parts: list[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Split `total` in proportion to `parts`, exactly: the last part takes the remainder."""
    shares: dict[str, Decimal] = {}
    given = ZERO
    with localcontext(CONTEXT):
        weight = sum((w for _, w in parts), ZERO)  # exact: not the default 28 digits
        for index, (key, w) in enumerate(parts):
            share = total - given if index == len(parts) - 1 else total * w / weight
            shares[key] = share
            given += share
    return shares


def _maxima(grid: Grid, reasons: dict[str, str]) -> tuple[dict[str, Decimal], dict[str, str]]:
    """Points each objective can earn after the policy, and the effect on each neutralised one."""
    maxima = {o.id: o.points for _, o in grid.objectives()}
    effects: dict[str, str] = {}
    if grid.policy is Policy.ZERO:
        for oid in reasons:
            effects[oid] = f"earns 0; its {maxima[oid]} points stay in the total"
        return maxima, effects
    for oid in reasons:
        maxima[oid] = ZERO
    if grid.policy is Policy.EXCLUDE:
        for _, o in grid.objectives():
            if o.id in reasons:
                effects[o.id] = f"its {o.points} points leave the total"
        return maxima, effects
    # Redistribute: to the scored objectives of the same axis, by their points; when the axis
    # has none, to the scored objectives of the whole grid.
    leftover: list[tuple[str, Decimal]] = []
    for axis in grid.axes:
        pool = [(o.id, o.points) for o in axis.objectives if o.id in reasons]
        takers = [(o.id, o.points) for o in axis.objectives if o.id not in reasons and o.points > 0]
        for oid, points in pool:
            if takers and points:
                shares = _scale(points, takers)
                for taker, share in shares.items():
                    maxima[taker] += share
                effects[oid] = f"its {points} points go to " + ", ".join(
                    f"{taker} (+{share})" for taker, share in shares.items()
                )
            else:
                leftover.append((oid, points))
    takers = [(o.id, o.points) for _, o in grid.objectives() if o.id not in reasons and o.points > 0]
    for oid, points in leftover:
        if takers and points:
            shares = _scale(points, takers)
            for taker, share in shares.items():
                maxima[taker] += share
            effects[oid] = f"its {points} points go to the scored objectives of the grid"
        else:
            effects[oid] = f"its {points} points leave the total (no scored objective to take them)"
    return maxima, effects


def score(grid: Grid, results: Results) -> Scorecard:
    """Score one entity's results on a grid.

    Args:
        grid: The grid.
        results: The entity's results for that grid and period.

    Returns:
        The scorecard, every figure exact.

    Raises:
        ResultsError: The results do not fit the grid (another grid or period, unknown ids, a
            missing result).

    Example:
        >>> card = score(grid, results)  # doctest: +SKIP
        >>> card.total.points  # doctest: +SKIP
        Decimal('776.50...')
    """
    misfits = fit_problems(grid, results)
    if misfits:
        raise ResultsError(
            [
                Problem(message, results.source or "<results>", path=f"$.results.{rid}" if rid else "$")
                for rid, message in misfits
            ]
        )
    reasons: dict[str, str] = {}
    for _, objective in grid.objectives():
        reason = _objective_reason(objective, results)
        if reason is not None:
            reasons[objective.id] = reason
    maxima, effects = _maxima(grid, reasons)
    neutralisations = [
        Neutralisation(oid, "objective", reason, grid.policy, effects[oid]) for oid, reason in reasons.items()
    ]
    axes: list[AxisScore] = []
    with localcontext(CONTEXT):
        for axis in grid.axes:
            objectives: list[ObjectiveScore] = []
            for objective in axis.objectives:
                o_score, o_neutral = _score_objective(
                    grid.policy,
                    axis.id,
                    objective,
                    results,
                    maxima[objective.id],
                    reasons.get(objective.id),
                )
                objectives.append(o_score)
                neutralisations.extend(o_neutral)
            axes.append(
                AxisScore(
                    axis.id,
                    axis.label,
                    sum((o.points for o in objectives), ZERO),
                    sum((o.max for o in objectives), ZERO),
                    objectives,
                )
            )
        total = TotalScore(
            sum((a.points for a in axes), ZERO), sum((a.max for a in axes), ZERO), grid.total_points
        )
    return Scorecard(
        grid.id,
        grid.label,
        grid.period,
        results.entity,
        grid.policy,
        grid.rounding,
        total,
        axes,
        neutralisations,
    )


def _score_objective(
    policy: Policy,
    axis_id: str,
    objective: Objective,
    results: Results,
    maximum: Decimal,
    reason: str | None,
) -> tuple[ObjectiveScore, list[Neutralisation]]:
    """Score one objective (inside the engine's decimal context)."""
    if reason is not None:
        indicators = [
            IndicatorScore(
                i.id, i.label, objective.id, None, ZERO, ZERO, ZERO, ZERO, True, reason, i.rule.type
            )
            for i in objective.indicators
        ]
        return (
            ObjectiveScore(
                objective.id,
                objective.label,
                axis_id,
                ZERO,
                maximum,
                objective.points,
                ZERO,
                True,
                reason,
                indicators,
            ),
            [],
        )
    if objective.direct:
        result = results.get(objective.id)
        assert result is not None and result.resolved is not None  # guaranteed by fit_problems
        value = result.resolved
        rate = min(max(value, ZERO), Decimal(1))
        return (
            ObjectiveScore(
                objective.id,
                objective.label,
                axis_id,
                maximum * rate,
                maximum,
                objective.points,
                rate,
            ),
            [],
        )
    # Indicators: a neutralised one counts with rate 0 under `zero`, leaves the mean otherwise.
    rows: list[tuple[str, str, Decimal | None, Decimal, Decimal, str | None, str, str]] = []
    neutral: list[Neutralisation] = []
    for indicator in objective.indicators:
        result = results.get(indicator.id)
        i_reason = _neutral_reason(indicator.neutralised, result)
        if i_reason is not None:
            counted = indicator.weight if policy is Policy.ZERO else ZERO
            rows.append(
                (
                    indicator.id,
                    indicator.label,
                    None,
                    ZERO,
                    counted,
                    i_reason,
                    indicator.rule.type,
                    "",
                )
            )
            effect = (
                f"rate 0 with its weight {indicator.weight} kept in objective {objective.id!r}"
                if policy is Policy.ZERO
                else f"its weight {indicator.weight} leaves the mean of objective {objective.id!r}"
            )
            neutral.append(Neutralisation(indicator.id, "indicator", i_reason, policy, effect))
            continue
        assert result is not None and result.resolved is not None
        value = result.resolved
        rows.append(
            (
                indicator.id,
                indicator.label,
                value,
                indicator.rule.achievement(value),
                indicator.weight,
                None,
                indicator.rule.type,
                indicator.rule.explain(value),
            )
        )
    weight = sum((row[4] for row in rows), ZERO)
    scores = [
        IndicatorScore(
            iid,
            label,
            objective.id,
            value,
            rate,
            w,
            maximum * w / weight * rate if weight else ZERO,
            maximum * w / weight if weight else ZERO,
            i_reason is not None,
            i_reason,
            rule,
            explanation,
        )
        for iid, label, value, rate, w, i_reason, rule, explanation in rows
    ]
    rate = sum((s.weight * s.rate for s in scores), ZERO) / weight if weight else ZERO
    points = sum((s.points for s in scores), ZERO)
    return (
        ObjectiveScore(
            objective.id,
            objective.label,
            axis_id,
            points,
            maximum,
            objective.points,
            rate,
            indicators=scores,
        ),
        neutral,
    )


def score_many(grid: Grid, many: Iterable[Results]) -> list[Scorecard]:
    """Score several entities' results on one grid (a batch)."""
    return [score(grid, results) for results in many]
