"""The simulation results as tables, in French or English.

A table for people (`table`, `markdown`) names each item by its label and shows a share as a
percent (`57,39 %`); CSV, for spreadsheets and programs, keeps the id column and the plain
figures (a share as `0.5739`), and JSON is the result's own shape.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from cpg_score._numbers import Exact, decimal_text, number_text, to_fraction
from cpg_score.model.grid import Unit
from cpg_score.model.rules.binary import BinaryRule
from cpg_score.model.scorecard import Scorecard
from cpg_score.reports._profit_views import money
from cpg_score.reports._simulate import Table, fmt, given
from cpg_score.reports._text import TEXT, plan_method_text, projection_method_text, rule_word, sim_percent
from cpg_score.simulate import (
    BINS,
    EXACT_DRAWS,
    Comparison,
    Lever,
    MonteCarlo,
    Plan,
    Projection,
    RowKind,
    Sensitivity,
    Stats,
)

__all__ = [
    "comparison_table",
    "montecarlo_table",
    "plan_table",
    "projection_table",
    "sensitivity_table",
]


def _override(value: Exact, lang: str) -> str:
    """An override as given: a fraction that no decimal writes (15/31 of a month) as `15/31`."""
    if isinstance(value, Fraction) and Fraction(decimal_text(value)) != value:
        return f"{value.numerator}/{value.denominator}"
    return given(value, 0, lang)


def _number_lang(fmt_name: str, lang: str) -> str:
    # CSV is for machines: its numbers are plain decimal text whatever the language.
    return "en" if fmt_name == "csv" else lang


def _percent(value: Exact | None, lang: str, places: int = 2, signed: bool = False) -> str:
    """A share as a percent for people: `57,39 %` (fr), `57.39%` (en); `-` for no value."""
    if value is None:
        return "-"
    return number_text(to_fraction(value) * 100, places, lang=lang, grouped=True, percent=True, signed=signed)


def _figure(value: Exact | None, unit: Unit | None, fmt_name: str, lang: str, digits: int = 2) -> str:
    """A lever's value: a percent for a share in a table for people, else a number (`digits`
    decimals; 4 for a share in CSV)."""
    if fmt_name != "csv" and unit is Unit.SHARE:
        return _percent(value, lang)
    places = max(4, digits) if unit is Unit.SHARE else digits
    return fmt(value, places, lang=_number_lang(fmt_name, lang))


def _name(fmt_name: str, item_id: str, label: str) -> list[str]:
    """The first cells naming an item: its label (tables), its id and label (CSV)."""
    return [item_id, label] if fmt_name == "csv" else [label or item_id]


def _name_headers(fmt_name: str, w: dict[str, str], key: str) -> list[str]:
    return [w["s_id"], w["s_label"]] if fmt_name == "csv" else [w[key]]


def _label(card: Scorecard, item_id: str) -> str:
    found = card.item(item_id)
    return item_id if found is None else found.label


def comparison_table(comparison: Comparison, fmt_name: str, lang: str) -> Table:
    """A what-if comparison: points per scenario and their changes, objectives under their axis."""
    w, nl = TEXT[lang], _number_lang(fmt_name, lang)
    base = comparison.base
    places = base.rounding.points
    headers = [*_name_headers(fmt_name, w, "s_item"), w["s_base"]]
    for scenario, _ in comparison.scenarios:
        headers.extend([scenario.label, w["s_delta"]])
    rows = []
    for row in comparison.rows():
        label = row["label"]
        if row["kind"] is RowKind.TOTAL:
            label = w["s_total_row"]
        elif row["kind"] is RowKind.OBJECTIVE and fmt_name != "csv":
            label = "  " + label
        cells = [*_name(fmt_name, row["id"], label), fmt(row["base"], places, lang=nl)]
        for item in row["scenarios"]:
            cells.extend([fmt(item["points"], places, lang=nl), fmt(item["delta"], places, True, nl)])
        rows.append(cells)
    title = w["s_whatif"].format(entity=base.entity.label or base.entity.id, grid=base.grid_label)
    colon = "\u00a0:" if lang == "fr" else ":"
    notes = [
        f"- {s.label}{colon} " + ", ".join(f"{_label(base, i)} = {_override(v, nl)}" for i, v in s.overrides)
        for s, _ in comparison.scenarios
    ]
    left = (0, 1) if fmt_name == "csv" else (0,)
    return Table(title=title, headers=headers, rows=rows, data=comparison.to_dict(), notes=notes, left=left)


def _lever_value(lever: Lever, fmt_name: str, lang: str) -> str:
    """A lever's value as a reader wrote it: a refusal and a yes/no answer as their word."""
    rule, words = lever.rule, TEXT[lang]
    if lever.refused:
        return words["refusal"]
    if isinstance(rule, BinaryRule) and rule.threshold is None and lever.value in (0, 1):
        return words["yes"] if lever.value == 1 else words["no"]
    return _figure(lever.value, lever.unit, fmt_name, lang)


def _sensitivity_cells(r: Any, fmt_name: str, lang: str, places: int) -> list[str]:
    """One lever's cells: rule, value, points, gain per rate point (per unit), next step..."""
    nl = _number_lang(fmt_name, lang)
    unit = r.lever.unit
    share = unit is Unit.SHARE
    csv = fmt_name == "csv"
    slope = r.slope / 100 if share else r.slope
    needed = fmt(r.needed, 4, lang=nl) if csv or not share else _percent(r.needed, lang)
    return [
        r.lever.rule.type if csv else rule_word(r.lever.rule.type, lang),
        _lever_value(r.lever, fmt_name, lang),
        fmt(r.points, places, lang=nl),
        *([fmt(r.slope, places, lang=nl)] if csv else []),
        fmt(slope, places, lang=nl),
        _figure(r.next_breakpoint, unit, fmt_name, lang),
        needed,
        fmt(r.gain_at_next, places, lang=nl),
        fmt(r.headroom, places, lang=nl),
    ]


def sensitivity_table(table: Sensitivity, fmt_name: str, lang: str) -> Table:
    """A sensitivity table: the gain of points per point of rate, the next step and the headroom."""
    w, nl = TEXT[lang], _number_lang(fmt_name, lang)
    places = table.places
    rows = [
        [*_name(fmt_name, r.lever.id, r.lever.label), *_sensitivity_cells(r, fmt_name, lang, places)]
        for r in table.rows
    ]
    title = w["s_sensitivity"].format(
        entity=table.entity, grid=table.grid_id, total=fmt(table.total, places, lang=nl)
    )
    notes = [w["s_sensitivity_note1"], w["s_sensitivity_note2"]]
    keys = ["rule", "value", "points", *(["per_unit"] if fmt_name == "csv" else []), "per_point"]
    keys += ["next", "needed", "gain", "headroom"]
    headers = [*_name_headers(fmt_name, w, "s_indicator"), *(w[f"s_{key}"] for key in keys)]
    left = (0, 1, 2) if fmt_name == "csv" else (0, 1)
    return Table(title=title, headers=headers, rows=rows, data=table.to_dict(), notes=notes, left=left)


def _move_cells(m: Any, fmt_name: str, lang: str, places: int) -> list[str]:
    nl = _number_lang(fmt_name, lang)
    # A move knows its unit once the plan records it; a share shows as a percent.
    unit = getattr(m, "unit", None)
    values = [_figure(v, unit, fmt_name, lang, 6) for v in (m.before, m.after, m.improvement)]
    return [*values, fmt(m.cost, 6, lang=nl), fmt(m.gain, places, True, nl)]


def plan_table(result: Plan, fmt_name: str, lang: str) -> Table:
    """A plan: the moves, then whether the target is reached and at what cost."""
    w, nl = TEXT[lang], _number_lang(fmt_name, lang)
    places = result.places
    headers = [*_name_headers(fmt_name, w, "s_indicator")]
    headers += [w[f"s_{key}"] for key in ("before", "after", "improvement", "cost", "points")]
    rows = [[*_name(fmt_name, m.id, m.label), *_move_cells(m, fmt_name, lang, places)] for m in result.moves]
    target = given(result.target, places, nl)
    short = to_fraction(result.target) - to_fraction(result.best_reachable)
    verdict = (
        w["s_reached"].format(
            start=fmt(result.start, places, lang=nl), total=fmt(result.total, places, lang=nl), target=target
        )
        if result.reached
        else w["s_not_reached"].format(
            best=fmt(result.best_reachable, places, lang=nl), target=target, short=fmt(short, places, lang=nl)
        )
    )
    proof = w["s_proven"] if result.proven_optimal else w["s_not_proven"]
    method = plan_method_text(result.method, result.combinations, lang)
    cost = w["s_plan_cost"].format(cost=fmt(result.cost, 6, lang=nl), method=method, proof=proof)
    title = w["s_plan"].format(target=target, entity=result.entity, grid=result.grid_id)
    left = (0, 1) if fmt_name == "csv" else (0,)
    notes = [verdict, cost]
    return Table(title=title, headers=headers, rows=rows, data=result.to_dict(), notes=notes, left=left)


def _quantile_header(q: int, w: dict[str, str]) -> str:
    return w["s_median"] if q == 50 else f"P{q}"


def _extra_label(name: str, w: dict[str, str]) -> str:
    """A derived figure's name for people (`profit_sharing_per_fte`: « Intéressement par ETP »)."""
    return w.get(f"s_{name}", name)


def montecarlo_table(run: MonteCarlo, fmt_name: str, lang: str) -> Table:
    """A Monte Carlo run: the distribution of each objective and of the total."""
    w, nl = TEXT[lang], _number_lang(fmt_name, lang)
    places = run.places
    quantiles = (5, 25, 50, 75, 95)
    headers = [*_name_headers(fmt_name, w, "s_objective"), w["s_mean"], w["s_sd"]]
    headers += [*(_quantile_header(q, w) for q in quantiles), w["s_min"], w["s_max"]]

    def cells(item_id: str, label: str, s: Stats, euros: bool = False) -> list[str]:
        figures = (s.mean, s.sd, *(s.percentile(q) for q in quantiles), s.min, s.max)
        if euros:  # an amount (the profit-sharing per FTE): in euros, to the cent
            return [*_name(fmt_name, item_id, label), *(money(v, nl, csv=fmt_name == "csv") for v in figures)]
        return [*_name(fmt_name, item_id, label), *(fmt(v, places, lang=nl) for v in figures)]

    rows = [cells(oid, label, s) for oid, label, s in run.objectives]
    rows.append(cells("total", w["s_total_row"], run.total))
    rows.extend(cells(name, _extra_label(name, w), s, name.endswith("per_fte")) for name, s in run.extra)
    notes = [
        w["s_probability"].format(threshold=given(t, places, nl), percent=_percent(p, nl))
        for t, p in run.thresholds
    ]
    start = fmt(run.start, places, lang=nl)
    draws = number_text(run.draws, 0, lang=nl, grouped=True)
    notes.append(w["s_run"].format(draws=draws, seed=run.seed, backend=run.backend.value, start=start))
    error = max(s.error for s in (run.total, *(s for _, _, s in run.objectives), *(s for _, s in run.extra)))
    if error > 0:
        shown = f"{float(error):.2g}"
        notes.append(
            w["s_error"].format(
                error=shown.replace(".", ",") if nl == "fr" else shown, bins=BINS, exact=EXACT_DRAWS
            )
        )
    title = w["s_montecarlo"].format(entity=run.entity, grid=run.grid_id)
    left = (0, 1) if fmt_name == "csv" else (0,)
    return Table(title=title, headers=headers, rows=rows, data=run.to_dict(), notes=notes, left=left)


def projection_table(result: Projection, fmt_name: str, lang: str) -> Table:
    """A year-end projection: each lever's projected value, then the projected total."""
    w, nl = TEXT[lang], _number_lang(fmt_name, lang)
    keys = ("months", "to_date", "year_end", "low", "high", "method")
    rows = []
    for v in result.values:
        # A projected value knows its label and unit once the projection records them.
        unit = getattr(v, "unit", None)
        figures = (_figure(x, unit, fmt_name, lang, 4) for x in (v.to_date, v.central, v.low, v.high))
        name = _name(fmt_name, v.id, getattr(v, "label", v.id))
        rows.append([*name, str(v.months), *figures, projection_method_text(v.method, lang)])
    places = result.places
    note = w["s_projected"].format(
        central=fmt(result.central, places, lang=nl),
        level=sim_percent(fmt(result.level * 100, 0, lang=nl), lang),
        worse=fmt(result.worse, places, lang=nl),
        better=fmt(result.better, places, lang=nl),
    )
    title = w["s_projection"].format(entity=result.entity, grid=result.grid_id)
    headers = [*_name_headers(fmt_name, w, "s_indicator"), *(w[f"s_{key}"] for key in keys)]
    method_column = len(headers) - 1
    left = (0, 1, method_column) if fmt_name == "csv" else (0, method_column)
    return Table(title=title, headers=headers, rows=rows, data=result.to_dict(), notes=[note], left=left)
