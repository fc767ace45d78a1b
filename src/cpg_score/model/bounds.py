"""A plan's bounds: how far each lever can move this year, and what a unit of improvement costs."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from attrs import field, frozen

from cpg_score._args import expect, expect_exact
from cpg_score._numbers import ONE

__all__ = ["Bounds"]


def _exact_values(instance: Any, attribute: Any, value: Any) -> None:
    expect(attribute.name, value, Mapping, "a mapping of lever id to a number")
    for key, number in value.items():
        expect(f"{attribute.name} key", key, str, "a lever id")
        expect_exact(f"{attribute.name}[{key!r}]", number)
        if attribute.name == "costs" and number < 0:
            raise ValueError(f"costs[{key!r}] must be >= 0, got {number}")


def _cost(instance: Any, attribute: Any, value: Any) -> None:
    expect_exact(attribute.name, value)
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value}")


def _ids(instance: Any, attribute: Any, value: Any) -> None:
    expect(attribute.name, value, (frozenset, set), "a set of lever ids")
    for key in value:
        expect(f"{attribute.name} item", key, str, "a lever id")


@frozen
class Bounds:
    """What each lever can do this year, and what a unit of improvement costs.

    Attributes:
        limits: The furthest value each lever can reach, by id.
        costs: The cost of one unit of improvement, by id.
        fixed: Levers that cannot move.
        default_cost: The cost per unit of a lever without one.
    """

    limits: Mapping[str, Decimal] = field(factory=dict, validator=_exact_values)
    costs: Mapping[str, Decimal] = field(factory=dict, validator=_exact_values)
    fixed: frozenset[str] = field(default=frozenset(), validator=_ids)
    default_cost: Decimal = field(default=ONE, validator=_cost)

    def cost(self, lever_id: str) -> Decimal:
        """The cost per unit of a lever."""
        return self.costs.get(lever_id, self.default_cost)
