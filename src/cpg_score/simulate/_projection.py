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

from attrs import evolve, field, frozen

from cpg_score._args import expect
from cpg_score._convert import to_tuple
from cpg_score._display import METHOD, check_lang, frame, hook_text, html
from cpg_score._numbers import CONTEXT, decimal_text
from cpg_score.errors import CpgScoreError, SeriesError
from cpg_score.model.grid import Grid, Results, ResultValue, Unit
from cpg_score.model.rules import Direction
from cpg_score.model.series import MAX_LEVEL, MONTHS, Series, SeriesFile, level_message
from cpg_score.scoring import score
from cpg_score.simulate._common import ONE, ZERO, Words, json_head
from cpg_score.simulate._levers import direction_of

__all__ = ["ProjectedValue", "Projection", "ProjectionMethod", "Series", "SeriesError", "project"]

#: The JSON shape of a projection.
PROJECTION_FORMAT = "cpg-score/projection@1"
#: The keys of a projection's records (`Projection.to_records`), in column order (`method_text`
#: follows with a language).
PROJECTION_COLUMNS = ("id", "months", "to_date", "central", "low", "high", "method")
#: The totals of a projection: every lever at its central value, its worse end, its better end.
PICKS = ("central", "worse", "better")


class ProjectionMethod(Words):
    """How a lever was projected (its value is the method in English words, as in JSON)."""

    FRACTION = "numerator and denominator at their linear pace"
    SEASONAL = "previous year's seasonal profile"
    LINEAR = "linear pace"
    RATE_AND_CHANGE = "rate to date + previous year's change to December"
    RATE = "rate to date carried to year end"


@frozen(kw_only=True)
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
        label: The lever's label ("" when unknown: tables then show its id).
        unit: The unit of its values (a share shows as a percent in a table).
    """

    id: str
    months: int
    to_date: Decimal
    central: Decimal
    low: Decimal
    high: Decimal
    method: ProjectionMethod
    label: str = ""
    unit: Unit = Unit.NUMBER


@frozen(kw_only=True)
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
        """The JSON shape: exact numbers as decimal text (see `decimal_text`)."""
        return {
            **json_head(PROJECTION_FORMAT, self.grid_id, self.entity),
            "level": decimal_text(self.level),
            "total": {name: decimal_text(getattr(self, name)) for name in PICKS},
            "values": [
                {
                    "id": v.id,
                    "months": v.months,
                    "to_date": decimal_text(v.to_date),
                    "central": decimal_text(v.central),
                    "low": decimal_text(v.low),
                    "high": decimal_text(v.high),
                    "method": v.method.value,
                }
                for v in self.values
            ],
        }

    def to_records(self, *, lang: str | None = None) -> list[dict[str, Any]]:
        """One plain dict per projected value, exact (`PROJECTION_COLUMNS`, the JSON's names):
        `method` is its code; the totals (`central`, `worse`, `better`) are attributes.

        Args:
            lang: `fr` or `en` to add `method_text`, the method in words; None: codes only.

        Raises:
            ValueError: `lang` is not `fr` or `en`.
        """
        if lang is not None:
            check_lang(lang)
        out: list[dict[str, Any]] = []
        for v in self.values:
            record: dict[str, Any] = {
                "id": v.id,
                "months": v.months,
                "to_date": v.to_date,
                "central": v.central,
                "low": v.low,
                "high": v.high,
                "method": v.method.value,
            }
            if lang is not None:
                record["method_text"] = hook_text(METHOD, v.method, lang) or v.method.value
            out.append(record)
        return out

    def to_frame(self, *, exact: bool = False, lang: str | None = None) -> Any:
        """`to_records` as a `pandas.DataFrame` (floats unless `exact`; the extra `pandas`).

        Raises:
            MissingExtraError: pandas is not installed.
        """
        columns = PROJECTION_COLUMNS if lang is None else (*PROJECTION_COLUMNS, "method_text")
        return frame(self.to_records(lang=lang), columns, exact=exact)

    def _repr_html_(self) -> str | None:
        """The projection in a notebook, as the reports print it."""
        return html(self)


def _increments(values: Sequence[Decimal]) -> list[Decimal]:
    return [values[0], *(b - a for a, b in itertools.pairwise(values))]


def _sd(values: Sequence[Decimal]) -> Decimal:
    if len(values) < 2:
        return ZERO
    mean = sum(values, ZERO) / len(values)
    return (sum(((v - mean) ** 2 for v in values), ZERO) / (len(values) - 1)).sqrt()


def _project_fraction(series: Series, z: Decimal, root: Decimal) -> ProjectedValue:
    """A share given as cumulative numerator and denominator: both at their linear pace."""
    m, rest = series.months, MONTHS - series.months
    num, den = series.numerator, series.denominator
    dn, dd = _increments(num), _increments(den)
    rates = [a / b for a, b in zip(dn, dd, strict=True) if b != 0]
    if den[-1] == 0 or not rates:
        raise CpgScoreError(f"{series.id}: the denominator to date is 0")
    den_rest = sum(dd, ZERO) / m * rest
    rest_rate = sum(dn, ZERO) / sum(dd, ZERO)
    spread = z * _sd(rates) / root if rest else ZERO

    def at(rate: Decimal) -> Decimal:
        return (num[-1] + rate * den_rest) / (den[-1] + den_rest)

    return ProjectedValue(
        id=series.id,
        months=m,
        to_date=num[-1] / den[-1],
        central=at(rest_rate),
        low=at(rest_rate - spread),
        high=at(rest_rate + spread),
        method=ProjectionMethod.FRACTION,
    )


def _project_one(series: Series, z: Decimal) -> ProjectedValue:
    m = series.months
    rest = MONTHS - m
    with localcontext(CONTEXT):
        root = Decimal(rest).sqrt()
        if series.kind == "fraction":
            return _project_fraction(series, z, root)
        values = series.values
        steps = _increments(values) if series.kind == "cumulative" else _increments(values)[1:]
        spread = z * _sd(steps) * root
        if series.kind == "cumulative":
            if series.previous and series.previous[m - 1] != 0:
                central = values[-1] * series.previous[-1] / series.previous[m - 1]
                method = ProjectionMethod.SEASONAL
            else:
                central = values[-1] + sum(steps, ZERO) / m * rest
                method = ProjectionMethod.LINEAR
        elif series.previous:
            central = values[-1] + series.previous[-1] - series.previous[m - 1]
            method = ProjectionMethod.RATE_AND_CHANGE
        else:
            central = values[-1]
            method = ProjectionMethod.RATE
        return ProjectedValue(
            id=series.id,
            months=m,
            to_date=values[-1],
            central=central,
            low=central - spread,
            high=central + spread,
            method=method,
        )


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
    labels: dict[str, str] = {}
    for _, objective in grid.objectives():
        if objective.direct:
            rules[objective.id], units[objective.id] = None, Unit.SHARE
            labels[objective.id] = objective.label
        for indicator in objective.indicators:
            rules[indicator.id], units[indicator.id] = indicator.rule, indicator.unit
            labels[indicator.id] = indicator.label
    projected = []
    for p in (_project_one(s, z) for s in series.series):
        unit = units[p.id]
        central, low, high = (_clip(v, unit) for v in (p.central, p.low, p.high))
        projected.append(evolve(p, central=central, low=low, high=high, label=labels[p.id], unit=unit))
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
        raise CpgScoreError(f"{series.source or '<series>'}: {level_message(series.level)}")
    z = Decimal(repr(statistics.NormalDist().inv_cdf((1 + float(series.level)) / 2)))
    rules, projected = _projected(grid, series, z)
    missing = _missing(grid, {p.id for p in projected}, base)
    if missing:
        raise CpgScoreError(
            f"no series and no base value for {', '.join(missing)}: add their series, or give base results"
        )
    totals = {
        pick: score(grid, _results_with(series, base, rules, projected, pick)).total.points for pick in PICKS
    }
    return Projection(
        grid_id=grid.id,
        entity=series.entity.id,
        places=grid.rounding.points,
        level=series.level,
        values=projected,
        central=totals["central"],
        worse=totals["worse"],
        better=totals["better"],
    )


def _results_with(
    series: SeriesFile,
    base: Results | None,
    rules: dict[str, Any],
    projected: list[ProjectedValue],
    pick: str,
) -> Results:
    """The results with every projected lever at its central, worse or better value (`pick`).

    A lever with a base entry keeps everything of it but the value (its baseline, its own floor
    and target, its volume; the written form of the old value goes), and the results keep the
    base file's points variant and target policy: the projection is scored as the base is.
    """
    chosen: dict[str, Decimal] = {}
    for p in projected:
        higher = rules[p.id] is None or direction_of(rules[p.id]) is Direction.HIGHER
        chosen[p.id] = {
            "central": p.central,
            "worse": p.low if higher else p.high,
            "better": p.high if higher else p.low,
        }[pick]
    if base is None:
        return Results(
            entity=series.entity,
            grid=series.grid,
            period=series.period,
            values=[ResultValue(id=i, value=v) for i, v in chosen.items()],
            source=series.source,
        )
    known = base.ids()
    moved = base.replace_values(**{i: v for i, v in chosen.items() if i in known})
    extra = [ResultValue(id=i, value=v) for i, v in chosen.items() if i not in known]
    return evolve(
        moved,
        entity=series.entity,
        grid=series.grid,
        period=series.period,
        values=[*moved.values, *extra],
        source=series.source,
    )
