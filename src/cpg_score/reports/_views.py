"""The registry of views: which formats each result kind renders to, and how."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from attrs import frozen

from cpg_score.model.profit_sharing import WeightedMeanResult
from cpg_score.reports._profit_views import profit_sharing_table, weighted_mean_table
from cpg_score.reports._scoring_views import check_text, explanation_text
from cpg_score.reports._sim_views import (
    comparison_table,
    montecarlo_table,
    plan_table,
    projection_table,
    sensitivity_table,
)
from cpg_score.reports._simulate import TABLE_FORMATS, Table, table_text
from cpg_score.scoring import CheckReport, Explanation
from cpg_score.simulate import Comparison, MonteCarlo, Plan, ProfitSharingResult, Projection, Sensitivity

__all__ = ["VIEWS", "View", "view_of"]


@frozen
class View:
    """How one result kind renders.

    Attributes:
        kind: The result class.
        formats: The text formats it renders to.
        text: `(result, fmt, lang) -> text`.
    """

    kind: type
    formats: tuple[str, ...]
    text: Callable[[Any, str, str], str]


def _table(build: Callable[[Any, str, str], Table]) -> Callable[[Any, str, str], str]:
    def text(result: Any, fmt: str, lang: str) -> str:
        return table_text(build(result, fmt, lang), fmt, lang)

    return text


def _plain(as_text: Callable[[Any, str], str]) -> Callable[[Any, str, str], str]:
    def text(result: Any, fmt: str, lang: str) -> str:
        return result.to_json() if fmt == "json" else as_text(result, lang)

    return text


#: Every result kind but scorecards (see `render`), with its formats.
VIEWS: tuple[View, ...] = (
    View(Comparison, TABLE_FORMATS, _table(comparison_table)),
    View(Sensitivity, TABLE_FORMATS, _table(sensitivity_table)),
    View(Plan, TABLE_FORMATS, _table(plan_table)),
    View(MonteCarlo, TABLE_FORMATS, _table(montecarlo_table)),
    View(Projection, TABLE_FORMATS, _table(projection_table)),
    View(ProfitSharingResult, TABLE_FORMATS, _table(profit_sharing_table)),
    View(WeightedMeanResult, TABLE_FORMATS, _table(weighted_mean_table)),
    View(CheckReport, ("table", "json"), _plain(check_text)),
    View(Explanation, ("table", "json"), _plain(explanation_text)),
)


def view_of(result: object) -> View | None:
    """The view of a result, or None when it has none."""
    for view in VIEWS:
        if isinstance(result, view.kind):
            return view
    return None
