"""Words and numbers of the reports, per language (the rows every format shares are in `_card_rows.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from cpg_score._numbers import Exact, number_text, round_half_up
from cpg_score.errors import CpgScoreError
from cpg_score.model.grid import ScaleKind
from cpg_score.model.rules import Basis
from cpg_score.model.scorecard import EFFECT_WORDS, Cause, Neutralisation, Reason, Scorecard
from cpg_score.simulate import PlanMethod, ProjectionMethod

#: The languages of headings and numbers.
LANGS = ("fr", "en")

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
        "refusal": "refus",
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
            "(python -m pip install '.[report]' dans un clone de cpg-score)."
        ),
        "generated": "Rapport produit par cpg-score",
        "notes": "Neutralisations",
        "grid": "Grille",
        "period": "Période",
        "scale_note": "Note",
        "scale_percent": "Résultat",
        "kind_scale": "échelle",
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
        "refusal": "refusal",
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
            "The charts need matplotlib: install the « report » extra "
            "(python -m pip install '.[report]' in a clone of cpg-score)."
        ),
        "generated": "Report made by cpg-score",
        "notes": "Neutralisations",
        "grid": "Grid",
        "period": "Period",
        "scale_note": "Note",
        "scale_percent": "Result",
        "kind_scale": "scale",
    },
}

#: Why something was not scored, in French, per cause (English: `str(Reason)`; a `GIVEN`
#: reason is the grid's or results' own words).
_REASONS_FR = {
    Cause.INDICATORS: "tous ses indicateurs sont neutralisés",
    Cause.VOLUME: (
        "volume {volume} sous le volume minimal {minimum} (min_volume de l'indicateur « {indicator} »)"
    ),
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
    "en": EFFECT_WORDS,
}


#: Which part of a rule decided an indicator's rate, per language (English: the JSON words).
BASIS_WORDS: dict[str, dict[Basis, str]] = {
    "fr": {
        Basis.ACHIEVEMENT: "atteinte",
        Basis.IMPROVEMENT: "progression",
        Basis.LEVEL_AND_PROGRESS: "niveau et progression",
    },
    "en": {basis: basis.value for basis in Basis},
}


def basis_text(basis: Basis, lang: str) -> str:
    """Which part of a rule decided an indicator's rate, in `lang`."""
    return BASIS_WORDS[lang][basis]


#: How a plan was found, per language ({combinations}: the combinations of regions tried);
#: the English words are those of its JSON (`PlanMethod.words`), but for the greedy method,
#: worded for pilots here (its JSON keeps "greedy fractional knapsack...").
PLAN_METHOD_WORDS: dict[str, dict[PlanMethod, str]] = {
    "fr": {
        PlanMethod.REACHED: "la cible est déjà atteinte",
        PlanMethod.GREEDY: "les gains les plus rentables d'abord, rendement décroissant (optimum exact)",
        PlanMethod.EXHAUSTIVE: "recherche exhaustive sur {combinations} combinaisons de paliers et de "
        "seuils, chacune résolue exactement",
        PlanMethod.LOCAL: "recherche locale sur {combinations} combinaisons de paliers et de seuils\u00a0: "
        "optimum non prouvé",
    },
    "en": {
        PlanMethod.REACHED: "the target is already reached",
        PlanMethod.GREEDY: "most profitable gains first, with diminishing returns (exact optimum)",
        PlanMethod.EXHAUSTIVE: "exhaustive search over {combinations} combinations of steps/floors, "
        "each solved exactly",
        PlanMethod.LOCAL: "local search over {combinations} combinations of steps/floors: not proven optimal",
    },
}

#: How a lever was projected, per language (English: the method's value, as in JSON).
PROJECTION_METHOD_WORDS: dict[str, dict[ProjectionMethod, str]] = {
    "fr": {
        ProjectionMethod.FRACTION: "numérateur et dénominateur à leur rythme linéaire",
        ProjectionMethod.SEASONAL: "profil saisonnier de l'année précédente",
        ProjectionMethod.LINEAR: "rythme linéaire",
        ProjectionMethod.RATE_AND_CHANGE: "taux à date + évolution de l'année précédente jusqu'à décembre",
        ProjectionMethod.RATE: "taux à date prolongé jusqu'à la fin de l'année",
    },
    "en": {method: method.value for method in ProjectionMethod},
}


def plan_method_text(method: PlanMethod, combinations: int, lang: str) -> str:
    """How a plan was found, in `lang`, with the number of combinations of regions tried."""
    return PLAN_METHOD_WORDS[lang][method].format(combinations=combinations)


def projection_method_text(method: ProjectionMethod, lang: str) -> str:
    """How a lever was projected, in `lang`."""
    return PROJECTION_METHOD_WORDS[lang][method]


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
    return number_text(value, None, lang=lang, grouped=True)


def format_percent(value: Decimal, lang: str) -> str:
    """Write a rounded percent: `77,65 %` (fr, with a no-break space) or `77.65%` (en).

    Examples:
        >>> format_percent(Decimal("77.65"), "en")
        '77.65%'
    """
    return number_text(value, None, lang=lang, grouped=True, percent=True)


def max_text(card: Scorecard, value: Exact, lang: str) -> str:
    """A maximum as printed on the published page: `65`, `1 000` (whole), else rounded points."""
    rounded = card.points(value)
    if rounded == rounded.to_integral_value():
        return format_number(round_half_up(rounded, 0), lang)
    return format_number(rounded, lang)


def scale_text(card: Scorecard, lang: str) -> str | None:
    """The total on the grid's scale, for people: `Note : 3,42 / 5` (a note out of 5),
    `Résultat : 76,67 %` (a percent scale); None on the default points scale (the total row
    already says it).

    Examples:
        >>> scale_text(card, "fr")  # doctest: +SKIP
        'Note\u00a0: 3,42 / 5'
    """
    kind = card.scale.kind
    if kind is ScaleKind.POINTS:
        return None
    colon = f"{NBSP}:" if lang == "fr" else ":"
    value = card.scaled(card.on_scale)
    if kind is ScaleKind.PERCENT:
        return f"{TEXT[lang]['scale_percent']}{colon} {format_percent(value, lang)}"
    out_of = max_text(card, card.scale.out_of, lang)
    return f"{TEXT[lang]['scale_note']}{colon} {format_number(value, lang)} / {out_of}"


def scale_lines(cards: Sequence[Scorecard], lang: str) -> list[str]:
    """`scale_text` of each card that has one, named by its entity when there are several."""
    prefix = len(cards) > 1
    return [
        (f"{entity_name(card)} — " if prefix else "") + text
        for card in cards
        if (text := scale_text(card, lang)) is not None
    ]


def _amount(card: Scorecard, value: Exact | None, lang: str) -> str:
    if value is None:
        return "?"
    if value == int(value):
        return format_number(round_half_up(value, 0), lang)
    return format_number(card.points(value), lang)


def _label_of(card: Scorecard, item_id: str) -> str:
    found = card.item(item_id)
    return item_id if found is None else found.label


def reason_text(why: Reason, lang: str) -> str:
    """Why something was not scored, in `lang` (the grid's or results' own words as given)."""
    template = _REASONS_FR.get(why.cause) if lang == "fr" else None
    if template is None:
        return str(why)
    volume, minimum = (
        "" if v is None else number_text(v, None, lang=lang) for v in (why.volume, why.minimum)
    )
    return template.format(volume=volume, minimum=minimum, indicator=why.indicator)


def effect_text(card: Scorecard, n: Neutralisation, lang: str) -> str:
    """What the policy did to a neutralised item, in `lang`."""
    template = _EFFECTS[lang][n.outcome.value]
    shares = ", ".join(
        f"{_label_of(card, taker)} (+{format_number(card.points(share), lang)})" for taker, share in n.shares
    )
    objective = _label_of(card, n.objective) if n.objective else ""
    return template.format(amount=_amount(card, n.amount, lang), shares=shares, objective=objective)


#: A neutralisation policy's name, per language.
POLICY_WORDS = {
    "fr": {"zero": "zéro", "exclude": "exclusion", "redistribute": "redistribution"},
    "en": {"zero": "zero", "exclude": "exclude", "redistribute": "redistribute"},
}


def note_text(card: Scorecard, n: Neutralisation, lang: str) -> str:
    """One line about a neutralisation: what, why, the policy and its effect."""
    t = TEXT[lang]
    colon = f"{NBSP}:" if lang == "fr" else ":"
    word = POLICY_WORDS[lang][n.policy.value]
    policy = f"« {word} »" if lang == "fr" else f'"{word}"'
    return (
        f"{t['neutralised']}{colon} {_label_of(card, n.id)} ({n.id}) — {reason_text(n.why, lang)}. "
        f"{t['policy']} {policy}{colon} {effect_text(card, n, lang)}."
    )


#: The words of an entity's own bounds and points, per language.
_ENTITY_WORDS = {
    "fr": {
        "variant": "Points de la variante « {variant} » de la grille",
        "floor": "seuil de l'entité {own} (grille\u00a0: {grid})",
        "target": "cible de l'entité {own} (grille\u00a0: {grid})",
        "override": "bornes de l'entité retenues",
        "entity": "la plus favorable\u00a0: celles de l'entité ({own} contre {other})",
        "grid": "la plus favorable\u00a0: celles de la grille ({own} contre {other})",
        "line": "{label}\u00a0: {parts}\u00a0; {choice}",
    },
    "en": {
        "variant": "Points of the grid's variant '{variant}'",
        "floor": "the entity's floor {own} (grid: {grid})",
        "target": "the entity's target {own} (grid: {grid})",
        "override": "the entity's bounds used",
        "entity": "most favourable: the entity's ({own} against {other})",
        "grid": "most favourable: the grid's ({own} against {other})",
        "line": "{label}: {parts}; {choice}",
    },
}


def bound_text(value: Decimal | None, share: bool, lang: str) -> str:
    """A floor, a target or a threshold as a pilot reads it: a share as a percent (`80 %`,
    `92,5 %`), else the number as written (`1 000`); `-` for none.

    Examples:
        >>> bound_text(Decimal("0.80"), True, "fr")
        '80\xa0%'
    """
    if value is None:
        return "-"
    shown = value * 100 if share else value
    # As written, without the trailing zeros of a product (0.80 x 100 = 80.00 shows 80).
    shown = shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown.normalize()
    return number_text(shown, None, lang=lang, grouped=True, percent=share)


def entity_notes(card: Scorecard, lang: str) -> list[str]:
    """The points variant scored with, and each indicator scored with the entity's own floor or
    target (where it differs from the grid's): the bounds and, under `most-favourable`, which
    counted."""
    words = _ENTITY_WORDS[lang]
    notes = [words["variant"].format(variant=card.variant)] if card.variant is not None else []
    for indicator in card.indicators:
        b = indicator.bounds
        if b is None:
            continue
        parts = [
            words[name].format(own=bound_text(own, b.share, lang), grid=bound_text(grid, b.share, lang))
            for name, own, grid in (("floor", b.floor, b.grid_floor), ("target", b.target, b.grid_target))
            if own is not None and own != grid
        ]
        if not parts:
            continue
        if b.grid_rate is None:
            choice = words["override"]
        else:
            own, other = (b.rate, b.grid_rate) if b.entity_counts else (b.grid_rate, b.rate)
            choice = words["entity" if b.entity_counts else "grid"].format(
                own=format_percent(card.percent(own), lang), other=format_percent(card.percent(other), lang)
            )
        notes.append(words["line"].format(label=indicator.label, parts=", ".join(parts), choice=choice))
    return notes


def title(card: Scorecard) -> str:
    """`entity — grid (period)`."""
    return f"{entity_name(card)} — {card.grid_label} ({card.period})"


def entity_name(card: Scorecard) -> str:
    """The entity's label, or its id."""
    return card.entity.label or card.entity.id


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


#: The words of the simulation tables, check reports and explanations (English: as printed
#: since they were first written).
_RESULTS: dict[str, dict[str, str]] = {
    "en": {
        "s_id": "id",
        "s_label": "Label",
        "s_base": "Base",
        "s_delta": "Change",
        "s_total_row": "Total",
        "s_whatif": "What-if: {entity} on {grid}",
        "s_indicator": "Indicator",
        "s_rule": "Rule",
        "s_value": "Value",
        "s_points": "Points",
        "s_per_unit": "Points per unit",
        "s_per_point": "Points per rate point",
        "s_next": "Next step",
        "s_needed": "To gain",
        "s_gain": "Points there",
        "s_headroom": "Headroom",
        "s_sensitivity": "Sensitivity: {entity} on {grid} (total {total})",
        "s_sensitivity_note1": (
            "Points per rate point: the points one more point of rate brings at the current value "
            "(for a count or days: per unit). Best first."
        ),
        "s_sensitivity_note2": (
            "Next step, to gain, points there: the rule's next threshold, the improvement to reach it "
            "and the points then. Headroom: the points still to earn on the indicator."
        ),
        "s_before": "Before",
        "s_after": "After",
        "s_improvement": "Improvement",
        "s_cost": "Cost",
        "s_reached": "reached: {start} -> {total} (target {target})",
        "s_not_reached": (
            "NOT reachable: the best plan within the bounds gets {best} (target {target}, short by {short})"
        ),
        "s_plan_cost": "cost: {cost}; method: {method}; {proof}",
        "s_proven": "proven optimal",
        "s_not_proven": "NOT proven optimal",
        "s_plan": "Plan to {target}: {entity} on {grid}",
        "s_objective": "Objective",
        "s_mean": "Mean",
        "s_sd": "Std dev",
        "s_median": "Median",
        "s_min": "Min",
        "s_max": "Max",
        "s_probability": "Probability of reaching {threshold} points: {percent}",
        "s_run": "{draws} draws, seed {seed}, backend {backend}; current total {start}",
        "s_error": "percentiles within ±{error} (a histogram of {bins} bins beyond {exact} draws)",
        "s_montecarlo": "Monte Carlo: {entity} on {grid}",
        "s_profit_sharing_per_fte": "Profit-sharing per FTE",
        "s_months": "Months",
        "s_to_date": "To date",
        "s_year_end": "Year end",
        "s_low": "Low",
        "s_high": "High",
        "s_method": "Method",
        "s_projected": "projected total: {central} ({level} interval: {worse} to {better})",
        "s_projection": "Year-end projection: {entity} on {grid}",
        "s_item": "Item",
        "p_points": "points earned / theoretical",
        "p_local_rate": "local success rate",
        "p_trigger": "local trigger",
        "p_local_applied": "local rate applied (TRL)",
        "p_national": "national success rate",
        "p_national_trigger": "national trigger",
        "p_national_applied": "national rate applied (TRN)",
        "p_pays_above": "(at or below: 0)",
        "p_pays_at": "(below: 0)",
        "p_theme": "theme",
        "p_notes": "notes national / local",
        "p_salary_bill": "salary bill × masse rate",
        "p_masse": "masse (envelope)",
        "p_split": "split national / local",
        "p_masses": "masse national / local",
        "p_fte": "eligible FTE (branch)",
        "p_fte_unit": "FTE",
        "p_maximum": "maximum per FTE",
        "p_pini_pili": "PINI / PILI (maxima per FTE)",
        "p_amounts": "PINI × TRN / PILI × TRL",
        "p_rate": "combined rate",
        "p_per_fte": "amount per FTE (MTID)",
        "p_paid": "amount paid",
        "p_individual": "individual (time × presence)",
        "p_undefined": "undefined",
        "p_no_points": (
            "The grid gives no points (theoretical points 0): the local success rate is undefined "
            "and the local part pays nothing."
        ),
        "p_title": "Profit-sharing: {entity}",
        "p_title_branches": "Profit-sharing, weighted mean of branches: {entity}",
        "p_branch": "branch",
        "p_mean": "weighted mean",
        "p_col_trn": "national rate",
        "p_col_mnid": "national",
        "p_col_trl": "local rate",
        "p_col_mlid": "local",
        "p_col_mtid": "total",
    },
    "fr": {
        "s_id": "id",
        "s_label": "Libellé",
        "s_base": "Base",
        "s_delta": "Écart",
        "s_total_row": "Total",
        "s_whatif": "Simulation\u00a0: {entity} sur {grid}",
        "s_indicator": "Indicateur",
        "s_rule": "Règle",
        "s_value": "Valeur",
        "s_points": "Points",
        "s_per_unit": "Gain de points par unité",
        "s_per_point": "Gain de points par point de taux",
        "s_next": "Prochain palier",
        "s_needed": "À gagner",
        "s_gain": "Points au palier",
        "s_headroom": "Marge",
        "s_sensitivity": "Sensibilité\u00a0: {entity} sur {grid} (total {total})",
        "s_sensitivity_note1": (
            "Gain de points par point de taux\u00a0: les points qu'apporte un point de taux de plus à la "
            "valeur actuelle (pour un nombre ou des jours\u00a0: par unité). Les plus rentables d'abord."
        ),
        "s_sensitivity_note2": (
            "Prochain palier, à gagner, points au palier\u00a0: le seuil suivant de la règle, "
            "l'amélioration pour l'atteindre et les points alors. Marge\u00a0: les points encore à gagner "
            "sur l'indicateur."
        ),
        "s_before": "Avant",
        "s_after": "Après",
        "s_improvement": "Amélioration",
        "s_cost": "Coût",
        "s_reached": "atteint\u00a0: {start} -> {total} (cible {target})",
        "s_not_reached": (
            "NON atteignable\u00a0: le meilleur plan dans les bornes obtient {best} "
            "(cible {target}, manque {short})"
        ),
        "s_plan_cost": "coût\u00a0: {cost}\u00a0; méthode\u00a0: {method}\u00a0; {proof}",
        "s_proven": "optimum prouvé",
        "s_not_proven": "optimum NON prouvé",
        "s_plan": "Plan vers {target}\u00a0: {entity} sur {grid}",
        "s_objective": "Objectif",
        "s_mean": "Moyenne",
        "s_sd": "Écart-type",
        "s_median": "Médiane",
        "s_min": "Min",
        "s_max": "Max",
        "s_probability": "Probabilité d'atteindre {threshold} points\u00a0: {percent}",
        "s_run": "{draws} tirages, graine {seed}, moteur {backend}\u00a0; total actuel {start}",
        "s_error": "centiles à ±{error} près (un histogramme de {bins} classes au-delà de {exact} tirages)",
        "s_montecarlo": "Monte-Carlo\u00a0: {entity} sur {grid}",
        "s_profit_sharing_per_fte": "Intéressement par ETP",
        "s_months": "Mois",
        "s_to_date": "À date",
        "s_year_end": "Fin d'année",
        "s_low": "Bas",
        "s_high": "Haut",
        "s_method": "Méthode",
        "s_projected": "total projeté\u00a0: {central} (intervalle à {level}\u00a0: {worse} à {better})",
        "s_projection": "Projection de fin d'année\u00a0: {entity} sur {grid}",
        "s_item": "Élément",
        "p_points": "points acquis / points théoriques",
        "p_local_rate": "taux de réussite local",
        "p_trigger": "seuil de déclenchement local",
        "p_local_applied": "taux local appliqué (TRL)",
        "p_national": "taux de réussite national",
        "p_national_trigger": "seuil de déclenchement national",
        "p_national_applied": "taux national appliqué (TRN)",
        "p_pays_above": "(à ou sous\u00a0: 0)",
        "p_pays_at": "(sous\u00a0: 0)",
        "p_theme": "thème",
        "p_notes": "notes nationale / locale",
        "p_salary_bill": "masse salariale × taux",
        "p_masse": "masse d'intéressement",
        "p_split": "répartition nationale / locale",
        "p_masses": "masse nationale / locale",
        "p_fte": "ETP éligibles (branche)",
        "p_fte_unit": "ETP",
        "p_maximum": "montant maximal par ETP",
        "p_pini_pili": "PINI / PILI (maxima par ETP)",
        "p_amounts": "PINI × TRN / PILI × TRL",
        "p_rate": "taux combiné",
        "p_per_fte": "montant par ETP (MTID)",
        "p_paid": "montant versé",
        "p_individual": "individuel (temps × présence)",
        "p_undefined": "non défini",
        "p_no_points": (
            "La grille ne donne aucun point (points théoriques 0)\u00a0: le taux de réussite local n'est pas "
            "défini et la part locale ne verse rien."
        ),
        "p_title": "Intéressement\u00a0: {entity}",
        "p_title_branches": "Intéressement, moyenne pondérée des branches\u00a0: {entity}",
        "p_branch": "branche",
        "p_mean": "moyenne pondérée",
        "p_col_trn": "taux national",
        "p_col_mnid": "national",
        "p_col_trl": "taux local",
        "p_col_mlid": "local",
        "p_col_mtid": "total",
    },
}
for _lang, _words in _RESULTS.items():
    TEXT[_lang].update(_words)


def sim_percent(text: str, lang: str) -> str:
    """A percent in a simulation table: `57.39 %` (en), `57,39 %` (fr, no-break space)."""
    return text + (NBSP + "%" if lang == "fr" else " %")


#: A rule's type in words for people, per language (a type not listed shows as it is).
RULE_WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "linear": "linéaire",
        "steps": "paliers",
        "binary": "oui/non",
        "bands": "tranches",
        "rate": "taux",
        "improvement": "progression",
        "blend": "niveau et progression",
        "piecewise": "par morceaux",
        "relative": "relative",
        "delay": "délai",
        "count": "décompte",
    },
    "en": {
        "linear": "linear",
        "steps": "steps",
        "binary": "yes/no",
        "bands": "bands",
        "rate": "rate",
        "improvement": "improvement",
        "blend": "level and progress",
        "piecewise": "piecewise",
        "relative": "relative",
        "delay": "delay",
        "count": "count",
    },
}


def rule_word(rule_type: str, lang: str) -> str:
    """A rule's type in words for people (`linear`: « linéaire »)."""
    return RULE_WORDS[lang].get(rule_type, rule_type)
