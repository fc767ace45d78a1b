"""Check reports and explanations as plain text, in French or English (English as printed
since they were first written; the findings' messages and arithmetic lines stay as computed)."""

from __future__ import annotations

from typing import Any

from cpg_score._numbers import Exact, decimal_text, number_text
from cpg_score.scoring import CheckReport, Explanation

__all__ = ["check_text", "explanation_text"]

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "checked": "checked {entities} entities: {findings} findings",
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
        "checked": "{entities} entités vérifiées\u00a0: {findings} constats",
        "identical-figures": "chiffres identiques",
        "repeated-label": "libellé répété",
        "out-of-domain": "hors domaine",
        "total-mismatch": "total discordant",
        "confirmed": "totaux confirmés",
        "not_checked": "non vérifié",
        "indicator": "indicateur",
        "objective": "objectif",
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

_KINDS = ("identical-figures", "repeated-label", "out-of-domain", "total-mismatch")


def check_text(report: CheckReport, lang: str) -> str:
    """A check report: findings by kind, then the confirmed totals and the notes."""
    w = _WORDS[lang]
    colon = "\u00a0:" if lang == "fr" else ":"
    lines = [w["checked"].format(entities=len(report.entities), findings=len(report.findings))]
    sections: list[tuple[str, list[str]]] = [
        (w[kind], [f.message for f in report.findings if f.kind == kind]) for kind in _KINDS
    ]
    sections.append((w["confirmed"], [c.describe() for c in report.confirmed]))
    sections.append((w["not_checked"], list(report.notes)))
    for heading, items in sections:
        if items:
            lines.extend(["", f"{heading} ({len(items)}){colon}"])
            lines.extend(f"  - {item}" for item in items)
    return "\n".join(lines) + "\n"


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
    out = [f"{indent}{w.get(e.kind, e.kind)} {e.id} — {e.label}", f"{indent}  {e.context}"]
    if e.inputs:
        out.append(f"{indent}{w['inputs']}{colon} " + "; ".join(f"{k} = {v}" for k, v in e.inputs))
    if e.rule is not None:
        out.append(f"{indent}{w['rule']}{colon} {e.rule_text()}")
    if e.neutralised is not None:
        out.append(f"{indent}{w['neutralised']}{colon} {e.neutralised}")
    out.append(f"{indent}{w['arithmetic']}{colon}")
    out.extend(f"{indent}  {step}" for step in e.steps)
    rate = "-" if e.rate is None else pct(e.rate)
    bonus = f" ({w['base']} {pts(e.points - e.bonus)} + {w['bonus']} {pts(e.bonus)})" if e.bonus else ""
    out.append(f"{indent}{w['rate']}{colon} {rate}")
    out.append(f"{indent}{w['points']}{colon} {pts(e.points)} / {pts(e.max)}{bonus}")
    text = "\n".join(out) + "\n"
    for part in e.parts:
        text += "\n" + explanation_text(part, lang, indent + "    ")
    return text
