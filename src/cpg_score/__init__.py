"""cpg-score: score the Contrat Pluriannuel de Gestion (CPG) of the French Assurance Maladie.

The data flows one way: YAML -> [`load_grid`][cpg_score.load_grid] /
[`load_results`][cpg_score.load_results] -> frozen model -> [`score`][cpg_score.score] ->
[`Scorecard`][cpg_score.Scorecard] -> reports ([`render`][cpg_score.render]).

Examples:
    >>> from cpg_score import load_grid, load_results, score
    >>> grid = load_grid("objectives/cpg-2019-drsm.yaml")  # doctest: +SKIP
    >>> results = load_results("objectives/results/2019/drsm-centre-ouest.yaml", grid)  # doctest: +SKIP
    >>> card = score(grid, results)  # doctest: +SKIP
    >>> card.points(card.total.points)  # doctest: +SKIP
    Decimal('776.50')
"""

from __future__ import annotations

__version__ = "0.1.0.dev0"

from cpg_score._numbers import decimal_text, parse_number, round_half_up
from cpg_score.errors import (
    CpgScoreError,
    GridError,
    InputError,
    Problem,
    ProblemCode,
    ResultsError,
    TotalsError,
    TreeError,
)
from cpg_score.io.dump import dump_grid, dump_results, grid_to_dict, results_to_dict
from cpg_score.io.examples import Example, find_example, list_examples
from cpg_score.io.loader import load_grid, load_results, read_results
from cpg_score.io.marked import Limits
from cpg_score.io.table import load_results_table
from cpg_score.io.targets import load_targets
from cpg_score.io.totals import load_totals
from cpg_score.io.tree import load_tree
from cpg_score.model.entity import PointsVariant, TargetPolicy
from cpg_score.model.fit import fit_problems
from cpg_score.model.grid import (
    Axis,
    Entity,
    Figure,
    Grid,
    Indicator,
    Level,
    Objective,
    Policy,
    Results,
    ResultValue,
    Rounding,
    Scale,
    ScaleKind,
    Unit,
)
from cpg_score.model.records import cards_to_frame, cards_to_records
from cpg_score.model.rules import (
    Band,
    BandsRule,
    BaselineChange,
    BinaryRule,
    BlendRule,
    ChangeBy,
    CountRule,
    DelayRule,
    Direction,
    Edge,
    ImprovementRule,
    LinearRule,
    MonthCount,
    PiecewiseAbove,
    PiecewisePoint,
    PiecewiseRule,
    RateRule,
    RelativeRule,
    Rule,
    ShareOfTarget,
    Step,
    StepsRule,
)
from cpg_score.model.scorecard import (
    AxisScore,
    EntityBounds,
    IndicatorScore,
    Neutralisation,
    ObjectiveScore,
    Scorecard,
    TotalScore,
)
from cpg_score.model.targets import Bounds, Targets
from cpg_score.model.totals import PublishedTotal, PublishedTotals
from cpg_score.model.tree import Tree, TreeNode, Weight
from cpg_score.reports import render, render_bytes, render_compare
from cpg_score.scoring import (
    CheckReport,
    Explanation,
    Finding,
    TotalComparison,
    check,
    consolidate,
    consolidate_levels,
    explain,
    score,
    score_many,
)

__all__ = [
    "Axis",
    "AxisScore",
    "Band",
    "BandsRule",
    "BaselineChange",
    "BinaryRule",
    "BlendRule",
    "Bounds",
    "ChangeBy",
    "CheckReport",
    "CountRule",
    "CpgScoreError",
    "DelayRule",
    "Direction",
    "Edge",
    "Entity",
    "EntityBounds",
    "Example",
    "Explanation",
    "Figure",
    "Finding",
    "Grid",
    "GridError",
    "ImprovementRule",
    "Indicator",
    "IndicatorScore",
    "InputError",
    "Level",
    "Limits",
    "LinearRule",
    "MonthCount",
    "Neutralisation",
    "Objective",
    "ObjectiveScore",
    "PiecewiseAbove",
    "PiecewisePoint",
    "PiecewiseRule",
    "PointsVariant",
    "Policy",
    "Problem",
    "ProblemCode",
    "PublishedTotal",
    "PublishedTotals",
    "RateRule",
    "RelativeRule",
    "ResultValue",
    "Results",
    "ResultsError",
    "Rounding",
    "Rule",
    "Scale",
    "ScaleKind",
    "Scorecard",
    "ShareOfTarget",
    "Step",
    "StepsRule",
    "TargetPolicy",
    "Targets",
    "TotalComparison",
    "TotalScore",
    "TotalsError",
    "Tree",
    "TreeError",
    "TreeNode",
    "Unit",
    "Weight",
    "__version__",
    "cards_to_frame",
    "cards_to_records",
    "check",
    "consolidate",
    "consolidate_levels",
    "decimal_text",
    "dump_grid",
    "dump_results",
    "explain",
    "find_example",
    "fit_problems",
    "grid_to_dict",
    "list_examples",
    "load_grid",
    "load_results",
    "load_results_table",
    "load_targets",
    "load_totals",
    "load_tree",
    "parse_number",
    "read_results",
    "render",
    "render_bytes",
    "render_compare",
    "results_to_dict",
    "round_half_up",
    "score",
    "score_many",
]
