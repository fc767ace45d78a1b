"""Exact numbers: parsing decimal text, the arithmetic contexts, and the one rounding rule.

Every number of cpg-score is a `decimal.Decimal`. Values read from files are parsed from their
text (never through a binary float).

- Sums, differences and products are exact: they run in `EXACT` (1000 significant digits, far
  more than any sum or product of the inputs needs), so the order of a sum never matters and the
  parts always add up to their total.
- A quotient (a rate, a share of points) is the only inexact operation: [`divide`][] carries it to
  60 significant digits (`CONTEXT`), far below any presented digit.
- Rounding happens once, at presentation, half up ([`round_half_up`][]).
"""

from __future__ import annotations

import re
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
from typing import Union

from attrs import frozen

__all__ = [
    "CONTEXT",
    "EXACT",
    "MAX_DIGITS",
    "Exact",
    "ParsedNumber",
    "decimal_text",
    "divide",
    "parse_number",
    "round_half_up",
    "to_fraction",
]

#: An exact number: what every figure of cpg-score is.
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
    """numerator / denominator to 60 significant digits (the only inexact operation)."""
    with localcontext(CONTEXT):
        return numerator / denominator


#: The most digits a number written in a file may have (a guard against absurd inputs).
MAX_DIGITS = 60

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

    Args:
        text: The text of the number.

    Returns:
        The exact value and whether it was a percent.

    Raises:
        ValueError: The text is not a finite number, or has more than `MAX_DIGITS` digits.

    Examples:
        >>> parse_number("99,24 %").value
        Decimal('0.9924')
    """
    s = text.strip(_SPACES + "\t\r\n")
    percent = s.endswith("%")
    if percent:
        s = s[:-1].rstrip(_SPACES)
    sign = ""
    if s[:1] in "+-" and s:
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    if s.lower() in _NON_FINITE or (sign and ("." + s.lower()) in _NON_FINITE):
        raise ValueError(f"not a finite number: {text!r}")
    digits = sum(ch.isdigit() for ch in s)
    if digits > MAX_DIGITS:
        raise ValueError(f"too many digits ({digits} > {MAX_DIGITS}) in a number")
    if _PLAIN.fullmatch(s):
        normal = s.replace(",", ".")
    elif _SPACE_GROUPED.fullmatch(s):
        normal = s.translate({ord(c): None for c in _SPACES}).replace(",", ".")
    elif _COMMA_GROUPED.fullmatch(s):
        normal = s.replace(",", "")
    else:
        raise ValueError(f"not a number: {text!r}")
    if normal.startswith("."):
        normal = "0" + normal
    try:
        value = Decimal(sign + normal)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if abs(value.adjusted()) > 10_000:
        raise ValueError(f"exponent out of range in {text!r}")
    if percent:
        with localcontext(EXACT):
            value = value / 100  # exact: a division by 100 only moves the decimal point
    return ParsedNumber(value=value, percent=percent)


def to_fraction(value: Exact) -> Fraction:
    """The exact rational value of an `int`, a finite `Decimal` or a `Fraction`."""
    return value if isinstance(value, Fraction) else Fraction(value)


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
    exact = to_fraction(value)
    scale = 10**places if places >= 0 else 1
    scaled = exact * scale if places >= 0 else exact / 10**-places
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
    """
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


def _plain_text(value: Decimal) -> str:
    """Fixed-point text without exponent or trailing zeros."""
    with localcontext(EXACT):
        text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text
