"""The HTML report: one self-contained file (inline CSS, inline SVG charts, no network)."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from decimal import Decimal

from attrs import field, frozen

from cpg_score._convert import to_tuple
from cpg_score._numbers import number_text
from cpg_score.model.scorecard import Scorecard
from cpg_score.reports._card_rows import CardRowKind, card_rows, columns, has_indicators, row_figures
from cpg_score.reports._charts import (
    EXTRA_HINT,
    MAX_BARS,
    axes_chart_fits,
    axes_chart_svg,
    have_matplotlib,
    histogram_svg,
    points_chart_level,
    points_chart_svg,
)
from cpg_score.reports._simulate import given
from cpg_score.reports._text import (
    TEXT,
    entity_name,
    entity_notes,
    format_number,
    note_text,
    scale_lines,
)
from cpg_score.simulate import MonteCarlo


@frozen
class SimulationChart:
    """Simulated totals to show as a histogram in the HTML report, with thresholds marked.

    Attributes:
        totals: The simulated totals (points).
        thresholds: `(label, points)` pairs to mark.
        title: The chart's title (default: "Distribution simulée du total" / "Simulated
            distribution of the total").
        run: The Monte Carlo run the totals come from: when given, the page also shows the
            probability of reaching each threshold, the quantiles of the total and of each
            objective, and the profit-sharing per FTE when the run computed it.
    """

    totals: tuple[Decimal | float | int, ...] = field(converter=to_tuple)
    thresholds: tuple[tuple[str, Decimal | float | int], ...] = field(default=(), converter=to_tuple)
    title: str | None = None
    run: MonteCarlo | None = None


_CSS = """
:root { --ink: #1b1b1b; --muted: #5c5c5c; --line: #d0d0d0; --axis: #eef3f8; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink); margin: 0;
  background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; color: var(--accent); }
h2 { font-size: 1.15rem; margin: 32px 0 8px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
p.meta { color: var(--muted); margin: 0 0 16px; }
table.results { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
table.results th, table.results td { border-bottom: 1px solid var(--line); padding: 6px 8px; }
table.results th { text-align: left; background: var(--accent); color: #fff; }
table.results td.num, table.results th.num { text-align: right; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
table.results tr.axis td { background: var(--axis); font-weight: bold; }
table.results tr.objective td:first-child { padding-left: 24px; }
table.results tr.indicator td { font-size: 0.85rem; color: #333; }
table.results tr.indicator td:first-child { padding-left: 48px; }
table.results td.reason { color: var(--muted); font-size: 0.8rem; }
table.simulation { border-collapse: collapse; font-size: 0.9rem; margin: 8px 0 16px; }
table.simulation th, table.simulation td { border-bottom: 1px solid var(--line); padding: 4px 8px; }
table.simulation th { background: var(--axis); text-align: left; }
table.simulation td.num, table.simulation th.num { text-align: right; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
table.results tr.total td { font-weight: bold; border-top: 2px solid var(--ink); background: #f7f7f7; }
table.results tr.neutralised td { color: var(--muted); font-style: italic; }
ul.notes { color: var(--muted); font-size: 0.85rem; }
figure { margin: 16px 0; }
figure svg { max-width: 100%; height: auto; }
p.no-charts, p.chart-note { border-left: 4px solid #E69F00; background: #fff8e6; padding: 8px 12px; }
footer { color: var(--muted); font-size: 0.8rem; margin-top: 32px; }
"""


_NUM_TH = '<th class="num">{}</th>'
_NUM_TD = '<td class="num">{}</td>'


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _table(cards: Sequence[Scorecard], lang: str) -> list[str]:
    """The results table: axes, objectives and their indicators (result, floor, target), the
    total named by the grid's level."""
    t = TEXT[lang]
    detail = has_indicators(cards)
    headers, owners = columns(cards, lang, detail)
    out = ['<table class="results" id="results-table">', "<thead>"]
    if any(owners):
        out.append("<tr><th></th>" + "".join(_owner_cells(owners)) + "</tr>")
    out.append(
        f"<tr><th>{_e(t['objective'])}</th>" + "".join(_NUM_TH.format(_e(h)) for h in headers) + "</tr>"
    )
    out.append("</thead>")
    out.append("<tbody>")
    for row in card_rows(cards, lang):
        classes = row.kind.value + (" neutralised" if all(c.neutralised for c in row.cells) else "")
        reasons = sorted({c.reason for c in row.cells if c.reason})
        title = f' title="{_e("; ".join(reasons))}"' if reasons and row.kind is CardRowKind.INDICATOR else ""
        out.append(
            f'<tr class="{classes}" data-id="{_e(row.id)}"{title}><td>{_e(row.label)}</td>'
            + "".join(_NUM_TD.format(_e(f)) for f in row_figures(row, len(cards), detail))
            + "</tr>"
        )
    out.append("</tbody>")
    out.append("</table>")
    return out


def _owner_cells(owners: list[str]) -> list[str]:
    """The header cells naming each entity above its columns (an empty cell above shared ones)."""
    out: list[str] = []
    index = 0
    while index < len(owners):
        span = 1
        while index + span < len(owners) and owners[index + span] == owners[index]:
            span += 1
        name = owners[index]
        if name:
            out.append(f'<th class="num" colspan="{span}">{_e(name)}</th>')
        else:
            out.extend(["<th></th>"] * span)
        index += span
    return out


def render_html(
    cards: Sequence[Scorecard],
    lang: str = "fr",
    *,
    simulations: Sequence[SimulationChart] = (),
    charts: bool = True,
) -> str:
    """The HTML report of one entity, or of several side by side.

    Args:
        cards: The scorecards (one grid).
        lang: `fr` or `en`.
        simulations: Histograms of simulated totals to add
            (see [`SimulationChart`][cpg_score.reports.SimulationChart]).
        charts: Draw the charts (when matplotlib is installed; otherwise the report says how to get them).

    Returns:
        A complete HTML document: inline CSS, inline SVG, nothing fetched from the network.
    """
    t = TEXT[lang]
    first = cards[0]
    names = ", ".join(entity_name(c) for c in cards)
    heading = names if len(cards) > 1 else entity_name(first)
    colon = "\u00a0:" if lang == "fr" else ":"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(heading)} — {_e(first.grid_label)} ({first.period})</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_e(heading)}</h1>",
        f'<p class="meta">{_e(t["grid"])}{colon} {_e(first.grid_label)} ({_e(first.grid_id)}) — '
        f"{_e(t['period'])}{colon} {first.period}</p>",
        f'<section id="results"><h2>{_e(t["results"] if len(cards) == 1 else t["comparison"])}</h2>',
        *_table(cards, lang),
        *(f'<p class="scale"><strong>{_e(line)}</strong></p>' for line in scale_lines(cards, lang)),
    ]
    notes = _notes(cards, lang)
    if notes:
        out.append(f'<h3>{_e(t["notes"])}</h3><ul class="notes">')
        out.extend(f"<li>{_e(note)}</li>" for note in notes)
        out.append("</ul>")
    out.append("</section>")
    out.extend(_simulation_section(cards[0], lang, simulations))
    if charts:
        out.extend(_charts(cards, lang, simulations))
    out.append(f"<footer>{_e(t['generated'])}</footer>")
    out.extend(["</main>", "</body>", "</html>"])
    return "\n".join(out) + "\n"


def _notes(cards: Sequence[Scorecard], lang: str) -> list[str]:
    """The notes under the table: neutralisations, then the entities' own points and bounds."""
    prefix = len(cards) > 1
    return [
        (f"{entity_name(c)} — " if prefix else "") + note_text(c, n, lang)
        for c in cards
        for n in c.neutralisations
    ] + [(f"{entity_name(c)} — " if prefix else "") + note for c in cards for note in entity_notes(c, lang)]


#: What the report says when a chart shows the axes, or is left out, because of its size.
_CHART_NOTES = {
    "fr": {
        "points_by_axis": (
            "Le graphique des points montre les axes : {objectives} objectifs feraient plus de "
            "{bars} barres, illisibles. Le tableau donne chaque objectif."
        ),
        "points_none": (
            "Pas de graphique des points : {axes} axes feraient plus de {bars} barres, illisibles. "
            "Le tableau donne tous les chiffres."
        ),
        "axes_none": (
            "Pas de graphique des axes : {axes} axes feraient plus de {bars} barres, illisibles. "
            "Le tableau donne tous les chiffres."
        ),
    },
    "en": {
        "points_by_axis": (
            "The points chart shows the axes: {objectives} objectives would make more than {bars} "
            "bars, unreadable. The table gives every objective."
        ),
        "points_none": (
            "No points chart: {axes} axes would make more than {bars} bars, unreadable. "
            "The table gives every figure."
        ),
        "axes_none": (
            "No axes chart: {axes} axes would make more than {bars} bars, unreadable. "
            "The table gives every figure."
        ),
    },
}


def _chart_note(key: str, cards: Sequence[Scorecard], lang: str) -> str:
    first = cards[0]
    text = _CHART_NOTES[lang][key].format(
        objectives=format_number(Decimal(len(first.objectives)), lang),
        axes=format_number(Decimal(len(first.axes)), lang),
        bars=format_number(Decimal(MAX_BARS), lang),
    )
    return f'<p class="chart-note" id="note-{key}">{_e(text)}</p>'


def _charts(cards: Sequence[Scorecard], lang: str, simulations: Sequence[SimulationChart]) -> list[str]:
    """The charts section: the points and axes charts (within `MAX_BARS`), the histograms."""
    t = TEXT[lang]
    out = [f'<section id="charts"><h2>{_e(t["charts"])}</h2>']
    if not have_matplotlib():
        out.append(f'<p class="no-charts">{_e(t["no_charts"])}</p>')
        out.append(f"<!-- {EXTRA_HINT} -->")
        out.append("</section>")
        return out
    level = points_chart_level(cards)
    if level == "axis":
        out.append(_chart_note("points_by_axis", cards, lang))
    if level is None:
        out.append(_chart_note("points_none", cards, lang))
    else:
        out.append(f'<figure id="figure-points">{points_chart_svg(cards, lang)}</figure>')
    if axes_chart_fits(cards):
        out.append(f'<figure id="figure-axes">{axes_chart_svg(cards, lang)}</figure>')
    else:
        out.append(_chart_note("axes_none", cards, lang))
    for index, sim in enumerate(simulations):
        thresholds: Mapping[str, Decimal | float | int] = dict(sim.thresholds)
        svg = histogram_svg(
            sim.totals,
            thresholds,
            lang=lang,
            title=sim.title,
            chart_id=f"chart-histogram-{index + 1}",
        )
        out.append(f'<figure id="figure-histogram-{index + 1}">{svg}</figure>')
    out.append("</section>")
    return out


#: The words of the simulation section, per language.
_SIM_WORDS = {
    "fr": {
        "title": "Simulation",
        "run": "{draws} tirages, graine {seed}\u00a0; total actuel {start}",
        "threshold": "Seuil (points)",
        "probability": "Probabilité de l'atteindre",
        "quantiles": "Distribution des points",
        "item": "Objectif",
        "total": "Total",
        "mean": "Moyenne",
        "sd": "Écart-type",
        "min": "Min",
        "max": "Max",
        "profit": "Intéressement par ETP",
        "profit_text": (
            "Montant par ETP\u00a0: {mean} en moyenne, de {low} à {high} dans 90\u00a0% des tirages"
        ),
    },
    "en": {
        "title": "Simulation",
        "run": "{draws} draws, seed {seed}; current total {start}",
        "threshold": "Threshold (points)",
        "probability": "Probability of reaching it",
        "quantiles": "Distribution of the points",
        "item": "Objective",
        "total": "Total",
        "mean": "Mean",
        "sd": "SD",
        "min": "Min",
        "max": "Max",
        "profit": "Profit-sharing per FTE",
        "profit_text": "Amount per FTE: {mean} on average, from {low} to {high} in 90% of the draws",
    },
}
_QUANTILES = (5, 25, 50, 75, 95)
#: The name of the profit-sharing figure of a run (`simulate --profit-sharing`).
PROFIT_SHARING_FIGURE = "profit_sharing_per_fte"


def _simulation_section(card: Scorecard, lang: str, simulations: Sequence[SimulationChart]) -> list[str]:
    """For each simulation given with its run: the threshold probabilities, the quantiles of the
    total and of each objective, and the profit-sharing per FTE when the run computed it."""
    out: list[str] = []
    for index, sim in enumerate(simulations):
        if sim.run is not None:
            out.extend(_simulation(card, sim.run, lang, f"simulation-{index + 1}"))
    return out


def _simulation(card: Scorecard, run: MonteCarlo, lang: str, sid: str) -> list[str]:
    w = _SIM_WORDS[lang]
    start = number_text(run.start, run.places, lang=lang, grouped=True)
    meta = w["run"].format(draws=format_number(Decimal(run.draws), lang), seed=run.seed, start=start)
    out = [
        f'<section id="{sid}" class="simulation"><h2>{_e(w["title"])}</h2>',
        f'<p class="meta">{_e(meta)}</p>',
    ]
    out.extend(_thresholds_table(run, lang, sid))
    out.extend(_quantiles_table(card, run, lang, sid))
    out.extend(_profit_sharing(run, lang, sid))
    out.append("</section>")
    return out


def _thresholds_table(run: MonteCarlo, lang: str, sid: str) -> list[str]:
    """The probability of reaching each threshold of the run."""
    if not run.thresholds:
        return []
    w = _SIM_WORDS[lang]
    out = [
        f'<table class="simulation" id="{sid}-thresholds"><thead><tr><th>{_e(w["threshold"])}</th>'
        + _NUM_TH.format(_e(w["probability"]))
        + "</tr></thead><tbody>"
    ]
    for threshold, probability in run.thresholds:
        percent = number_text(probability * 100, 2, lang=lang, grouped=True, percent=True)
        shown = given(threshold, run.places, lang)
        out.append(f"<tr><td>{_e(shown)}</td>{_NUM_TD.format(_e(percent))}</tr>")
    out.append("</tbody></table>")
    return out


def _quantiles_table(card: Scorecard, run: MonteCarlo, lang: str, sid: str) -> list[str]:
    """The distribution of the total and of each objective: mean, SD, quantiles, min, max."""
    w = _SIM_WORDS[lang]
    heads = [w["mean"], w["sd"], *(f"p{q}" for q in _QUANTILES), w["min"], w["max"]]
    out = [f'<h3>{_e(w["quantiles"])}</h3><table class="simulation" id="{sid}-quantiles"><thead><tr>']
    out.append(
        f"<th>{_e(w['item'])}</th>" + "".join(_NUM_TH.format(_e(h)) for h in heads) + "</tr></thead><tbody>"
    )
    labels = {o.id: o.label for o in card.objectives}
    named = [(labels.get(oid, label or oid), stats, "") for oid, label, stats in run.objectives]
    named.append((w["total"], run.total, "total"))
    for label, stats, kind in named:
        figures = (stats.mean, stats.sd, *(stats.percentile(q) for q in _QUANTILES), stats.min, stats.max)
        cells = "".join(
            _NUM_TD.format(_e(number_text(v, run.places, lang=lang, grouped=True))) for v in figures
        )
        row_class = f' class="{kind}"' if kind else ""
        out.append(f"<tr{row_class}><td>{_e(label)}</td>{cells}</tr>")
    out.append("</tbody></table>")
    return out


def _profit_sharing(run: MonteCarlo, lang: str, sid: str) -> list[str]:
    """The profit-sharing per FTE over the draws, when the run computed it."""
    stats = dict(run.extra).get(PROFIT_SHARING_FIGURE)
    if stats is None:
        return []
    w = _SIM_WORDS[lang]

    def euros(value: object) -> str:
        text = number_text(value, 2, lang=lang, grouped=True)  # type: ignore[arg-type]
        return f"{text}\u00a0€" if lang == "fr" else f"€{text}"

    text = w["profit_text"].format(
        mean=euros(stats.mean), low=euros(stats.percentile(5)), high=euros(stats.percentile(95))
    )
    return [f'<h3>{_e(w["profit"])}</h3><p class="profit-sharing" id="{sid}-profit-sharing">{_e(text)}</p>']
