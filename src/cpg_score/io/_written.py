"""Results written as a word, a date or counts, read by the indicator's rule: the pieces the
results reader and the scenario reader share (which ids a grid scores, what counts as written,
counts per class, the rule's reading)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from cpg_score.errors import ProblemCode
from cpg_score.io.marked import Mapping, Node, Scalar, child_path
from cpg_score.io.reader import Reader, describe_node
from cpg_score.model.grid import Grid, Unit
from cpg_score.model.rules import RateRule
from cpg_score.model.rules.registry import ResultReading, ResultText, ScoringRule, WrittenResultError, kind_of

__all__ = ["NO_ITEM", "Item", "is_written", "read_counts", "rule_reading", "scored_items"]

_RATE = RateRule()


class Item(NamedTuple):
    """What the grid says of a result id: its unit, and what scores it (None without a grid)."""

    unit: Unit | None
    rule: ScoringRule | None = None
    what: str = "indicator"


#: What an id the grid does not score (or any id, without a grid) reads as.
NO_ITEM = Item(None)
#: A date (`2017-12-15`, `15/12/2017`, also with a time of day, which its rule refuses): a
#: written result, never a number.
_DATE = re.compile(r"\d{1,4}[-/]\d{1,2}[-/]\d{1,4}(?:[ T]\d{1,2}:\d{2}.*)?")
#: One word (letters, inner hyphens or apostrophes: `oui`, `peut-être`): a written result.
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def is_written(node: Node | None) -> bool:
    """Whether a result is written as a word or a date rather than as a number."""
    if not isinstance(node, Scalar) or node.kind not in ("str", "bool"):
        return False
    text = node.text.strip()
    return node.kind == "bool" or _DATE.fullmatch(text) is not None or _WORD.fullmatch(text) is not None


def scored_items(grid: Grid) -> dict[str, Item]:
    """The unit and rule of every result id of a grid (units as `Grid.unit_of` gives them), in one pass."""
    found: dict[str, Item] = {}
    for _, objective in grid.objectives():
        for indicator in objective.indicators:
            found.setdefault(indicator.id, Item(indicator.unit, indicator.rule))
        direct = Item(Unit.SHARE, _RATE, "objective") if objective.direct else Item(None)
        found.setdefault(objective.id, direct)
    return found


def read_counts(r: Reader, node: Node | None, path: str) -> tuple[tuple[str, Decimal], ...] | None:
    """`counts: {A: 2, C: 1}`: whole numbers >= 0 by class."""
    if not isinstance(node, Mapping):
        message = f"expected a mapping of class to count, got {describe_node(node)}"
        r.error(node, path, message, ProblemCode.WRONG_TYPE)
        return None
    counts: list[tuple[str, Decimal]] = []
    ok = True
    for key, child in node.entries:
        at = child_path(path, key.text)
        count = r.number(child, at, unit=Unit.COUNT) if r.key_id(key, at, "a class") is not None else None
        if count is not None and count != count.to_integral_value():
            r.error(child, at, f"a count is a whole number, got {count}", ProblemCode.BAD_NUMBER)
            count = None
        ok = ok and count is not None
        if count is not None:
            counts.append((key.text, count))
    return tuple(counts) if ok else None


def rule_reading(
    r: Reader, rid: str, rule: ScoringRule, what: str, text: ResultText, place: tuple[Node, str]
) -> ResultReading | None:
    """A written result (a word, a date, counts) read by its indicator's rule, its problems
    reported at `place` (the node and its `$.path`); None when refused (reported)."""
    at_node, at = place
    kind = kind_of(rule)
    try:
        reading = None if kind is None or kind.read_result is None else kind.read_result(rule, text)
    except WrittenResultError as exc:
        key = at_node.get(exc.key) if isinstance(at_node, Mapping) and exc.key else None
        where = child_path(at, exc.key) if key is not None and exc.key else at
        r.error(key or at_node, where, f"{what} {rid!r}: {exc}", exc.code)
        return None
    if reading is None:
        got = f"{text.text!r}" if text.kind != "counts" else "counts"
        message = f"{what} {rid!r} is scored by a {rule.type!r} rule, which reads numbers: got {got}"
        r.error(at_node, at, message, ProblemCode.BAD_NUMBER)
    return reading
