"""What one organisation changes in a grid: its own floors and targets, its own points.

- A [`TargetPolicy`][cpg_score.TargetPolicy] says how an entity's own floor and target meet the
  grid's: `override` (the entity's replace the grid's) or `most-favourable` (the better of the two
  rates counts: the recouvrement annex keeps the « cibles CPG » when they are more favourable).
- A [`PointsVariant`][cpg_score.PointsVariant] gives some objectives other points (the CTI table:
  the same indicators, different points in each centre); each variant sums to the grid's total.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

from attrs import field, frozen

from cpg_score._args import expect, expect_exact
from cpg_score._convert import to_tuple
from cpg_score._numbers import Exact, exact_total

__all__ = ["TWICE", "PointsVariant", "TargetPolicy", "variant_points", "variant_problems"]


class TargetPolicy(str, enum.Enum):
    """How an entity's own floor and target meet the grid's.

    - `override` (default): the entity's bounds replace the grid's.
    - `most-favourable`: the indicator is scored with both and the higher rate counts.
    """

    OVERRIDE = "override"
    MOST_FAVOURABLE = "most-favourable"


def _ident(instance: Any, attribute: Any, value: str) -> None:
    expect(attribute.name, value, str, "a non-empty str")
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


def _points(value: Iterable[tuple[str, Exact]]) -> tuple[tuple[str, Exact], ...]:
    pairs = to_tuple(value.items() if isinstance(value, dict) else value)
    return tuple((str(oid), points) for oid, points in pairs)


def _check_points(instance: Any, attribute: Any, value: tuple[tuple[str, Exact], ...]) -> None:
    seen: set[str] = set()
    for oid, points in value:
        expect_exact(f"the points of {oid!r}", points)
        if points < 0:
            raise ValueError(f"variant {instance.id!r}: the points of {oid!r} must be >= 0, got {points}")
        if oid in seen:
            raise ValueError(f"variant {instance.id!r} gives points to {oid!r} twice")
        seen.add(oid)


@frozen(kw_only=True)
class PointsVariant:
    """One entity's points: some objectives worth other points than the grid's.

    Attributes:
        id: Named by a results file's `variant`, or equal to the entity id.
        label: Its name ("CTI de Melun").
        points: `(objective id, points)` pairs; objectives not named keep the grid's points.

    Examples:
        >>> PointsVariant(id="melun", label="CTI de Melun", points={"flux": Decimal(480)}).points
        (('flux', Decimal('480')),)
    """

    id: str = field(validator=_ident)
    label: str = ""
    points: tuple[tuple[str, Exact], ...] = field(converter=_points, validator=_check_points)

    def as_dict(self) -> dict[str, Exact]:
        """The points by objective id."""
        return dict(self.points)


#: How a variant problem about its id used twice ends (the reader reports it at the `id`).
TWICE = "is used twice"


def variant_points(grid_points: Mapping[str, Exact], variant: PointsVariant) -> dict[str, Exact]:
    """Every objective's points under a variant (the grid's where the variant names none)."""
    return {**grid_points, **variant.as_dict()}


def variant_problems(
    grid_points: Mapping[str, Exact], total: Exact, variants: Iterable[PointsVariant]
) -> list[tuple[int, str | None, str]]:
    """The cross-field rules of a grid's variants: known objectives, unique ids, the total.

    Args:
        grid_points: Every objective's points in the grid, by id, in order.
        total: The grid's declared total.
        variants: The variants.

    Returns:
        `(variant index, objective id or None, message)` for each problem: an objective id the
        grid has not (the id), a variant id used twice or points not adding up (None).
    """
    found: list[tuple[int, str | None, str]] = []
    seen: set[str] = set()
    for index, variant in enumerate(variants):
        if variant.id in seen:
            found.append((index, None, f"variant id {variant.id!r} {TWICE}"))
        seen.add(variant.id)
        unknown = [oid for oid, _ in variant.points if oid not in grid_points]
        for oid in unknown:
            found.append((index, oid, f"variant {variant.id!r}: no objective {oid!r} in the grid"))
        if unknown:
            continue
        points = exact_total(variant_points(grid_points, variant).values())  # fractions too
        if points != total:
            found.append(
                (index, None, f"variant {variant.id!r}: objective points add up to {points}, not to {total}")
            )
    return found
