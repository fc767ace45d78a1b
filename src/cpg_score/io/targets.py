"""Reading a targets file: per-entity floors and targets for one grid and period.

```yaml
grid: recouvrement-urssaf-2017
period: 2017
policy: most-favourable          # or override (the default)
source: CPG 2014-2017 des Urssaf
entities:
  urssaf-idf: {taux-decroche: {target: "88 %"}, qualite-reponse: {floor: 16, target: 17}}
  urssaf-bretagne: {taux-decroche: {floor: "78 %", target: "86 %"}}
```

A file is of this kind when its top level has `entities` and `grid` (a file of published
totals has `entities` but no `grid`). With the grid, every indicator id is checked (an unknown
one is an error, with a "did you mean"), and every bound goes through the indicator's rule as
the grid's own would (a floor equal to the target is refused). An entity the results do not
name is simply unused.
"""

from __future__ import annotations

import os
from decimal import Decimal

from cpg_score._args import expect
from cpg_score.errors import Problem, ProblemCode, ResultsError
from cpg_score.io.marked import Limits, Mapping, Node, child_path
from cpg_score.io.reader import Reader, parse_mapping, sorted_problems
from cpg_score.io.source import Source
from cpg_score.model.entity import TargetPolicy
from cpg_score.model.grid import Grid, Unit
from cpg_score.model.targets import Bounds, Targets, entity_rule

__all__ = ["load_targets"]

_KEYS = ("grid", "period", "entities")
_OPTIONAL = ("policy", "source", "comment", "description")


def load_targets(source: Source, grid: Grid | None = None, *, limits: Limits | None = None) -> Targets:
    """Load a targets file: per-entity floors and targets for one grid and period.

    Args:
        source: A path, or YAML text.
        grid: The grid the targets are for: its id and period, its indicator ids and their
            rules are then checked.
        limits: Bounds on the file's size and structure.

    Returns:
        The targets (apply them with [`Targets.apply`][cpg_score.Targets.apply], or pass them
        to [`score`][cpg_score.score] as `targets=`).

    Raises:
        TypeError: `source` is not a path, text or bytes, `grid` not a `Grid`, or `limits`
            not a `Limits`.
        ResultsError: The file is invalid or does not fit the grid; every problem is listed,
            with file, line and column.

    Examples:
        >>> targets = load_targets("targets.yaml", grid)  # doctest: +SKIP
    """
    expect("source", source, (str, bytes, os.PathLike), "a path, YAML text or bytes")
    expect("grid", grid, (Grid, type(None)), "a Grid (from load_grid) or None")
    expect("limits", limits, (Limits, type(None)), "a Limits or None")
    r, m = parse_mapping(source, limits, ResultsError, _KEYS, _OPTIONAL)
    gid = r.ident(m.get("grid"), "$.grid")
    period = r.integer(m.get("period"), "$.period")
    policy = r.choice(m.get("policy"), "$.policy", [p.value for p in TargetPolicy], "override")
    for key in ("source", "comment", "description"):
        r.text(m.get(key), f"$.{key}", "")
    if grid is not None:
        _check_grid(r, m, grid, gid, period)
    entities = _read_entities(r, m.get("entities"), grid)
    if r.problems or gid is None or period is None or policy is None:
        raise ResultsError(sorted_problems(r.problems) or [Problem(message="invalid targets", file=r.file)])
    return Targets(grid=gid, period=period, policy=TargetPolicy(policy), entities=entities, source=r.file)


def _check_grid(r: Reader, m: Mapping, grid: Grid, gid: str | None, period: int | None) -> None:
    if gid is not None and gid != grid.id:
        r.error(
            m.get("grid"),
            "$.grid",
            f"targets are for grid {gid!r}, not for {grid.id!r}",
            ProblemCode.WRONG_GRID,
        )
    if period is not None and period != grid.period:
        message = f"targets are for period {period}, the grid's is {grid.period}"
        r.error(m.get("period"), "$.period", message, ProblemCode.WRONG_PERIOD)


def _read_entities(r: Reader, node: Node | None, grid: Grid | None) -> list[tuple[str, list[Bounds]]]:
    """`entities:` entity id -> {indicator id -> {floor, target}}."""
    em = node if isinstance(node, Mapping) else r.mapping(node, "$.entities", [])
    if em is None:
        return []
    out: list[tuple[str, list[Bounds]]] = []
    for key, value in em.entries:
        path = child_path("$.entities", key.text)
        eid = r.ident(key, path)
        im = value if isinstance(value, Mapping) else r.mapping(value, path, [])
        if eid is None or im is None:
            continue
        out.append((eid, _read_bounds(r, im, path, grid)))
    return out


def _read_bounds(r: Reader, im: Mapping, path: str, grid: Grid | None) -> list[Bounds]:
    """One entity's bounds, by indicator id (checked against the grid's rules when given)."""
    found: list[Bounds] = []
    for key, node, at, unit in r.result_entries(im, path, grid):
        bm = r.mapping(node, at, [], ["floor", "target"])
        if bm is None:
            continue
        numbers: dict[str, Decimal | None] = {}
        for name in ("floor", "target"):
            if bm.get(name) is not None:
                numbers[name] = r.number(bm.get(name), f"{at}.{name}", unit=unit, allow_percent=unit is None)
        if None in numbers.values():
            continue
        bounds = r.build(bm, at, Bounds, indicator=key.text, **numbers)
        if bounds is not None and grid is not None:
            _check_rule(r, bm, at, grid, bounds, unit)
        if bounds is not None:
            found.append(bounds)
    return found


def _check_rule(r: Reader, node: Node, at: str, grid: Grid, bounds: Bounds, unit: Unit | None) -> None:
    place = grid.locate(bounds.indicator)
    indicator = None if place is None else place[2]
    if indicator is None:
        message = (
            f"objective {bounds.indicator!r} takes its rate directly: it has no floor or target to override"
        )
        r.error(node, at, message, ProblemCode.INVALID)
        return
    try:
        entity_rule(indicator, bounds.floor, bounds.target)
    except ValueError as exc:
        r.error(node, at, str(exc), ProblemCode.INVALID)
