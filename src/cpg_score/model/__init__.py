"""The model: frozen values for grids, rules, results, entity trees, published totals and
scorecards. No I/O, no prose: files are read by `cpg_score.io`, scored by `cpg_score.scoring`."""

from __future__ import annotations

from cpg_score.model.fit import fit_problems
from cpg_score.model.grid import (
    Axis,
    Entity,
    Figure,
    Grid,
    Indicator,
    Objective,
    Policy,
    Results,
    ResultValue,
    Rounding,
    Unit,
)
from cpg_score.model.rules import (
    Band,
    BandsRule,
    BinaryRule,
    BlendRule,
    Direction,
    Edge,
    ImprovementRule,
    LinearRule,
    RateRule,
    Rule,
    Step,
    StepsRule,
)
from cpg_score.model.scorecard import (
    AxisScore,
    IndicatorScore,
    Neutralisation,
    ObjectiveScore,
    Scorecard,
    TotalScore,
)
from cpg_score.model.totals import PublishedTotal, PublishedTotals
from cpg_score.model.tree import Tree, TreeNode, Weight

__all__ = [
    "Axis",
    "AxisScore",
    "Band",
    "BandsRule",
    "BinaryRule",
    "BlendRule",
    "Direction",
    "Edge",
    "Entity",
    "Figure",
    "Grid",
    "ImprovementRule",
    "Indicator",
    "IndicatorScore",
    "LinearRule",
    "Neutralisation",
    "Objective",
    "ObjectiveScore",
    "Policy",
    "PublishedTotal",
    "PublishedTotals",
    "RateRule",
    "ResultValue",
    "Results",
    "Rounding",
    "Rule",
    "Scorecard",
    "Step",
    "StepsRule",
    "TotalScore",
    "Tree",
    "TreeNode",
    "Unit",
    "Weight",
    "fit_problems",
]
