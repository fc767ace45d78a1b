"""Shared fixtures: the repository's folders and the shipped 2019 grid."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpg_score import Grid, load_grid

ROOT = Path(__file__).resolve().parents[1]
OBJECTIVES = ROOT / "objectives"
DATA = Path(__file__).resolve().parent / "data"
GRID_2019 = OBJECTIVES / "cpg-2019-drsm.yaml"
RESULTS_2019 = OBJECTIVES / "results" / "2019"


@pytest.fixture(scope="session")
def grid_2019() -> Grid:
    return load_grid(GRID_2019)
