"""Numbers written by people, read exactly; the one rounding rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cpg_score import parse_number, round_half_up


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.9924", "0.9924"),
        ("99.24%", "0.9924"),
        ("99,24 %", "0.9924"),
        ("1 000", "1000"),
        ("1\u202f000,5", "1000.5"),
        ("1\u00a0234\u00a0567", "1234567"),
        ("10,000,000,000.000001", "10000000000.000001"),
        ("1e-28", "1E-28"),
        ("-3", "-3"),
        (".5", "0.5"),
        ("1,000", "1.000"),
    ],
)
def test_accepted_spellings(text: str, expected: str) -> None:
    assert Decimal(expected) == parse_number(text).value


def test_percent_is_remembered() -> None:
    assert (True, False) == (parse_number("5 %").percent, parse_number("0.05").percent)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (".nan", "not a finite number: '.nan'"),
        ("-.inf", "not a finite number: '-.inf'"),
        ("1 00", "not a number: '1 00'"),
        ("abc", "not a number: 'abc'"),
        ("9" * 61, "too many digits (61 > 60) in a number"),
    ],
)
def test_refused_spellings(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        parse_number(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("737.715", "737.72"), ("737.7149999", "737.71"), ("0.125", "0.13"), ("-0.125", "-0.13"), ("2", "2.00")],
)
def test_round_half_up(value: str, expected: str) -> None:
    assert Decimal(expected) == round_half_up(Decimal(value), 2)


def test_the_largest_number_in_range_is_read_exactly() -> None:
    text = "999999999999999.99999999999999"
    assert Decimal(text) == parse_number(text).value


@pytest.mark.parametrize("text", ["0e-999999999", "0e999999999", "-0E-40"])
def test_a_zero_with_an_absurd_exponent_is_plain_zero(text: str) -> None:
    value = parse_number(text).value
    assert ("0", 0) == (str(value), value.as_tuple().exponent)


def test_a_zero_keeps_its_written_places() -> None:
    assert "0.00" == str(parse_number("-0.00").value)


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (
            0.1,
            60,
            'value must be an exact number (int, Decimal or Fraction), got float 0.1: a float is not exact; write Decimal("0.1")',
        ),
        ("1", 60, "value must be an exact number (int, Decimal or Fraction), got str '1'"),
        (Decimal("NaN"), 60, "value must be a finite number, got NaN"),
        (Decimal(1), 0, "digits must be >= 1, got 0"),
    ],
)
def test_decimal_text_checks_its_arguments(value: object, digits: int, expected: str) -> None:
    from cpg_score import decimal_text

    with pytest.raises((TypeError, ValueError)) as caught:
        decimal_text(value, digits)  # type: ignore[arg-type]
    assert expected == str(caught.value)
