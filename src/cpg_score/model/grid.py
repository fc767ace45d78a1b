"""The model: grids and results, as frozen values.

A [`Grid`][cpg_score.Grid] holds [`Axis`][cpg_score.Axis] values, which hold
[`Objective`][cpg_score.Objective] values, which hold [`Indicator`][cpg_score.Indicator] values
(or none: then the objective takes its achievement rate directly from the results).
[`Results`][cpg_score.Results] are one entity's figures for one grid and period.

Everything here is immutable, holds tuples, does no I/O and knows nothing of YAML: build it from
files with [`load_grid`][cpg_score.load_grid] / [`load_results`][cpg_score.load_results], or in
code. Constructors check the rules that belong to one value (and raise `ValueError`); the loader
reports the same rules with the file, line and column.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, KeysView
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from attrs import Factory, evolve, field, frozen

from cpg_score._args import describe, expect, expect_exact
from cpg_score._convert import to_tuple
from cpg_score._numbers import EXACT, ONE, ZERO, Exact, divide, exact_total
from cpg_score.model._validators import exact as exact_number
from cpg_score.model._validators import optional_exact
from cpg_score.model.entity import PointsVariant, TargetPolicy, variant_points, variant_problems
from cpg_score.model.rules import ScoringRule

__all__ = [
    "Axis",
    "Entity",
    "Figure",
    "Grid",
    "Indicator",
    "Level",
    "Objective",
    "Policy",
    "ResultValue",
    "Results",
    "Rounding",
    "Scale",
    "ScaleKind",
    "Unit",
    "grid_problems",
]


class Level(str, enum.Enum):
    """The level of the bodies a grid scores, which names the total in the reports.

    - `national`: a national body or the branch as a whole (« Résultat national »);
    - `regional`: a regional body, a DRSM, a CARSAT, an Urssaf (« Résultat régional »);
    - `local`: a local body, a CPAM, a CAF, a CGSS, a UGECAM (« Résultat de l'organisme »).

    A grid without a level names its total « Résultat » / "Result".
    """

    NATIONAL = "national"
    REGIONAL = "regional"
    LOCAL = "local"


def _level(value: Level | str | None) -> Level | None:
    return None if value is None else Level(value)


class Policy(str, enum.Enum):
    """What a neutralised objective or indicator does to the score.

    - `zero` (default): it earns 0 and its points stay in the total (the 2019 table: transport
      0 / 20, the denominator stays 1000).
    - `exclude`: its points leave the denominator (rate = points earned / points that could be
      earned, "points acquis / points théoriques").
    - `redistribute`: its points go to its scored siblings in proportion to their points (an
      indicator's weight to the other indicators of its objective; an objective's points to the
      scored objectives of its axis, or of the whole grid when none of its axis is scored).
    """

    ZERO = "zero"
    EXCLUDE = "exclude"
    REDISTRIBUTE = "redistribute"


class Unit(str, enum.Enum):
    """The unit of an indicator's result.

    `share` values lie in [0, 1] and may be written as a percent (`99,24 %`); the others are
    plain numbers (`count` and `days` must not be negative).
    """

    SHARE = "share"
    COUNT = "count"
    DAYS = "days"
    EUROS = "euros"
    NUMBER = "number"


def _non_negative(instance: Any, attribute: Any, value: Exact) -> None:
    expect_exact(attribute.name, value)
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value}")


def _non_empty(instance: Any, attribute: Any, value: str) -> None:
    expect(attribute.name, value, str, "a non-empty str")
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


def _text(instance: Any, attribute: Any, value: str) -> None:
    expect(attribute.name, value, str, "a str")


def _year(instance: Any, attribute: Any, value: int) -> None:
    expect(attribute.name, value, int, "a whole number (the year)")


def _entity(instance: Any, attribute: Any, value: Any) -> None:
    expect(attribute.name, value, Entity, "an Entity")


def _rule(instance: Any, attribute: Any, value: Any) -> None:
    # A rule is anything with a `type` and an `achievement` (the rule classes, or a caller's own).
    if not (hasattr(value, "achievement") and hasattr(value, "type")) or isinstance(value, (str, bytes)):
        raise TypeError(f"rule must be a scoring rule (LinearRule, StepsRule...), got {describe(value)}")


def _counts(instance: Any, attribute: Any, value: tuple[tuple[str, Decimal], ...]) -> None:
    for item in value:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
            raise TypeError(f"counts must hold (class, count) pairs, got {describe(item)}")
        expect_exact("counts", item[1])


def _optional_unit(value: Unit | str | None) -> Unit | None:
    return None if value is None else Unit(value)


def _places(instance: Any, attribute: Any, value: int) -> None:
    expect(attribute.name, value, int, "a whole number of decimals")
    if not 0 <= value <= 10:
        raise ValueError(f"{attribute.name} must be between 0 and 10 decimals, got {value}")


@frozen
class Rounding:
    """How results are presented: decimals of points and of rates in percent, rounded half up.

    Rounding is applied once, at presentation; every computation is exact.
    """

    points: int = field(default=2, validator=_places)
    rate_percent: int = field(default=2, validator=_places)


class ScaleKind(str, enum.Enum):
    """The scale a grid's score is reported on.

    - `points` (default): the points earned, out of `total_points`.
    - `percent`: the success rate in percent (out of 100).
    - `note`: a note, the success rate times `out_of` (the famille branch's note out of 5).
    """

    POINTS = "points"
    PERCENT = "percent"
    NOTE = "note"


#: What a `percent` scale is out of.
_HUNDRED = Decimal(100)


def _scale_kind(value: ScaleKind | str) -> ScaleKind:
    return ScaleKind(value)


@frozen(kw_only=True)
class Scale:
    """How a grid's score is reported: the scorecard gives its total on this scale exactly
    ([`Scorecard.on_scale`][cpg_score.Scorecard.on_scale]); the engine is the same whatever the
    scale (rate = points earned / points that could be earned).

    Attributes:
        kind: Points, percent or note.
        out_of: The top of the scale: for `points` the grid's `total_points`, for `percent` 100,
            for `note` the note's maximum (5), above 0.
    """

    kind: ScaleKind = field(converter=_scale_kind)
    out_of: Exact = field(validator=_non_negative)

    def __attrs_post_init__(self) -> None:
        if self.kind is ScaleKind.PERCENT and self.out_of != _HUNDRED:
            raise ValueError(f"a percent scale is out of 100, got {self.out_of}")
        if self.kind is ScaleKind.NOTE and not self.out_of > 0:
            raise ValueError(f"a note scale's out_of must be > 0, got {self.out_of}")

    @classmethod
    def points(cls, total_points: Exact) -> Scale:
        """Points out of `total_points` (every grid's default)."""
        return cls(kind=ScaleKind.POINTS, out_of=total_points)

    @classmethod
    def percent(cls) -> Scale:
        """The success rate in percent."""
        return cls(kind=ScaleKind.PERCENT, out_of=_HUNDRED)

    @classmethod
    def note(cls, out_of: Exact) -> Scale:
        """A note out of `out_of` (rate x out_of)."""
        return cls(kind=ScaleKind.NOTE, out_of=out_of)


def _scale_value(instance: Any, attribute: Any, value: Scale) -> None:
    expect(attribute.name, value, Scale, "a Scale")


def _default_scale(grid: Grid) -> Scale:
    expect_exact("total_points", grid.total_points)  # named as the grid's (its validator runs later)
    return Scale.points(grid.total_points)


@frozen(kw_only=True)
class Indicator:
    """A measured indicator inside an objective.

    Attributes:
        id: Unique in the grid.
        label: Its name, as in the official texts.
        rule: How a result becomes an achievement rate.
        weight: Its weight inside the objective (weights need not sum to 1): a `Decimal`, or
            a `Fraction` when the grid writes one (`"1/3"`).
        unit: The unit of its result.
        neutralised: A reason when the grid neutralises it for everyone, else None.
        description: Free text (where its target comes from...).
        min_volume: The fewest cases (the result's `volume`, else its denominator) for the
            indicator to be scored; below it the indicator is neutralised, with that reason.
    """

    id: str = field(validator=_non_empty)
    label: str = field(validator=_text)
    rule: ScoringRule = field(validator=_rule)
    weight: Exact = field(default=ONE, validator=_non_negative)
    unit: Unit = field(default=Unit.SHARE, converter=Unit)
    neutralised: str | None = None
    description: str = ""
    min_volume: Decimal | None = field(default=None, validator=optional_exact)

    def __attrs_post_init__(self) -> None:
        if self.min_volume is not None and self.min_volume < 0:
            raise ValueError(f"min_volume must be >= 0, got {self.min_volume}")


@frozen(kw_only=True)
class Objective:
    """An objective (a theme of the grid) and the points it carries.

    With no indicators, the objective's achievement rate comes directly from the results (as in
    the published tables); with indicators, it is their weighted mean.

    `bonus` is a ceiling of extra points above `points`: indicators whose rule lets the rate go
    above 100 % (a `linear` rule with a `cap`) earn the excess as bonus, up to that ceiling. The
    bonus is not part of the declared total, so a total may exceed it.
    """

    id: str = field(validator=_non_empty)
    label: str = field(validator=_text)
    points: Exact = field(validator=_non_negative)
    indicators: tuple[Indicator, ...] = field(default=(), converter=to_tuple)
    neutralised: str | None = None
    description: str = ""
    bonus: Decimal = field(default=ZERO, validator=_non_negative)

    def __attrs_post_init__(self) -> None:
        if self.indicators and all(i.weight == ZERO for i in self.indicators):
            raise ValueError(f"objective {self.id!r}: the weights of its indicators are all 0")

    @property
    def direct(self) -> bool:
        """Whether the results give this objective's rate directly (it has no indicators)."""
        return not self.indicators


@frozen
class Axis:
    """An axis of the grid: a group of objectives."""

    id: str = field(validator=_non_empty)
    label: str = field(validator=_text)
    objectives: tuple[Objective, ...] = field(converter=to_tuple)

    @property
    def points(self) -> Decimal | Fraction:
        """The sum of its objectives' points, exact (a `Fraction` when one of them is)."""
        return exact_total(o.points for o in self.objectives)


def grid_problems(axes: tuple[Axis, ...], total_points: Exact) -> list[tuple[str | None, str]]:
    """The cross-field rules of a grid: ids unique across the grid, points adding up.

    Returns:
        `(id, message)` for each id used twice (the id), and `(None, message)` when the
        objectives' points do not add up to the declared total.
    """
    found: list[tuple[str | None, str]] = []
    seen: dict[str, str] = {}
    for axis in axes:
        items = [("axis", axis.id)]
        for objective in axis.objectives:
            items.append(("objective", objective.id))
            items.extend(("indicator", i.id) for i in objective.indicators)
        for kind, item_id in items:
            if item_id in seen:
                found.append((item_id, f"id {item_id!r} is used twice ({seen[item_id]} and {kind})"))
            seen.setdefault(item_id, kind)
    total = exact_total(a.points for a in axes)
    if total != total_points:
        found.append((None, f"objective points add up to {total}, not to the declared total {total_points}"))
    return found


@frozen(kw_only=True)
class Grid:
    """A scoring grid: axes of objectives, each worth points, totalling `total_points`.

    Attributes:
        id: The grid's identifier, named by results files.
        label: Its title.
        period: The year it applies to.
        total_points: The declared total (1000 for the CPG); objective points must add up to it.
        axes: The axes, in order.
        policy: What neutralisation does (see [`Policy`][cpg_score.Policy]).
        rounding: Presentation decimals.
        description: Free text; where the grid comes from.
        scale: What the score is reported on (see [`Scale`][cpg_score.Scale]): points out of
            `total_points` by default.
        variants: Per-entity points (see [`PointsVariant`][cpg_score.PointsVariant]), each
            summing to `total_points`; [`for_variant`][cpg_score.Grid.for_variant] applies one.
        level: The level of the bodies it scores (a `Level`), which names
            the total in the reports; None when the grid does not say.
    """

    id: str = field(validator=_non_empty)
    label: str = field(validator=_text)
    period: int = field(validator=_year)
    total_points: Exact = field(validator=_non_negative)
    axes: tuple[Axis, ...] = field(converter=to_tuple)
    policy: Policy = field(default=Policy.ZERO, converter=Policy)
    rounding: Rounding = Rounding()
    description: str = ""
    scale: Scale = field(default=Factory(_default_scale, takes_self=True), validator=_scale_value)
    variants: tuple[PointsVariant, ...] = field(default=(), converter=to_tuple)
    level: Level | None = field(default=None, converter=_level)
    # The (axis, objective) pairs and the scored ids, computed once (the engine walks them several
    # times per score).
    _pairs: tuple[tuple[Axis, Objective], ...] = field(init=False, repr=False, eq=False, hash=False)
    _scored: tuple[str, ...] = field(init=False, repr=False, eq=False, hash=False)
    # Every objective and indicator by id: (axis, objective, indicator or None), for lookups in
    # constant time (a grid of 28,000 objectives must not be scanned once per id).
    _index: dict[str, tuple[Axis, Objective, Indicator | None]] = field(
        init=False, repr=False, eq=False, hash=False
    )
    # Each objective's points and each indicator's weight as exact rationals, computed once.
    _amounts: dict[str, Fraction] = field(init=False, repr=False, eq=False, hash=False)
    _total: Fraction = field(init=False, repr=False, eq=False, hash=False)
    # Data derived from the grid by cpg-score's own modules, computed once (see `memo`).
    _memo: dict[str, Any] = field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = grid_problems(self.axes, self.total_points)
        if self.scale.kind is ScaleKind.POINTS and self.scale.out_of != self.total_points:
            problems.append((None, f"a points scale is out of total_points ({self.total_points})"))
        if problems:
            raise ValueError("; ".join(message for _, message in problems))
        if self.variants:
            points = {o.id: o.points for axis in self.axes for o in axis.objectives}
            found = variant_problems(points, self.total_points, self.variants)
            if found:
                raise ValueError("; ".join(message for _, _, message in found))
        pairs = tuple((axis, objective) for axis in self.axes for objective in axis.objectives)
        ids: list[str] = []
        for _, objective in pairs:
            ids.extend([objective.id] if objective.direct else (i.id for i in objective.indicators))
        index: dict[str, tuple[Axis, Objective, Indicator | None]] = {}
        amounts: dict[str, Fraction] = {}
        for axis, objective in pairs:
            index.setdefault(objective.id, (axis, objective, None))
            amounts[objective.id] = Fraction(objective.points)
            for indicator in objective.indicators:
                index.setdefault(indicator.id, (axis, objective, indicator))
                amounts[indicator.id] = Fraction(indicator.weight)
        object.__setattr__(self, "_pairs", pairs)
        object.__setattr__(self, "_scored", tuple(ids))
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_amounts", amounts)
        object.__setattr__(self, "_total", Fraction(self.total_points))
        object.__setattr__(self, "_memo", {})

    def objectives(self) -> Iterator[tuple[Axis, Objective]]:
        """Every objective with its axis, in order."""
        return iter(self._pairs)

    def scored_ids(self) -> tuple[str, ...]:
        """The ids that take a result: direct objectives and indicators, in order."""
        return self._scored

    def exact_amounts(self) -> dict[str, Fraction]:
        """Each objective's points and each indicator's weight as exact rationals, by id.

        Computed once with the grid (the engine reads them for every entity it scores); the
        mapping is shared: do not modify it.
        """
        return self._amounts

    def memo(self) -> dict[str, Any]:
        """A cache of data derived from this grid (the engine's fit checks...), filled on first
        use by cpg-score's own modules; the grid being frozen, it never goes stale."""
        return self._memo

    def variant(self, variant_id: str) -> PointsVariant | None:
        """The points variant with that id, or None."""
        return next((v for v in self.variants if v.id == variant_id), None)

    def for_variant(self, variant_id: str) -> Grid:
        """The grid with one variant's points (computed once per variant, then cached).

        The grid returned has no variants of its own; everything else is this grid's.

        Raises:
            KeyError: The grid has no variant with that id.

        Examples:
            >>> grid.for_variant("melun").total_points  # doctest: +SKIP
            Decimal('1000')
        """
        cache: dict[str, Grid] = self._memo.setdefault("grid.variants", {})
        found = cache.get(variant_id)
        if found is None:
            variant = self.variant(variant_id)
            if variant is None:
                raise KeyError(variant_id)
            points = variant_points({o.id: o.points for _, o in self._pairs}, variant)
            axes = tuple(
                evolve(axis, objectives=tuple(evolve(o, points=points[o.id]) for o in axis.objectives))
                for axis in self.axes
            )
            found = cache[variant_id] = evolve(self, axes=axes, variants=())
        return found

    @property
    def exact_total(self) -> Fraction:
        """`total_points` as an exact rational (computed once)."""
        return self._total

    def locate(self, item_id: str) -> tuple[Axis, Objective, Indicator | None] | None:
        """Where an id stands: its axis, its objective and the indicator (None for an
        objective), or None when the grid has no such objective or indicator."""
        return self._index.get(item_id)

    def unit_of(self, item_id: str) -> Unit | None:
        """The unit of a result id (direct objectives take shares); None when unknown."""
        found = self._index.get(item_id)
        if found is None:
            return None
        _, objective, indicator = found
        if indicator is not None:
            return indicator.unit
        return Unit.SHARE if objective.direct else None


@frozen
class Entity:
    """The body a results file is about (a DRSM, an ELSM, a CPAM...)."""

    id: str = field(validator=_non_empty)
    label: str = field(default="", validator=_text)


@frozen(kw_only=True)
class ResultValue:
    """One result: a value, or a numerator over a denominator, or a neutralisation.

    The value of a fraction is `numerator / (denominator - exclusions)`, computed exactly
    (exclusions leave the denominator, as in the NHS QOF's exception reporting).

    Attributes:
        id: The indicator (or direct objective) it is for.
        value: The value, when given directly.
        numerator: The numerator of a rate.
        denominator: Its denominator.
        exclusions: Cases removed from the denominator.
        volume: The number of cases behind a value (a consolidation weight, a minimum volume).
        neutralised: A reason when the result is neutralised ("-" in the published tables).
        comment: Free text.
        source: Where the figure comes from.
        baseline: The entity's result in the baseline period (improvement and blend rules).
        unit: The unit declared in the results file, if any (a consolidated file declares them).
        floor: The entity's own floor for this indicator (None: the grid's).
        target: The entity's own target for this indicator (None: the grid's).
        written: The result as written when it is not a number (`oui`, `2017-12-15`), kept for
            display and for writing the file back; "" for a number.
        counts: The counts per class of a weighted count (`{counts: {A: 2, C: 1}}`), as written.

    A result written as a word, a date or counts is read by its indicator's rule, so with the
    grid: read without one, it is *pending* (`written` or `counts` set, no value yet).
    """

    id: str = field(validator=_non_empty)
    value: Decimal | None = field(default=None, validator=optional_exact)
    numerator: Decimal | None = field(default=None, validator=optional_exact)
    denominator: Decimal | None = field(default=None, validator=optional_exact)
    exclusions: Decimal | None = field(default=None, validator=optional_exact)
    volume: Decimal | None = field(default=None, validator=optional_exact)
    neutralised: str | None = None
    comment: str = ""
    source: str = ""
    baseline: Decimal | None = field(default=None, validator=optional_exact)
    unit: Unit | None = field(default=None, converter=_optional_unit)
    floor: Decimal | None = field(default=None, validator=optional_exact)
    target: Decimal | None = field(default=None, validator=optional_exact)
    written: str = field(default="", validator=_text)
    counts: tuple[tuple[str, Decimal], ...] = field(default=(), converter=to_tuple, validator=_counts)
    # The exact value (a Fraction), computed once.
    _exact: Fraction | None = field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        fraction = self.numerator is not None or self.denominator is not None
        if self.value is not None and fraction:
            raise ValueError("give either value or numerator/denominator, not both")
        if fraction and (self.numerator is None or self.denominator is None):
            raise ValueError("a fraction needs both numerator and denominator")
        if self.exclusions is not None and not fraction:
            raise ValueError("exclusions need a numerator and a denominator")
        if self.neutralised is None and self.value is None and not fraction and not self.pending:
            raise ValueError("a result needs a value, a numerator and denominator, or a neutralisation")
        exact: Fraction | None = None
        if self.value is not None:
            exact = Fraction(self.value)
        elif fraction:
            denominator = Fraction(self.denominator) - Fraction(self.exclusions or 0)  # type: ignore[arg-type]
            if denominator == 0:
                raise ValueError("the denominator (less exclusions) is 0")
            exact = Fraction(self.numerator) / denominator  # type: ignore[arg-type]
        object.__setattr__(self, "_exact", exact)

    @property
    def pending(self) -> bool:
        """Whether the result is written (a word, a date, counts) but not read yet: it has no
        value until read with its grid (`load_results(path, grid)`)."""
        return (
            bool(self.written or self.counts)
            and self.value is None
            and self.numerator is None
            and self.neutralised is None
        )

    @property
    def effective_denominator(self) -> Decimal | None:
        """The denominator less the exclusions, for a fraction."""
        if self.denominator is None:
            return None
        with localcontext(EXACT):
            return self.denominator - (self.exclusions or ZERO)

    @property
    def case_volume(self) -> Decimal | None:
        """The number of cases behind the result: its `volume`, else its denominator (less exclusions)."""
        return self.volume if self.volume is not None else self.effective_denominator

    @property
    def exact(self) -> Fraction | None:
        """The exact value of the result, or None when it has none (neutralised).

        A fraction's value is `numerator / (denominator - exclusions)` as an exact rational:
        what the engine scores.
        """
        return self._exact

    @property
    def resolved(self) -> Decimal | None:
        """The value of the result as a `Decimal` (a fraction to 60 significant digits), or None.

        For checks and display; the engine scores [`exact`][cpg_score.ResultValue.exact].
        """
        if self.value is not None:
            return self.value
        if self.numerator is None or self.effective_denominator is None:
            return None
        return divide(self.numerator, self.effective_denominator)


@frozen(kw_only=True)
class Figure:
    """A figure of a results file that no indicator scores (staff counts, population...)."""

    id: str = field(validator=_non_empty)
    value: Decimal = field(validator=exact_number)
    unit: Unit = field(default=Unit.NUMBER, converter=Unit)
    label: str = field(default="", validator=_text)
    source: str = ""
    comment: str = ""


@frozen(kw_only=True)
class Results:
    """One entity's results for one grid and period.

    Attributes:
        entity: Who they are about.
        grid: The id of the grid they are for.
        period: The year.
        values: One result per indicator or direct objective.
        figures: Other figures (not scored).
        parent: The id of the parent entity, if declared.
        source: Where the results come from.
        comment: Free text.
        target_policy: How the entries' own `floor`/`target` meet the grid's (see
            [`TargetPolicy`][cpg_score.TargetPolicy]).
        variant: The id of the grid's points variant to score with (None: the variant whose id
            is the entity's, if any, else the grid's points).
    """

    entity: Entity = field(validator=_entity)
    grid: str = field(validator=_non_empty)
    period: int = field(validator=_year)
    values: tuple[ResultValue, ...] = field(converter=to_tuple)
    figures: tuple[Figure, ...] = field(default=(), converter=to_tuple)
    parent: str | None = None
    source: str = ""
    comment: str = ""
    target_policy: TargetPolicy = field(default=TargetPolicy.OVERRIDE, converter=TargetPolicy)
    variant: str | None = None

    # An index of `values` by id, built once (the engine looks results up dozens of times per score).
    _by_id: dict[str, ResultValue] = field(init=False, repr=False, eq=False, hash=False)
    # Whether any entry carries its own bounds (the engine's hot path skips them otherwise).
    _bounded: bool = field(init=False, repr=False, eq=False, hash=False)
    # The ids of results written as words, dates or counts not read with their grid yet.
    _pending: tuple[str, ...] = field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        by_id: dict[str, ResultValue] = {}
        twice: set[str] = set()
        for v in self.values:
            if v.id in by_id:
                twice.add(v.id)
            by_id[v.id] = v
        if twice:
            raise ValueError(f"results given twice for {', '.join(sorted(twice))}")
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(
            self, "_bounded", any(v.floor is not None or v.target is not None for v in self.values)
        )
        object.__setattr__(self, "_pending", tuple(v.id for v in self.values if v.pending))

    @property
    def has_bounds(self) -> bool:
        """Whether any entry gives its own floor or target."""
        return self._bounded

    @property
    def pending_ids(self) -> tuple[str, ...]:
        """The ids of results written as a word, a date or counts that have no value yet: results
        read without their grid (`load_results(path)`); read them with it to score them."""
        return self._pending

    def get(self, item_id: str) -> ResultValue | None:
        """The result for an id, or None."""
        return self._by_id.get(item_id)

    def ids(self) -> KeysView[str]:
        """The ids that have a result (a set-like view)."""
        return self._by_id.keys()

    def replace_values(self, **values: Decimal | Fraction | int) -> Results:
        """Return a copy with some values replaced (a what-if), keeping everything else.

        A `Fraction` that is not a terminating decimal (15/31 of a month late) is kept exactly,
        as a numerator over a denominator.

        Examples:
            >>> results.replace_values(**{"lutte-fraude": Decimal("0.95")})  # doctest: +SKIP
        """
        known = {v.id for v in self.values}
        unknown = sorted(set(values) - known)
        if unknown:
            raise KeyError(f"no result to replace for {', '.join(unknown)}")
        new = tuple(_replaced(v, values[v.id]) if v.id in values else v for v in self.values)
        return evolve(self, values=new)


def _replaced(value: ResultValue, new: Decimal | Fraction | int) -> ResultValue:
    """A result with a new value (exact: a non-terminating fraction as numerator/denominator)."""
    numerator = denominator = None
    number: Any = new  # a float (or anything else) reaches the field's validator, which refuses it
    if isinstance(new, Fraction):
        as_decimal = Decimal(new.numerator) / Decimal(new.denominator)
        if Fraction(as_decimal) == new:
            number = as_decimal
        else:
            number, numerator, denominator = None, Decimal(new.numerator), Decimal(new.denominator)
    elif isinstance(new, int) and not isinstance(new, bool):
        number = Decimal(new)
    return evolve(
        value,
        value=number,
        numerator=numerator,
        denominator=denominator,
        exclusions=None,
        neutralised=None,
        written="",
        counts=(),
    )
