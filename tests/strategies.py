"""Hypothesis strategies: random grids and results that satisfy the model's rules."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from cpg_score import (
    Axis,
    Band,
    BandsRule,
    BinaryRule,
    BlendRule,
    Direction,
    Edge,
    Entity,
    Grid,
    ImprovementRule,
    Indicator,
    LinearRule,
    Objective,
    Policy,
    RateRule,
    Results,
    ResultValue,
    Rule,
    Step,
    StepsRule,
    Unit,
)

# ---------------------------------------------------------------------------------------------
# Core strategies: grids, rules, results.


#: Exact decimals with a few places, as people write them.
def decimals(low: str = "0", high: str = "1", places: int = 4) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=places, allow_nan=False)


shares = decimals("0", "1", 4)
points = decimals("0", "200", 2)
weights = decimals("0", "5", 2)


@st.composite
def linear_rules(draw: st.DrawFn) -> LinearRule:
    floor, target = draw(st.lists(shares, min_size=2, max_size=2, unique=True))
    return LinearRule(floor, target)


@st.composite
def steps_rules(draw: st.DrawFn) -> StepsRule:
    direction = draw(st.sampled_from(Direction))
    thresholds = sorted(draw(st.lists(shares, min_size=1, max_size=4, unique=True)))
    if direction is Direction.LOWER:
        thresholds.reverse()
    rates = sorted(draw(st.lists(shares, min_size=len(thresholds), max_size=len(thresholds))))
    return StepsRule(tuple(Step(t, r) for t, r in zip(thresholds, rates, strict=True)), direction)


@st.composite
def binary_rules(draw: st.DrawFn) -> BinaryRule:
    return BinaryRule(draw(shares), draw(st.sampled_from(Direction)))


rules: st.SearchStrategy[Rule] = st.one_of(st.just(RateRule()), linear_rules(), steps_rules(), binary_rules())


@st.composite
def grids(draw: st.DrawFn, policy: Policy | None = None, max_axes: int = 3) -> Grid:
    """A valid grid: unique ids, points adding up to the declared total, share-valued indicators."""
    counter = iter(range(10_000))
    axes = []
    for _ in range(draw(st.integers(1, max_axes))):
        objectives = []
        for _ in range(draw(st.integers(1, 3))):
            oid = f"o{next(counter)}"
            if draw(st.booleans()):
                indicators: list[Indicator] = []
            else:
                count = draw(st.integers(1, 3))
                ws = draw(st.lists(weights, min_size=count, max_size=count))
                if sum(ws) == 0:
                    ws[0] = Decimal(1)
                indicators = [
                    Indicator(f"i{next(counter)}", f"Indicator {n}", draw(rules), w, Unit.SHARE)
                    for n, w in enumerate(ws)
                ]
            objectives.append(Objective(oid, f"Objective {oid}", draw(points), indicators))
        axes.append(Axis(f"a{next(counter)}", "Axis", objectives))
    total = sum((a.points for a in axes), Decimal(0))
    chosen = policy if policy is not None else draw(st.sampled_from(Policy))
    return Grid("g", "Grid", 2019, total, axes, chosen)


@st.composite
def results_for(draw: st.DrawFn, grid: Grid, neutralise: bool = True) -> Results:
    """Results for every scored id of `grid`; some neutralised when `neutralise`."""
    values = []
    for item_id in grid.scored_ids():
        if neutralise and draw(st.integers(0, 5)) == 0:
            values.append(ResultValue(item_id, neutralised="test"))
        else:
            values.append(ResultValue(item_id, value=draw(shares)))
    return Results(Entity("e", "Entity"), grid.id, grid.period, values)


@st.composite
def grids_with_results(draw: st.DrawFn, policy: Policy | None = None) -> tuple[Grid, Results]:
    grid = draw(grids(policy))
    return grid, draw(results_for(grid))


# =============================================================================================
# Issue 3: rules, consolidation (strategies for test_rules.py and test_consolidate.py)
# =============================================================================================


def any_decimals(low: str = "-2", high: str = "2", places: int = 4) -> st.SearchStrategy[Decimal]:
    """Exact decimals in [low, high] with at most `places` decimals."""
    return st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=places, allow_nan=False)


@st.composite
def capped_linear_rules(draw: st.DrawFn, capped: bool = True) -> LinearRule:
    floor, target = draw(st.lists(any_decimals("0", "1"), min_size=2, max_size=2, unique=True))
    cap = draw(st.sampled_from([Decimal(1), Decimal("1.2")])) if capped else Decimal(1)
    return LinearRule(floor, target, cap)


@st.composite
def steps_rules_both_ways(draw: st.DrawFn) -> StepsRule:
    direction = draw(st.sampled_from(list(Direction)))
    thresholds = sorted(draw(st.lists(any_decimals("0", "1"), min_size=1, max_size=5, unique=True)))
    if direction is Direction.LOWER:
        thresholds.reverse()
    rates = sorted(
        draw(st.lists(any_decimals("0", "1", 2), min_size=len(thresholds), max_size=len(thresholds)))
    )
    below = draw(any_decimals("0", str(rates[0]), 2))
    return StepsRule([Step(t, r) for t, r in zip(thresholds, rates, strict=True)], direction, below)


@st.composite
def bands_rules(draw: st.DrawFn) -> BandsRule:
    direction = draw(st.sampled_from(list(Direction)))
    starts = sorted(draw(st.lists(any_decimals("0", "1"), min_size=1, max_size=10, unique=True)))
    if direction is Direction.LOWER:
        starts.reverse()
    points = draw(st.booleans())
    top = "10" if points else "1"
    earned = sorted(draw(st.lists(any_decimals("0", top, 2), min_size=len(starts), max_size=len(starts))))
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
        capped_linear_rules(capped),
        steps_rules_both_ways(),
        # Without a threshold a binary rule reads the result as met (1) / not met (0) whatever its
        # direction (core behaviour), so only `higher` is drawn then.
        st.builds(BinaryRule, any_decimals("0", "1"), st.sampled_from(list(Direction))),
        st.just(BinaryRule()),
        bands_rules(),
    )


@st.composite
def improvement_rules(draw: st.DrawFn) -> ImprovementRule:
    base = draw(base_rules())
    return ImprovementRule(base, baseline=draw(st.one_of(st.none(), any_decimals("0", "1"))))


@st.composite
def blend_rules(draw: st.DrawFn) -> BlendRule:
    level = draw(capped_linear_rules(capped=False))
    low, high = sorted(draw(st.lists(any_decimals("-0.1", "0.1"), min_size=2, max_size=2, unique=True)))
    progress = LinearRule(low, high) if level.direction is Direction.HIGHER else LinearRule(high, low)
    weight = draw(any_decimals("0", "1", 2))
    baseline = draw(st.one_of(st.none(), any_decimals("0", "1")))
    return BlendRule(level, progress, weight, 1 - weight, baseline)


def any_rules() -> st.SearchStrategy[Rule]:
    """Every kind of rule, caps included."""
    return st.one_of(base_rules(capped=True), improvement_rules(), blend_rules())


COUNT_IDS = ("count-a", "count-b")
SHARE_IDS = ("share-a",)


@st.composite
def leaf_results(draw: st.DrawFn, entity_id: str) -> Results:
    """One entity's results on the consolidation test grid: counts (sometimes not given), a share
    as a fraction, and a share published without its denominator but with a volume (`share-b`,
    to be weighted by volume)."""
    values = [
        ResultValue(i, neutralised="not printed")
        if draw(st.integers(0, 5)) == 0
        else ResultValue(i, value=Decimal(draw(st.integers(0, 10_000))))
        for i in COUNT_IDS
    ]
    denominator = draw(st.integers(1, 1000))
    numerator = draw(st.integers(0, denominator))
    values.append(ResultValue("share-a", numerator=Decimal(numerator), denominator=Decimal(denominator)))
    rate = draw(st.decimals(min_value=0, max_value=1, places=3))
    values.append(ResultValue("share-b", value=rate, volume=Decimal(draw(st.integers(1, 1000)))))
    return Results(Entity(entity_id, entity_id), "consolidation-test", 2019, values)
