"""Entity trees: which entities consolidate into which (ELSM -> DRSM -> merged region).

A tree file (see `schemas/tree.schema.json`):

```yaml
id: nouvelle-aquitaine
label: DRSM Nouvelle-Aquitaine
root:
  id: drsm-nouvelle-aquitaine
  label: DRSM Nouvelle-Aquitaine
  children:
    - id: drsm-aquitaine
      children:
        - {id: elsm-gironde, label: ELSM de la Gironde}
weights:                                  # rates published without their denominator
  invalidite-instruites-60j: volume       # weighted by the result's `volume`
  some-rate: {figure: population-protegee}  # weighted by a figure of the same entity
```

[`load_tree`][cpg_score.load_tree] reads it, reporting every problem with file, line and column
([`TreeError`][cpg_score.TreeError]).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from attrs import field, frozen

from ._args import expect
from ._convert import to_tuple
from ._yaml import Limits, Mapping, Node, Scalar, Sequence, _child
from .errors import Problem, TreeError
from .loader import Source, _parse, _Reader, _sorted

__all__ = ["Tree", "TreeNode", "Weight", "load_tree"]


@frozen
class TreeNode:
    """An entity of the tree and the entities it consolidates."""

    id: str
    label: str = ""
    children: tuple[TreeNode, ...] = field(default=(), converter=to_tuple)

    def walk(self) -> Iterator[TreeNode]:
        """This node and every node under it, depth first (parents before children)."""
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> tuple[TreeNode, ...]:
        """The nodes without children under this one (itself when it has none)."""
        return tuple(n for n in self.walk() if not n.children)


@frozen
class Weight:
    """How a rate published without its denominator consolidates: a weighted mean.

    Attributes:
        id: The result (or figure) id.
        by: `volume` (the result's volume, else its denominator) or `figure`.
        figure: With `by="figure"`, the id of the figure of the same entity used as weight.
    """

    id: str
    by: str
    figure: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.by not in ("volume", "figure"):
            raise ValueError(f"a weight is `volume` or a figure, got {self.by!r}")
        if (self.by == "figure") != (self.figure is not None):
            raise ValueError("a weight by figure names the figure")

    def describe(self) -> str:
        """In words: `its volume` or `figure population-protegee`."""
        return "its volume (else its denominator)" if self.by == "volume" else f"figure {self.figure}"


def _tree_problems(root: TreeNode) -> list[str]:
    seen: set[str] = set()
    found: list[str] = []
    for node in root.walk():
        if node.id in seen:
            found.append(f"entity {node.id!r} appears twice in the tree")
        seen.add(node.id)
    return found


@frozen
class Tree:
    """A tree of entities, and how rates without a denominator consolidate.

    Attributes:
        id: The tree's id.
        label: Its title.
        root: The top entity.
        weights: Declared weights for rates published without their denominator.
        source: Where the membership comes from.
        description: Free text.
    """

    id: str
    label: str
    root: TreeNode
    weights: tuple[Weight, ...] = field(default=(), converter=to_tuple)
    source: str = ""
    description: str = ""

    def __attrs_post_init__(self) -> None:
        problems = _tree_problems(self.root)
        if problems:
            raise ValueError("; ".join(problems))

    def nodes(self) -> tuple[TreeNode, ...]:
        """Every node, parents before children."""
        return tuple(self.root.walk())

    def node(self, entity_id: str) -> TreeNode:
        """The node of an entity.

        Raises:
            KeyError: No such entity in the tree.
        """
        for node in self.root.walk():
            if node.id == entity_id:
                return node
        raise KeyError(entity_id)

    def parent_of(self, entity_id: str) -> str | None:
        """The id of an entity's parent (None for the root)."""
        for node in self.root.walk():
            if any(child.id == entity_id for child in node.children):
                return node.id
        return None

    def weight_for(self, item_id: str) -> Weight | None:
        """The declared weight for a result or figure id, if any."""
        for weight in self.weights:
            if weight.id == item_id:
                return weight
        return None


_TREE_KEYS = ("id", "label", "root")
_TREE_OPTIONAL = ("weights", "source", "description")


def _read_node(r: _Reader, node: Node | None, path: str) -> TreeNode | None:
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


def _read_weights(r: _Reader, node: Node | None) -> list[Weight] | None:
    if node is None:
        return []
    if not isinstance(node, Mapping):
        r.error(node, "$.weights", "expected a mapping of result id to `volume` or {figure: id}")
        return None
    weights: list[Weight] = []
    ok = True
    for key, value in node.entries:
        path = _child("$.weights", key.text)
        if r.key_id(key, path, "a result or figure") is None:
            ok = False
            continue
        if isinstance(value, Scalar):
            if value.text != "volume":
                r.error(value, path, f"a weight is `volume` or {{figure: id}}, got {value.text!r}")
                ok = False
                continue
            weights.append(Weight(key.text, "volume"))
            continue
        m = r.mapping(value, path, ["figure"])
        figure = None if m is None else r.ident(m.get("figure"), f"{path}.figure")
        if figure is None:
            ok = False
            continue
        weights.append(Weight(key.text, "figure", figure))
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
    root_node, name = _parse(source, limits, TreeError)
    r = _Reader(name)
    m = r.mapping(root_node, "$", _TREE_KEYS, _TREE_OPTIONAL)
    if m is None:
        raise TreeError(r.problems)
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
                r.error(m.get("root"), "$.root", f"entity {entity_id!r} appears {count} times in the tree")
    if r.problems or None in (tid, label, source_text, description, root, weights):
        raise TreeError(_sorted(r.problems) or [Problem("invalid tree", name)])
    assert tid is not None and root is not None and weights is not None
    return Tree(tid, label or "", root, weights, source_text or "", description or "")
