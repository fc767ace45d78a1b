"""Simulations for regional pilots: what-if, sensitivity, plan to a target, Monte Carlo,
year-end projection and profit-sharing.

Every official figure here comes from the exact scorer ([`score`][cpg_score.score]) and is an
exact rational (deltas, points per unit, headroom, plan costs and gains, profit-sharing rates
and amounts are `Fraction`s; values and distances stay `Decimal`s); tables round half up once,
JSON gives exact decimal text. Floats appear only in the Monte Carlo fast path, which agrees
with the exact scorer to 1e-9.

Examples:
    >>> from decimal import Decimal
    >>> from cpg_score import load_grid, load_results
    >>> from cpg_score.simulate import plan
    >>> grid = load_grid("objectives/cpg-2019-drsm.yaml")  # doctest: +SKIP
    >>> results = load_results("objectives/results/2019/drsm-centre-ouest.yaml", grid)  # doctest: +SKIP
    >>> plan(grid, results, Decimal(800)).values()  # doctest: +SKIP
    {'arrets-travail': Decimal('0.720820312500')}
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

from cpg_score.model.rules import ScoringRule
from cpg_score.model.spec import DistributionKind
from cpg_score.simulate._fast import BINS, EXACT_DRAWS
from cpg_score.simulate._levers import Lever, Levers, levers
from cpg_score.simulate._montecarlo import (
    CHUNK,
    MAX_DRAWS,
    MAX_FIGURE,
    MAX_KEEP,
    MAX_SEED,
    PERCENTILES,
    Backend,
    Distribution,
    MonteCarlo,
    Spec,
    SpecError,
    Stats,
    simulate,
)
from cpg_score.simulate._plan import (
    Bounds,
    Move,
    Plan,
    PlanError,
    PlanMethod,
    PlanTargetError,
    plan,
)
from cpg_score.simulate._profit_sharing import (
    Branch,
    BranchAmounts,
    ProfitSharing,
    ProfitSharingError,
    ProfitSharingResult,
    Trigger,
    WeightedMean,
    WeightedMeanResult,
    profit_sharing,
    profit_sharing_figure,
)
from cpg_score.simulate._projection import (
    ProjectedValue,
    Projection,
    ProjectionMethod,
    Series,
    SeriesError,
    project,
)
from cpg_score.simulate._sensitivity import Sensitivity, SensitivityRow, sensitivity
from cpg_score.simulate._whatif import (
    Comparison,
    RowKind,
    Scenario,
    ScenarioError,
    apply_scenario,
    compare,
)

__all__ = [
    "BINS",
    "CHUNK",
    "EXACT_DRAWS",
    "MAX_DRAWS",
    "MAX_FIGURE",
    "MAX_KEEP",
    "MAX_SEED",
    "PERCENTILES",
    "Backend",
    "Bounds",
    "Branch",
    "BranchAmounts",
    "Comparison",
    "Distribution",
    "DistributionKind",
    "Lever",
    "Levers",
    "MonteCarlo",
    "Move",
    "Plan",
    "PlanError",
    "PlanMethod",
    "PlanTargetError",
    "ProfitSharing",
    "ProfitSharingError",
    "ProfitSharingResult",
    "ProjectedValue",
    "Projection",
    "ProjectionMethod",
    "RowKind",
    "Scenario",
    "ScenarioError",
    "ScoringRule",
    "Sensitivity",
    "SensitivityRow",
    "Series",
    "SeriesError",
    "Spec",
    "SpecError",
    "Stats",
    "Trigger",
    "WeightedMean",
    "WeightedMeanResult",
    "apply_scenario",
    "compare",
    "levers",
    "plan",
    "profit_sharing",
    "profit_sharing_figure",
    "project",
    "sensitivity",
    "simulate",
]

#: Names that moved to `cpg_score.reports` (importable from here, with a DeprecationWarning).
_MOVED_TO_REPORTS = (
    "render_comparison",
    "render_montecarlo",
    "render_plan",
    "render_profit_sharing",
    "render_projection",
    "render_sensitivity",
)

#: Readers that moved to `cpg_score.io` (their values stay here).
_MOVED_TO_IO = (
    "dump_scenario",
    "load_bounds",
    "load_profit_sharing",
    "load_scenario",
    "load_series",
    "load_spec",
    "scenario_to_dict",
)


#: Modules made private (their public names are importable from `cpg_score.simulate`); `plan`,
#: `sensitivity`, `profit_sharing` and `simulate` are the functions of those names.
_PRIVATE_MODULES = ("montecarlo", "projection", "whatif")


def __getattr__(name: str) -> Any:
    """A name that moved to `cpg_score.reports` or `cpg_score.io`, or a module made private, with a
    DeprecationWarning (PEP 562)."""
    if name in _PRIVATE_MODULES:
        warnings.warn(
            f"the module cpg_score.simulate.{name} is private now: import its names from cpg_score.simulate",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.import_module(f"cpg_score.simulate._{name}")
    for package, names in (("cpg_score.reports", _MOVED_TO_REPORTS), ("cpg_score.io", _MOVED_TO_IO)):
        if name in names:
            warnings.warn(
                f"cpg_score.simulate.{name} moved to {package}.{name}: import it from {package}",
                DeprecationWarning,
                stacklevel=2,
            )
            return getattr(importlib.import_module(package), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
