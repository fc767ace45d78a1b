"""`cpg-score examples`: every shipped file, by kind (grids, results, trees, scenarios...)."""

from __future__ import annotations

import argparse
import sys

from cpg_score._safe_text import terminal_text
from cpg_score.cli._errors import EXIT_FAILURE, EXIT_OK
from cpg_score.cli._options import Command
from cpg_score.io import list_examples
from cpg_score.io.examples import Shipped, list_shipped
from cpg_score.io.kind import FileKind

__all__ = ["EXAMPLES"]

#: The heading of each kind of shipped file, per language.
_HEADINGS_FR = {
    FileKind.GRID: "Grilles",
    FileKind.RESULTS: "Résultats (pour en calculer un : cpg-score score --example NOM)",
    FileKind.TREE: "Arborescences d'entités (cpg-score consolidate)",
    FileKind.TOTALS: "Totaux publiés (cpg-score check --totals)",
    FileKind.SCENARIO: "Scénarios (cpg-score whatif)",
    FileKind.BOUNDS: "Bornes des leviers (cpg-score plan)",
    FileKind.SERIES: "Séries en cours d'année (cpg-score project)",
    FileKind.PROFIT_SHARING: "Paramètres d'intéressement (cpg-score profit-sharing)",
    FileKind.SPEC: "Lois de simulation Monte-Carlo (cpg-score simulate)",
}
_HEADINGS_EN = {
    FileKind.GRID: "Grids",
    FileKind.RESULTS: "Results (score one with: cpg-score score --example NAME)",
    FileKind.TREE: "Trees of entities (cpg-score consolidate)",
    FileKind.TOTALS: "Published totals (cpg-score check --totals)",
    FileKind.SCENARIO: "What-if scenarios (cpg-score whatif)",
    FileKind.BOUNDS: "Bounds of the levers (cpg-score plan)",
    FileKind.SERIES: "Series within the year (cpg-score project)",
    FileKind.PROFIT_SHARING: "Profit-sharing parameters (cpg-score profit-sharing)",
    FileKind.SPEC: "Monte Carlo specs (cpg-score simulate)",
}
_HEADINGS = {"fr": _HEADINGS_FR, "en": _HEADINGS_EN}


def _rows(files: list[Shipped]) -> list[tuple[str, str, Shipped]]:
    """(name shown, label, file): results are named as `--example` takes them."""
    examples = {e.results.resolve(): e.name for e in list_examples()}
    rows = []
    for shipped in files:
        name = examples.get(shipped.path.resolve(), shipped.name)
        label = shipped.label
        if shipped.kind is not FileKind.GRID and shipped.grid:
            label = f"{label} [{shipped.grid}]" if label else f"[{shipped.grid}]"
        rows.append((name, label, shipped))
    return rows


def _cmd_examples(args: argparse.Namespace) -> int:
    shipped = [f for f in list_shipped() if args.kind is None or f.kind.value == args.kind]
    if not shipped:
        nothing = "aucun fichier livré trouvé" if args.lang == "fr" else "no shipped files found"
        print(nothing, file=sys.stderr)
        return EXIT_FAILURE
    rows = _rows(shipped)
    width = max(len(name) for name, _, _ in rows)
    kind = None
    for name, label, file in rows:
        if file.kind is not kind:
            if kind is not None:
                print()
            kind = file.kind
            colon = "\u00a0:" if args.lang == "fr" else ":"
            print(f"{_HEADINGS[args.lang].get(kind, kind.value)}{colon}")
        print(terminal_text(f"  {name:<{width}}  {label}".rstrip()))
        if args.paths:
            print(terminal_text(f"  {'':<{width}}    {file.path}"))
    return EXIT_OK


def _arguments(parser: argparse.ArgumentParser) -> None:
    kinds = [k.value for k in FileKind if k is not FileKind.UNKNOWN]
    parser.add_argument("--kind", choices=kinds, help="list only the files of this kind")
    parser.add_argument("--paths", action="store_true", help="also print where each file is")


EXAMPLES = Command(
    name="examples",
    help="list the shipped grids, results and other files, by kind",
    description=(
        "List every shipped file by kind: the published grids, their results (usable with "
        "`score --example NAME`), trees, scenarios, bounds, series, specs and profit-sharing parameters."
    ),
    handler=_cmd_examples,
    arguments=_arguments,
    output=False,
    limits=False,
)
