"""`cpg-score examples`: the shipped grids and results."""

from __future__ import annotations

import argparse
import sys

from cpg_score.cli._errors import EXIT_FAILURE, EXIT_OK
from cpg_score.cli._options import Command
from cpg_score.io import list_examples

__all__ = ["EXAMPLES"]


def _cmd_examples(args: argparse.Namespace) -> int:
    examples = list_examples()
    if not examples:
        print("no shipped examples found", file=sys.stderr)
        return EXIT_FAILURE
    width = max(len(e.name) for e in examples)
    for example in examples:
        print(f"{example.name:<{width}}  {example.label}")
        if args.paths:
            print(f"{'':<{width}}    grid:    {example.grid}")
            print(f"{'':<{width}}    results: {example.results}")
    return EXIT_OK


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--paths", action="store_true", help="also print the files of each example")


EXAMPLES = Command(
    name="examples",
    help="list the shipped grids and results",
    description="List the shipped examples, usable with `score --example NAME`.",
    handler=_cmd_examples,
    arguments=_arguments,
    output=False,
    limits=False,
)
