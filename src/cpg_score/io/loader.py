"""Loading grids and results from YAML, with every problem of a file reported at once.

Files are read safely (see `_yaml`): no Python object can be built from a tag, no number goes
through a float, duplicate keys are errors. Each problem names the file, the line, the column
and the location (`$.axes[1].objectives[0].points`). The loader collects every problem it can
find in a file and raises one [`GridError`][cpg_score.GridError] or
[`ResultsError`][cpg_score.ResultsError] holding them all.

The file formats are described in the docs ("YAML formats"); in brief, a grid:

```yaml
id: cpg-2019-drsm
label: CPG 2019 des DRSM
period: 2019
total_points: 1000
policy: {neutralisation: zero}
axes:
  - id: axe-1
    label: Accessibilité du système de soins
    objectives:
      - {id: publics-fragilises, label: Accompagnement des publics fragilisés, points: 65}
```

and results:

```yaml
entity: {id: drsm-centre-ouest, label: DRSM Centre-Ouest}
grid: cpg-2019-drsm
period: 2019
results:
  publics-fragilises: 99.24 %
  transport: "-"
```
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from cpg_score._args import expect
from cpg_score._numbers import parse_number
from cpg_score.errors import GridError, InputError, Problem, ResultsError
from cpg_score.io.marked import (
    Limits,
    Mapping,
    Node,
    Scalar,
    Sequence,
    YamlProblems,
    _child,
    parse_yaml,
    too_large,
)
from cpg_score.io.rule_fields import read_rule
from cpg_score.model.fit import fit_problems
from cpg_score.model.grid import (
    Axis,
    Entity,
    Figure,
    Grid,
    Indicator,
    Objective,
    Policy,
    Results,
    ResultValue,
    Rounding,
    Unit,
    grid_problems,
)
from cpg_score.model.rules import ScoringRule

__all__ = ["Source", "load_grid", "load_results", "read_results", "read_source", "referenced_path"]

T = TypeVar("T")

#: What the loaders accept: a path, YAML text, or bytes.
Source = str | bytes | os.PathLike[str]

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: The text that marks a neutralised result, as in the published tables.
NEUTRAL_MARK = "-"
_DEFAULT_REASON = "not scored (\u00ab - \u00bb in the results)"


def read_source(source: Source, limits: Limits | None = None) -> tuple[str | bytes, str]:
    """Return the content and the display name of a source.

    A `Path` (any `os.PathLike`) is a file. A `str` on one line is a file path when it names
    an existing file or folder, or when it ends in `.yaml` / `.yml` and holds no `": "` (which
    would make it a YAML mapping): `"grids/2019.yml"` names a file, even a missing one (then
    "no such file"). Any other `str` is YAML text; `bytes` are YAML content.

    Raises:
        TypeError: `source` is not a path, text or bytes, or `limits` is not a `Limits`.
        InputError: The file cannot be read, or is larger than `limits.max_bytes`.
    """
    expect("source", source, (str, bytes, os.PathLike), "a path, YAML text or bytes")
    expect("limits", limits, (Limits, type(None)), "a Limits or None")
    limits = limits or Limits()
    if isinstance(source, bytes):
        return source, "<bytes>"
    if isinstance(source, str) and not _names_a_file(source):
        return source, "<string>"
    name = os.fsdecode(source) if not isinstance(source, str) else source
    if "\x00" in name:
        raise InputError([Problem("a file name cannot hold a NUL character", name)])
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise InputError([Problem(too_large(size, limits), name, 1, 1)])
        data = _read_bounded(path, limits.max_bytes)
        if len(data) > limits.max_bytes:
            raise InputError([Problem(too_large(len(data), limits), name, 1, 1)])
        return data, name
    except FileNotFoundError:
        raise InputError([Problem("no such file", name)]) from None
    except IsADirectoryError:
        raise InputError([Problem("is a directory, not a file", name)]) from None
    except OSError as exc:
        raise InputError([Problem(f"cannot read file: {exc.strerror}", name)]) from None


#: Files are read by pieces of this size: memory follows the file, not the limit.
_PIECE = 1 << 20


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    """At most `max_bytes + 1` bytes of a file, a device or a pipe, without waiting for a writer.

    A named pipe is opened non-blocking (opening one for reading would otherwise wait, forever,
    for a writer), then read as usual: with no writer it reads as empty; `/dev/stdin` fed by a
    pipe reads what it is given.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        pieces: list[bytes] = []
        size = 0
        while size <= max_bytes:
            piece = os.read(fd, min(_PIECE, max_bytes + 1 - size))
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
        return b"".join(pieces)
    finally:
        os.close(fd)


def _names_a_file(text: str) -> bool:
    """Whether a `str` source is a path rather than YAML text (see `read_source`)."""
    if "\n" in text or "\r" in text:
        return False
    if text.lower().endswith((".yaml", ".yml")) and ": " not in text:
        return True
    try:
        return os.path.exists(text)
    except (OSError, ValueError):  # a NUL, a name too long: not a file
        return False


#: The suffixes a file referenced from another file may have.
_YAML_SUFFIXES = (".yaml", ".yml")


def referenced_path(value: str, referrer: str) -> str:
    """Check a path written in a data file (a totals file's `tree`) and resolve it.

    A data file may only make cpg-score read another YAML file near it, never a device, a pipe
    or a file elsewhere. The rule: the path is relative, with no control character; it is
    resolved from the folder of the file that names it (the current folder for YAML text);
    it ends in `.yaml` or `.yml`; once links are resolved it stays within the folder two
    levels above the referring file's folder (the current folder itself for YAML text), so
    `../../entities/tree.yaml` from `objectives/results/2019/totals.yaml` is fine; and it names
    an existing regular file (checked with `stat`, the file is not opened). YAML text given
    directly (not read from a file) was written by the program that passes it, which may name
    an absolute path: then only the suffix and the regular file are checked.

    Args:
        value: The path as written.
        referrer: The display name of the referring file (`<string>` or `<bytes>` for text).

    Returns:
        The resolved path (relative to the current folder when the referrer's name is).

    Raises:
        ValueError: The path breaks the rule; the message says how, to follow the key's name
            (`must name a .yaml or .yml file, got 'tree.txt'`).
    """
    text = referrer in ("<string>", "<bytes>")
    folder = "." if text else os.path.dirname(referrer) or "."
    control = _CONTROLS.search(value)
    if control is not None:
        raise ValueError(_control_message("", value, control.group()).lstrip())
    absolute = os.path.isabs(value)
    if (absolute and not text) or value.startswith("~"):
        raise ValueError(f"must be a path relative to the folder of this file, got {value!r}")
    if not value.lower().endswith(_YAML_SUFFIXES):
        raise ValueError(f"must name a .yaml or .yml file, got {value!r}")
    resolved = os.path.normpath(os.path.join(folder, value))
    bound = os.path.realpath(folder if text else os.path.join(folder, os.pardir, os.pardir))
    real = os.path.realpath(resolved)
    if not absolute and not _within(real, bound):
        where = (
            "the current folder"
            if text
            else f"{os.path.relpath(bound)!r} (two levels above the folder of this file)"
        )
        raise ValueError(f"must stay within {where}, got {value!r}")
    try:
        mode = os.stat(resolved).st_mode
    except OSError:
        raise ValueError(f"names no file: {resolved!r} does not exist") from None
    if not stat.S_ISREG(mode):
        raise ValueError(f"must name a regular file, {resolved!r} is {_file_kind(mode)}")
    return resolved


def _within(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([folder, path]) == folder
    except ValueError:  # another drive (Windows)
        return False


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


class _Reader:
    """Reads a marked YAML tree into model values, collecting problems."""

    def __init__(self, file: str, *, domains: bool = True) -> None:
        self.file = file
        self.problems: list[Problem] = []
        #: (mapping path, key) of every "missing required key" reported.
        self._missing: set[tuple[str, str]] = set()
        #: Whether numbers are checked against their unit's domain (a share in [0, 1], a count
        #: >= 0). `cpg-score check` reads with this off, and reports such values as findings.
        self.domains = domains

    # -- reporting ------------------------------------------------------------------------
    def error(self, node: Node | None, path: str, message: str) -> None:
        if node is None and self._reported_missing(path):
            return  # "missing required key" already says it, with a line and column
        line = node.line if node is not None else None
        column = node.column if node is not None else None
        self.problems.append(Problem(message, self.file, line, column, path))

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
            self.error(node, path, f"expected a mapping, got {_describe(node)}")
            return None
        required = list(required)
        allowed = required + list(optional)
        for key, _ in node.entries:
            if key.text not in allowed:
                hint = difflib.get_close_matches(key.text, allowed, n=1, cutoff=0.6)
                suggestion = (
                    f"; did you mean {hint[0]!r}?" if hint else f"; expected one of {', '.join(allowed)}"
                )
                self.error(key, _child(path, key.text), f"unknown key {key.text!r}{suggestion}")
        for key_name in required:
            if node.get(key_name) is None:
                self.error(node, path, f"missing required key {key_name!r}")
                self._missing.add((path, key_name))
        return node

    def sequence(self, node: Node | None, path: str) -> tuple[Node, ...]:
        if not isinstance(node, Sequence):
            self.error(node, path, f"expected a list, got {_describe(node)}")
            return ()
        return node.items

    def text(self, node: Node | None, path: str, default: str | None = None) -> str | None:
        if node is None:
            return default
        if not isinstance(node, Scalar) or node.kind == "null":
            self.error(node, path, f"expected text, got {_describe(node)}")
            return None
        found = _TEXT_CONTROLS.search(node.text)
        if found is not None:
            self.error(node, path, _control_message(_last(path), node.text, found.group()))
            return None
        return node.text

    def key_id(self, key: Scalar, path: str, what: str) -> str | None:
        """Check a mapping key that is an id (`what` it names): not empty, no control character."""
        if not key.text.strip():
            self.error(key, path, f"empty id: each key here is the id of {what}")
            return None
        found = _CONTROLS.search(key.text)
        if found is not None:
            self.error(key, path, _control_message("an id", key.text, found.group()))
            return None
        return key.text

    def ident(self, node: Node | None, path: str) -> str | None:
        value = self.text(node, path)
        if value is not None and not _ID.fullmatch(value):
            self.error(node, path, f"an id is letters, digits, '.', '_' or '-', got {value!r}")
            return None
        return value

    def integer(self, node: Node | None, path: str) -> int | None:
        if (
            isinstance(node, Scalar)
            and node.kind in ("int", "str")
            and re.fullmatch(r"[0-9]{1,6}", node.text.strip())
        ):
            return int(node.text)
        self.error(node, path, f"expected a whole number, got {_describe(node)}")
        return None

    def number(
        self,
        node: Node | None,
        path: str,
        *,
        unit: Unit | None = None,
        minimum: Decimal | None = None,
        allow_percent: bool = False,
    ) -> Decimal | None:
        """Read a number from its text; check it against a unit (a share lies in [0, 1])."""
        if not isinstance(node, Scalar) or node.kind not in ("int", "float", "str"):
            self.error(node, path, f"expected a number, got {_describe(node)}")
            return None
        try:
            parsed = parse_number(node.text)
        except ValueError as exc:
            self.error(node, path, str(exc))
            return None
        value = parsed.value
        if not self.domains and unit is not None:
            if parsed.percent and unit is not Unit.SHARE and not allow_percent:
                self.error(
                    node, path, f"a value in {unit.value} cannot be a percent, got {node.text.strip()}"
                )
                return None
            return value
        if unit is Unit.SHARE:
            if parsed.percent and not 0 <= value <= 1:
                self.error(node, path, f"a share must be between 0 % and 100 %, got {node.text.strip()}")
                return None
            if not parsed.percent and not 0 <= value <= 1:
                hint = f" (write {node.text.strip()} % for a percent)" if 1 < value <= 100 else ""
                self.error(node, path, f"a share must be between 0 and 1, got {node.text.strip()}{hint}")
                return None
        elif parsed.percent and not allow_percent:
            what = f"a value in {unit.value}" if unit is not None else "this value"
            self.error(node, path, f"{what} cannot be a percent, got {node.text.strip()}")
            return None
        elif unit in (Unit.COUNT, Unit.DAYS) and value < 0:
            self.error(node, path, f"a value in {unit.value} must be >= 0, got {node.text.strip()}")
            return None
        if minimum is not None and value < minimum:
            self.error(node, path, f"{_last(path)} must be >= {minimum}, got {node.text.strip()}")
            return None
        return value

    def choice(self, node: Node | None, path: str, choices: Iterable[str], default: str) -> str | None:
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
            )
            return None
        return value


#: Terminal control characters (C0, DEL, C1): refused in ids and text (ESC, CR, BS... would
#: drive the terminal a report is printed on). Text may hold several lines: tab and line feed
#: are allowed there.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _control_message(what: str, text: str, char: str) -> str:
    shown = repr(text) if len(text) <= 60 else repr(text[:57]) + "..."
    return f"{what} must not hold a control character (U+{ord(char):04X}), got {shown}"


def _describe(node: Node | None) -> str:
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


# ---------------------------------------------------------------------------------------------
# Grids

_GRID_KEYS = ("id", "label", "period", "total_points", "axes")
_GRID_OPTIONAL = ("policy", "rounding", "description")
_AXIS_KEYS = ("id", "label", "objectives")
_OBJECTIVE_KEYS = ("id", "label", "points")
_OBJECTIVE_OPTIONAL = ("indicators", "neutralised", "description", "bonus")
_INDICATOR_KEYS = ("id", "label", "rule")
_INDICATOR_OPTIONAL = ("weight", "unit", "neutralised", "description", "min_volume")


def _read_rule(r: _Reader, node: Node | None, path: str, unit: Unit | None) -> ScoringRule | None:
    """Read an indicator's rule: the registry's reader of its `type` (see `io.rule_fields`)."""
    return read_rule(r, node, path, unit)


def _read_indicator(r: _Reader, node: Node, path: str) -> Indicator | None:
    m = r.mapping(node, path, _INDICATOR_KEYS, _INDICATOR_OPTIONAL)
    if m is None:
        return None
    iid = r.ident(m.get("id"), f"{path}.id")
    label = r.text(m.get("label"), f"{path}.label")
    unit_name = r.choice(m.get("unit"), f"{path}.unit", [u.value for u in Unit], "share")
    unit = Unit(unit_name) if unit_name is not None else Unit.SHARE
    rule = _read_rule(r, m.get("rule"), f"{path}.rule", unit)
    weight: Decimal | None = Decimal(1)
    if m.get("weight") is not None:
        weight = r.number(m.get("weight"), f"{path}.weight", minimum=Decimal(0), allow_percent=True)
    neutralised = r.text(m.get("neutralised"), f"{path}.neutralised")
    description = r.text(m.get("description"), f"{path}.description", "")
    min_volume = None
    if m.get("min_volume") is not None:
        min_volume = r.number(m.get("min_volume"), f"{path}.min_volume", unit=Unit.COUNT)
        if min_volume is None:
            return None
    if None in (iid, label, rule, weight, description) or unit_name is None:
        return None
    return r.build(
        node, path, Indicator, iid, label, rule, weight, unit, neutralised, description, min_volume
    )


def _read_objective(r: _Reader, node: Node, path: str) -> Objective | None:
    m = r.mapping(node, path, _OBJECTIVE_KEYS, _OBJECTIVE_OPTIONAL)
    if m is None:
        return None
    oid = r.ident(m.get("id"), f"{path}.id")
    label = r.text(m.get("label"), f"{path}.label")
    points = r.number(m.get("points"), f"{path}.points", minimum=Decimal(0))
    indicators: list[Indicator | None] = []
    if m.get("indicators") is not None:
        items = r.sequence(m.get("indicators"), f"{path}.indicators")
        if isinstance(m.get("indicators"), Sequence) and not items:
            r.error(
                m.get("indicators"),
                f"{path}.indicators",
                "an objective's indicators list must not be empty (leave it out for a direct rate)",
            )
        indicators = [_read_indicator(r, item, f"{path}.indicators[{i}]") for i, item in enumerate(items)]
    neutralised = r.text(m.get("neutralised"), f"{path}.neutralised")
    description = r.text(m.get("description"), f"{path}.description", "")
    bonus: Decimal | None = Decimal(0)
    if m.get("bonus") is not None:
        bonus = r.number(m.get("bonus"), f"{path}.bonus", minimum=Decimal(0))
        if bonus is not None and bonus > 0 and not indicators:
            r.error(
                m.get("bonus"),
                f"{path}.bonus",
                "a bonus needs indicators (a direct objective's rate cannot exceed 100 %)",
            )
            bonus = None
    if None in (oid, label, points, description, bonus) or None in indicators:
        return None
    return r.build(node, path, Objective, oid, label, points, indicators, neutralised, description, bonus)


def _read_grid(r: _Reader, root: Node) -> Grid | None:
    m = r.mapping(root, "$", _GRID_KEYS, _GRID_OPTIONAL)
    if m is None:
        return None
    gid = r.ident(m.get("id"), "$.id")
    label = r.text(m.get("label"), "$.label")
    period = r.integer(m.get("period"), "$.period")
    total = r.number(m.get("total_points"), "$.total_points", minimum=Decimal(0))
    policy = _read_policy(r, m.get("policy"))
    rounding = _read_rounding(r, m.get("rounding"))
    description = r.text(m.get("description"), "$.description", "")
    where: dict[str, list[tuple[Node, str]]] = {}
    axes = [
        _read_axis(r, a_node, f"$.axes[{i}]", where)
        for i, a_node in enumerate(r.sequence(m.get("axes"), "$.axes"))
    ]
    if None in (gid, label, period, total, policy, rounding, description) or None in axes:
        return None
    assert gid is not None and period is not None and total is not None and policy is not None
    if _case_collisions(r, where):
        return None
    # Cross-field rules live in model.grid_problems(); report each where it applies.
    problems = grid_problems(tuple(a for a in axes if a is not None), total)
    for item_id, message in problems:
        if item_id is not None and item_id in where:
            node, id_path = where[item_id][-1]
            r.error(node, id_path, message)
        else:
            r.error(m.get("total_points"), "$.total_points", message)
    if problems:
        return None
    return r.build(
        m,
        "$",
        Grid,
        gid,
        label or "",
        period,
        total,
        axes,
        Policy(policy),
        rounding or Rounding(),
        description or "",
    )


def _read_policy(r: _Reader, node: Node | None) -> str | None:
    """The grid's neutralisation policy (`zero` when the grid gives none)."""
    if node is None:
        return Policy.ZERO.value
    pm = r.mapping(node, "$.policy", [], ["neutralisation"])
    if pm is None:
        return None
    return r.choice(pm.get("neutralisation"), "$.policy.neutralisation", [p.value for p in Policy], "zero")


def _read_axis(
    r: _Reader, a_node: Node, a_path: str, where: dict[str, list[tuple[Node, str]]]
) -> Axis | None:
    """One axis and its objectives; every id read is recorded in `where` with its place."""
    am = r.mapping(a_node, a_path, _AXIS_KEYS)
    if am is None:
        return None
    aid = r.ident(am.get("id"), f"{a_path}.id")
    alabel = r.text(am.get("label"), f"{a_path}.label")
    objectives: list[Objective | None] = []
    for o_index, o_node in enumerate(r.sequence(am.get("objectives"), f"{a_path}.objectives")):
        o_path = f"{a_path}.objectives[{o_index}]"
        objectives.append(_read_objective(r, o_node, o_path))
        _record_ids(o_node, o_path, where)
    _record_ids(a_node, a_path, where, deep=False)
    if aid is None or alabel is None or None in objectives:
        return None
    return r.build(a_node, a_path, Axis, aid, alabel, objectives)


def _read_rounding(r: _Reader, node: Node | None) -> Rounding | None:
    """The optional `rounding:` of a grid (the defaults when absent)."""
    if node is None:
        return Rounding()
    rm = r.mapping(node, "$.rounding", [], ["points", "rate_percent"])
    if rm is None:
        return None
    places = {}
    for key in ("points", "rate_percent"):
        if rm.get(key) is not None:
            places[key] = r.integer(rm.get(key), f"$.rounding.{key}")
    return None if None in places.values() else r.build(rm, "$.rounding", Rounding, **places)


def _case_collisions(r: _Reader, where: dict[str, list[tuple[Node, str]]]) -> bool:
    """Report ids that differ only by case (`ALD`, `ald`): they would collide as file names on
    case-insensitive file systems (reports per id, a consolidation's output folder)."""
    first: dict[str, tuple[str, Node]] = {}
    found = False
    for item_id, places in where.items():
        node = places[0][0]
        folded = item_id.casefold()
        if folded not in first:
            first[folded] = (item_id, node)
            continue
        other, other_node = first[folded]
        (early_id, early), (late_id, late) = sorted(
            [(other, other_node), (item_id, node)], key=lambda pair: (pair[1].line, pair[1].column)
        )
        path = next(p for n, p in where[late_id] if n is late)
        r.error(
            late,
            path,
            f"id {late_id!r} differs from {early_id!r} (line {early.line}) only by case; "
            "ids must differ by more than case",
        )
        found = True
    return found


def _record_ids(node: Node, path: str, where: dict[str, list[tuple[Node, str]]], deep: bool = True) -> None:
    if not isinstance(node, Mapping):
        return
    id_node = node.get("id")
    if isinstance(id_node, Scalar):
        where.setdefault(id_node.text, []).append((id_node, f"{path}.id"))
    if deep:
        indicators = node.get("indicators")
        if isinstance(indicators, Sequence):
            for index, item in enumerate(indicators.items):
                _record_ids(item, f"{path}.indicators[{index}]", where)


def _parse(source: Source, limits: Limits | None, error: type[InputError]) -> tuple[Node, str]:
    try:
        content, name = read_source(source, limits)
    except InputError as exc:
        raise error(exc.problems) from None
    try:
        return parse_yaml(content, name, limits), name
    except YamlProblems as exc:
        raise error(exc.problems) from None


def load_grid(source: Source, *, limits: Limits | None = None) -> Grid:
    """Load a grid from a YAML file or text.

    Args:
        source: A path, or YAML text (see [`read_source`][cpg_score.io.loader.read_source]).
        limits: Bounds on the file's size and structure.

    Returns:
        The grid.

    Raises:
        TypeError: `source` is not a path, text or bytes, or `limits` is not a `Limits`.
        GridError: The file is invalid; every problem found is listed, each with file, line,
            column and location.

    Examples:
        >>> grid = load_grid("objectives/cpg-2019-drsm.yaml")  # doctest: +SKIP
        >>> grid.total_points  # doctest: +SKIP
        Decimal('1000')
    """
    expect("source", source, (str, bytes, os.PathLike), "a path, YAML text or bytes")
    expect("limits", limits, (Limits, type(None)), "a Limits or None")
    root, name = _parse(source, limits, GridError)
    reader = _Reader(name)
    grid = _read_grid(reader, root)
    if reader.problems or grid is None:
        raise GridError(_sorted(reader.problems) or [Problem("invalid grid", name)])
    return grid


# ---------------------------------------------------------------------------------------------
# Results

_RESULTS_KEYS = ("entity", "grid", "period", "results")
_RESULTS_OPTIONAL = ("figures", "parent", "source", "comment")
_VALUE_KEYS = (
    "value",
    "baseline",
    "numerator",
    "denominator",
    "exclusions",
    "volume",
    "neutralised",
    "comment",
    "source",
    "unit",
)
_FIGURE_KEYS = ("value", "unit", "label", "source", "comment")


def _read_value(r: _Reader, rid: str, node: Node, path: str, unit: Unit | None) -> ResultValue | None:
    if isinstance(node, Scalar):
        if node.text.strip() == NEUTRAL_MARK and node.kind == "str":
            return r.build(node, path, ResultValue, rid, neutralised=_DEFAULT_REASON)
        value = r.number(node, path, unit=unit, allow_percent=unit is None)
        inferred = Unit.SHARE if _percent_share(r, node, unit) else None
        return None if value is None else r.build(node, path, ResultValue, rid, value=value, unit=inferred)
    m = r.mapping(node, path, [], _VALUE_KEYS)
    if m is None:
        return None
    fields: dict[str, Any] = {}
    for key in ("value", "baseline", "numerator", "denominator", "exclusions", "volume"):
        child = m.get(key)
        if child is None:
            continue
        if key in ("value", "baseline"):
            fields[key] = r.number(child, f"{path}.{key}", unit=unit, allow_percent=unit is None)
        else:
            fields[key] = r.number(
                child, f"{path}.{key}", unit=Unit.COUNT if key != "numerator" else Unit.NUMBER
            )
        if fields[key] is None:
            return None
    for key in ("neutralised", "comment", "source"):
        if m.get(key) is not None:
            fields[key] = r.text(m.get(key), f"{path}.{key}")
            if fields[key] is None:
                return None
    declared = r.choice(m.get("unit"), f"{path}.unit", [u.value for u in Unit], "")
    if declared and unit is not None and declared != unit.value:
        r.error(
            m.get("unit"),
            f"{path}.unit",
            f"unit {declared!r} does not match the grid's unit {unit.value!r} for {rid!r}",
        )
        return None
    if declared:
        fields["unit"] = declared
    elif _percent_share(r, m.get("value"), unit):
        fields["unit"] = Unit.SHARE
    built = r.build(node, path, ResultValue, rid, **fields)
    if built is not None and r.domains and unit is Unit.SHARE and built.numerator is not None:
        resolved = built.resolved
        if resolved is not None and not 0 <= resolved <= 1:
            r.error(
                node,
                path,
                f"a share must be between 0 and 1: numerator {built.numerator} is above "
                f"its denominator {built.effective_denominator}",
            )
            return None
    return built


def _percent_share(r: _Reader, node: Node | None, unit: Unit | None) -> bool:
    """Lenient reading only (`domains=False`, for `check`): a value written as a percent, with no
    unit from a grid, is taken as a share, so that a rate above 100 % can be reported."""
    return not r.domains and unit is None and isinstance(node, Scalar) and node.text.strip().endswith("%")


def _read_figure(r: _Reader, fid: str, node: Node, path: str) -> Figure | None:
    if isinstance(node, Scalar):
        value = r.number(node, path, allow_percent=True)
        return None if value is None else r.build(node, path, Figure, fid, value)
    m = r.mapping(node, path, ["value"], _FIGURE_KEYS)
    if m is None:
        return None
    unit_name = r.choice(m.get("unit"), f"{path}.unit", [u.value for u in Unit], "number")
    unit = Unit(unit_name) if unit_name else Unit.NUMBER
    value = r.number(m.get("value"), f"{path}.value", unit=unit, allow_percent=unit is not Unit.SHARE)
    texts = {k: r.text(m.get(k), f"{path}.{k}", "") for k in ("label", "source", "comment")}
    if value is None or unit_name is None or None in texts.values():
        return None
    return r.build(node, path, Figure, fid, value, unit, **texts)


def load_results(source: Source, grid: Grid | None = None, *, limits: Limits | None = None) -> Results:
    """Load one entity's results from a YAML file or text.

    With a grid, the results are also checked against it: same grid id and period, units (a
    share lies in [0, 1]), no unknown id (with a "did you mean"), no missing result.

    Args:
        source: A path, or YAML text.
        grid: The grid the results will be scored on.
        limits: Bounds on the file's size and structure.

    Returns:
        The results.

    Raises:
        TypeError: `source` is not a path, text or bytes, `grid` not a `Grid`, or `limits`
            not a `Limits`.
        ResultsError: The file is invalid or does not fit the grid; every problem is listed.
    """
    return read_results(source, grid, limits=limits)


def read_results(
    source: Source, grid: Grid | None = None, *, limits: Limits | None = None, domains: bool = True
) -> Results:
    """[`load_results`][cpg_score.load_results], optionally without the unit domain checks.

    With `domains=False` a share above 100 %, a negative count or a numerator above its
    denominator is loaded as written, for [`check`][cpg_score.check] to report as a finding.
    """
    expect("source", source, (str, bytes, os.PathLike), "a path, YAML text or bytes")
    expect("grid", grid, (Grid, type(None)), "a Grid (from load_grid) or None")
    expect("limits", limits, (Limits, type(None)), "a Limits or None")
    expect("domains", domains, bool, "True or False")
    root, name = _parse(source, limits, ResultsError)
    r = _Reader(name, domains=domains)
    m = r.mapping(root, "$", _RESULTS_KEYS, _RESULTS_OPTIONAL)
    if m is None:
        raise ResultsError(r.problems)
    entity = _read_entity(r, m.get("entity"))
    gid = r.ident(m.get("grid"), "$.grid")
    period = r.integer(m.get("period"), "$.period")
    parent = None if m.get("parent") is None else r.ident(m.get("parent"), "$.parent")
    source_text = r.text(m.get("source"), "$.source", "")
    comment = r.text(m.get("comment"), "$.comment", "")
    keys: dict[str, Node] = {}
    values = _read_values(r, m.get("results"), grid, keys)
    figures = _read_figures(r, m.get("figures"))
    if r.problems or entity is None or gid is None or period is None or None in values or None in figures:
        raise ResultsError(_sorted(r.problems) or [Problem("invalid results", name)])
    results = r.build(
        m,
        "$",
        Results,
        entity,
        gid,
        period,
        values,
        figures,
        parent,
        source_text or "",
        comment or "",
    )
    if results is not None and grid is not None:
        for rid, message in fit_problems(grid, results):
            if rid is not None and rid in keys:
                r.error(keys[rid], _child("$.results", rid), message)
            elif message.startswith("results are for grid"):
                r.error(m.get("grid"), "$.grid", message)
            elif message.startswith("results are for period"):
                r.error(m.get("period"), "$.period", message)
            else:
                r.error(m.get("results"), "$.results", message)
    if r.problems or results is None:
        raise ResultsError(_sorted(r.problems))
    return results


def _read_entity(r: _Reader, node: Node | None) -> Entity | None:
    """`entity: id`, or `entity: {id: ..., label: ...}`."""
    if isinstance(node, Scalar):
        eid = r.ident(node, "$.entity")
        return None if eid is None else Entity(eid, eid)
    if node is None:
        return None
    em = r.mapping(node, "$.entity", ["id"], ["label"])
    if em is None:
        return None
    eid = r.ident(em.get("id"), "$.entity.id")
    elabel = r.text(em.get("label"), "$.entity.label", eid or "")
    return None if eid is None or elabel is None else Entity(eid, elabel)


def _read_values(
    r: _Reader, node: Node | None, grid: Grid | None, keys: dict[str, Node]
) -> list[ResultValue | None]:
    """The `results:` mapping (`keys` gets each id's key node, to place the grid's problems)."""
    rm = node if isinstance(node, Mapping) else r.mapping(node, "$.results", [], [])
    if rm is None:
        return []
    units = _units(grid) if grid is not None else {}
    values: list[ResultValue | None] = []
    for key, value_node in rm.entries:
        path = _child("$.results", key.text)
        if r.key_id(key, path, "an indicator or objective") is None:
            values.append(None)
            continue
        keys[key.text] = key
        values.append(_read_value(r, key.text, value_node, path, units.get(key.text)))
    return values


def _read_figures(r: _Reader, node: Node | None) -> list[Figure | None]:
    """The optional `figures:` mapping."""
    if node is None:
        return []
    if not isinstance(node, Mapping):
        r.error(node, "$.figures", f"expected a mapping, got {_describe(node)}")
        return []
    figures: list[Figure | None] = []
    for key, figure_node in node.entries:
        path = _child("$.figures", key.text)
        if r.key_id(key, path, "a figure") is None:
            figures.append(None)
            continue
        figures.append(_read_figure(r, key.text, figure_node, path))
    return figures


def _units(grid: Grid) -> dict[str, Unit | None]:
    """The unit of every result id of a grid, as `Grid.unit_of` gives it, in one pass."""
    units: dict[str, Unit | None] = {}
    for _, objective in grid.objectives():
        for indicator in objective.indicators:
            units.setdefault(indicator.id, indicator.unit)
        units.setdefault(objective.id, Unit.SHARE if objective.direct else None)
    return units


def _sorted(problems: list[Problem]) -> list[Problem]:
    """Problems in document order (stable for equal positions)."""
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
