"""What the simulate modules share: the head of every JSON shape (the exact constants and the
base of closed sets come from `cpg_score._numbers` and `cpg_score._words`)."""

from __future__ import annotations

from typing import Any

from cpg_score._numbers import F0 as NONE
from cpg_score._numbers import F1 as WHOLE
from cpg_score._numbers import ONE, ZERO
from cpg_score._words import Words

__all__ = ["NONE", "ONE", "WHOLE", "ZERO", "Words", "json_head"]


def json_head(shape: str, grid_id: str, entity: str) -> dict[str, Any]:
    """The first keys of a simulation's JSON shape: its format, grid and entity."""
    return {"format": shape, "grid": grid_id, "entity": entity}
