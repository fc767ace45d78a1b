"""Hypothesis strategies: random grids (every rule type) and results that fit them."""

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
    Step,
    StepsRule,
)

# ---------------------------------------------------------------------------------------------
# Simulation strategies (issue 4): small grids of every rule type, results as two-place shares.

#: Shares with two decimals: 0.00 .. 1.00.
two_place_shares = st.integers(0, 100).map(lambda n: Decimal(n) / 100)


@st.composite
def sim_linear_rules(draw: st.DrawFn) -> LinearRule:
    a, b = draw(st.lists(st.integers(0, 100), min_size=2, max_size=2, unique=True))
    return LinearRule(Decimal(a) / 100, Decimal(b) / 100)


@st.composite
def sim_steps_rules(draw: st.DrawFn) -> StepsRule:
    thresholds = sorted(draw(st.lists(st.integers(1, 99), min_size=1, max_size=3, unique=True)))
    rates = sorted(draw(st.lists(st.integers(1, 100), min_size=len(thresholds), max_size=len(thresholds))))
    direction = draw(st.sampled_from(Direction))
    if direction is Direction.LOWER:
        thresholds.reverse()
    steps = [Step(Decimal(t) / 100, Decimal(r) / 100) for t, r in zip(thresholds, rates, strict=True)]
    return StepsRule(steps, direction)


@st.composite
def sim_binary_rules(draw: st.DrawFn) -> BinaryRule:
    return BinaryRule(Decimal(draw(st.integers(1, 99))) / 100, draw(st.sampled_from(Direction)))


def sim_rules(kinds: tuple[str, ...] = ("rate", "linear", "steps", "binary")) -> st.SearchStrategy[object]:
    """Rules of the given kinds."""
    table: dict[str, st.SearchStrategy[object]] = {
        "rate": st.just(RateRule()),
        "linear": sim_linear_rules(),
        "steps": sim_steps_rules(),
        "binary": sim_binary_rules(),
    }
    return st.one_of(*(table[k] for k in kinds))


@st.composite
def small_grids(
    draw: st.DrawFn,
    kinds: tuple[str, ...] = ("rate", "linear", "steps", "binary"),
    max_items: int = 4,
    direct: bool = True,
) -> Grid:
    """A small grid: 1-2 axes, objectives rated directly or by 1-3 indicators (share units)."""
    counter = iter(range(1000))
    axes = []
    items = 0
    for a in range(draw(st.integers(1, 2))):
        objectives = []
        for _ in range(draw(st.integers(1, 2))):
            oid = f"o{next(counter)}"
            points = Decimal(draw(st.integers(1, 200)))
            if (direct and draw(st.booleans())) or items >= max_items:
                objectives.append(Objective(oid, oid, points))
                items += 1
                continue
            indicators = []
            for _ in range(draw(st.integers(1, 3))):
                iid = f"i{next(counter)}"
                rule = draw(sim_rules(kinds))
                weight = Decimal(draw(st.integers(1, 5)))
                indicators.append(Indicator(iid, iid, rule, weight))  # type: ignore[arg-type]
                items += 1
            objectives.append(Objective(oid, oid, points, indicators))
        axes.append(Axis(f"a{a}", f"a{a}", objectives))
    total = sum((o.points for axis in axes for o in axis.objectives), Decimal(0))
    policy = draw(st.sampled_from(Policy))
    return Grid("g", "g", 2019, total, axes, policy)


@st.composite
def share_results(draw: st.DrawFn, grid: Grid) -> Results:
    """Results for every scored id of `grid` (two_place_shares)."""
    values = [ResultValue(rid, value=draw(two_place_shares)) for rid in grid.scored_ids()]
    return Results(Entity("e", "e"), grid.id, grid.period, values)
