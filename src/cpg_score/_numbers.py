"""Exact numbers: parsing decimal text, the arithmetic contexts, and the one rounding rule.

Values read from files are `decimal.Decimal`, parsed from their text (never through a binary
float), and lie in a bounded range (`MAX_MAGNITUDE`, `MAX_PLACES`). Every figure computed from
them (rates, shares of points, points, totals) is an exact rational, a `fractions.Fraction`:
no quotient is ever cut, so parts add up to their whole exactly and the order of a sum never
matters.

- Sums and products of inputs that stay inputs (a consolidated count) run in `EXACT` (1000
  significant digits, far more than any sum or product of bounded inputs needs): exact.
- Rounding happens once, at presentation, half up ([`round_half_up`][]), from the exact value;
  JSON gives exact figures as [`decimal_text`][].
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from fractions import Fraction
from math import gcd
from typing import Union

from attrs import frozen

from cpg_score._args import describe, expect, expect_exact, expect_int

__all__ = [
    "CONTEXT",
    "EXACT",
    "F0",
    "F1",
    "MAX_DIGITS",
    "MAX_MAGNITUDE",
    "MAX_PLACES",
    "ONE",
    "ZERO",
    "Exact",
    "ParsedNumber",
    "decimal_text",
    "divide",
    "exact_sum",
    "exact_text",
    "exact_total",
    "formula_text",
    "number_text",
    "parse_number",
    "parse_ratio",
    "ratio_text",
    "round_half_up",
    "to_fraction",
]

#: Zero and one, as the Decimal inputs and the exact Fraction figures use them (defined once).
ZERO = Decimal(0)
ONE = Decimal(1)
F0 = Fraction(0)
F1 = Fraction(1)

#: An exact number: what every figure of cpg-score is. A grid's points, weights and total are
#: a `Decimal` as written, or a `Fraction` when written as one (`"1/3"`).
Exact = Union[int, Decimal, Fraction]  # noqa: UP007 (a runtime alias, Python 3.10)

#: The arithmetic context of every computation: 60 significant digits; inexact quotients are
#: rounded half even at the 60th digit, far below any presented digit.
CONTEXT = Context(
    prec=60,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)

#: The context of sums and products: the same, wide enough that they are exact.
EXACT = CONTEXT.copy()
EXACT.prec = 1000


def divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    """numerator / denominator to 60 significant digits, as a `Decimal`.

    Scoring never uses it (figures are exact `Fraction`s); it gives a ratio result's value for
    display and checks (`ResultValue.resolved`).
    """
    with localcontext(CONTEXT):
        return numerator / denominator


#: The most digits a number written in a file may have (a guard against absurd inputs).
MAX_DIGITS = 60

#: Every number read must be smaller than this in size (a thousand trillion): far above any
#: figure of a grid or of results, far below what exact arithmetic and reports can carry.
MAX_MAGNITUDE = Decimal("1e15")

#: The most decimal places a number read may have (before a percent is divided by 100).
MAX_PLACES = 30

_RANGE = f"numbers must be below 1e15 in size, with at most {MAX_PLACES} decimal places"

_SPACES = " \u00a0\u202f\u2009"
_PLAIN = re.compile(r"(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_SPACE_GROUPED = re.compile(r"\d{1,3}(?:[" + _SPACES + r"]\d{3})+(?:[.,]\d+)?")
_COMMA_GROUPED = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3}(?:,\d{3})+\.\d+")
_NON_FINITE = {"nan", ".nan", "inf", ".inf", "infinity", "+inf", "-inf", "+.inf", "-.inf"}


@frozen
class ParsedNumber:
    """A number read from text.

    Attributes:
        value: The number, exactly as written (a percent is already divided by 100).
        percent: Whether it was written with a `%` sign.
    """

    value: Decimal
    percent: bool


def parse_number(text: str) -> ParsedNumber:
    """Parse a number written by a person, exactly.

    Accepted: `0.9924`, `99.24%`, `99,24 %` (French decimal comma), `1 000` or `1 000`
    (spaces, no-break and narrow no-break spaces group thousands), `10,000,000.5` (commas group
    thousands when a dot follows or when there are several), `1e-28`, a leading sign.
    A single comma is a decimal comma: `1,000` is one, not a thousand.

    The range: a number must be below `MAX_MAGNITUDE` (1e15) in size and have at most
    `MAX_PLACES` (30) decimal places, as written. Digits must be ASCII `0`-`9`: other scripts'
    digits (`٥٠`, fullwidth `１００`) are refused, since a pilot's sheet never means them and
    look-alikes mislead.

    Args:
        text: The text of the number.

    Returns:
        The exact value and whether it was a percent.

    Raises:
        TypeError: `text` is not a `str`.
        ValueError: The text is not a finite number, has more than `MAX_DIGITS` digits, a
            non-ASCII digit, or lies outside the range.

    Examples:
        >>> parse_number("99,24 %").value
        Decimal('0.9924')
    """
    expect("text", text, str, "a str (the text of a number)")
    sign, body, percent = _parts(text)
    value = _decimal(sign, body, text)
    value = _in_range(value, text)  # "-0" is zero: never shown as -0
    if percent:
        with localcontext(EXACT):
            value = value / 100  # exact: a division by 100 only moves the decimal point
    return ParsedNumber(value=value, percent=percent)


def _parts(text: str) -> tuple[str, str, bool]:
    """The sign (`-` or empty), the unsigned body and whether a `%` ends the number."""
    s = text.strip(_SPACES + "\t\r\n")
    percent = s.endswith("%")
    if percent:
        s = s[:-1].rstrip(_SPACES)
    sign = ""
    if s[:1] in "+-" and s:
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    if s.lower() in _NON_FINITE or (sign and ("." + s.lower()) in _NON_FINITE):
        raise ValueError(f"not a finite number: {text!r}")
    foreign = None if s.isascii() else next((ch for ch in s if ch.isdigit() and not ch.isascii()), None)
    if foreign is not None:
        raise ValueError(
            f"non-ASCII digit {foreign!r} (U+{ord(foreign):04X}) in number {text!r}: write digits 0-9"
        )
    digits = sum(ch.isdigit() for ch in s)
    if digits > MAX_DIGITS:
        raise ValueError(f"too many digits ({digits} > {MAX_DIGITS}) in a number")
    return sign, s, percent


def _decimal(sign: str, body: str, text: str) -> Decimal:
    """The body in one of the accepted layouts (plain, space-grouped, comma-grouped), exactly."""
    if _PLAIN.fullmatch(body):
        normal = body.replace(",", ".")
    elif _SPACE_GROUPED.fullmatch(body):
        normal = body.translate({ord(c): None for c in _SPACES}).replace(",", ".")
    elif _COMMA_GROUPED.fullmatch(body):
        normal = body.replace(",", "")
    else:
        raise ValueError(f"not a number: {text!r}")
    if normal.startswith("."):
        normal = "0" + normal
    try:
        return Decimal(sign + normal)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None


def _in_range(value: Decimal, text: str) -> Decimal:
    """`value` if it lies in the range (`MAX_MAGNITUDE`, `MAX_PLACES`), else a ValueError naming it.

    A zero keeps its written exponent within the range (`0.00`), never as `-0`, and otherwise
    becomes `0` (`0E-999999999`, whose fixed-point text alone would take a gigabyte); trailing
    zeros past `MAX_PLACES` are dropped (`0.5000…0` is 0.5).
    """
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite: checked by the caller
    if not value:  # as written (`0.00`, `0E-7`), but never -0 nor an absurd exponent
        return value.copy_abs() if -MAX_PLACES <= exponent <= 15 else Decimal(0)
    # adjusted() is the exponent of the leading digit: >= 15 means |value| >= 1e15, exactly.
    if value.adjusted() >= 15:
        raise ValueError(f"number out of range: {text.strip()} ({_RANGE})")
    if exponent < -MAX_PLACES:
        shortest = value.quantize(Decimal(1).scaleb(-MAX_PLACES), context=EXACT)
        if value != shortest:
            raise ValueError(f"number out of range: {text.strip()} ({_RANGE})")
        return shortest
    return value


_RATIO = re.compile(r"([^/]*)/([^/]*)")


def parse_ratio(text: str) -> Fraction | None:
    """Parse a fraction written `a/b` (`"1/3"`, `"2 / 3"`, `"3,75/4"`), exactly; None when the
    text holds no `/` (a plain number: see `parse_number`).

    Each side is a number as `parse_number` reads it, without a percent sign.

    Raises:
        TypeError: `text` is not a `str`.
        ValueError: A side is not a number, is a percent, or the denominator is 0.

    Examples:
        >>> parse_ratio("1/3")
        Fraction(1, 3)
        >>> parse_ratio("0,5") is None
        True
    """
    expect("text", text, str, "a str (the text of a number)")
    found = _RATIO.fullmatch(text.strip(_SPACES + "\t\r\n"))
    if found is None:
        if "/" in text:
            raise ValueError(f"not a fraction: {text!r} (write it a/b, e.g. 1/3)")
        return None
    sides = []
    for side in found.groups():
        if not side.strip(_SPACES):
            raise ValueError(f"not a fraction: {text!r} (write it a/b, e.g. 1/3)")
        try:
            parsed = parse_number(side)
        except ValueError as exc:
            raise ValueError(f"not a fraction: {text.strip()!r} ({exc})") from None
        if parsed.percent:
            raise ValueError(f"a fraction's parts cannot be percents, got {text.strip()!r}")
        sides.append(parsed.value)
    if not sides[1]:
        raise ValueError(f"a fraction's denominator must not be 0, got {text.strip()!r}")
    return Fraction(sides[0]) / Fraction(sides[1])


def ratio_text(value: Exact) -> str:
    """The text a grid file holds for an exact number: a `Fraction` as `a/b` (`"1/3"`, or its
    whole number when its denominator is 1), a `Decimal` or an `int` as written.

    `parse_ratio` (or `parse_number`) reads it back to an equal value.

    Examples:
        >>> ratio_text(Fraction(1, 3))
        '1/3'
        >>> ratio_text(Decimal("12.5"))
        '12.5'
    """
    expect_exact("value", value)
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    return str(value)


def exact_total(values: Iterable[Exact]) -> Decimal | Fraction:
    """The exact sum of a grid's numbers: a `Decimal` when none is a `Fraction` (as written,
    summed without rounding), else a `Fraction` (`Decimal + Fraction` is not defined).

    Examples:
        >>> exact_total([Decimal("0.5"), Decimal("0.25")])
        Decimal('0.75')
        >>> exact_total([Fraction(1, 3), Decimal("0.5")])
        Fraction(5, 6)
    """
    items = list(values)
    decimals = [v for v in items if not isinstance(v, Fraction)]
    if len(decimals) < len(items):
        return sum((to_fraction(v) for v in items), F0)
    with localcontext(EXACT):  # exact: the default context would round past 28 digits
        return sum((Decimal(v) for v in decimals), ZERO)


def to_fraction(value: Exact) -> Fraction:
    """The exact rational value of an `int`, a finite `Decimal` or a `Fraction`."""
    return value if isinstance(value, Fraction) else Fraction(value)


def exact_sum(values: Iterable[Fraction]) -> Fraction:
    """The exact sum of fractions, reduced once at the end.

    The same value as `sum(values, Fraction(0))`, faster: the numerators are brought over the
    least common multiple of the denominators (the parts of a grid share a few, powers of 2
    and 5 mostly) and added as integers.
    """
    if isinstance(values, list) and len(values) == 1:
        only: Fraction = values[0]
        return only
    numerator, common = 0, 1
    for value in values:
        denominator = value.denominator
        if denominator == common:
            numerator += value.numerator
        else:
            lcm = common // gcd(common, denominator) * denominator
            numerator = numerator * (lcm // common) + value.numerator * (lcm // denominator)
            common = lcm
    return Fraction(numerator, common)


def round_half_up(value: Exact, places: int) -> Decimal:
    """Round to `places` decimals, half up (away from zero on a tie): the presentation rule.

    This is the only rounding of cpg-score's results: totals are sums of unrounded parts,
    rounded once here, from the exact value (a `Fraction` is rounded from its numerator and
    denominator, never through a truncated decimal). The result is never `-0`.

    Examples:
        >>> round_half_up(Decimal("737.715"), 2)
        Decimal('737.72')
        >>> round_half_up(Fraction(10001, 200), 2)
        Decimal('50.01')
    """
    expect_exact("value", value)
    expect_int("places", places, 0, 100)
    scaled = to_fraction(value) * 10**places
    magnitude = abs(scaled)
    whole, rest = divmod(magnitude.numerator, magnitude.denominator)
    if 2 * rest >= magnitude.denominator:
        whole += 1
    if scaled < 0 and whole:
        whole = -whole
    with localcontext(EXACT):
        return Decimal(whole).scaleb(-places)


def decimal_text(value: Exact, digits: int = 60) -> str:
    """An exact figure as decimal text: exact when its expansion terminates, otherwise
    correctly rounded (half even) to `digits` significant digits; never `-0`.

    Examples:
        >>> decimal_text(Fraction(1, 8))
        '0.125'
        >>> decimal_text(Fraction(2, 3), 5)
        '0.66667'

    Raises:
        TypeError: `value` is not an exact number (a float is refused), or `digits` not an int.
        ValueError: `value` is not finite, or `digits` is below 1 or above 1000.
    """
    expect_exact("value", value)
    expect_int("digits", digits, 1, 1000)
    exact = to_fraction(value)
    if exact == 0:
        return "0"
    denominator = exact.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:  # terminating: exact
        with localcontext(EXACT) as ctx:
            ctx.prec = max(1000, len(str(exact.numerator)) + len(str(exact.denominator)) * 3)
            text = Decimal(exact.numerator) / Decimal(exact.denominator)
        return _plain_text(text)
    magnitude = abs(exact)
    # The exponent of the leading digit, then the value scaled to `digits` digits, rounded
    # half even from the exact numerator and denominator.
    exponent = len(str(magnitude.numerator // magnitude.denominator or 1)) - 1
    if magnitude < 1:
        exponent = -1
        while magnitude * Fraction(10) ** (-exponent) < 1:
            exponent -= 1
    shift = digits - 1 - exponent
    scaled = magnitude * Fraction(10) ** shift
    whole = round(scaled)  # Fraction.__round__ rounds half to even, exactly
    with localcontext(EXACT):
        text = Decimal(-whole if exact < 0 else whole).scaleb(-shift)
    return _plain_text(text)


def exact_text(value: Exact | None) -> str | None:
    """`decimal_text` of a figure that may be missing: None for no value (JSON `null`)."""
    return None if value is None else decimal_text(value)


#: The languages numbers are written in.
NUMBER_LANGS = ("fr", "en")
_NNBSP = "\u202f"
_NBSP = "\u00a0"


def number_text(
    value: Exact,
    places: int | None = 2,
    *,
    lang: str = "en",
    signed: bool = False,
    grouped: bool = False,
    percent: bool = False,
) -> str:
    """A number for people: the one number-to-text of cpg-score (JSON uses `decimal_text`).

    The exact value is rounded half up once to `places` decimals (never `-0`; `None` keeps a
    `Decimal` as it is, for a figure already rounded), written with a decimal comma in French
    and a point in English.

    Args:
        value: The exact number.
        places: Decimals shown, or None to keep a `Decimal`'s own digits.
        lang: `fr` or `en`.
        signed: Show `+` before a number above zero (after rounding).
        grouped: Group thousands (`1 000,50` with a narrow no-break space; `1,000.50`).
        percent: Add the percent sign: `57,39 %` (no-break space) in French, `57.39%` in English.

    Examples:
        >>> number_text(Fraction(77650, 100), lang="fr")
        '776,50'
        >>> number_text(Decimal("1000.5"), grouped=True)
        '1,000.50'
    """
    expect_exact("value", value)
    if lang not in NUMBER_LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(NUMBER_LANGS)}")
    if places is None:
        if not isinstance(value, (Decimal, int)):
            raise TypeError(f"value must be a Decimal or an int when places is None, got {describe(value)}")
        rounded = Decimal(value)
    else:
        rounded = round_half_up(value, places)
    whole, _, decimals = format(abs(rounded), "f").partition(".")
    if grouped:
        separator = _NNBSP if lang == "fr" else ","
        whole = f"{int(whole):,}".replace(",", separator)
    text = whole + (("," if lang == "fr" else ".") + decimals if decimals else "")
    sign = "-" if rounded < 0 else "+" if signed and rounded > 0 else ""
    suffix = (_NBSP + "%" if lang == "fr" else "%") if percent else ""
    return sign + text + suffix


def _plain_text(value: Decimal) -> str:
    """Fixed-point text without exponent or trailing zeros."""
    with localcontext(EXACT):
        text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def formula_text(value: Exact) -> str:
    """Show a value in an explanation's arithmetic: exact up to 6 decimals, else rounded (marked ~).

    A `Decimal` shows as written (`0.50`); a `Fraction` (or an `int`) shows its exact decimal
    when it has at most 6 places. Beyond 6 places the value is rounded half up and marked `~`.
    Never `-0`.

    Args:
        value: The exact value.

    Returns:
        Its text.
    """
    if isinstance(value, Decimal):
        if value.as_tuple().exponent >= -6:  # type: ignore[operator]
            return format(value, "f").removeprefix("-") if value == 0 else format(value, "f")
        rounded = round_half_up(value, 6)
    else:
        exact = value if type(value) is Fraction else Fraction(value)
        whole, rest = divmod(exact.numerator * 1_000_000, exact.denominator)
        if not rest:  # at most 6 places: exact
            text = format(Decimal(whole).scaleb(-6, EXACT).normalize(EXACT), "f")
            return "0" if text in ("0", "-0") else text
        rounded = round_half_up(exact, 6)
    text = format(rounded.normalize(), "f")
    return "~" + ("0" if text in ("0", "-0") else text)
