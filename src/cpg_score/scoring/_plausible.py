"""Implausible values: results a rule, a baseline or the other entities make suspect.

[`check`][cpg_score.check] warns (it does not refuse) when a value looks mistyped, and gives the
value most likely meant and the entity's total with it. Four clues, each one `Clue`:

- `percent-scale`: a share written 100 times too small (`0,9446 %` for 94,46 %) or too large
  (`94,46` without `%`), when the value meant lies in the rule's range and the written one does
  not (or, for a range from about 0, when it gives a higher rate);
- `far-from-range`: a value more than `FAR_SPANS` widths of its rule's range beyond it;
- `far-from-baseline`: a value `FACTOR` times (or more) above or below the entity's baseline;
- `far-from-siblings`: with at least `MIN_SIBLINGS` other entities giving the same result on
  the same grid, a value `FACTOR` times above or below their median *and* more than
  `MAD_LIMIT` scaled median absolute deviations from it; only for results whose unit is known
  and does not grow with an entity's size (not counts nor euros: a large office's amounts are
  rightly ten times a small one's).

The rule's range is that of its breakpoints (floor and target, steps, bands, the points of a
piecewise rule), with the entity's own bounds and baseline applied; a directly scored objective
has the range 0..1. Results written as words, dates or counts are not looked at.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Iterator
from decimal import Decimal, localcontext
from fractions import Fraction

from attrs import evolve, field, frozen

from cpg_score._convert import to_tuple
from cpg_score._numbers import EXACT, ZERO
from cpg_score._words import Words
from cpg_score.errors import CpgScoreError
from cpg_score.model.grid import Grid, Results, ResultValue, Unit
from cpg_score.model.rules import RateRule, ScoringRule
from cpg_score.model.rules.registry import ResultText, kind_of
from cpg_score.scoring._engine import bound_rule, score

__all__ = ["FACTOR", "FAR_SPANS", "MAD_LIMIT", "MIN_SIBLINGS", "Clue", "Suspect", "suspects"]

#: How many widths of its rule's range a value must lie beyond it to be far from it.
FAR_SPANS = 20
#: The ratio (either way) that makes a value far from its baseline or its siblings' median.
FACTOR = 10
#: The fewest other entities giving a result for its siblings to be compared with.
MIN_SIBLINGS = 4
#: How many scaled median absolute deviations from the siblings' median a value must lie.
MAD_LIMIT = 5
#: The median absolute deviation of a normal sample, times this, estimates its standard deviation.
_MAD_SCALE = Decimal("1.4826")
#: The powers of ten tried for the value meant, nearest first.
_POWERS = (1, -1, 2, -2, 3, -3)
_DIRECT = RateRule()
#: The units whose results grow with an entity's size (not compared with other entities').
_SIZED = frozenset({Unit.COUNT, Unit.EUROS})


class Clue(Words):
    """Why a value looks implausible (each is a `FindingKind` of the same name)."""

    #: A share written 100 times too small or too large.
    PERCENT_SCALE = "percent-scale"
    #: A value far beyond the range its rule cares about.
    FAR_FROM_RANGE = "far-from-range"
    #: A value far from the entity's baseline.
    FAR_FROM_BASELINE = "far-from-baseline"
    #: A value far from the other entities' values.
    FAR_FROM_SIBLINGS = "far-from-siblings"


@frozen(kw_only=True)
class Suspect:
    """One implausible value, as facts.

    Attributes:
        clue: Why it looks implausible.
        entity: The entity.
        item: The result's id.
        label: The item's label in the grid ("" without a grid).
        unit: The result's unit, when known.
        values: The written value, then the clue's references: the range's ends
            (`far-from-range`), the baseline (`far-from-baseline`), the siblings' median, the
            scaled median absolute deviation and the number of siblings (`far-from-siblings`).
        likely: The value most likely meant, when one is.
        score: The entity's total with the written value (None when it cannot be scored).
        likely_score: Its total with the likely value.
        decimals: The grid's decimals for points.
    """

    clue: Clue = field(converter=Clue)
    entity: str
    item: str
    label: str = ""
    unit: Unit | None = None
    values: tuple[Decimal, ...] = field(default=(), converter=to_tuple)
    likely: Decimal | None = None
    score: Fraction | None = None
    likely_score: Fraction | None = None
    decimals: int = 2


@frozen
class _Item:
    """What the grid says of one entity's result: label, unit, the rule scoring it."""

    label: str
    unit: Unit | None
    rule: ScoringRule | None


def _item(grid: Grid | None, results: Results, value: ResultValue) -> _Item:
    unit = value.unit or (Unit.SHARE if value.numerator is not None else None)
    if grid is None or results.grid != grid.id:
        return _Item("", unit, None)
    found = grid.locate(value.id)
    if found is None:
        return _Item("", unit, None)
    _, objective, indicator = found
    if indicator is None:
        return _Item(objective.label, Unit.SHARE, _DIRECT if objective.direct else None)
    try:
        rule: ScoringRule | None = bound_rule(indicator, value, results.target_policy)
    except ValueError:  # the entity's bounds do not fit the rule: an input problem, not ours
        rule = None
    return _Item(indicator.label, indicator.unit, rule)


def _range(rule: ScoringRule | None) -> tuple[Decimal, Decimal] | None:
    if rule is None:
        return None
    try:
        points = rule.breakpoints()
    except (ValueError, TypeError):  # a rule needing a baseline it was not given
        return None
    return (min(points), max(points)) if points else None


def _in_domain(value: Decimal, unit: Unit | None) -> bool:
    if unit is Unit.SHARE:
        return ZERO <= value <= 1
    return value >= 0 if unit in (Unit.COUNT, Unit.DAYS, Unit.EUROS) else True


def _plain(value: Decimal) -> Decimal:
    """The same number without trailing zeros (`0.9446`, not `0.944600`; `30`, not `3E+1`)."""
    with localcontext(EXACT):
        return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()


def _scaled(value: Decimal, unit: Unit | None) -> Iterator[Decimal]:
    """The value times 10, 1/10, 100... (nearest first), those in the unit's domain."""
    with localcontext(EXACT):
        for power in _POWERS:
            candidate = _plain(value.scaleb(power))
            whole = unit is not Unit.COUNT or candidate == candidate.to_integral_value()
            if whole and _in_domain(candidate, unit):
                yield candidate


def _near(value: Decimal, reference: Decimal) -> bool:
    """Whether two positive numbers are within a factor sqrt(FACTOR) of each other."""
    with localcontext(EXACT):
        return (
            value * value * FACTOR > reference * reference and value * value < FACTOR * reference * reference
        )


def _far(value: Decimal, reference: Decimal) -> bool:
    """Whether two positive numbers are FACTOR times apart or more."""
    with localcontext(EXACT):
        return value >= reference * FACTOR or reference >= value * FACTOR


def _toward(value: Decimal, reference: Decimal, unit: Unit | None) -> Decimal | None:
    return next((c for c in _scaled(value, unit) if _near(c, reference)), None)


def _percent_scale(value: ResultValue, item: _Item, bounds: tuple[Decimal, Decimal]) -> Decimal | None:
    """The share meant when the written one is 100 times too small or too large."""
    v = value.value
    if item.unit is not Unit.SHARE or v is None or item.rule is None or v <= 0:
        return None
    lo, hi = bounds
    with localcontext(EXACT):
        meant = _plain(v / 100 if v > 1 else v * 100)
    if not lo <= meant <= hi or meant > 1:
        return None
    if not lo <= v <= hi:
        return meant
    # A range from about 0 holds both: the one giving the higher rate is meant.
    return meant if item.rule.achievement(meant) > item.rule.achievement(v) else None


def _far_from_range(
    value: Decimal, item: _Item, bounds: tuple[Decimal, Decimal]
) -> tuple[bool, Decimal | None]:
    """Whether the value is far from the range, and the value meant (None when no power of ten
    brings it within one width of the range)."""
    lo, hi = bounds
    with localcontext(EXACT):
        span = hi - lo
        if span <= 0 or lo - FAR_SPANS * span <= value <= hi + FAR_SPANS * span:
            return False, None
        middle = (lo + hi) / 2
        fitting = [c for c in _scaled(value, item.unit) if lo - span <= c <= hi + span]
    return True, min(fitting, key=lambda c: abs(c - middle), default=None)


def _own(results: Results, value: ResultValue, item: _Item) -> Suspect | None:
    """A suspect from the value alone: its rule's range, its baseline."""
    v = value.resolved
    assert v is not None

    def suspect(clue: Clue, values: tuple[Decimal, ...], likely: Decimal | None) -> Suspect:
        return Suspect(
            clue=clue,
            entity=results.entity.id,
            item=value.id,
            label=item.label,
            unit=item.unit,
            values=values,
            likely=likely,
        )

    bounds = _range(item.rule)
    if bounds is not None:
        meant = _percent_scale(value, item, bounds)
        if meant is not None:
            return suspect(Clue.PERCENT_SCALE, (v,), meant)
        far, likely = _far_from_range(v, item, bounds)
        if far:
            return suspect(Clue.FAR_FROM_RANGE, (v, *bounds), likely)
    b = value.baseline
    if b is not None and b > 0 and v > 0 and _far(v, b):
        return suspect(Clue.FAR_FROM_BASELINE, (v, b), _toward(v, b, item.unit))
    return None


def _median(values: list[Decimal]) -> Decimal:
    with localcontext(EXACT):
        return Decimal(statistics.median(values))


def _sibling(results: Results, value: ResultValue, item: _Item, others: list[Decimal]) -> Suspect | None:
    """A suspect from the other entities' values of the same result (median and MAD)."""
    v = value.resolved
    assert v is not None
    if len(others) < MIN_SIBLINGS or item.unit is None or item.unit in _SIZED:
        return None
    median = _median(others)
    if median <= 0 or v <= 0 or not _far(v, median):
        return None
    with localcontext(EXACT):
        spread = _median([abs(o - median) for o in others]) * _MAD_SCALE
        if abs(v - median) <= MAD_LIMIT * spread:
            return None
    likely = _toward(v, median, item.unit)
    return Suspect(
        clue=Clue.FAR_FROM_SIBLINGS,
        entity=results.entity.id,
        item=value.id,
        label=item.label,
        unit=item.unit,
        values=(v, median, spread, Decimal(len(others))),
        likely=likely,
    )


def _looked_at(results: Results) -> Iterator[ResultValue]:
    """The results with a number written as a number (not a word, a date, counts)."""
    for value in results.values:
        if value.resolved is not None and not value.written and not value.counts:
            yield value


def _siblings(entities: list[Results]) -> dict[tuple[str, str], list[Decimal]]:
    """For each (grid, item), every entity's value (in the order of the entities)."""
    out: dict[tuple[str, str], list[Decimal]] = {}
    for results in entities:
        for value in _looked_at(results):
            out.setdefault((results.grid, value.id), []).append(value.resolved)  # type: ignore[arg-type]
    return out


def _read(grid: Grid, value: ResultValue) -> ResultValue | None:
    """A result written as a word, a date or counts, read by its rule (None when it cannot be)."""
    found = grid.locate(value.id)
    indicator = None if found is None else found[2]
    kind = None if indicator is None else kind_of(indicator.rule)
    if indicator is None or kind is None or kind.read_result is None:
        return None
    written = (
        ResultText(kind="counts", counts=value.counts) if value.counts else ResultText(text=value.written)
    )
    try:
        reading = kind.read_result(indicator.rule, written)
        if reading is None:
            return None
        return evolve(
            value, value=reading.value, numerator=reading.numerator, denominator=reading.denominator
        )
    except ValueError:  # a word or a date the rule refuses: not scored, no total given
        return None


def _readable(grid: Grid, results: Results) -> Results | None:
    """The results with their written words, dates and counts read by the grid's rules (as
    `load_results(path, grid)` reads them), to be scored; None when one cannot be read."""
    if not results.pending_ids:
        return results
    values = []
    for value in results.values:
        read = _read(grid, value) if value.pending else value
        if read is None:
            return None
        values.append(read)
    return evolve(results, values=values)


def _total(grid: Grid, results: Results | None) -> Fraction | None:
    if results is None:
        return None
    try:
        return score(grid, results).total.points
    except (CpgScoreError, ValueError, KeyError):  # results that do not fit the grid
        return None


def _with_scores(grid: Grid | None, results: Results, found: list[Suspect]) -> Iterator[Suspect]:
    """The suspects with the entity's total now and with each likely value."""
    if grid is None or results.grid != grid.id or not found:
        yield from found
        return
    readable = _readable(grid, results)
    now = _total(grid, readable)
    for suspect in found:
        likely = None
        if readable is not None and now is not None and suspect.likely is not None:
            likely = _total(grid, readable.replace_values(**{suspect.item: suspect.likely}))
        yield Suspect(
            clue=suspect.clue,
            entity=suspect.entity,
            item=suspect.item,
            label=suspect.label,
            unit=suspect.unit,
            values=suspect.values,
            likely=suspect.likely,
            score=now,
            likely_score=likely,
            decimals=grid.rounding.points,
        )


def suspects(entities: Iterable[Results], grid: Grid | None) -> list[Suspect]:
    """Every implausible value of the entities, one per result at most, entity by entity.

    Args:
        entities: The entities' results (those on another grid than `grid` get no range
            check and no score).
        grid: The grid, for the rules' ranges, the labels, units and totals.

    Returns:
        The suspects, in the order of the entities and of their results.
    """
    entities = list(entities)
    siblings = _siblings(entities)
    found: list[Suspect] = []
    for results in entities:
        mine: list[Suspect] = []
        for value in _looked_at(results):
            item = _item(grid, results, value)
            everyone = siblings[(results.grid, value.id)]
            others = list(everyone)
            others.remove(value.resolved)  # type: ignore[arg-type]
            suspect = _own(results, value, item) or _sibling(results, value, item, others)
            if suspect is not None:
                mine.append(suspect)
        found.extend(_with_scores(grid, results, mine))
    return found
