"""Files in and out: the marked-YAML reader with its limits, one reader per file kind, the
writers of grids and results, the shipped examples and the JSON Schemas of every format."""

from __future__ import annotations

from cpg_score.io.dump import dump_grid, dump_results, grid_to_dict, results_to_dict
from cpg_score.io.examples import Example, find_example, list_examples
from cpg_score.io.loader import load_grid, load_results, read_results
from cpg_score.io.marked import Limits
from cpg_score.io.totals import load_totals
from cpg_score.io.tree import load_tree

__all__ = [
    "Example",
    "Limits",
    "dump_grid",
    "dump_results",
    "find_example",
    "grid_to_dict",
    "list_examples",
    "load_grid",
    "load_results",
    "load_totals",
    "load_tree",
    "read_results",
    "results_to_dict",
]
