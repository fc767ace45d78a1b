"""`_numbers.formula_text`: numbers in an explanation's arithmetic."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from cpg_score._numbers import Exact, formula_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0.50"), "0.50"),
        (Decimal("-0.00"), "0.00"),
        (Decimal("0.1234565"), "~0.123457"),
        (Fraction(1, 2), "0.5"),
        (Fraction(-3, 4), "-0.75"),
        (Fraction(1, 3), "~0.333333"),
        (Fraction(-1, 10**7), "~0"),
        (2, "2"),
        (0, "0"),
    ],
)
def test_formula_text(value: Exact, expected: str) -> None:
    assert expected == formula_text(value)
