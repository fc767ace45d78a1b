"""Monthly series of results, for a year-end projection."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from attrs import field, frozen

from cpg_score._args import expect_exact
from cpg_score._convert import to_tuple
from cpg_score._words import Words
from cpg_score.model.grid import Entity

__all__ = [
    "MAX_LEVEL",
    "MONTHS",
    "Series",
    "SeriesFile",
    "SeriesKind",
    "denominator_problem",
    "level_message",
]

#: The months of a year.
MONTHS = 12
#: The highest confidence level of a projection (beyond it the normal quantile is lost in floats).
MAX_LEVEL = Decimal("0.999999")


def level_message(level: Decimal) -> str:
    """The message for a confidence level out of range."""
    highest = (MAX_LEVEL * 100).normalize()
    return f"level must lie strictly between 0 % and 100 %, at most {highest:f} %, got {level}"


class SeriesKind(Words):
    """What a series of cumulative figures holds."""

    #: Cumulative values (a count, days...).
    CUMULATIVE = "cumulative"
    #: A rate to date.
    RATE = "rate"
    #: Cumulative numerators and denominators.
    FRACTION = "fraction"


def _series_kind(value: object) -> SeriesKind:
    try:
        return SeriesKind(value)
    except ValueError:
        raise ValueError(f"kind must be cumulative, rate or fraction, got {value!r}") from None


@frozen(kw_only=True)
class Series:
    """One lever's cumulative figures to date.

    Attributes:
        id: The result id.
        kind: `cumulative`, `rate` or `fraction` (a `SeriesKind`; its words are accepted).
        values: Cumulative values, month 1 first (cumulative and rate kinds).
        numerator: Cumulative numerators (fraction).
        denominator: Cumulative denominators (fraction).
        previous: A previous year's 12 cumulative values (its seasonal profile), if given.
    """

    id: str
    kind: SeriesKind = field(converter=_series_kind)
    values: tuple[Decimal, ...] = field(default=(), converter=to_tuple)
    numerator: tuple[Decimal, ...] = field(default=(), converter=to_tuple)
    denominator: tuple[Decimal, ...] = field(default=(), converter=to_tuple)
    previous: tuple[Decimal, ...] = field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        for name in ("values", "numerator", "denominator", "previous"):
            for index, item in enumerate(getattr(self, name)):
                expect_exact(f"{name}[{index}]", item)
        months = len(self.numerator) if self.kind is SeriesKind.FRACTION else len(self.values)
        if not 1 <= months <= MONTHS:
            raise ValueError(f"a series holds 1 to 12 months, got {months}")
        if self.kind is SeriesKind.FRACTION and len(self.numerator) != len(self.denominator):
            raise ValueError("numerator and denominator must cover the same months")
        if self.previous and len(self.previous) != MONTHS:
            raise ValueError(f"previous must hold the 12 months of a year, got {len(self.previous)}")
        if self.previous and self.kind is SeriesKind.FRACTION:
            raise ValueError("previous applies to `values`, not to numerator/denominator")
        problem = denominator_problem(self.denominator)
        if problem is not None:
            raise ValueError(problem[1])

    @property
    def months(self) -> int:
        """Months to date."""
        return len(self.numerator) if self.kind is SeriesKind.FRACTION else len(self.values)


def denominator_problem(denominators: Sequence[Decimal]) -> tuple[int, str] | None:
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


@frozen(kw_only=True)
class SeriesFile:
    """A series file: whose figures, for which grid, and the series."""

    entity: Entity
    grid: str
    period: int
    level: Decimal
    series: tuple[Series, ...] = field(converter=to_tuple)
    source: str = ""
