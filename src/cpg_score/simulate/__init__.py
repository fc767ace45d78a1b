"""Simulations for regional pilots: what-if, sensitivity, plan to a target, Monte Carlo,
year-end projection and profit-sharing.

Every official figure here comes from the exact scorer ([`score`][cpg_score.score]); floats
appear only in the Monte Carlo fast path, which agrees with the exact scorer to 1e-9.
"""

from __future__ import annotations

from ._levers import Lever, Levers, levers
from .whatif import (
    Comparison,
    Scenario,
    ScenarioError,
    apply_scenario,
    compare,
    load_scenario,
    render_comparison,
)

__all__ = [
    "Comparison",
    "Lever",
    "Levers",
    "Scenario",
    "ScenarioError",
    "apply_scenario",
    "compare",
    "levers",
    "load_scenario",
    "render_comparison",
]
