"""Reading a grid's rules: the registry's `RuleFields` over the marked YAML tree.

`read_rule` checks what every rule shares (a mapping with a registered `type`, keys that apply
to that type, its required keys) and hands the rest to the type's own reader, through
`MarkedFields`, which reports each problem with the file, line, column and path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from cpg_score.errors import ProblemCode
from cpg_score.io.marked import Mapping, Node, Scalar, child_path
from cpg_score.model.grid import Unit
from cpg_score.model.rules.registry import RULES, RuleKind, Scale, ScoringRule, rule_keys, rule_types

__all__ = ["MarkedFields", "MarkedReader", "read_rule"]

T = TypeVar("T")

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class MarkedReader(Protocol):
    """What rule reading needs of the file reader (`io.loader`'s): checked reads that report."""

    def error(
        self, node: Node | None, path: str, message: str, code: ProblemCode = ProblemCode.INVALID
    ) -> None:
        """Report a problem at `node` (file, line, column) and `path`, with its stable `code`."""

    def build(self, node: Node, path: str, factory: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Call a constructor; a `ValueError` it raises becomes a problem at `node`."""

    def mapping(
        self, node: Node | None, path: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> Mapping | None:
        """Check a mapping: its type, missing keys, unknown keys."""

    def sequence(self, node: Node | None, path: str) -> tuple[Node, ...]:
        """Check a list."""

    def text(self, node: Node | None, path: str, default: str | None = None) -> str | None:
        """Read text."""

    def number(
        self,
        node: Node | None,
        path: str,
        *,
        unit: Unit | None = None,
        minimum: Decimal | None = None,
        allow_percent: bool = False,
        unit_hint: bool = False,
    ) -> Decimal | None:
        """Read a number, checked against a unit."""

    def choice(self, node: Node | None, path: str, choices: Iterable[str], default: str) -> str | None:
        """Read one of `choices`."""


class MarkedFields:
    """The fields of one rule mapping (or sub-mapping) of a marked YAML tree.

    Args:
        reader: The file's reader (it collects the problems).
        mapping: The mapping.
        path: Its path (`$.axes[0]...rule`).
        unit: The indicator's unit; None in a progress rule (it scores a change: any sign, and
            a share's change is written in points of percent).
    """

    def __init__(self, reader: MarkedReader, mapping: Mapping, path: str, unit: Unit | None) -> None:
        self._r = reader
        self._m = mapping
        self._path = path
        self._unit = unit

    def _at(self, key: str) -> tuple[Node | None, str]:
        return self._m.get(key), f"{self._path}.{key}"

    def has(self, key: str) -> bool:
        """Whether `key` is given."""
        return self._m.get(key) is not None

    def number(
        self, key: str, *, scale: Scale = Scale.RESULT, minimum: Decimal | None = None, percent: bool = False
    ) -> Decimal | None:
        """The number at `key` (see `RuleFields.number`)."""
        node, path = self._at(key)
        if scale is Scale.RESULT:
            unit, percent = self._unit, self._unit is None
        else:
            unit = Unit.SHARE if scale is Scale.SHARE else None
        hint = scale is Scale.RESULT and unit is Unit.SHARE
        return self._r.number(node, path, unit=unit, minimum=minimum, allow_percent=percent, unit_hint=hint)

    def choice(self, key: str, choices: Sequence[str], default: str) -> str | None:
        """The text at `key`, one of `choices`."""
        return self._r.choice(*self._at(key), choices, default)

    def text(self, key: str, default: str) -> str | None:
        """The text at `key`."""
        return self._r.text(*self._at(key), default)

    def part(self, key: str, required: Sequence[str], optional: Sequence[str] = ()) -> MarkedFields | None:
        """The sub-mapping at `key`."""
        node, path = self._at(key)
        found = self._r.mapping(node, path, required, optional)
        return None if found is None else MarkedFields(self._r, found, path, self._unit)

    def items(
        self, key: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> Iterator[MarkedFields | None]:
        """The mappings of the list at `key`, each checked when reached."""
        node, path = self._at(key)
        for index, item in enumerate(self._r.sequence(node, path)):
            found = self._r.mapping(item, f"{path}[{index}]", required, optional)
            yield None if found is None else MarkedFields(self._r, found, f"{path}[{index}]", self._unit)

    def named_numbers(
        self, key: str, *, scale: Scale = Scale.PLAIN, minimum: Decimal | None = None
    ) -> tuple[tuple[str, Decimal], ...] | None:
        """The mapping at `key` of names to numbers (see `RuleFields.named_numbers`)."""
        node, path = self._at(key)
        found = node if isinstance(node, Mapping) else self._r.mapping(node, path, [], [])
        if found is None:
            return None
        unit = Unit.SHARE if scale is Scale.SHARE else (self._unit if scale is Scale.RESULT else None)
        out: list[tuple[str, Decimal]] = []
        ok = True
        for name, value_node in found.entries:
            at = child_path(path, name.text)
            if not _NAME.fullmatch(name.text):
                message = f"a name is letters, digits, '.', '_' or '-', got {name.text!r}"
                self._r.error(name, at, message, ProblemCode.BAD_ID)
                ok = False
                continue
            number = self._r.number(value_node, at, unit=unit, minimum=minimum)
            ok = ok and number is not None
            if number is not None:
                out.append((name.text, number))
        if not out and ok:
            self._r.error(found, path, f"{key} must name at least one entry", ProblemCode.INVALID)
        return tuple(out) if ok and out else None

    def rule(self, key: str, *, change: bool = False) -> ScoringRule | None:
        """The nested rule at `key`."""
        return read_rule(self._r, *self._at(key), None if change else self._unit, nested=True)

    def error(self, key: str | None, message: str, *, code: ProblemCode = ProblemCode.INVALID) -> None:
        """Report a problem at `key` (at the mapping when None), with its stable `code`."""
        if key is None:
            self._r.error(self._m, self._path, message, code)
        else:
            self._r.error(*self._at(key), message, code)

    def build(self, factory: Callable[..., T], *, at: str | None = None, **values: Any) -> T | None:
        """`factory(**values)`, a `ValueError` reported at `at` (else at the mapping)."""
        if at is None:
            return self._r.build(self._m, self._path, factory, **values)
        node, path = self._at(at)
        return self._r.build(node or self._m, path, factory, **values)

    def shape(self, key: str) -> str | None:
        """What is written at `key`: `mapping`, `list` or `scalar` (None when absent)."""
        node = self._m.get(key)
        if node is None:
            return None
        return "mapping" if isinstance(node, Mapping) else "scalar" if isinstance(node, Scalar) else "list"


def _kind(r: MarkedReader, m: Mapping, path: str, nested: bool) -> RuleKind | None:
    """The rule's registered kind, its keys checked (None when a problem was reported)."""
    name = r.choice(m.get("type"), f"{path}.type", rule_types(nested=nested), "")
    if not name:  # None: a bad type; "": no type (reported as a missing key)
        return None
    kind = RULES[name]
    allowed = ["type", *kind.required, *kind.optional]
    everything = rule_keys()
    for key, _ in m.entries:
        if key.text not in allowed and key.text in everything:
            r.error(
                key,
                f"{path}.{key.text}",
                f"key {key.text!r} does not apply to a {name!r} rule (its keys: {', '.join(allowed)})",
                ProblemCode.UNKNOWN_KEY,
            )
    missing = [k for k in kind.required if m.get(k) is None]
    for key_name in missing:
        r.error(m, path, f"missing required key {key_name!r} for a {name!r} rule", ProblemCode.MISSING_KEY)
    return None if missing else kind


def _unit_fits(r: MarkedReader, kind: RuleKind, node: Node, path: str, unit: Unit | None) -> bool:
    """Whether the indicator's unit is one the rule type accepts (reported when not)."""
    if not kind.units or unit is None or unit.value in kind.units:
        return True
    units = " or ".join(kind.units)
    message = (
        f"a {kind.type!r} rule scores results in {units}: give its indicator unit: {kind.units[0]} "
        f"(got {unit.value})"
    )
    r.error(node, path, message, ProblemCode.BAD_CHOICE)
    return False


def read_rule(
    r: MarkedReader, node: Node | None, path: str, unit: Unit | None, *, nested: bool = False
) -> ScoringRule | None:
    """Read a rule; `unit` None reads a progress rule (a change: any sign, percent allowed)."""
    if isinstance(node, Scalar) and node.text in RULES and RULES[node.text].bare:
        return RULES[node.text].read(MarkedFields(r, Mapping((), node.line, node.column), path, unit))
    m = r.mapping(node, path, ["type"], rule_keys())
    if m is None:
        return None
    kind = _kind(r, m, path, nested)
    if kind is None or not _unit_fits(r, kind, m, path, unit):
        return None
    return kind.read(MarkedFields(r, m, path, unit))
