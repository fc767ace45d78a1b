"""What the simulate modules share: exact constants and the head of every JSON shape."""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction
from typing import Any

__all__ = ["NONE", "ONE", "WHOLE", "ZERO", "Words", "json_head"]

#: Zero and one as model inputs (`Decimal`).
ZERO = Decimal(0)
ONE = Decimal(1)
#: Zero and one as exact figures (`Fraction`).
NONE = Fraction(0)
WHOLE = Fraction(1)


def json_head(shape: str, grid_id: str, entity: str) -> dict[str, Any]:
    """The first keys of a simulation's JSON shape: its format, grid and entity."""
    return {"format": shape, "grid": grid_id, "entity": entity}


class Words(str, enum.Enum):
    """A closed set written as its values in files, JSON and text (`str()` gives the value)."""

    def __str__(self) -> str:
        return str(self.value)
