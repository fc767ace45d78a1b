"""Explaining one figure of a scorecard: the inputs, the rule, the arithmetic, the rate, the points.

[`explain`][cpg_score.explain] scores the results and returns an
[`Explanation`][cpg_score.Explanation] for one indicator (or one objective, with each of its
indicators), so a pilot can redo the computation by hand:

```text
indicator invalidite-instruites-60j — Entrées en invalidité instruites en 60 jours
  objective invalidite (axis acces-aux-droits)
inputs: value = 0.987; volume = 515
rule: linear (floor 0.7, target 0.95)
arithmetic:
  rate = clamp((R - S) / (O - S), 0, 1) = clamp((0.987 - 0.7) / (0.95 - 0.7), 0, 1) = 1
  ...
```
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from attrs import field, frozen

from cpg_score._args import expect
from cpg_score._convert import to_tuple
from cpg_score._numbers import (
    F0,
    F1,
    Exact,
    decimal_text,
    exact_total,
    formula_text,
    to_fraction,
)
from cpg_score._words import Words
from cpg_score.errors import CpgScoreError, Suggestions, unknown_item
from cpg_score.model.entity import TargetPolicy
from cpg_score.model.grid import Grid, Indicator, Objective, Policy, Results, ResultValue
from cpg_score.model.rules.registry import rule_text, rule_to_data
from cpg_score.model.scorecard import (
    EntityBounds,
    IndicatorScore,
    NeutralisedKind,
    ObjectiveScore,
    Reason,
    Scorecard,
)
from cpg_score.model.targets import Targets
from cpg_score.scoring._engine import score, scored_rule, with_targets

__all__ = ["EXPLANATION_FORMAT", "Explanation", "Step", "StepKind", "explain"]

#: The identifier of the JSON shape produced by `Explanation.to_dict`.
EXPLANATION_FORMAT = "cpg-score/explanation@1"


class StepKind(Words):
    """What one line of an explanation's arithmetic computes (its `figures`, in order)."""

    #: Why it was not scored (`why`).
    NOT_SCORED = "not-scored"
    #: A neutralised indicator's weight kept in its objective (`text`: the objective; weight).
    WEIGHT_COUNTED = "weight-counted"
    #: The rule's own arithmetic (`text`, as the rule words it).
    RULE = "rule"
    #: Which rate counted (`text`: the basis).
    BASIS = "basis"
    #: An indicator's share of its objective's points: max, weight, counted weights, share.
    SHARE = "share"
    #: An indicator's points: share, rate (at most 1), points (`capped` above 1).
    POINTS = "points"
    #: An indicator's bonus: bonus, the objective's bonus ceiling.
    BONUS = "bonus"
    #: An objective's declared points and its max after the policy: points, max.
    DECLARED = "declared"
    #: A direct objective's rate: rate.
    DIRECT_RATE = "direct-rate"
    #: A direct objective's points: max, rate, points.
    DIRECT_POINTS = "direct-points"
    #: An objective's weighted mean (`terms`): the counted weights, rate.
    MEAN = "mean"
    #: An objective's base points: max, rate, base.
    BASE = "base"
    #: An objective's bonus: ceiling, bonus.
    CEILING = "ceiling"
    #: Under `override`, the entity's floor replaces the grid's: the entity's, the grid's (if known).
    ENTITY_FLOOR = "entity-floor"
    #: Under `override`, the entity's target replaces the grid's: the entity's, the grid's (if known).
    ENTITY_TARGET = "entity-target"
    #: Under `most-favourable`, the entity's floor beside the grid's: the entity's, the grid's.
    OWN_FLOOR = "own-floor"
    #: Under `most-favourable`, the entity's target beside the grid's: the entity's, the grid's.
    OWN_TARGET = "own-target"
    #: Under `most-favourable`, the two rates and the one that counts: grid's, entity's, counted.
    MOST_FAVOURABLE = "most-favourable"


@frozen(kw_only=True)
class Step:
    """One line of an explanation's arithmetic, as facts (`str()` gives its English words;
    reports word it per language, see `cpg_score.reports`).

    Attributes:
        kind: What the line computes.
        figures: Its figures, in the order its `kind` gives: a `Decimal` as the grid or results
            write it, a `Fraction` computed exactly.
        terms: For `MEAN`, each counted indicator's weight and rate (at most 1).
        text: The rule's own arithmetic (`RULE`), the basis (`BASIS`) or the objective
            (`WEIGHT_COUNTED`).
        policy: The grid's policy, for `WEIGHT_COUNTED` and `DECLARED`.
        why: For `NOT_SCORED`, why.
        capped: For `POINTS`, whether the rate was above 1.
        share: Whether the figures are shares (shown as percents: the entity's bounds).
    """

    kind: StepKind = field(converter=StepKind)
    figures: tuple[Exact, ...] = field(default=(), converter=to_tuple)
    terms: tuple[tuple[Decimal, Fraction], ...] = field(default=(), converter=to_tuple)
    text: str = ""
    policy: Policy | None = None
    why: Reason | None = None
    capped: bool = False
    share: bool = False

    def shown(self) -> dict[str, str]:
        """The texts its words show: `f0`, `f1`... for the figures (a `Decimal` as written, a
        `Fraction` as `formula_text` shows it; a share as a percent), `terms`, `text`, `quoted`,
        `policy`, and `grid`: " " and the second figure when there is one (else "")."""
        show = _percent if self.share else _figure
        out = {f"f{i}": show(value) for i, value in enumerate(self.figures)}
        out["grid"] = f" {out['f1']}" if len(self.figures) > 1 else ""
        out["terms"] = " + ".join(f"{weight} x {_show(rate)}" for weight, rate in self.terms)
        out["text"] = self.text
        out["quoted"] = repr(self.text)
        out["policy"] = "" if self.policy is None else self.policy.value
        return out

    def __str__(self) -> str:
        """The line in English words (as the JSON gives it)."""
        words = _STEPS[self.kind].format(reason=str(self.why), **self.shown())
        return words + (_CAPPED if self.capped else "")


#: The English words of each step (reports word them per language, see `cpg_score.reports`).
_STEPS = {
    StepKind.NOT_SCORED: "not scored: {reason}",
    StepKind.WEIGHT_COUNTED: "weight counted in objective {quoted}: {f0} (policy {policy})",
    StepKind.RULE: "{text}",
    StepKind.BASIS: "counted: {text}",
    StepKind.SHARE: (
        "share of the objective's points = max x weight / counted weights = {f0} x {f1} / {f2} = {f3}"
    ),
    StepKind.POINTS: "points = share x rate = {f0} x {f1} = {f2}",
    StepKind.BONUS: "bonus = share x (rate - 1) = {f0} (after the objective's bonus ceiling {f1})",
    StepKind.DECLARED: "declared points: {f0}; max after the policy ({policy}): {f1}",
    StepKind.DIRECT_RATE: "rate = result (clamped to [0, 1]) = {f0}",
    StepKind.DIRECT_POINTS: "points = max x rate = {f0} x {f1} = {f2}",
    StepKind.MEAN: "rate = sum(weight x rate) / sum(weight) = ({terms}) / {f0} = {f1}",
    StepKind.BASE: "base points = max x rate = {f0} x {f1} = {f2}",
    StepKind.CEILING: "bonus = min(sum of the indicators' excess, ceiling {f0}) = {f1}",
    StepKind.ENTITY_FLOOR: "the entity's floor {f0} replaces the grid's{grid}",
    StepKind.ENTITY_TARGET: "the entity's target {f0} replaces the grid's{grid}",
    StepKind.OWN_FLOOR: "the entity's floor {f0}, the grid's{grid}",
    StepKind.OWN_TARGET: "the entity's target {f0}, the grid's{grid}",
    StepKind.MOST_FAVOURABLE: "most favourable: the grid's bounds give {f0}, the entity's {f1}: {f2} counts",
}
_CAPPED = " (rate capped at 1 for the base)"


@frozen(kw_only=True)
class Explanation:
    """How one indicator's or objective's rate and points were computed.

    Attributes:
        id: The indicator or objective.
        kind: An indicator or an objective (its words are accepted).
        label: Its label.
        axis: Its axis's id.
        objective: For an indicator, its objective's id ("" for an objective).
        inputs: The figures used, as `(name, exact value)` pairs (value, numerator, denominator,
            exclusions, volume, baseline, weight...).
        rule: The rule as written in a grid file (None for a direct objective).
        arithmetic: The arithmetic, one `Step` per line (`steps` gives them in English words).
        rate: The rate (None when neutralised), exact.
        points: Points earned (base plus bonus), exact.
        max: Points that could be earned (bonus aside), exact.
        bonus: Bonus points included in `points`, exact.
        why: Why it was not scored, as facts, or None (`neutralised` gives it in English words).
        parts: For an objective, its indicators' explanations.
        rounding: Decimals of points and rates shown.
    """

    id: str
    kind: NeutralisedKind = field(converter=NeutralisedKind)
    label: str
    axis: str
    objective: str = ""
    inputs: tuple[tuple[str, str], ...] = field(converter=to_tuple)
    rule: dict[str, Any] | None
    arithmetic: tuple[Step, ...] = field(converter=to_tuple)
    rate: Fraction | None
    points: Fraction
    max: Fraction
    bonus: Fraction = F0
    why: Reason | None = None
    parts: tuple[Explanation, ...] = field(default=(), converter=to_tuple)
    card: Scorecard | None = field(default=None, eq=False, repr=False)

    @property
    def context(self) -> str:
        """Where it sits, in English words (`objective ald (axis acces-aux-droits)`)."""
        return f"objective {self.objective} (axis {self.axis})" if self.objective else f"axis {self.axis}"

    @property
    def steps(self) -> tuple[str, ...]:
        """The arithmetic in English words, one line per step (as the JSON gives it)."""
        return tuple(str(step) for step in self.arithmetic)

    @property
    def neutralised(self) -> str | None:
        """Why it was not scored, in English words, or None."""
        return None if self.why is None else str(self.why)

    def _pts(self, value: Exact) -> str:
        return str(self.card.points(value)) if self.card is not None else decimal_text(value)

    def _pct(self, rate: Exact) -> str:
        return f"{self.card.percent(rate)} %" if self.card is not None else decimal_text(rate)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: numbers as exact decimal strings (60 significant digits when the
        expansion does not terminate; never `-0`), rounded ones beside them."""
        return {
            "format": EXPLANATION_FORMAT,
            "id": self.id,
            "kind": self.kind.value,
            "label": self.label,
            "context": self.context,
            "inputs": dict(self.inputs),
            "rule": self.rule,
            "steps": list(self.steps),
            "neutralised": self.neutralised,
            "rate": None if self.rate is None else decimal_text(self.rate),
            "rate_percent": None if self.rate is None else self._pct(self.rate).removesuffix(" %"),
            "points": self._pts(self.points),
            "max": self._pts(self.max),
            "bonus": self._pts(self.bonus),
            "exact": {
                "points": decimal_text(self.points),
                "max": decimal_text(self.max),
                "bonus": decimal_text(self.bonus),
            },
            "parts": [p.to_dict() for p in self.parts],
        }

    def to_json(self) -> str:
        """`to_dict` as indented JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def rule_text(self) -> str:
        """The rule in one line (`seuils (...)`), or "" for a direct objective."""
        return "" if self.rule is None else rule_text(self.rule)


def _show(value: Exact) -> str:
    """A number for the arithmetic lines: trailing zeros dropped, exact up to 6 decimals
    (rounded half up beyond, marked ~); never `-0`."""
    return formula_text(value if isinstance(value, Fraction) else Fraction(value))


def _figure(value: Exact) -> str:
    """A figure of an arithmetic line: a `Decimal` as written, a computed `Fraction` shown."""
    return str(value) if isinstance(value, Decimal) else _show(value)


def _percent(value: Exact) -> str:
    """A share as a percent, exact (`88 %`)."""
    return f"{_show(to_fraction(value) * 100)} %"


def _bounds_steps(bounds: EntityBounds) -> list[Step]:
    """The entity's bounds: what replaced the grid's (override), or both rates (most favourable)."""
    override = bounds.policy is TargetPolicy.OVERRIDE
    steps: list[Step] = []
    pairs = (
        (bounds.floor, bounds.grid_floor, StepKind.ENTITY_FLOOR if override else StepKind.OWN_FLOOR),
        (bounds.target, bounds.grid_target, StepKind.ENTITY_TARGET if override else StepKind.OWN_TARGET),
    )
    for own, grid, kind in pairs:
        if own is not None:
            figures = [own] if grid is None else [own, grid]
            steps.append(Step(kind=kind, figures=figures, share=bounds.share))
    if bounds.grid_rate is not None:
        counted = bounds.rate if bounds.entity_counts else bounds.grid_rate
        steps.append(Step(kind=StepKind.MOST_FAVOURABLE, figures=[bounds.grid_rate, bounds.rate, counted]))
    return steps


def _inputs(result: ResultValue | None, indicator: Indicator | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if result is not None:
        if result.written:
            out.append(("written", result.written))
        if result.counts:
            out.append(("counts", ", ".join(f"{name} {count}" for name, count in result.counts)))
        for name in ("value", "numerator", "denominator", "exclusions", "volume", "baseline"):
            number = getattr(result, name)
            if number is not None:
                out.append((name, str(number)))
        if result.numerator is not None and result.exact is not None:
            excl = f" - {result.exclusions}" if result.exclusions is not None else ""
            out.append(
                (
                    "value (computed)",
                    f"{result.numerator} / ({result.denominator}{excl}) = {_show(result.exact)}",
                )
            )
        for name in ("floor", "target"):
            number = getattr(result, name)
            if number is not None:
                out.append((f"the entity's {name}", str(number)))
        if result.neutralised is not None:
            out.append(("neutralised in the results", result.neutralised))
        if result.source:
            out.append(("source", result.source))
    if indicator is not None:
        out.append(("weight", str(indicator.weight)))
        if indicator.min_volume is not None:
            out.append(("min_volume", str(indicator.min_volume)))
    return out


def _find(grid: Grid, item_id: str) -> tuple[str, Objective, Indicator | None]:
    found = grid.locate(item_id)
    if found is not None:
        axis, objective, indicator = found
        return axis.id, objective, indicator
    known = sorted({o.id for _, o in grid.objectives()} | set(grid.scored_ids()))
    raise CpgScoreError(unknown_item(item_id, grid.id, Suggestions(known)))


def _indicator(
    card: Scorecard, objective: ObjectiveScore, indicator: Indicator, scored: IndicatorScore, results: Results
) -> Explanation:
    result = results.get(indicator.id)
    steps: list[Step] = []
    weights = exact_total(i.weight for i in objective.indicators)  # a Fraction when one is
    if scored.neutralised:
        steps.append(Step(kind=StepKind.NOT_SCORED, why=scored.why))
        steps.append(
            Step(kind=StepKind.WEIGHT_COUNTED, text=objective.id, figures=[scored.weight], policy=card.policy)
        )
    else:
        assert result is not None and result.exact is not None
        rule = scored_rule(indicator, result, results.target_policy)[0]
        if scored.bounds is not None:
            steps.extend(_bounds_steps(scored.bounds))
        steps.append(Step(kind=StepKind.RULE, text=rule.explain(result.exact)))
        if scored.basis:
            steps.append(Step(kind=StepKind.BASIS, text=scored.basis))
    steps.append(Step(kind=StepKind.SHARE, figures=[objective.max, scored.weight, weights, scored.max]))
    if not scored.neutralised:
        rate = min(scored.rate, F1)
        steps.append(
            Step(kind=StepKind.POINTS, figures=[scored.max, rate, scored.points], capped=scored.rate > 1)
        )
        if scored.bonus:
            steps.append(Step(kind=StepKind.BONUS, figures=[scored.bonus, objective.bonus_max]))
    return Explanation(
        id=indicator.id,
        kind=NeutralisedKind.INDICATOR,
        label=indicator.label,
        axis=objective.axis,
        objective=objective.id,
        inputs=_inputs(result, indicator),
        rule=rule_to_data(indicator.rule),
        arithmetic=steps,
        rate=None if scored.neutralised else scored.rate,
        points=scored.points + scored.bonus,
        max=scored.max,
        bonus=scored.bonus,
        why=scored.why if scored.neutralised else None,
        card=card,
    )


def _objective(
    card: Scorecard, objective: Objective, scored: ObjectiveScore, results: Results
) -> Explanation:
    steps = [Step(kind=StepKind.DECLARED, figures=[objective.points, scored.max], policy=card.policy)]
    parts: list[Explanation] = []
    result = results.get(objective.id)
    if scored.neutralised:
        steps.append(Step(kind=StepKind.NOT_SCORED, why=scored.why))
    elif objective.direct:
        assert result is not None and result.resolved is not None
        steps.append(Step(kind=StepKind.DIRECT_RATE, figures=[scored.rate]))
        steps.append(Step(kind=StepKind.DIRECT_POINTS, figures=[scored.max, scored.rate, scored.points]))
    else:
        counted = [i for i in scored.indicators if i.weight]
        total = exact_total(i.weight for i in counted)
        terms = [(i.weight, min(i.rate, F1)) for i in counted]
        steps.append(Step(kind=StepKind.MEAN, terms=terms, figures=[total, scored.rate]))
        steps.append(Step(kind=StepKind.BASE, figures=[scored.max, scored.rate, scored.base]))
        if scored.bonus_max:
            steps.append(Step(kind=StepKind.CEILING, figures=[objective.bonus, scored.bonus]))
    for indicator, i_score in zip(objective.indicators, scored.indicators, strict=True):
        parts.append(_indicator(card, scored, indicator, i_score, results))
    return Explanation(
        id=objective.id,
        kind=NeutralisedKind.OBJECTIVE,
        label=objective.label,
        axis=scored.axis,
        inputs=_inputs(result, None)
        if objective.direct
        else [("indicators", ", ".join(i.id for i in objective.indicators))],
        rule=None,
        arithmetic=steps,
        rate=None if scored.neutralised else scored.rate,
        points=scored.points,
        max=scored.max,
        bonus=scored.bonus,
        why=scored.why if scored.neutralised else None,
        parts=parts,
        card=card,
    )


def explain(grid: Grid, results: Results, item_id: str, *, targets: Targets | None = None) -> Explanation:
    """Explain how one indicator's (or objective's) rate and points were computed.

    Args:
        grid: The grid.
        results: The entity's results.
        item_id: An indicator or objective id of the grid.
        targets: Per-entity floors and targets, applied to the results first (as `score` does).

    Returns:
        The explanation: inputs, rule, arithmetic, rate and points (`cpg_score.reports` prints it).

    Raises:
        TypeError: An argument of the wrong type (`grid` not a `Grid`...).
        CpgScoreError: No such id in the grid.
        ResultsError: The results do not fit the grid.

    Examples:
        >>> item = explain(grid, results, "invalidite-instruites-60j")  # doctest: +SKIP
    """
    expect("grid", grid, Grid, "a Grid (from load_grid)")
    expect("results", results, Results, "a Results (from load_results)")
    expect("item_id", item_id, str, "an indicator or objective id (a str)")
    _find(grid, item_id)
    if targets is not None:
        results = with_targets(results, targets)
    card = score(grid, results)
    if card.variant is not None:
        grid = grid.for_variant(card.variant)
    _, objective, indicator = _find(grid, item_id)
    o_score = card.objective(objective.id)
    if indicator is None:
        return _objective(card, objective, o_score, results)
    i_score = next(i for i in o_score.indicators if i.id == indicator.id)
    return _indicator(card, o_score, indicator, i_score, results)
