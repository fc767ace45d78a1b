"""`cpg-score consolidate`: a parent's results file from its children's."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cpg_score.cli._files import expand_paths, load_results_files
from cpg_score.cli._options import Command, add_output, limits_from
from cpg_score.errors import CpgScoreError
from cpg_score.io import dump_results, load_grid, load_tree, results_to_dict
from cpg_score.io.output import emit, write_atomic
from cpg_score.model import Results
from cpg_score.scoring import consolidate_levels

__all__ = ["CONSOLIDATE"]


#: The words of `consolidate`, per language.
_WORDS = {
    "en": {
        "header": (
            "# Consolidated by `cpg-score consolidate` from the tree {tree}.\n"
            "# Each entry's comment says how it was consolidated; weighted estimates are marked.\n"
        ),
        "wrote": "wrote {path}",
    },
    "fr": {
        "header": (
            "# Consolidé par `cpg-score consolidate` selon l'arborescence {tree}.\n"
            "# Le commentaire de chaque entrée dit comment elle a été consolidée ; les estimations "
            "pondérées sont signalées.\n"
        ),
        "wrote": "écrit\u00a0: {path}",
    },
}


def _text(results: Results, fmt: str, tree_path: str, lang: str) -> str:
    if fmt == "json":
        return json.dumps(results_to_dict(results), ensure_ascii=False, indent=2) + "\n"
    return _WORDS[lang]["header"].format(tree=tree_path) + dump_results(results)


def _write_levels(args: argparse.Namespace, levels: dict[str, Results], inputs: list[str]) -> None:
    """Write every consolidated level to `--output-dir`, one file each."""
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
        write_atomic(path, _text(consolidated, args.format, args.tree, args.lang), inputs)
        print(_WORDS[args.lang]["wrote"].format(path=path))


def _cmd_consolidate(args: argparse.Namespace) -> int:
    limits = limits_from(args)
    tree = load_tree(Path(args.tree), limits=limits)
    grid = load_grid(Path(args.grid), limits=limits) if args.grid else None
    files = expand_paths(args.results)
    results = load_results_files(files, grid, limits)
    levels = consolidate_levels(results, tree, grid, node=args.node)
    inputs = [args.tree, *files, *([args.grid] if args.grid else [])]
    if args.output_dir:
        _write_levels(args, levels, inputs)
        return 0
    target = args.node or tree.root.id
    if target not in levels:
        raise CpgScoreError(f"results for {target!r} were given as input: nothing to consolidate")
    emit(_text(levels[target], args.format, args.tree, args.lang), args.output, inputs)
    return 0


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tree", metavar="TREE", help="the entity tree file (YAML)")
    parser.add_argument("results", nargs="+", metavar="RESULTS", help="results files or directories")
    parser.add_argument("--grid", metavar="GRID", help="the grid (for the units of the results)")
    parser.add_argument("--node", metavar="ID", help="the entity to consolidate (default: the tree's root)")
    group = parser.add_mutually_exclusive_group()
    add_output(group)
    group.add_argument("--output-dir", metavar="DIR", help="write every consolidated level to DIR/<id>.yaml")


CONSOLIDATE = Command(
    name="consolidate",
    help="consolidate children's results into a parent's results file",
    description=(
        "Consolidate RESULTS (files or directories of the tree's entities) along TREE and write "
        "the parent's results file, which `score` accepts. Counts and amounts add up; rates "
        "come from summed numerators and denominators, or from the weight declared in the tree."
    ),
    handler=_cmd_consolidate,
    arguments=_arguments,
    formats=("yaml", "json"),
    output=False,
)
