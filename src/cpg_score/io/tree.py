"""Reading entity tree files (see `schemas/tree.schema.json`), reporting every problem with
file, line and column ([`TreeError`][cpg_score.TreeError])."""

from __future__ import annotations

import os

from cpg_score._args import expect
from cpg_score.errors import Problem, ProblemCode, TreeError
from cpg_score.io.marked import Limits, Mapping, Node, Scalar, Sequence, child_path
from cpg_score.io.reader import Reader, parse_mapping, sorted_problems
from cpg_score.io.source import Source
from cpg_score.model.tree import Tree, TreeNode, Weight, WeightBy

__all__ = ["load_tree"]


_TREE_KEYS = ("id", "label", "root")
_TREE_OPTIONAL = ("weights", "source", "description")


def _read_node(r: Reader, node: Node | None, path: str) -> TreeNode | None:
    m = r.mapping(node, path, ["id"], ["label", "children"])
    if m is None:
        return None
    nid = r.ident(m.get("id"), f"{path}.id")
    label = r.text(m.get("label"), f"{path}.label", "")
    children: list[TreeNode | None] = []
    if m.get("children") is not None:
        items = r.sequence(m.get("children"), f"{path}.children")
        if isinstance(m.get("children"), Sequence) and not items:
            r.error(
                m.get("children"), f"{path}.children", "children must not be empty (leave it out for a leaf)"
            )
        children = [_read_node(r, item, f"{path}.children[{i}]") for i, item in enumerate(items)]
    if nid is None or label is None or None in children:
        return None
    return TreeNode(nid, label or nid, [c for c in children if c is not None])


def _read_weights(r: Reader, node: Node | None) -> list[Weight] | None:
    if node is None:
        return []
    if not isinstance(node, Mapping):
        r.error(
            node,
            "$.weights",
            "expected a mapping of result id to `volume` or {figure: id}",
            ProblemCode.WRONG_TYPE,
        )
        return None
    weights: list[Weight] = []
    ok = True
    for key, value in node.entries:
        path = child_path("$.weights", key.text)
        if r.key_id(key, path, "a result or figure") is None:
            ok = False
            continue
        if isinstance(value, Scalar):
            if value.text != "volume":
                r.error(
                    value,
                    path,
                    f"a weight is `volume` or {{figure: id}}, got {value.text!r}",
                    ProblemCode.BAD_CHOICE,
                )
                ok = False
                continue
            weights.append(Weight(key.text, WeightBy.VOLUME))
            continue
        m = r.mapping(value, path, ["figure"])
        figure = None if m is None else r.ident(m.get("figure"), f"{path}.figure")
        if figure is None:
            ok = False
            continue
        weights.append(Weight(key.text, WeightBy.FIGURE, figure))
    return weights if ok else None


def load_tree(source: Source, *, limits: Limits | None = None) -> Tree:
    """Load an entity tree from a YAML file or text.

    Args:
        source: A path, or YAML text.
        limits: Bounds on the file's size and structure.

    Returns:
        The tree.

    Raises:
        TypeError: `source` is not a path, text or bytes, or `limits` is not a `Limits`.
        TreeError: The file is invalid (every problem, with file, line, column and location).

    Examples:
        >>> tree = load_tree("objectives/entities/nouvelle-aquitaine.yaml")  # doctest: +SKIP
        >>> [n.id for n in tree.root.children]  # doctest: +SKIP
        ['drsm-aquitaine', 'drsm-centre-ouest']
    """
    expect("source", source, (str, bytes, os.PathLike), "a path, YAML text or bytes")
    expect("limits", limits, (Limits, type(None)), "a Limits or None")
    r, m = parse_mapping(source, limits, TreeError, _TREE_KEYS, _TREE_OPTIONAL)
    tid = r.ident(m.get("id"), "$.id")
    label = r.text(m.get("label"), "$.label")
    source_text = r.text(m.get("source"), "$.source", "")
    description = r.text(m.get("description"), "$.description", "")
    root = _read_node(r, m.get("root"), "$.root")
    weights = _read_weights(r, m.get("weights"))
    if root is not None:
        seen: dict[str, int] = {}
        for node in root.walk():
            seen[node.id] = seen.get(node.id, 0) + 1
        for entity_id, count in seen.items():
            if count > 1:
                r.error(
                    m.get("root"),
                    "$.root",
                    f"entity {entity_id!r} appears {count} times in the tree",
                    ProblemCode.DUPLICATE_ID,
                )
    if r.problems or None in (tid, label, source_text, description, root, weights):
        raise TreeError(sorted_problems(r.problems) or [Problem(message="invalid tree", file=r.file)])
    assert tid is not None and root is not None and weights is not None
    return Tree(
        id=tid,
        label=label or "",
        root=root,
        weights=weights,
        source=source_text or "",
        description=description or "",
    )
