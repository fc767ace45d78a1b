"""The `steps` rule ("paliers"): the rate of the last threshold reached (family-branch annex 2017)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from attrs import field, frozen

from cpg_score._convert import to_tuple
from cpg_score._numbers import ZERO, Exact
from cpg_score._numbers import formula_text as fmt
from cpg_score.model.rules._common import Direction, RuleBase, direction_schema, exact, num, q, ref, share
from cpg_score.model.rules.registry import RuleFields, RuleKind, Scale, register

__all__ = ["Step", "StepsRule"]


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

    def __attrs_post_init__(self) -> None:
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

    def explain(self, value: Exact) -> str:
        """Describe the computation."""
        step = self.step_for(value)
        sign = ">=" if self.direction is Direction.HIGHER else "<="
        if step is None:
            first = fmt(self.steps[0].threshold)
            return f"result {fmt(value)} reaches no step (first: {sign} {first}): rate = {fmt(self.below)}"
        return f"result {fmt(value)} {sign} {fmt(step.threshold)}: rate = {fmt(step.rate)}"

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The thresholds."""
        return tuple(s.threshold for s in self.steps)

    def on_target(self) -> Decimal:
        """The last threshold."""
        return self.steps[-1].threshold

    def to_data(self) -> dict[str, Any]:
        """Type, direction, below and the steps."""
        return {
            "type": "steps",
            "direction": self.direction.value,
            "below": num(self.below),
            "steps": [{"threshold": num(s.threshold), "rate": num(s.rate)} for s in self.steps],
        }


def _read(fields: RuleFields) -> StepsRule | None:
    direction = fields.choice("direction", [d.value for d in Direction], "higher")
    steps: list[Step] = []
    ok = True
    for item in fields.items("steps", ["threshold", "rate"]):
        if item is None:
            ok = False
            continue
        threshold = item.number("threshold")
        rate = item.number("rate", scale=Scale.SHARE)
        if threshold is None or rate is None:
            ok = False
            continue
        steps.append(Step(threshold, rate))
    below = ZERO
    if fields.has("below"):
        read = fields.number("below", scale=Scale.SHARE)
        ok = ok and read is not None
        below = read if read is not None else below
    if not ok or direction is None or not steps:
        return None
    return fields.build(StepsRule, at="steps", steps=steps, direction=Direction(direction), below=below)


KIND = register(
    RuleKind(
        type="steps",
        cls=StepsRule,
        read=_read,
        required=("steps",),
        optional=("direction", "below"),
        schema={
            "steps": {
                "type": "array",
                "minItems": 1,
                "items": ref("step"),
                "description": "The thresholds and their rates, in the direction of improvement.",
            },
            "direction": direction_schema("Which way is better."),
            "below": {
                **ref("share"),
                "default": 0,
                "description": "What a result below the first threshold earns.",
            },
        },
        defs={
            "step": {
                "type": "object",
                "description": "One step: reaching `threshold` earns `rate`.",
                "required": ["threshold", "rate"],
                "additionalProperties": False,
                "properties": {"threshold": ref("number"), "rate": ref("share")},
            }
        },
    )
)
