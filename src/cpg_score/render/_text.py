"""Words and numbers of the reports, per language, and the row layout every format shares."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from attrs import frozen

from cpg_score._numbers import Exact, round_half_up
from cpg_score.errors import CpgScoreError
from cpg_score.model.scorecard import Neutralisation, Scorecard

#: The languages of headings and numbers.
LANGS = ("fr", "en")

NNBSP = "\u202f"
NBSP = "\u00a0"

TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "objective": "Objectif",
        "rate": "Taux",
        "points": "Points",
        "total": "Résultat régional",
        "pts": "pts",
        "neutralised": "Neutralisé",
        "policy": "Politique de neutralisation",
        "entity": "Entité",
        "level": "Niveau",
        "axis": "Axe",
        "id": "Id",
        "label": "Libellé",
        "max": "Max",
        "reason": "Motif",
        "rate_percent": "Taux (%)",
        "yes": "oui",
        "no": "non",
        "kind_total": "total",
        "kind_axis": "axe",
        "kind_objective": "objectif",
        "comparison": "Comparaison",
        "results": "Résultats",
        "charts": "Graphiques",
        "chart_points": "Points obtenus et points possibles par objectif",
        "chart_axes": "Taux de réussite par axe",
        "chart_histogram": "Distribution simulée du total",
        "earned": "Points obtenus",
        "available": "Points possibles",
        "simulations": "Simulations",
        "threshold": "Seuil",
        "frequency": "Tirages",
        "total_points": "Total (points)",
        "no_charts": (
            "Les graphiques demandent matplotlib : installez l'extra « report » "
            "(pip install 'cpg-score[report]')."
        ),
        "generated": "Rapport produit par cpg-score",
        "notes": "Neutralisations",
        "grid": "Grille",
        "period": "Période",
    },
    "en": {
        "objective": "Objective",
        "rate": "Rate",
        "points": "Points",
        "total": "Regional result",
        "pts": "pts",
        "neutralised": "Neutralised",
        "policy": "Neutralisation policy",
        "entity": "Entity",
        "level": "Level",
        "axis": "Axis",
        "id": "Id",
        "label": "Label",
        "max": "Max",
        "reason": "Reason",
        "rate_percent": "Rate (%)",
        "yes": "yes",
        "no": "no",
        "kind_total": "total",
        "kind_axis": "axis",
        "kind_objective": "objective",
        "comparison": "Comparison",
        "results": "Results",
        "charts": "Charts",
        "chart_points": "Points earned and available per objective",
        "chart_axes": "Achievement rate per axis",
        "chart_histogram": "Simulated distribution of the total",
        "earned": "Points earned",
        "available": "Points available",
        "simulations": "Simulations",
        "threshold": "Threshold",
        "frequency": "Draws",
        "total_points": "Total (points)",
        "no_charts": (
            "The charts need matplotlib: install the « report » extra (pip install 'cpg-score[report]')."
        ),
        "generated": "Report made by cpg-score",
        "notes": "Neutralisations",
        "grid": "Grid",
        "period": "Period",
    },
}

#: What a neutralisation did, per outcome code (see `Neutralisation.outcome`).
_EFFECTS = {
    "fr": {
        "zero": "il rapporte 0 point ; ses {amount} points restent dans le total",
        "exclude": "ses {amount} points sortent du total",
        "redistribute-axis": "ses {amount} points vont à {shares}",
        "redistribute-grid": "ses {amount} points vont aux objectifs évalués de la grille",
        "redistribute-none": "ses {amount} points sortent du total (aucun objectif évalué pour les recevoir)",
        "indicator-zero": "taux 0, son poids {amount} reste dans l'objectif « {objective} »",
        "indicator-leave": "son poids {amount} sort de la moyenne de l'objectif « {objective} »",
    },
    "en": {
        "zero": "earns 0; its {amount} points stay in the total",
        "exclude": "its {amount} points leave the total",
        "redistribute-axis": "its {amount} points go to {shares}",
        "redistribute-grid": "its {amount} points go to the scored objectives of the grid",
        "redistribute-none": "its {amount} points leave the total (no scored objective to take them)",
        "indicator-zero": "rate 0 with its weight {amount} kept in objective {objective!r}",
        "indicator-leave": "its weight {amount} leaves the mean of objective {objective!r}",
    },
}


def check_lang(lang: str) -> None:
    """Raise ValueError for a language reports do not know."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")


def format_number(value: Decimal, lang: str) -> str:
    """Write an already rounded number for people: `1 000,50` (fr) or `1,000.50` (en).

    French groups thousands with a narrow no-break space (U+202F) and uses a decimal comma.

    Examples:
        >>> format_number(Decimal("1000.50"), "fr")
        '1\\u202f000,50'
        >>> format_number(Decimal("1000.50"), "en")
        '1,000.50'
    """
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, decimals = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    separator, point = (NNBSP, ",") if lang == "fr" else (",", ".")
    out = separator.join(groups)
    return sign + out + (point + decimals if decimals else "")


def format_percent(value: Decimal, lang: str) -> str:
    """Write a rounded percent: `77,65 %` (fr, with a no-break space) or `77.65%` (en).

    Examples:
        >>> format_percent(Decimal("77.65"), "en")
        '77.65%'
    """
    return format_number(value, lang) + (NBSP + "%" if lang == "fr" else "%")


def max_text(card: Scorecard, value: Exact, lang: str) -> str:
    """A maximum as printed on the published page: `65`, `1 000` (whole), else rounded points."""
    rounded = card.points(value)
    if rounded == rounded.to_integral_value():
        return format_number(round_half_up(rounded, 0), lang)
    return format_number(rounded, lang)


def _amount(card: Scorecard, value: Exact | None, lang: str) -> str:
    if value is None:
        return "?"
    if value == int(value):
        return format_number(round_half_up(value, 0), lang)
    return format_number(card.points(value), lang)


def _label_of(card: Scorecard, item_id: str) -> str:
    found = card.item(item_id)
    return item_id if found is None else found.label


def effect_text(card: Scorecard, n: Neutralisation, lang: str) -> str:
    """What the policy did to a neutralised item, in `lang` (falls back on `n.effect`)."""
    template = _EFFECTS[lang].get(n.outcome)
    if template is None:
        return n.effect
    shares = ", ".join(
        f"{_label_of(card, taker)} (+{format_number(card.points(share), lang)})" for taker, share in n.shares
    )
    objective = _label_of(card, n.objective) if n.objective else ""
    return template.format(amount=_amount(card, n.amount, lang), shares=shares, objective=objective)


def note_text(card: Scorecard, n: Neutralisation, lang: str) -> str:
    """One line about a neutralisation: what, why, the policy and its effect."""
    t = TEXT[lang]
    colon = f"{NBSP}:" if lang == "fr" else ":"
    policy = f"« {n.policy.value} »" if lang == "fr" else f'"{n.policy.value}"'
    return (
        f"{t['neutralised']}{colon} {_label_of(card, n.id)} ({n.id}) — {n.reason}. "
        f"{t['policy']} {policy}{colon} {effect_text(card, n, lang)}."
    )


def title(card: Scorecard) -> str:
    """`entity — grid (period)`."""
    return f"{entity_name(card)} — {card.grid_label} ({card.period})"


def entity_name(card: Scorecard) -> str:
    """The entity's label, or its id."""
    return card.entity.label or card.entity.id


@frozen
class Cell:
    """One entity's figures on one row, as text for people."""

    rate: str
    points: str
    neutralised: bool = False


@frozen
class Row:
    """One row of a report: an axis heading, an objective, or the total; a cell per entity."""

    kind: str
    id: str
    label: str
    axis: str
    cells: tuple[Cell, ...]


def check_same_grid(cards: Sequence[Scorecard]) -> None:
    """Raise CpgScoreError unless every card was scored on the same grid, objectives alike."""
    if not cards:
        raise CpgScoreError("nothing to report: no scorecard given")
    first = cards[0]
    shape = [(a.id, tuple(o.id for o in a.objectives)) for a in first.axes]
    for card in cards[1:]:
        if (card.grid_id, card.period) != (first.grid_id, first.period) or shape != [
            (a.id, tuple(o.id for o in a.objectives)) for a in card.axes
        ]:
            raise CpgScoreError(
                f"cannot compare {card.entity.id} (grid {card.grid_id}, {card.period}) with "
                f"{first.entity.id} (grid {first.grid_id}, {first.period}): "
                "results compared side by side must be scored on the same grid"
            )


def rows(cards: Sequence[Scorecard], lang: str) -> list[Row]:
    """The rows of the « RÉSULTATS » page: each axis heading, its objectives, the total."""
    check_same_grid(cards)
    first = cards[0]
    out: list[Row] = []

    def pts(card: Scorecard, points: Exact, maximum: Exact) -> str:
        return f"{format_number(card.points(points), lang)} / {max_text(card, maximum, lang)}"

    for index, axis in enumerate(first.axes):
        out.append(
            Row(
                "axis",
                axis.id,
                axis.label,
                axis.id,
                tuple(
                    Cell(
                        format_percent(c.percent(c.axes[index].rate), lang),
                        pts(c, c.axes[index].points, c.axes[index].max),
                    )
                    for c in cards
                ),
            )
        )
        for o_index, objective in enumerate(axis.objectives):
            cells = []
            for c in cards:
                o = c.axes[index].objectives[o_index]
                rate = "-" if o.neutralised else format_percent(c.percent(o.rate), lang)
                cells.append(Cell(rate, pts(c, o.points, o.max), o.neutralised))
            out.append(Row("objective", objective.id, objective.label, axis.id, tuple(cells)))
    out.append(
        Row(
            "total",
            "total",
            TEXT[lang]["total"],
            "",
            tuple(
                Cell(format_percent(c.percent(c.total.rate), lang), pts(c, c.total.points, c.total.max))
                for c in cards
            ),
        )
    )
    return out
