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

Every figure is exact: points, slope, gain, headroom and the total, and the positions and
distances (a lever's value is its result's exact value, a numerator over a denominator
included, so the points shown are the scorecard's). Tables round them half up once; the JSON
gives their exact decimal text.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, ClassVar

from attrs import field, frozen

from cpg_score._args import expect
from cpg_score._convert import to_tuple
from cpg_score._display import Tabular, check_lang
from cpg_score._numbers import Exact, exact_text, to_fraction
from cpg_score.errors import CpgScoreError
from cpg_score.model.grid import Grid, Results
from cpg_score.simulate._common import NONE, json_head
from cpg_score.simulate._levers import Lever, breakpoints_of, levers
from cpg_score.simulate._profile import OPEN, profile

__all__ = ["Sensitivity", "SensitivityRow", "sensitivity"]

#: The JSON shape of a sensitivity table.
SENSITIVITY_FORMAT = "cpg-score/sensitivity@1"
#: The keys of a sensitivity's records (`Sensitivity.to_records`), in column order.
SENSITIVITY_COLUMNS = (
    "id",
    "label",
    "axis",
    "objective",
    "rule",
    "unit",
    "direction",
    "value",
    "points",
    "slope",
    "next_breakpoint",
    "needed",
    "gain_at_next",
    "headroom",
)


@frozen(kw_only=True)
class SensitivityRow:
    """One lever's sensitivity.

    Attributes:
        lever: The lever.
        points: Points it earns now.
        slope: Points per unit of improvement at the current value (0 on a flat part).
        next_breakpoint: The next value where the rule bends or jumps, if any ahead.
        needed: The improvement needed to reach it (a distance, in the value's unit, exact).
        gain_at_next: Points gained once it is reached.
        headroom: Points still available.
        best_rate: The sorting key: max(slope, gain_at_next / needed).
    """

    lever: Lever
    points: Fraction
    slope: Fraction
    next_breakpoint: Exact | None
    needed: Fraction | None
    gain_at_next: Fraction | None
    headroom: Fraction
    best_rate: Fraction

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the row (exact decimal text; null where there is no breakpoint)."""
        return {
            "id": self.lever.id,
            "label": self.lever.label,
            "objective": self.lever.objective,
            "rule": self.lever.rule.type,
            "direction": self.lever.direction.value,
            "value": exact_text(self.lever.value),
            "points": exact_text(self.points),
            "slope": exact_text(self.slope),
            "next_breakpoint": exact_text(self.next_breakpoint),
            "needed": exact_text(self.needed),
            "gain_at_next": exact_text(self.gain_at_next),
            "headroom": exact_text(self.headroom),
        }


@frozen(kw_only=True)
class Sensitivity(Tabular):
    """Every lever's sensitivity, best first."""

    grid_id: str
    entity: str
    total: Exact
    places: int
    rows: tuple[SensitivityRow, ...] = field(converter=to_tuple)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape."""
        return {
            **json_head(SENSITIVITY_FORMAT, self.grid_id, self.entity),
            "total": exact_text(self.total),
            "rows": [row.to_dict() for row in self.rows],
        }

    COLUMNS: ClassVar[tuple[str, ...]] = SENSITIVITY_COLUMNS

    def to_records(self, *, lang: str | None = None) -> list[dict[str, Any]]:
        """One plain dict per lever, best first, exact (`SENSITIVITY_COLUMNS`, the JSON's names
        plus `axis` and `unit`): `slope` is the points per unit of improvement, `needed` the
        improvement to the next breakpoint, `gain_at_next` the points there (None without one).

        Args:
            lang: `fr` or `en` (accepted as every result's `to_records` does: these records
                hold no words).

        Raises:
            ValueError: `lang` is not `fr` or `en`.
        """
        if lang is not None:
            check_lang(lang)
        return [
            {
                "id": row.lever.id,
                "label": row.lever.label,
                "axis": row.lever.axis,
                "objective": row.lever.objective,
                "rule": row.lever.rule.type,
                "unit": row.lever.unit.value,
                "direction": row.lever.direction.value,
                "value": row.lever.value,
                "points": row.points,
                "slope": row.slope,
                "next_breakpoint": row.next_breakpoint,
                "needed": row.needed,
                "gain_at_next": row.gain_at_next,
                "headroom": row.headroom,
            }
            for row in self.rows
        ]


def _row(lever: Lever) -> SensitivityRow:
    shape = profile(lever)
    slope = shape.pieces[0].slope if shape.pieces else NONE
    next_bp: Exact | None = None
    needed: Fraction | None = None
    gain: Fraction | None = None
    marks = [p.end for p in shape.pieces if p.end > 0]
    value = to_fraction(lever.value)
    # Exact distances to the breakpoints ahead: they match the pieces' ends exactly.
    breakpoints = {shape.sign * (to_fraction(b) - value) for b in breakpoints_of(lever.rule)}
    ahead = [x for x in marks if x in breakpoints]
    if ahead:
        needed = ahead[0]
        next_bp = shape.value_at(needed)
        # A jump that belongs to the part above the breakpoint is reached just past it.
        past = min(needed + OPEN, shape.limit)
        gain = max(shape.gain(needed), shape.gain(past))
    best = max(slope, gain / needed if gain is not None and needed else NONE)
    return SensitivityRow(
        lever=lever,
        points=lever.points,
        slope=slope,
        next_breakpoint=next_bp,
        needed=needed,
        gain_at_next=gain,
        headroom=shape.headroom,
        best_rate=best,
    )


def sensitivity(grid: Grid, results: Results) -> Sensitivity:
    """Compute every lever's sensitivity, sorted by points per unit of improvement (best first).

    Args:
        grid: The grid.
        results: The entity's results.

    Returns:
        The sensitivity table.

    Raises:
        TypeError: `grid` is not a `Grid` or `results` not a `Results`.
        CpgScoreError: The results are not a sum of per-indicator points.
    """
    expect("grid", grid, Grid, "a Grid")
    expect("results", results, Results, "a Results")
    found = levers(grid, results)
    if not found.additive:
        raise CpgScoreError(
            "these results are not a sum of per-indicator points (a rule needs more than its value): "
            "sensitivity cannot be computed"
        )
    rows = sorted(
        (_row(lever) for lever in found.items), key=lambda r: (-r.best_rate, -r.headroom, r.lever.id)
    )
    return Sensitivity(
        grid_id=grid.id,
        entity=results.entity.id,
        total=found.card.total.points,
        places=grid.rounding.points,
        rows=rows,
    )
