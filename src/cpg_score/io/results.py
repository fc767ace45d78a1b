"""Reading results (one entity's figures for one grid period) from YAML, and checking that they
fit a grid.

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

import os
from typing import Any

from cpg_score._args import expect
from cpg_score.errors import Problem, ProblemCode, ResultsError
from cpg_score.io._written import NO_ITEM, Item, is_written, read_counts, rule_reading, scored_items
from cpg_score.io.marked import Limits, Mapping, Node, Scalar, child_path
from cpg_score.io.reader import Reader, describe_node, parse_mapping, read_figure, sorted_problems
from cpg_score.io.source import Source
from cpg_score.model.entity import TargetPolicy
from cpg_score.model.fit import Misfit, fit_problems
from cpg_score.model.grid import Entity, Figure, Grid, Results, ResultValue, Unit
from cpg_score.model.rules.registry import ResultText, WrittenResultError, kind_of
from cpg_score.model.targets import bounds_problems

__all__ = ["NEUTRAL_MARK", "load_results", "read_results"]

#: The text that marks a neutralised result, as in the published tables.
NEUTRAL_MARK = "-"
_DEFAULT_REASON = "not scored (\u00ab - \u00bb in the results)"


_RESULTS_KEYS = ("entity", "grid", "period", "results")
_RESULTS_OPTIONAL = ("figures", "parent", "source", "comment", "target_policy", "variant")
_VALUE_KEYS = (
    "value",
    "counts",
    "baseline",
    "numerator",
    "denominator",
    "exclusions",
    "volume",
    "neutralised",
    "comment",
    "source",
    "unit",
    "floor",
    "target",
)


def _read_value(r: Reader, rid: str, node: Node, path: str, item: Item) -> ResultValue | None:
    unit = item.unit
    if isinstance(node, Scalar):
        return _read_scalar(r, rid, node, path, item)
    m = r.mapping(node, path, [], _VALUE_KEYS)
    if m is None:
        return None
    fields: dict[str, Any] = {}
    written = m.get("counts") is not None or is_written(m.get("value"))
    for key in ("value", "baseline", "numerator", "denominator", "exclusions", "volume", "floor", "target"):
        child = m.get(key)
        if child is None or (key == "value" and written):
            continue
        if key in ("value", "baseline", "floor", "target"):
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
            ProblemCode.BAD_CHOICE,
        )
        return None
    if declared:
        fields["unit"] = declared
    elif _percent_share(r, m.get("value"), unit):
        fields["unit"] = Unit.SHARE
    if written:
        return _read_written(r, rid, node, path, item, fields, m)
    if not _number_accepted(r, rid, m.get("value"), f"{path}.value", item):
        return None
    built = r.build(node, path, ResultValue, id=rid, **fields)
    if built is not None and r.domains and unit is Unit.SHARE and built.numerator is not None:
        resolved = built.resolved
        if resolved is not None and not 0 <= resolved <= 1:
            r.error(
                node,
                path,
                f"a share must be between 0 and 1: numerator {built.numerator} is above "
                f"its denominator {built.effective_denominator}",
                ProblemCode.OUT_OF_RANGE,
            )
            return None
    return built


def _read_scalar(r: Reader, rid: str, node: Scalar, path: str, item: Item) -> ResultValue | None:
    """A result written as a scalar: the neutral mark, a word or a date, or a number."""
    unit = item.unit
    if node.text.strip() == NEUTRAL_MARK and node.kind == "str":
        return r.build(node, path, ResultValue, id=rid, neutralised=_DEFAULT_REASON)
    if is_written(node):
        return _read_written(r, rid, node, path, item, {})
    if not _number_accepted(r, rid, node, path, item):
        return None
    value = r.number(node, path, unit=unit, allow_percent=unit is None)
    inferred = Unit.SHARE if _percent_share(r, node, unit) else None
    return None if value is None else r.build(node, path, ResultValue, id=rid, value=value, unit=inferred)


_NUMBERS = ("value", "numerator", "denominator")


def _written_text(r: Reader, node: Node, path: str, m: Mapping | None) -> tuple[ResultText, Node, str] | None:
    """What a written result holds, the node it is at and its path (None after a problem)."""
    if m is None:
        assert isinstance(node, Scalar)
        return ResultText(text=node.text.strip(), kind=node.kind), node, path
    counts_node = m.get("counts")
    given = "counts" if counts_node is not None else "value"
    mixed = [k for k in _NUMBERS if k != given and m.get(k) is not None]
    if mixed:
        what = "counts" if counts_node is not None else "a value written as a word or a date"
        message = f"give {what}, or {mixed[0]}, not both"
        r.error(m.get(mixed[0]), f"{path}.{mixed[0]}", message, ProblemCode.INVALID)
        return None
    if counts_node is None:
        value = m.get("value")
        assert isinstance(value, Scalar)
        return ResultText(text=value.text.strip(), kind=value.kind), value, f"{path}.value"
    counts = read_counts(r, counts_node, f"{path}.counts")
    return (
        None if counts is None else (ResultText(kind="counts", counts=counts), counts_node, f"{path}.counts")
    )


def _read_written(
    r: Reader, rid: str, node: Node, path: str, item: Item, fields: dict[str, Any], m: Mapping | None = None
) -> ResultValue | None:
    """A result written as a word, a date or counts, read by the rule scoring it (pending
    without a grid)."""
    found = _written_text(r, node, path, m)
    if found is None:
        return None
    text, at_node, at = found
    shown = {"written": text.text, "counts": text.counts}
    if item.rule is None:  # no grid (or an id it lacks): read once the grid is known
        return r.build(node, path, ResultValue, id=rid, **shown, **fields)
    reading = rule_reading(r, rid, item.rule, item.what, text, (at_node, at))
    if reading is None:
        return None
    numbers = {"value": reading.value, "numerator": reading.numerator, "denominator": reading.denominator}
    return r.build(node, path, ResultValue, id=rid, **numbers, **shown, **fields)


def _number_accepted(r: Reader, rid: str, node: Node | None, path: str, item: Item) -> bool:
    """Whether the indicator's rule type takes this result written as a number (a yes/no rule
    without a threshold takes only 1 and 0); a refusal is reported."""
    kind = None if item.rule is None else kind_of(item.rule)
    if item.rule is None or kind is None or kind.read_result is None or not isinstance(node, Scalar):
        return True
    try:
        kind.read_result(item.rule, ResultText(text=node.text.strip(), kind="number"))
    except WrittenResultError as exc:
        r.error(node, path, f"{item.what} {rid!r}: {exc}", exc.code)
        return False
    return True


def _percent_share(r: Reader, node: Node | None, unit: Unit | None) -> bool:
    """Lenient reading only (`domains=False`, for `check`): a value written as a percent, with no
    unit from a grid, is taken as a share, so that a rate above 100 % can be reported."""
    return not r.domains and unit is None and isinstance(node, Scalar) and node.text.strip().endswith("%")


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
    r, m = parse_mapping(source, limits, ResultsError, _RESULTS_KEYS, _RESULTS_OPTIONAL, domains=domains)
    return results_from_mapping(r, m, grid)


def results_from_mapping(r: Reader, m: Mapping, grid: Grid | None) -> Results:
    """The results of a parsed top-level mapping, read and checked as a YAML file's are (the
    tables of `io/table.py` build such a mapping from their cells).

    Raises:
        ResultsError: Every problem found (with those already in `r.problems`).
    """
    entity = _read_entity(r, m.get("entity"))
    gid = r.ident(m.get("grid"), "$.grid")
    period = r.integer(m.get("period"), "$.period")
    parent = None if m.get("parent") is None else r.ident(m.get("parent"), "$.parent")
    source_text = r.text(m.get("source"), "$.source", "")
    comment = r.text(m.get("comment"), "$.comment", "")
    keys: dict[str, Node] = {}
    values = _read_values(r, m.get("results"), grid, keys)
    figures = _read_figures(r, m.get("figures"))
    entity_fields = _read_entity_fields(r, m)
    if r.problems or entity is None or gid is None or period is None or None in values or None in figures:
        fallback = Problem(message="invalid results", file=r.file, sheet=r.sheet)
        raise ResultsError(sorted_problems(r.problems) or [fallback])
    results = r.build(
        m,
        "$",
        Results,
        entity=entity,
        grid=gid,
        period=period,
        values=values,
        figures=figures,
        parent=parent,
        source=source_text or "",
        comment=comment or "",
        **entity_fields,
    )
    if results is not None and grid is not None:
        _place_misfits(r, m, keys, fit_problems(grid, results))
        _place_bounds(r, m, keys, bounds_problems(grid, results))
    if r.problems or results is None:
        raise ResultsError(sorted_problems(r.problems))
    return results


def _place_misfits(r: Reader, m: Mapping, keys: dict[str, Node], misfits: list[Misfit]) -> None:
    """Report the ways results do not fit their grid, each at the node it concerns."""
    for misfit in misfits:
        if misfit.id is not None and misfit.id in keys:
            r.error(keys[misfit.id], child_path("$.results", misfit.id), misfit.message, misfit.code)
        elif misfit.code is ProblemCode.WRONG_GRID:
            r.error(m.get("grid"), "$.grid", misfit.message, misfit.code)
        elif misfit.code is ProblemCode.WRONG_PERIOD:
            r.error(m.get("period"), "$.period", misfit.message, misfit.code)
        elif misfit.id is not None and misfit.code is ProblemCode.MISSING_RESULT:
            r.error(m.get("results"), child_path("$.results", misfit.id), misfit.message, misfit.code)
        else:
            r.error(m.get("results"), "$.results", misfit.message, misfit.code)


def _read_entity_fields(r: Reader, m: Mapping) -> dict[str, Any]:
    """The file-level `target_policy` and `variant` (the entity's bounds and points)."""
    fields: dict[str, Any] = {}
    policy = r.choice(m.get("target_policy"), "$.target_policy", [p.value for p in TargetPolicy], "override")
    if policy is not None:
        fields["target_policy"] = TargetPolicy(policy)
    if m.get("variant") is not None:
        fields["variant"] = r.ident(m.get("variant"), "$.variant")
    return fields


def _place_bounds(r: Reader, m: Mapping, keys: dict[str, Node], misfits: list[Misfit]) -> None:
    """Report the entries whose own bounds the grid cannot take, and an unknown variant."""
    for misfit in misfits:
        if misfit.id is not None and misfit.id in keys:
            r.error(keys[misfit.id], child_path("$.results", misfit.id), misfit.message, misfit.code)
        else:
            r.error(m.get("variant"), "$.variant", misfit.message, misfit.code)


def _read_entity(r: Reader, node: Node | None) -> Entity | None:
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
    r: Reader, node: Node | None, grid: Grid | None, keys: dict[str, Node]
) -> list[ResultValue | None]:
    """The `results:` mapping (`keys` gets each id's key node, to place the grid's problems)."""
    rm = node if isinstance(node, Mapping) else r.mapping(node, "$.results", [], [])
    if rm is None:
        return []
    items = scored_items(grid) if grid is not None else {}
    values: list[ResultValue | None] = []
    for key, value_node in rm.entries:
        path = child_path("$.results", key.text)
        if r.key_id(key, path, "an indicator or objective") is None:
            values.append(None)
            continue
        keys[key.text] = key
        values.append(_read_value(r, key.text, value_node, path, items.get(key.text, NO_ITEM)))
    return values


def _read_figures(r: Reader, node: Node | None) -> list[Figure | None]:
    """The optional `figures:` mapping."""
    if node is None:
        return []
    if not isinstance(node, Mapping):
        r.error(node, "$.figures", f"expected a mapping, got {describe_node(node)}", ProblemCode.WRONG_TYPE)
        return []
    figures: list[Figure | None] = []
    for key, figure_node in node.entries:
        path = child_path("$.figures", key.text)
        if r.key_id(key, path, "a figure") is None:
            figures.append(None)
            continue
        figures.append(read_figure(r, key.text, figure_node, path))
    return figures
