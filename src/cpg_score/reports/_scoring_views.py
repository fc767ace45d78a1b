"""Check reports and explanations as plain text, in French or English (English as printed
since they were first written; the findings and totals are worded from their facts; in French,
the arithmetic lines and the rule are worded in French, numbers with a decimal comma)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from cpg_score._numbers import Exact, decimal_text, number_text, round_half_up
from cpg_score.model.rules import Basis
from cpg_score.reports._text import basis_text, reason_text, rule_word
from cpg_score.scoring import (
    Breach,
    CheckReport,
    Explanation,
    Finding,
    FindingKind,
    Note,
    Step,
    StepKind,
    TotalComparison,
    Unchecked,
)

__all__ = ["check_text", "explanation_text"]

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "identical-figures": "identical-figures",
        "repeated-label": "repeated-label",
        "out-of-domain": "out-of-domain",
        "total-mismatch": "total-mismatch",
        "confirmed": "totals confirmed",
        "not_checked": "not checked",
        "indicator": "indicator",
        "objective": "objective",
        "inputs": "inputs",
        "rule": "rule",
        "neutralised": "neutralised",
        "arithmetic": "arithmetic",
        "rate": "rate",
        "points": "points",
        "base": "base",
        "bonus": "bonus",
    },
    "fr": {
        "identical-figures": "chiffres identiques",
        "repeated-label": "libellé répété",
        "out-of-domain": "hors domaine",
        "total-mismatch": "total discordant",
        "confirmed": "totaux confirmés",
        "not_checked": "non vérifié",
        "indicator": "Indicateur",
        "objective": "Objectif",
        "inputs": "données",
        "rule": "règle",
        "neutralised": "neutralisé",
        "arithmetic": "calcul",
        "rate": "taux",
        "points": "points",
        "base": "base",
        "bonus": "bonus",
    },
}

#: What is negative, in French (a unit or a field of a result).
_NAMES_FR = {
    "count": "nombre",
    "days": "nombre de jours",
    "numerator": "numérateur",
    "denominator": "dénominateur",
    "exclusions": "nombre d'exclusions",
    "volume": "volume",
}

_BREACHES_FR = {
    Breach.RATE: "un taux de {0}\u00a0% est hors de 0-100\u00a0%",
    Breach.NEGATIVE: "un {name} négatif ({0})",
    Breach.EXCLUSIONS: "exclusions {0} au-dessus du dénominateur {1}",
    Breach.NUMERATOR: "numérateur {0} au-dessus de son dénominateur {1}",
}


def _figure(value: Decimal, signed: bool = False) -> str:
    """A figure as written, in French (a whole number without its trailing zeros)."""
    shown = value.normalize() if value == value.to_integral_value() else value
    return number_text(shown, None, lang="fr", signed=signed)


def comparison_text(c: TotalComparison, lang: str) -> str:
    """A published total and the entities' sum, in words: printed, computed, gap and gap in percent."""
    if lang != "fr":
        return c.describe()
    pct = c.gap_percent
    gap_pct = "" if pct is None else f" ({_figure(round_half_up(pct, 2), signed=True)}\u00a0%)"
    missing = f"\u00a0; non donné par {', '.join(c.missing)}" if c.missing else ""
    return (
        f"{c.total.entity} {c.total.id}\u00a0: publié {_figure(c.total.value)}, somme de "
        f"{len(c.contributors)} entités {_figure(c.computed)}, écart {_figure(c.gap, signed=True)}"
        f"{gap_pct}{missing}"
    )


def note_text(note: Note, lang: str) -> str:
    """A published total that could not be checked, and why, in `lang`."""
    if lang != "fr":
        return str(note)
    head = f"{note.total.entity} {note.total.id}\u00a0: "
    if note.why is Unchecked.NOT_GIVEN:
        return head + "aucune entité en dessous ne donne ce chiffre"
    hint = "" if note.placed else " (donner un arbre des entités pour la placer)"
    return head + f"aucune entité sous « {note.total.entity} » parmi les fichiers{hint}"


def finding_text(f: Finding, lang: str) -> str:
    """A finding in words, with its figures (English: `Finding.message`)."""
    if lang != "fr":
        return f.message
    if f.kind is FindingKind.TOTAL_MISMATCH:
        assert f.comparison is not None
        return comparison_text(f.comparison, lang)
    if f.kind is FindingKind.IDENTICAL_FIGURES:
        shown = ", ".join(f"{i} = {_figure(v)}" for i, v in zip(f.items, f.values, strict=True))
        return (
            f"{f.entities[0]} et {f.entities[1]} donnent des valeurs identiques sur {len(f.items)} "
            f"chiffres ({shown})\u00a0: un copier-coller\u00a0?"
        )
    if f.kind is FindingKind.REPEATED_LABEL:
        return (
            f"{f.entities[0]}\u00a0: {f.items[0]} et {f.items[1]} sont imprimés avec le même libellé "
            f"mais des chiffres différents ({f.texts[0].strip()} / {f.texts[1].strip()})\u00a0: deux "
            "indicateurs différents étaient attendus"
        )
    assert f.breach is not None
    what = _BREACHES_FR[f.breach].format(*(_figure(v) for v in f.values), name=_NAMES_FR.get(f.name, f.name))
    return f"{f.entities[0]} {f.items[0]}\u00a0: {what}"


#: The words of the warnings (implausible values) of a check report.
_WARNINGS: dict[str, dict[str, str]] = {
    "en": {"warnings": "warnings"},
    "fr": {
        "warnings": "avertissements",
        "small": "{written} ressemble à un pourcentage de pourcentage",
        "large": "{written} est 100 fois trop grand pour une part",
        "far-from-range": "{written} est loin de la plage que sa règle note (de {0} à {1})",
        "far-from-baseline": "{written} {times} sa valeur de référence {0}",
        "far-from-siblings": "{written} {times} la médiane des {count} autres entités ({0})",
        "likely": "\u00a0: vouliez-vous écrire {likely}\u00a0?",
        "total": " Le total serait {then}{now}.",
        "instead": " au lieu de {now}",
    },
}


def warning_text(f: Finding, lang: str) -> str:
    """A warning (an implausible value) in words, with the value likely meant and the total
    with it (English: `Finding.message`)."""
    if lang != "fr":
        return f.message
    w, value = _WARNINGS["fr"], f.values[0]
    large = f.kind is FindingKind.PERCENT_SCALE and value > 1
    written = f.shown(value, "fr")
    refs = [f.shown(v, "fr") for v in f.values[1:]]
    key = ("large" if large else "small") if f.kind is FindingKind.PERCENT_SCALE else f.kind.value
    times = ""
    if f.ratio is not None:
        ratio = number_text(f.ratio, 1, lang="fr")
        times = f"vaut {ratio} fois" if value > f.values[1] else f"est {ratio} fois plus petit que"
    count = _figure(f.values[3]) if len(f.values) > 3 else ""
    what = w[key].format(*refs, written=written, times=times, count=count)
    label = f" ({f.label})" if f.label else ""
    text = f"{f.entities[0]} {f.items[0]}{label}\u00a0: {what}"
    if f.likely is not None:
        text += w["likely"].format(likely=f.shown(f.likely, "fr"))
    if f.likely_score is not None:
        then = number_text(f.likely_score, f.decimals, lang="fr")
        now = "" if f.score is None else w["instead"].format(now=number_text(f.score, f.decimals, lang="fr"))
        text += w["total"].format(now=now, then=then)
    return text


#: The words of a check report's first line, singular and plural.
_COUNTS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "entities": ("checked {n} entity", "checked {n} entities"),
        "findings": ("{n} finding", "{n} findings"),
        "warnings": ("{n} warning", "{n} warnings"),
    },
    "fr": {
        "entities": ("{n} entité vérifiée", "{n} entités vérifiées"),
        "findings": ("{n} constat", "{n} constats"),
        "warnings": ("{n} avertissement", "{n} avertissements"),
    },
}


def _count(n: int, what: str, lang: str) -> str:
    """`1 finding`, `0 findings`; in French the singular goes up to 1 (`0 constat`)."""
    singular = n <= 1 if lang == "fr" else n == 1
    return _COUNTS[lang][what][0 if singular else 1].format(n=n)


def _headline(report: CheckReport, lang: str) -> str:
    """`checked 1 entity: 0 findings, 1 warning` (« 1 entité vérifiée : 0 constat, 1 avertissement »)."""
    colon = "\u00a0: " if lang == "fr" else ": "
    head = (
        _count(len(report.entities), "entities", lang)
        + colon
        + _count(len(report.findings), "findings", lang)
    )
    return head + (", " + _count(len(report.warnings), "warnings", lang) if report.warnings else "")


def check_text(report: CheckReport, lang: str) -> str:
    """A check report: findings by kind, the warnings (each where its value stands), then the
    confirmed totals and the notes."""
    w = _WORDS[lang]
    colon = "\u00a0:" if lang == "fr" else ":"
    lines = [_headline(report, lang)]
    sections: list[tuple[str, list[str]]] = [
        (w[kind.value], [finding_text(f, lang) for f in report.findings if f.kind is kind])
        for kind in FindingKind
        if kind.value in w
    ]
    warned = [(f"{f.where}: " if f.where else "") + warning_text(f, lang) for f in report.warnings]
    sections.append((_WARNINGS[lang]["warnings"], warned))
    sections.append((w["confirmed"], [comparison_text(c, lang) for c in report.confirmed]))
    sections.append((w["not_checked"], [note_text(n, lang) for n in report.unchecked]))
    for heading, items in sections:
        if items:
            lines.extend(["", f"{heading} ({len(items)}){colon}"])
            lines.extend(f"  - {item}" for item in items)
    return "\n".join(lines) + "\n"


#: The French words of each arithmetic line (English: `str(step)`).
_STEPS_FR = {
    StepKind.NOT_SCORED: "non noté\u00a0: {reason}",
    StepKind.WEIGHT_COUNTED: "poids compté dans l'objectif « {text} »\u00a0: {f0} (règle {policy})",
    StepKind.RULE: "{text}",
    StepKind.BASIS: "retenu\u00a0: {basis}",
    StepKind.SHARE: "part des points de l'objectif = max x poids / poids comptés = {f0} x {f1} / {f2} = {f3}",
    StepKind.POINTS: "points = part x taux = {f0} x {f1} = {f2}",
    StepKind.BONUS: "bonus = part x (taux - 1) = {f0} (après le plafond de bonus de l'objectif {f1})",
    StepKind.DECLARED: "points déclarés\u00a0: {f0}\u00a0; max après la règle ({policy})\u00a0: {f1}",
    StepKind.DIRECT_RATE: "taux = résultat (borné à [0, 1]) = {f0}",
    StepKind.DIRECT_POINTS: "points = max x taux = {f0} x {f1} = {f2}",
    StepKind.MEAN: "taux = somme(poids x taux) / somme(poids) = ({terms}) / {f0} = {f1}",
    StepKind.BASE: "points de base = max x taux = {f0} x {f1} = {f2}",
    StepKind.CEILING: "bonus = min(somme des excédents des indicateurs, plafond {f0}) = {f1}",
    StepKind.ENTITY_FLOOR: "le seuil de l'entité {f0} remplace celui de la grille{grid}",
    StepKind.ENTITY_TARGET: "la cible de l'entité {f0} remplace celle de la grille{grid}",
    StepKind.OWN_FLOOR: "seuil de l'entité {f0}, de la grille{grid}",
    StepKind.OWN_TARGET: "cible de l'entité {f0}, de la grille{grid}",
    StepKind.MOST_FAVOURABLE: (
        "la plus favorable\u00a0: les bornes de la grille donnent {f0}, "
        "celles de l'entité {f1}\u00a0: {f2} est retenu"
    ),
}
_CAPPED_FR = " (taux plafonné à 1 pour la base)"


#: The words of the rules' own arithmetic and of the rules as written, in French (whole words,
#: the longest first).
_FORMULA_FR = {
    "result not met": "résultat non atteint",
    "result met": "résultat atteint",
    "not met": "non atteint",
    "met": "atteint",
    "no baseline given": "pas de référence donnée",
    "progress counts 0": "la progression compte 0",
    "before the first point": "avant le premier point",
    "beyond the last point": "au-delà du dernier point",
    "last rate": "dernier taux",
    "up to cap": "jusqu'au plafond",
    "clamped to": "borné à",
    "clamp": "borne",
    "rate": "taux",
    "result": "résultat",
    "baseline": "référence",
    "floor": "seuil",
    "target": "cible",
    "achievement": "atteinte",
    "improvement": "progression",
    "progress": "progression",
    "level": "niveau",
    "refusal": "refus",
    "below": "en dessous",
    "else": "sinon",
    "if": "si",
    "direction": "sens",
    "higher": "hausse",
    "lower": "baisse",
    "threshold": "seuil",
    "steps": "paliers",
    "cap": "plafond",
    "weights": "poids",
    "from": "à partir de",
}
_FORMULA_WORDS = re.compile(r"\b(" + "|".join(re.escape(w) for w in _FORMULA_FR) + r")\b")
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_COLON = re.compile(r"(?<=\S): ")

#: The names of an explanation's inputs, in French.
_INPUTS_FR = {
    "written": "écrit",
    "counts": "décomptes",
    "value": "valeur",
    "numerator": "numérateur",
    "denominator": "dénominateur",
    "exclusions": "exclusions",
    "volume": "volume",
    "baseline": "référence",
    "value (computed)": "valeur (calculée)",
    "the entity's floor": "seuil de l'entité",
    "the entity's target": "cible de l'entité",
    "neutralised in the results": "neutralisé dans les résultats",
    "source": "source",
    "weight": "poids",
    "indicators": "indicateurs",
}

#: The neutralisation policies, in French.
_POLICIES_FR = {"zero": "zéro", "exclude": "exclusion", "redistribute": "redistribution"}


def french_numbers(text: str) -> str:
    """The numbers of a formula with a decimal comma (`0.9446` -> `0,9446`)."""
    return _DECIMAL_POINT.sub(",", text)


def formula_text(text: str, lang: str) -> str:
    """A rule's own arithmetic (or the rule as written) in `lang`: French words and decimal
    commas in French, as it is in English."""
    if lang != "fr":
        return text
    words = _FORMULA_WORDS.sub(lambda m: _FORMULA_FR[m.group()], text)
    return french_numbers(_COLON.sub("\u00a0: ", words))


def step_text(step: Step, lang: str) -> str:
    """One arithmetic line of an explanation, in `lang` (the figures as in the formulas)."""
    if lang != "fr":
        return str(step)
    if step.kind is StepKind.RULE:
        return formula_text(step.text, lang)
    reason = "" if step.why is None else reason_text(step.why, lang)
    basis = basis_text(Basis(step.text), lang) if step.kind is StepKind.BASIS else ""
    shown = step.shown()
    shown["policy"] = _POLICIES_FR.get(shown.get("policy", ""), shown.get("policy", ""))
    words = _STEPS_FR[step.kind].format(reason=reason, basis=basis, **shown)
    return french_numbers(words) + (_CAPPED_FR if step.capped else "")


def _label_of(e: Explanation, item_id: str) -> str:
    card = e.card
    if card is None:
        return item_id
    found = card.item(item_id)
    if found is not None:
        return found.label
    return next((axis.label for axis in card.axes if axis.id == item_id), item_id)


def context_text(e: Explanation, lang: str) -> str:
    """Where an explained item sits: its objective and axis, or its axis (labels in French)."""
    if lang != "fr":
        return e.context
    axis = f"axe « {_label_of(e, e.axis)} »"
    return f"objectif « {_label_of(e, e.objective)} », {axis}" if e.objective else axis


def _input_text(name: str, value: str, lang: str) -> str:
    if lang != "fr":
        return f"{name} = {value}"
    return f"{_INPUTS_FR.get(name, name)} = {french_numbers(value)}"


def _rule_line(e: Explanation, lang: str) -> str:
    text = e.rule_text()
    if lang != "fr" or e.rule is None:
        return text
    kind = str(e.rule.get("type", ""))
    return rule_word(kind, lang) + formula_text(text[len(kind) :], lang)


def _numbers(explanation: Explanation, lang: str) -> tuple[Any, Any]:
    card = explanation.card

    def pts(value: Exact) -> str:
        if card is None:
            text = decimal_text(value)
            return text.replace(".", ",") if lang == "fr" else text
        return number_text(card.points(value), None, lang=lang)

    def pct(rate: Exact) -> str:
        if card is None:
            text = decimal_text(rate)
            return text.replace(".", ",") if lang == "fr" else text
        return number_text(card.percent(rate), None, lang=lang) + ("\u00a0%" if lang == "fr" else " %")

    return pts, pct


def explanation_text(explanation: Explanation, lang: str, indent: str = "") -> str:
    """An explanation, one fact per line, then its parts indented."""
    w, e = _WORDS[lang], explanation
    pts, pct = _numbers(e, lang)
    colon = "\u00a0:" if lang == "fr" else ":"
    kind = w[e.kind.value]
    head = f"{kind} « {e.label} » ({e.id})" if lang == "fr" else f"{kind} {e.id} — {e.label}"
    out = [f"{indent}{head}", f"{indent}  {context_text(e, lang)}"]
    if e.inputs:
        separator = "\u00a0; " if lang == "fr" else "; "
        inputs = separator.join(_input_text(k, v, lang) for k, v in e.inputs)
        out.append(f"{indent}{w['inputs']}{colon} {inputs}")
    if e.rule is not None:
        out.append(f"{indent}{w['rule']}{colon} {_rule_line(e, lang)}")
    if e.why is not None:
        out.append(f"{indent}{w['neutralised']}{colon} {reason_text(e.why, lang)}")
    out.append(f"{indent}{w['arithmetic']}{colon}")
    out.extend(f"{indent}  {step_text(step, lang)}" for step in e.arithmetic)
    rate = "-" if e.rate is None else pct(e.rate)
    bonus = f" ({w['base']} {pts(e.points - e.bonus)} + {w['bonus']} {pts(e.bonus)})" if e.bonus else ""
    out.append(f"{indent}{w['rate']}{colon} {rate}")
    out.append(f"{indent}{w['points']}{colon} {pts(e.points)} / {pts(e.max)}{bonus}")
    text = "\n".join(out) + "\n"
    for part in e.parts:
        text += "\n" + explanation_text(part, lang, indent + "    ")
    return text
