"""The simulation renderers by name (formerly in `cpg_score.simulate`): English by default."""

from __future__ import annotations

from cpg_score._args import expect
from cpg_score.render._sim_views import (
    comparison_table,
    montecarlo_table,
    plan_table,
    profit_sharing_table,
    projection_table,
    sensitivity_table,
)
from cpg_score.render._simulate import check_format, render_table
from cpg_score.render._text import check_lang
from cpg_score.simulate.montecarlo import MonteCarlo
from cpg_score.simulate.plan import Plan
from cpg_score.simulate.profit_sharing import ProfitSharingResult
from cpg_score.simulate.projection import Projection
from cpg_score.simulate.sensitivity import Sensitivity
from cpg_score.simulate.whatif import Comparison

__all__ = [
    "render_comparison",
    "render_montecarlo",
    "render_plan",
    "render_profit_sharing",
    "render_projection",
    "render_sensitivity",
]


def _options(fmt_name: str, lang: str) -> None:
    check_format(fmt_name)
    expect("lang", lang, str, "fr or en")
    check_lang(lang)


def render_comparison(comparison: Comparison, fmt_name: str = "table", lang: str = "en") -> str:
    """Render a what-if comparison as `table`, `markdown`, `csv` or `json`, in `lang`."""
    expect("comparison", comparison, Comparison, "a Comparison")
    _options(fmt_name, lang)
    return render_table(comparison_table(comparison, fmt_name, lang), fmt_name)


def render_sensitivity(table: Sensitivity, fmt_name: str = "table", lang: str = "en") -> str:
    """Render a sensitivity table as `table`, `markdown`, `csv` or `json`, in `lang`."""
    expect("table", table, Sensitivity, "a Sensitivity")
    _options(fmt_name, lang)
    return render_table(sensitivity_table(table, fmt_name, lang), fmt_name)


def render_plan(result: Plan, fmt_name: str = "table", lang: str = "en") -> str:
    """Render a plan as `table`, `markdown`, `csv` or `json`, in `lang`."""
    expect("result", result, Plan, "a Plan")
    _options(fmt_name, lang)
    return render_table(plan_table(result, fmt_name, lang), fmt_name)


def render_montecarlo(run: MonteCarlo, fmt_name: str = "table", lang: str = "en") -> str:
    """Render a Monte Carlo run as `table`, `markdown`, `csv` or `json`, in `lang`.

    Raises:
        TypeError: `run` is not a `MonteCarlo`, or `fmt_name` not a string.
        ValueError: `fmt_name` is not one of the formats.
    """
    expect("run", run, MonteCarlo, "a MonteCarlo (see simulate)")
    _options(fmt_name, lang)
    return render_table(montecarlo_table(run, fmt_name, lang), fmt_name)


def render_projection(result: Projection, fmt_name: str = "table", lang: str = "en") -> str:
    """Render a projection as `table`, `markdown`, `csv` or `json`, in `lang`.

    Raises:
        TypeError: `result` is not a `Projection`, or `fmt_name` not a string.
        ValueError: `fmt_name` is not one of the formats.
    """
    expect("result", result, Projection, "a Projection (see project)")
    _options(fmt_name, lang)
    return render_table(projection_table(result, fmt_name, lang), fmt_name)


def render_profit_sharing(result: ProfitSharingResult, fmt_name: str = "table", lang: str = "en") -> str:
    """Render a profit-sharing computation as `table`, `markdown`, `csv` or `json`, in `lang`."""
    expect("result", result, ProfitSharingResult, "a ProfitSharingResult")
    _options(fmt_name, lang)
    return render_table(profit_sharing_table(result, fmt_name, lang), fmt_name)
