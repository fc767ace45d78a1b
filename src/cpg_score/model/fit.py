"""Whether results fit a grid: the same grid and period, results only for ids the grid scores,
and a result (or a neutralisation) for every id it needs."""

from __future__ import annotations

from typing import NamedTuple

from cpg_score._args import expect
from cpg_score.errors import ProblemCode, Suggestions, unknown_item
from cpg_score.model.grid import Grid, Objective, Results, ResultValue
from cpg_score.model.rules import needs_baseline

__all__ = ["NEUTRALISE_HINT", "Misfit", "fit_problems", "fits_at_once", "neutral_reason"]

#: How a results file neutralises an item, said after a missing result.
NEUTRALISE_HINT = '(write "-" or "neutralised: <reason>" to neutralise it)'


class Misfit(NamedTuple):
    """One way results do not fit a grid.

    Attributes:
        id: The result id it concerns (a missing result: the item without one), or `None` for
            the whole file (grid, period).
        code: What kind of misfit (`wrong-grid`, `unknown-item`, `missing-result`...).
        message: What is wrong, on one line.
    """

    id: str | None
    code: ProblemCode
    message: str


class _FitSets(NamedTuple):
    """What results must hold to fit a grid, as sets (computed once per grid)."""

    scored: frozenset[str]  # ids that take a result
    required: frozenset[str]  # ids that must have one (members not neutralised by the grid)
    baselines: bool  # whether a rule needs a baseline (then the full check runs)


def _fit_sets(grid: Grid) -> _FitSets:
    memo = grid.memo()
    sets = memo.get("engine.fit")
    if sets is None:
        required: set[str] = set()
        for _, objective in grid.objectives():
            if objective.neutralised is None:
                if objective.direct:
                    required.add(objective.id)
                required.update(i.id for i in objective.indicators if i.neutralised is None)
        baselines = any(needs_baseline(i.rule) for _, o in grid.objectives() for i in o.indicators)
        sets = memo["engine.fit"] = _FitSets(frozenset(grid.scored_ids()), frozenset(required), baselines)
    return sets


def fits_at_once(grid: Grid, results: Results) -> bool:
    """The common case, in set operations: same grid and period, a result for every required id
    and only for ids that take one, no rule needing a baseline. False means: check in full."""
    if results.grid != grid.id or results.period != grid.period or results.pending_ids:
        return False
    sets = _fit_sets(grid)
    ids = results.ids()
    return not sets.baselines and ids <= sets.scored and sets.required <= ids


def fit_problems(grid: Grid, results: Results) -> list[Misfit]:
    """Check that results fit a grid; return a [`Misfit`][cpg_score.model.fit.Misfit]
    `(result id or None, code, message)` for each misfit.

    The rules: same grid id and period; no result for an id the grid does not have; a result
    for an objective that has indicators can only neutralise it; every direct objective and
    every indicator of a scored objective has a result or a neutralisation.
    """
    expect("grid", grid, Grid, "a Grid (from load_grid)")
    expect("results", results, Results, "a Results (from load_results)")
    if fits_at_once(grid, results):
        return []
    found: list[Misfit] = []
    if results.grid != grid.id:
        message = f"results are for grid {results.grid!r}, not for {grid.id!r}"
        found.append(Misfit(None, ProblemCode.WRONG_GRID, message))
    if results.period != grid.period:
        message = f"results are for period {results.period}, the grid for {grid.period}"
        found.append(Misfit(None, ProblemCode.WRONG_PERIOD, message))
    found.extend(_foreign_results(grid, results))
    for item_id in results.pending_ids:
        pending = results.get(item_id)
        assert pending is not None
        text = pending.written or ", ".join(f"{name} {count}" for name, count in pending.counts)
        message = (
            f"result {item_id!r} is written {text!r}: it is read by its indicator's rule, so load the "
            "results with their grid (load_results(path, grid))"
        )
        found.append(Misfit(item_id, ProblemCode.INVALID, message))
    for _, objective in grid.objectives():
        if neutral_reason(objective.neutralised, results.get(objective.id)) is None:
            found.extend(_objective_misfits(objective, results))
    return found


def _foreign_results(grid: Grid, results: Results) -> list[Misfit]:
    """Results the grid does not score: unknown ids, and values for objectives with indicators."""
    found: list[Misfit] = []
    scored = set(grid.scored_ids())
    suggestions = Suggestions(scored)
    composite = {o.id for _, o in grid.objectives() if not o.direct}
    for value in results.values:
        if value.id in composite:
            if value.neutralised is None:
                message = (
                    f"objective {value.id!r} is scored by its indicators; "
                    "give their results, or neutralise it"
                )
                found.append(Misfit(value.id, ProblemCode.NOT_SCORED, message))
        elif value.id not in scored:
            found.append(
                Misfit(value.id, ProblemCode.UNKNOWN_ITEM, unknown_item(value.id, grid.id, suggestions))
            )
    return found


def _objective_misfits(objective: Objective, results: Results) -> list[Misfit]:
    """A scored objective's missing results, and missing baselines of level-and-progress rules."""
    found: list[Misfit] = []
    for indicator in objective.indicators:
        result = results.get(indicator.id)
        if (
            result is not None
            and needs_baseline(indicator.rule)
            and indicator.neutralised is None
            and result.neutralised is None
            and result.baseline is None
        ):
            message = (
                f"indicator {indicator.id!r} is scored against its baseline ({indicator.rule.type} rule): "
                "its result needs a `baseline` (the previous period's result)"
            )
            found.append(Misfit(indicator.id, ProblemCode.MISSING_BASELINE, message))
    members = [objective.id] if objective.direct else [i.id for i in objective.indicators]
    neutral = {i.id for i in objective.indicators if i.neutralised is not None}
    what = "objective" if objective.direct else "indicator"
    for member in members:
        if member not in neutral and results.get(member) is None:
            message = f"{what} {member!r} has no result and is not neutralised {NEUTRALISE_HINT}"
            found.append(Misfit(member, ProblemCode.MISSING_RESULT, message))
    return found


def neutral_reason(grid_reason: str | None, result: ResultValue | None) -> str | None:
    """Why an item is not scored: the grid's reason first, else the results' (None: scored)."""
    if grid_reason is not None:
        return grid_reason
    if result is not None and result.neutralised is not None:
        return result.neutralised
    return None
