"""What the rule modules share: exact helpers, attrs validators, `Direction`, schema pieces."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from cpg_score._args import expect_exact
from cpg_score._numbers import F0, F1, ONE, ZERO, Exact, decimal_text
from cpg_score._words import Words

# The exact-number validators are shared with the grid; rule modules take them from here.
from cpg_score.model._validators import exact as exact
from cpg_score.model._validators import optional_exact as optional_exact


class Direction(str, enum.Enum):
    """Which way is better for a result."""

    HIGHER = "higher"
    LOWER = "lower"


class Basis(Words):
    """Which part of a rule decided an indicator's rate (for rules with more than one part).

    Its values are the words a scorecard's JSON writes (`basis`); reports word them per language.
    """

    #: The base rule's rate counted (an improvement rule: the level reached).
    ACHIEVEMENT = "achievement"
    #: The improvement rate counted (an improvement rule: the progress from the baseline).
    IMPROVEMENT = "improvement"
    #: Both parts count (a blend rule).
    LEVEL_AND_PROGRESS = "level and progress"


def q(value: Exact) -> Fraction:
    """The exact rational value of an input or a figure."""
    return value if type(value) is Fraction else Fraction(value)


def clamp(value: Fraction, top: Fraction = F1) -> Fraction:
    """`value` clamped to [0, top]."""
    if value < 0:
        return F0
    return top if value > top else value


def share(instance: Any, attribute: Any, value: Decimal) -> None:
    """attrs validator: an exact number in [0, 1]."""
    expect_exact(attribute.name, value)
    if not ZERO <= value <= ONE:
        raise ValueError(f"{attribute.name} must be between 0 and 1 (0 % and 100 %), got {value}")


def cell_number(value: Exact) -> str:
    """A constant as written in a spreadsheet formula, exactly: `0.65`, `(-0.05)`, `(1/3)`.

    A terminating number is its exact decimal text (no exponent); any other rational is the
    quotient of its numerator and denominator. A negative constant is in parentheses, so it can
    follow any operator.
    """
    exact = q(value)
    if exact.denominator == 1 or _terminates(exact.denominator):
        text = decimal_text(exact)
    else:
        text = f"{exact.numerator}/{exact.denominator}"
    return f"({text})" if exact < 0 or "/" in text else text


def _terminates(denominator: int) -> bool:
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def clamp_formula(expression: str, top: Exact = ONE) -> str:
    """The spreadsheet formula of `clamp(expression, 0, top)`."""
    return f"MIN({cell_number(top)},MAX(0,{expression}))"


def linear_formula(x: str, floor: Exact, target: Exact, top: Exact = ONE) -> str:
    """The spreadsheet formula of `clamp((x - floor) / (target - floor), 0, top)`; the span
    `target - floor` is written as one exact constant."""
    shifted = x if q(floor) == 0 else f"({x}-{cell_number(floor)})"
    return clamp_formula(f"{shifted}/{cell_number(q(target) - q(floor))}", top)


def choose_formula(conditions: Sequence[tuple[str, Exact]], otherwise: Exact) -> str:
    """Nested IFs: the rate of the first condition that holds, else `otherwise`."""
    out = cell_number(otherwise)
    for condition, rate in reversed(conditions):
        out = f"IF({condition},{cell_number(rate)},{out})"
    return out


def formula_of(rule: Any, x: str) -> str | None:
    """A (nested) rule's spreadsheet formula, or None for a rule without one (a caller's own)."""
    return rule.spreadsheet(x) if isinstance(rule, RuleBase) else None


def num(value: Decimal) -> str:
    """A grid number as written back to a file (its exact decimal text)."""
    return str(value)


def ref(name: str, description: str = "") -> dict[str, Any]:
    """A JSON Schema reference to one of the grid schema's `$defs`, with a description."""
    out: dict[str, Any] = {"$ref": f"#/$defs/{name}"}
    if description:
        out["description"] = description
    return out


def direction_schema(description: str) -> dict[str, Any]:
    """The JSON Schema of a `direction` key."""
    return {"enum": [d.value for d in Direction], "default": "higher", "description": description}


class RuleBase:
    """What a rule does unless its module says otherwise (mixed into every rule class)."""

    __slots__ = ()

    #: Whether a results entry must give a baseline for this rule.
    needs_baseline: ClassVar[bool] = False

    @property
    def ceiling(self) -> Decimal:
        """The highest rate the rule gives (above 1: a bonus)."""
        return ONE

    def on_target(self) -> Decimal:
        """The result the rule counts as "on target": where its rate first reaches its best."""
        return ONE

    def to_data(self) -> dict[str, Any]:
        """The rule as plain data, as written in a grid file (numbers as their exact text)."""
        raise NotImplementedError

    def bind(self, baseline: Decimal) -> Any:
        """The rule with an entity's baseline bound (unchanged when the rule uses none)."""
        return self

    def basis(self, value: Exact) -> Basis | None:
        """Which part of the rule decided the rate, for a scorecard (None when only one part)."""
        return None

    def with_bounds(self, *, floor: Decimal | None = None, target: Decimal | None = None) -> Any:
        """The rule with one entity's floor and/or target (None keeps the grid's).

        The new bounds go through the rule's own constructor, so they are checked as the grid's
        are (a floor equal to the target raises `ValueError`).

        Returns:
            The rule with those bounds, or None when the rule has no floor or target to
            override (this default: a `rate` or `steps` rule, say).

        Raises:
            ValueError: The bounds are invalid for this rule.
        """
        return None

    def bounds(self) -> tuple[Decimal | None, Decimal | None] | None:
        """The rule's own floor and target, as a scorecard shows them next to an entity's.

        Returns:
            `(floor, target)` (None for a part the rule has not), or None when the rule has no
            bounds (this default).
        """
        return None

    def spreadsheet(self, x: str) -> str | None:
        """The achievement rate as a spreadsheet formula of the result in cell `x` (no `=`).

        The formula uses only functions Excel and LibreOffice share (MIN, MAX, IF, ROUNDUP...)
        and writes every constant exactly (`0.65`, `(1/3)`); a rule relative to a baseline
        gives its formula once the baseline is bound (`bind`), with constants only.

        Args:
            x: The cell holding the result, as a number (`"C7"`), or a parenthesized expression.

        Returns:
            The formula, or None when the rule has none (this default; a workbook then writes
            the rate as a value).
        """
        return None


def check_base(instance: Any, attribute: Any, rule: Any) -> None:
    """attrs validator: a base rule (of an improvement or blend rule) gives no bonus."""
    if isinstance(rule, RuleBase) and rule.ceiling != ONE:
        raise ValueError(f"the {attribute.name} rule cannot have a cap above 100 %")
