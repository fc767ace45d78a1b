"""Plan to a target: exact for linear rules, the plan reaches the target, brute-force checks."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import Grid, load_results, score
from cpg_score._numbers import Exact, to_fraction
from cpg_score.cli import main
from cpg_score.io import load_bounds
from cpg_score.simulate import Bounds, PlanError, levers, plan
from cpg_score.simulate._profile import Profile, profile

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019
from .strategies import ADVANCED_GRIDS, BASELINE_RESULTS, SHARE_RESULTS, grids, results_for, small_grids

BASE = RESULTS_2019 / "drsm-centre-ouest.yaml"
BOUNDS = OBJECTIVES / "plans" / "drsm-2019-bounds.yaml"
TOLERANCE = Decimal("1e-9")


def _capped(grid: Grid, start: Exact, quarters: int) -> Fraction:
    """start + quarters / 4, at most the grid's total (a target above it is refused)."""
    return min(to_fraction(start) + Fraction(quarters, 4), to_fraction(grid.total_points))


def _min_distance(shape: Profile, need: Fraction) -> Fraction | None:
    """The least distance at which the lever gains `need` points (exact), or None."""
    if need <= 0:
        return Fraction(0)
    for piece in shape.pieces:
        start, end = to_fraction(piece.start), to_fraction(piece.end)
        if shape.gain(piece.start) >= need:
            return start
        if piece.slope > 0 and piece.at_start + piece.slope * (end - start) >= need:
            return start + (need - piece.at_start) / piece.slope
    if shape.gain(shape.limit) >= need:
        return to_fraction(shape.limit)
    return None


def _brute_force(grid: Grid, results, target: Exact) -> Fraction | None:  # type: ignore[no-untyped-def]
    """Cheapest cost (1 per unit) over every vertex: all levers at a breakpoint but one."""
    found = levers(grid, results)
    shapes = [profile(lever) for lever in found.items]
    marks = [sorted({Decimal(0), shape.limit, *(p.start for p in shape.pieces)}) for shape in shapes]
    need = to_fraction(target) - to_fraction(found.card.total.points)
    best: Fraction | None = None
    for free in range(len(shapes)):
        others = [m if i != free else [Decimal(0)] for i, m in enumerate(marks)]
        for combo in itertools.product(*others):
            gained = sum((s.gain(x) for s, x in zip(shapes, combo, strict=True)), Fraction(0))
            distance = _min_distance(shapes[free], need - gained + shapes[free].gain(Decimal(0)))
            if distance is None:
                continue
            cost = sum((to_fraction(x) for x in combo), Fraction(0)) + distance
            best = cost if best is None or cost < best else best
    return best


def test_plan_to_800_on_2019(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    found = plan(grid_2019, results, Decimal(800))
    assert [("arrets-travail", Decimal("0.720820312500"))] == [(m.id, m.after) for m in found.moves]


def test_plan_applied_reaches_the_target_on_2019(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    found = plan(grid_2019, results, Decimal(800))
    assert score(grid_2019, results.replace_values(**found.values())).total.points >= Decimal(800)


def test_plan_respects_bounds_and_fixed(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    found = plan(grid_2019, results, Decimal(800), load_bounds(BOUNDS, grid_2019))
    moved = found.values()
    assert ("arrets-travail" not in moved or moved["arrets-travail"] <= Decimal("0.62"), found.reached) == (
        True,
        True,
    )


def test_unreachable_target_says_how_close(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    found = plan(grid_2019, results, Decimal(1000))
    assert (False, Decimal("980")) == (found.reached, found.best_reachable)


def test_target_already_reached_is_an_empty_plan(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    assert plan(grid_2019, results, Decimal(700)).moves == ()


def test_bounds_unknown_id_is_an_error(grid_2019: Grid) -> None:
    with pytest.raises(PlanError, match="<string>:2:3: no indicator or objective 'fraudes'"):
        load_bounds("levers:\n  fraudes: {limit: 0.9}\n", grid_2019)


def test_bounds_reads_limits_costs_fixed(grid_2019: Grid) -> None:
    bounds = load_bounds(BOUNDS, grid_2019)
    assert (Decimal("0.62"), Decimal(2), True) == (
        bounds.limits["arrets-travail"],
        bounds.cost("arrets-travail"),
        "performance-sociale" in bounds.fixed,
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_plan_applied_scores_at_least_the_target(data: st.DataObject) -> None:
    grid = data.draw(small_grids())
    results = data.draw(results_for(grid, SHARE_RESULTS))
    start = score(grid, results).total.points
    target = _capped(grid, start, data.draw(st.integers(1, 400)))
    found = plan(grid, results, target)
    applied = score(grid, results.replace_values(**found.values())).total.points
    assert (found.reached, found.reached) == (applied >= target, found.best_reachable >= target)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_no_cheaper_plan_for_linear_rules(data: st.DataObject) -> None:
    grid = data.draw(small_grids(kinds=("rate", "linear"), max_items=3))
    results = data.draw(results_for(grid, SHARE_RESULTS))
    start = score(grid, results).total.points
    target = _capped(grid, start, data.draw(st.integers(1, 200)))
    found = plan(grid, results, target)
    brute = _brute_force(grid, results, target)
    if brute is None:
        assert not found.reached
    else:
        assert (found.reached, abs(found.cost - brute) <= TOLERANCE) == (True, True)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_no_cheaper_plan_with_steps_when_proven(data: st.DataObject) -> None:
    grid = data.draw(small_grids(kinds=("steps", "binary", "linear"), max_items=3))
    results = data.draw(results_for(grid, SHARE_RESULTS))
    target = _capped(grid, score(grid, results).total.points, data.draw(st.integers(1, 200)))
    found = plan(grid, results, target)
    brute = _brute_force(grid, results, target)
    assert found.proven_optimal
    assert (brute is not None, True) == (found.reached, brute is None or abs(found.cost - brute) <= TOLERANCE)


def test_local_search_is_not_proven_optimal(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    assert plan(grid_2019, results, Decimal(800), Bounds(), max_combinations=0).proven_optimal is False


def test_cli_plan_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["plan", str(GRID_2019), str(BASE), "--target", "800", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert (code, data["reached"], data["proven_optimal"]) == (0, True, True)


def test_cli_plan_writes_the_output_file(tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    code = main(
        [
            "plan",
            str(GRID_2019),
            str(BASE),
            "--target",
            "800",
            "--format",
            "csv",
            "--output",
            str(out),
            "--lang",
            "en",
        ]
    )
    assert (0, "id,Label,Before,After,Improvement,Cost,Points") == (
        code,
        out.read_text(encoding="utf-8").splitlines()[0],
    )


def test_cli_plan_bad_target_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["plan", str(GRID_2019), str(BASE), "--target", "lots"])
    assert 2 == caught.value.code


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_plan_reaches_the_target_with_every_rule(data: st.DataObject) -> None:
    grid = data.draw(grids(shape=ADVANCED_GRIDS))
    results = data.draw(results_for(grid, BASELINE_RESULTS))
    target = _capped(grid, score(grid, results).total.points, data.draw(st.integers(1, 400)))
    found = plan(grid, results, target)
    applied = score(grid, results.replace_values(**found.values())).total.points
    assert (found.reached, found.reached) == (applied >= target, found.best_reachable >= target)
