"""The input template of a grid: the workbook (or CSV) a pilot fills with an entity's results.

One row per scored item (an indicator, or an objective scored directly), in grid order, with its
axis, id, label, unit in words, floor and target as a pilot reads them (percent for shares; for a
rule without a floor or a target, a short description of the rule), points, and the empty
`Résultat` column. The meta block above the header row names the grid, the period and the entity;
`load_results_table` reads the filled template back (see the layouts of `cpg_score.io`).

The xlsx (XlsxWriter, the optional extra `report`) adds data validation on the input column per
unit and rule (a share between 0 and 100 %, a count >= 0, `oui`/`non`, a date for a delay rule;
`-` always allowed: neutralised) with an input message, a `Notes` sheet (the grid, its policy and
each rule in words), page setup and frozen header rows. Every text from the grid is written as a
string cell: it never becomes a formula.
"""

from __future__ import annotations

import csv
import datetime
import enum
import io
import os
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from attrs import frozen

from cpg_score._args import expect
from cpg_score._numbers import ZERO, Exact, number_text, round_half_up
from cpg_score._safe_text import ID, SHEET_FORBIDDEN, csv_cell, xlsx_text
from cpg_score.errors import column_letters
from cpg_score.model.grid import Axis, Entity, Grid, Indicator, Objective, Policy, Unit
from cpg_score.model.rules import (
    BandsRule,
    BaselineChange,
    BinaryRule,
    BlendRule,
    ChangeBy,
    CountRule,
    DelayRule,
    Direction,
    Edge,
    ImprovementRule,
    RateRule,
    ScoringRule,
    ShareOfTarget,
    StepsRule,
    needs_baseline,
)
from cpg_score.model.rules.registry import RuleBase, kind_of, rule_text, rule_to_data
from cpg_score.reports._charts import optional
from cpg_score.reports._text import bound_text, check_lang

__all__ = [
    "TEMPLATE_FORMATS",
    "render_template",
    "rule_words",
    "template_csv",
    "template_rows",
    "template_xlsx",
]

#: The formats of a template.
TEMPLATE_FORMATS = ("xlsx", "csv")


class InputKind(enum.Enum):
    """What the result cell of a row takes (its data validation)."""

    SHARE = "share"
    NON_NEGATIVE = "non-negative"
    NUMBER = "number"
    YES_NO = "yes-no"
    DATE = "date"
    COUNT = "count"


#: The words of the template, per language (header words are those `load_results_table` reads).
WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "axis": "Axe",
        "id": "Id",
        "label": "Libellé",
        "unit": "Unité",
        "floor": "Seuil",
        "target": "Cible",
        "points": "Points",
        "result": "Résultat",
        "baseline": "Référence",
        "comment": "Commentaire",
        "grid": "Grille",
        "period": "Période",
        "entity": "Entité",
        "entity_label": "Libellé",
        "sheet": "Résultats",
        "notes": "Notes",
        "u_share": "part (%)",
        "u_count": "nombre",
        "u_days": "jours",
        "u_euros": "euros",
        "u_number": "nombre",
        "u_yes_no": "oui/non",
        "u_date": "date",
        "yes": "oui",
        "no": "non",
        "none": "—",
        "title_input": "Résultat",
        "m_share": "Une part entre 0 et 100 % : saisir 95,5 % (ou 0,955).",
        "m_non_negative": "Un nombre positif ou nul ({unit}).",
        "m_number": "Un nombre ({unit}).",
        "m_yes_no": "oui ou non.",
        "m_date": "La date de réalisation (jj/mm/aaaa).",
        "m_count": "Le score pondéré (nombre positif ou nul){refusal}.",
        "m_refusal": " ou « refus »",
        "m_tail": " « - » : neutralisé ; vide : non renseigné.",
        "m_baseline": "La référence de l'entité (son résultat de l'année de référence), dans l'unité.",
        "error_title": "Valeur refusée",
        "error": "Cette valeur ne convient pas à la règle de l'indicateur : voir le message de saisie.",
        "rate_is_result": "taux = résultat",
        "steps": "paliers",
        "bands": "tranches",
        "improvement": "atteinte ou progression depuis la référence",
        "blend": "niveau {level} + progression {progress}",
        "count": "score pondéré ({weights})",
        "refusal": "refus = 0",
        "delay": "{step} par mois de retard ({months}), à partir du {due}",
        "m_started": "mois commencé",
        "m_whole": "mois complet",
        "m_prorata": "au prorata",
        "below": "en dessous",
        "above": "au-dessus",
        "otherwise": "sinon",
        "variant": "Variante",
        "m_variant": (
            "Les points propres de l'entité, s'ils diffèrent de ceux de la grille : {variants}. "
            "Vide : la variante dont l'id est celui de l'entité, sinon les points de la grille."
        ),
        "m_bound": (
            "{what} de la grille. Un autre nombre saisi ici est {own} de l'entité : "
            "il remplace celui de la grille pour le calcul."
        ),
        "m_floor_what": "Le seuil",
        "m_target_what": "La cible",
        "m_floor_own": "le seuil propre",
        "m_target_own": "la cible propre",
        "baseline_word": "référence",
        "of_target": "{share} de la cible",
        "pct_points": "{n} points",
        "lower": "plus bas = mieux",
        "cap": "plafond {cap}",
        "n_title": "Notes de la grille",
        "n_grid": "Grille",
        "n_period": "Période",
        "n_description": "Description",
        "n_policy": "Neutralisation",
        "n_rounding": "Arrondis",
        "n_rounding_text": "points à {points} décimale(s), taux à {rate} décimale(s) du pourcentage",
        "n_fill": "Saisie",
        "n_fill_text": (
            "Saisir chaque résultat dans la colonne « Résultat » de la feuille « {sheet} » : "
            "une part en % (95,5 %), un nombre, oui/non, une date. « - » : neutralisé ; "
            "cellule vide : non renseigné. Les colonnes « Seuil » et « Cible » donnent ceux de la "
            "grille : un autre nombre saisi dans l'une d'elles est le seuil ou la cible propre de "
            "l'entité (il remplace celui de la grille, comme floor/target dans un fichier YAML). "
            "Puis : cpg-score score GRILLE FICHIER."
        ),
        "n_variants": "Variantes de points",
        "n_variants_text": "à choisir dans la cellule « Variante » de la feuille « {sheet} »",
        "n_rules": "Règles des indicateurs",
        "n_objective": "Objectif",
        "n_rule": "Règle",
        "n_rule_data": "Règle (grille)",
        "n_neutralised": "Neutralisé dans la grille",
        "policy_zero": "un élément neutralisé rapporte 0 point ; ses points restent dans le total",
        "policy_exclude": "les points d'un élément neutralisé sortent du total",
        "policy_redistribute": (
            "les points d'un élément neutralisé vont aux autres éléments évalués, au prorata de leurs points"
        ),
        "policy_head": "« {policy} » :",
    },
    "en": {
        "axis": "Axis",
        "id": "Id",
        "label": "Label",
        "unit": "Unit",
        "floor": "Floor",
        "target": "Target",
        "points": "Points",
        "result": "Result",
        "baseline": "Baseline",
        "comment": "Comment",
        "grid": "Grid",
        "period": "Period",
        "entity": "Entity",
        "entity_label": "Label",
        "sheet": "Results",
        "notes": "Notes",
        "u_share": "share (%)",
        "u_count": "count",
        "u_days": "days",
        "u_euros": "euros",
        "u_number": "number",
        "u_yes_no": "yes/no",
        "u_date": "date",
        "yes": "yes",
        "no": "no",
        "none": "—",
        "title_input": "Result",
        "m_share": "A share between 0 and 100 %: type 95.5 % (or 0.955).",
        "m_non_negative": "A number, zero or more ({unit}).",
        "m_number": "A number ({unit}).",
        "m_yes_no": "yes or no.",
        "m_date": "The delivery date (yyyy-mm-dd).",
        "m_count": "The weighted score (zero or more){refusal}.",
        "m_refusal": " or « refus » (refusal)",
        "m_tail": " '-': neutralised; empty: not given.",
        "m_baseline": "The entity's baseline (its result of the reference year), in the unit.",
        "error_title": "Value refused",
        "error": "This value does not suit the indicator's rule: see the input message.",
        "rate_is_result": "rate = result",
        "steps": "steps",
        "bands": "bands",
        "improvement": "achievement or improvement from the baseline",
        "blend": "level {level} + progress {progress}",
        "count": "weighted score ({weights})",
        "refusal": "refusal = 0",
        "delay": "{step} per month late ({months}), from {due}",
        "m_started": "month begun",
        "m_whole": "whole month",
        "m_prorata": "pro rata",
        "below": "below",
        "above": "above",
        "otherwise": "otherwise",
        "variant": "Variant",
        "m_variant": (
            "The entity's own points, when they differ from the grid's: {variants}. "
            "Empty: the variant whose id is the entity's, else the grid's points."
        ),
        "m_bound": (
            "{what} of the grid. Another number typed here is {own} of the entity: "
            "it replaces the grid's in the score."
        ),
        "m_floor_what": "The floor",
        "m_target_what": "The target",
        "m_floor_own": "the own floor",
        "m_target_own": "the own target",
        "baseline_word": "baseline",
        "of_target": "{share} of the target",
        "pct_points": "{n} points",
        "lower": "lower is better",
        "cap": "cap {cap}",
        "n_title": "Notes of the grid",
        "n_grid": "Grid",
        "n_period": "Period",
        "n_description": "Description",
        "n_policy": "Neutralisation",
        "n_rounding": "Rounding",
        "n_rounding_text": "points to {points} decimal(s), rates to {rate} decimal(s) of the percent",
        "n_fill": "How to fill",
        "n_fill_text": (
            "Type each result in the 'Result' column of the sheet '{sheet}': a share in % (95.5 %), "
            "a number, yes/no, a date. '-': neutralised; empty cell: not given. The 'Floor' and "
            "'Target' columns give the grid's: another number typed in one of them is the entity's "
            "own floor or target (it replaces the grid's, as floor/target in a YAML file). "
            "Then: cpg-score score GRID FILE."
        ),
        "n_variants": "Points variants",
        "n_variants_text": "to choose in the 'Variant' cell of the sheet '{sheet}'",
        "n_rules": "Rules of the indicators",
        "n_objective": "Objective",
        "n_rule": "Rule",
        "n_rule_data": "Rule (grid)",
        "n_neutralised": "Neutralised in the grid",
        "policy_zero": "a neutralised item earns 0 points; its points stay in the total",
        "policy_exclude": "a neutralised item's points leave the total",
        "policy_redistribute": (
            "a neutralised item's points go to the other scored items, in proportion to their points"
        ),
        "policy_head": "'{policy}':",
    },
}


#: The name of the rule types described by their floor and target.
_TYPE_WORDS = {
    "fr": {"linear": "linéaire", "relative": "relatif", "piecewise": "interpolation entre points"},
    "en": {"linear": "linear", "relative": "relative", "piecewise": "interpolation between points"},
}


def _french(text: str) -> str:
    """French typography: a no-break space before `:`, `;` and `%`."""
    return text.replace(" :", "\u00a0:").replace(" ;", "\u00a0;").replace(" %", "\u00a0%")


WORDS["fr"] = {key: _french(text) for key, text in WORDS["fr"].items()}


@frozen
class Shown:
    """A floor or a target as a pilot reads it: a number in its unit, a date, or words.

    Attributes:
        value: The number (a share as a fraction: 0.9 for 90 %) or the date; None for words.
        text: How it reads, in the template's language.
        share: Whether the number is a share (shown in percent).
    """

    value: Decimal | datetime.date | None
    text: str
    share: bool = False


@frozen(kw_only=True)
class TemplateRow:
    """One row of a template: a scored item and what its result cell takes.

    Attributes:
        axis: The axis's label.
        id: The item's id.
        label: Its label.
        objective: The label of its objective (itself for an objective scored directly).
        unit: Its unit in words (« part (%) », « oui/non »...).
        floor: The floor as read (or a short description of the rule).
        target: The target as read.
        points: Its points (an indicator: its share of its objective's points), exact.
        kind: What the result cell takes.
        baseline: What the `Référence` cell takes (None: the rule uses no baseline).
        refusal: Whether the result may be the word « refus » (a count rule with a refusal).
        rule: The rule in words.
        rule_data: The rule as the grid writes it, on one line.
        neutralised: Why the grid neutralises it (None when it does not).
        own_bounds: Whether a number typed in its `Seuil`/`Cible` cell is the entity's own
            floor/target (the rule takes an entity's bounds, and shows them as numbers).
    """

    axis: str
    id: str
    label: str
    objective: str
    unit: str
    floor: Shown
    target: Shown
    points: Exact
    kind: InputKind
    baseline: InputKind | None
    refusal: bool
    rule: str
    rule_data: str
    neutralised: str | None
    own_bounds: bool = False


def _number(value: Decimal, share: bool, lang: str) -> Shown:
    return Shown(value, bound_text(value, share, lang), share)


def _words(text: str) -> Shown:
    return Shown(None, text)


def _input_kind(rule: ScoringRule, unit: Unit) -> InputKind:
    if isinstance(rule, DelayRule):
        return InputKind.DATE
    if isinstance(rule, BinaryRule) and rule.threshold is None:
        return InputKind.YES_NO
    if isinstance(rule, CountRule):
        return InputKind.COUNT
    return _unit_kind(unit)


def _unit_kind(unit: Unit) -> InputKind:
    if unit is Unit.SHARE:
        return InputKind.SHARE
    if unit in (Unit.COUNT, Unit.DAYS):
        return InputKind.NON_NEGATIVE
    return InputKind.NUMBER


def _unit_words(kind: InputKind, unit: Unit, lang: str) -> str:
    w = WORDS[lang]
    if kind is InputKind.DATE:
        return w["u_date"]
    if kind is InputKind.YES_NO:
        return w["u_yes_no"]
    return w[f"u_{unit.value}"]


def _colon(lang: str) -> str:
    """A colon and the space after it (French: a no-break space before it)."""
    return "\u00a0: " if lang == "fr" else ": "


def _semicolon(lang: str) -> str:
    """A semicolon between the parts of a rule (French: a no-break space before it)."""
    return "\u00a0; " if lang == "fr" else "; "


def _sign(direction: Direction) -> str:
    return "≥" if direction is Direction.HIGHER else "≤"


def _steps_words(rule: StepsRule, share: bool, lang: str) -> str:
    """`paliers : ≥ 90 % → 50 % ; ≥ 95 % → 100 %` (notes on their scale when the rule has one)."""
    sign = _sign(rule.direction)

    def rate(value: Decimal) -> str:
        if rule.out_of is None:
            return bound_text(value, True, lang)
        return f"{bound_text(rule.note(value), False, lang)}/{bound_text(rule.out_of, False, lang)}"

    parts = [f"{sign} {bound_text(s.threshold, share, lang)} → {rate(s.rate)}" for s in rule.steps]
    if rule.below:
        parts.insert(0, f"{_short_of(rule.direction, lang)} → {rate(rule.below)}")
    return WORDS[lang]["steps"] + _colon(lang) + _semicolon(lang).join(parts)


def _short_of(direction: Direction, lang: str) -> str:
    """Where a result falls short of the first step or band: below it, or above it when lower
    is better."""
    return WORDS[lang]["below" if direction is Direction.HIGHER else "above"]


def _bands_words(rule: BandsRule, share: bool, lang: str) -> str:
    """`tranches : ≥ 80 % → 50 % ; ≥ 90 % → 100 %` (`>`, `<` when an edge must be passed)."""
    sign = _sign(rule.direction)
    if rule.edge is Edge.UPPER:
        sign = ">" if rule.direction is Direction.HIGHER else "<"
    parts = [
        f"{sign} {bound_text(b.start, share, lang)} → {bound_text(b.rate, not rule.points, lang)}"
        for b in rule.bands
    ]
    if rule.below:
        parts.insert(
            0, f"{_short_of(rule.direction, lang)} → {bound_text(rule.below, not rule.points, lang)}"
        )
    return WORDS[lang]["bands"] + _colon(lang) + _semicolon(lang).join(parts)


def _delay_words(rule: DelayRule, lang: str) -> str:
    w = WORDS[lang]
    due = rule.due.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")
    # A typographic minus: a cell starting with "-" would read as a formula (and get a quote).
    step = "\u2212" + bound_text(rule.step, True, lang)
    return w["delay"].format(step=step, months=w[f"m_{rule.months.value}"], due=due)


def _count_words(rule: CountRule, share: bool, lang: str) -> str:
    weights = ", ".join(f"{name} × {bound_text(weight, False, lang)}" for name, weight in rule.weights)
    text = WORDS[lang]["count"].format(weights=weights)
    inner = rule_words(rule.rule, share, lang)
    parts = [text, inner, *([WORDS[lang]["refusal"]] if rule.refusal else [])]
    return _semicolon(lang).join(parts)


def rule_words(rule: ScoringRule, share: bool, lang: str) -> str:
    """A rule in a few words a pilot reads, in `lang` (its type and numbers, not its arithmetic).

    Args:
        rule: The rule.
        share: Whether the results are shares (numbers shown in percent).
        lang: `fr` or `en`.
    """
    w = WORDS[lang]
    if isinstance(rule, StepsRule):
        return _steps_words(rule, share, lang)
    if isinstance(rule, BandsRule):
        return _bands_words(rule, share, lang)
    if isinstance(rule, DelayRule):
        return _delay_words(rule, lang)
    if isinstance(rule, CountRule):
        return _count_words(rule, share, lang)
    if isinstance(rule, ImprovementRule):
        return w["improvement"] + _semicolon(lang) + rule_words(rule.base, share, lang)
    if isinstance(rule, BlendRule):
        level, progress = (bound_text(x, True, lang) for x in (rule.level_weight, rule.progress_weight))
        head = w["blend"].format(level=level, progress=progress)
        return head + _semicolon(lang) + rule_words(rule.level, share, lang)
    if isinstance(rule, BinaryRule):
        full, nothing = bound_text(Decimal(1), True, lang), bound_text(ZERO, True, lang)
        if rule.threshold is None:
            return f"{w['yes']} → {full}{_semicolon(lang)}{w['no']} → {nothing}"
        met = f"{_sign(rule.direction)} {bound_text(rule.threshold, share, lang)} → {full}"
        return f"{met}{_semicolon(lang)}{w['otherwise']} → {nothing}"
    if rule.type == "rate":
        return w["rate_is_result"]
    words = _TYPE_WORDS[lang].get(rule.type)
    if words is None:
        return _rule_data(rule) or rule.type
    floor, target = _bounds(rule, share, lang)
    tail = f" ({w['lower']})" if rule.direction is Direction.LOWER else ""
    if floor.text == w["none"] and target.text == w["none"]:
        return words + tail
    cap = getattr(rule, "cap", None)
    capped = f", {w['cap'].format(cap=bound_text(cap, True, lang))}" if cap is not None and cap != 1 else ""
    return f"{words}{_colon(lang)}{floor.text} → {target.text}{capped}{tail}"


def _rule_data(rule: ScoringRule) -> str:
    """The rule as the grid writes it, on one line (empty for a caller's own rule)."""
    return rule_text(rule_to_data(rule)) if kind_of(rule) is not None else ""


def _relative_bound(bound: Any, lang: str, share: bool) -> Shown:
    """A bound of a relative rule not yet resolved: « référence - 5 points », « 90 % de la cible »."""
    w = WORDS[lang]
    if isinstance(bound, Decimal):
        return _number(bound, share, lang)
    if isinstance(bound, BaselineChange):
        if bound.change == 0:
            return _words(w["baseline_word"])
        relative = bound.by is ChangeBy.RELATIVE
        amount = bound_text(abs(bound.change), relative, lang)
        if share and not relative:  # a change of a share, in points of percent
            amount = w["pct_points"].format(n=bound_text(abs(bound.change) * 100, False, lang))
        return _words(f"{w['baseline_word']} {'+' if bound.change > 0 else '-'} {amount}")
    if isinstance(bound, ShareOfTarget):
        return _words(w["of_target"].format(share=bound_text(bound.share, True, lang)))
    return _words(w["none"])


def _bounds(rule: ScoringRule, share: bool, lang: str) -> tuple[Shown, Shown]:
    """The floor and target of a rule that has them, as read (`—` for a missing one)."""
    none = _words(WORDS[lang]["none"])
    if isinstance(rule, (ImprovementRule, BlendRule)):
        return _bounds(rule.base if isinstance(rule, ImprovementRule) else rule.level, share, lang)
    found = rule.bounds() if isinstance(rule, RuleBase) else None
    if found is None:
        return none, none
    shown = [none if value is None else _number(value, share, lang) for value in found]
    raw = [getattr(rule, "floor", None), getattr(rule, "target", None)]
    for index, value in enumerate(found):
        if value is None and raw[index] is not None:
            shown[index] = _relative_bound(raw[index], lang, share)
    return shown[0], shown[1]


def _floor_target(rule: ScoringRule, share: bool, lang: str) -> tuple[Shown, Shown]:
    """What the `Seuil` and `Cible` cells show: the bounds, else the rule in words and its target."""
    w = WORDS[lang]
    floor, target = _bounds(rule, share, lang)
    if floor.text != w["none"] or target.text != w["none"]:
        return floor, target
    if isinstance(rule, DelayRule):
        return _words(_delay_words(rule, lang)), Shown(rule.due, _date_text(rule.due, lang))
    if isinstance(rule, BinaryRule):
        if rule.threshold is None:
            return _words(w["none"]), _words(w["yes"])
        return _words(w["none"]), _words(f"{_sign(rule.direction)} {bound_text(rule.threshold, share, lang)}")
    if rule.type == "rate":
        return _words(w["none"]), _number(Decimal(1), True, lang)
    on_target = _on_target(rule)
    words = _words(rule_words(rule, share, lang))
    return words, (_words(w["none"]) if on_target is None else _number(on_target, share, lang))


def _on_target(rule: ScoringRule) -> Decimal | None:
    if isinstance(rule, CountRule):
        return _on_target(rule.rule)
    if not isinstance(rule, RuleBase):
        return None
    try:
        return rule.on_target()
    except ValueError:  # a target relative to a baseline not given yet
        return None


def _date_text(day: datetime.date, lang: str) -> str:
    return day.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")


def _uses_baseline(rule: ScoringRule) -> bool:
    """Whether the rule reads the entity's baseline (it binds one: improvement, blend, relative)."""
    if needs_baseline(rule):
        return True
    if not isinstance(rule, RuleBase):
        return False
    try:
        return rule.bind(ZERO) is not rule
    except ValueError:
        return True


def _indicator_points(objective: Objective, indicator: Indicator) -> Fraction:
    weights = sum((Fraction(i.weight) for i in objective.indicators), Fraction(0))
    if weights == 0:
        return Fraction(0)
    return Fraction(objective.points) * Fraction(indicator.weight) / weights


def _row(axis: Axis, objective: Objective, indicator: Indicator | None, lang: str) -> TemplateRow:
    item: Objective | Indicator
    if indicator is None:
        rule: ScoringRule = _RATE
        unit, item, points = Unit.SHARE, objective, Fraction(objective.points)
    else:
        rule, unit, item = indicator.rule, indicator.unit, indicator
        points = _indicator_points(objective, indicator)
    share = unit is Unit.SHARE
    kind = _input_kind(rule, unit)
    floor, target = _floor_target(rule, share, lang)
    return TemplateRow(
        axis=axis.label,
        id=item.id,
        label=item.label,
        objective=objective.label,
        unit=_unit_words(kind, unit, lang),
        floor=floor,
        target=target,
        points=points,
        kind=kind,
        baseline=_unit_kind(unit) if _uses_baseline(rule) else None,
        refusal=isinstance(rule, CountRule) and rule.refusal,
        rule=rule_words(rule, share, lang),
        rule_data=_rule_data(rule),
        neutralised=item.neutralised or (objective.neutralised if indicator is not None else None),
        own_bounds=indicator is not None and _takes_bounds(rule),
    )


def _takes_bounds(rule: ScoringRule) -> bool:
    """Whether the rule takes an entity's own floor or target (as `floor`/`target` in YAML)."""
    with_bounds = getattr(rule, "with_bounds", None)
    try:
        return with_bounds is not None and with_bounds() is not None
    except ValueError:
        return False


#: The rule of an objective scored directly: its result is its rate.
_RATE: ScoringRule = RateRule()


def template_rows(grid: Grid, lang: str) -> list[TemplateRow]:
    """The rows of a grid's template, in grid order: each scored item (an indicator, or an
    objective scored directly)."""
    out: list[TemplateRow] = []
    for axis, objective in grid.objectives():
        if objective.direct:
            out.append(_row(axis, objective, None, lang))
        else:
            out.extend(_row(axis, objective, indicator, lang) for indicator in objective.indicators)
    return out


@frozen(kw_only=True)
class Layout:
    """Where things are in a template: the meta block, the header row and its columns.

    Attributes:
        meta: The meta block's rows: (words key, value).
        columns: The keys of the header's columns, in order.
        header: The 0-based row of the header (the data rows follow it).
    """

    meta: tuple[tuple[str, str], ...]
    columns: tuple[str, ...]
    header: int


def layout(grid: Grid, rows: Sequence[TemplateRow], entity: str | None, entity_label: str | None) -> Layout:
    """The meta block and columns of a template (a `Référence` column when a rule reads a baseline)."""
    meta = (
        ("grid", grid.id),
        ("period", str(grid.period)),
        ("entity", entity or ""),
        ("entity_label", entity_label or ""),
        *((("variant", ""),) if grid.variants else ()),
    )
    columns = ["axis", "id", "label", "unit", "floor", "target", "points", "result"]
    if any(row.baseline is not None for row in rows):
        columns.append("baseline")
    columns.append("comment")
    return Layout(meta=meta, columns=tuple(columns), header=len(meta) + 1)


def _points(grid: Grid, points: Exact) -> Decimal:
    rounded = round_half_up(points, grid.rounding.points)
    return rounded.quantize(Decimal(1)) if rounded == rounded.to_integral_value() else rounded.normalize()


def _cell_text(row: TemplateRow, key: str, grid: Grid, lang: str) -> str:
    """A data cell as CSV text (the result, baseline and comment cells empty)."""
    if key in ("floor", "target"):
        shown: Shown = getattr(row, key)
        return shown.text
    if key == "points":
        return number_text(_points(grid, row.points), None, lang=lang)
    if key in ("axis", "id", "label", "unit"):
        text: str = getattr(row, key)
        return text
    return ""


def template_csv(grid: Grid, lang: str, entity: str | None, entity_label: str | None) -> str:
    """The template as CSV text: French `;` with a BOM, English `,` (numbers as read)."""
    rows = template_rows(grid, lang)
    shape = layout(grid, rows, entity, entity_label)
    w = WORDS[lang]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if lang == "fr" else ",", lineterminator="\r\n")
    for key, value in shape.meta:
        writer.writerow([w[key], csv_cell(value)])
    writer.writerow([])
    writer.writerow([w[key] for key in shape.columns])
    for row in rows:
        writer.writerow([csv_cell(_cell_text(row, key, grid, lang)) for key in shape.columns])
    return ("\ufeff" if lang == "fr" else "") + out.getvalue()


# The xlsx workbook.

#: The width of each column, in characters.
_WIDTHS = {
    "axis": 30,
    "id": 24,
    "label": 60,
    "unit": 11,
    "floor": 30,
    "target": 14,
    "points": 9,
    "result": 14,
    "baseline": 14,
    "comment": 40,
}
#: The date in the workbook's properties: the same grid gives the same bytes
#: (SOURCE_DATE_EPOCH is honoured when set, as reproducible builds do).
_FIXED_DATE = datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc)


def _created() -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    return _FIXED_DATE


def _sheet_name(entity: str | None, lang: str) -> str:
    if not entity:
        return WORDS[lang]["sheet"]
    name = SHEET_FORBIDDEN.sub("-", entity)[:31].strip("'") or WORDS[lang]["sheet"]
    return WORDS[lang]["sheet"] if name.casefold() in ("notes", "lisez-moi", "readme", "history") else name


def _decimals_format(value: Decimal, share: bool) -> str:
    """A number format showing `value` as written (`0.0%` for 0.955 shown 95,5 %)."""
    exponent = (value * 100 if share else value).normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    body = "#,##0" + ("." + "0" * places if places else "")
    return body + ("%" if share else "")


class _Sheet:
    """Writes cells with the workbook's formats (each distinct format made once)."""

    def __init__(self, workbook: Any, worksheet: Any, lang: str) -> None:
        self.workbook, self.ws, self.lang = workbook, worksheet, lang
        self._formats: dict[tuple[tuple[str, Any], ...], Any] = {}

    def fmt(self, **properties: Any) -> Any:
        key = tuple(sorted(properties.items()))
        found = self._formats.get(key)
        if found is None:
            found = self._formats[key] = self.workbook.add_format(dict(properties))
        return found

    def text(self, row: int, col: int, value: str, **properties: Any) -> None:
        """Text from the grid or ours: always a string cell, never a formula."""
        self.ws.write_string(row, col, xlsx_text(value), self.fmt(**properties))

    def shown(self, row: int, col: int, value: Shown, **properties: Any) -> None:
        if isinstance(value.value, Decimal):
            number_format = _decimals_format(value.value, value.share)
            self.ws.write_number(
                row, col, float(value.value), self.fmt(num_format=number_format, **properties)
            )
        elif isinstance(value.value, datetime.date):
            date_format = "dd/mm/yyyy" if self.lang == "fr" else "yyyy-mm-dd"
            self.ws.write_datetime(
                row,
                col,
                datetime.datetime.combine(value.value, datetime.time()),
                self.fmt(num_format=date_format, **properties),
            )
        else:
            self.text(row, col, value.text, **properties)


def _criteria(kind: InputKind, cell: str, refusal: bool) -> str:
    """The custom validation formula of a result cell (`-`, neutralised, is always allowed)."""
    dash = f'{cell}="-"' + (f',LOWER({cell})="refus"' if refusal else "")
    if kind is InputKind.SHARE:
        return f"=OR({dash},AND(ISNUMBER({cell}),{cell}>=0,{cell}<=1))"
    if kind is InputKind.NON_NEGATIVE:
        return f"=OR({dash},AND(ISNUMBER({cell}),{cell}>=0))"
    if kind is InputKind.COUNT:
        return f"=OR({dash},AND(ISNUMBER({cell}),{cell}>=0))"
    if kind is InputKind.DATE:
        return f"=OR({dash},AND(ISNUMBER({cell}),{cell}>=1))"
    return f"=OR({dash},ISNUMBER({cell}))"


def _message(kind: InputKind, unit: str, refusal: bool, lang: str) -> str:
    w = WORDS[lang]
    if kind is InputKind.COUNT:
        head = w["m_count"].format(refusal=w["m_refusal"] if refusal else "")
    else:
        head = w[f"m_{kind.value.replace('-', '_')}"].format(unit=unit)
    return (head + w["m_tail"])[:255]


def _validation(row: TemplateRow, cell: str, lang: str, *, baseline: bool = False) -> dict[str, Any]:
    """The data validation of a result (or baseline) cell, with its input message."""
    w = WORDS[lang]
    kind = row.baseline if baseline and row.baseline is not None else row.kind
    refusal = row.refusal and not baseline
    message = _message(kind, row.unit, refusal, lang)
    common = {
        "input_title": w["baseline" if baseline else "title_input"],
        "input_message": w["m_baseline"] if baseline else message,
        "error_title": w["error_title"],
        "error_message": w["error"],
        "ignore_blank": True,
    }
    if kind is InputKind.YES_NO:
        return {"validate": "list", "source": [w["yes"], w["no"], "-"], **common}
    return {"validate": "custom", "value": _criteria(kind, cell, refusal), **common}


def _input_format(kind: InputKind, lang: str) -> dict[str, Any]:
    """The number format of a result cell: a percent for a share, a date for a delay rule."""
    base: dict[str, Any] = {"locked": False, "bg_color": "#FFF2CC", "border": 1}
    if kind is InputKind.SHARE:
        return {**base, "num_format": "0.00%"}
    if kind is InputKind.DATE:
        return {**base, "num_format": "dd/mm/yyyy" if lang == "fr" else "yyyy-mm-dd"}
    return base


def _cell_name(row: int, col: int) -> str:
    """The A1 name of a 0-based cell."""
    return f"{column_letters(col + 1)}{row + 1}"


def _variant_validation(grid: Grid, lang: str) -> dict[str, Any]:
    """The `Variante` cell: a list of the grid's points variants, with an input message."""
    w = WORDS[lang]
    variants = ", ".join(f"{v.id} ({v.label})" if v.label else v.id for v in grid.variants)
    return {
        "validate": "list",
        "source": [v.id for v in grid.variants],
        "input_title": w["variant"],
        "input_message": w["m_variant"].format(variants=variants)[:255],
        "ignore_blank": True,
    }


def _bound_validation(key: str, lang: str) -> dict[str, Any]:
    """A `Seuil`/`Cible` cell: any value, and a message saying a number typed is the entity's own."""
    w = WORDS[lang]
    message = w["m_bound"].format(what=w[f"m_{key}_what"], own=w[f"m_{key}_own"])
    return {"validate": "any", "input_title": w[key], "input_message": message[:255]}


def _write_meta(sheet: _Sheet, grid: Grid, shape: Layout) -> None:
    w = WORDS[sheet.lang]
    for index, (key, value) in enumerate(shape.meta):
        sheet.text(index, 0, w[key], bold=True)
        if key in ("entity", "entity_label", "variant") and not value:
            sheet.ws.write_blank(index, 1, None, sheet.fmt(locked=False, bg_color="#FFF2CC", border=1))
        elif key in ("entity", "entity_label"):
            sheet.text(index, 1, value, locked=False, bg_color="#FFF2CC", border=1)
        else:
            sheet.text(index, 1, value)
        if key == "variant":
            sheet.ws.data_validation(index, 1, index, 1, _variant_validation(grid, sheet.lang))
    sheet.text(0, 2, grid.label, italic=True)


def _write_row(sheet: _Sheet, grid: Grid, shape: Layout, index: int, row: TemplateRow) -> None:
    r = shape.header + 1 + index
    for col, key in enumerate(shape.columns):
        wrap = {"text_wrap": True, "valign": "top", "border": 1}
        if key in ("floor", "target"):
            shown: Shown = getattr(row, key)
            sheet.shown(r, col, shown, **wrap)
            if row.own_bounds and isinstance(shown.value, Decimal):
                sheet.ws.data_validation(r, col, r, col, _bound_validation(key, sheet.lang))
        elif key == "points":
            value = _points(grid, row.points)
            sheet.shown(r, col, Shown(value, "", False), **wrap)
        elif key == "result":
            sheet.ws.write_blank(r, col, None, sheet.fmt(**_input_format(row.kind, sheet.lang)))
            sheet.ws.data_validation(r, col, r, col, _validation(row, _cell_name(r, col), sheet.lang))
        elif key == "baseline" and row.baseline is not None:
            sheet.ws.write_blank(r, col, None, sheet.fmt(**_input_format(row.baseline, sheet.lang)))
            validation = _validation(row, _cell_name(r, col), sheet.lang, baseline=True)
            sheet.ws.data_validation(r, col, r, col, validation)
        elif key == "comment":
            sheet.ws.write_blank(r, col, None, sheet.fmt(**_input_format(InputKind.NUMBER, sheet.lang)))
        elif key == "baseline":
            sheet.ws.write_blank(r, col, None, sheet.fmt(**wrap))
        else:
            sheet.text(r, col, getattr(row, key), **wrap)


def _page_setup(ws: Any, header: int, columns: int) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.set_footer("&C&P / &N")
    ws.freeze_panes(header + 1, 0)
    ws.autofilter(header, 0, header, columns - 1)


def _results_sheet(
    workbook: Any, grid: Grid, rows: Sequence[TemplateRow], shape: Layout, name: str, lang: str
) -> None:
    sheet = _Sheet(workbook, workbook.add_worksheet(name), lang)
    w = WORDS[lang]
    _write_meta(sheet, grid, shape)
    for col, key in enumerate(shape.columns):
        sheet.text(shape.header, col, w[key], bold=True, bg_color="#D9E1F2", border=1, text_wrap=True)
        sheet.ws.set_column(col, col, _WIDTHS[key])
    for index, row in enumerate(rows):
        _write_row(sheet, grid, shape, index, row)
    _page_setup(sheet.ws, shape.header, len(shape.columns))


def _policy_text(policy: Policy, lang: str) -> str:
    w = WORDS[lang]
    return w["policy_head"].format(policy=policy.value) + " " + w[f"policy_{policy.value}"] + "."


def _variants_text(grid: Grid, sheet_name: str, lang: str) -> str:
    """The points variants of a grid: each id, label and points, and where to choose one."""
    parts = []
    for variant in grid.variants:
        points = ", ".join(
            f"{oid} {number_text(_points(grid, points), None, lang=lang)}" for oid, points in variant.points
        )
        parts.append(f"{variant.id}{f' ({variant.label})' if variant.label else ''}{_colon(lang)}{points}")
    head = WORDS[lang]["n_variants_text"].format(sheet=sheet_name)
    return head + _colon(lang) + _semicolon(lang).join(parts)


def _notes_sheet(workbook: Any, grid: Grid, rows: Sequence[TemplateRow], sheet_name: str, lang: str) -> None:
    sheet = _Sheet(workbook, workbook.add_worksheet(WORDS[lang]["notes"]), lang)
    w = WORDS[lang]
    wrap = {"text_wrap": True, "valign": "top"}
    facts = [
        ("n_grid", f"{grid.label} ({grid.id})"),
        ("n_period", str(grid.period)),
        ("n_description", grid.description),
        ("n_policy", _policy_text(grid.policy, lang)),
        (
            "n_rounding",
            w["n_rounding_text"].format(points=grid.rounding.points, rate=grid.rounding.rate_percent),
        ),
        ("n_fill", w["n_fill_text"].format(sheet=sheet_name)),
        *((("n_variants", _variants_text(grid, sheet_name, lang)),) if grid.variants else ()),
    ]
    sheet.text(0, 0, w["n_title"], bold=True, font_size=13)
    for index, (key, value) in enumerate(facts, start=1):
        sheet.text(index, 0, w[key], bold=True, valign="top")
        sheet.text(index, 1, value, **wrap)
    head = len(facts) + 2
    sheet.text(head, 0, w["n_rules"], bold=True, font_size=12)
    columns = ("id", "label", "n_objective", "unit", "n_rule", "n_rule_data", "n_neutralised")
    for col, key in enumerate(columns):
        sheet.text(head + 1, col, w[key], bold=True, bg_color="#D9E1F2", border=1)
    for index, row in enumerate(rows, start=head + 2):
        values = (row.id, row.label, row.objective, row.unit, row.rule, row.rule_data, row.neutralised or "")
        for col, value in enumerate(values):
            sheet.text(index, col, value, **wrap)
    for col, width in enumerate((24, 50, 40, 11, 50, 40, 30)):
        sheet.ws.set_column(col, col, width)
    sheet.ws.set_landscape()
    sheet.ws.set_paper(9)
    sheet.ws.fit_to_pages(1, 0)
    sheet.ws.repeat_rows(head + 1)


def template_xlsx(grid: Grid, lang: str, entity: str | None, entity_label: str | None) -> bytes:
    """The template as an xlsx workbook (XlsxWriter): the results sheet, then `Notes`."""
    xlsxwriter = optional("xlsxwriter", "the input template (xlsx)")
    rows = template_rows(grid, lang)
    shape = layout(grid, rows, entity, entity_label)
    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    workbook = xlsxwriter.Workbook(buffer, options)
    workbook.set_properties({"title": xlsx_text(grid.label), "author": "cpg-score", "created": _created()})
    name = _sheet_name(entity, lang)
    _results_sheet(workbook, grid, rows, shape, name, lang)
    _notes_sheet(workbook, grid, rows, name, lang)
    workbook.close()
    return buffer.getvalue()


def _check_id(ident: str) -> None:
    if not ID.fullmatch(ident):
        raise ValueError(
            f"entity: an id is letters, digits, '.', '_' or '-', starting with a letter or digit, "
            f"got {ident!r} (a name goes in the entity's label)"
        )


def render_template(
    grid: Grid, fmt: str = "xlsx", lang: str = "fr", *, entity: Entity | str | None = None
) -> bytes:
    """The input template of a grid: the workbook (or CSV) a pilot fills with an entity's results.

    One row per scored item in grid order (axis, id, label, unit in words, floor, target,
    points), an empty `Résultat` column (and `Référence` when a rule reads the entity's
    baseline), a meta block naming the grid, period and entity. `load_results_table` reads the
    filled template back as the same results a YAML file gives.

    Args:
        grid: The grid.
        fmt: `xlsx` (data validation per unit, a `Notes` sheet, page setup; needs XlsxWriter,
            the extra `report`) or `csv` (French `;`, decimal comma and a BOM; English `,`).
        lang: `fr` or `en`: headers, units, notes and numbers.
        entity: The entity filling it (an `Entity`, or its id): fills the meta block.

    Returns:
        The file's bytes (CSV as UTF-8).

    Raises:
        TypeError: `grid` is no Grid, or `entity` no Entity or text.
        ValueError: Unknown format or language, or an entity id the results' reader refuses
            (letters, digits, `.`, `_` or `-`, starting with a letter or digit).
        MissingExtraError: `xlsx` without XlsxWriter installed.

    Examples:
        >>> data = render_template(grid, "csv", "en", entity="drsm-centre-ouest")  # doctest: +SKIP
    """
    expect("grid", grid, Grid, "a Grid (see load_grid)")
    expect("fmt", fmt, str, "xlsx or csv")
    expect("lang", lang, str, "fr or en")
    if entity is not None:
        expect("entity", entity, (Entity, str), "an Entity or an entity id")
        _check_id(entity.id if isinstance(entity, Entity) else entity)
    if fmt not in TEMPLATE_FORMATS:
        raise ValueError(f"unknown template format {fmt!r}; expected one of {', '.join(TEMPLATE_FORMATS)}")
    check_lang(lang)
    entity_id, label = (entity.id, entity.label) if isinstance(entity, Entity) else (entity, None)
    if fmt == "csv":
        return template_csv(grid, lang, entity_id, label).encode("utf-8")
    return template_xlsx(grid, lang, entity_id, label)
