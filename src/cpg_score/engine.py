"""The scoring engine: pure functions from a grid and results to a scorecard.

Computation, in `Decimal`: sums and products exact, quotients to 60 digits (see `_numbers`):

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

import difflib
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal, localcontext
from typing import NamedTuple

from ._numbers import EXACT, divide
from .errors import Problem, ResultsError
from .model import Grid, Indicator, Objective, Policy, Results, ResultValue
from .rules import BlendRule, ImprovementRule, Rule, needs_baseline, with_baseline
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
        for indicator in objective.indicators:
            result = results.get(indicator.id)
            if (
                result is not None
                and needs_baseline(indicator.rule)
                and indicator.neutralised is None
                and result.neutralised is None
                and result.baseline is None
            ):
                found.append(
                    (
                        indicator.id,
                        f"indicator {indicator.id!r} is scored on level and progress: "
                        "its result needs a `baseline` (the previous period's result)",
                    )
                )
        for member in members:
            if member not in neutral and results.get(member) is None:
                what = "objective" if objective.direct else "indicator"
                found.append(
                    (
                        None,
                        f"{what} {member!r} has no result and is not neutralised "
                        '(write "-" or "neutralised: <reason>" to neutralise it)',
                    )
                )
    return found


def _neutral_reason(grid_reason: str | None, result: ResultValue | None) -> str | None:
    if grid_reason is not None:
        return grid_reason
    if result is not None and result.neutralised is not None:
        return result.neutralised
    return None


def _volume_reason(indicator: Indicator, result: ResultValue | None) -> str | None:
    """The minimum-volume neutralisation: fewer cases than the grid's `min_volume`."""
    if indicator.min_volume is None or result is None:
        return None
    volume = result.case_volume
    if volume is None or volume >= indicator.min_volume:
        return None
    return (
        f"volume {volume} below the minimum volume {indicator.min_volume} "
        f"(min_volume of indicator {indicator.id!r})"
    )


def indicator_reason(indicator: Indicator, result: ResultValue | None) -> str | None:
    """Why an indicator is not scored: the grid, the results, or a volume below its minimum."""
    return _neutral_reason(indicator.neutralised, result) or _volume_reason(indicator, result)


def bound_rule(indicator: Indicator, result: ResultValue | None) -> Rule:
    """The indicator's rule with the entity's baseline bound (improvement and blend rules)."""
    return with_baseline(indicator.rule, None if result is None else result.baseline)


def _basis(rule: Rule, value: Decimal) -> str:
    if isinstance(rule, ImprovementRule):
        return rule.counted(value)
    if isinstance(rule, BlendRule):
        return "level and progress"
    return ""


def _objective_reason(objective: Objective, results: Results) -> str | None:
    reason = _neutral_reason(objective.neutralised, results.get(objective.id))
    if (
        reason is None
        and objective.indicators
        and all(indicator_reason(i, results.get(i.id)) is not None for i in objective.indicators)
    ):
        reason = "all its indicators are neutralised"
    return reason


#: Shares of points are cut at 40 decimals and the largest share takes the remainder, so the
#: shares add up to the whole exactly and do not depend on the order of the parts.
_GRAIN = Decimal("1e-40")


def _scale(total: Decimal, parts: list[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Split `total` in proportion to `parts`; the shares add up to `total` exactly."""
    weight = sum((w for _, w in parts), ZERO)
    shares: dict[str, Decimal] = {}
    given = ZERO
    # The remainder goes to the largest part (ties: the first id), whatever the order of `parts`.
    keeper = min(parts, key=lambda part: (-part[1], part[0]))[0]
    with localcontext(EXACT):
        for key, w in parts:
            if key != keeper:
                share = divide(total * w, weight).quantize(_GRAIN, rounding=ROUND_DOWN)
                shares[key] = share
                given += share
        shares[keeper] = total - given
    return {key: shares[key] for key, _ in parts}


#: What the policy did to a neutralised objective: (effect in words, outcome code, shares).
_Effect = tuple[str, str, tuple[tuple[str, Decimal], ...]]


def _maxima(grid: Grid, reasons: dict[str, str]) -> tuple[dict[str, Decimal], dict[str, _Effect]]:
    """Points each objective can earn after the policy, and the effect on each neutralised one."""
    maxima = {o.id: o.points for _, o in grid.objectives()}
    effects: dict[str, _Effect] = {}
    if grid.policy is Policy.ZERO:
        for oid in reasons:
            effects[oid] = (f"earns 0; its {maxima[oid]} points stay in the total", "zero", ())
        return maxima, effects
    for oid in reasons:
        maxima[oid] = ZERO
    if grid.policy is Policy.EXCLUDE:
        for _, o in grid.objectives():
            if o.id in reasons:
                effects[o.id] = (f"its {o.points} points leave the total", "exclude", ())
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
                effects[oid] = (
                    f"its {points} points go to "
                    + ", ".join(f"{taker} (+{share})" for taker, share in shares.items()),
                    "redistribute-axis",
                    tuple(shares.items()),
                )
            else:
                leftover.append((oid, points))
    takers = [(o.id, o.points) for _, o in grid.objectives() if o.id not in reasons and o.points > 0]
    for oid, points in leftover:
        if takers and points:
            shares = _scale(points, takers)
            for taker, share in shares.items():
                maxima[taker] += share
            effects[oid] = (
                f"its {points} points go to the scored objectives of the grid",
                "redistribute-grid",
                (),
            )
        else:
            effects[oid] = (
                f"its {points} points leave the total (no scored objective to take them)",
                "redistribute-none",
                (),
            )
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

    Examples:
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
    with localcontext(EXACT):  # sums and products exact; quotients through divide()
        reasons: dict[str, str] = {}
        for _, objective in grid.objectives():
            reason = _objective_reason(objective, results)
            if reason is not None:
                reasons[objective.id] = reason
        maxima, effects = _maxima(grid, reasons)
        declared = {o.id: o.points for _, o in grid.objectives()}
        neutralisations = [
            Neutralisation(
                oid,
                "objective",
                reason,
                grid.policy,
                effects[oid][0],
                outcome=effects[oid][1],
                amount=declared[oid],
                shares=effects[oid][2],
            )
            for oid, reason in reasons.items()
        ]
        axes: list[AxisScore] = []
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
            sum((a.points for a in axes), ZERO),
            sum((a.max for a in axes), ZERO),
            grid.total_points,
            sum((a.bonus for a in axes), ZERO),
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


class _Row(NamedTuple):
    """One indicator while its objective is scored (before its share of points is known)."""

    id: str
    label: str
    value: Decimal | None
    rate: Decimal
    weight: Decimal  # as counted in the objective's mean (0 when it left the mean)
    reason: str | None
    rule: str
    explanation: str = ""
    basis: str = ""


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
    rows: list[_Row] = []
    neutral: list[Neutralisation] = []
    for indicator in objective.indicators:
        result = results.get(indicator.id)
        i_reason = indicator_reason(indicator, result)
        if i_reason is not None:
            counted = indicator.weight if policy is Policy.ZERO else ZERO
            rows.append(
                _Row(indicator.id, indicator.label, None, ZERO, counted, i_reason, indicator.rule.type)
            )
            effect = (
                f"rate 0 with its weight {indicator.weight} kept in objective {objective.id!r}"
                if policy is Policy.ZERO
                else f"its weight {indicator.weight} leaves the mean of objective {objective.id!r}"
            )
            neutral.append(
                Neutralisation(
                    indicator.id,
                    "indicator",
                    i_reason,
                    policy,
                    effect,
                    outcome="indicator-zero" if policy is Policy.ZERO else "indicator-leave",
                    amount=indicator.weight,
                    objective=objective.id,
                )
            )
            continue
        assert result is not None and result.resolved is not None
        value = result.resolved
        rule = bound_rule(indicator, result)
        rows.append(
            _Row(
                indicator.id,
                indicator.label,
                value,
                rule.achievement(value),
                indicator.weight,
                None,
                rule.type,
                rule.explain(value),
                _basis(rule, value),
            )
        )
    weight = sum((row.weight for row in rows), ZERO)
    one = Decimal(1)
    # Each indicator's share of the objective's points; the shares add up to it exactly.
    shares = _scale(maximum, [(row.id, row.weight) for row in rows]) if weight else {}
    # Rates above 1 (a linear rule with a cap) are a bonus: the base takes min(rate, 1), the
    # excess goes to the bonus, paid up to the objective's ceiling (split in proportion).
    with localcontext(EXACT):
        excess = {row.id: shares.get(row.id, ZERO) * (row.rate - one) for row in rows if row.rate > one}
    ceiling = objective.bonus if maximum > 0 else ZERO
    if sum(excess.values(), ZERO) > ceiling:
        excess = _scale(ceiling, list(excess.items())) if ceiling > 0 else dict.fromkeys(excess, ZERO)
    scores = [
        IndicatorScore(
            iid,
            label,
            objective.id,
            value,
            rate,
            w,
            shares.get(iid, ZERO) * min(rate, one),
            shares.get(iid, ZERO),
            i_reason is not None,
            i_reason,
            rule_type,
            explanation,
            excess.get(iid, ZERO),
            basis,
        )
        for iid, label, value, rate, w, i_reason, rule_type, explanation, basis in rows
    ]
    rate = divide(sum((s.weight * min(s.rate, one) for s in scores), ZERO), weight) if weight else ZERO
    bonus = sum((s.bonus for s in scores), ZERO)
    points = sum((s.points for s in scores), ZERO) + bonus
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
            bonus=bonus,
            bonus_max=objective.bonus,
        ),
        neutral,
    )


def score_many(grid: Grid, many: Iterable[Results]) -> list[Scorecard]:
    """Score several entities' results on one grid (a batch)."""
    return [score(grid, results) for results in many]
