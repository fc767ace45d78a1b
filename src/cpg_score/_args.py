"""Checks of the arguments given to public functions: a misuse is a `TypeError` naming the argument.

A public function checks what it is given before working on it, so that `score(path, path)` or
`round_half_up(0.1, 2)` fails at once with a message naming the argument and what it expected,
not with an `AttributeError` deep inside.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

__all__ = ["describe", "expect", "expect_exact", "expect_int"]


def describe(value: object) -> str:
    """A short description of a value for a message: its type and a bounded repr."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def expect(name: str, value: Any, kinds: type | tuple[type, ...], what: str) -> None:
    """Raise `TypeError` unless `value` is an instance of `kinds` (a bool is never a number).

    Args:
        name: The argument's name, as the caller wrote it in its signature.
        value: What was given.
        kinds: The accepted types.
        what: The expectation in words (`"a Grid"`, `"a path or YAML text"`).
    """
    accepted = kinds if isinstance(kinds, tuple) else (kinds,)
    if not isinstance(value, accepted) or (isinstance(value, bool) and bool not in accepted):
        raise TypeError(f"{name} must be {what}, got {describe(value)}")


def expect_int(name: str, value: Any, minimum: int | None = None, maximum: int | None = None) -> int:
    """Check a whole number (not a bool) within optional bounds; return it.

    Raises:
        TypeError: `value` is not an `int`.
        ValueError: `value` is outside the bounds.
    """
    expect(name, value, int, "a whole number")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return int(value)


def expect_exact(name: str, value: Any) -> None:
    """Raise `TypeError` unless `value` is an exact number: `int`, `Decimal` or `Fraction`.

    A binary float is refused: `0.1` is not one tenth, and cpg-score never computes an
    official figure from one (write `Decimal("0.1")`, or give the text to `parse_number`).
    """
    if isinstance(value, float):
        raise TypeError(
            f"{name} must be an exact number (int, Decimal or Fraction), got float {value!r}: "
            f'a float is not exact; write Decimal("{value!r}")'
        )
    expect(name, value, (int, Decimal, Fraction), "an exact number (int, Decimal or Fraction)")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{name} must be a finite number, got {value}")
