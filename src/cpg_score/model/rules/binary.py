"""The `binary` rule: 1 when the threshold is met, else 0 (IFAQ conformity indicators)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from attrs import field, frozen

from cpg_score._numbers import F0, F1, ONE, ZERO, Exact
from cpg_score._numbers import formula_text as fmt
from cpg_score.errors import ProblemCode
from cpg_score.model.rules._common import (
    Direction,
    RuleBase,
    cell_number,
    direction_schema,
    num,
    optional_exact,
    ref,
)
from cpg_score.model.rules.registry import (
    ResultReading,
    ResultText,
    RuleFields,
    RuleKind,
    ScoringRule,
    WrittenResultError,
    register,
)

__all__ = ["NO_WORDS", "YES_WORDS", "BinaryRule", "read_yes_no"]

#: The words read as "met" (any case); YAML's own booleans (`yes`, `true`...) are among them.
YES_WORDS = ("oui", "yes", "true", "1")
#: The words read as "not met" (any case).
NO_WORDS = ("non", "no", "false", "0")


@frozen
class BinaryRule(RuleBase):
    """Pass or fail: 1 when the threshold is met, else 0.

    Without a threshold the result itself must be 1 (met) or 0 (not met).

    Examples:
        >>> BinaryRule(threshold=Decimal("0.9")).achievement(Decimal("0.93"))
        Fraction(1, 1)
    """

    type: ClassVar[str] = "binary"
    threshold: Decimal | None = field(default=None, validator=optional_exact)
    direction: Direction = field(default=Direction.HIGHER, converter=Direction)

    def met(self, value: Exact) -> bool:
        """Whether the result meets the threshold."""
        if self.threshold is None:
            return value >= ONE
        return value >= self.threshold if self.direction is Direction.HIGHER else value <= self.threshold

    def achievement(self, value: Exact) -> Fraction:
        """Return 1 when met, else 0."""
        return F1 if self.met(value) else F0

    def explain(self, value: Exact) -> str:
        """Describe the computation."""
        if self.threshold is None:
            return f"result {'met' if self.met(value) else 'not met'}: rate = {self.achievement(value)}"
        sign = ">=" if self.direction is Direction.HIGHER else "<="
        verdict = "met" if self.met(value) else "not met"
        return f"{fmt(value)} {sign} {fmt(self.threshold)} {verdict}: rate = {self.achievement(value)}"

    def spreadsheet(self, x: str) -> str:
        """In a spreadsheet: `IF(x>=T,1,0)` (`<=` when lower is better), the measured result in
        `x`; without a threshold `x` holds 1 (met) or 0 (not met) and the formula is `IF(x>=1,1,0)`."""
        if self.threshold is None:
            return f"IF({x}>=1,1,0)"
        sign = ">=" if self.direction is Direction.HIGHER else "<="
        return f"IF({x}{sign}{cell_number(self.threshold)},1,0)"

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The threshold."""
        return (ONE,) if self.threshold is None else (self.threshold,)

    def on_target(self) -> Decimal:
        """The threshold (1 without one)."""
        return ONE if self.threshold is None else self.threshold

    def with_bounds(
        self, *, floor: Decimal | None = None, target: Decimal | None = None
    ) -> BinaryRule | None:
        """The rule with an entity's threshold (its `target`); None when it has no threshold.

        A pass-or-fail rule has no floor: an entity's floor is refused (`ValueError`).
        """
        if self.threshold is None:
            return None
        if floor is not None:
            raise ValueError(f"a binary rule has no floor (only a threshold, the target), got floor {floor}")
        return BinaryRule(threshold=self.threshold if target is None else target, direction=self.direction)

    def bounds(self) -> tuple[Decimal | None, Decimal | None] | None:
        """No floor; the threshold as the target (None without a threshold)."""
        return None if self.threshold is None else (None, self.threshold)

    def to_data(self) -> dict[str, Any]:
        """Type, direction (and the threshold when given)."""
        out: dict[str, Any] = {"type": "binary", "direction": self.direction.value}
        if self.threshold is not None:
            out["threshold"] = num(self.threshold)
        return out


def _read(fields: RuleFields) -> BinaryRule | None:
    direction = fields.choice("direction", [d.value for d in Direction], "higher")
    threshold = fields.number("threshold") if fields.has("threshold") else None
    if direction is None or (fields.has("threshold") and threshold is None):
        return None
    return fields.build(BinaryRule, threshold=threshold, direction=Direction(direction))


def read_yes_no(rule: ScoringRule, written: ResultText) -> ResultReading | None:
    """A yes/no answer (`oui`/`non`, `yes`/`no`, `true`/`false`, `1`/`0`, any case) as 1 or 0.

    Only for a rule without a threshold: a rule with one is met by a measured value, which the
    result must give. A result the reader would read as a number (`kind` `number`) is left to
    it (None) for a rule with a threshold; without one, only `1` and `0` are answers (`0.5` or
    `100 %` are refused).

    Raises:
        WrittenResultError: Another word, or a word for a rule with a threshold; a number other
            than 1 or 0 for a rule without one.
    """
    if written.kind == "counts" or not isinstance(rule, BinaryRule):
        return None
    if written.kind == "number":
        if rule.threshold is not None:
            return None
        if written.text.strip() not in ("1", "0"):
            raise WrittenResultError(
                f"{written.text!r} is not a yes/no answer: write oui/non, yes/no, true/false or 1/0",
                code=ProblemCode.BAD_CHOICE,
            )
    word = written.text.casefold()
    if word not in YES_WORDS + NO_WORDS:
        raise WrittenResultError(
            f"{written.text!r} is not a yes/no answer: write oui/non, yes/no, true/false or 1/0",
            code=ProblemCode.BAD_CHOICE,
        )
    if rule.threshold is not None:
        raise WrittenResultError(
            f"{written.text!r} is a yes/no answer, but this indicator is met at a threshold of "
            f"{fmt(rule.threshold)}: write the measured value",
            code=ProblemCode.BAD_NUMBER,
        )
    return ResultReading(value=ONE if word in YES_WORDS else ZERO)


KIND = register(
    RuleKind(
        type="binary",
        cls=BinaryRule,
        read=_read,
        read_result=read_yes_no,
        optional=("threshold", "direction"),
        schema={
            "threshold": ref("number", "The result to reach (without it, the result must be 1)."),
            "direction": direction_schema("Which way is better."),
        },
    )
)
