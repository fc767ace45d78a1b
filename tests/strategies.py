"""Hypothesis strategies for cpg-score's tests.

Each section is self-contained; add a new section rather than changing another's strategies.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from attrs import evolve
from hypothesis import strategies as st

from cpg_score import (
    Axis,
    BinaryRule,
    Direction,
    Entity,
    Figure,
    Grid,
    Indicator,
    LinearRule,
    Objective,
    Policy,
    RateRule,
    Results,
    ResultValue,
    Rounding,
    Step,
    StepsRule,
    Unit,
)
from cpg_score._numbers import CONTEXT

# =============================================================================================
# Hardening (issue 7): any valid grid and results, for lossless round trips (dump then load).
# `grids()` draws any grid the YAML format can express; `results_for(grid)` draws results that
# fit it. Numbers are exact decimals with awkward digits (1E-28, 10000000000.000001, 1E+3, 0.10).
# =============================================================================================

#: Identifiers as the format allows them: a letter or digit, then letters, digits, '.', '_', '-'.
#: Some look like other YAML values (`true`, `1e5`, `2019-01-01`, `null`...) on purpose.
ids = st.one_of(
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,15}", fullmatch=True),
    st.sampled_from(["true", "no", "on", "null", "1e5", "0x1F", "2019-01-01", "1.5", "007", "inf", "nan"]),
)

#: Free text: any printable character, YAML look-alikes, spaces at the ends, line breaks.
texts = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
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


def decimals(minimum: Decimal, maximum: Decimal) -> st.SearchStrategy[Decimal]:
    """Finite decimals in [minimum, maximum]: 0, 2, 6 or 28 places, and the awkward ones in range.

    Build each range once (module constants below): building strategies per draw is slow.
    """
    awkward = [d for t in AWKWARD for d in (Decimal(t), -Decimal(t)) if minimum <= d <= maximum]
    return st.one_of(
        st.sampled_from(awkward),
        *(st.decimals(minimum, maximum, places=places) for places in (0, 2, 6, 28)),
    )


SHARES = decimals(Decimal(0), Decimal(1))
NON_NEGATIVE = decimals(Decimal(0), Decimal(10) ** 15)
ANY_NUMBER = decimals(-(Decimal(10) ** 15), Decimal(10) ** 15)
POINTS = decimals(Decimal(0), Decimal(10) ** 12)
WEIGHTS = decimals(Decimal(0), Decimal(1000))
DENOMINATORS = decimals(Decimal(1), Decimal(10) ** 9)
_BY_UNIT = {
    Unit.SHARE: SHARES,
    Unit.COUNT: NON_NEGATIVE,
    Unit.DAYS: NON_NEGATIVE,
    Unit.EUROS: ANY_NUMBER,
    Unit.NUMBER: ANY_NUMBER,
}


def _unit_numbers(unit: Unit) -> st.SearchStrategy[Decimal]:
    return _BY_UNIT[unit]


@st.composite
def rules(draw: st.DrawFn, unit: Unit) -> RateRule | LinearRule | StepsRule | BinaryRule:
    """Any rule valid for `unit`."""
    numbers = _unit_numbers(unit)
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
def indicators(draw: st.DrawFn, iid: str) -> Indicator:
    """An indicator with the id `iid`."""
    unit = draw(st.sampled_from(list(Unit)))
    return Indicator(
        iid,
        draw(texts),
        draw(rules(unit)),
        draw(WEIGHTS),
        unit,
        draw(st.none() | texts),
        draw(texts),
    )


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    """Any valid grid: unique ids, points adding up to the total, weights not all 0."""
    all_ids = draw(st.lists(ids, min_size=3, max_size=14, unique=True))
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
                    members.append(draw(indicators(member)))
            if members and all(i.weight == 0 for i in members):
                members[0] = evolve(members[0], weight=Decimal(1))
            objectives.append(
                Objective(
                    objective_id,
                    draw(texts),
                    draw(POINTS),
                    members,
                    draw(st.none() | texts),
                    draw(texts),
                )
            )
        if objectives:
            axes.append(Axis(axis_id, draw(texts), objectives))
    axes_t = tuple(axes)
    with localcontext(CONTEXT):
        total = sum((a.points for a in axes_t), Decimal(0))
    return Grid(
        draw(ids),
        draw(texts),
        draw(st.integers(0, 999_999)),
        total,
        axes_t,
        draw(st.sampled_from(list(Policy))),
        Rounding(draw(st.integers(0, 10)), draw(st.integers(0, 10))),
        draw(texts),
    )


@st.composite
def result_values(draw: st.DrawFn, rid: str, unit: Unit | None) -> ResultValue:
    """A result for `rid`: a value, a fraction or a neutralisation, fitting `unit`."""
    form = draw(st.sampled_from(["value", "fraction", "neutralised"]))
    common = {"comment": draw(texts), "source": draw(texts)}
    if form == "neutralised":
        return ResultValue(rid, neutralised=draw(texts), **common)
    volume = draw(st.none() | NON_NEGATIVE)
    if form == "value":
        numbers = ANY_NUMBER if unit is None else _unit_numbers(unit)
        return ResultValue(rid, value=draw(numbers), volume=volume, **common)
    denominator = draw(DENOMINATORS)
    exclusions = draw(st.none() | NON_NEGATIVE)
    with localcontext(CONTEXT):
        if exclusions is not None:
            exclusions = min(exclusions, denominator - Decimal("0.5"))
        effective = denominator - (exclusions or 0)
    numerator = draw(NON_NEGATIVE.map(lambda n: min(n, effective)) if unit is Unit.SHARE else ANY_NUMBER)
    return ResultValue(
        rid, None, numerator, denominator, exclusions, volume, draw(st.none() | texts), **common
    )


@st.composite
def results_for(draw: st.DrawFn, grid: Grid) -> Results:
    """Results that fit `grid`: one result for each scored id, same grid id and period."""
    values = [draw(result_values(rid, grid.unit_of(rid))) for rid in grid.scored_ids()]
    figure_ids = draw(st.lists(ids, max_size=3, unique=True))
    figures = []
    for fid in figure_ids:
        unit = draw(st.sampled_from(list(Unit)))
        figures.append(Figure(fid, draw(_unit_numbers(unit)), unit, draw(texts), draw(texts), draw(texts)))
    return Results(
        Entity(draw(ids), draw(texts)),
        grid.id,
        grid.period,
        values,
        figures,
        draw(st.none() | ids),
        draw(texts),
        draw(texts),
    )


#: A grid with results that fit it.
grids_and_results = grids().flatmap(lambda g: st.tuples(st.just(g), results_for(g)))
