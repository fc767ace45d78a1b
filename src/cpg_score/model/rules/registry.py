"""The registry of rule types: one `RuleKind` per `type` of a grid file's `rule`.

Each rule type is one module of this package: its frozen class (achievement, explanation,
breakpoints, target, plain-data form) and its `RuleKind` (keys, reading, JSON Schema fragment),
registered here. The loader, the dumper, the engine, the explanations, the simulators and the
grid JSON Schema all reach a rule type through `RULES`; adding a type is one new module.

Reading does no I/O here: a kind's `read` gets a [`RuleFields`][cpg_score.model.rules.registry.RuleFields],
which the file reader implements over its marked YAML (with the file, line and column of each
problem).
"""

from __future__ import annotations

import builtins
import enum
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Protocol, TypeVar, runtime_checkable

from attrs import field, frozen

from cpg_score._convert import to_tuple
from cpg_score._numbers import ONE, Exact
from cpg_score.errors import ProblemCode
from cpg_score.model.rules._common import Basis, Direction, RuleBase

__all__ = [
    "RULES",
    "Basis",
    "ResultReading",
    "ResultText",
    "RuleBase",
    "RuleFields",
    "RuleKind",
    "Scale",
    "ScoringRule",
    "WrittenResultError",
    "basis",
    "kind_of",
    "register",
    "rule_keys",
    "rule_target",
    "rule_text",
    "rule_to_data",
    "rule_types",
    "schema_defs",
    "unregister",
]

T = TypeVar("T")


@runtime_checkable
class ScoringRule(Protocol):
    """What the engine and the simulators need of a rule, a registered one or a caller's own.

    Every rule class of this package satisfies it, and every signature taking a rule takes it
    (`Rule`, the union of the built-in classes, is documentation only).
    """

    @property
    def type(self) -> str:
        """The rule's `type` (its key in a grid file)."""

    @property
    def direction(self) -> Direction:
        """Which way of the result is better."""

    def achievement(self, value: Exact) -> Exact:
        """The achievement rate for a value (given exactly, as the engine does)."""

    def explain(self, value: Exact) -> str:
        """The arithmetic of `achievement(value)`, in words."""

    def breakpoints(self) -> tuple[Decimal, ...]:
        """The values where the rule changes slope or jumps."""


class Scale(enum.Enum):
    """How a rule's number is read (see `RuleFields.number`)."""

    #: In the indicator's unit; in a progress rule, a change (any sign, a share's in points of percent).
    RESULT = "result"
    #: A share: between 0 and 1, or a percent.
    SHARE = "share"
    #: A plain number (see `minimum` and `percent`).
    PLAIN = "plain"


class RuleFields(Protocol):
    """The fields of one rule mapping (or of one of its sub-mappings), as a rule reader sees them.

    Each method reports its own problems (naming the file, line and field) and returns None for
    a bad value; a reader returns None when any field was bad.
    """

    def has(self, key: str) -> bool:
        """Whether `key` is given."""

    def number(
        self, key: str, *, scale: Scale = Scale.RESULT, minimum: Decimal | None = None, percent: bool = False
    ) -> Decimal | None:
        """The number at `key`, read on `scale`; with `minimum`, smaller is an error; `percent`
        allows a percent for a `PLAIN` number."""

    def choice(self, key: str, choices: Sequence[str], default: str) -> str | None:
        """The text at `key`, one of `choices` (`default` when absent)."""

    def text(self, key: str, default: str) -> str | None:
        """The text at `key` (`default` when absent)."""

    def part(self, key: str, required: Sequence[str], optional: Sequence[str] = ()) -> RuleFields | None:
        """The sub-mapping at `key`, checked for its keys."""

    def items(
        self, key: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> Iterator[RuleFields | None]:
        """The mappings of the list at `key`, each checked for its keys when reached."""

    def named_numbers(
        self, key: str, *, scale: Scale = Scale.PLAIN, minimum: Decimal | None = None
    ) -> tuple[tuple[str, Decimal], ...] | None:
        """The mapping at `key` of names (letters, digits, `.`, `_`, `-`) to numbers, in order."""

    def rule(self, key: str, *, change: bool = False) -> ScoringRule | None:
        """The nested rule at `key` (a base rule); `change`: it scores a change (a progress)."""

    def error(self, key: str | None, message: str, *, code: ProblemCode = ProblemCode.INVALID) -> None:
        """Report a problem at `key` (at the mapping itself when None), with its stable `code`."""

    def build(self, factory: Callable[..., T], *, at: str | None = None, **values: Any) -> T | None:
        """`factory(**values)`; a `ValueError` it raises is reported at `at` (else the mapping)."""

    def shape(self, key: str) -> str | None:
        """What is written at `key`: `mapping`, `list` or `scalar` (None when absent); reports nothing."""


def _kind_keys(value: Sequence[str]) -> tuple[str, ...]:
    return to_tuple(value)


@frozen(kw_only=True)
class ResultText:
    """A result written otherwise than as a number: a word, a date, or counts per class.

    The results reader hands it to the `read_result` of the indicator's rule type.

    Attributes:
        text: The text as written (stripped): `oui`, `2017-12-15`, `refus`; "" for counts.
        kind: How YAML read it: `str`, `bool` (`yes`, `true`...), `int`, `float`; `counts`
            for a `{counts: {...}}` mapping; `number` for a scalar the reader would read as a
            number (a rule type returns None to let it, or refuses it).
        counts: The counts per class of a `{counts: {A: 2, C: 1}}` mapping, each count read
            exactly (a whole number >= 0), in the order written.
    """

    text: str = ""
    kind: str = "str"
    counts: tuple[tuple[str, Decimal], ...] = field(default=(), converter=to_tuple)


@frozen(kw_only=True)
class ResultReading:
    """What a rule type reads a written result as: the exact numbers of a results entry.

    Exactly one of `value` or `numerator` and `denominator` is given (the value of a fraction
    is `numerator / denominator`, exactly: 1 + 15/31 months is 46 / 31).
    """

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    def __attrs_post_init__(self) -> None:
        partial = (self.numerator is None) != (self.denominator is None)
        fraction = self.numerator is not None and self.denominator is not None
        if partial or (self.value is not None) == fraction:
            raise ValueError("a reading holds a value, or a numerator and a denominator")


class WrittenResultError(ValueError):
    """A written result its rule type refuses: an unknown word, an impossible date, an unknown class.

    Attributes:
        code: The problem's stable code.
        key: The class of a `counts` mapping the problem is about (None: the result itself).
    """

    def __init__(
        self, message: str, *, code: ProblemCode = ProblemCode.INVALID, key: str | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.key = key


@frozen(kw_only=True)
class RuleKind:
    """One rule type: what the registry knows of it.

    Attributes:
        type: Its `type` in a grid file.
        cls: Its class (a [`RuleBase`][cpg_score.model.rules.registry.RuleBase]).
        read: Builds a rule from its fields (None when a field is bad, already reported).
        required: Its required keys (besides `type`).
        optional: Its optional keys.
        schema: The JSON Schema of each of its keys (besides `type`).
        defs: JSON Schema definitions its keys refer to (`#/$defs/NAME`).
        nested: Whether it may be the base rule of an improvement or blend rule.
        bare: Whether a grid may write it as its bare type (`rule: rate`).
        read_result: Reads a result written otherwise than as a number (a word, a date, counts)
            for one of its rules: returns its exact numbers, or None when the rule type has no
            such form for this text; raises `WrittenResultError` for a text it refuses. None:
            the rule type's results are numbers only.
        units: The indicator units its rules accept (empty: any).
    """

    type: str
    cls: builtins.type[RuleBase]
    read: Callable[[RuleFields], ScoringRule | None]
    required: tuple[str, ...] = field(default=(), converter=_kind_keys)
    optional: tuple[str, ...] = field(default=(), converter=_kind_keys)
    schema: Mapping[str, Any] = field(factory=dict)
    defs: Mapping[str, Any] = field(factory=dict)
    nested: bool = True
    bare: bool = False
    read_result: Callable[[ScoringRule, ResultText], ResultReading | None] | None = None
    units: tuple[str, ...] = field(default=(), converter=_kind_keys)


_RULES: dict[str, RuleKind] = {}
#: The registered rule types, by `type`, in registration order.
RULES: Mapping[str, RuleKind] = MappingProxyType(_RULES)


def register(kind: RuleKind) -> RuleKind:
    """Register a rule type (once per `type`); return it."""
    if kind.type in _RULES and _RULES[kind.type] is not kind:
        raise ValueError(f"a rule type {kind.type!r} is already registered")
    _RULES[kind.type] = kind
    return kind


def unregister(type_: str) -> None:
    """Forget a rule type (a test's own)."""
    del _RULES[type_]


def rule_types(*, nested: bool = False) -> tuple[str, ...]:
    """The registered types (only those that may be nested, with `nested`)."""
    return tuple(t for t, kind in _RULES.items() if kind.nested or not nested)


def rule_keys() -> tuple[str, ...]:
    """Every key some rule type takes (besides `type`), sorted."""
    return tuple(sorted({k for kind in _RULES.values() for k in kind.required + kind.optional}))


def kind_of(rule: object) -> RuleKind | None:
    """The registered kind of a rule, or None for a caller's own rule."""
    kind = _RULES.get(getattr(rule, "type", None) or "")
    return kind if kind is not None and isinstance(rule, kind.cls) else None


def rule_to_data(rule: ScoringRule) -> dict[str, Any]:
    """A registered rule as plain data, as written in a grid file.

    Raises:
        TypeError: The rule is not of a registered type.
    """
    if kind_of(rule) is None:
        raise TypeError(f"rule type {rule.type!r} is not registered: it cannot be written")
    assert isinstance(rule, RuleBase)
    return rule.to_data()


def rule_target(rule: ScoringRule) -> Decimal:
    """The result a rule counts as "on target": where its rate first reaches its best.

    linear: its target; steps: the last threshold; binary: its threshold (1 without one);
    bands: the start of the top band; rate (and a caller's own rule): 1.
    """
    return rule.on_target() if isinstance(rule, RuleBase) else ONE


def rule_spreadsheet(rule: ScoringRule, x: str) -> str | None:
    """A rule's achievement rate as a spreadsheet formula of the result in cell `x` (no `=`).

    The rule's own `spreadsheet(x)` (see
    [`RuleBase.spreadsheet`][cpg_score.model.rules.registry.RuleBase.spreadsheet]); None for a
    rule without a formula (a caller's own rule, or one whose baseline is not bound).

    Examples:
        >>> rule_spreadsheet(LinearRule(floor=Decimal("0.65"), target=Decimal("0.88")), "C7")
        'MIN(1,MAX(0,(C7-0.65)/0.23))'
    """
    return rule.spreadsheet(x) if isinstance(rule, RuleBase) else None


def basis(rule: ScoringRule, value: Exact) -> Basis | None:
    """Which part of a rule decided its rate: a `Basis` (None for a one-part rule or a caller's own)."""
    return rule.basis(value) if isinstance(rule, RuleBase) else None


def rule_text(data: Mapping[str, Any]) -> str:
    """A rule's plain data on one line: `linear (floor 0.65, target 0.88)`."""
    kind = data.get("type", "")
    params = ", ".join(f"{k} {_compact(v)}" for k, v in data.items() if k != "type")
    return f"{kind} ({params})" if params else str(kind)


def _compact(value: Any) -> str:
    if isinstance(value, Mapping):
        return (
            rule_text(value)
            if "type" in value
            else "{" + ", ".join(f"{k} {_compact(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list):
        return "[" + "; ".join(_compact(v) for v in value) + "]"
    return str(value)


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _then(kind: RuleKind) -> dict[str, Any]:
    then: dict[str, Any] = {
        "properties": {"type": {"const": kind.type}, **kind.schema},
        "additionalProperties": False,
    }
    if kind.required:
        then["required"] = list(kind.required)
    return then


def schema_defs() -> dict[str, Any]:
    """The rule part of the grid JSON Schema's `$defs`, from the registered types."""
    types, nested = rule_types(), rule_types(nested=True)
    bare = [t for t in types if _RULES[t].bare]
    bare_nested = [t for t in nested if _RULES[t].bare]
    shown = [f"`{t}` (or {{type: {t}}})" if t in bare else t for t in types]
    out: dict[str, Any] = {
        "rule": {
            "description": f"How a result becomes an achievement rate: {_listed(shown)}.",
            "anyOf": [{"enum": bare}, {"$ref": "#/$defs/ruleObject"}],
        },
        "baseRule": {
            "description": f"A rule inside an improvement or blend rule: {_listed(nested)}.",
            "anyOf": [
                {"enum": bare_nested},
                {"allOf": [{"$ref": "#/$defs/ruleObject"}, {"properties": {"type": {"enum": list(nested)}}}]},
            ],
        },
        "ruleObject": {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"enum": list(types)}},
            "allOf": [
                {"if": {"properties": {"type": {"const": t}}, "required": ["type"]}, "then": _then(_RULES[t])}
                for t in types
            ],
        },
    }
    for kind in _RULES.values():
        out.update(kind.defs)
    return out
