"""Sensitivity: where a unit of effort pays most.

For every lever (an indicator, or an objective rated directly, which counts as an indicator
with the `rate` rule), at its current value:

- **slope**: points gained per unit of improvement = the rule's slope x the lever's factor
  (its share of its objective's points after weights and the neutralisation policy);
- **next breakpoint**: the next value where the rule bends or jumps (a floor, a target, a step),
  the improvement needed to reach it and the points gained there;
- **headroom**: the points still available.

Rows are sorted by the best points per unit: the slope, or for a step the jump's points
divided by the improvement needed to reach it.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any

from attrs import field, frozen

from .._convert import to_tuple
from .._numbers import CONTEXT
from ..errors import CpgScoreError
from ..model import Grid, Results, Unit
from ._levers import Lever, breakpoints_of, levers
from ._profile import OPEN, profile
from ._render import fmt, render_table

__all__ = ["Sensitivity", "SensitivityRow", "render_sensitivity", "sensitivity"]

#: The JSON shape of a sensitivity table.
SENSITIVITY_FORMAT = "cpg-score/sensitivity@1"
ZERO = Decimal(0)


@frozen
class SensitivityRow:
    """One lever's sensitivity.

    Attributes:
        lever: The lever.
        points: Points it earns now.
        slope: Points per unit of improvement at the current value (0 on a flat part).
        next_breakpoint: The next value where the rule bends or jumps, if any ahead.
        needed: The improvement needed to reach it (a distance, in the value's unit).
        gain_at_next: Points gained once it is reached.
        headroom: Points still available.
        best_rate: The sorting key: max(slope, gain_at_next / needed).
    """

    lever: Lever
    points: Decimal
    slope: Decimal
    next_breakpoint: Decimal | None
    needed: Decimal | None
    gain_at_next: Decimal | None
    headroom: Decimal
    best_rate: Decimal

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the row (exact decimal strings)."""
        return {
            "id": self.lever.id,
            "label": self.lever.label,
            "objective": self.lever.objective,
            "rule": getattr(self.lever.rule, "type", type(self.lever.rule).__name__),
            "direction": self.lever.direction.value,
            "value": self.lever.value,
            "points": self.points,
            "slope": self.slope,
            "next_breakpoint": self.next_breakpoint,
            "needed": self.needed,
            "gain_at_next": self.gain_at_next,
            "headroom": self.headroom,
        }


@frozen
class Sensitivity:
    """Every lever's sensitivity, best first."""

    grid_id: str
    entity: str
    total: Decimal
    places: int
    rows: tuple[SensitivityRow, ...] = field(converter=to_tuple)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape."""
        return {
            "format": SENSITIVITY_FORMAT,
            "grid": self.grid_id,
            "entity": self.entity,
            "total": self.total,
            "rows": [row.to_dict() for row in self.rows],
        }


def _row(lever: Lever) -> SensitivityRow:
    shape = profile(lever)
    slope = shape.pieces[0].slope if shape.pieces else ZERO
    next_bp = needed = gain = None
    with localcontext(CONTEXT):
        marks = [p.end for p in shape.pieces if p.end > 0]
        breakpoints = {abs(b - lever.value) for b in breakpoints_of(lever.rule)}
        ahead = [x for x in marks if x in breakpoints]
        if ahead:
            needed = ahead[0]
            next_bp = shape.value_at(needed)
            # A jump that belongs to the part above the breakpoint is reached just past it.
            gain = max(shape.gain(needed), shape.gain(min(needed + OPEN, shape.limit)))
        best = max(slope, gain / needed if gain is not None and needed else ZERO)
    return SensitivityRow(lever, lever.points, slope, next_bp, needed, gain, shape.headroom, best)


def sensitivity(grid: Grid, results: Results) -> Sensitivity:
    """Compute every lever's sensitivity, sorted by points per unit of improvement (best first).

    Args:
        grid: The grid.
        results: The entity's results.

    Returns:
        The sensitivity table.
    """
    found = levers(grid, results)
    if not found.additive:
        raise CpgScoreError(
            "these results are not a sum of per-indicator points (a rule needs more than its value): "
            "sensitivity cannot be computed"
        )
    rows = sorted(
        (_row(lever) for lever in found.items), key=lambda r: (-r.best_rate, -r.headroom, r.lever.id)
    )
    return Sensitivity(grid.id, results.entity.id, found.card.total.points, grid.rounding.points, rows)


def render_sensitivity(table: Sensitivity, fmt_name: str = "table") -> str:
    """Render a sensitivity table as `table`, `markdown`, `csv` or `json`."""
    places = table.places
    headers = [
        "id",
        "rule",
        "value",
        "points",
        "pts/unit",
        "pts/+1 pt %",
        "next",
        "needed",
        "gain",
        "headroom",
    ]
    rows = []
    for r in table.rows:
        share = r.lever.unit is Unit.SHARE
        with localcontext(CONTEXT):
            per_point = fmt(r.slope / 100, 4) if share else "-"
        rows.append(
            [
                r.lever.id,
                str(getattr(r.lever.rule, "type", "?")),
                fmt(r.lever.value, 4 if share else 2),
                fmt(r.points, places),
                fmt(r.slope, places),
                per_point,
                fmt(r.next_breakpoint, 4 if share else 2),
                fmt(r.needed, 4 if share else 2),
                fmt(r.gain_at_next, places),
                fmt(r.headroom, places),
            ]
        )
    title = f"Sensitivity: {table.entity} on {table.grid_id} (total {fmt(table.total, places)})"
    notes = [
        "pts/unit: points per unit of improvement at the current value (for a share, the unit is 100 %);",
        "next/needed/gain: the next breakpoint of the rule, the improvement to reach it, the points there.",
    ]
    return render_table(title, headers, rows, fmt_name, table.to_dict(), notes)
