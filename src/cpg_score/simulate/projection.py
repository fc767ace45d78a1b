"""Year-end projection from monthly cumulative figures to date, scored, with an interval.

A series file (YAML) gives, for some levers, the cumulative figures of the months to date
(month 1 first), and optionally the cumulative figures of all 12 months of a previous year
(its seasonal profile):

```yaml
grid: cpg-2019-drsm
period: 2019
entity: {id: drsm-centre-ouest, label: DRSM Centre-Ouest}
level: 90 %                       # the interval's confidence level (default 90 %)
series:
  arrets-travail:                 # a share given as a cumulative rate
    values: [52 %, 54 %, 55 %, 55.5 %, 56 %, 56.4 %]
    previous: [50 %, 51 %, 52 %, 53 %, 53.5 %, 54 %, 54.5 %, 55 %, 55.5 %, 56 %, 56.5 %, 57 %]
  fraude:                         # a share given as cumulative numerator and denominator
    numerator: [40, 85, 130, 170, 215, 262]
    denominator: [43, 90, 138, 181, 228, 277]
  controles:                      # a count: cumulative to date
    kind: cumulative
    values: [120, 250, 370, 490, 600, 730]
```

Methods (after `m` months, `r = 12 - m` months to go; `d` the monthly increments):

- **cumulative** (counts, euros; the default for units other than share): linear pace,
  `C_m + r x mean(d)`; with a previous year's profile `P`, `C_m x P_12 / P_m`.
- **rate** (the default for a share): the cumulative rate to date carries to year end (numerator
  and denominator growing at the same pace); with a previous year's profile, the previous
  year's change from month `m` to December is added: `R_m + (P_12 - P_m)`.
- **numerator / denominator**: both projected at their linear pace; the year-end rate is their ratio.

The interval treats the months to go as independent draws of the months seen:
`± z x sd(d) x sqrt(r)` for a cumulative figure and a rate, and for a fraction the monthly rates
`dN / dD` give `± z x sd / sqrt(r)` on the rate of the months to go (`z` from the level). It is
a heuristic for planning, not a statistical guarantee. Each end of the interval is scored with
every lever at its worse (or better) end together, so the scored interval is conservative.
Levers without a series keep their value in a base results file.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from attrs import field, frozen

from cpg_score._args import expect, expect_exact
from cpg_score._convert import to_tuple
from cpg_score._numbers import CONTEXT
from cpg_score.errors import CpgScoreError, Problem, ProblemCode, SeriesError, Suggestions, unknown_item
from cpg_score.io.marked import Limits, child_path
from cpg_score.io.marked import Mapping as YamlMapping
from cpg_score.io.reader import Reader, parse, sorted_problems
from cpg_score.io.source import Source
from cpg_score.model.grid import Entity, Grid, Results, ResultValue, Unit
from cpg_score.model.rules import Direction
from cpg_score.render._simulate import check_format, fmt, render_table
from cpg_score.scoring.engine import score
from cpg_score.simulate._levers import direction_of

__all__ = ["Projection", "Series", "SeriesError", "load_series", "project", "render_projection"]

#: The JSON shape of a projection.
PROJECTION_FORMAT = "cpg-score/projection@1"
MONTHS = 12
ZERO = Decimal(0)
ONE = Decimal(1)
#: The highest confidence level of the interval: beyond, the normal quantile is lost in floats.
MAX_LEVEL = Decimal("0.999999")


@frozen
class Series:
    """One lever's cumulative figures to date.

    Attributes:
        id: The result id.
        kind: `cumulative`, `rate` or `fraction`.
        values: Cumulative values, month 1 first (cumulative and rate kinds).
        numerator: Cumulative numerators (fraction).
        denominator: Cumulative denominators (fraction).
        previous: A previous year's 12 cumulative values (its seasonal profile), if given.
    """

    id: str
    kind: str
    values: tuple[Decimal, ...] = field(default=(), converter=to_tuple)
    numerator: tuple[Decimal, ...] = field(default=(), converter=to_tuple)
    denominator: tuple[Decimal, ...] = field(default=(), converter=to_tuple)
    previous: tuple[Decimal, ...] = field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        if self.kind not in ("cumulative", "rate", "fraction"):
            raise ValueError(f"kind must be cumulative, rate or fraction, got {self.kind!r}")
        for name in ("values", "numerator", "denominator", "previous"):
            for index, item in enumerate(getattr(self, name)):
                expect_exact(f"{name}[{index}]", item)
        months = len(self.numerator) if self.kind == "fraction" else len(self.values)
        if not 1 <= months <= MONTHS:
            raise ValueError(f"a series holds 1 to 12 months, got {months}")
        if self.kind == "fraction" and len(self.numerator) != len(self.denominator):
            raise ValueError("numerator and denominator must cover the same months")
        if self.previous and len(self.previous) != MONTHS:
            raise ValueError(f"previous must hold the 12 months of a year, got {len(self.previous)}")
        if self.previous and self.kind == "fraction":
            raise ValueError("previous applies to `values`, not to numerator/denominator")
        problem = _denominator_problem(self.denominator)
        if problem is not None:
            raise ValueError(problem[1])

    @property
    def months(self) -> int:
        """Months to date."""
        return len(self.numerator) if self.kind == "fraction" else len(self.values)


def _denominator_problem(denominators: Sequence[Decimal]) -> tuple[int, str] | None:
    """The first cumulative denominator below 0 or below the month before: (index, message)."""
    for index, value in enumerate(denominators):
        if value < 0:
            return index, f"a cumulative denominator must not be negative, got {value:f}"
        if index and value < denominators[index - 1]:
            return index, (
                f"cumulative denominators must not decrease: {value:f} after {denominators[index - 1]:f} "
                "(give the figures to date, month 1 first)"
            )
    if denominators and denominators[-1] == 0:
        return len(denominators) - 1, "the cumulative denominator to date is 0: no rate to project"
    return None


@frozen
class SeriesFile:
    """A series file: whose figures, for which grid, and the series."""

    entity: Entity
    grid: str
    period: int
    level: Decimal
    series: tuple[Series, ...] = field(converter=to_tuple)
    source: str = ""


def load_series(source: Source, grid: Grid | None = None, *, limits: Limits | None = None) -> SeriesFile:
    """Load a monthly series file (see the module's docstring).

    Raises:
        SeriesError: The file is invalid (every problem with file, line and column).
        TypeError: `grid` is not a `Grid` or None, or `limits` not a `Limits` or None.
    """
    expect("grid", grid, (Grid, type(None)), "a Grid or None")
    expect("limits", limits, (Limits, type(None)), "a Limits or None")
    root, name = parse(source, limits, SeriesError)
    r = Reader(name)
    m = r.mapping(root, "$", ["entity", "grid", "period", "series"], ["level", "description"])
    if m is None:
        raise SeriesError(r.problems)
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
            r.error(m.get("level"), "$.level", _level_message(level))
    if grid is not None and gid is not None and gid != grid.id:
        r.error(m.get("grid"), "$.grid", f"the series are for grid {gid!r}, not for {grid.id!r}")
    found: list[Series] = []
    sm = m.get("series")
    if sm is not None and not isinstance(sm, YamlMapping):
        r.error(sm, "$.series", "expected a mapping of result id to a series")
    elif isinstance(sm, YamlMapping):
        scored = grid.scored_ids() if grid is not None else None
        hints = Suggestions(scored or ())
        for key, node in sm.entries:
            path = child_path("$.series", key.text)
            if scored is not None and key.text not in scored:
                r.error(key, path, unknown_item(key.text, grid.id, hints), ProblemCode.UNKNOWN_ITEM)  # type: ignore[union-attr]
                continue
            built = _read_series(
                r, key.text, node, path, grid.unit_of(key.text) if grid is not None else None
            )
            if built is not None:
                found.append(built)
    if r.problems or entity is None or gid is None or period is None or level is None:
        raise SeriesError(sorted_problems(r.problems) or [Problem(message="invalid series", file=name)])
    return SeriesFile(entity, gid, period, level, found, name)


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
    problem = _denominator_problem(lists.get("denominator", []))
    if ok and problem is not None:
        index, message = problem
        bad = r.sequence(item.get("denominator"), f"{path}.denominator")[index]
        r.error(bad, f"{path}.denominator[{index}]", message)
        return None
    fraction = "numerator" in lists or "denominator" in lists
    default_kind = "fraction" if fraction else ("rate" if unit in (Unit.SHARE, None) else "cumulative")
    kind = r.choice(item.get("kind"), f"{path}.kind", ["cumulative", "rate", "fraction"], default_kind)
    if not ok or kind is None:
        return None
    return r.build(item, path, Series, key, kind, **lists)


@frozen
class ProjectedValue:
    """One lever's projection.

    Attributes:
        id: The lever.
        months: Months to date.
        to_date: The figure to date (the cumulative value or rate of the last month).
        central: The projected year-end value.
        low: The interval's lower end.
        high: The interval's upper end.
        method: How it was projected.
    """

    id: str
    months: int
    to_date: Decimal
    central: Decimal
    low: Decimal
    high: Decimal
    method: str


@frozen
class Projection:
    """Projected year-end values and their scores.

    Attributes:
        values: One projection per series.
        central: The total with every projected value.
        worse: The total with every lever at the worse end of its interval.
        better: The total with every lever at the better end.
        level: The interval's confidence level.
    """

    grid_id: str
    entity: str
    places: int
    level: Decimal
    values: tuple[ProjectedValue, ...] = field(converter=to_tuple)
    central: Fraction
    worse: Fraction
    better: Fraction

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape."""
        return {
            "format": PROJECTION_FORMAT,
            "grid": self.grid_id,
            "entity": self.entity,
            "level": self.level,
            "total": {"central": self.central, "worse": self.worse, "better": self.better},
            "values": [
                {
                    "id": v.id,
                    "months": v.months,
                    "to_date": v.to_date,
                    "central": v.central,
                    "low": v.low,
                    "high": v.high,
                    "method": v.method,
                }
                for v in self.values
            ],
        }


def _increments(values: Sequence[Decimal]) -> list[Decimal]:
    return [values[0], *(b - a for a, b in itertools.pairwise(values))]


def _sd(values: Sequence[Decimal]) -> Decimal:
    if len(values) < 2:
        return ZERO
    mean = sum(values, ZERO) / len(values)
    return (sum(((v - mean) ** 2 for v in values), ZERO) / (len(values) - 1)).sqrt()


def _project_one(series: Series, z: Decimal) -> ProjectedValue:
    m = series.months
    rest = MONTHS - m
    with localcontext(CONTEXT):
        root = Decimal(rest).sqrt()
        if series.kind == "fraction":
            num, den = series.numerator, series.denominator
            dn, dd = _increments(num), _increments(den)
            rates = [a / b for a, b in zip(dn, dd, strict=True) if b != 0]
            if den[-1] == 0 or not rates:
                raise CpgScoreError(f"{series.id}: the denominator to date is 0")
            den_rest = sum(dd, ZERO) / m * rest
            to_date = num[-1] / den[-1]
            rest_rate = sum(dn, ZERO) / sum(dd, ZERO)
            spread = z * _sd(rates) / root if rest else ZERO

            def at(rate: Decimal) -> Decimal:
                return (num[-1] + rate * den_rest) / (den[-1] + den_rest)

            return ProjectedValue(
                series.id,
                m,
                to_date,
                at(rest_rate),
                at(rest_rate - spread),
                at(rest_rate + spread),
                "numerator and denominator at their linear pace",
            )
        values = series.values
        steps = _increments(values) if series.kind == "cumulative" else _increments(values)[1:]
        spread = z * _sd(steps) * root
        if series.kind == "cumulative":
            if series.previous and series.previous[m - 1] != 0:
                central = values[-1] * series.previous[-1] / series.previous[m - 1]
                method = "previous year's seasonal profile"
            else:
                central = values[-1] + sum(steps, ZERO) / m * rest
                method = "linear pace"
        elif series.previous:
            central = values[-1] + series.previous[-1] - series.previous[m - 1]
            method = "rate to date + previous year's change to December"
        else:
            central = values[-1]
            method = "rate to date carried to year end"
        return ProjectedValue(series.id, m, values[-1], central, central - spread, central + spread, method)


def _clip(value: Decimal, unit: Unit) -> Decimal:
    if unit is Unit.SHARE:
        return min(max(value, ZERO), ONE)
    if unit in (Unit.COUNT, Unit.DAYS, Unit.EUROS):
        return max(value, ZERO)
    return value


def _projected(grid: Grid, series: SeriesFile, z: Decimal) -> tuple[dict[str, Any], list[ProjectedValue]]:
    """Each lever's rule (None: an objective rated directly), and its projection clipped to its domain."""
    rules: dict[str, Any] = {}
    units: dict[str, Unit] = {}
    for _, objective in grid.objectives():
        if objective.direct:
            rules[objective.id], units[objective.id] = None, Unit.SHARE
        for indicator in objective.indicators:
            rules[indicator.id], units[indicator.id] = indicator.rule, indicator.unit
    projected = []
    for p in (_project_one(s, z) for s in series.series):
        unit = units[p.id]
        clipped = (_clip(p.central, unit), _clip(p.low, unit), _clip(p.high, unit))
        projected.append(ProjectedValue(p.id, p.months, p.to_date, *clipped, p.method))
    return rules, projected


def _missing(grid: Grid, projected: Any, base: Results | None) -> list[str]:
    """The scored results with neither a projection nor a base value."""
    return [
        i
        for _, o in grid.objectives()
        if o.neutralised is None
        for i in ([o.id] if o.direct else [x.id for x in o.indicators if x.neutralised is None])
        if i not in projected and (base is None or base.get(i) is None)
    ]


def project(grid: Grid, series: SeriesFile, base: Results | None = None) -> Projection:
    """Project every series to year end and score the projection and its interval.

    Args:
        grid: The grid.
        series: The monthly series.
        base: Results for the levers without a series (they keep their value).

    Returns:
        The projection.

    Raises:
        CpgScoreError: A scored result has neither a series nor a base value.
        TypeError: An argument has the wrong type (the message names it).
    """
    expect("grid", grid, Grid, "a Grid (see load_grid)")
    expect("series", series, SeriesFile, "a SeriesFile (see load_series)")
    expect("base", base, (Results, type(None)), "a Results (see load_results) or None")
    if not ZERO < series.level <= MAX_LEVEL:
        raise CpgScoreError(f"{series.source or '<series>'}: {_level_message(series.level)}")
    z = Decimal(repr(statistics.NormalDist().inv_cdf((1 + float(series.level)) / 2)))
    rules, projected = _projected(grid, series, z)
    by_id = {p.id: p for p in projected}

    def results_with(pick: str) -> Results:
        values = []
        seen = set()
        for p in projected:
            higher = rules[p.id] is None or direction_of(rules[p.id]) is Direction.HIGHER
            chosen = {
                "central": p.central,
                "worse": p.low if higher else p.high,
                "better": p.high if higher else p.low,
            }[pick]
            values.append(ResultValue(p.id, value=chosen))
            seen.add(p.id)
        for value in base.values if base is not None else ():
            if value.id not in seen:
                values.append(value)
                seen.add(value.id)
        return Results(series.entity, series.grid, series.period, values, source=series.source)

    missing = _missing(grid, by_id, base)
    if missing:
        raise CpgScoreError(
            f"no series and no base value for {', '.join(missing)}: add their series, or give base results"
        )
    totals = {pick: score(grid, results_with(pick)).total.points for pick in ("central", "worse", "better")}
    return Projection(
        grid.id,
        series.entity.id,
        grid.rounding.points,
        series.level,
        projected,
        totals["central"],
        totals["worse"],
        totals["better"],
    )


def _level_message(level: Decimal) -> str:
    highest = (MAX_LEVEL * 100).normalize()
    return f"level must lie strictly between 0 % and 100 %, at most {highest:f} %, got {level}"


def render_projection(result: Projection, fmt_name: str = "table") -> str:
    """Render a projection as `table`, `markdown`, `csv` or `json`.

    Raises:
        TypeError: `result` is not a `Projection`, or `fmt_name` not a string.
        ValueError: `fmt_name` is not one of the formats.
    """
    expect("result", result, Projection, "a Projection (see project)")
    check_format(fmt_name)
    headers = ["id", "months", "to date", "year end", "low", "high", "method"]
    rows = [
        [v.id, str(v.months), fmt(v.to_date, 4), fmt(v.central, 4), fmt(v.low, 4), fmt(v.high, 4), v.method]
        for v in result.values
    ]
    places = result.places
    level = fmt(result.level * 100, 0)
    notes = [
        f"projected total: {fmt(result.central, places)} "
        f"({level} % interval: {fmt(result.worse, places)} to {fmt(result.better, places)})"
    ]
    title = f"Year-end projection: {result.entity} on {result.grid_id}"
    return render_table(title, headers, rows, fmt_name, result.to_dict(), notes, left=(0, 6))
