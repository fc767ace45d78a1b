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

[`load_tree`][cpg_score.load_tree] (in `cpg_score.io`) reads it.
"""

from __future__ import annotations

from collections.abc import Iterator

from attrs import field, frozen

from cpg_score._convert import to_tuple
from cpg_score._words import Words

__all__ = ["Tree", "TreeNode", "Weight", "WeightBy"]


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


class WeightBy(Words):
    """What weighs a rate published without its denominator."""

    #: The result's volume, else its denominator.
    VOLUME = "volume"
    #: A figure of the same entity (`Weight.figure`).
    FIGURE = "figure"


def _weight_by(value: object) -> WeightBy:
    try:
        return WeightBy(value)
    except ValueError:
        raise ValueError(f"a weight is `volume` or a figure, got {value!r}") from None


@frozen
class Weight:
    """How a rate published without its denominator consolidates: a weighted mean.

    Attributes:
        id: The result (or figure) id.
        by: `volume` (the result's volume, else its denominator) or `figure` (a `WeightBy`;
            its words are accepted).
        figure: With `by="figure"`, the id of the figure of the same entity used as weight.
    """

    id: str
    by: WeightBy = field(converter=_weight_by)
    figure: str | None = None

    def __attrs_post_init__(self) -> None:
        if (self.by is WeightBy.FIGURE) != (self.figure is not None):
            raise ValueError("a weight by figure names the figure")

    def describe(self) -> str:
        """In words: `its volume` or `figure population-protegee`."""
        return "its volume (else its denominator)" if self.by is WeightBy.VOLUME else f"figure {self.figure}"


def _tree_problems(root: TreeNode) -> list[str]:
    seen: set[str] = set()
    found: list[str] = []
    for node in root.walk():
        if node.id in seen:
            found.append(f"entity {node.id!r} appears twice in the tree")
        seen.add(node.id)
    return found


@frozen(kw_only=True)
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
