"""The `cpg-score consolidate` command: a parent's results file from its children's."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from cpg_score.cli._common import add_limit_options, limits_from
from cpg_score.errors import CpgScoreError
from cpg_score.io.dump import dump_results, results_to_dict
from cpg_score.io.loader import load_grid, load_results
from cpg_score.io.output import emit, write_atomic
from cpg_score.io.tree import load_tree
from cpg_score.model.grid import Results
from cpg_score.scoring import consolidate_levels

__all__ = ["expand_paths", "register"]


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given, and the `*.yaml` / `*.yml` files of each directory (sorted)."""
    out: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
            if not found:
                raise CpgScoreError(f"{name}: no .yaml file in this directory")
            out.extend(str(p) for p in found)
        else:
            out.append(name)
    return out


def _text(results: Results, fmt: str, tree_path: str) -> str:
    if fmt == "json":
        return json.dumps(results_to_dict(results), ensure_ascii=False, indent=2) + "\n"
    header = (
        f"# Consolidated by `cpg-score consolidate` from the tree {tree_path}.\n"
        "# Each entry's comment says how it was consolidated; weighted estimates are marked.\n"
    )
    return header + dump_results(results)


def _cmd_consolidate(args: argparse.Namespace) -> int:
    limits = limits_from(args)
    tree = load_tree(Path(args.tree), limits=limits)
    grid = load_grid(Path(args.grid), limits=limits) if args.grid else None
    files = expand_paths(args.results)
    results = [load_results(Path(f), grid, limits=limits) for f in files]
    levels = consolidate_levels(results, tree, grid, node=args.node)
    target = args.node or tree.root.id
    inputs = [args.tree, *files, *([args.grid] if args.grid else [])]
    if args.output_dir:
        directory = Path(args.output_dir)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise CpgScoreError(f"{directory}: not a directory: --output-dir names a folder") from None
        except OSError as exc:
            raise CpgScoreError(f"{directory}: cannot make the folder: {exc.strerror}") from None
        for entity_id, consolidated in levels.items():
            suffix = "json" if args.format == "json" else "yaml"
            path = directory / f"{entity_id}.{suffix}"
            write_atomic(path, _text(consolidated, args.format, args.tree), inputs)
            print(f"wrote {path}")
        return 0
    if target not in levels:
        raise CpgScoreError(f"results for {target!r} were given as input: nothing to consolidate")
    text = _text(levels[target], args.format, args.tree)
    emit(text, args.output, inputs)
    return 0


def register(commands: Any) -> None:
    """Add the `consolidate` command."""
    p = commands.add_parser(
        "consolidate",
        help="consolidate children's results into a parent's results file",
        description=(
            "Consolidate RESULTS (files or directories of the tree's entities) along TREE and write "
            "the parent's results file, which `score` accepts. Counts and amounts add up; rates "
            "come from summed numerators and denominators, or from the weight declared in the tree."
        ),
    )
    p.add_argument("tree", metavar="TREE", help="the entity tree file (YAML)")
    p.add_argument("results", nargs="+", metavar="RESULTS", help="results files or directories")
    p.add_argument("--grid", metavar="GRID", help="the grid (for the units of the results)")
    p.add_argument("--node", metavar="ID", help="the entity to consolidate (default: the tree's root)")
    p.add_argument("--format", "-f", choices=("yaml", "json"), default="yaml", help="output format")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    group.add_argument("--output-dir", metavar="DIR", help="write every consolidated level to DIR/<id>.yaml")
    add_limit_options(p)
    p.set_defaults(handler=_cmd_consolidate)
