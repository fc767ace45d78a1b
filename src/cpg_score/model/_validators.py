"""The attrs validators of exact numbers shared by the grid and the rule modules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cpg_score._args import expect_exact

__all__ = ["exact", "optional_exact"]


def exact(instance: Any, attribute: Any, value: Decimal) -> None:
    """attrs validator: an exact number (a float is refused at construction, naming the field)."""
    expect_exact(attribute.name, value)


def optional_exact(instance: Any, attribute: Any, value: Decimal | None) -> None:
    """attrs validator: an exact number or None."""
    if value is not None:
        expect_exact(attribute.name, value)
