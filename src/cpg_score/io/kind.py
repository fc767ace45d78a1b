"""What a file holds (a grid, results, a tree...), told by the top-level key only that kind has.

One rule for every caller (`cpg-score validate`, `cpg-score check`...): a grid has `axes`, results
have `results`, a tree `root`, per-entity targets `entities` with `grid`, published totals
`entities` (without `grid`), a scenario `overrides`, bounds `levers`, a series file `series`,
profit-sharing parameters `envelope` (or `branches`, a weighted mean of branches) and a Monte
Carlo spec `indicators`; the first match in that
order wins (a file with two of them is read as the first kind, whose reader then reports the other
key as unknown).
"""

from __future__ import annotations

from cpg_score._words import Words
from cpg_score.errors import InputError
from cpg_score.io.marked import Limits, Mapping, Node, YamlProblems, parse_yaml
from cpg_score.io.source import Source, read_source

__all__ = ["FileKind", "file_kind", "kind_of"]


class FileKind(Words):
    """The kinds of file cpg-score reads."""

    GRID = "grid"
    RESULTS = "results"
    TREE = "tree"
    TOTALS = "totals"
    TARGETS = "targets"
    SCENARIO = "scenario"
    BOUNDS = "bounds"
    SERIES = "series"
    PROFIT_SHARING = "profit-sharing"
    SPEC = "spec"
    UNKNOWN = "unknown"


#: The top-level key that marks each kind, in the order they are tried (`a+b`: both keys).
KIND_KEYS: tuple[tuple[FileKind, str], ...] = (
    (FileKind.GRID, "axes"),
    (FileKind.RESULTS, "results"),
    (FileKind.TREE, "root"),
    (FileKind.TARGETS, "entities+grid"),
    (FileKind.TOTALS, "entities"),
    (FileKind.SCENARIO, "overrides"),
    (FileKind.BOUNDS, "levers"),
    (FileKind.SERIES, "series"),
    (FileKind.PROFIT_SHARING, "envelope"),
    (FileKind.PROFIT_SHARING, "branches"),
    (FileKind.SPEC, "indicators"),
)


def kind_of(root: Node) -> FileKind:
    """The kind of an already parsed document (`UNKNOWN` when no marking key is there)."""
    if isinstance(root, Mapping):
        for kind, keys in KIND_KEYS:
            if all(root.get(key) is not None for key in keys.split("+")):
                return kind
    return FileKind.UNKNOWN


def file_kind(source: Source, limits: Limits | None = None) -> FileKind:
    """Read a file (or YAML text) and tell what it holds.

    Args:
        source: A path, YAML text or bytes (see [`read_source`][cpg_score.io.source.read_source]).
        limits: Bounds on the file's size and structure.

    Returns:
        The kind, or `FileKind.UNKNOWN`.

    Raises:
        InputError: The file cannot be read, or is not well-formed YAML.
    """
    content, name = read_source(source, limits)
    try:
        root = parse_yaml(content, name, limits)
    except YamlProblems as exc:
        raise InputError(exc.problems) from None
    return kind_of(root)
