"""Hypothesis strategies: one family of valid grids and results, built from small strategies up.

Layers, each built from the ones above it (as attrs' own `tests/strategies.py` does):
1. numbers: `numbers(low, high, places=, awkward=, ties=)`, `unit_numbers(unit)`, `hundredths`;
2. ids and texts: `ids`, `chars`, `texts` (YAML look-alikes, awkward characters);
3. rules: one strategy per rule type (`linear_rules`, `steps_rules`, `binary_rules`, `bands_rules`,
   `improvement_rules`, `blend_rules`, `piecewise_rules`, `relative_rules`, `delay_rules`,
   `count_rules`), each parameterised by its numbers, then `rules(kinds=...)` over `EVERY_KIND`
   (the registry's types), and `RULE_STRATEGIES` (one per type, for tests/test_rule_properties.py);
4. indicators -> objectives -> axes -> `grids(...)`: sizes, ids, texts, units, points, weights,
   rule kinds, policy, rounding and grid-level neutralisations are options; an indicator's unit
   follows its rule's kind when the kind takes given units only (delay: number; count);
5. results: `result_values(rid, ...)` -> `results_for(grid, ...)`: forms (value, fraction,
   neutralised), numbers (also by rule kind), baselines, volumes, texts and figures are options;
   `pairs(grids, ...)`.
A few named specialisations shared by several test files close the module, as one-liners.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, localcontext
from typing import Any, Literal, TypeVar

from attrs import evolve, field, frozen
from hypothesis import strategies as st

from cpg_score import (
    Axis,
    Band,
    BandsRule,
    BaselineChange,
    BinaryRule,
    BlendRule,
    ChangeBy,
    CountRule,
    DelayRule,
    Direction,
    Edge,
    Entity,
    Figure,
    Grid,
    ImprovementRule,
    Indicator,
    LinearRule,
    MonthCount,
    Objective,
    PiecewiseAbove,
    PiecewisePoint,
    PiecewiseRule,
    Policy,
    RateRule,
    RelativeRule,
    Results,
    ResultValue,
    Rounding,
    Rule,
    ShareOfTarget,
    Step,
    StepsRule,
    Unit,
)
from cpg_score._numbers import CONTEXT
from cpg_score.model.rules import needs_baseline
from cpg_score.model.rules.registry import kind_of

T = TypeVar("T")
Numbers = st.SearchStrategy[Decimal]
ZERO = Decimal(0)
ONE = Decimal(1)

# -- 1. numbers -----------------------------------------------------------------------------------

#: Numbers people and files write awkwardly: tiny, huge, trailing zeros, exponents (and negatives).
AWKWARD = (
    "1E-28",
    "10000000000.000001",
    "0.10",
    "1E+3",
    "0E-7",
    "0.000",
    "123456789012345678901234567.8",
    "0.9924",
    "5",
)
#: The largest number a file may hold: numbers must be below 1e15 in size (`_numbers.MAX_MAGNITUDE`).
BELOW_1E15 = Decimal(10) ** 15 - 1

#: Shares with two decimals: 0, 0.01 ... 1 (as `Decimal(n) / 100`).
hundredths = st.integers(0, 100).map(lambda n: Decimal(n) / 100)
#: Half-cent ties (0.0005, 0.0015 ... 2.0005): x.xx5 around the edges of every rule.
half_cent_ties = st.integers(0, 2000).map(lambda n: Decimal(2 * n + 1) / 2000)


def numbers(
    low: Decimal | str = "0",
    high: Decimal | str = "1",
    *,
    places: int = 4,
    awkward: bool = False,
    ties: bool = False,
) -> Numbers:
    """Exact decimals in [low, high] with `places` decimals; with `awkward`, 0, 2, 6 or 28 places
    and the AWKWARD numbers in range; with `ties`, also `half_cent_ties` and `hundredths`
    (whatever the range: a few ties fall above it on purpose).

    Build each range once (module constants): building strategies per draw is slow.
    """
    lo, hi = Decimal(low), Decimal(high)
    if awkward:
        odd = [d for t in AWKWARD for d in (Decimal(t), -Decimal(t)) if lo <= d <= hi]
        drawn = st.one_of(st.sampled_from(odd), *(st.decimals(lo, hi, places=p) for p in (0, 2, 6, 28)))
    else:
        drawn = st.decimals(min_value=lo, max_value=hi, places=places, allow_nan=False)
    return st.one_of(half_cent_ties, hundredths, drawn) if ties else drawn


SHARES = numbers("0", "1")
#: Progress from a baseline: -0.1 to 0.1.
PROGRESS = numbers("-0.1", "0.1")
POINTS = numbers("0", "200", places=2)
#: Hundredths as `st.decimals` draws them: of [0, 1], strictly inside it, above 0, of [0, 10].
TWO_PLACES = numbers("0", "1", places=2)
TWO_PLACES_INSIDE = numbers("0.01", "0.99", places=2)
TWO_PLACES_ABOVE_0 = numbers("0.01", "1", places=2)
TWO_PLACES_TO_10 = numbers("0", "10", places=2)
WEIGHTS = numbers("0", "5", places=2)
AWKWARD_SHARES = numbers(ZERO, ONE, awkward=True)
AWKWARD_NON_NEGATIVE = numbers(ZERO, BELOW_1E15, awkward=True)
AWKWARD_ANY = numbers(-BELOW_1E15, BELOW_1E15, awkward=True)
AWKWARD_POINTS = numbers(ZERO, Decimal(10) ** 12, awkward=True)
AWKWARD_WEIGHTS = numbers(ZERO, Decimal(1000), awkward=True)
AWKWARD_DENOMINATORS = numbers(ONE, Decimal(10) ** 9, awkward=True)
_BY_UNIT = {
    Unit.SHARE: AWKWARD_SHARES,
    Unit.COUNT: AWKWARD_NON_NEGATIVE,
    Unit.DAYS: AWKWARD_NON_NEGATIVE,
    Unit.EUROS: AWKWARD_ANY,
    Unit.NUMBER: AWKWARD_ANY,
}


def unit_numbers(unit: Unit | None) -> Numbers:
    """Any number valid for `unit` (awkward digits included); any number without a unit."""
    return AWKWARD_ANY if unit is None else _BY_UNIT[unit]


def whole(low: int, high: int) -> Numbers:
    """Whole numbers in [low, high] as decimals."""
    return st.integers(low, high).map(Decimal)


# -- 2. ids and texts -----------------------------------------------------------------------------

#: Identifiers as the format allows them: a letter or digit, then letters, digits, '.', '_', '-'.
#: Some look like other YAML values (`true`, `1e5`, `2019-01-01`, `null`...) on purpose.
ids = st.one_of(
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,15}", fullmatch=True),
    st.sampled_from(["true", "no", "on", "null", "1e5", "0x1F", "2019-01-01", "1.5", "007", "inf", "nan"]),
)
SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
#: Any printable character, tab and line feed (the files refuse the other control characters).
chars = st.characters(blacklist_categories=SURROGATES).filter(
    lambda c: c in "\t\n" or not ("\x00" <= c <= "\x1f" or "\x7f" <= c <= "\x9f")
)
#: Free text: any characters, YAML look-alikes, spaces at the ends, line breaks.
texts = st.one_of(
    st.text(chars, max_size=30),
    st.sampled_from(
        ["", " ", "-", "~", "null", "yes", "- item", "a: b", "# not a comment", "'q'", "99,24 %"]
    ),
)


def _text(draw: st.DrawFn, text: st.SearchStrategy[str] | None, default: str) -> str:
    return default if text is None else draw(text)


def _maybe(draw: st.DrawFn, text: st.SearchStrategy[str] | None) -> str | None:
    return None if text is None else draw(st.none() | text)


# -- 3. rules -------------------------------------------------------------------------------------

DIRECTIONS = tuple(Direction)
#: The note scales of steps written as notes (« note de 0 à 5 »).
NOTE_SCALES = (Decimal(4), Decimal(5), Decimal(10), Decimal(20))


def _ordered(values: list[Decimal], direction: Direction) -> list[Decimal]:
    return sorted(values, reverse=direction is Direction.LOWER)


@st.composite
def linear_rules(draw: st.DrawFn, values: Numbers = SHARES, caps: Sequence[Decimal] = (ONE,)) -> LinearRule:
    """A linear rule: floor and target distinct `values`, a cap among `caps`."""
    floor, target = draw(st.lists(values, min_size=2, max_size=2, unique=True))
    return LinearRule(floor=floor, target=target, cap=draw(st.sampled_from(caps)))


@st.composite
def steps_rules(
    draw: st.DrawFn,
    thresholds: Numbers = SHARES,
    rates: Numbers = SHARES,
    *,
    max_steps: int = 4,
    below: bool = False,
    notes: Sequence[Decimal] = (),
) -> StepsRule:
    """Steps either way: 1 to `max_steps` distinct thresholds, rates rising with them; with
    `below`, a rate under the first threshold (0, the first rate or any rate under it); with
    `notes`, maybe written as notes on one of those scales (`out_of`)."""
    direction = draw(st.sampled_from(DIRECTIONS))
    points = _ordered(draw(st.lists(thresholds, min_size=1, max_size=max_steps, unique=True)), direction)
    drawn = sorted(draw(st.lists(rates, min_size=len(points) + 1, max_size=len(points) + 1)))
    under = draw(st.sampled_from([ZERO, drawn[0], drawn[1]])) if below else ZERO
    steps = [Step(threshold=t, rate=r) for t, r in zip(points, drawn[1:], strict=True)]
    out_of = draw(st.sampled_from((None, *notes))) if notes else None
    return StepsRule(steps=steps, direction=direction, below=under, out_of=out_of)


def binary_rules(
    thresholds: Numbers = SHARES, *, without: Sequence[Direction] = ()
) -> st.SearchStrategy[BinaryRule]:
    """A binary rule on a threshold, either way; also without a threshold in the `without`
    directions (then a result reads as met (1) / not met (0) whatever the direction)."""
    drawn = st.builds(BinaryRule, threshold=thresholds, direction=st.sampled_from(DIRECTIONS))
    if not without:
        return drawn
    return drawn | st.builds(BinaryRule, direction=st.sampled_from(tuple(without)))


@st.composite
def bands_rules(draw: st.DrawFn, starts: Numbers = SHARES, *, max_bands: int = 10) -> BandsRule:
    """Bands either way, any edge: rates as shares or as points (0-10, the top one not 0)."""
    direction = draw(st.sampled_from(DIRECTIONS))
    begins = _ordered(draw(st.lists(starts, min_size=1, max_size=max_bands, unique=True)), direction)
    as_points = draw(st.booleans())
    earned = TWO_PLACES_TO_10 if as_points else TWO_PLACES
    rates = sorted(draw(st.lists(earned, min_size=len(begins), max_size=len(begins))))
    if as_points and rates[-1] == 0:
        rates[-1] = Decimal(10)
    return BandsRule(
        bands=[Band(start=s, rate=r) for s, r in zip(begins, rates, strict=True)],
        direction=direction,
        edge=draw(st.sampled_from(tuple(Edge))),
        below=ZERO,
        points=as_points,
    )


def improvement_rules(base: st.SearchStrategy[Rule], baselines: Numbers = SHARES) -> st.SearchStrategy[Rule]:
    """An improvement on a `base` rule, with or without a baseline of its own."""
    return st.builds(ImprovementRule, base=base, baseline=st.none() | baselines)


@st.composite
def blend_rules(draw: st.DrawFn, level: Numbers = SHARES, progress: Numbers = PROGRESS) -> BlendRule:
    """A linear level and a linear progress the same way, weights adding up to 1, maybe a baseline."""
    floor, target = draw(st.lists(level, min_size=2, max_size=2, unique=True))
    low, high = sorted(draw(st.lists(progress, min_size=2, max_size=2, unique=True)))
    if target < floor:
        low, high = high, low
    weight = draw(TWO_PLACES)
    return BlendRule(
        level=LinearRule(floor=floor, target=target),
        progress=LinearRule(floor=low, target=high),
        level_weight=weight,
        progress_weight=1 - weight,
        baseline=draw(st.none() | level),
    )


@st.composite
def piecewise_rules(
    draw: st.DrawFn,
    values: Numbers = SHARES,
    rates: Numbers = SHARES,
    *,
    max_points: int = 5,
    caps: Sequence[Decimal] = (ONE,),
) -> PiecewiseRule:
    """A piecewise rule either way: 2 to `max_points` distinct values, rates never decreasing,
    a rate below the first point (0 or up to the first rate), hold or extend (maybe a cap; also
    the `caps` above 1 that the last rate does not exceed: a bonus)."""
    direction = draw(st.sampled_from(DIRECTIONS))
    points = _ordered(draw(st.lists(values, min_size=2, max_size=max_points, unique=True)), direction)
    drawn = sorted(draw(st.lists(rates, min_size=len(points), max_size=len(points))))
    below = draw(st.sampled_from([ZERO, drawn[0]]))
    above = draw(st.sampled_from(tuple(PiecewiseAbove)))
    cap = None
    if above is PiecewiseAbove.EXTEND:
        bonus = [c for c in caps if c > ONE and c >= drawn[-1]]
        cap = draw(st.sampled_from([None, drawn[-1], max(ONE, drawn[-1]), *bonus]))
    return PiecewiseRule(
        points=[PiecewisePoint(v, r) for v, r in zip(points, drawn, strict=True)],
        below=below,
        above=above,
        cap=cap,
    )


def _changes(changes: Numbers) -> st.SearchStrategy[BaselineChange]:
    """A change from the baseline among `changes`, absolute or relative."""
    return st.builds(BaselineChange, changes, st.sampled_from(tuple(ChangeBy)))


@st.composite
def relative_rules(
    draw: st.DrawFn, values: Numbers = SHARES, changes: Numbers = PROGRESS, *, bound: bool = True
) -> RelativeRule:
    """A relative rule: a target (a number or a change from the baseline) and a floor (a number,
    the baseline, a change from it or a share of the target); bound to a baseline among `values`
    (with `bound`) when it uses one. Drawn again when the floor equals the target."""
    from hypothesis import assume

    target: Any = draw(st.one_of(values, _changes(changes)))
    floor: Any = draw(
        st.one_of(
            values,
            st.just(BaselineChange()),
            _changes(changes),
            st.builds(ShareOfTarget, numbers("0", "2", places=2)),
        )
    )
    baseline = draw(values) if bound else None
    try:
        rule = RelativeRule(floor=floor, target=target)
    except ValueError:  # a floor equal to the target
        assume(False)
    return rule.bind(baseline) if baseline is not None else rule


#: Whole percents, 1 % to 100 %: what each month late takes off a delay rule.
WHOLE_PERCENTS = st.integers(1, 100).map(lambda n: Decimal(n) / 100)


@st.composite
def delay_rules(draw: st.DrawFn, steps: Numbers = WHOLE_PERCENTS) -> DelayRule:
    """A `delay` rule: a due date in 2000-2040, a step among `steps` (default 1 % to 100 %, whole
    percents), any way of counting months. Its indicator's unit is `number` (months late)."""
    import datetime

    due = draw(st.dates(datetime.date(2000, 1, 1), datetime.date(2040, 12, 31)))
    return DelayRule(due=due, step=draw(steps), months=draw(st.sampled_from(tuple(MonthCount))))


#: Weighted counts of observations: whole 0 to 40 (the thresholds of a count rule's base rule).
COUNTS = whole(0, 40)
COUNT_STEPS = steps_rules(COUNTS, TWO_PLACES, below=True)


@st.composite
def count_rules(draw: st.DrawFn, bases: st.SearchStrategy[Rule] = COUNT_STEPS) -> CountRule:
    """A `count` rule: 1 to 4 classes weighing 1 to 5 (maybe a half), a base rule among `bases`
    (default: steps either way on whole thresholds 0-40), maybe a refusal. Its indicator's unit
    is `count` (or `number`)."""
    names = draw(st.lists(st.sampled_from("ABCD"), min_size=1, max_size=4, unique=True))
    weights = [(n, Decimal(draw(st.integers(2, 10))) / 2) for n in sorted(names)]
    return CountRule(weights=weights, rule=draw(bases), refusal=draw(st.booleans()))


#: Rules scoring one result on their own; every kind of rule.
BASE_KINDS = ("rate", "linear", "steps", "binary")
ALL_KINDS = (*BASE_KINDS, "bands", "improvement", "blend")
#: Every kind a strategy draws: the kinds of the registry (`RULES`), in its order.
EVERY_KIND = (*ALL_KINDS, "piecewise", "relative", "delay", "count")
_ALONE = ("rate", "linear", "steps", "binary", "bands", "piecewise")


def rules(
    kinds: Sequence[str] = BASE_KINDS,
    *,
    values: Numbers = SHARES,
    ends: Numbers | None = None,
    rates: Numbers = SHARES,
    caps: Sequence[Decimal] = (ONE,),
    max_steps: int = 4,
    below: bool = False,
    without: Sequence[Direction] = (),
    notes: Sequence[Decimal] = (),
    bound: bool = False,
) -> st.SearchStrategy[Rule]:
    """Rules of the given `kinds`: thresholds, starts, points and baselines among `values`, linear
    floors and targets among `ends` (default `values`), step rates among `rates`, linear and
    piecewise caps among `caps`, steps maybe as `notes`; relative rules bound to a baseline
    with `bound` (else the results give it).

    An improvement improves on an uncapped rule of the other `kinds` (any, when none is one a
    rule scores alone); a blend blends linear rules; a delay rule counts months late and a count
    rule weighs counts (their own numbers: see `delay_rules`, `count_rules`).
    """

    def table(cap: Sequence[Decimal]) -> dict[str, st.SearchStrategy[Any]]:
        return {
            "rate": st.just(RateRule()),
            "linear": linear_rules(values if ends is None else ends, cap),
            "steps": steps_rules(values, rates, max_steps=max_steps, below=below, notes=notes),
            "binary": binary_rules(values, without=without),
            "bands": bands_rules(values),
            "piecewise": piecewise_rules(values, rates, caps=cap),
        }

    by_kind = table(caps)
    if "improvement" in kinds:
        alone = table((ONE,))
        bases = [k for k in _ALONE if k in kinds] or list(_ALONE)
        by_kind["improvement"] = improvement_rules(st.one_of(*(alone[k] for k in bases)), values)
    by_kind["blend"] = blend_rules(values)
    by_kind["relative"] = relative_rules(values, bound=bound)
    by_kind["delay"] = delay_rules()
    by_kind["count"] = count_rules()
    return st.one_of(*(by_kind[k] for k in kinds))


def small_rules(kinds: Sequence[str] = BASE_KINDS) -> st.SearchStrategy[Rule]:
    """The simulators' rules: hundredths, thresholds strictly inside (0, 1), 1 to 3 steps."""
    return rules(kinds, values=TWO_PLACES_INSIDE, ends=TWO_PLACES, rates=TWO_PLACES_ABOVE_0, max_steps=3)


#: Every kind of rule on 4-place shares: caps of 1.2, rates under the first step, bare binaries.
EVERY_RULE = rules(
    ALL_KINDS,
    rates=TWO_PLACES,
    caps=(ONE, Decimal("1.2")),
    max_steps=5,
    below=True,
    without=(Direction.HIGHER,),
)
_EVERY_OPTION: dict[str, Any] = {
    "rates": TWO_PLACES,
    "caps": (ONE, Decimal("1.2")),
    "max_steps": 5,
    "below": True,
    "without": (Direction.HIGHER,),
    "notes": NOTE_SCALES,
}
#: Every registered kind of rule (`EVERY_KIND`) on 4-place shares, as `EVERY_RULE`, and steps as
#: notes; relative rules left for the results to give their baseline (as in a grid).
ALL_RULES = rules(EVERY_KIND, **_EVERY_OPTION)
#: One strategy per registered rule type, by `type` (a type missing here fails
#: tests/test_rule_properties.py): each draws that type as `ALL_RULES` does, a relative rule
#: bound to a baseline when it uses one (so that it scores on its own).
RULE_STRATEGIES: dict[str, st.SearchStrategy[Rule]] = {
    kind: rules((kind,), **_EVERY_OPTION, bound=True) for kind in EVERY_KIND
}
CORE_RULES = rules()
_UNIT_RULES = {
    unit: rules(values=unit_numbers(unit), rates=AWKWARD_SHARES, below=True, without=DIRECTIONS)
    for unit in Unit
}


def unit_rules(unit: Unit) -> st.SearchStrategy[Rule]:
    """Any base rule valid for `unit` (awkward digits, rates under the first step, bare binaries)."""
    return _UNIT_RULES[unit]


# -- 4. indicators -> objectives -> axes -> grids -------------------------------------------------

Maybe = st.SearchStrategy[T | None]
NEVER: st.SearchStrategy[Any] = st.none()
NO_BONUS = st.just(ZERO)
IN_2019 = st.just(2019)
DEFAULT_ROUNDING = st.just(Rounding())
FOR_TESTS = st.just("test")


@frozen(kw_only=True)
class Shape:
    """The options of `grids`: sizes, ids, texts, rules, units, numbers and grid-level extras.

    `rules=None` draws a rule valid for each indicator's unit; `ids=None` names items in
    sequence, else `ids` draws the pool of unique ids (an item is left out when it runs out);
    `texts=None` gives plain labels; `direct` lets an objective be rated directly (one chance in
    two), as does a `members` range from 0; after `max_items` scored items objectives are direct.
    """

    axes: tuple[int, int] = (1, 3)
    objectives: tuple[int, int] = (1, 3)
    members: tuple[int, int] = (1, 3)
    direct: bool = True
    max_items: int | None = None
    rules: st.SearchStrategy[Rule] | None = CORE_RULES
    units: tuple[Unit, ...] = (Unit.SHARE,)
    weights: Numbers = WEIGHTS
    points: Numbers = POINTS
    bonuses: Numbers = NO_BONUS
    neutralised: Maybe[str] = NEVER
    min_volumes: Maybe[Decimal] = NEVER
    ids: st.SearchStrategy[str] | None = None
    texts: st.SearchStrategy[str] | None = None
    periods: st.SearchStrategy[int] = IN_2019
    rounding: st.SearchStrategy[Rounding] = DEFAULT_ROUNDING


@st.composite
def indicators(draw: st.DrawFn, iid: str, shape: Shape) -> Indicator:
    """An indicator `iid`: a unit, a rule valid for it, a weight, maybe a neutralisation.

    The unit follows the rule's kind when its kind scores results in given units only (a delay
    rule: `number`; a count rule: `count` or `number`)."""
    unit = draw(st.sampled_from(shape.units))
    rule = draw(unit_rules(unit) if shape.rules is None else shape.rules)
    kind = kind_of(rule)
    if kind is not None and kind.units and unit.value not in kind.units:
        unit = Unit(draw(st.sampled_from(kind.units)))
    return Indicator(
        id=iid,
        label=_text(draw, shape.texts, f"Indicator {iid}"),
        rule=rule,
        weight=draw(shape.weights),
        unit=unit,
        neutralised=draw(shape.neutralised),
        description=_text(draw, shape.texts, ""),
        min_volume=draw(shape.min_volumes),
    )


@st.composite
def objectives(
    draw: st.DrawFn, name: Callable[[], str | None], shape: Shape, direct: bool = False
) -> Objective | None:
    """An objective rated directly or by indicators (not all of weight 0), named by `name()`
    (None when names run out); rated directly when `direct`."""
    oid = name()
    if oid is None:
        return None
    count = 0
    if not direct and not (shape.direct and draw(st.booleans())):
        count = draw(st.integers(*shape.members))
    members = [draw(indicators(iid, shape)) for iid in (name() for _ in range(count)) if iid is not None]
    if members and all(i.weight == 0 for i in members):
        members[0] = evolve(members[0], weight=ONE)
    return Objective(
        id=oid,
        label=_text(draw, shape.texts, f"Objective {oid}"),
        points=draw(shape.points),
        indicators=members,
        neutralised=draw(shape.neutralised),
        description=_text(draw, shape.texts, ""),
        bonus=draw(shape.bonuses),
    )


@st.composite
def axes(draw: st.DrawFn, name: Callable[[], str | None], shape: Shape, items: list[int]) -> Axis | None:
    """An axis of objectives; `items` counts the scored items drawn so far (for `max_items`)."""
    aid = name()
    if aid is None:
        return None
    found = []
    for _ in range(draw(st.integers(*shape.objectives))):
        full = shape.max_items is not None and items[0] >= shape.max_items
        objective = draw(objectives(name, shape, direct=full))
        if objective is not None:
            found.append(objective)
            items[0] += len(objective.indicators) or 1
    return Axis(id=aid, label=_text(draw, shape.texts, f"Axis {aid}"), objectives=found) if found else None


def _namer(draw: st.DrawFn, shape: Shape) -> Callable[[], str | None]:
    if shape.ids is None:
        counter = iter(range(100_000))
        return lambda: f"x{next(counter)}"
    pool = iter(draw(st.lists(shape.ids, min_size=3, max_size=14, unique_by=str.casefold)))
    return lambda: next(pool, None)


@st.composite
def _grids(draw: st.DrawFn, policy: Policy | None, shape: Shape) -> Grid:
    name = _namer(draw, shape)
    items = [0]
    drawn = [draw(axes(name, shape, items)) for _ in range(draw(st.integers(*shape.axes)))]
    found = tuple(a for a in drawn if a is not None)
    with localcontext(CONTEXT):
        total = sum((a.points for a in found), ZERO)
    return Grid(
        id="g" if shape.ids is None else draw(shape.ids),
        label=_text(draw, shape.texts, "Grid"),
        period=draw(shape.periods),
        total_points=total,
        axes=found,
        policy=draw(st.sampled_from(tuple(Policy))) if policy is None else policy,
        rounding=draw(shape.rounding),
        description=_text(draw, shape.texts, ""),
    )


def grids(
    policy: Policy | None = None, shape: Shape | None = None, **options: Any
) -> st.SearchStrategy[Grid]:
    """A valid grid: unique ids, points adding up to the declared total, weights not all 0.

    `shape` (default `Shape()`) with `options` replacing some of its fields; `policy` None: any.
    """
    return _grids(policy, evolve(shape or Shape(), **options))


#: The core grids: 4-place shares, rate/linear/steps/binary rules, weights 0-5, points 0-200.
CORE_GRIDS = Shape()
#: The simulators' small grids: 1-2 axes of 1-2 objectives, whole points and weights, hundredths.
SMALL_GRIDS = Shape(
    axes=(1, 2),
    objectives=(1, 2),
    max_items=4,
    rules=small_rules(),
    weights=whole(1, 5),
    points=whole(1, 200),
)
#: One axis of 1-3 objectives of 1-2 indicators of every kind of rule.
ADVANCED_GRIDS = evolve(
    SMALL_GRIDS,
    axes=(1, 1),
    objectives=(1, 3),
    members=(1, 2),
    direct=False,
    max_items=None,
    rules=EVERY_RULE,
)
#: As ADVANCED_GRIDS, with every registered kind of rule (`ALL_RULES`): the unit follows the rule
#: (a delay rule's is `number`, a count rule's `count` or `number`). Results: ALL_RULES_RESULTS.
ALL_RULES_GRIDS = evolve(ADVANCED_GRIDS, rules=ALL_RULES)
#: Any grid the YAML format can express: awkward ids, texts and numbers, every unit, any rounding.
ROUND_TRIP_GRIDS = Shape(
    members=(0, 3),
    direct=False,
    rules=None,
    units=tuple(Unit),
    weights=AWKWARD_WEIGHTS,
    points=AWKWARD_POINTS,
    neutralised=st.none() | texts,
    ids=ids,
    texts=texts,
    periods=st.integers(0, 999_999),
    rounding=st.builds(Rounding, points=st.integers(0, 10), rate_percent=st.integers(0, 10)),
)
#: Shares that repeat (weights making thirds and sevenths, points 100 / 3), every rule, bonuses,
#: grid-level neutralisations (one in ten), minimum volumes, rounding to 0, 2 or 3 places.
EXACT_GRIDS = Shape(
    rules=EVERY_RULE,
    weights=st.sampled_from([Decimal(w) for w in ("1", "1", "2", "3", "7", "0.5", "0")]),
    points=st.sampled_from([Decimal(p) for p in ("100", "100", "10", "1", "33.33", "0.07", "0")]),
    bonuses=st.sampled_from([ZERO, ZERO, Decimal(5), Decimal("0.01")]),
    neutralised=st.sampled_from(["grid", *[None] * 9]),
    min_volumes=st.sampled_from([None, None, Decimal(10)]),
    rounding=st.sampled_from([0, 2, 2, 3]).map(lambda n: Rounding(points=n, rate_percent=n)),
)


# -- 5. results -----------------------------------------------------------------------------------


@frozen(kw_only=True)
class Fill:
    """The options of `results_for`: which forms a result takes (drawn evenly from `forms`, so
    repeat a form to favour it), its numbers (`values=None`: valid for the item's unit),
    fractions (`whole`: whole numerators over whole denominators), volumes, baselines (on
    indicators), reasons for neutralising, texts (None: none) and up to `figures` figures.

    `by_kind` gives the values of the indicators scored by a rule of some `type` (a delay rule's
    months late, a count rule's weighted count): such a result is a value (or neutralised).
    With `written`, one result in two of a rule type that reads written results is written so
    (see `written_results`)."""

    forms: tuple[str, ...] = ("value",)
    values: Numbers | None = SHARES
    by_kind: Mapping[str, Numbers] = field(factory=dict)
    denominators: Numbers = AWKWARD_DENOMINATORS
    exclusions: Maybe[Decimal] = st.none() | AWKWARD_NON_NEGATIVE
    whole: bool = False
    volumes: Maybe[Decimal] = NEVER
    baselines: Maybe[Decimal] = NEVER
    reasons: st.SearchStrategy[str] = FOR_TESTS
    texts: st.SearchStrategy[str] | None = None
    figures: int = 0
    written: bool = False


@st.composite
def fractions(draw: st.DrawFn, unit: Unit | None, fill: Fill) -> tuple[Decimal, Decimal, Decimal | None]:
    """A numerator, a denominator and maybe exclusions (fewer than the denominator); a share's
    numerator is at most its denominator less exclusions."""
    denominator = draw(fill.denominators)
    exclusions = draw(fill.exclusions)
    with localcontext(CONTEXT):
        if exclusions is not None:
            exclusions = min(exclusions, denominator - Decimal("0.5"))
        effective = denominator - (exclusions or 0)
    if fill.whole:
        numerator = Decimal(draw(st.integers(0, int(effective))))
    elif unit is Unit.SHARE:
        numerator = min(draw(AWKWARD_NON_NEGATIVE), effective)
    else:
        numerator = draw(AWKWARD_ANY)
    return numerator, denominator, exclusions


@st.composite
def result_values(
    draw: st.DrawFn, rid: str, unit: Unit | None, fill: Fill, baseline: bool, kind: str | None = None
) -> ResultValue:
    """A result for `rid` in one of `fill.forms`, fitting `unit`; a baseline when `baseline`;
    among `fill.by_kind[kind]` when given (a value, or neutralised)."""
    form = draw(st.sampled_from(fill.forms))
    own = fill.by_kind.get(kind or "")
    if own is not None and form != "neutralised":
        form = "value"
    comment, source = _text(draw, fill.texts, ""), _text(draw, fill.texts, "")
    if form == "neutralised":
        return ResultValue(id=rid, neutralised=draw(fill.reasons), comment=comment, source=source)
    volume = draw(fill.volumes)
    base = draw(fill.baselines) if baseline else None
    if form == "value":
        value = draw(own if own is not None else unit_numbers(unit) if fill.values is None else fill.values)
        return ResultValue(id=rid, value=value, volume=volume, comment=comment, source=source, baseline=base)
    numerator, denominator, exclusions = draw(fractions(unit, fill))
    return ResultValue(
        id=rid,
        numerator=numerator,
        denominator=denominator,
        exclusions=exclusions,
        volume=volume,
        neutralised=_maybe(draw, fill.texts),
        comment=comment,
        source=source,
        baseline=base,
    )


#: The yes/no words of a binary rule without a threshold, as a results file may write them.
YES_NO = {ONE: ("oui", "Oui", "yes", "true", "TRUE"), ZERO: ("non", "NON", "no", "false")}


@st.composite
def written_results(draw: st.DrawFn, rule: Rule, result: ResultValue) -> ResultValue:
    """`result` written as `rule` reads it, with the value it reads: a yes/no word (a binary rule
    without a threshold), a delivery date up to 400 days late (`2017-12-15` or `15/12/2017`,
    a delay rule), counts per class (a count rule); unchanged for another rule."""
    from cpg_score.model.rules.count import read_counts
    from cpg_score.model.rules.delay import read_delivery
    from cpg_score.model.rules.registry import ResultText

    if isinstance(rule, BinaryRule) and rule.threshold is None:
        met = draw(st.sampled_from((ONE, ZERO)))
        return evolve(result, value=met, written=draw(st.sampled_from(YES_NO[met])))
    reading = None
    if isinstance(rule, DelayRule):
        import datetime

        delivered = rule.due + datetime.timedelta(days=draw(st.integers(-60, 400)))
        text = draw(st.sampled_from([delivered.isoformat(), delivered.strftime("%d/%m/%Y")]))
        reading = read_delivery(rule, ResultText(text=text))
        result = evolve(result, written=text)
    if isinstance(rule, CountRule):
        names = draw(st.lists(st.sampled_from([n for n, _ in rule.weights]), min_size=1, unique=True))
        counts = tuple((n, Decimal(draw(st.integers(0, 9)))) for n in names)
        reading = read_counts(rule, ResultText(kind="counts", counts=counts))
        result = evolve(result, counts=counts)
    if reading is None:
        return result
    return evolve(result, value=reading.value, numerator=reading.numerator, denominator=reading.denominator)


@st.composite
def figures(draw: st.DrawFn, fill: Fill) -> list[Figure]:
    """Up to `fill.figures` figures of any unit, with unique ids."""
    found = []
    for fid in draw(st.lists(ids, max_size=fill.figures, unique_by=str.casefold)):
        unit = draw(st.sampled_from(tuple(Unit)))
        found.append(
            Figure(
                id=fid,
                value=draw(unit_numbers(unit)),
                unit=unit,
                label=_text(draw, fill.texts, ""),
                source=_text(draw, fill.texts, ""),
                comment=_text(draw, fill.texts, ""),
            )
        )
    return found


@st.composite
def _results_for(draw: st.DrawFn, grid: Grid, fill: Fill) -> Results:
    values = []
    for _, objective in grid.objectives():
        if objective.direct:
            values.append(draw(result_values(objective.id, grid.unit_of(objective.id), fill, False)))
        for indicator in objective.indicators:
            value = draw(result_values(indicator.id, indicator.unit, fill, True, indicator.rule.type))
            if fill.written and value.value is not None and draw(st.booleans()):
                value = draw(written_results(indicator.rule, value))
            # A blend (or a relative rule from the baseline) needs its baseline.
            if needs_baseline(indicator.rule) and value.neutralised is None and value.baseline is None:
                value = evolve(value, baseline=Decimal("0.5"))
            if (
                isinstance(indicator.rule, BinaryRule)
                and indicator.rule.threshold is None
                and value.value is not None
                and not value.written
            ):
                value = evolve(value, value=Decimal(draw(st.integers(0, 1))))  # a yes/no answer: 1 or 0
            values.append(value)
    plain = fill.texts is None
    return Results(
        entity=Entity(id="e" if plain else draw(ids), label="Entity" if plain else draw(texts)),
        grid=grid.id,
        period=grid.period,
        values=values,
        figures=draw(figures(fill)) if fill.figures else (),
        parent=None if plain else draw(st.none() | ids),
        source=_text(draw, fill.texts, ""),
        comment=_text(draw, fill.texts, ""),
    )


def results_for(grid: Grid, fill: Fill | None = None, **options: Any) -> st.SearchStrategy[Results]:
    """Results for every scored id of `grid`, in its order: `fill` (default `Fill()`) with
    `options` replacing some of its fields."""
    return _results_for(grid, evolve(fill or Fill(), **options))


def pairs(
    grid_strategy: st.SearchStrategy[Grid], fill: Fill | None = None, **options: Any
) -> st.SearchStrategy[tuple[Grid, Results]]:
    """A grid and results that fit it."""
    return grid_strategy.flatmap(lambda g: st.tuples(st.just(g), results_for(g, fill, **options)))


#: The core results: 4-place shares, one in six neutralised.
CORE_RESULTS = Fill(forms=("neutralised", *["value"] * 5))
#: Two-place shares for the simulators, with or without a baseline for every indicator.
SHARE_RESULTS = Fill(values=hundredths)
BASELINE_RESULTS = evolve(SHARE_RESULTS, baselines=hundredths)
#: What the results of a delay rule (months late) and of a count rule (a weighted count) hold.
KIND_VALUES: dict[str, Numbers] = {"delay": numbers("-1", "30", places=2), "count": whole(0, 60)}
#: Results for ALL_RULES_GRIDS: two-place shares with a baseline, months late, weighted counts,
#: one in two written as their rule reads them (yes/no words, delivery dates, counts per class).
ALL_RULES_RESULTS = evolve(BASELINE_RESULTS, by_kind=KIND_VALUES, written=True)
#: Any results the YAML format can express: every form and text, awkward numbers, figures.
ROUND_TRIP_RESULTS = Fill(
    forms=("value", "fraction", "neutralised"),
    values=None,
    volumes=st.none() | AWKWARD_NON_NEGATIVE,
    reasons=texts,
    texts=texts,
    figures=3,
)
#: Values on half-cent ties, fractions of thirds and sevenths with exclusions (three in ten),
#: neutralisations (one in ten), volumes around a minimum of 10, baselines on ties.
EXACT_RESULTS = Fill(
    forms=("neutralised", *["fraction"] * 3, *["value"] * 6),
    values=numbers("-0.5", "1.5", ties=True),
    denominators=st.sampled_from([3, 7, 9, 21, 1000]).map(Decimal),
    exclusions=st.sampled_from([None, ZERO, ONE]),
    whole=True,
    volumes=st.sampled_from([None, Decimal(9), Decimal(10)]),
    baselines=st.none() | numbers("-0.5", "1.5", ties=True),
    reasons=st.just("-"),
)


# -- named specialisations shared by several test files -------------------------------------------


def small_grids(kinds: Sequence[str] = BASE_KINDS, max_items: int = 4) -> st.SearchStrategy[Grid]:
    """The simulators' small grids of rules of `kinds`."""
    return grids(shape=SMALL_GRIDS, rules=small_rules(kinds), max_items=max_items)


def all_rules_grids(kinds: Sequence[str] = EVERY_KIND) -> st.SearchStrategy[Grid]:
    """ALL_RULES_GRIDS with rules of `kinds` only (default: every registered kind)."""
    return grids(shape=ALL_RULES_GRIDS, rules=rules(kinds, **_EVERY_OPTION))


def exact_cases(policy: Policy | None = None) -> st.SearchStrategy[tuple[Grid, Results]]:
    """Grids whose shares repeat, with results on ties: `pairs` of EXACT_GRIDS and EXACT_RESULTS."""
    return pairs(grids(policy, EXACT_GRIDS), EXACT_RESULTS)


@st.composite
def leaf_results(draw: st.DrawFn, entity_id: str) -> Results:
    """One entity's results on the consolidation test grid: counts (one in six not given), a share
    as a fraction, and a share published without its denominator but with a volume (`share-b`,
    to be weighted by volume)."""
    counts = [draw(result_values(i, Unit.COUNT, LEAF_COUNTS, False)) for i in ("count-a", "count-b")]
    share = draw(result_values("share-a", Unit.SHARE, LEAF_SHARES, False))
    volume = draw(result_values("share-b", Unit.SHARE, LEAF_VOLUMES, False))
    return Results(
        entity=Entity(id=entity_id, label=entity_id),
        grid="consolidation-test",
        period=2019,
        values=[*counts, share, volume],
    )


LEAF_COUNTS = Fill(
    forms=("neutralised", *["value"] * 5), values=whole(0, 10_000), reasons=st.just("not printed")
)
LEAF_SHARES = Fill(forms=("fraction",), denominators=whole(1, 1000), exclusions=NEVER, whole=True)
LEAF_VOLUMES = Fill(values=numbers("0", "1", places=3), volumes=whole(1, 1000))
