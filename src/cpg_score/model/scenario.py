"""A what-if scenario: a base results file and the values that replace some of its results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from attrs import field, frozen

from cpg_score._args import expect, expect_exact
from cpg_score._convert import to_tuple
from cpg_score._numbers import Exact

__all__ = ["Scenario"]


def _overrides(instance: Any, attribute: Any, value: tuple[Any, ...]) -> None:
    for index, pair in enumerate(value):
        expect(f"overrides[{index}]", pair, tuple, "a (result id, value) pair")
        if len(pair) != 2:
            raise ValueError(f"overrides[{index}] must be a (result id, value) pair, got {len(pair)} items")
        expect(f"overrides[{index}] id", pair[0], str, "a result id")
        expect_exact(f"overrides[{index}] value", pair[1])


@frozen(kw_only=True)
class Scenario:
    """A what-if scenario: a base results file and values that replace some of its results.

    Attributes:
        label: What the scenario is ("Fraude à 97 %").
        overrides: `(result id, new value)` pairs, in file order.
        base: The base results file (resolved against the scenario file's folder), or None
            when the base is given another way.
        source: Where the scenario was read from (not part of equality: the same scenario
            read from a file or from text is the same scenario).
        description: Free text.
        id: An identifier, when the file gives one.
    """

    label: str = field(validator=lambda _, a, v: expect(a.name, v, str, "text"))
    overrides: tuple[tuple[str, Exact], ...] = field(converter=to_tuple, validator=_overrides)
    base: Path | None = None
    source: str = field(default="", eq=False)
    description: str = ""
    id: str = ""
