"""Published totals: figures printed in a report for a parent entity, to check sums against."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from attrs import field, frozen

from cpg_score._convert import to_tuple
from cpg_score.model.grid import Unit

__all__ = ["PublishedTotal", "PublishedTotals"]


@frozen(kw_only=True)
class PublishedTotal:
    """A total printed in a report for a parent entity."""

    entity: str
    id: str
    value: Decimal
    unit: Unit
    label: str = ""
    source: str = ""
    comment: str = ""


@frozen
class PublishedTotals:
    """A file of published totals.

    Attributes:
        totals: The totals, by entity and figure.
        tree: The entity tree file the totals file names (resolved from its folder), if any.
        source: Where the totals are printed.
    """

    totals: tuple[PublishedTotal, ...] = field(converter=to_tuple)
    tree: str | None = None
    source: str = ""

    def __iter__(self) -> Iterator[PublishedTotal]:
        return iter(self.totals)
