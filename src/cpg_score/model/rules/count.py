"""The `count` rule: a base rule on a weighted count of observations (famille annex 2017).

The CAF accounts validation (« Validation des comptes locaux ») counts the auditors'
observations by class, « A=1, B=2, C=3, D=4 points », and maps the score to a note through
steps: « Validation sans restriction ou ≥ 0 et ≤ 7 » → 5, ..., « > 27 » → 1, « Refus de
validation » → 0. The score is `Σ weight x count`, exactly; the base rule (any rule that may be
nested, typically `steps`) scores it.

A result is `{counts: {A: 2, C: 1}}` (the score is computed) or the score itself. With
`refusal: true` a result may also be written `refus` (or `refused`, `refusal`, any case): the
refusal is read as the value -1, which no count can give, and scores 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, ClassVar

from attrs import field, frozen

from cpg_score._args import describe, expect, expect_exact
from cpg_score._numbers import EXACT, F0, ZERO, Exact
from cpg_score._numbers import formula_text as fmt
from cpg_score.errors import ProblemCode, Suggestions
from cpg_score.model.rules._common import Direction, RuleBase, check_base, formula_of, num, q
from cpg_score.model.rules.registry import (
    ResultReading,
    ResultText,
    RuleFields,
    RuleKind,
    ScoringRule,
    WrittenResultError,
    register,
    rule_to_data,
)

__all__ = ["REFUSAL_WORDS", "REFUSED", "CountRule", "read_counts"]

#: The words of a refusal (« Refus de validation »), any case.
REFUSAL_WORDS = ("refus", "refused", "refusal")
#: The value a refusal is read as: no weighted count is negative.
REFUSED = Decimal(-1)


def _weight_pairs(items: Any) -> tuple[tuple[str, Decimal], ...]:
    """Freeze the weights: a mapping {class: weight} or pairs (class, weight)."""
    if isinstance(items, Mapping):
        return tuple(items.items())
    if isinstance(items, str) or not isinstance(items, Iterable):
        raise TypeError(f"weights must be a mapping or pairs (class, weight), got {describe(items)}")
    pairs = tuple(items)
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"weights must be pairs (class, weight), got {describe(pair)}")
    return pairs


def _weights(instance: Any, attribute: Any, value: tuple[tuple[str, Decimal], ...]) -> None:
    if not value:
        raise ValueError("weights must name at least one class")
    names = [name for name, _ in value]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"weights name class {twice[0]!r} twice")
    for name, weight in value:
        expect("weights", name, str, "a mapping whose classes are texts")
        expect_exact(f"the weight of class {name!r}", weight)
        if weight <= 0:
            raise ValueError(f"the weight of class {name!r} must be > 0, got {weight}")


def _base(instance: Any, attribute: Any, rule: Any) -> None:
    if not (hasattr(rule, "achievement") and hasattr(rule, "type")):
        raise TypeError(f"rule must be a scoring rule, got {type(rule).__name__}")
    if isinstance(rule, CountRule):
        raise ValueError("the base rule of a count rule cannot be a count rule")
    check_base(instance, attribute, rule)


@frozen(kw_only=True)
class CountRule(RuleBase):
    """A base rule on a weighted count: `rate = rule(Σ weight x count)`; a refusal scores 0.

    Examples:
        >>> from cpg_score.model.rules.steps import Step, StepsRule
        >>> notes = StepsRule(steps=(Step(Decimal(27), Decimal("0.4")), Step(Decimal(7), Decimal(1))),
        ...                   direction="lower", below=Decimal("0.2"))
        >>> rule = CountRule(weights=(("A", Decimal(1)), ("D", Decimal(4))), rule=notes)
        >>> rule.score({"A": Decimal(2), "D": Decimal(1)})
        Fraction(6, 1)
    """

    type: ClassVar[str] = "count"
    weights: tuple[tuple[str, Decimal], ...] = field(converter=_weight_pairs, validator=_weights)
    rule: ScoringRule = field(validator=_base)
    refusal: bool = field(default=False)

    @property
    def direction(self) -> Direction:
        """The base rule's direction."""
        return Direction(self.rule.direction)

    def weight_of(self, name: str) -> Decimal | None:
        """The weight of a class (None for a class the rule does not have)."""
        return dict(self.weights).get(name)

    def score(self, counts: dict[str, Decimal]) -> Fraction:
        """`Σ weight x count`, exactly.

        Raises:
            KeyError: A class the rule does not weigh.
        """
        weights = dict(self.weights)
        return sum((q(weights[name]) * q(count) for name, count in counts.items()), F0)

    def refused(self, value: Exact) -> bool:
        """Whether a value stands for a refusal (negative, with `refusal` declared)."""
        return self.refusal and value < 0

    def achievement(self, value: Exact) -> Fraction:
        """The base rule's rate for the score (0 for a refusal)."""
        if self.refused(value):
            return F0
        return q(self.rule.achievement(value))

    def explain(self, value: Exact) -> str:
        """Describe the computation."""
        if self.refused(value):
            return "refusal: rate = 0"
        return f"score {fmt(value)}: {self.rule.explain(value)}"

    def spreadsheet(self, x: str) -> str | None:
        """In a spreadsheet: the base rule's formula of `x`, the weighted score `Σ weight x count`
        (not the counts by class); with `refusal`, `x` holds -1 for a refusal and the formula is
        `IF(x<0,0,base)`. None when the base rule has no formula."""
        base = formula_of(self.rule, x)
        if base is None or not self.refusal:
            return base
        return f"IF({x}<0,0,{base})"

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The base rule's."""
        return tuple(self.rule.breakpoints())

    def on_target(self) -> Decimal:
        """The base rule's."""
        return self.rule.on_target() if isinstance(self.rule, RuleBase) else ZERO

    def to_data(self) -> dict[str, Any]:
        """Type, weights, the base rule (and `refusal` when declared)."""
        out: dict[str, Any] = {
            "type": "count",
            "weights": {name: num(weight) for name, weight in self.weights},
            "rule": rule_to_data(self.rule),
        }
        if self.refusal:
            out["refusal"] = True
        return out


def read_counts(rule: ScoringRule, written: ResultText) -> ResultReading | None:
    """Counts per class as their weighted score; a refusal word as `REFUSED`.

    Raises:
        WrittenResultError: A class the rule does not weigh, or a word that is no refusal (or a
            refusal the rule does not declare).
    """
    if not isinstance(rule, CountRule) or written.kind == "number":
        return None  # a number is the weighted score itself
    if written.kind != "counts":
        if written.text.casefold() not in REFUSAL_WORDS:
            raise WrittenResultError(
                f"{written.text!r} is not a count: write {{counts: {{A: 2, C: 1}}}} or the weighted score"
                + (", or refus" if rule.refusal else ""),
                code=ProblemCode.BAD_NUMBER,
            )
        if not rule.refusal:
            raise WrittenResultError(
                f"{written.text!r}: this rule declares no refusal (add refusal: true to the grid's rule)",
                code=ProblemCode.BAD_CHOICE,
            )
        return ResultReading(value=REFUSED)
    known = [name for name, _ in rule.weights]
    for name, _ in written.counts:
        if name not in known:
            hint = Suggestions(known).hint(name)
            raise WrittenResultError(
                f"no class {name!r} in the rule's weights ({', '.join(known)}){hint}",
                code=ProblemCode.UNKNOWN_ITEM,
                key=name,
            )
    weights = dict(rule.weights)
    with localcontext(EXACT):  # sums of products of decimals: exact
        total = sum((weights[name] * count for name, count in written.counts), ZERO)
    return ResultReading(value=total)


def _read(fields: RuleFields) -> CountRule | None:
    weights = fields.named_numbers("weights")
    base = fields.rule("rule")
    refusal = fields.choice("refusal", ["true", "false"], "false")
    if weights is None or base is None or refusal is None:
        return None
    return fields.build(CountRule, at="weights", weights=weights, rule=base, refusal=refusal == "true")


KIND = register(
    RuleKind(
        type="count",
        cls=CountRule,
        read=_read,
        required=("weights", "rule"),
        optional=("refusal",),
        schema={
            "weights": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {"$ref": "#/$defs/number"},
                "description": "The points of one observation of each class: « A=1, B=2, C=3, D=4 ».",
            },
            "rule": {"$ref": "#/$defs/baseRule", "description": "The rule scoring the weighted count."},
            "refusal": {
                "type": "boolean",
                "default": False,
                "description": "Whether a result may be written `refus` (« Refus de validation »): rate 0.",
            },
        },
        nested=False,
        read_result=read_counts,
        units=("count", "number"),
    )
)
