"""The CPAM 2017 benchmark's inputs and its hand-written NumPy reference kernel.

`generated_results` makes entities' results for an indicator-level grid, deterministically from a
seed: each indicator's value is drawn between a bit below its floor and a bit above its target
(in its unit, clipped to its domain); a yes/no indicator is 1 or 0.

`run_kernel` is the reference the Monte Carlo engine is compared with: the same grid written out
indicator by indicator in NumPy, without the engine's code. For each indicator it draws the
value (normal around the current value, sd 0.02 for a share and 5 % of the value otherwise, the
engine's default spreads), clips it to the indicator's domain, applies the indicator's rule
written out in NumPy (a linear clamp between floor and target, which covers lower-is-better
when the target is below the floor; a threshold; steps; a piecewise-linear curve), multiplies
by the indicator's share of its objective's points, and sums per objective and in total. It then
computes the figures the engine reports: the mean, standard deviation, extremes and percentiles
of the total and of each objective, and the probability of reaching each threshold.

Both draw from `numpy.random.Generator(PCG64(seed))`, one normal per indicator in grid order and
chunks of the engine's size, so on the same seed they see the same draws: the benchmark checks
that their medians agree, so that it times equal work.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from cpg_score import (
    BinaryRule,
    Entity,
    Grid,
    LinearRule,
    PiecewiseAbove,
    PiecewiseRule,
    RateRule,
    Results,
    ResultValue,
    StepsRule,
    Unit,
)
from cpg_score.model.rules import Direction

#: How far beyond its floor and its target an indicator's generated value may go (a share of the
#: span between them).
MARGIN = Decimal("0.1")
#: Values drawn per span: a value is `low + (high - low) x k / STEPS` for a whole k.
STEPS = 10_000


def _domain(unit: Unit) -> tuple[Decimal | None, Decimal | None]:
    if unit is Unit.SHARE:
        return Decimal(0), Decimal(1)
    if unit in (Unit.COUNT, Unit.DAYS):
        return Decimal(0), None
    return None, None


def _ends(rule: Any) -> tuple[Decimal, Decimal] | None:
    """The floor and target of a rule (its lowest and highest breakpoints), None for yes/no."""
    if isinstance(rule, LinearRule):
        return rule.floor, rule.target
    if isinstance(rule, BinaryRule):
        return None if rule.threshold is None else (rule.threshold, rule.threshold)
    if isinstance(rule, StepsRule):
        values = [s.threshold for s in rule.steps]
        return min(values), max(values)
    if isinstance(rule, PiecewiseRule):
        values = [Decimal(str(p.value)) for p in rule.points]
        return min(values), max(values)
    if isinstance(rule, RateRule):
        return Decimal(0), Decimal(1)
    raise SystemExit(f"benchmark: the {type(rule).__name__} rule is not written out in the reference kernel")


def _value(rng: random.Random, rule: Any, unit: Unit) -> Decimal:
    """One indicator's generated value: a bit below its floor to a bit above its target."""
    ends = _ends(rule)
    if ends is None:
        return Decimal(rng.randint(0, 1))
    low, high = min(ends), max(ends)
    margin = (high - low) * MARGIN if high > low else abs(high) * MARGIN or MARGIN
    low, high = low - margin, high + margin
    floor, ceiling = _domain(unit)
    low = max(low, floor) if floor is not None else low
    high = min(high, ceiling) if ceiling is not None else high
    return low + (high - low) * rng.randint(0, STEPS) / STEPS


def generated_results(grid: Grid, count: int, seed: int) -> list[Results]:
    """`count` entities' results on `grid`, deterministic in `seed`."""
    rng = random.Random(seed)
    scored = []
    for _, objective in grid.objectives():
        if objective.indicators:
            scored.extend((i.id, i.rule, i.unit) for i in objective.indicators)
        else:
            scored.append((objective.id, RateRule(), Unit.SHARE))
    return [
        Results(
            entity=Entity(id=f"caisse-{number:05d}", label=f"Caisse {number}"),
            grid=grid.id,
            period=grid.period,
            values=[ResultValue(id=i, value=_value(rng, rule, unit)) for i, rule, unit in scored],
        )
        for number in range(count)
    ]


@dataclass(frozen=True)
class Item:
    """One indicator of the kernel, as floats."""

    objective: str
    value: float
    sd: float
    low: float
    high: float
    share: float  # points per unit of rate: the objective's points x weight / sum of weights
    rule: Any


def kernel_items(grid: Grid, results: Results) -> list[Item]:
    """The grid's indicators with the entity's values, read from the grid (not the engine)."""
    values = {v.id: v.value for v in results.values}
    items = []
    for _, objective in grid.objectives():
        scored = [(i.id, i.rule, i.unit, i.weight) for i in objective.indicators] or [
            (objective.id, RateRule(), Unit.SHARE, Decimal(1))
        ]
        weights = sum(w for *_, w in scored)
        for result_id, rule, unit, weight in scored:
            value = values[result_id]
            assert value is not None
            low, high = _domain(unit)
            share = Fraction(objective.points) * Fraction(weight) / Fraction(weights)
            items.append(
                Item(
                    objective=objective.id,
                    value=float(value),
                    sd=0.02 if unit is Unit.SHARE else 0.05 * abs(float(value)),
                    low=-float("inf") if low is None else float(low),
                    high=float("inf") if high is None else float(high),
                    share=float(share),
                    rule=rule,
                )
            )
    return items


def rates(np: Any, rule: Any, x: Any) -> Any:
    """A rule written out in NumPy: the rate of each drawn value (capped at 1)."""
    if isinstance(rule, RateRule):
        return np.clip(x, 0.0, 1.0)
    if isinstance(rule, LinearRule):
        # Lower is better when the target is below the floor: the same clamp, a negative span.
        floor, target = float(rule.floor), float(rule.target)
        return np.clip((x - floor) / (target - floor), 0.0, 1.0)
    if isinstance(rule, BinaryRule):
        if rule.threshold is None:
            return (x >= 1.0).astype(float)
        threshold = float(rule.threshold)
        return (x >= threshold if rule.direction is Direction.HIGHER else x <= threshold).astype(float)
    if isinstance(rule, StepsRule):
        out = np.full(x.shape, float(rule.below))
        for step in rule.steps:
            t = float(step.threshold)
            out[x >= t if rule.direction is Direction.HIGHER else x <= t] = float(step.rate)
        return out
    if isinstance(rule, PiecewiseRule) and rule.above is PiecewiseAbove.HOLD:
        sign = 1.0 if rule.direction is Direction.HIGHER else -1.0
        xs = [sign * float(p.value) for p in rule.points]
        return np.minimum(
            np.interp(sign * x, xs, [float(p.rate) for p in rule.points], left=float(rule.below)), 1.0
        )
    raise SystemExit(f"benchmark: the {type(rule).__name__} rule is not written out in the reference kernel")


def total_at_values(np: Any, items: Sequence[Item]) -> float:
    """The kernel's total at the entity's own values (no draw): the exact score, in floats."""
    return sum(item.share * float(rates(np, item.rule, np.array([item.value]))[0]) for item in items)


@dataclass(frozen=True)
class Summary:
    """One figure's distribution over the draws (floats)."""

    mean: float
    sd: float
    low: float
    high: float
    percentiles: dict[int, float]


@dataclass(frozen=True)
class Figures:
    """What the kernel computes: the total's and each objective's distribution, the thresholds'
    probabilities."""

    total: Summary
    objectives: dict[str, Summary]
    probabilities: tuple[float, ...]


def _summary(np: Any, values: Any, percentiles: Sequence[int]) -> Summary:
    found = np.percentile(values, percentiles)
    return Summary(
        mean=float(values.mean()),
        sd=float(values.std()),
        low=float(values.min()),
        high=float(values.max()),
        percentiles={q: float(v) for q, v in zip(percentiles, found, strict=True)},
    )


def run_kernel(
    np: Any,
    items: Sequence[Item],
    draws: int,
    seed: int,
    chunk: int,
    percentiles: Sequence[int],
    thresholds: Sequence[float],
) -> Figures:
    """Draw `draws` years of the grid and compute the engine's figures, in plain NumPy."""
    rng = np.random.Generator(np.random.PCG64(seed))
    names = sorted({item.objective for item in items})
    per_objective = {name: np.zeros(draws) for name in names}
    total = np.zeros(draws)
    for start in range(0, draws, chunk):
        n = min(chunk, draws - start)
        part = slice(start, start + n)
        for item in items:
            # The engine draws nothing for a lever with no spread: the same stream here.
            x = rng.normal(item.value, item.sd, n) if item.sd > 0 else np.full(n, item.value)
            points = item.share * rates(np, item.rule, np.clip(x, item.low, item.high))
            per_objective[item.objective][part] += points
            total[part] += points
    return Figures(
        total=_summary(np, total, percentiles),
        objectives={name: _summary(np, values, percentiles) for name, values in per_objective.items()},
        probabilities=tuple(float((total >= t).mean()) for t in thresholds),
    )
