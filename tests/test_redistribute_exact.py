"""Redistributed points add up exactly (found while writing the neutralisation docs)."""

from __future__ import annotations

from attrs import evolve

from cpg_score import Grid, Policy, load_results, score

from .conftest import RESULTS_2019


def test_redistribute_keeps_the_declared_total_exactly(grid_2019: Grid) -> None:
    grid = evolve(grid_2019, policy=Policy.REDISTRIBUTE)
    card = score(grid, load_results(RESULTS_2019 / "drsm-aquitaine.yaml", grid))
    assert grid.total_points == card.total.max
