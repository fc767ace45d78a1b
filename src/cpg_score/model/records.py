"""Scorecards as records (plain dicts) and data frames, for analysts.

[`Scorecard.to_records`][cpg_score.Scorecard.to_records] gives one dict per row of the
scorecard, in the order the reports print it: each axis, then each of its objectives followed
by its indicators, the total last. Every record has the same keys, `SCORECARD_COLUMNS`:

| key | what |
|---|---|
| `entity` | the entity's id |
| `kind` | `axis`, `objective`, `indicator` or `total` |
| `id` | the item's id (`total` for the total) |
| `label` | the grid's label (the total: None, or its label in `lang` when given) |
| `axis` | the axis the row belongs to (None for the total) |
| `objective` | the objective the row belongs to (an objective: itself; None for an axis, the total) |
| `unit` | an indicator's unit (`share`, `count`, `days`, `euros`, `number`), else None |
| `value` | an indicator's result as scored (`Decimal`; None when neutralised or not an indicator) |
| `written` | an indicator's result as written when not a number (`oui`, a date), else None |
| `floor` | the floor an indicator was scored with (the entity's own when it counted), else None |
| `target` | the target (or threshold) it was scored with, else None |
| `rule` | an indicator's rule type, else None |
| `weight` | an indicator's weight as counted (`Decimal`), else None |
| `rate` | the achievement rate in [0, 1] (above 1 with a bonus cap), exact (`Fraction`) |
| `rate_percent` | the rate in percent as printed (`Decimal`, rounded half up); None when neutralised |
| `points` | points earned, exact |
| `max` | points that could be earned, exact |
| `bonus` | bonus points included in `points`, exact |
| `neutralised` | whether it was neutralised |
| `cause` | why, as a code (`given`, `indicators`, `volume`), when neutralised; else None |

With `lang` (`fr` or `en`), one more key, `reason`: why it was not scored, in words (None when
scored), and the total's `label` in words. The names are those of the JSON output
(`Scorecard.to_dict`), where `points`, `max` and `rate` are exact under `exact`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from cpg_score._args import describe, expect
from cpg_score._display import REASON, TOTAL, check_lang, frame, hook_text
from cpg_score.model.rules.registry import RuleBase
from cpg_score.model.scorecard import (
    AxisScore,
    IndicatorScore,
    ObjectiveScore,
    Reason,
    Scorecard,
)

__all__ = [
    "SCORECARD_COLUMNS",
    "cards_to_frame",
    "cards_to_records",
    "columns",
    "scorecard_records",
    "scored_bounds",
    "total_label",
]

#: The keys of every scorecard record, in column order (`reason` follows when a `lang` is given).
SCORECARD_COLUMNS = (
    "entity",
    "kind",
    "id",
    "label",
    "axis",
    "objective",
    "unit",
    "value",
    "written",
    "floor",
    "target",
    "rule",
    "weight",
    "rate",
    "rate_percent",
    "points",
    "max",
    "bonus",
    "neutralised",
    "cause",
)


#: The columns holding numbers (float64 in a frame unless exact, even when empty).
NUMERIC = frozenset({"value", "floor", "target", "weight", "rate", "rate_percent", "points", "max", "bonus"})


def _reason(why: Reason | None, lang: str) -> str | None:
    if why is None:
        return None
    worded = hook_text(REASON, why, lang)
    return str(why) if worded is None else worded


def total_label(card: Scorecard, lang: str | None) -> str | None:
    """The label of a card's total in `lang` (« Résultat régional »...), None without a language."""
    if lang is None:
        return None
    worded = hook_text(TOTAL, card, lang)
    return ("Résultat" if lang == "fr" else "Result") if worded is None else worded


class _Rows:
    """Builds the records of one card (the shared keys once, then each row's own)."""

    def __init__(self, card: Scorecard, lang: str | None) -> None:
        self.card = card
        self.lang = lang
        self.out: list[dict[str, Any]] = []

    def add(self, kind: str, rid: str, label: str | None, figures: dict[str, Any], **items: Any) -> None:
        record: dict[str, Any] = {
            "entity": self.card.entity.id,
            "kind": kind,
            "id": rid,
            "label": label,
            "axis": items.get("axis"),
            "objective": items.get("objective"),
            "unit": items.get("unit"),
            "value": items.get("value"),
            "written": items.get("written"),
            "floor": items.get("floor"),
            "target": items.get("target"),
            "rule": items.get("rule"),
            "weight": items.get("weight"),
            **figures,
            "neutralised": bool(items.get("neutralised", False)),
            "cause": None if items.get("why") is None else items["why"].cause.value,
        }
        if self.lang is not None:
            record["reason"] = _reason(items.get("why"), self.lang)
        self.out.append(record)

    def figures(
        self, rate: Any, points: Any, maximum: Any, bonus: Any, neutralised: bool = False
    ) -> dict[str, Any]:
        return {
            "rate": rate,
            "rate_percent": None if neutralised else self.card.percent(rate),
            "points": points,
            "max": maximum,
            "bonus": bonus,
        }

    def axis(self, a: AxisScore) -> None:
        self.add("axis", a.id, a.label, self.figures(a.rate, a.points, a.max, a.bonus), axis=a.id)

    def objective(self, a: AxisScore, o: ObjectiveScore) -> None:
        figures = self.figures(o.rate, o.points, o.max, o.bonus, o.neutralised)
        self.add(
            "objective",
            o.id,
            o.label,
            figures,
            axis=a.id,
            objective=o.id,
            neutralised=o.neutralised,
            why=o.why,
        )

    def indicator(self, a: AxisScore, i: IndicatorScore) -> None:
        figures = self.figures(i.rate, i.points, i.max, i.bonus, i.neutralised)
        grid = self.card.grid
        unit = None if grid is None else grid.unit_of(i.id)
        floor, target = scored_bounds(self.card, i)
        self.add(
            "indicator",
            i.id,
            i.label,
            figures,
            axis=a.id,
            objective=i.objective,
            unit=None if unit is None else unit.value,
            value=i.value,
            written=i.written or None,
            floor=floor,
            target=target,
            rule=i.rule or None,
            weight=Decimal(i.weight) if isinstance(i.weight, int) else i.weight,
            neutralised=i.neutralised,
            why=i.why,
        )


def scored_bounds(card: Scorecard, indicator: IndicatorScore) -> tuple[Decimal | None, Decimal | None]:
    """The floor and target an indicator was scored with: the entity's own when they counted,
    else its grid rule's; `(None, None)` for a rule without bounds (steps, rate...) or when the
    card does not carry its grid."""
    if indicator.bounds is not None:
        return indicator.bounds.used_floor, indicator.bounds.used_target
    grid = card.grid
    found = None if grid is None else grid.locate(indicator.id)
    rule = None if found is None or found[2] is None else found[2].rule
    bounds = rule.bounds() if isinstance(rule, RuleBase) else None
    return (None, None) if bounds is None else bounds


def scorecard_records(card: Scorecard, lang: str | None = None) -> list[dict[str, Any]]:
    """The records of one scorecard (see the module's table of keys).

    Raises:
        TypeError: `card` is not a Scorecard, or `lang` not a string.
        ValueError: `lang` is not `fr` or `en`.
    """
    expect("card", card, Scorecard, "a Scorecard (see score)")
    if lang is not None:
        check_lang(lang)
    rows = _Rows(card, lang)
    for a in card.axes:
        rows.axis(a)
        for o in a.objectives:
            rows.objective(a, o)
            for i in o.indicators:
                rows.indicator(a, i)
    total = card.total
    rows.add(
        "total",
        "total",
        total_label(card, lang),
        rows.figures(total.rate, total.points, total.max, total.bonus),
    )
    return rows.out


def _check_cards(cards: Sequence[Scorecard]) -> None:
    if isinstance(cards, (str, bytes, Scorecard)) or not isinstance(cards, Sequence):
        raise TypeError(f"cards must be a sequence of Scorecard, got {describe(cards)}")
    for index, card in enumerate(cards):
        expect(f"cards[{index}]", card, Scorecard, "a Scorecard (see score)")


def cards_to_records(cards: Sequence[Scorecard], *, lang: str | None = None) -> list[dict[str, Any]]:
    """The records of several scorecards, one after the other (as `compare` shows them side by side).

    Each record has the keys of [`Scorecard.to_records`][cpg_score.Scorecard.to_records]; its
    `entity` tells the cards apart, so a pivot gives the side-by-side table.

    Args:
        cards: The scorecards.
        lang: `fr` or `en` to add the words (`reason`, the total's label); None: figures only.

    Returns:
        One dict per row of each card, exact numbers (`Fraction`, `Decimal`).

    Raises:
        TypeError: `cards` is not a sequence of Scorecard.
        ValueError: `lang` is not `fr` or `en`.

    Examples:
        >>> records = cards_to_records([card_co, card_aq])  # doctest: +SKIP
        >>> [r["points"] for r in records if r["kind"] == "total"]  # doctest: +SKIP
        [Fraction(15529983, 20000), Fraction(1475443, 2000)]
    """
    _check_cards(cards)
    if lang is not None:
        check_lang(lang)
    return [record for card in cards for record in scorecard_records(card, lang)]


def columns(lang: str | None) -> tuple[str, ...]:
    """The columns of scorecard records: `SCORECARD_COLUMNS`, and `reason` with a language."""
    return SCORECARD_COLUMNS if lang is None else (*SCORECARD_COLUMNS, "reason")


def cards_to_frame(cards: Sequence[Scorecard], *, exact: bool = False, lang: str | None = None) -> Any:
    """The records of several scorecards as a `pandas.DataFrame` (the optional extra `pandas`).

    Args:
        cards: The scorecards.
        exact: Keep exact numbers (object columns of `Fraction` and `Decimal`); by default
            they are floats (float64 columns, NaN where missing) for analysis.
        lang: `fr` or `en` to add the words (`reason`, the total's label).

    Returns:
        A DataFrame with the columns `SCORECARD_COLUMNS` (and `reason` with `lang`).

    Raises:
        MissingExtraError: pandas is not installed (the `pandas` extra).
        TypeError: `cards` is not a sequence of Scorecard.

    Examples:
        >>> frame = cards_to_frame([card_co, card_aq])  # doctest: +SKIP
        >>> frame[frame["kind"] == "total"][["entity", "points"]]  # doctest: +SKIP
    """
    return frame(cards_to_records(cards, lang=lang), columns(lang), exact=exact, numeric=NUMERIC)
