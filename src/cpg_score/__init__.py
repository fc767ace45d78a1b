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

from ._numbers import parse_number, round_half_up
from ._yaml import Limits
from .dump import dump_grid, dump_results, grid_to_dict, results_to_dict
from .engine import fit_problems, score, score_many
from .errors import CpgScoreError, GridError, InputError, Problem, ResultsError
from .examples import Example, find_example, list_examples
from .loader import load_grid, load_results
from .model import (
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
from .reports import render
from .rules import BinaryRule, Direction, LinearRule, RateRule, Rule, Step, StepsRule
from .scorecard import (
    AxisScore,
    IndicatorScore,
    Neutralisation,
    ObjectiveScore,
    Scorecard,
    TotalScore,
)

__all__ = [
    "Axis",
    "AxisScore",
    "BinaryRule",
    "CpgScoreError",
    "Direction",
    "Entity",
    "Example",
    "Figure",
    "Grid",
    "GridError",
    "Indicator",
    "IndicatorScore",
    "InputError",
    "Limits",
    "LinearRule",
    "Neutralisation",
    "Objective",
    "ObjectiveScore",
    "Policy",
    "Problem",
    "RateRule",
    "ResultValue",
    "Results",
    "ResultsError",
    "Rounding",
    "Rule",
    "Scorecard",
    "Step",
    "StepsRule",
    "TotalScore",
    "Unit",
    "__version__",
    "dump_grid",
    "dump_results",
    "find_example",
    "fit_problems",
    "grid_to_dict",
    "list_examples",
    "load_grid",
    "load_results",
    "parse_number",
    "render",
    "results_to_dict",
    "round_half_up",
    "score",
    "score_many",
]
