"""Hypothesis strategies: random grids and results that satisfy the model's rules."""

from __future__ import annotations

from decimal import Decimal, localcontext

from attrs import evolve
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
    Figure,
    Grid,
    ImprovementRule,
    Indicator,
    LinearRule,
    Objective,
    Policy,
    RateRule,
    Results,
    ResultValue,
    Rounding,
    Rule,
    Step,
    StepsRule,
    Unit,
)
from cpg_score._numbers import CONTEXT

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
        bands=[Band(s, e) for s, e in zip(starts, earned, strict=True)],
        direction=direction,
        edge=edge,
        below=Decimal(0),
        points=points,
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
    return BlendRule(
        level=level, progress=progress, level_weight=weight, progress_weight=1 - weight, baseline=baseline
    )


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


@st.composite
def advanced_grids(draw: st.DrawFn, max_items: int = 4) -> Grid:
    """A small grid whose indicators use every kind of rule (bands, improvement, blend, caps...)."""
    counter = iter(range(1000))
    objectives = []
    for _ in range(draw(st.integers(1, 3))):
        oid = f"o{next(counter)}"
        indicators = [
            Indicator(f"i{next(counter)}", "i", draw(any_rules()), Decimal(draw(st.integers(1, 5))))
            for _ in range(draw(st.integers(1, max(1, max_items // 2))))
        ]
        objectives.append(Objective(oid, oid, Decimal(draw(st.integers(1, 200))), indicators))
    total = sum((o.points for o in objectives), Decimal(0))
    return Grid("g", "g", 2019, total, [Axis("a", "a", objectives)], draw(st.sampled_from(Policy)))


@st.composite
def share_results_with_baselines(draw: st.DrawFn, grid: Grid) -> Results:
    """Results (two-place shares) with a baseline for every id (the improvement and blend rules use it)."""
    values = [
        ResultValue(rid, value=draw(two_place_shares), baseline=draw(two_place_shares))
        for rid in grid.scored_ids()
    ]
    return Results(Entity("e", "e"), grid.id, grid.period, values)


# =============================================================================================
# Hardening (issue 7): any valid grid and results, for lossless round trips (dump then load).
# `rt_grids()` draws any grid the YAML format can express; `rt_results_for(grid)` draws results that
# fit it. Numbers are exact decimals with awkward digits (1E-28, 10000000000.000001, 1E+3, 0.10).
# =============================================================================================

#: Identifiers as the format allows them: a letter or digit, then letters, digits, '.', '_', '-'.
#: Some look like other YAML values (`true`, `1e5`, `2019-01-01`, `null`...) on purpose.
rt_ids = st.one_of(
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,15}", fullmatch=True),
    st.sampled_from(["true", "no", "on", "null", "1e5", "0x1F", "2019-01-01", "1.5", "007", "inf", "nan"]),
)

#: Free text: any printable character, YAML look-alikes, spaces at the ends, line breaks (tab and
#: line feed: the files refuse the other terminal control characters).
rt_chars = st.characters(blacklist_categories=("Cs",)).filter(
    lambda c: c in "\t\n" or not ("\x00" <= c <= "\x1f" or "\x7f" <= c <= "\x9f")
)
rt_texts = st.one_of(
    st.text(rt_chars, max_size=30),
    st.sampled_from(
        ["", " ", "-", "~", "null", "yes", "- item", "a: b", "# not a comment", "'q'", "99,24 %"]
    ),
)

AWKWARD = [
    "1E-28",
    "10000000000.000001",
    "0.10",
    "1E+3",
    "0E-7",
    "0.000",
    "123456789012345678901234567.8",
    "0.9924",
    "5",
]


def rt_decimals(minimum: Decimal, maximum: Decimal) -> st.SearchStrategy[Decimal]:
    """Finite decimals in [minimum, maximum]: 0, 2, 6 or 28 places, and the awkward ones in range.

    Build each range once (module constants below): building strategies per draw is slow.
    """
    awkward = [d for t in AWKWARD for d in (Decimal(t), -Decimal(t)) if minimum <= d <= maximum]
    return st.one_of(
        st.sampled_from(awkward),
        *(st.decimals(minimum, maximum, places=places) for places in (0, 2, 6, 28)),
    )


#: The largest number a file may hold: numbers must be below 1e15 in size (`_numbers.MAX_MAGNITUDE`).
BELOW_1E15 = Decimal(10) ** 15 - 1
SHARES = rt_decimals(Decimal(0), Decimal(1))
NON_NEGATIVE = rt_decimals(Decimal(0), BELOW_1E15)
ANY_NUMBER = rt_decimals(-BELOW_1E15, BELOW_1E15)
POINTS = rt_decimals(Decimal(0), Decimal(10) ** 12)
WEIGHTS = rt_decimals(Decimal(0), Decimal(1000))
DENOMINATORS = rt_decimals(Decimal(1), Decimal(10) ** 9)
_BY_UNIT = {
    Unit.SHARE: SHARES,
    Unit.COUNT: NON_NEGATIVE,
    Unit.DAYS: NON_NEGATIVE,
    Unit.EUROS: ANY_NUMBER,
    Unit.NUMBER: ANY_NUMBER,
}


def _rt_unit_numbers(unit: Unit) -> st.SearchStrategy[Decimal]:
    return _BY_UNIT[unit]


@st.composite
def rt_rules(draw: st.DrawFn, unit: Unit) -> RateRule | LinearRule | StepsRule | BinaryRule:
    """Any rule valid for `unit`."""
    numbers = _rt_unit_numbers(unit)
    kind = draw(st.sampled_from(["rate", "linear", "steps", "binary"]))
    if kind == "rate":
        return RateRule()
    if kind == "linear":
        floor = draw(numbers)
        target = draw(numbers.filter(lambda t: t != floor))
        return LinearRule(floor, target)
    direction = draw(st.sampled_from(list(Direction)))
    if kind == "binary":
        return BinaryRule(draw(st.none() | numbers), direction)
    thresholds = sorted(
        draw(st.lists(numbers, min_size=1, max_size=4, unique_by=lambda d: d.normalize())),
        reverse=direction is Direction.LOWER,
    )
    rates = sorted(draw(st.lists(SHARES, min_size=len(thresholds), max_size=len(thresholds))))
    below = draw(st.sampled_from([Decimal(0), rates[0]]) | SHARES.filter(lambda b: b <= rates[0]))
    return StepsRule(tuple(Step(t, r) for t, r in zip(thresholds, rates, strict=True)), direction, below)


@st.composite
def rt_indicators(draw: st.DrawFn, iid: str) -> Indicator:
    """An indicator with the id `iid`."""
    unit = draw(st.sampled_from(list(Unit)))
    return Indicator(
        iid,
        draw(rt_texts),
        draw(rt_rules(unit)),
        draw(WEIGHTS),
        unit,
        draw(st.none() | rt_texts),
        draw(rt_texts),
    )


@st.composite
def rt_grids(draw: st.DrawFn) -> Grid:
    """Any valid grid: unique ids, points adding up to the total, weights not all 0."""
    all_ids = draw(st.lists(rt_ids, min_size=3, max_size=14, unique=True))
    pool = iter(all_ids)
    axes = []
    for _ in range(draw(st.integers(1, 3))):
        axis_id = next(pool, None)
        if axis_id is None:
            break
        objectives = []
        for _ in range(draw(st.integers(1, 3))):
            objective_id = next(pool, None)
            if objective_id is None:
                break
            members = []
            for _ in range(draw(st.integers(0, 3))):
                member = next(pool, None)
                if member is not None:
                    members.append(draw(rt_indicators(member)))
            if members and all(i.weight == 0 for i in members):
                members[0] = evolve(members[0], weight=Decimal(1))
            objectives.append(
                Objective(
                    objective_id,
                    draw(rt_texts),
                    draw(POINTS),
                    members,
                    draw(st.none() | rt_texts),
                    draw(rt_texts),
                )
            )
        if objectives:
            axes.append(Axis(axis_id, draw(rt_texts), objectives))
    axes_t = tuple(axes)
    with localcontext(CONTEXT):
        total = sum((a.points for a in axes_t), Decimal(0))
    return Grid(
        draw(rt_ids),
        draw(rt_texts),
        draw(st.integers(0, 999_999)),
        total,
        axes_t,
        draw(st.sampled_from(list(Policy))),
        Rounding(draw(st.integers(0, 10)), draw(st.integers(0, 10))),
        draw(rt_texts),
    )


@st.composite
def rt_result_values(draw: st.DrawFn, rid: str, unit: Unit | None) -> ResultValue:
    """A result for `rid`: a value, a fraction or a neutralisation, fitting `unit`."""
    form = draw(st.sampled_from(["value", "fraction", "neutralised"]))
    common = {"comment": draw(rt_texts), "source": draw(rt_texts)}
    if form == "neutralised":
        return ResultValue(rid, neutralised=draw(rt_texts), **common)
    volume = draw(st.none() | NON_NEGATIVE)
    if form == "value":
        numbers = ANY_NUMBER if unit is None else _rt_unit_numbers(unit)
        return ResultValue(rid, value=draw(numbers), volume=volume, **common)
    denominator = draw(DENOMINATORS)
    exclusions = draw(st.none() | NON_NEGATIVE)
    with localcontext(CONTEXT):
        if exclusions is not None:
            exclusions = min(exclusions, denominator - Decimal("0.5"))
        effective = denominator - (exclusions or 0)
    numerator = draw(NON_NEGATIVE.map(lambda n: min(n, effective)) if unit is Unit.SHARE else ANY_NUMBER)
    return ResultValue(
        rid, None, numerator, denominator, exclusions, volume, draw(st.none() | rt_texts), **common
    )


@st.composite
def rt_results_for(draw: st.DrawFn, grid: Grid) -> Results:
    """Results that fit `grid`: one result for each scored id, same grid id and period."""
    values = [draw(rt_result_values(rid, grid.unit_of(rid))) for rid in grid.scored_ids()]
    figure_ids = draw(st.lists(rt_ids, max_size=3, unique=True))
    figures = []
    for fid in figure_ids:
        unit = draw(st.sampled_from(list(Unit)))
        figures.append(
            Figure(fid, draw(_rt_unit_numbers(unit)), unit, draw(rt_texts), draw(rt_texts), draw(rt_texts))
        )
    return Results(
        Entity(draw(rt_ids), draw(rt_texts)),
        grid.id,
        grid.period,
        values,
        figures,
        draw(st.none() | rt_ids),
        draw(rt_texts),
        draw(rt_texts),
    )


#: A grid with results that fit it.
rt_grids_and_results = rt_grids().flatmap(lambda g: st.tuples(st.just(g), rt_results_for(g)))


# =============================================================================================
# Exactness (issue 10): small strategies composed into grids whose shares repeat (thirds,
# sevenths), results on half-cent ties, every rule, every neutralisation and every policy.
# `exact_grids(policy)` composes `exact_objectives`, which composes `exact_indicators`, which
# composes `any_rules()` above; `exact_results_for(grid)` composes `exact_result_values`.
# =============================================================================================

#: Weights whose sums make thirds, sevenths and ninths of an objective's points.
repeating_weights = st.sampled_from([Decimal(w) for w in ("1", "1", "2", "3", "7", "0.5", "0")])

#: Points that split into repeating shares (100 / 3, 10 / 7), and a few awkward ones.
repeating_points = st.sampled_from([Decimal(p) for p in ("100", "100", "10", "1", "33.33", "0.07", "0")])

#: Values on a half-cent tie of something (x.xx5), around the edges of every rule.
tie_values = st.one_of(
    st.integers(0, 2000).map(lambda n: Decimal(2 * n + 1) / 2000),  # 0.0005, 0.0015, ... ties
    st.integers(0, 100).map(lambda n: Decimal(n) / 100),
    any_decimals("-0.5", "1.5", 4),
)


@st.composite
def exact_indicators(draw: st.DrawFn, iid: str) -> Indicator:
    """An indicator of any rule, a repeating weight, maybe a minimum volume or a grid-level
    neutralisation."""
    return Indicator(
        iid,
        f"Indicator {iid}",
        draw(any_rules()),
        draw(repeating_weights),
        Unit.SHARE,
        neutralised="grid" if draw(st.integers(0, 9)) == 0 else None,
        min_volume=draw(st.sampled_from([None, None, Decimal(10)])),
    )


@st.composite
def exact_objectives(draw: st.DrawFn, oid: str) -> Objective:
    """A direct objective or one of 1 to 3 indicators (not all of weight 0), maybe a bonus."""
    indicators: list[Indicator] = []
    if draw(st.booleans()):
        count = draw(st.integers(1, 3))
        indicators = [draw(exact_indicators(f"{oid}-i{n}")) for n in range(count)]
        if all(i.weight == 0 for i in indicators):
            indicators[0] = evolve(indicators[0], weight=Decimal(1))
    bonus = draw(st.sampled_from([Decimal(0), Decimal(0), Decimal(5), Decimal("0.01")]))
    return Objective(
        oid,
        f"Objective {oid}",
        draw(repeating_points),
        indicators,
        neutralised="grid" if draw(st.integers(0, 9)) == 0 else None,
        bonus=bonus,
    )


@st.composite
def exact_grids(draw: st.DrawFn, policy: Policy | None = None, places: int | None = None) -> Grid:
    """A grid of 1 to 3 axes of 1 to 3 `exact_objectives`, under any policy and rounding."""
    axes = []
    for a in range(draw(st.integers(1, 3))):
        count = draw(st.integers(1, 3))
        axes.append(Axis(f"a{a}", f"Axis {a}", [draw(exact_objectives(f"a{a}o{n}")) for n in range(count)]))
    total = sum((a.points for a in axes), Decimal(0))
    chosen = policy if policy is not None else draw(st.sampled_from(list(Policy)))
    decimals = places if places is not None else draw(st.sampled_from([0, 2, 2, 3]))
    return Grid("g", "Grid", 2019, total, axes, chosen, Rounding(decimals, decimals))


@st.composite
def exact_result_values(draw: st.DrawFn, rid: str, baseline: bool) -> ResultValue:
    """A value on a tie, a fraction (thirds, sevenths) with exclusions, or a neutralisation;
    a volume around a minimum volume of 10; a baseline when the rule may use one."""
    kind = draw(st.integers(0, 9))
    volume = draw(st.sampled_from([None, Decimal(9), Decimal(10)]))
    base = draw(st.one_of(st.none(), tie_values)) if baseline else None
    if kind == 0:
        return ResultValue(rid, neutralised="-")
    if kind <= 3:
        denominator = draw(st.sampled_from([3, 7, 9, 21, 1000]))
        exclusions = draw(st.sampled_from([None, 0, 1]))
        numerator = draw(st.integers(0, denominator - (exclusions or 0)))
        return ResultValue(
            rid,
            numerator=Decimal(numerator),
            denominator=Decimal(denominator),
            exclusions=None if exclusions is None else Decimal(exclusions),
            volume=volume,
            baseline=base,
        )
    return ResultValue(rid, value=draw(tie_values), volume=volume, baseline=base)


@st.composite
def exact_results_for(draw: st.DrawFn, grid: Grid) -> Results:
    """Results for every scored id of `grid` (a blend always gets its baseline)."""
    values = []
    for _, objective in grid.objectives():
        if objective.direct:
            values.append(draw(exact_result_values(objective.id, False)))
        for indicator in objective.indicators:
            value = draw(exact_result_values(indicator.id, True))
            if isinstance(indicator.rule, BlendRule) and value.neutralised is None and value.baseline is None:
                value = evolve(value, baseline=Decimal("0.5"))
            values.append(value)
    return Results(Entity("e", "Entity"), grid.id, grid.period, values)


def exact_cases(policy: Policy | None = None) -> st.SearchStrategy[tuple[Grid, Results]]:
    """A grid and results that fit it: the composition of the strategies above."""
    return exact_grids(policy).flatmap(lambda g: st.tuples(st.just(g), exact_results_for(g)))
