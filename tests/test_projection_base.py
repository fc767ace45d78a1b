"""A projection is scored as its base results are: variant, entity bounds, baseline, policy."""

from __future__ import annotations

from decimal import Decimal

from cpg_score import load_grid, load_results, score
from cpg_score.io import load_series
from cpg_score.simulate import project

GRID = """
id: g
label: G
period: 2017
total_points: 1000
variants:
  - {id: melun, label: Melun, points: {o1: 400, o2: 600}}
axes:
  - id: a
    label: A
    objectives:
      - id: o1
        label: O1
        points: 500
        indicators:
          - id: pw
            label: Piecewise
            unit: share
            rule: {type: piecewise, points: [{value: "75 %", rate: "50 %"}, {value: "85 %", rate: "100 %"}]}
      - id: o2
        label: O2
        points: 500
        indicators:
          - id: relb
            label: Relative to last year
            unit: share
            rule: {type: relative, target: {baseline: "-5 %"}, floor: baseline}
          - id: del
            label: Delay
            unit: number
            rule: {type: delay, due: "2017-06-30", step: "10 %"}
"""

BASE = """
grid: g
entity: x
period: 2017
variant: melun
target_policy: most-favourable
results:
  pw: {value: "80 %", target: "95 %", floor: "70 %"}
  relb: {value: "12 %", baseline: "15 %"}
  del: "2017-08-12"
"""

SERIES = """
grid: g
period: 2017
entity: {id: x, label: X}
series:
  SERIES
"""


def _project(series: str) -> tuple[object, object]:
    grid = load_grid(GRID)
    base = load_results(BASE, grid)
    found = project(grid, load_series(SERIES.replace("SERIES", series), grid), base)
    return score(grid, base).total.points, found


def test_a_flat_series_projects_the_base_score() -> None:
    # pw stays at 80 %: the variant's 400 points and the entity's own floor and target count.
    now, found = _project("pw: {values: [80 %, 80 %, 80 %, 80 %, 80 %, 80 %]}")
    assert (now, now, now) == (found.central, found.worse, found.better)  # type: ignore[attr-defined]


def test_a_projected_lever_keeps_its_baseline() -> None:
    now, found = _project("relb: {values: [12 %, 12 %, 12 %, 12 %, 12 %, 12 %]}")
    assert now == found.central  # type: ignore[attr-defined]


def test_a_projected_delay_drops_its_written_date() -> None:
    # 1 + 6 x 1/6 = 2 months late, as a number (the base wrote a date: 1.39 months, 2 started).
    now, found = _project("del: {kind: cumulative, values: [1, 1, 1, 1, 1, 1]}")
    assert Decimal(2) == found.values[0].central  # type: ignore[attr-defined]
    assert now == found.central  # type: ignore[attr-defined]
