"""The simulation results as tables, in French or English (English as printed since 0.x)."""

from __future__ import annotations

from fractions import Fraction

from cpg_score._numbers import Exact, decimal_text, to_fraction
from cpg_score.model.grid import Unit
from cpg_score.model.rules.binary import BinaryRule
from cpg_score.reports._simulate import Table, fmt, given
from cpg_score.reports._text import TEXT, plan_method_text, projection_method_text, sim_percent
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


def comparison_table(comparison: Comparison, fmt_name: str, lang: str) -> Table:
    """A what-if comparison: points per scenario and their deltas."""
    w, nl = TEXT[lang], _number_lang(fmt_name, lang)
    places = comparison.base.rounding.points
    headers = [w["s_id"], w["s_base"]]
    for scenario, _ in comparison.scenarios:
        headers.extend([scenario.label, w["s_delta"]])
    rows = []
    for row in comparison.rows():
        rid = row["id"] if row["kind"] is not RowKind.AXIS else f"[{row['id']}]"
        rid = w["s_total_row"] if row["kind"] is RowKind.TOTAL else rid
        cells = [rid, fmt(row["base"], places, lang=nl)]
        for item in row["scenarios"]:
            cells.extend([fmt(item["points"], places, lang=nl), fmt(item["delta"], places, True, nl)])
        rows.append(cells)
    base = comparison.base
    title = w["s_whatif"].format(entity=base.entity.label or base.entity.id, grid=base.grid_id)
    notes = [
        f"- {s.label}: " + ", ".join(f"{i} = {_override(v, nl)}" for i, v in s.overrides)
        for s, _ in comparison.scenarios
    ]
    return Table(title=title, headers=headers, rows=rows, data=comparison.to_dict(), notes=notes)


def _lever_value(lever: Lever, digits: int, lang: str, number_lang: str) -> str:
    """A lever's value as a reader wrote it: a refusal and a yes/no answer as their word."""
    rule, words = lever.rule, TEXT[lang]
    if lever.refused:
        return words["refusal"]
    if isinstance(rule, BinaryRule) and rule.threshold is None and lever.value in (0, 1):
        return words["yes"] if lever.value == 1 else words["no"]
    return fmt(lever.value, digits, lang=number_lang)


def sensitivity_table(table: Sensitivity, fmt_name: str, lang: str) -> Table:
    """A sensitivity table: points per unit, next breakpoint and headroom per lever."""
    w, nl = TEXT[lang], _number_lang(fmt_name, lang)
    places = table.places
    keys = ("id", "rule", "value", "points", "per_unit", "per_point", "next", "needed", "gain", "headroom")
    rows = []
    for r in table.rows:
        share = r.lever.unit is Unit.SHARE
        digits = 4 if share else 2
        rows.append(
            [
                r.lever.id,
                r.lever.rule.type,
                _lever_value(r.lever, digits, lang, nl),
                fmt(r.points, places, lang=nl),
                fmt(r.slope, places, lang=nl),
                fmt(r.slope / 100, 4, lang=nl) if share else "-",
                fmt(r.next_breakpoint, digits, lang=nl),
                fmt(r.needed, digits, lang=nl),
                fmt(r.gain_at_next, places, lang=nl),
                fmt(r.headroom, places, lang=nl),
            ]
        )
    title = w["s_sensitivity"].format(
        entity=table.entity, grid=table.grid_id, total=fmt(table.total, places, lang=nl)
    )
    notes = [w["s_sensitivity_note1"], w["s_sensitivity_note2"]]
    headers = [w[f"s_{key}"] for key in keys]
    return Table(title=title, headers=headers, rows=rows, data=table.to_dict(), notes=notes)


def plan_table(result: Plan, fmt_name: str, lang: str) -> Table:
    """A plan: the moves, then whether the target is reached and at what cost."""
    w, nl = TEXT[lang], _number_lang(fmt_name, lang)
    places = result.places
    headers = [w[f"s_{key}"] for key in ("id", "before", "after", "improvement", "cost", "points")]
    rows = [
        [
            m.id,
            *(fmt(v, 6, lang=nl) for v in (m.before, m.after, m.improvement, m.cost)),
            fmt(m.gain, places, True, nl),
        ]
        for m in result.moves
    ]
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
    return Table(title=title, headers=headers, rows=rows, data=result.to_dict(), notes=[verdict, cost])


def montecarlo_table(run: MonteCarlo, fmt_name: str, lang: str) -> Table:
    """A Monte Carlo run: the distribution of each objective and of the total."""
    w, nl = TEXT[lang], _number_lang(fmt_name, lang)
    places = run.places
    quantiles = (5, 25, 50, 75, 95)
    headers = [w["s_id"], w["s_mean"], w["s_sd"], *(f"p{q}" for q in quantiles), w["s_min"], w["s_max"]]

    def cells(name: str, s: Stats) -> list[str]:
        figures = (s.mean, s.sd, *(s.percentile(q) for q in quantiles), s.min, s.max)
        return [name, *(fmt(v, places, lang=nl) for v in figures)]

    rows = [cells(oid, s) for oid, _, s in run.objectives]
    rows.append(cells(w["s_total_row"], run.total))
    rows.extend(cells(name, s) for name, s in run.extra)
    notes = [
        w["s_probability"].format(
            threshold=given(t, places, nl), percent=sim_percent(fmt(p * 100, 2, lang=nl), lang)
        )
        for t, p in run.thresholds
    ]
    start = fmt(run.start, places, lang=nl)
    notes.append(w["s_run"].format(draws=run.draws, seed=run.seed, backend=run.backend.value, start=start))
    error = max(s.error for s in (run.total, *(s for _, _, s in run.objectives), *(s for _, s in run.extra)))
    if error > 0:
        shown = f"{float(error):.2g}"
        notes.append(
            w["s_error"].format(
                error=shown.replace(".", ",") if nl == "fr" else shown, bins=BINS, exact=EXACT_DRAWS
            )
        )
    title = w["s_montecarlo"].format(entity=run.entity, grid=run.grid_id)
    return Table(title=title, headers=headers, rows=rows, data=run.to_dict(), notes=notes)


def projection_table(result: Projection, fmt_name: str, lang: str) -> Table:
    """A year-end projection: each lever's projected value, then the projected total."""
    w, nl = TEXT[lang], _number_lang(fmt_name, lang)
    keys = ("id", "months", "to_date", "year_end", "low", "high", "method")
    rows = []
    for v in result.values:
        figures = (fmt(x, 4, lang=nl) for x in (v.to_date, v.central, v.low, v.high))
        rows.append([v.id, str(v.months), *figures, projection_method_text(v.method, lang)])
    places = result.places
    note = w["s_projected"].format(
        central=fmt(result.central, places, lang=nl),
        level=sim_percent(fmt(result.level * 100, 0, lang=nl), lang),
        worse=fmt(result.worse, places, lang=nl),
        better=fmt(result.better, places, lang=nl),
    )
    title = w["s_projection"].format(entity=result.entity, grid=result.grid_id)
    headers = [w[f"s_{key}"] for key in keys]
    return Table(title=title, headers=headers, rows=rows, data=result.to_dict(), notes=[note], left=(0, 6))
