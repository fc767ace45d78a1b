"""The reader of marked YAML trees: turns nodes into values, collecting every problem of a file
(each with its code, file, line, column and location) instead of stopping at the first."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, TypeVar

from cpg_score._numbers import EXACT, Exact, parse_number, parse_ratio
from cpg_score._safe_text import ID
from cpg_score.errors import InputError, Problem, ProblemCode, Suggestions, unknown_item
from cpg_score.io.marked import Limits, Mapping, Node, Scalar, Sequence, YamlProblems, child_path, parse_yaml
from cpg_score.io.source import CONTROLS, Source, control_message, read_source
from cpg_score.model.grid import Figure, Grid, Unit

__all__ = ["Reader", "parse", "parse_mapping", "read_figure", "sorted_problems"]

T = TypeVar("T")

#: Text may hold several lines: tab and line feed are allowed there (see `CONTROLS`).
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Reader:
    """Reads a marked YAML tree into values, collecting every problem instead of stopping.

    Each reading method checks one node and returns its value, or `None` after recording a
    [`Problem`][cpg_score.Problem] (with its code, line, column and path) in `problems`.

    Args:
        file: The display name of the file, for the problems.
        domains: Whether numbers are checked against their unit's domain (a share in [0, 1]).
        sheet: The sheet of a workbook being read (`None` for any other file): copied into
            every problem, whose line and column are then the cell's row and column.
    """

    def __init__(self, file: str, *, domains: bool = True, sheet: str | None = None) -> None:
        self.file = file
        #: The workbook's sheet, copied into every problem (`file.xlsx:Feuille1!C7`).
        self.sheet = sheet
        self.problems: list[Problem] = []
        #: (mapping path, key) of every "missing required key" reported.
        self._missing: set[tuple[str, str]] = set()
        #: Whether numbers are checked against their unit's domain (a share in [0, 1], a count
        #: >= 0). `cpg-score check` reads with this off, and reports such values as findings.
        self.domains = domains

    # -- reporting ------------------------------------------------------------------------
    def error(
        self, node: Node | None, path: str, message: str, code: ProblemCode = ProblemCode.INVALID
    ) -> None:
        """Record a problem at `node` (at its mapping's place when the node is missing)."""
        if node is None and self._reported_missing(path):
            return  # "missing required key" already says it, with a line and column
        line = node.line if node is not None else None
        column = node.column if node is not None else None
        self.problems.append(
            Problem(
                message=message,
                file=self.file,
                line=line,
                column=column,
                path=path,
                code=code,
                sheet=self.sheet,
            )
        )

    def _reported_missing(self, path: str) -> bool:
        parent, _, key = path.rpartition(".")
        return (parent, key) in self._missing

    def build(self, node: Node, path: str, factory: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Call a model constructor; a `ValueError` it raises becomes a problem at `node`."""
        try:
            return factory(*args, **kwargs)
        except (ValueError, TypeError) as exc:
            self.error(node, path, str(exc))
            return None

    # -- structure ------------------------------------------------------------------------
    def mapping(
        self, node: Node | None, path: str, required: Iterable[str], optional: Iterable[str] = ()
    ) -> Mapping | None:
        """Check a mapping: its type, missing keys, unknown keys (with a suggestion)."""
        if not isinstance(node, Mapping):
            self.error(node, path, f"expected a mapping, got {describe_node(node)}", ProblemCode.WRONG_TYPE)
            return None
        required = list(required)
        allowed = required + list(optional)
        for key, _ in node.entries:
            if key.text not in allowed:
                hint = difflib.get_close_matches(key.text, allowed, n=1, cutoff=0.6)
                suggestion = (
                    f"; did you mean {hint[0]!r}?" if hint else f"; expected one of {', '.join(allowed)}"
                )
                message = f"unknown key {key.text!r}{suggestion}"
                self.error(key, child_path(path, key.text), message, ProblemCode.UNKNOWN_KEY)
        for key_name in required:
            if node.get(key_name) is None:
                self.error(node, path, f"missing required key {key_name!r}", ProblemCode.MISSING_KEY)
                self._missing.add((path, key_name))
        return node

    def sequence(self, node: Node | None, path: str) -> tuple[Node, ...]:
        """The items of a list (none, after a problem, when the node is not a list)."""
        if not isinstance(node, Sequence):
            self.error(node, path, f"expected a list, got {describe_node(node)}", ProblemCode.WRONG_TYPE)
            return ()
        return node.items

    def text(self, node: Node | None, path: str, default: str | None = None) -> str | None:
        """A text without terminal control characters (`default` when the node is missing)."""
        if node is None:
            return default
        if not isinstance(node, Scalar) or node.kind == "null":
            self.error(node, path, f"expected text, got {describe_node(node)}", ProblemCode.WRONG_TYPE)
            return None
        found = _TEXT_CONTROLS.search(node.text)
        if found is not None:
            self.error(
                node, path, control_message(_last(path), node.text, found.group()), ProblemCode.BAD_TEXT
            )
            return None
        return node.text

    def key_id(self, key: Scalar, path: str, what: str) -> str | None:
        """Check a mapping key that is an id (`what` it names): not empty, no control character."""
        if not key.text.strip():
            self.error(key, path, f"empty id: each key here is the id of {what}", ProblemCode.BAD_ID)
            return None
        found = CONTROLS.search(key.text)
        if found is not None:
            self.error(key, path, control_message("an id", key.text, found.group()), ProblemCode.BAD_ID)
            return None
        return key.text

    def ident(self, node: Node | None, path: str) -> str | None:
        """An id: letters, digits, `.`, `_` or `-`, starting with a letter or digit."""
        value = self.text(node, path)
        if value is not None and not ID.fullmatch(value):
            message = f"an id is letters, digits, '.', '_' or '-', got {value!r}"
            self.error(node, path, message, ProblemCode.BAD_ID)
            return None
        return value

    def integer(self, node: Node | None, path: str) -> int | None:
        """A whole number of at most six digits (a period, a number of places)."""
        if (
            isinstance(node, Scalar)
            and node.kind in ("int", "str")
            and re.fullmatch(r"[0-9]{1,6}", node.text.strip())
        ):
            return int(node.text)
        self.error(node, path, f"expected a whole number, got {describe_node(node)}", ProblemCode.BAD_NUMBER)
        return None

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
        """Read a number from its text; check it against a unit (a share lies in [0, 1]).

        With `unit_hint` (a rule's bound read in the indicator's unit), a share out of range
        says how to declare another unit: a rule `floor: 30` on an indicator without `unit` reads
        30 as a share.
        """
        if not isinstance(node, Scalar) or node.kind not in ("int", "float", "str"):
            self.error(node, path, f"expected a number, got {describe_node(node)}", _kind_code(node))
            return None
        try:
            parsed = parse_number(node.text)
        except ValueError as exc:
            self.error(node, path, str(exc), ProblemCode.BAD_NUMBER)
            return None
        value = parsed.value
        if not self.domains and unit is not None:
            if parsed.percent and unit is not Unit.SHARE and not allow_percent:
                message = f"a value in {unit.value} cannot be a percent, got {node.text.strip()}"
                self.error(node, path, message, ProblemCode.BAD_NUMBER)
                return None
            return value
        if unit is Unit.SHARE:
            if parsed.percent and not 0 <= value <= 1:
                message = f"a share must be between 0 % and 100 %, got {node.text.strip()}"
                self.error(node, path, message, ProblemCode.OUT_OF_RANGE)
                return None
            if not parsed.percent and not 0 <= value <= 1:
                hint = _share_hint(node.text.strip(), value, unit_hint)
                message = f"a share must be between 0 and 1, got {node.text.strip()}{hint}"
                self.error(node, path, message, ProblemCode.OUT_OF_RANGE)
                return None
        elif parsed.percent and not allow_percent:
            what = f"a value in {unit.value}" if unit is not None else "this value"
            self.error(
                node, path, f"{what} cannot be a percent, got {node.text.strip()}", ProblemCode.BAD_NUMBER
            )
            return None
        elif unit in (Unit.COUNT, Unit.DAYS) and value < 0:
            message = f"a value in {unit.value} must be >= 0, got {node.text.strip()}"
            self.error(node, path, message, ProblemCode.OUT_OF_RANGE)
            return None
        if minimum is not None and value < minimum:
            message = f"{_last(path)} must be >= {minimum}, got {node.text.strip()}"
            self.error(node, path, message, ProblemCode.OUT_OF_RANGE)
            return None
        return value

    def amount(
        self,
        node: Node | None,
        path: str,
        *,
        minimum: Decimal | None = None,
        allow_percent: bool = False,
        whole: Exact | None = None,
    ) -> Decimal | Fraction | None:
        """Read a grid's points, weight or total: a number (see `number`) or a fraction `a/b`
        (`"1/3"`, held exactly as a `Fraction`).

        With `whole` (an objective's points, given `total_points`), a percent is that share of
        `whole`: `"12,0 %"` of 100 is 12.
        """
        if isinstance(node, Scalar) and node.kind == "str" and "/" in node.text:
            try:
                ratio = parse_ratio(node.text)
            except ValueError as exc:
                self.error(node, path, str(exc), ProblemCode.BAD_NUMBER)
                return None
            assert ratio is not None  # the text holds a "/"
            if minimum is not None and ratio < minimum:
                message = f"{_last(path)} must be >= {minimum}, got {node.text.strip()}"
                self.error(node, path, message, ProblemCode.OUT_OF_RANGE)
                return None
            return ratio
        share = whole is not None and isinstance(node, Scalar) and node.text.strip().endswith("%")
        value = self.number(node, path, minimum=minimum, allow_percent=allow_percent or share)
        if value is None or not share:
            return value
        assert whole is not None
        if isinstance(whole, Fraction):
            return Fraction(value) * whole
        with localcontext(EXACT):  # exact: a product of two bounded decimals
            return value * whole

    def result_entries(
        self, node: Mapping, path: str, grid: Grid | None
    ) -> Iterator[tuple[Scalar, Node, str, Unit | None]]:
        """The entries of a mapping keyed by result id: each key, its value, its path and its
        unit in `grid`; a key that is no result of `grid` is a problem (with a "did you mean")."""
        scored = grid.scored_ids() if grid is not None else None
        hints = Suggestions(scored or ())
        for key, value in node.entries:
            at = child_path(path, key.text)
            if grid is None:
                yield key, value, at, None
            elif scored is not None and key.text not in scored:
                self.error(key, at, unknown_item(key.text, grid.id, hints), ProblemCode.UNKNOWN_ITEM)
            else:
                yield key, value, at, grid.unit_of(key.text)

    def choice(self, node: Node | None, path: str, choices: Iterable[str], default: str) -> str | None:
        """One of `choices` (`default` when the node is missing), with a "did you mean"."""
        if node is None:
            return default
        options = list(choices)
        value = self.text(node, path)
        if value is not None and value not in options:
            hint = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            self.error(
                node,
                path,
                f"{_last(path)} must be one of {', '.join(options)}, got {value!r}{suggestion}",
                ProblemCode.BAD_CHOICE,
            )
            return None
        return value


def _kind_code(node: Node | None) -> ProblemCode:
    """A number written as a mapping or a list is of the wrong type; a bad scalar, a bad number."""
    return ProblemCode.BAD_NUMBER if isinstance(node, Scalar) else ProblemCode.WRONG_TYPE


def describe_node(node: Node | None) -> str:
    if node is None:
        return "nothing"
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    if node.kind == "null":
        return "an empty value"
    return f"{node.text!r}"


def _last(path: str) -> str:
    return path.rsplit(".", 1)[-1]


_FIGURE_KEYS = ("value", "unit", "label", "source", "comment")


def read_figure(r: Reader, fid: str, node: Node, path: str) -> Figure | None:
    """A figure: `value`, or a mapping of `value` with its `unit`, `label`, `source`, `comment`."""
    if isinstance(node, Scalar):
        value = r.number(node, path, allow_percent=True)
        return None if value is None else r.build(node, path, Figure, id=fid, value=value)
    m = r.mapping(node, path, ["value"], _FIGURE_KEYS)
    if m is None:
        return None
    unit_name = r.choice(m.get("unit"), f"{path}.unit", [u.value for u in Unit], "number")
    unit = Unit(unit_name) if unit_name else Unit.NUMBER
    value = r.number(m.get("value"), f"{path}.value", unit=unit, allow_percent=unit is not Unit.SHARE)
    texts = {k: r.text(m.get(k), f"{path}.{k}", "") for k in ("label", "source", "comment")}
    if value is None or unit_name is None or None in texts.values():
        return None
    return r.build(node, path, Figure, id=fid, value=value, unit=unit, **texts)


def parse(source: Source, limits: Limits | None, error: type[InputError]) -> tuple[Node, str]:
    """Read a source and parse it into a marked tree, within limits.

    Args:
        source: A path, YAML text or bytes (see [`read_source`][cpg_score.io.source.read_source]).
        limits: Bounds on the file's size and structure (defaults when `None`).
        error: The error to raise (`GridError`, `SpecError`...).

    Returns:
        The root node and the file's display name.

    Raises:
        InputError: As `error`, when the source cannot be read or is not well-formed YAML.
    """
    try:
        content, name = read_source(source, limits)
    except InputError as exc:
        raise error(exc.problems) from None
    try:
        return parse_yaml(content, name, limits), name
    except YamlProblems as exc:
        raise error(exc.problems) from None


def parse_mapping(
    source: Source,
    limits: Limits | None,
    error: type[InputError],
    required: Iterable[str],
    optional: Iterable[str] = (),
    *,
    domains: bool = True,
) -> tuple[Reader, Mapping]:
    """Parse a file whose top level is a mapping with these keys (the start of a `load_*`).

    Args:
        source: A path, YAML text or bytes (see [`read_source`][cpg_score.io.source.read_source]).
        limits: Bounds on the file's size and structure (defaults when `None`).
        error: The error to raise (`GridError`, `SpecError`...).
        required: The keys the top-level mapping must have.
        optional: The keys it may have.
        domains: Passed to the [`Reader`][cpg_score.io.reader.Reader].

    Returns:
        The reader (holding the problems found so far) and the top-level mapping.

    Raises:
        InputError: As `error`, when the source cannot be read, is not well-formed YAML, or its
            top level is not a mapping.
    """
    root, name = parse(source, limits, error)
    r = Reader(name, domains=domains)
    m = r.mapping(root, "$", required, optional)
    if m is None:
        raise error(r.problems)
    return r, m


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in document order (stable for equal positions)."""
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _share_hint(text: str, value: Decimal, unit_hint: bool) -> str:
    """How to write a share out of [0, 1]: a percent, or (a rule's bound) another unit."""
    if unit_hint and value > 1:
        return (
            f" (the indicator is a share unless it declares its unit: add `unit: days`, `count`,"
            f" `euros` or `number` to it, or write {text} % for a percent)"
        )
    return f" (write {text} % for a percent)" if 1 < value <= 100 else ""
