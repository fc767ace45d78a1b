"""The `steps` rule ("paliers"): the rate of the last threshold reached (family-branch annex 2017)."""

from __future__ import annotations

import itertools
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, ClassVar

from attrs import field, frozen

from cpg_score._convert import to_tuple
from cpg_score._numbers import EXACT, ONE, ZERO, Exact
from cpg_score._numbers import formula_text as fmt
from cpg_score.errors import ProblemCode
from cpg_score.model.rules._common import (
    Direction,
    RuleBase,
    cell_number,
    choose_formula,
    direction_schema,
    exact,
    num,
    optional_exact,
    q,
    ref,
    share,
)
from cpg_score.model.rules.registry import RuleFields, RuleKind, Scale, register

__all__ = ["Step", "StepsRule", "note_rate"]


@frozen
class Step:
    """One step of a [`StepsRule`][cpg_score.StepsRule]: reaching `threshold` earns `rate`."""

    threshold: Decimal = field(validator=exact)
    rate: Decimal = field(validator=share)


def _check_steps(instance: StepsRule, attribute: Any, steps: tuple[Step, ...]) -> None:
    if not steps:
        raise ValueError("steps must hold at least one step")
    for before, after in itertools.pairwise(steps):
        if instance.direction is Direction.HIGHER and not before.threshold < after.threshold:
            raise ValueError(
                "steps must be sorted by increasing threshold when higher is better, "
                f"got {before.threshold} then {after.threshold}"
            )
        if instance.direction is Direction.LOWER and not before.threshold > after.threshold:
            raise ValueError(
                "steps must be sorted by decreasing threshold when lower is better, "
                f"got {before.threshold} then {after.threshold}"
            )
        if after.rate < before.rate:
            raise ValueError(f"step rates must not decrease, got {before.rate} then {after.rate}")


@frozen
class StepsRule(RuleBase):
    """Steps ("paliers"): the rate of the last threshold reached; below the first, `below`.

    With `direction=HIGHER` a threshold is reached when the result is >= it; with `LOWER`, when
    the result is <= it. Thresholds are sorted in the direction of improvement and rates never
    decrease along them.

    Examples:
        >>> rule = StepsRule(steps=(Step(Decimal("0.75"), Decimal("0.4")),
        ...                         Step(Decimal("0.85"), Decimal(1))))
        >>> rule.achievement(Decimal("0.80"))
        Fraction(2, 5)
    """

    type: ClassVar[str] = "steps"
    steps: tuple[Step, ...] = field(converter=to_tuple, validator=_check_steps)
    direction: Direction = field(default=Direction.HIGHER, converter=Direction)
    below: Decimal = field(default=ZERO, validator=share)
    #: The note scale the steps are written on (« note de 0 à 5 »): each step's rate is its note
    #: / `out_of`; None when the steps are written as rates.
    out_of: Decimal | None = field(default=None, validator=optional_exact)

    def __attrs_post_init__(self) -> None:
        if self.out_of is not None and self.out_of <= 0:
            raise ValueError(f"out_of must be > 0, got {self.out_of}")
        if self.steps and self.steps[0].rate < self.below:
            raise ValueError(
                f"the first step's rate ({self.steps[0].rate}) is below the rate under "
                f"the first threshold ({self.below})"
            )

    def _reached(self, value: Exact, threshold: Decimal) -> bool:
        return value >= threshold if self.direction is Direction.HIGHER else value <= threshold

    def step_for(self, value: Exact) -> Step | None:
        """Return the last step reached by `value`, or None below the first."""
        reached = None
        for step in self.steps:
            if self._reached(value, step.threshold):
                reached = step
        return reached

    def achievement(self, value: Exact) -> Fraction:
        """Return the rate of the last step reached."""
        step = self.step_for(value)
        return q(self.below if step is None else step.rate)

    def note(self, rate: Decimal) -> Decimal:
        """A rate as a note on `out_of` (the rate itself without `out_of`)."""
        if self.out_of is None:
            return rate
        with localcontext(EXACT):
            note = rate * self.out_of
            # Written as a person would: 4, not 4.0; 2.5, not 2.50.
            return note.quantize(ONE) if note == note.to_integral_value() else note.normalize()

    def _rate_text(self, rate: Decimal) -> str:
        if self.out_of is None:
            return f"rate = {fmt(rate)}"
        return f"note {fmt(self.note(rate))} / {fmt(self.out_of)}, rate = {fmt(rate)}"

    def explain(self, value: Exact) -> str:
        """Describe the computation."""
        step = self.step_for(value)
        sign = ">=" if self.direction is Direction.HIGHER else "<="
        if step is None:
            first = fmt(self.steps[0].threshold)
            return (
                f"result {fmt(value)} reaches no step (first: {sign} {first}): {self._rate_text(self.below)}"
            )
        return f"result {fmt(value)} {sign} {fmt(step.threshold)}: {self._rate_text(step.rate)}"

    def spreadsheet(self, x: str) -> str:
        """In a spreadsheet: nested IFs from the last step down, the result in `x`.

        `IF(x>=0.85,1,IF(x>=0.75,0.4,0))` (`<=` when lower is better); the rates are the steps'
        rates (a note / `out_of`), the innermost value `below`.
        """
        sign = ">=" if self.direction is Direction.HIGHER else "<="
        reached = [(f"{x}{sign}{cell_number(s.threshold)}", s.rate) for s in reversed(self.steps)]
        return choose_formula(reached, self.below)

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The thresholds."""
        return tuple(s.threshold for s in self.steps)

    def on_target(self) -> Decimal:
        """The last threshold."""
        return self.steps[-1].threshold

    def to_data(self) -> dict[str, Any]:
        """Type, direction, below and the steps (with `out_of`, notes instead of rates)."""
        word = "rate" if self.out_of is None else "note"
        out: dict[str, Any] = {"type": "steps", "direction": self.direction.value}
        if self.out_of is not None:
            out["out_of"] = num(self.out_of)
        out["below"] = num(self.note(self.below))
        out["steps"] = [{"threshold": num(s.threshold), word: num(self.note(s.rate))} for s in self.steps]
        return out


def note_rate(note: Decimal, out_of: Decimal) -> Decimal:
    """`note / out_of` as an exact decimal rate.

    Raises:
        ValueError: The note is outside [0, out_of], or the quotient is no exact decimal (a note
            of 1 out of 3).
    """
    if not ZERO <= note <= out_of:
        raise ValueError(f"a note must be between 0 and out_of ({out_of}), got {note}")
    rate = Fraction(note) / Fraction(out_of)
    with localcontext(EXACT):
        exact = Decimal(rate.numerator) / Decimal(rate.denominator)
    if Fraction(exact) != rate:
        raise ValueError(f"note {note} / {out_of} is no exact decimal rate: write the steps as rates")
    return exact


def _figure(fields: RuleFields, key: str, out_of: Decimal | None) -> Decimal | None:
    """A rate, or with `out_of` a note read as its rate (note / out_of)."""
    if out_of is None:
        return fields.number(key, scale=Scale.SHARE)
    note = fields.number(key, scale=Scale.PLAIN)
    if note is None:
        return None
    try:
        return note_rate(note, out_of)
    except ValueError as exc:
        fields.error(key, str(exc), code=ProblemCode.OUT_OF_RANGE)
        return None


def _read(fields: RuleFields) -> StepsRule | None:
    direction = fields.choice("direction", [d.value for d in Direction], "higher")
    out_of = fields.number("out_of", scale=Scale.PLAIN) if fields.has("out_of") else None
    if fields.has("out_of") and (out_of is None or out_of <= 0):
        if out_of is not None:
            fields.error("out_of", f"out_of must be > 0, got {out_of}", code=ProblemCode.OUT_OF_RANGE)
        return None
    word = "rate" if out_of is None else "note"
    steps: list[Step] = []
    ok = True
    for item in fields.items("steps", ["threshold", word]):
        if item is None:
            ok = False
            continue
        threshold = item.number("threshold")
        rate = _figure(item, word, out_of)
        if threshold is None or rate is None:
            ok = False
            continue
        steps.append(Step(threshold, rate))
    below = ZERO
    if fields.has("below"):
        read = _figure(fields, "below", out_of)
        ok = ok and read is not None
        below = read if read is not None else below
    if not ok or direction is None or not steps:
        return None
    return fields.build(
        StepsRule, at="steps", steps=steps, direction=Direction(direction), below=below, out_of=out_of
    )


KIND = register(
    RuleKind(
        type="steps",
        cls=StepsRule,
        read=_read,
        required=("steps",),
        optional=("direction", "below", "out_of"),
        schema={
            "steps": {
                "type": "array",
                "minItems": 1,
                "items": ref("step"),
                "description": "The thresholds and their rates, in the direction of improvement.",
            },
            "direction": direction_schema("Which way is better."),
            "below": {
                "anyOf": [ref("share"), ref("number")],
                "default": 0,
                "description": "What a result below the first threshold earns (a note with `out_of`).",
            },
            "out_of": {
                **ref("number"),
                "description": "The note scale (« note de 0 à 5 »): each step gives a `note`, its rate is "
                "note / out_of.",
            },
        },
        defs={
            "step": {
                "type": "object",
                "description": "One step: reaching `threshold` earns `rate` (or `note`, with `out_of`).",
                "required": ["threshold"],
                "oneOf": [{"required": ["rate"]}, {"required": ["note"]}],
                "additionalProperties": False,
                "properties": {
                    "threshold": ref("number"),
                    "rate": ref("share"),
                    "note": ref("number", "The note on the rule's `out_of` scale."),
                },
            }
        },
    )
)
