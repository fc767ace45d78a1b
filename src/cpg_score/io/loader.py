"""Loading grids from YAML, with every problem of a file reported at once.

Files are read safely (see `cpg_score.io.marked`): no Python object can be built from a tag, no
number goes through a float, duplicate keys are errors. Each problem names the file, the line,
the column and the location (`$.axes[1].objectives[0].points`). The loader collects every
problem it can find in a file and raises one [`GridError`][cpg_score.GridError] holding them all
(results files are read by `cpg_score.io.results`).

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

Results are read by [`cpg_score.io.results`][cpg_score.io.results], the source of a file by
[`cpg_score.io.source`][cpg_score.io.source]; both are re-exported here.
"""

from __future__ import annotations

import os
from decimal import Decimal
from fractions import Fraction

from cpg_score._args import expect
from cpg_score._numbers import ONE, ZERO, Exact
from cpg_score.errors import GridError, Problem, ProblemCode
from cpg_score.io.marked import Limits, Mapping, Node, Scalar, Sequence, child_path
from cpg_score.io.reader import Reader, parse, sorted_problems
from cpg_score.io.results import NEUTRAL_MARK, load_results, read_results
from cpg_score.io.rule_fields import read_rule
from cpg_score.io.source import Source, read_source, referenced_path
from cpg_score.model.entity import TWICE, PointsVariant, variant_problems
from cpg_score.model.grid import (
    Axis,
    Grid,
    Indicator,
    Level,
    Objective,
    Policy,
    Rounding,
    Scale,
    ScaleKind,
    Unit,
    grid_problems,
)
from cpg_score.model.rules import ScoringRule

__all__ = [
    "NEUTRAL_MARK",
    "Source",
    "load_grid",
    "load_results",
    "read_results",
    "read_source",
    "referenced_path",
]


# Grids

_GRID_KEYS = ("id", "label", "period", "total_points", "axes")
_GRID_OPTIONAL = ("policy", "rounding", "description", "scale", "variants", "level")
_AXIS_KEYS = ("id", "label", "objectives")
_OBJECTIVE_KEYS = ("id", "label", "points")
_OBJECTIVE_OPTIONAL = ("indicators", "neutralised", "description", "bonus")
_INDICATOR_KEYS = ("id", "label", "rule")
_INDICATOR_OPTIONAL = ("weight", "unit", "neutralised", "description", "min_volume")


def _read_rule(r: Reader, node: Node | None, path: str, unit: Unit | None) -> ScoringRule | None:
    """Read an indicator's rule: the registry's reader of its `type` (see `io.rule_fields`)."""
    return read_rule(r, node, path, unit)


def _read_indicator(r: Reader, node: Node, path: str) -> Indicator | None:
    m = r.mapping(node, path, _INDICATOR_KEYS, _INDICATOR_OPTIONAL)
    if m is None:
        return None
    iid = r.ident(m.get("id"), f"{path}.id")
    label = r.text(m.get("label"), f"{path}.label")
    unit_name = r.choice(m.get("unit"), f"{path}.unit", [u.value for u in Unit], "share")
    unit = Unit(unit_name) if unit_name is not None else Unit.SHARE
    rule = _read_rule(r, m.get("rule"), f"{path}.rule", unit)
    weight: Exact | None = ONE
    if m.get("weight") is not None:
        weight = r.amount(m.get("weight"), f"{path}.weight", minimum=ZERO, allow_percent=True)
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
        node,
        path,
        Indicator,
        id=iid,
        label=label,
        rule=rule,
        weight=weight,
        unit=unit,
        neutralised=neutralised,
        description=description,
        min_volume=min_volume,
    )


def _read_objective(r: Reader, node: Node, path: str, total: Exact | None) -> Objective | None:
    m = r.mapping(node, path, _OBJECTIVE_KEYS, _OBJECTIVE_OPTIONAL)
    if m is None:
        return None
    oid = r.ident(m.get("id"), f"{path}.id")
    label = r.text(m.get("label"), f"{path}.label")
    points = _read_points(r, m.get("points"), f"{path}.points", total)
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
    bonus: Decimal | None = ZERO
    if m.get("bonus") is not None:
        bonus = r.number(m.get("bonus"), f"{path}.bonus", minimum=ZERO)
        if bonus is not None and bonus > 0 and not indicators:
            r.error(
                m.get("bonus"),
                f"{path}.bonus",
                "a bonus needs indicators (a direct objective's rate cannot exceed 100 %)",
            )
            bonus = None
    if None in (oid, label, points, description, bonus) or None in indicators:
        return None
    return r.build(
        node,
        path,
        Objective,
        id=oid,
        label=label,
        points=points,
        indicators=indicators,
        neutralised=neutralised,
        description=description,
        bonus=bonus,
    )


def _read_points(r: Reader, node: Node | None, path: str, total: Exact | None) -> Decimal | Fraction | None:
    """An objective's points: a number, a fraction (`"1/3"`) or a percent of `total_points`
    (`"12,0 %"` of 100 is 12; None without a valid total, already reported)."""
    if total is None and isinstance(node, Scalar) and node.text.strip().endswith("%"):
        return None
    return r.amount(node, path, minimum=ZERO, whole=total)


def _read_scale(r: Reader, node: Node | None, total: Exact | None) -> Scale | None:
    """The optional `scale:` of a grid: `{kind: points|percent|note, out_of: N}` (`note` only
    takes `out_of`, above 0; `points` is out of `total_points`, `percent` out of 100)."""
    if node is None:
        return None if total is None else Scale.points(total)
    m = r.mapping(node, "$.scale", ["kind"], ["out_of"])
    if m is None:
        return None
    kind = r.choice(m.get("kind"), "$.scale.kind", [k.value for k in ScaleKind], ScaleKind.POINTS.value)
    out_of = m.get("out_of")
    if kind is None or total is None:
        return None
    if kind != ScaleKind.NOTE.value:
        if out_of is not None:
            fixed = "total_points" if kind == ScaleKind.POINTS.value else "100"
            r.error(out_of, "$.scale.out_of", f"a {kind} scale takes no out_of: it is out of {fixed}")
            return None
        return Scale.points(total) if kind == ScaleKind.POINTS.value else Scale.percent()
    if out_of is None:
        r.error(m, "$.scale", "a note scale needs out_of (the top note, e.g. 5)", ProblemCode.MISSING_KEY)
        return None
    top = r.amount(out_of, "$.scale.out_of")
    if top is not None and not top > 0:
        r.error(out_of, "$.scale.out_of", f"out_of must be > 0, got {top}", ProblemCode.OUT_OF_RANGE)
        return None
    return None if top is None else Scale.note(top)


def _read_grid(r: Reader, root: Node) -> Grid | None:
    m = r.mapping(root, "$", _GRID_KEYS, _GRID_OPTIONAL)
    if m is None:
        return None
    gid = r.ident(m.get("id"), "$.id")
    label = r.text(m.get("label"), "$.label")
    period = r.integer(m.get("period"), "$.period")
    total = r.amount(m.get("total_points"), "$.total_points", minimum=ZERO)
    scale = _read_scale(r, m.get("scale"), total)
    policy = _read_policy(r, m.get("policy"))
    rounding = _read_rounding(r, m.get("rounding"))
    description = r.text(m.get("description"), "$.description", "")
    # "" when the grid gives no level (its total is then « Résultat »).
    level = r.choice(m.get("level"), "$.level", [v.value for v in Level], "")
    where: dict[str, list[tuple[Node, str]]] = {}
    axes = [
        _read_axis(r, a_node, f"$.axes[{i}]", where, total)
        for i, a_node in enumerate(r.sequence(m.get("axes"), "$.axes"))
    ]
    if None in (gid, label, period, total, policy, rounding, description, scale, level) or None in axes:
        return None
    assert gid is not None and period is not None and total is not None and policy is not None
    if _case_collisions(r, where):
        return None
    # Cross-field rules live in model.grid_problems(); report each where it applies.
    problems = grid_problems(tuple(a for a in axes if a is not None), total)
    for item_id, message in problems:
        if item_id is not None and item_id in where:
            node, id_path = where[item_id][-1]
            r.error(node, id_path, message, ProblemCode.DUPLICATE_ID)
        else:
            r.error(m.get("total_points"), "$.total_points", message)
    variants = _read_variants(r, m.get("variants"), axes, total)
    if problems or variants is None:
        return None
    return r.build(
        m,
        "$",
        Grid,
        variants=variants,
        id=gid,
        label=label or "",
        period=period,
        total_points=total,
        axes=axes,
        policy=Policy(policy),
        rounding=rounding or Rounding(),
        description=description or "",
        scale=scale,
        level=level or None,
    )


def _read_variants(
    r: Reader, node: Node | None, axes: list[Axis | None], total: Exact
) -> list[PointsVariant] | None:
    """The optional per-entity points (`variants:`), each checked against the grid's objectives
    and total; None after a problem."""
    if node is None:
        return []
    variants: list[PointsVariant | None] = []
    points_nodes: list[Mapping | None] = []
    id_nodes: list[Node | None] = []
    for index, v_node in enumerate(r.sequence(node, "$.variants")):
        path = f"$.variants[{index}]"
        vm = r.mapping(v_node, path, ["id", "points"], ["label", "description"])
        if vm is None:
            variants.append(None)
            points_nodes.append(None)
            id_nodes.append(None)
            continue
        id_nodes.append(vm.get("id"))
        vid = r.ident(vm.get("id"), f"{path}.id")
        label = r.text(vm.get("label"), f"{path}.label", "")
        r.text(vm.get("description"), f"{path}.description", "")
        pm = vm.get("points")
        points_nodes.append(pm if isinstance(pm, Mapping) else None)
        pairs = _read_variant_points(r, pm, f"{path}.points", total)
        variants.append(
            None
            if vid is None or pairs is None
            else r.build(vm, path, PointsVariant, id=vid, label=label or "", points=pairs)
        )
    if None in variants:
        return None
    found = [v for v in variants if v is not None]
    grid_points = {o.id: o.points for a in axes if a is not None for o in a.objectives}
    for index, oid, message in variant_problems(grid_points, total, found):
        if oid is None and message.endswith(TWICE):
            r.error(id_nodes[index], f"$.variants[{index}].id", message, ProblemCode.DUPLICATE_ID)
            continue
        pm = points_nodes[index]
        key = next((k for k, _ in pm.entries if k.text == oid), None) if pm is not None and oid else None
        path = f"$.variants[{index}].points" + (f".{oid}" if key is not None else "")
        code = ProblemCode.UNKNOWN_ITEM if oid else ProblemCode.INVALID
        r.error(key if key is not None else pm, path, message, code)
    return None if r.problems else found


def _read_variant_points(
    r: Reader, node: Node | None, path: str, total: Exact
) -> list[tuple[str, Exact]] | None:
    """A variant's `points:` mapping, objective id -> points (written as an objective's)."""
    pm = node if isinstance(node, Mapping) else r.mapping(node, path, [])
    if pm is None:
        return None
    pairs: list[tuple[str, Exact]] = []
    for key, value in pm.entries:
        at = child_path(path, key.text)
        oid = r.key_id(key, at, "an objective")
        points = _read_points(r, value, at, total)
        if oid is None or points is None:
            return None
        pairs.append((oid, points))
    return pairs


def _read_policy(r: Reader, node: Node | None) -> str | None:
    """The grid's neutralisation policy (`zero` when the grid gives none)."""
    if node is None:
        return Policy.ZERO.value
    pm = r.mapping(node, "$.policy", [], ["neutralisation"])
    if pm is None:
        return None
    return r.choice(pm.get("neutralisation"), "$.policy.neutralisation", [p.value for p in Policy], "zero")


def _read_axis(
    r: Reader, a_node: Node, a_path: str, where: dict[str, list[tuple[Node, str]]], total: Exact | None
) -> Axis | None:
    """One axis and its objectives; every id read is recorded in `where` with its place;
    `total` is the grid's `total_points` (None when invalid), for points given in percent."""
    am = r.mapping(a_node, a_path, _AXIS_KEYS)
    if am is None:
        return None
    aid = r.ident(am.get("id"), f"{a_path}.id")
    alabel = r.text(am.get("label"), f"{a_path}.label")
    objectives: list[Objective | None] = []
    for o_index, o_node in enumerate(r.sequence(am.get("objectives"), f"{a_path}.objectives")):
        o_path = f"{a_path}.objectives[{o_index}]"
        objectives.append(_read_objective(r, o_node, o_path, total))
        _record_ids(o_node, o_path, where)
    _record_ids(a_node, a_path, where, deep=False)
    if aid is None or alabel is None or None in objectives:
        return None
    return r.build(a_node, a_path, Axis, aid, alabel, objectives)


def _read_rounding(r: Reader, node: Node | None) -> Rounding | None:
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


def _case_collisions(r: Reader, where: dict[str, list[tuple[Node, str]]]) -> bool:
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
            ProblemCode.DUPLICATE_ID,
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
    root, name = parse(source, limits, GridError)
    reader = Reader(name)
    grid = _read_grid(reader, root)
    if reader.problems or grid is None:
        raise GridError(sorted_problems(reader.problems) or [Problem(message="invalid grid", file=name)])
    return grid
