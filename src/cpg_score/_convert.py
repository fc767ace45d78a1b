"""Converters shared by the frozen model classes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["to_tuple"]


def to_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    """Freeze any iterable into a tuple (the attrs converter of every collection field)."""
    return tuple(items)
