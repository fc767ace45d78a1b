"""Scoring: pure functions from the model to structured outcomes (scorecards, explanations,
consolidated results, data-check reports)."""

from __future__ import annotations

from cpg_score.scoring._check import (
    Breach,
    CheckReport,
    Finding,
    FindingKind,
    Note,
    Severity,
    TotalComparison,
    Unchecked,
    check,
)
from cpg_score.scoring._consolidate import consolidate, consolidate_levels
from cpg_score.scoring._engine import bound_rule, score, score_many
from cpg_score.scoring._explain import Explanation, Step, StepKind, explain

__all__ = [
    "Breach",
    "CheckReport",
    "Explanation",
    "Finding",
    "FindingKind",
    "Note",
    "Severity",
    "Step",
    "StepKind",
    "TotalComparison",
    "Unchecked",
    "bound_rule",
    "check",
    "consolidate",
    "consolidate_levels",
    "explain",
    "score",
    "score_many",
]
