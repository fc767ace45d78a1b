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

import importlib
import json
import warnings
from decimal import localcontext
from fractions import Fraction
from typing import Any

from attrs import field, frozen

from cpg_score._args import expect
from cpg_score._convert import to_tuple
from cpg_score._numbers import EXACT, F0, F1, ZERO, Exact, decimal_text, formula_text
from cpg_score.errors import CpgScoreError, Suggestions, unknown_item
from cpg_score.model.grid import Grid, Indicator, Objective, Results, ResultValue
from cpg_score.model.rules.registry import rule_text, rule_to_data
from cpg_score.model.scorecard import IndicatorScore, ObjectiveScore, Scorecard
from cpg_score.scoring._engine import bound_rule, score

__all__ = ["EXPLANATION_FORMAT", "Explanation", "explain"]

#: The identifier of the JSON shape produced by `Explanation.to_dict`.
EXPLANATION_FORMAT = "cpg-score/explanation@1"


@frozen(kw_only=True)
class Explanation:
    """How one indicator's or objective's rate and points were computed.

    Attributes:
        id: The indicator or objective.
        kind: `indicator` or `objective`.
        label: Its label.
        context: Where it sits (`objective ald (axis acces-aux-droits)`).
        inputs: The figures used, as `(name, exact value)` pairs (value, numerator, denominator,
            exclusions, volume, baseline, weight...).
        rule: The rule as written in a grid file (None for a direct objective).
        steps: The arithmetic, one line per step.
        rate: The rate (None when neutralised), exact.
        points: Points earned (base plus bonus), exact.
        max: Points that could be earned (bonus aside), exact.
        bonus: Bonus points included in `points`, exact.
        neutralised: Why it was not scored, or None.
        parts: For an objective, its indicators' explanations.
        rounding: Decimals of points and rates shown.
    """

    id: str
    kind: str
    label: str
    context: str
    inputs: tuple[tuple[str, str], ...] = field(converter=to_tuple)
    rule: dict[str, Any] | None
    steps: tuple[str, ...] = field(converter=to_tuple)
    rate: Fraction | None
    points: Fraction
    max: Fraction
    bonus: Fraction = F0
    neutralised: str | None = None
    parts: tuple[Explanation, ...] = field(default=(), converter=to_tuple)
    card: Scorecard | None = field(default=None, eq=False, repr=False)

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
            "kind": self.kind,
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

    def to_text(self) -> str:
        """Deprecated: `cpg_score.render.render(explanation, "table", "en")` (or `"fr"`)."""
        warnings.warn(
            'Explanation.to_text is deprecated: use cpg_score.render.render(explanation, "table", "en")',
            DeprecationWarning,
            stacklevel=2,
        )
        # The deprecated path only: scoring never imports render otherwise.
        render = importlib.import_module("cpg_score.render").render
        return render(self, "table", "en")  # type: ignore[no-any-return]


def _show(value: Exact) -> str:
    """A number for the arithmetic lines: trailing zeros dropped, exact up to 6 decimals
    (rounded half up beyond, marked ~); never `-0`."""
    return formula_text(value if isinstance(value, Fraction) else Fraction(value))


def _inputs(result: ResultValue | None, indicator: Indicator | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if result is not None:
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
    steps: list[str] = []
    rule = bound_rule(indicator, result)
    with localcontext(EXACT):  # exact: the default context would round past 28 digits
        weights = sum((i.weight for i in objective.indicators), ZERO)
    if scored.neutralised:
        steps.append(f"not scored: {scored.reason}")
        steps.append(
            f"weight counted in objective {objective.id!r}: {scored.weight} (policy {card.policy.value})"
        )
    else:
        assert result is not None and result.exact is not None
        steps.append(rule.explain(result.exact))
        if scored.basis:
            steps.append(f"counted: {scored.basis}")
    steps.append(
        f"share of the objective's points = max x weight / counted weights = {_show(objective.max)} x "
        f"{scored.weight} / {weights} = {_show(scored.max)}"
    )
    if not scored.neutralised:
        capped = " (rate capped at 1 for the base)" if scored.rate > 1 else ""
        steps.append(
            f"points = share x rate = {_show(scored.max)} x {_show(min(scored.rate, F1))} = "
            f"{_show(scored.points)}{capped}"
        )
        if scored.bonus:
            steps.append(
                f"bonus = share x (rate - 1) = {_show(scored.bonus)} (after the objective's bonus ceiling "
                f"{objective.bonus_max})"
            )
    return Explanation(
        id=indicator.id,
        kind="indicator",
        label=indicator.label,
        context=f"objective {objective.id} (axis {objective.axis})",
        inputs=_inputs(result, indicator),
        rule=rule_to_data(indicator.rule),
        steps=steps,
        rate=None if scored.neutralised else scored.rate,
        points=scored.points + scored.bonus,
        max=scored.max,
        bonus=scored.bonus,
        neutralised=scored.reason if scored.neutralised else None,
        card=card,
    )


def _objective(
    card: Scorecard, objective: Objective, scored: ObjectiveScore, results: Results
) -> Explanation:
    steps: list[str] = [
        f"declared points: {objective.points}; max after the policy ({card.policy.value}): "
        f"{_show(scored.max)}"
    ]
    parts: list[Explanation] = []
    result = results.get(objective.id)
    if scored.neutralised:
        steps.append(f"not scored: {scored.reason}")
    elif objective.direct:
        assert result is not None and result.resolved is not None
        steps.append(f"rate = result (clamped to [0, 1]) = {_show(scored.rate)}")
        steps.append(
            f"points = max x rate = {_show(scored.max)} x {_show(scored.rate)} = {_show(scored.points)}"
        )
    else:
        counted = [i for i in scored.indicators if i.weight]
        terms = " + ".join(f"{i.weight} x {_show(min(i.rate, F1))}" for i in counted)
        with localcontext(EXACT):
            total = sum((i.weight for i in counted), ZERO)
        steps.append(f"rate = sum(weight x rate) / sum(weight) = ({terms}) / {total} = {_show(scored.rate)}")
        steps.append(
            f"base points = max x rate = {_show(scored.max)} x {_show(scored.rate)} = {_show(scored.base)}"
        )
        if scored.bonus_max:
            steps.append(
                f"bonus = min(sum of the indicators' excess, ceiling {objective.bonus}) = "
                f"{_show(scored.bonus)}"
            )
    for indicator, i_score in zip(objective.indicators, scored.indicators, strict=True):
        parts.append(_indicator(card, scored, indicator, i_score, results))
    return Explanation(
        id=objective.id,
        kind="objective",
        label=objective.label,
        context=f"axis {scored.axis}",
        inputs=_inputs(result, None)
        if objective.direct
        else [("indicators", ", ".join(i.id for i in objective.indicators))],
        rule=None,
        steps=steps,
        rate=None if scored.neutralised else scored.rate,
        points=scored.points,
        max=scored.max,
        bonus=scored.bonus,
        neutralised=scored.reason if scored.neutralised else None,
        parts=parts,
        card=card,
    )


def explain(grid: Grid, results: Results, item_id: str) -> Explanation:
    """Explain how one indicator's (or objective's) rate and points were computed.

    Args:
        grid: The grid.
        results: The entity's results.
        item_id: An indicator or objective id of the grid.

    Returns:
        The explanation: inputs, rule, arithmetic, rate and points (`to_text()`, `to_dict()`).

    Raises:
        TypeError: An argument of the wrong type (`grid` not a `Grid`...).
        CpgScoreError: No such id in the grid.
        ResultsError: The results do not fit the grid.

    Examples:
        >>> print(explain(grid, results, "invalidite-instruites-60j").to_text())  # doctest: +SKIP
    """
    expect("grid", grid, Grid, "a Grid (from load_grid)")
    expect("results", results, Results, "a Results (from load_results)")
    expect("item_id", item_id, str, "an indicator or objective id (a str)")
    _, objective, indicator = _find(grid, item_id)
    card = score(grid, results)
    o_score = card.objective(objective.id)
    if indicator is None:
        return _objective(card, objective, o_score, results)
    i_score = next(i for i in o_score.indicators if i.id == indicator.id)
    return _indicator(card, o_score, indicator, i_score, results)
