"""Files in and out: the marked-YAML reader with its limits, one reader per file kind, the
writers of grids and results, the shipped examples and the JSON Schemas of every format."""

from __future__ import annotations

from cpg_score.io.bounds import load_bounds
from cpg_score.io.dump import dump_grid, dump_results, grid_to_dict, results_to_dict
from cpg_score.io.examples import Example, Shipped, find_example, list_examples, list_shipped
from cpg_score.io.kind import file_kind
from cpg_score.io.loader import load_grid
from cpg_score.io.marked import Limits
from cpg_score.io.profit_sharing import load_profit_sharing
from cpg_score.io.reader import Reader
from cpg_score.io.results import load_results, read_results
from cpg_score.io.scenario import dump_scenario, load_scenario, scenario_to_dict
from cpg_score.io.series import load_series
from cpg_score.io.source import Source, read_source, referenced_path
from cpg_score.io.spec import load_spec
from cpg_score.io.table import load_results_table
from cpg_score.io.targets import load_targets
from cpg_score.io.totals import load_totals
from cpg_score.io.tree import load_tree

__all__ = [
    "Example",
    "Limits",
    "Reader",
    "Shipped",
    "Source",
    "dump_grid",
    "dump_results",
    "dump_scenario",
    "file_kind",
    "find_example",
    "grid_to_dict",
    "list_examples",
    "list_shipped",
    "load_bounds",
    "load_grid",
    "load_profit_sharing",
    "load_results",
    "load_results_table",
    "load_scenario",
    "load_series",
    "load_spec",
    "load_targets",
    "load_totals",
    "load_tree",
    "read_results",
    "read_source",
    "referenced_path",
    "results_to_dict",
    "scenario_to_dict",
]
