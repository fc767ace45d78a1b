"""The `delay` rule: late delivery, « – 10 % par mois de retard » (CNAMTS annex 2017).

The rate is `1 - step x months late`, floored at 0. What counts as a month late is a parameter:

- `started` (the default): a month begun counts whole (« par mois de retard », each month entered);
- `whole`: only complete months count;
- `prorata`: the part of a month counts pro rata, exactly.

A result is a delivery date (`2017-12-15` or `15/12/2017`) or a number of months late. A date is
read as the exact number of months late (see `months_late`);
the rule then counts them as its `months` says.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, ClassVar

from attrs import field, frozen

from cpg_score._args import expect_exact
from cpg_score._numbers import EXACT, F0, F1, MAX_PLACES, ONE, ZERO, Exact
from cpg_score._numbers import formula_text as fmt
from cpg_score._words import Words
from cpg_score.errors import ProblemCode
from cpg_score.model.rules._common import Direction, RuleBase, cell_number, clamp, num, q, ref
from cpg_score.model.rules.registry import (
    ResultReading,
    ResultText,
    RuleFields,
    RuleKind,
    Scale,
    ScoringRule,
    WrittenResultError,
    register,
)

__all__ = ["DelayRule", "MonthCount", "months_late", "parse_date"]


class MonthCount(Words):
    """How a `delay` rule counts the months late."""

    #: A month begun counts whole: 1 day late is 1 month late.
    STARTED = "started"
    #: Only complete months count: 1 month and 15 days late is 1 month late.
    WHOLE = "whole"
    #: The part of a month counts pro rata: 1 month and 15 days of a 31-day month is 1 + 15/31.
    PRORATA = "prorata"


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FRENCH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
#: A date with a time of day (a YAML timestamp `2017-08-12 10:00:00`).
_TIMED = re.compile(r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})[ T]\d{1,2}:\d{2}.*")


def _date_code(text: str) -> ProblemCode:
    """The code of a date that cannot be read: out of range when it has a date's form (an
    impossible day such as 2017-02-30, a time of day), else a bad number."""
    written = text.strip()
    looks_like_date = any(p.fullmatch(written) for p in (_ISO, _FRENCH, _TIMED))
    return ProblemCode.OUT_OF_RANGE if looks_like_date else ProblemCode.BAD_NUMBER


def parse_date(text: str) -> datetime.date:
    """A date written `2017-10-31` (ISO) or `31/10/2017` (day/month/year).

    Raises:
        ValueError: The text is not in either form, or names no day of the calendar
            (`2017-02-30`), naming the text.
    """
    written = text.strip()
    timed = _TIMED.fullmatch(written)
    if timed is not None:
        raise ValueError(f"{written!r} is not a date: it has a time of day; write the day alone, {timed[1]}")
    iso, french = _ISO.fullmatch(written), _FRENCH.fullmatch(written)
    if iso is not None:
        year, month, day = (int(g) for g in iso.groups())
    elif french is not None:
        day, month, year = (int(g) for g in french.groups())
    else:
        raise ValueError(f"a date is written 2017-10-31 or 31/10/2017, got {written!r}")
    if not 1 <= month <= 12:
        raise ValueError(f"{written!r} is not a date: there is no month {month}")
    if year < 1:
        raise ValueError(f"{written!r} is not a date: there is no year 0")
    days = _last_day(year, month)
    if not 1 <= day <= days:
        raise ValueError(f"{written!r} is not a date: month {month} of {year} has {days} days")
    return datetime.date(year, month, day)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _anchor(due: datetime.date, months: int) -> int:
    """`due` moved `months` calendar months on, as a day number (`date.toordinal`); the end of a
    month stays the end of a month. A day after 9999-12-31 (the end of a month late that began
    in December 9999) is counted on, the calendar being the same."""
    year, index = divmod(due.month - 1 + months, 12)
    year, month = due.year + year, index + 1
    last = _last_day(year, month) if year <= datetime.MAXYEAR else _LONG[month]
    at_end = due.day == _last_day(due.year, due.month)
    day = last if at_end else min(due.day, last)
    if year <= datetime.MAXYEAR:
        return datetime.date(year, month, day).toordinal()
    # Past the calendar of `datetime`: count the days on from 9999-12-31 (only the first months of
    # year 10000 are ever needed, for a delivery in the last month of 9999).
    days = sum(_LONG[m] for m in range(1, month)) + day
    return datetime.date.max.toordinal() + (year - datetime.MAXYEAR - 1) * 366 + days


#: The days of each month of a leap year (year 10000 is one), for the months past the calendar.
_LONG = {m: calendar.monthrange(2000, m)[1] for m in range(1, 13)}


def months_late(due: datetime.date, delivered: datetime.date) -> Fraction:
    """The exact number of months between a due date and a later delivery (0 when on time).

    Months are calendar months counted from the due date: the k-th month late ends on the due
    date moved k months on (the same day of the month, or that month's last day when it has
    fewer; a due date at the end of a month moves to the end of each month: due « fin juin »,
    30 June, the first month late ends on 31 July). A delivery inside the k-th month late is
    `k - 1` whole months and the days past the start of that month over its length in days.
    A delivery on or before the due date is 0.

    Examples:
        >>> months_late(datetime.date(2017, 10, 31), datetime.date(2017, 12, 15))
        Fraction(46, 31)
    """
    if delivered <= due:
        return F0
    whole = (delivered.year - due.year) * 12 + delivered.month - due.month
    day = delivered.toordinal()
    while whole > 0 and _anchor(due, whole) > day:
        whole -= 1
    while _anchor(due, whole + 1) <= day:
        whole += 1
    start, end = _anchor(due, whole), _anchor(due, whole + 1)
    return whole + Fraction(day - start, end - start)


def _step(instance: Any, attribute: Any, value: Decimal) -> None:
    expect_exact(attribute.name, value)
    if not ZERO < value <= ONE:
        raise ValueError(f"step must be above 0 and at most 1 (100 %), got {value}")


def _zero_point(step: Fraction) -> Decimal:
    """Where a prorata rate reaches 0, 1 / step months: exact when it terminates, else rounded up
    at `MAX_PLACES` decimal places, so the rate there is 0 (as `piecewise` writes such a point)."""
    months = 1 / step
    scaled = months * 10**MAX_PLACES
    with localcontext(EXACT):
        return (
            Decimal(math.ceil(scaled)).scaleb(-MAX_PLACES).normalize()
            if scaled.denominator != 1
            else (Decimal(months.numerator) / Decimal(months.denominator))
        )


@frozen(kw_only=True)
class DelayRule(RuleBase):
    """Late delivery: `rate = max(0, 1 - step x months late)`, the months counted as `months` says.

    The result is the number of months late (a delivery date is read as
    `months_late`); 0 or less is on time. Lower is better.

    Examples:
        >>> rule = DelayRule(due=datetime.date(2017, 10, 31), step=Decimal("0.2"))
        >>> rule.achievement(Fraction(46, 31))  # 1 month and 15 days: 2 months begun
        Fraction(3, 5)
    """

    type: ClassVar[str] = "delay"
    due: datetime.date = field()
    step: Decimal = field(validator=_step)
    months: MonthCount = field(default=MonthCount.STARTED, converter=MonthCount)

    @due.validator
    def _check_due(self, attribute: Any, value: datetime.date) -> None:
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            raise TypeError(f"due must be a datetime.date, got {type(value).__name__}")

    @property
    def direction(self) -> Direction:
        """Lower is better (fewer months late)."""
        return Direction.LOWER

    def counted(self, value: Exact) -> Fraction:
        """The months late the rule counts for a result (0 when on time)."""
        late = q(value)
        if late <= 0:
            return F0
        if self.months is MonthCount.STARTED:
            return Fraction(math.ceil(late))
        if self.months is MonthCount.WHOLE:
            return Fraction(math.floor(late))
        return late

    def achievement(self, value: Exact) -> Fraction:
        """Return max(0, 1 - step x counted months)."""
        return clamp(F1 - q(self.step) * self.counted(value))

    def explain(self, value: Exact) -> str:
        """Describe the computation."""
        counted = self.counted(value)
        return (
            f"{fmt(value)} months late, {self.months.value} months counted: {fmt(counted)}; "
            f"rate = max(0, 1 - {fmt(self.step)} x {fmt(counted)}) = {fmt(self.achievement(value))}"
        )

    def spreadsheet(self, x: str) -> str:
        """In a spreadsheet: `MAX(0,1-step*months)`, `x` holding the number of months late (as
        cpg-score reads a delivery date: `months_late`; 0 or less is on time, not a date serial).

        The months counted are `IF(x<=0,0,ROUNDUP(x,0))` (`started`), `IF(x<=0,0,ROUNDDOWN(x,0))`
        (`whole`) or `MAX(0,x)` (`prorata`).
        """
        if self.months is MonthCount.PRORATA:
            counted = f"MAX(0,{x})"
        else:
            way = "ROUNDUP" if self.months is MonthCount.STARTED else "ROUNDDOWN"
            counted = f"IF({x}<=0,0,{way}({x},0))"
        return f"MAX(0,1-{cell_number(self.step)}*{counted})"

    def zero_at(self) -> Fraction:
        """The counted months from which the rate is 0: 1 / step."""
        return 1 / q(self.step)

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The month boundaries up to where the rate reaches 0 (prorata: on time and 1 / step).

        `started`: the rate drops just past each whole month 0, 1, ...; `whole`: on each whole
        month 1, 2, ... (and 0, on time: below 1 month the rate is already 1, reached only
        strictly below each boundary); both up to the month where it reaches 0.
        """
        last = math.ceil(self.zero_at())
        if self.months is MonthCount.STARTED:
            return tuple(Decimal(k) for k in range(last))
        if self.months is MonthCount.WHOLE:
            return tuple(Decimal(k) for k in range(last + 1))
        return (ZERO, _zero_point(Fraction(self.step)))

    def on_target(self) -> Decimal:
        """On time: 0 months late."""
        return ZERO

    def to_data(self) -> dict[str, Any]:
        """Type, due date (ISO), step and how months count."""
        return {
            "type": "delay",
            "due": self.due.isoformat(),
            "step": num(self.step),
            "months": self.months.value,
        }


def read_delivery(rule: ScoringRule, written: ResultText) -> ResultReading | None:
    """A delivery date as the exact months late of a `delay` rule (None for counts).

    Raises:
        WrittenResultError: The text is no date (or an impossible one).
    """
    if written.kind in ("counts", "number") or not isinstance(rule, DelayRule):
        return None  # a number is a number of months late
    try:
        delivered = parse_date(written.text)
    except ValueError as exc:
        code = _date_code(written.text)
        hint = "" if code is ProblemCode.OUT_OF_RANGE else " or a number of months late"
        raise WrittenResultError(f"{exc}{hint}", code=code) from None
    late = months_late(rule.due, delivered)
    if late.denominator == 1:
        return ResultReading(value=Decimal(late.numerator))
    whole = math.floor(late)
    start = _anchor(rule.due, whole)
    days = _anchor(rule.due, whole + 1) - start
    return ResultReading(
        numerator=Decimal(whole * days + delivered.toordinal() - start), denominator=Decimal(days)
    )


def _read(fields: RuleFields) -> DelayRule | None:
    due_text = fields.text("due", "")
    step = fields.number("step", scale=Scale.SHARE)
    months = fields.choice("months", [m.value for m in MonthCount], MonthCount.STARTED.value)
    due = None
    if due_text:
        try:
            due = parse_date(due_text)
        except ValueError as exc:
            fields.error("due", str(exc), code=_date_code(due_text))
    if due is None or step is None or months is None:
        return None
    return fields.build(DelayRule, at="step", due=due, step=step, months=MonthCount(months))


KIND = register(
    RuleKind(
        type="delay",
        cls=DelayRule,
        read=_read,
        required=("due", "step"),
        optional=("months",),
        schema={
            "due": {
                "type": "string",
                "pattern": r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})$",
                "description": "The due date: 2017-10-31 or 31/10/2017.",
            },
            "step": ref("share", "What each month late takes off the rate: « – 10 % par mois de retard »."),
            "months": {
                "enum": [m.value for m in MonthCount],
                "default": "started",
                "description": "What counts as a month late: started (a month begun counts whole), "
                "whole (complete months only) or prorata (the part of a month, pro rata).",
            },
        },
        nested=False,
        read_result=read_delivery,
        units=("number",),
    )
)
