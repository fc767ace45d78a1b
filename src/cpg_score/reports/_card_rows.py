"""The rows of a scorecard, indicator by indicator: the one row list of the table, Markdown, CSV
and HTML reports (and of the workbook and notebooks, which may import it).

Rows come in the order of the published « RÉSULTATS » page: each axis, its objectives, under each
objective its indicators (an objective scored directly has none), the total last. Each row has a
cell per entity with the figures as people read them (`95,10 %`, `12 jours`, `oui`) and the
rounded numbers a spreadsheet reads (`Decimal`).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from attrs import field, frozen

from cpg_score._convert import to_tuple
from cpg_score._numbers import Exact, round_half_up, to_fraction
from cpg_score._words import Words
from cpg_score.model.grid import Level, Unit
from cpg_score.model.records import scored_bounds
from cpg_score.model.scorecard import IndicatorScore, ObjectiveScore, Scorecard
from cpg_score.reports._text import (
    TEXT,
    check_same_grid,
    entity_name,
    format_number,
    format_percent,
    max_text,
    reason_text,
)

__all__ = [
    "COLUMN_WORDS",
    "TOTAL_LABELS",
    "CardCell",
    "CardRow",
    "CardRowKind",
    "card_rows",
    "columns",
    "has_indicators",
    "row_figures",
    "total_label",
    "unit_text",
]

#: The total's label per language and grid level (None: the grid does not say).
TOTAL_LABELS: dict[str, dict[Level | None, str]] = {
    "fr": {
        Level.NATIONAL: "Résultat national",
        Level.REGIONAL: "Résultat régional",
        Level.LOCAL: "Résultat de l'organisme",
        None: "Résultat",
    },
    "en": {
        Level.NATIONAL: "National result",
        Level.REGIONAL: "Regional result",
        Level.LOCAL: "Local result",
        None: "Result",
    },
}

#: An indicator's unit in words (the CSV's unit column).
_UNITS: dict[str, dict[Unit, str]] = {
    "fr": {
        Unit.SHARE: "part",
        Unit.COUNT: "nombre",
        Unit.DAYS: "jours",
        Unit.EUROS: "euros",
        Unit.NUMBER: "valeur",
    },
    "en": {unit: unit.value for unit in Unit},
}

_DAYS = {"fr": ("jour", "jours"), "en": ("day", "days")}


def total_label(card: Scorecard, lang: str) -> str:
    """The total's label, by the level of the grid scored on: « Résultat régional » for a
    DRSM, « Résultat de l'organisme » for a CPAM, « Résultat national », or « Résultat » when
    the grid gives no level.

    Examples:
        >>> total_label(card, "fr")  # doctest: +SKIP
        'Résultat régional'
    """
    grid = card.grid
    return TOTAL_LABELS[lang][None if grid is None else grid.level]


def unit_text(unit: Unit | None, lang: str) -> str:
    """An indicator's unit in words (`part`, `jours`...); "" for none."""
    return "" if unit is None else _UNITS[lang][unit]


class CardRowKind(Words):
    """What a row of a scorecard shows."""

    AXIS = "axis"
    OBJECTIVE = "objective"
    INDICATOR = "indicator"
    TOTAL = "total"


@frozen(kw_only=True)
class CardCell:
    """One entity's figures on one row.

    Attributes:
        result: The indicator's result as written or presented (`oui`, `2017-08-12`,
            `95,10 %`, `12 jours`, `1 250`); "-" when neutralised, "" on other rows.
        floor: The floor it was scored with, presented as the result is ("" when none).
        target: The target it was scored with ("" when none).
        rate: The rate in percent as text (`98,39 %`), "-" when neutralised.
        points: Points earned over the maximum as text (`64,50 / 65`).
        rate_percent: The rate in percent rounded for presentation (None when neutralised).
        points_value: The points rounded for presentation.
        max_value: The maximum rounded for presentation.
        value: The result as read (exact decimal; None when neutralised or not an indicator).
        written: The result as written when not a number (`oui`), else "".
        floor_value: The floor as a number (None when none).
        target_value: The target as a number (None when none).
        neutralised: Whether the item was not scored.
        reason: Why, in words ("" when scored).
    """

    result: str = ""
    floor: str = ""
    target: str = ""
    rate: str
    points: str
    rate_percent: Decimal | None
    points_value: Decimal
    max_value: Decimal
    value: Decimal | None = None
    written: str = ""
    floor_value: Decimal | None = None
    target_value: Decimal | None = None
    neutralised: bool = False
    reason: str = ""


@frozen(kw_only=True)
class CardRow:
    """One row of a scorecard report: an axis, an objective, an indicator or the total.

    Attributes:
        kind: What it shows.
        id: The axis, objective or indicator id (`total` for the total).
        label: Its label (the total's: see `total_label`).
        axis: The axis it belongs to ("" for the total).
        objective: The objective an indicator belongs to ("" on other rows).
        unit: An indicator's unit (None on other rows).
        cells: One per entity, in the cards' order.
    """

    kind: CardRowKind
    id: str
    label: str
    axis: str
    objective: str = ""
    unit: Unit | None = None
    cells: tuple[CardCell, ...] = field(default=(), converter=to_tuple)


def has_indicators(cards: Sequence[Scorecard]) -> bool:
    """Whether any objective of the cards is scored by indicators (then the reports show the
    result, floor and target columns)."""
    return any(o.indicators for o in cards[0].objectives)


def _plain(value: Decimal) -> Decimal:
    """A number as written: `80` rather than `80.00`, `0.5` rather than `0.50`."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def figure_text(value: Exact, unit: Unit | None, lang: str, places: int | None = None) -> str:
    """A result, floor or target as a pilot reads it: a share in percent (with `places`
    decimals, `95,10 %`, unless the share as written has more: `0,018 %`; without `places`, as
    written), days (`12 jours`), euros, a count or a number.

    Examples:
        >>> figure_text(Decimal("0.951"), Unit.SHARE, "fr", 2)
        '95,10\\xa0%'
        >>> figure_text(Decimal("12"), Unit.DAYS, "en")
        '12 days'
    """
    if unit is Unit.SHARE:
        percent = to_fraction(value) * 100
        if places is None:
            shown = _as_written(percent)
        else:
            # To the rates' decimals, unless a share as written has more (0,018 % stays 0,018 %);
            # a computed share (a consolidated one, 60 digits) is rounded.
            rounded = round_half_up(percent, places)
            written = round_half_up(percent, 4) == percent
            shown = _as_written(percent) if written and rounded != percent else rounded
        return format_percent(shown, lang)
    number = _as_written(to_fraction(value))
    text = format_number(number, lang)
    if unit is Unit.DAYS:
        one, many = _DAYS[lang]
        return f"{text} {one if abs(number) <= 1 else many}"
    if unit is Unit.EUROS:
        return f"{text}\u00a0€" if lang == "fr" else f"€{text}"
    return text


def _as_written(value: Exact) -> Decimal:
    """An exact number to at most 4 decimals, without trailing zeros."""
    rounded = round_half_up(value, 4)
    return _plain(rounded) if rounded else Decimal(0)


def _unit(card: Scorecard, item_id: str) -> Unit | None:
    grid = card.grid
    return None if grid is None else grid.unit_of(item_id)


def _points_text(card: Scorecard, points: Exact, maximum: Exact, lang: str) -> str:
    return f"{format_number(card.points(points), lang)} / {max_text(card, maximum, lang)}"


def _cell(card: Scorecard, rate: Exact, points: Exact, maximum: Exact, lang: str) -> CardCell:
    percent = card.percent(rate)
    return CardCell(
        rate=format_percent(percent, lang),
        points=_points_text(card, points, maximum, lang),
        rate_percent=percent,
        points_value=card.points(points),
        max_value=card.points(maximum),
    )


def _objective_cell(card: Scorecard, o: ObjectiveScore, lang: str) -> CardCell:
    percent = None if o.neutralised else card.percent(o.rate)
    return CardCell(
        rate="-" if percent is None else format_percent(percent, lang),
        points=_points_text(card, o.points, o.max, lang),
        rate_percent=percent,
        points_value=card.points(o.points),
        max_value=card.points(o.max),
        neutralised=o.neutralised,
        reason="" if o.why is None else reason_text(o.why, lang),
    )


def _indicator_cell(card: Scorecard, i: IndicatorScore, lang: str) -> CardCell:
    unit = _unit(card, i.id)
    floor, target = scored_bounds(card, i)
    if i.neutralised or i.value is None:
        result = "-"
    elif i.written:
        result = i.written
    else:
        result = figure_text(i.value, unit, lang, card.rounding.rate_percent)
    percent = None if i.neutralised else card.percent(i.rate)
    return CardCell(
        result=result,
        floor="" if floor is None else figure_text(floor, unit, lang),
        target="" if target is None else figure_text(target, unit, lang),
        rate="-" if percent is None else format_percent(percent, lang),
        points=_points_text(card, i.points, i.max, lang),
        rate_percent=percent,
        points_value=card.points(i.points),
        max_value=card.points(i.max),
        value=None if i.neutralised else i.value,
        written=i.written,
        floor_value=floor,
        target_value=target,
        neutralised=i.neutralised,
        reason="" if i.why is None else reason_text(i.why, lang),
    )


def card_rows(cards: Sequence[Scorecard], lang: str) -> list[CardRow]:
    """The rows of one scorecard, or of several on one grid side by side: each axis, its
    objectives, each objective's indicators, the total last.

    Raises:
        CpgScoreError: The cards were not scored on the same grid.
    """
    check_same_grid(cards)
    first = cards[0]
    out: list[CardRow] = []
    for a_index, axis in enumerate(first.axes):
        out.append(
            CardRow(
                kind=CardRowKind.AXIS,
                id=axis.id,
                label=axis.label,
                axis=axis.id,
                cells=[
                    _cell(c, c.axes[a_index].rate, c.axes[a_index].points, c.axes[a_index].max, lang)
                    for c in cards
                ],
            )
        )
        for o_index, objective in enumerate(axis.objectives):
            scores = [c.axes[a_index].objectives[o_index] for c in cards]
            out.append(
                CardRow(
                    kind=CardRowKind.OBJECTIVE,
                    id=objective.id,
                    label=objective.label,
                    axis=axis.id,
                    cells=[_objective_cell(c, o, lang) for c, o in zip(cards, scores, strict=True)],
                )
            )
            out.extend(_indicator_rows(cards, scores, axis.id, lang))
    out.append(
        CardRow(
            kind=CardRowKind.TOTAL,
            id="total",
            label=total_label(first, lang),
            axis="",
            cells=[_cell(c, c.total.rate, c.total.points, c.total.max, lang) for c in cards],
        )
    )
    return out


def _indicator_rows(
    cards: Sequence[Scorecard], scores: Sequence[ObjectiveScore], axis_id: str, lang: str
) -> list[CardRow]:
    """An objective's indicator rows (none for an objective scored directly)."""
    return [
        CardRow(
            kind=CardRowKind.INDICATOR,
            id=indicator.id,
            label=indicator.label,
            axis=axis_id,
            objective=scores[0].id,
            unit=_unit(cards[0], indicator.id),
            cells=[
                _indicator_cell(c, o.indicators[i_index], lang) for c, o in zip(cards, scores, strict=True)
            ],
        )
        for i_index, indicator in enumerate(scores[0].indicators)
    ]


#: The headers of the indicator columns.
COLUMN_WORDS: dict[str, dict[str, str]] = {
    "fr": {"result": "Résultat", "floor": "Seuil", "target": "Cible", "unit": "Unité"},
    "en": {"result": "Result", "floor": "Floor", "target": "Target", "unit": "Unit"},
}


def _shared(row: CardRow, part: str) -> str:
    """A floor or target of a row of several entities: theirs when alike, else `*` (their own
    bounds, said in the notes)."""
    values = {getattr(cell, part) for cell in row.cells}
    return values.pop() if len(values) == 1 else "*"


def columns(cards: Sequence[Scorecard], lang: str, detail: bool) -> tuple[list[str], list[str]]:
    """The figure columns' headers, and above them the entity each belongs to ("" when shared).

    One entity: result, floor, target, rate, points; several: floor and target (shared), then
    each entity's result, rate and points. Without indicators: the rate and points only.
    """
    t, w = TEXT[lang], COLUMN_WORDS[lang]
    if not detail:
        each = [t["rate"], t["points"]]
        owners = [entity_name(c) for c in cards for _ in each] if len(cards) > 1 else ["", ""]
        return each * len(cards), owners
    if len(cards) == 1:
        return [w["result"], w["floor"], w["target"], t["rate"], t["points"]], [""] * 5
    each = [w["result"], t["rate"], t["points"]]
    return [w["floor"], w["target"], *each * len(cards)], ["", ""] + [
        entity_name(c) for c in cards for _ in each
    ]


def row_figures(row: CardRow, n: int, detail: bool) -> list[str]:
    """A row's figure cells, in the order of `columns`."""
    if not detail:
        return [text for c in row.cells for text in (c.rate, c.points)]
    if n == 1:
        c = row.cells[0]
        return [c.result, c.floor, c.target, c.rate, c.points]
    shared = [_shared(row, "floor"), _shared(row, "target")]
    return shared + [text for c in row.cells for text in (c.result, c.rate, c.points)]
