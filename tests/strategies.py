"""Hypothesis strategies: random grids and results that satisfy the model's rules."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from cpg_score import (
    Axis,
    BinaryRule,
    Direction,
    Entity,
    Grid,
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
