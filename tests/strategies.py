"""Hypothesis strategies shared by the tests."""

from __future__ import annotations

# =============================================================================================
# Issue 3: rules, consolidation (strategies for test_rules.py and test_consolidate.py)
# =============================================================================================
from decimal import Decimal

from hypothesis import strategies as st

from cpg_score.model import Entity, Results, ResultValue
from cpg_score.rules import (
    Band,
    BandsRule,
    BinaryRule,
    BlendRule,
    Direction,
    Edge,
    ImprovementRule,
    LinearRule,
    RateRule,
    Rule,
    Step,
    StepsRule,
)


def decimals(low: str = "-2", high: str = "2", places: int = 4) -> st.SearchStrategy[Decimal]:
    """Exact decimals in [low, high] with at most `places` decimals."""
    return st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=places, allow_nan=False)


@st.composite
def linear_rules(draw: st.DrawFn, capped: bool = True) -> LinearRule:
    floor, target = draw(st.lists(decimals("0", "1"), min_size=2, max_size=2, unique=True))
    cap = draw(st.sampled_from([Decimal(1), Decimal("1.2")])) if capped else Decimal(1)
    return LinearRule(floor, target, cap)


@st.composite
def steps_rules(draw: st.DrawFn) -> StepsRule:
    direction = draw(st.sampled_from(list(Direction)))
    thresholds = sorted(draw(st.lists(decimals("0", "1"), min_size=1, max_size=5, unique=True)))
    if direction is Direction.LOWER:
        thresholds.reverse()
    rates = sorted(draw(st.lists(decimals("0", "1", 2), min_size=len(thresholds), max_size=len(thresholds))))
    below = draw(decimals("0", str(rates[0]), 2))
    return StepsRule([Step(t, r) for t, r in zip(thresholds, rates, strict=True)], direction, below)


@st.composite
def bands_rules(draw: st.DrawFn) -> BandsRule:
    direction = draw(st.sampled_from(list(Direction)))
    starts = sorted(draw(st.lists(decimals("0", "1"), min_size=1, max_size=10, unique=True)))
    if direction is Direction.LOWER:
        starts.reverse()
    points = draw(st.booleans())
    top = "10" if points else "1"
    earned = sorted(draw(st.lists(decimals("0", top, 2), min_size=len(starts), max_size=len(starts))))
    if points and earned[-1] == 0:
        earned[-1] = Decimal(10)
    edge = draw(st.sampled_from(list(Edge)))
    return BandsRule(
        [Band(s, e) for s, e in zip(starts, earned, strict=True)], direction, edge, Decimal(0), points
    )


def base_rules(capped: bool = False) -> st.SearchStrategy[Rule]:
    """Rules scoring one result on its own."""
    return st.one_of(
        st.just(RateRule()),
        linear_rules(capped),
        steps_rules(),
        # Without a threshold a binary rule reads the result as met (1) / not met (0) whatever its
        # direction (core behaviour), so only `higher` is drawn then.
        st.builds(BinaryRule, decimals("0", "1"), st.sampled_from(list(Direction))),
        st.just(BinaryRule()),
        bands_rules(),
    )


@st.composite
def improvement_rules(draw: st.DrawFn) -> ImprovementRule:
    base = draw(base_rules())
    return ImprovementRule(base, baseline=draw(st.one_of(st.none(), decimals("0", "1"))))


@st.composite
def blend_rules(draw: st.DrawFn) -> BlendRule:
    level = draw(linear_rules(capped=False))
    low, high = sorted(draw(st.lists(decimals("-0.1", "0.1"), min_size=2, max_size=2, unique=True)))
    progress = LinearRule(low, high) if level.direction is Direction.HIGHER else LinearRule(high, low)
    weight = draw(decimals("0", "1", 2))
    baseline = draw(st.one_of(st.none(), decimals("0", "1")))
    return BlendRule(level, progress, weight, 1 - weight, baseline)


def any_rules() -> st.SearchStrategy[Rule]:
    """Every kind of rule, caps included."""
    return st.one_of(base_rules(capped=True), improvement_rules(), blend_rules())


COUNT_IDS = ("count-a", "count-b")
SHARE_IDS = ("share-a",)


@st.composite
def leaf_results(draw: st.DrawFn, entity_id: str) -> Results:
    """One entity's results on the consolidation test grid: counts, and a share as a fraction."""
    values = [ResultValue(i, value=Decimal(draw(st.integers(0, 10_000)))) for i in COUNT_IDS]
    denominator = draw(st.integers(1, 1000))
    numerator = draw(st.integers(0, denominator))
    values.append(ResultValue("share-a", numerator=Decimal(numerator), denominator=Decimal(denominator)))
    return Results(Entity(entity_id, entity_id), "consolidation-test", 2019, values)
