"""The simulation renderers by name (formerly in `cpg_score.simulate`): English by default."""

from __future__ import annotations

from typing import TypeVar

from cpg_score._args import expect
from cpg_score.model.profit_sharing import WeightedMeanResult
from cpg_score.reports._simulate import check_format
from cpg_score.reports._text import check_lang
from cpg_score.reports._views import view_of
from cpg_score.simulate import Comparison, MonteCarlo, Plan, ProfitSharingResult, Projection, Sensitivity

__all__ = [
    "render_comparison",
    "render_montecarlo",
    "render_plan",
    "render_profit_sharing",
    "render_projection",
    "render_sensitivity",
]

T = TypeVar("T")


def _render(name: str, value: T, kind: type[T], what: str, fmt_name: str, lang: str) -> str:
    """Check the arguments of a renderer (the result first), then render it through its view."""
    expect(name, value, kind, what)
    check_format(fmt_name)
    expect("lang", lang, str, "fr or en")
    check_lang(lang)
    view = view_of(value)
    assert view is not None  # every simulation result has a view
    return view.text(value, fmt_name, lang)


def render_comparison(comparison: Comparison, fmt_name: str = "table", lang: str = "en") -> str:
    """Render a what-if comparison as `table`, `markdown`, `csv` or `json`, in `lang`."""
    return _render("comparison", comparison, Comparison, "a Comparison", fmt_name, lang)


def render_sensitivity(table: Sensitivity, fmt_name: str = "table", lang: str = "en") -> str:
    """Render a sensitivity table as `table`, `markdown`, `csv` or `json`, in `lang`."""
    return _render("table", table, Sensitivity, "a Sensitivity", fmt_name, lang)


def render_plan(result: Plan, fmt_name: str = "table", lang: str = "en") -> str:
    """Render a plan as `table`, `markdown`, `csv` or `json`, in `lang`."""
    return _render("result", result, Plan, "a Plan", fmt_name, lang)


def render_montecarlo(run: MonteCarlo, fmt_name: str = "table", lang: str = "en") -> str:
    """Render a Monte Carlo run as `table`, `markdown`, `csv` or `json`, in `lang`.

    Raises:
        TypeError: `run` is not a `MonteCarlo`, or `fmt_name` not a string.
        ValueError: `fmt_name` is not one of the formats.
    """
    return _render("run", run, MonteCarlo, "a MonteCarlo (see simulate)", fmt_name, lang)


def render_projection(result: Projection, fmt_name: str = "table", lang: str = "en") -> str:
    """Render a projection as `table`, `markdown`, `csv` or `json`, in `lang`.

    Raises:
        TypeError: `result` is not a `Projection`, or `fmt_name` not a string.
        ValueError: `fmt_name` is not one of the formats.
    """
    return _render("result", result, Projection, "a Projection (see project)", fmt_name, lang)


def render_profit_sharing(
    result: ProfitSharingResult | WeightedMeanResult, fmt_name: str = "table", lang: str = "en"
) -> str:
    """Render a profit-sharing computation as `table`, `markdown`, `csv` or `json`, in `lang`.

    Raises:
        TypeError: `result` is not a `ProfitSharingResult` (or a `WeightedMeanResult`).
        ValueError: `fmt_name` is not one of the formats.
    """
    expect("result", result, (ProfitSharingResult, WeightedMeanResult), "a ProfitSharingResult")
    if isinstance(result, WeightedMeanResult):
        return _render("result", result, WeightedMeanResult, "a WeightedMeanResult", fmt_name, lang)
    return _render("result", result, ProfitSharingResult, "a ProfitSharingResult", fmt_name, lang)
