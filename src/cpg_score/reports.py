"""Reports: a scorecard as a terminal table, Markdown, CSV or JSON, in French or English.

Reports are a thin layer over [`Scorecard`][cpg_score.Scorecard]: they present its exact figures
rounded half up (points to `rounding.points` decimals, rates in percent to
`rounding.rate_percent`), and add nothing of their own.

- `table` and `markdown` follow `lang` for headings and numbers (French `776,50`, `77,65 %`,
  `1 000` with a narrow no-break space; English `776.50`, `77.65%`, `1,000`).
- `csv` and `json` are for machines: numbers are always plain decimal text (`776.50`), only
  the CSV headings follow `lang`.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from .scorecard import Scorecard

__all__ = ["FORMATS", "LANGS", "format_number", "format_percent", "render"]

#: The report formats `render` knows.
FORMATS = ("table", "markdown", "csv", "json")
#: The languages of headings and numbers.
LANGS = ("fr", "en")

_NNBSP = "\u202f"

_TEXT = {
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
    },
}


def format_number(value: Decimal, lang: str) -> str:
    """Write an already rounded number for people: `1 000,50` (fr) or `1,000.50` (en).

    Examples:
        >>> format_number(Decimal("1000.50"), "fr")
        '1\u202f000,50'
    """
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, decimals = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    separator, point = (_NNBSP, ",") if lang == "fr" else (",", ".")
    out = separator.join(groups)
    return sign + out + (point + decimals if decimals else "")


def format_percent(value: Decimal, lang: str) -> str:
    """Write a rounded percent: `77,65 %` (fr, with a no-break space) or `77.65%` (en)."""
    return format_number(value, lang) + ("\u00a0%" if lang == "fr" else "%")


def _max_text(card: Scorecard, value: Decimal, lang: str) -> str:
    rounded = card.points(value)
    if rounded == rounded.to_integral_value():
        return format_number(rounded.quantize(Decimal(1)), lang)
    return format_number(rounded, lang)


def _rows(card: Scorecard, lang: str) -> list[tuple[str, str, str, str]]:
    """(kind, label, rate, points) rows: axis headings, objectives, the total."""
    rows: list[tuple[str, str, str, str]] = []
    for axis in card.axes:
        rows.append(
            (
                "axis",
                axis.label,
                format_percent(card.percent(axis.rate), lang),
                f"{format_number(card.points(axis.points), lang)} / {_max_text(card, axis.max, lang)}",
            )
        )
        for o in axis.objectives:
            rate = "-" if o.neutralised else format_percent(card.percent(o.rate), lang)
            rows.append(
                (
                    "objective",
                    o.label,
                    rate,
                    f"{format_number(card.points(o.points), lang)} / {_max_text(card, o.max, lang)}",
                )
            )
    rows.append(
        (
            "total",
            _TEXT[lang]["total"],
            format_percent(card.percent(card.total.rate), lang),
            f"{format_number(card.points(card.total.points), lang)} / "
            f"{_max_text(card, card.total.max, lang)}",
        )
    )
    return rows


def _title(card: Scorecard) -> str:
    return f"{card.entity.label or card.entity.id} — {card.grid_label} ({card.period})"


def _notes(card: Scorecard, lang: str) -> list[str]:
    t = _TEXT[lang]
    return [
        f"{t['neutralised']}: {n.id} — {n.reason} ({t['policy']}: {n.policy.value}; {n.effect})"
        for n in card.neutralisations
    ]


def render_table(card: Scorecard, lang: str = "fr") -> str:
    """An aligned plain-text table: axis headings, objectives indented, the total last."""
    t = _TEXT[lang]
    rows = _rows(card, lang)
    labels = [("" if kind == "axis" or kind == "total" else "  ") + label for kind, label, _, _ in rows]
    width = max(len(t["objective"]), *(len(label) for label in labels))
    rate_w = max(len(t["rate"]), *(len(r[2]) for r in rows))
    pts_w = max(len(t["points"]), *(len(r[3]) for r in rows))
    rule = "-" * (width + rate_w + pts_w + 4)
    lines = [
        _title(card),
        "",
        f"{t['objective']:<{width}}  {t['rate']:>{rate_w}}  {t['points']:>{pts_w}}",
        rule,
    ]
    for (kind, _, rate, points), label in zip(rows, labels, strict=True):
        if kind == "total":
            lines.append(rule)
        lines.append(f"{label:<{width}}  {rate:>{rate_w}}  {points:>{pts_w}}")
    notes = _notes(card, lang)
    if notes:
        lines.append("")
        lines.extend(notes)
    return "\n".join(lines) + "\n"


def render_markdown(card: Scorecard, lang: str = "fr") -> str:
    """A Markdown table in the layout of the published "RÉSULTATS" page."""
    t = _TEXT[lang]
    lines = [
        f"## {_title(card)}",
        "",
        f"| {t['objective']} | {t['rate']} | {t['points']} |",
        "|---|---:|---:|",
    ]
    for kind, label, rate, points in _rows(card, lang):
        text = label.replace("|", "\\|")
        if kind in ("axis", "total"):
            lines.append(f"| **{text}** | **{rate}** | **{points}** |")
        else:
            lines.append(f"| {text} | {rate} | {points} |")
    notes = _notes(card, lang)
    if notes:
        lines.append("")
        lines.extend(f"- {note}" for note in notes)
    return "\n".join(lines) + "\n"


def render_csv(card: Scorecard, lang: str = "fr") -> str:
    """One row per objective, axis and the total; numbers as plain decimal text."""
    t = _TEXT[lang]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            t["entity"],
            t["level"],
            t["axis"],
            t["id"],
            t["label"],
            t["rate_percent"],
            t["points"],
            t["max"],
            t["neutralised"],
            t["reason"],
        ]
    )
    entity = card.entity.id
    for axis in card.axes:
        for o in axis.objectives:
            writer.writerow(
                [
                    entity,
                    t["kind_objective"],
                    axis.id,
                    o.id,
                    o.label,
                    "" if o.neutralised else card.percent(o.rate),
                    card.points(o.points),
                    card.points(o.max),
                    t["yes"] if o.neutralised else t["no"],
                    o.reason or "",
                ]
            )
        writer.writerow(
            [
                entity,
                t["kind_axis"],
                axis.id,
                axis.id,
                axis.label,
                card.percent(axis.rate),
                card.points(axis.points),
                card.points(axis.max),
                t["no"],
                "",
            ]
        )
    writer.writerow(
        [
            entity,
            t["kind_total"],
            "",
            "total",
            t["total"],
            card.percent(card.total.rate),
            card.points(card.total.points),
            card.points(card.total.max),
            t["no"],
            "",
        ]
    )
    return out.getvalue()


def render_json(card: Scorecard, lang: str = "fr") -> str:
    """The stable JSON contract (`Scorecard.to_dict`), UTF-8, indented, keys in a fixed order."""
    return json.dumps(card.to_dict(), ensure_ascii=False, indent=2) + "\n"


_RENDERERS = {
    "table": render_table,
    "markdown": render_markdown,
    "csv": render_csv,
    "json": render_json,
}


def render(card: Scorecard, fmt: str = "table", lang: str = "fr") -> str:
    """Render a scorecard.

    Args:
        card: The scorecard.
        fmt: One of [`FORMATS`][cpg_score.reports.FORMATS].
        lang: `fr` or `en`.

    Returns:
        The report text (ending with a newline).

    Raises:
        ValueError: Unknown format or language.
    """
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    return _RENDERERS[fmt](card, lang)
