"""The simulator sheet of one entity as cells: formulas, their cached values, input cells.

The scorecard's arithmetic (see `scoring/_engine.py`) written as spreadsheet formulas, column by
column, in hidden helper columns; the visible rate and points columns are `ROUND()` of them, as
cpg-score presents its figures. Every formula cell carries its cached value: the exact figure
computed here the way the formula computes it (and checked against the scorecard by the tests).

Helper columns (hidden, no header):

| column | indicator row | objective row | axis row | total row |
|---|---|---|---|---|
| K | result as a number (yes 1, no 0, a date as months late) | direct objective: result | | |
| L | neutralised (1/0) | neutralised (1/0) | | |
| M | rate (exact) | rate (exact) | rate | rate |
| N | weight in the mean | sum of the weights | | |
| O | points it can earn | points it can earn | max | max |
| P | points earned | points earned | points | points |
| Q | bonus before the ceiling | sum of Q | | |
| R | bonus paid | bonus ceiling | | |
| S | declared weight | declared points | | |
| T | weight x min(rate, 1) | bonus paid | | |
| U | delay rule: whole months late | | | |
| V | | points if scored | sum of V | sum of V |
| W | | points if neutralised | sum of W | |
| X | | | W when V = 0 (no taker) | sum of X |
"""

from __future__ import annotations

import calendar
import datetime
import enum
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from attrs import field, frozen

from cpg_score._numbers import F1, round_half_up, to_fraction
from cpg_score.model.entity import TargetPolicy
from cpg_score.model.fit import neutral_reason
from cpg_score.model.grid import Grid, Indicator, Objective, Results, ResultValue, Unit
from cpg_score.model.rules.binary import NO_WORDS, YES_WORDS
from cpg_score.model.rules.count import REFUSAL_WORDS
from cpg_score.model.rules.delay import parse_date
from cpg_score.model.rules.registry import RuleBase
from cpg_score.model.scorecard import IndicatorScore, Scorecard
from cpg_score.model.targets import MostFavourableRule
from cpg_score.scoring import bound_rule

# Visible columns (0-based): id, label, result (input), floor, target, rate, points, max, comment.
ID, LABEL, RESULT, FLOOR, TARGET, RATE, EARNED, MAX, COMMENT = range(9)
#: The helper columns, by letter (see the module's table).
HELPERS = "KLMNOPQRSTUVWX"


class Kind(enum.Enum):
    """What a row of the simulator is."""

    AXIS = "axis"
    OBJECTIVE = "objective"
    INDICATOR = "indicator"
    TOTAL = "total"


class Look(enum.Enum):
    """How an input or bound cell is written and formatted."""

    SHARE = "share"
    NUMBER = "number"
    YES_NO = "yes-no"
    DATE = "date"
    REFUSAL = "refusal"
    TEXT = "text"
    #: A count or a number of days: a number, never negative.
    COUNT = "count"
    #: An objective's cell where only `-` (neutralised) has an effect.
    OPTIONAL = "optional"


@frozen
class Cell:
    """A formula cell: the formula (with its `=`), its cached value, its number format key."""

    formula: str
    value: float
    look: str


@frozen(kw_only=True)
class Row:
    """One row of the simulator sheet.

    Attributes:
        kind: Axis, objective, indicator or total.
        index: The 1-based row number in the sheet.
        item: The item's id ("" for an axis or the total: not read back).
        label: The item's label.
        given: The result as written in the input cell (a number, `oui`, a date, `-`), or None.
        look: How the input cell is written.
        floor: The floor shown, or None.
        target: The target shown, or None.
        comment: The neutralisation's words, or "".
        share: Whether the item's result is a share (its floor and target shown as percents).
        baseline: The entity's baseline (column J, read back), or None.
        cells: Formula cells by column letter (visible F G H and the helpers).
        live: Whether the rate is a live formula of the input (False: a value; a note says so).
    """

    kind: Kind
    index: int
    item: str
    label: str
    given: object = None
    look: Look = Look.NUMBER
    floor: Decimal | None = None
    target: Decimal | None = None
    comment: str = ""
    share: bool = False
    baseline: Decimal | None = None
    cells: dict[str, Cell] = field(factory=dict)
    live: bool = True


def num(value: Fraction | Decimal | int) -> str:
    """A constant of a formula, exactly: a decimal when it terminates, else `(p/q)`."""
    fraction = to_fraction(value)
    if fraction.denominator == 1:
        return str(fraction.numerator)
    text = _terminating(fraction)
    return text if text is not None else f"({fraction.numerator}/{fraction.denominator})"


def _terminating(fraction: Fraction) -> str | None:
    """The exact decimal text of a fraction whose denominator has only 2 and 5 as factors."""
    d, places = fraction.denominator, 0
    while d % 10 == 0 or d % 2 == 0 or d % 5 == 0:
        d //= 2 if d % 2 == 0 else 5
        places += 1
        if places > 30:
            return None
    if d != 1:
        return None
    text = f"{Decimal(fraction.numerator) / Decimal(fraction.denominator):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def yes_word(lang: str, met: bool) -> str:
    """`oui`/`non` in French, `yes`/`no` in English."""
    return ("oui" if met else "non") if lang == "fr" else ("yes" if met else "no")


@frozen(kw_only=True)
class Context:
    """What a sheet is built from: the card, and the grid and results when known (live rules)."""

    card: Scorecard
    grid: Grid | None
    results: Results | None
    lang: str


def result_of(ctx: Context, item: str) -> ResultValue | None:
    return None if ctx.results is None else ctx.results.get(item)


def amounts_of(ctx: Context) -> dict[str, Fraction]:
    if ctx.grid is None:
        return {}
    grid = ctx.grid if ctx.card.variant is None else ctx.grid.for_variant(ctx.card.variant)
    return grid.exact_amounts()


def grid_items(ctx: Context) -> tuple[dict[str, Objective], dict[str, Indicator]]:
    objectives: dict[str, Objective] = {}
    indicators: dict[str, Indicator] = {}
    if ctx.grid is not None:
        for _, objective in ctx.grid.objectives():
            objectives[objective.id] = objective
            for indicator in objective.indicators:
                indicators[indicator.id] = indicator
    return objectives, indicators


def rule_formula(rule: Any, x: str) -> str | None:
    """The rule's spreadsheet expression of the result in cell `x`, or None (no live formula)."""
    method: Callable[[str], str | None] | None = getattr(rule, "spreadsheet", None)
    expression = method(x) if callable(method) else None
    if expression is None and isinstance(rule, MostFavourableRule):
        parts = [rule_formula(rule.grid, x), rule_formula(rule.entity, x)]
        if None not in parts:
            expression = f"MAX({parts[0]},{parts[1]})"
    return expression


def own_neutral(indicator: Indicator | None, result: ResultValue | None, score: IndicatorScore) -> bool:
    """Whether the indicator itself is neutralised (its objective aside): the grid, its result,
    or a volume below its minimum."""
    if indicator is None:
        return score.neutralised
    if neutral_reason(indicator.neutralised, result) is not None:
        return True
    volume = None if result is None else result.case_volume
    return indicator.min_volume is not None and volume is not None and volume < indicator.min_volume


def static_neutral(indicator: Indicator | None, result: ResultValue | None, score: IndicatorScore) -> bool:
    """Neutralised for a reason the input cell does not carry (the grid, or the volume)."""
    typed = (
        result is not None
        and result.neutralised is not None
        and (indicator is None or indicator.neutralised is None)
    )
    return own_neutral(indicator, result, score) and not typed


def input_of(ctx: Context, score: IndicatorScore, indicator: Indicator | None) -> tuple[object, Look]:
    """The input cell's content and look: what the pilot writes."""
    result = result_of(ctx, score.id)
    if result is not None and result.neutralised is not None:
        return "-", Look.TEXT
    # Without the results, the card's own value (a neutralised indicator's cell stays empty).
    exact = score.value if ctx.results is None else None if result is None else result.exact
    if exact is None:
        return None, Look.NUMBER
    written = score.written.strip().lower()
    if written in YES_WORDS or written in NO_WORDS:
        return yes_word(ctx.lang, written in YES_WORDS), Look.YES_NO
    if written in REFUSAL_WORDS:
        return "refus", Look.REFUSAL
    if written:
        try:
            return parse_date(score.written.strip()[:10]), Look.DATE
        except ValueError:
            pass
    unit = None if indicator is None else indicator.unit
    if unit is Unit.SHARE:
        return exact, Look.SHARE
    return exact, Look.COUNT if unit in (Unit.COUNT, Unit.DAYS) else Look.NUMBER


def rule_bounds(rule: Any) -> tuple[Decimal | None, Decimal | None]:
    found = rule.bounds() if isinstance(rule, RuleBase) else None
    return (None, None) if found is None else found


def effective_rule(ctx: Context, indicator: Indicator) -> Any:
    """The rule scoring the entity's result (baseline and own bounds bound)."""
    result = result_of(ctx, indicator.id)
    policy = ctx.results.target_policy if ctx.results is not None else TargetPolicy.OVERRIDE
    return bound_rule(indicator, result, policy)


#: The inner rounding of a rate (at most about 2: a double's noise is about 1e-15).
RATE_INNER = 12
#: The inner rounding of points (at most about 1000: a double's noise is about 1e-13).
POINTS_INNER = 10


def presented(cell: str, places: int, inner: int = POINTS_INNER) -> str:
    """The formula of a figure as cpg-score presents it: `cell` rounded half up to `places`.

    The inner `ROUND(…,inner)` first removes the binary noise of a computed double (5.625
    computed as 5.62499999999 would round down), so that a tie rounds up as the exact figure
    does; an exact figure closer than half a unit of `inner` decimals below a tie rounds up too.
    """
    return f"=ROUND(ROUND({cell},{inner}),{places})"


def pct(rate: Fraction, places: int) -> float:
    """A rate rounded as cpg-score presents it (half up, `places` decimals of percent), as a float."""
    return float(round_half_up(rate * 100, places) / 100)


def rounded(value: Fraction, places: int) -> float:
    """Points rounded as cpg-score presents them, as a float."""
    return float(round_half_up(value, places))


def clamp_one(rate: Fraction) -> Fraction:
    """min(rate, 1)."""
    return F1 if rate > 1 else rate


def _moved(due: datetime.date, months: str) -> str:
    """`due` moved `months` calendar months on (the end of a month stays the end of a month),
    as the delay rule counts months (`months_late`)."""
    at_end = (due + datetime.timedelta(days=1)).month != due.month
    start = f"DATE({due.year},{due.month},{due.day})"
    return f"EOMONTH({start},{months})" if at_end else f"EDATE({start},{months})"


def whole_months(due: datetime.date, c: str) -> str:
    """The whole months late of the delivery date in cell `c` (the U column of a delay row)."""
    m = f"((YEAR({c})-{due.year})*12+MONTH({c})-{due.month})"
    return f"={m}-IF({_moved(due, m)}>{c},1,0)"


def months_late_formula(due: datetime.date, c: str, u: str, flag: str) -> str:
    """The exact months late of the delivery date in cell `c` (`months_late`), the whole months
    being in cell `u`: 0 on time, else whole + days past / days of the month begun; `flag` is the
    cell of the row's neutralised flag."""
    start, end = _moved(due, u), _moved(due, f"{u}+1")
    on_time = f"DATE({due.year},{due.month},{due.day})"
    late = f"IF({c}<={on_time},0,{u}+({c}-{start})/({end}-{start}))"
    # A number below 3653 (1910-01-01) is not a date but the months late, as cpg-score reads it.
    return f"={blank_guard(c, flag)}IF(ISNUMBER({c}),IF({c}<{DATE_FLOOR},{c},{late}),0))"


#: The serial of 1910-01-01: a smaller number in a date cell is a number of months late.
DATE_FLOOR = 3653


def blank_guard(c: str, flag: str) -> str:
    """The start of a formula reading input cell `c`: #N/A when `c` is empty and the row (its flag
    in cell `flag`) is not neutralised, as cpg-score refuses an item without a result; close with `)`."""
    return f"IF(AND(ISBLANK({c}),{flag}=0),NA(),"


def moved_date(due: datetime.date, months: int) -> datetime.date:
    """`due` moved `months` calendar months on, as EDATE (EOMONTH for the end of a month) does."""
    year, index = divmod(due.month - 1 + months, 12)
    year, month = due.year + year, index + 1
    last = calendar.monthrange(year, month)[1]
    at_end = due.day == calendar.monthrange(due.year, due.month)[1]
    return datetime.date(year, month, last if at_end else min(due.day, last))
