"""The scorecard: every figure of a scored entity, exact, with what was neutralised and why.

A [`Scorecard`][cpg_score.Scorecard] is what [`score`][cpg_score.score] returns. Its computed
figures (points, maxima, rates, bonus, shares) are exact rationals, `fractions.Fraction`; the
inputs it echoes (an indicator's result and weight, an objective's declared points) stay the
grid's and results' `Decimal`. [`Scorecard.points`][cpg_score.Scorecard.points] and
[`Scorecard.percent`][cpg_score.Scorecard.percent] round a figure half up for presentation;
[`Scorecard.to_dict`][cpg_score.Scorecard.to_dict] gives the stable JSON shape (numbers as
decimal strings, rounded half up, exact values alongside as exact decimals when they terminate,
else to 60 significant digits).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from attrs import Factory, field, frozen

from cpg_score._convert import to_tuple
from cpg_score._display import html
from cpg_score._numbers import F0, ZERO, Exact, decimal_text, round_half_up, to_fraction
from cpg_score._words import Words
from cpg_score.model._english import EFFECT_WORDS, effect_words, reason_words
from cpg_score.model.entity import TargetPolicy
from cpg_score.model.grid import Entity, Grid, Policy, Rounding, Scale, ScaleKind
from cpg_score.model.rules import Basis

__all__ = [
    "EFFECT_WORDS",
    "AxisScore",
    "Cause",
    "EntityBounds",
    "IndicatorScore",
    "Neutralisation",
    "NeutralisedKind",
    "ObjectiveScore",
    "Outcome",
    "Reason",
    "Scorecard",
    "TotalScore",
]

#: The identifier of the JSON shape produced by `Scorecard.to_dict`.
SCORECARD_FORMAT = "cpg-score/scorecard@1"


def ratio(points: Exact, maximum: Exact) -> Fraction:
    """points / maximum, exactly; 0 when nothing could be earned."""
    if maximum == 0:
        return F0
    return to_fraction(points) / to_fraction(maximum)


class NeutralisedKind(Words):
    """What was neutralised: an objective or an indicator."""

    OBJECTIVE = "objective"
    INDICATOR = "indicator"


class Outcome(Words):
    """What the grid's policy did to a neutralised objective or indicator."""

    #: An objective earns 0; its points stay in the total.
    ZERO = "zero"
    #: An objective's points leave the total.
    EXCLUDE = "exclude"
    #: An objective's points go to the scored objectives of its axis (see `shares`).
    REDISTRIBUTE_AXIS = "redistribute-axis"
    #: An objective's points go to the scored objectives of the grid.
    REDISTRIBUTE_GRID = "redistribute-grid"
    #: No scored objective to take an objective's points: they leave the total.
    REDISTRIBUTE_NONE = "redistribute-none"
    #: An indicator counts with rate 0, its weight kept in its objective's mean.
    INDICATOR_ZERO = "indicator-zero"
    #: An indicator's weight leaves its objective's mean.
    INDICATOR_LEAVE = "indicator-leave"


class Cause(Words):
    """Why something was not scored."""

    #: The grid or the results say so (their words are `Reason.text`).
    GIVEN = "given"
    #: Every indicator of the objective is neutralised.
    INDICATORS = "indicators"
    #: The indicator's case volume is below its `min_volume`.
    VOLUME = "volume"


@frozen(kw_only=True)
class Reason:
    """Why something was not scored, as facts (reports word them per language).

    Attributes:
        cause: The kind of reason.
        text: For `GIVEN`, the grid's or the results' words.
        volume: For `VOLUME`, the result's case volume.
        minimum: For `VOLUME`, the indicator's `min_volume`.
        indicator: For `VOLUME`, the indicator's id.
    """

    cause: Cause
    text: str = ""
    volume: Decimal | None = None
    minimum: Decimal | None = None
    indicator: str = ""

    def __str__(self) -> str:
        """The reason in English words (as `ObjectiveScore.reason` and the JSON give it)."""
        return reason_words(self.cause.value, self.text, self.volume, self.minimum, self.indicator)


def _basis(value: Basis | str | None) -> Basis | None:
    """A basis from its member or its value ("" or None: no basis)."""
    return Basis(value) if value else None


def _words(why: Reason | None) -> str | None:
    return None if why is None else str(why)


@frozen(kw_only=True)
class Neutralisation:
    """Something that was not scored, why, and what the grid's policy did with its points.

    Attributes:
        id: The objective or indicator.
        kind: An objective or an indicator.
        why: Why it was neutralised, as facts (`reason` gives it in English words).
        policy: The policy applied.
        outcome: What happened to its points.
        amount: The objective's points, or the indicator's weight, as the grid writes them.
        objective: For an indicator, its objective's id.
        shares: For `REDISTRIBUTE_AXIS`, each taker's id and the points it received (exact).
    """

    id: str
    kind: NeutralisedKind = field(converter=NeutralisedKind)
    why: Reason
    policy: Policy
    outcome: Outcome = field(converter=Outcome)
    amount: Exact
    objective: str | None = None
    shares: tuple[tuple[str, Fraction], ...] = field(default=(), converter=to_tuple)

    @property
    def reason(self) -> str:
        """Why it was neutralised, in English words (the grid's or results' own words as given)."""
        return str(self.why)

    @property
    def effect(self) -> str:
        """What happened to its points, in English words (see `cpg_score.reports` for French)."""
        return effect_words(self.outcome.value, self.amount, self.shares, self.objective)


@frozen(kw_only=True)
class EntityBounds:
    """The bounds an indicator was scored with, when the entity gives its own.

    Attributes:
        policy: How the entity's bounds met the grid's.
        floor: The entity's own floor (None: it gave none, the grid's is kept).
        target: The entity's own target (None: it gave none, the grid's is kept).
        grid_floor: The grid's floor (None when the rule has none or does not say).
        grid_target: The grid's target (or threshold; None when the rule does not say).
        rate: The rate the entity's bounds give.
        grid_rate: Under `most-favourable`, the rate the grid's bounds give (None under
            `override`).
        entity_counts: Whether the entity's bounds gave the rate that counted.
        share: Whether the bounds are shares (shown as percents).
    """

    policy: TargetPolicy
    floor: Decimal | None = None
    target: Decimal | None = None
    grid_floor: Decimal | None = None
    grid_target: Decimal | None = None
    rate: Fraction = F0
    grid_rate: Fraction | None = None
    entity_counts: bool = True
    share: bool = False

    @property
    def used_floor(self) -> Decimal | None:
        """The floor of the bounds that counted."""
        return self.floor if self.entity_counts and self.floor is not None else self.grid_floor

    @property
    def used_target(self) -> Decimal | None:
        """The target of the bounds that counted."""
        return self.target if self.entity_counts and self.target is not None else self.grid_target

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (numbers as exact decimal strings)."""

        def text(value: Exact | None) -> str | None:
            return None if value is None else decimal_text(value)

        return {
            "policy": self.policy.value,
            "floor": text(self.floor),
            "target": text(self.target),
            "grid_floor": text(self.grid_floor),
            "grid_target": text(self.grid_target),
            "rate": text(self.rate),
            "grid_rate": text(self.grid_rate),
            "counted": "entity" if self.entity_counts else "grid",
        }


@frozen(kw_only=True)
class IndicatorScore:
    """One indicator's score.

    Attributes:
        id: The indicator.
        label: Its label.
        objective: Its objective's id.
        value: The result scored, as a `Decimal` (a numerator over a denominator to 60
            significant digits; the rate is computed from the exact fraction); None when
            neutralised.
        rate: Its achievement rate in [0, 1] (above 1 with a cap), exact.
        weight: Its weight as counted in the objective's mean (0 when it left the mean), as
            written in the grid.
        points: Points earned: its share of the objective's points times its rate.
        max: Its share of the objective's points.
        neutralised: Whether it was neutralised.
        why: Why, when neutralised, as facts (`reason` gives it in English words).
        rule: The rule's type.
        explanation: The arithmetic that produced the rate.
        bonus: Bonus points earned above its share (a rule with a cap above 100 %), after the
            objective's bonus ceiling.
        basis: Which rate counted, for rules that choose (`Basis.ACHIEVEMENT` or
            `Basis.IMPROVEMENT`), or `Basis.LEVEL_AND_PROGRESS` for a blend; None otherwise
            (built from its value too, "" for None).
        bounds: The entity's own bounds and what they gave, when its results carry some
            (None otherwise: the grid's bounds).
        written: The result as the entity wrote it when it is not a number (`oui`,
            `2017-08-12`, `refus`): `value` is what the rule read it as; "" for a number.
        counts: The counts per class of a weighted count, as written (`(("A", 2), ("C", 1))`;
            `value` is their weighted score); empty otherwise.
    """

    id: str
    label: str
    objective: str
    value: Decimal | None
    rate: Fraction
    weight: Exact
    points: Fraction
    max: Fraction
    neutralised: bool = False
    why: Reason | None = None
    rule: str = ""
    explanation: str = ""
    bonus: Fraction = F0
    basis: Basis | None = field(default=None, converter=_basis)
    bounds: EntityBounds | None = None
    written: str = ""
    counts: tuple[tuple[str, Decimal], ...] = field(default=(), converter=to_tuple)

    @property
    def reason(self) -> str | None:
        """Why it was not scored, in English words (None when scored)."""
        return _words(self.why)


@frozen(kw_only=True)
class ObjectiveScore:
    """One objective's score.

    Attributes:
        id: The objective.
        label: Its label.
        axis: Its axis's id.
        points: Points earned: the base (rate x max) plus the bonus.
        max: Points that could be earned after the neutralisation policy (bonus aside).
        base_points: Points the grid declares for it.
        rate: Its achievement rate in [0, 1].
        neutralised: Whether it was neutralised.
        why: Why, when neutralised, as facts (`reason` gives it in English words).
        indicators: Its indicators' scores (empty for a direct objective).
        bonus: Bonus points earned above `max` (at most `bonus_max`).
        bonus_max: The objective's bonus ceiling (0 without a bonus).
    """

    id: str
    label: str
    axis: str
    points: Fraction
    max: Fraction
    base_points: Exact
    rate: Fraction
    neutralised: bool = False
    why: Reason | None = None
    indicators: tuple[IndicatorScore, ...] = field(default=(), converter=to_tuple)
    bonus: Fraction = F0
    bonus_max: Exact = ZERO

    @property
    def base(self) -> Fraction:
        """Points earned within `max` (points less the bonus)."""
        return self.points - self.bonus

    @property
    def reason(self) -> str | None:
        """Why it was not scored, in English words (None when scored)."""
        return _words(self.why)


@frozen(kw_only=True)
class AxisScore:
    """One axis's subtotal: the sum of its objectives."""

    id: str
    label: str
    points: Fraction
    max: Fraction
    objectives: tuple[ObjectiveScore, ...] = field(converter=to_tuple)

    @property
    def rate(self) -> Fraction:
        """points / max."""
        return ratio(self.points, self.max)

    @property
    def bonus(self) -> Fraction:
        """Bonus points of its objectives."""
        return sum((o.bonus for o in self.objectives), F0)


@frozen
class TotalScore:
    """The regional result: the sum of the axes.

    Attributes:
        points: Points earned.
        max: Points that could be earned (the declared total, unless neutralised points left it).
        declared: The grid's declared total.
        bonus: Bonus points included in `points` (so `points` may exceed `max`).
    """

    points: Fraction
    max: Fraction
    declared: Fraction
    bonus: Fraction = F0

    @property
    def base(self) -> Fraction:
        """Points earned within the maximum (points less the bonus)."""
        return self.points - self.bonus

    @property
    def rate(self) -> Fraction:
        """points / max ("taux de réussite")."""
        return ratio(self.points, self.max)


@frozen(kw_only=True)
class Scorecard:
    """Every figure of one entity scored on one grid.

    Attributes:
        grid_id: The grid's id.
        grid_label: The grid's label.
        period: The year.
        entity: The entity scored.
        policy: The neutralisation policy applied.
        rounding: The presentation rounding.
        total: The regional result.
        axes: The axes' subtotals, each with its objectives.
        neutralisations: What was not scored, and what the policy did.
        scale: The grid's scale (see [`Scale`][cpg_score.Scale]): points out of the declared
            total unless the grid says otherwise; `on_scale` gives the total on it.
        variant: The id of the grid's points variant scored with (None: the grid's points).
        grid: The grid scored on (its `level` names the total in the reports, its rules give
            each indicator's unit, floor and target); None for a scorecard built by hand. Not
            compared, not in `to_dict`.
    """

    grid_id: str
    grid_label: str
    period: int
    entity: Entity
    policy: Policy
    rounding: Rounding
    total: TotalScore
    axes: tuple[AxisScore, ...] = field(converter=to_tuple)
    neutralisations: tuple[Neutralisation, ...] = field(default=(), converter=to_tuple)
    scale: Scale = field(default=Factory(lambda card: Scale.points(card.total.declared), takes_self=True))
    variant: str | None = None
    grid: Grid | None = field(default=None, eq=False, repr=False)

    # Objectives and indicators by id, built on first use (reports look labels up per
    # neutralisation; scoring a batch never needs it).
    _index: dict[str, ObjectiveScore | IndicatorScore] | None = field(
        init=False, default=None, repr=False, eq=False, hash=False
    )

    def _by_id(self) -> dict[str, ObjectiveScore | IndicatorScore]:
        index = self._index
        if index is None:
            index = {}
            for axis in self.axes:
                for objective in axis.objectives:
                    index.setdefault(objective.id, objective)
                    for indicator in objective.indicators:
                        index.setdefault(indicator.id, indicator)
            object.__setattr__(self, "_index", index)
        return index

    @property
    def objectives(self) -> tuple[ObjectiveScore, ...]:
        """Every objective, in grid order."""
        return tuple(o for a in self.axes for o in a.objectives)

    @property
    def indicators(self) -> tuple[IndicatorScore, ...]:
        """Every indicator, in grid order."""
        return tuple(i for o in self.objectives for i in o.indicators)

    def objective(self, objective_id: str) -> ObjectiveScore:
        """The score of one objective.

        Raises:
            KeyError: No such objective.
        """
        found = self._by_id().get(objective_id)
        if not isinstance(found, ObjectiveScore):
            raise KeyError(objective_id)
        return found

    def item(self, item_id: str) -> ObjectiveScore | IndicatorScore | None:
        """The score of an objective or an indicator by id, or None."""
        return self._by_id().get(item_id)

    @property
    def on_scale(self) -> Fraction:
        """The total on the grid's scale, exact: the points earned on a `points` scale, else
        the success rate times `out_of` (`percent`: rate x 100; `note`: rate x 5 for a note out
        of 5)."""
        if self.scale.kind is ScaleKind.POINTS:
            return self.total.points
        return self.total.rate * to_fraction(self.scale.out_of)

    def points(self, value: Exact) -> Decimal:
        """Round points for presentation (half up, once, `rounding.points` decimals; never -0).

        Examples:
            >>> card.points(Fraction(10001, 200))  # 50.005  # doctest: +SKIP
            Decimal('50.01')
        """
        return round_half_up(value, self.rounding.points)

    def scaled(self, value: Exact) -> Decimal:
        """Round a figure on the grid's scale for presentation: a percent to
        `rounding.rate_percent` decimals, points and notes to `rounding.points` (half up)."""
        places = self.rounding.rate_percent if self.scale.kind is ScaleKind.PERCENT else self.rounding.points
        return round_half_up(value, places)

    def percent(self, rate: Exact) -> Decimal:
        """A rate in percent, rounded for presentation (half up, `rounding.rate_percent`)."""
        return round_half_up(to_fraction(rate) * 100, self.rounding.rate_percent)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape (see the docs' "JSON output" page).

        Numbers are decimal strings: `points`, `max` and `rate_percent` rounded half up for
        presentation; `exact` holds the unrounded values (the exact decimal when it terminates,
        else 60 significant digits; never `-0`). A neutralised objective's `rate_percent` is
        null.
        """

        pts, exact = self._pts, self._exact
        objectives = [self._objective_dict(axis.id, o) for axis in self.axes for o in axis.objectives]
        return {
            "format": SCORECARD_FORMAT,
            "grid": {"id": self.grid_id, "label": self.grid_label, "period": self.period},
            "entity": {"id": self.entity.id, "label": self.entity.label},
            "period": self.period,
            "policy": self.policy.value,
            **({"variant": self.variant} if self.variant is not None else {}),
            "total": {
                "points": pts(self.total.points),
                "max": pts(self.total.max),
                "declared": pts(self.total.declared),
                "rate_percent": str(self.percent(self.total.rate)),
                "exact": exact(self.total.points, self.total.max, self.total.rate),
                **(
                    {"base": pts(self.total.base), "bonus": pts(self.total.bonus)}
                    if any(o.bonus_max for o in self.objectives)
                    else {}
                ),
                **self._scale_dict(),
            },
            "axes": [
                {
                    "id": a.id,
                    "label": a.label,
                    "points": pts(a.points),
                    "max": pts(a.max),
                    "rate_percent": str(self.percent(a.rate)),
                    "objectives": [o.id for o in a.objectives],
                    "exact": exact(a.points, a.max, a.rate),
                }
                for a in self.axes
            ],
            "objectives": objectives,
            "neutralisations": [
                {
                    "id": n.id,
                    "kind": n.kind.value,
                    "reason": n.reason,
                    "policy": n.policy.value,
                    "effect": n.effect,
                }
                for n in self.neutralisations
            ],
        }

    def to_records(self, *, lang: str | None = None) -> list[dict[str, Any]]:
        """One plain dict per row, exact: each axis, its objectives and their indicators, the total.

        Every record has the same keys (see `cpg_score.model.records`): `entity`, `kind`
        (`axis`, `objective`, `indicator`, `total`), `id`, `label`, `axis`, `objective`, `unit`,
        `value`, `written`, `floor`, `target`, `rule`, `weight`, `rate` (in [0, 1]),
        `rate_percent` (rounded as printed), `points`, `max`, `bonus`, `neutralised`, `cause`;
        numbers are `Fraction` (computed) or `Decimal` (as written).

        Args:
            lang: `fr` or `en` to add the words: `reason` (why it was not scored) and the
                total's label; None (the default): figures and codes only.

        Raises:
            ValueError: `lang` is not `fr` or `en`.

        Examples:
            >>> card.to_records()[-1]["points"]  # doctest: +SKIP
            Fraction(15529983, 20000)
        """
        # Imported here: the records module builds on this one.
        from cpg_score.model.records import scorecard_records

        return scorecard_records(self, lang)

    def to_frame(self, *, exact: bool = False, lang: str | None = None) -> Any:
        """`to_records` as a `pandas.DataFrame` (the optional extra `pandas`).

        Args:
            exact: Keep the exact numbers (object columns of `Fraction` and `Decimal`); by
                default they are floats (float64 columns, NaN where missing), for analysis.
            lang: `fr` or `en` to add the words (see `to_records`).

        Raises:
            MissingExtraError: pandas is not installed (the `pandas` extra).
        """
        from cpg_score.model.records import cards_to_frame

        return cards_to_frame([self], exact=exact, lang=lang)

    def _repr_html_(self) -> str | None:
        """The scorecard in a notebook, indicator rows included, as the reports print it (French
        unless `CPG_SCORE_LANG=en`)."""
        return html(self)

    def _scale_dict(self) -> dict[str, Any]:
        """The total on a `percent` or `note` scale (nothing on the default `points` scale):
        `on_scale` rounded as points are, its exact value, and the scale."""
        if self.scale.kind is ScaleKind.POINTS:
            return {}
        exact = self._exact(self.total.points, self.total.max, self.total.rate)
        return {
            "scale": {"kind": self.scale.kind.value, "out_of": decimal_text(self.scale.out_of)},
            "on_scale": str(self.scaled(self.on_scale)),
            "exact": {**exact, "on_scale": decimal_text(self.on_scale)},
        }

    def _pts(self, value: Exact) -> str:
        return str(self.points(value))

    @staticmethod
    def _exact(points: Exact, maximum: Exact, rate: Exact) -> dict[str, str]:
        return {"points": decimal_text(points), "max": decimal_text(maximum), "rate": decimal_text(rate)}

    def _objective_dict(self, axis_id: str, o: ObjectiveScore) -> dict[str, Any]:
        """An objective in the JSON shape, its indicators included."""
        pts, exact = self._pts, self._exact
        return {
            "id": o.id,
            "label": o.label,
            "axis": axis_id,
            "points": pts(o.points),
            "max": pts(o.max),
            "base_points": pts(o.base_points),
            "rate_percent": None if o.neutralised else str(self.percent(o.rate)),
            "neutralised": o.neutralised,
            "reason": o.reason,
            "exact": exact(o.points, o.max, o.rate),
            **(
                {"base": pts(o.base), "bonus": pts(o.bonus), "bonus_max": pts(o.bonus_max)}
                if o.bonus_max
                else {}
            ),
            "indicators": [self._indicator_dict(i) for i in o.indicators],
        }

    def _indicator_dict(self, i: IndicatorScore) -> dict[str, Any]:
        """An indicator in the JSON shape."""
        pts = self._pts
        return {
            "id": i.id,
            "label": i.label,
            "value": None if i.value is None else decimal_text(i.value),
            **({"written": i.written} if i.written else {}),
            **({"counts": {name: decimal_text(n) for name, n in i.counts}} if i.counts else {}),
            "rule": i.rule,
            "weight": decimal_text(i.weight),
            "points": pts(i.points),
            "max": pts(i.max),
            "rate_percent": None if i.neutralised else str(self.percent(i.rate)),
            "neutralised": i.neutralised,
            "reason": i.reason,
            "explanation": i.explanation,
            "exact": self._exact(i.points, i.max, i.rate),
            **({"basis": i.basis.value} if i.basis is not None else {}),
            **({"bonus": pts(i.bonus)} if i.bonus else {}),
            **({"bounds": i.bounds.to_dict()} if i.bounds is not None else {}),
        }
