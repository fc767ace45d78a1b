"""Reading monthly series files (year-end projection)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cpg_score._args import expect
from cpg_score._numbers import ZERO
from cpg_score.errors import Problem, ProblemCode, SeriesError
from cpg_score.io.marked import Limits
from cpg_score.io.marked import Mapping as YamlMapping
from cpg_score.io.reader import Reader, parse_mapping, sorted_problems
from cpg_score.io.source import Source
from cpg_score.model.grid import Entity, Grid, Unit
from cpg_score.model.series import (
    MAX_LEVEL,
    Series,
    SeriesFile,
    SeriesKind,
    denominator_problem,
    level_message,
)

__all__ = ["load_series"]


def load_series(source: Source, grid: Grid | None = None, *, limits: Limits | None = None) -> SeriesFile:
    """Load a monthly series file (see the module's docstring).

    Raises:
        SeriesError: The file is invalid (every problem with file, line and column).
        TypeError: `grid` is not a `Grid` or None, or `limits` not a `Limits` or None.
    """
    expect("grid", grid, (Grid, type(None)), "a Grid or None")
    expect("limits", limits, (Limits, type(None)), "a Limits or None")
    r, m = parse_mapping(
        source, limits, SeriesError, ["entity", "grid", "period", "series"], ["level", "description"]
    )
    entity = None
    em = r.mapping(m.get("entity"), "$.entity", ["id"], ["label"])
    if em is not None:
        eid = r.ident(em.get("id"), "$.entity.id")
        label = r.text(em.get("label"), "$.entity.label", eid or "")
        entity = None if eid is None else Entity(eid, label or eid)
    gid = r.ident(m.get("grid"), "$.grid")
    period = r.integer(m.get("period"), "$.period")
    r.text(m.get("description"), "$.description", "")
    level: Decimal | None = Decimal("0.9")
    if m.get("level") is not None:
        level = r.number(m.get("level"), "$.level", unit=Unit.SHARE)
        if level is not None and not ZERO < level <= MAX_LEVEL:
            r.error(m.get("level"), "$.level", level_message(level), ProblemCode.OUT_OF_RANGE)
    if grid is not None and gid is not None and gid != grid.id:
        r.error(
            m.get("grid"),
            "$.grid",
            f"the series are for grid {gid!r}, not for {grid.id!r}",
            ProblemCode.WRONG_GRID,
        )
    found: list[Series] = []
    sm = m.get("series")
    if sm is not None and not isinstance(sm, YamlMapping):
        r.error(sm, "$.series", "expected a mapping of result id to a series", ProblemCode.WRONG_TYPE)
    elif isinstance(sm, YamlMapping):
        for key, node, path, unit in r.result_entries(sm, "$.series", grid):
            built = _read_series(r, key.text, node, path, unit)
            if built is not None:
                found.append(built)
    if r.problems or entity is None or gid is None or period is None or level is None:
        raise SeriesError(sorted_problems(r.problems) or [Problem(message="invalid series", file=r.file)])
    return SeriesFile(entity=entity, grid=gid, period=period, level=level, series=found, source=r.file)


def _read_series(r: Reader, key: str, node: Any, path: str, unit: Unit | None) -> Series | None:
    """One lever's series; None when it is invalid (the problems are in `r`)."""
    item = r.mapping(node, path, [], ["kind", "values", "numerator", "denominator", "previous"])
    if item is None:
        return None
    lists: dict[str, list[Decimal]] = {}
    ok = True
    for list_key in ("values", "numerator", "denominator", "previous"):
        if item.get(list_key) is None:
            continue
        numbers = []
        as_unit = unit if list_key in ("values", "previous") else Unit.NUMBER
        for index, value_node in enumerate(r.sequence(item.get(list_key), f"{path}.{list_key}")):
            value = r.number(
                value_node, f"{path}.{list_key}[{index}]", unit=as_unit, allow_percent=as_unit is None
            )
            ok = ok and value is not None
            numbers.append(value if value is not None else ZERO)
        lists[list_key] = numbers
    problem = denominator_problem(lists.get("denominator", []))
    if ok and problem is not None:
        index, message = problem
        bad = r.sequence(item.get("denominator"), f"{path}.denominator")[index]
        r.error(bad, f"{path}.denominator[{index}]", message)
        return None
    fraction = "numerator" in lists or "denominator" in lists
    default_kind = (
        SeriesKind.FRACTION
        if fraction
        else (SeriesKind.RATE if unit in (Unit.SHARE, None) else SeriesKind.CUMULATIVE)
    )
    kind = r.choice(item.get("kind"), f"{path}.kind", [k.value for k in SeriesKind], default_kind.value)
    if not ok or kind is None:
        return None
    return r.build(item, path, Series, id=key, kind=kind, **lists)
