"""Writing grids and results back to YAML, losslessly.

`load_grid(dump_grid(grid)) == grid` and `load_results(dump_results(results)) == results`:
every decimal digit is kept (numbers are written as their exact decimal text).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from cpg_score._args import expect
from cpg_score._numbers import Exact, ratio_text
from cpg_score.model.entity import TargetPolicy
from cpg_score.model.grid import Figure, Grid, Indicator, Objective, Results, ResultValue, ScaleKind, Unit
from cpg_score.model.rules.registry import rule_to_data

__all__ = ["dump_grid", "dump_results", "dump_yaml", "grid_to_dict", "results_to_dict"]


def _num(value: Decimal) -> str:
    return str(value)


def _amount(value: Exact) -> str:
    """A grid's points, weight or total: its decimal text, or `a/b` for a fraction."""
    return ratio_text(value)


def _optional(out: dict[str, Any], **values: Any) -> dict[str, Any]:
    out.update({k: v for k, v in values.items() if v not in (None, "")})
    return out


def _neutralised(out: dict[str, Any], reason: str | None) -> dict[str, Any]:
    # Written whenever set, even to "": an empty reason still neutralises.
    if reason is not None:
        out["neutralised"] = reason
    return out


def _indicator(indicator: Indicator) -> dict[str, Any]:
    baseline = getattr(indicator.rule, "baseline", None)
    if baseline is not None:
        # A grid file holds no baseline: each entity's results give theirs (`baseline:`).
        raise ValueError(
            f"indicator {indicator.id!r}: its rule is bound to an entity's baseline ({baseline}), "
            "which a grid file cannot hold: write the rule without it and give the baseline in the results"
        )
    out = {
        "id": indicator.id,
        "label": indicator.label,
        "unit": indicator.unit.value,
        "weight": _amount(indicator.weight),
        "rule": rule_to_data(indicator.rule),
    }
    if indicator.min_volume is not None:
        out["min_volume"] = _num(indicator.min_volume)
    return _optional(_neutralised(out, indicator.neutralised), description=indicator.description)


def _objective(objective: Objective) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": objective.id,
        "label": objective.label,
        "points": _amount(objective.points),
    }
    if objective.bonus:
        out["bonus"] = _num(objective.bonus)
    if objective.indicators:
        out["indicators"] = [_indicator(i) for i in objective.indicators]
    return _optional(_neutralised(out, objective.neutralised), description=objective.description)


def grid_to_dict(grid: Grid) -> dict[str, Any]:
    """The grid as plain data, in the YAML file format (numbers as exact decimal text).

    Raises:
        TypeError: `grid` is not a `Grid`.
        ValueError: A rule is bound to an entity's baseline (a grid file holds none).
    """
    expect("grid", grid, Grid, "a Grid")
    out: dict[str, Any] = {
        "id": grid.id,
        "label": grid.label,
        "period": grid.period,
        "total_points": _amount(grid.total_points),
        "policy": {"neutralisation": grid.policy.value},
        "rounding": {"points": grid.rounding.points, "rate_percent": grid.rounding.rate_percent},
    }
    _optional(out, description=grid.description, level=None if grid.level is None else grid.level.value)
    if grid.scale.kind is not ScaleKind.POINTS:
        out["scale"] = {"kind": grid.scale.kind.value}
        if grid.scale.kind is ScaleKind.NOTE:
            out["scale"]["out_of"] = _amount(grid.scale.out_of)
    if grid.variants:
        out["variants"] = [
            _optional({"id": v.id}, label=v.label) | {"points": {oid: _amount(p) for oid, p in v.points}}
            for v in grid.variants
        ]
    out["axes"] = [
        {"id": a.id, "label": a.label, "objectives": [_objective(o) for o in a.objectives]} for a in grid.axes
    ]
    return out


def _value(value: ResultValue) -> dict[str, Any]:
    out: dict[str, Any] = {}
    # A result written as a word, a date or counts is written back as written (its rule reads it).
    written = bool(value.written or value.counts)
    if value.counts:
        out["counts"] = {name: _num(count) for name, count in value.counts}
    elif value.written:
        out["value"] = value.written
    for name in ("value", "numerator", "denominator", "exclusions", "volume", "baseline", "floor", "target"):
        number = getattr(value, name)
        if number is not None and not (written and name in ("value", "numerator", "denominator")):
            out[name] = _num(number)
    if value.unit is not None:
        out["unit"] = value.unit.value
    return _optional(_neutralised(out, value.neutralised), comment=value.comment, source=value.source)


def _figure(figure: Figure) -> dict[str, Any]:
    out: dict[str, Any] = {"value": _num(figure.value)}
    if figure.unit is not Unit.NUMBER:
        out["unit"] = figure.unit.value
    return _optional(out, label=figure.label, source=figure.source, comment=figure.comment)


def results_to_dict(results: Results) -> dict[str, Any]:
    """The results as plain data, in the YAML file format.

    Raises:
        TypeError: `results` is not a `Results`.
    """
    expect("results", results, Results, "a Results")
    out: dict[str, Any] = {
        "entity": {"id": results.entity.id, "label": results.entity.label},
        "grid": results.grid,
        "period": results.period,
    }
    _optional(out, parent=results.parent, source=results.source, comment=results.comment)
    if results.target_policy is not TargetPolicy.OVERRIDE:
        out["target_policy"] = results.target_policy.value
    if results.variant is not None:
        out["variant"] = results.variant
    out["results"] = {v.id: _value(v) for v in results.values}
    if results.figures:
        out["figures"] = {f.id: _figure(f) for f in results.figures}
    return out


#: Characters YAML reads as line breaks (or folds away) outside double quotes: a text holding
#: one is written double-quoted, where they are escaped, so it loads back unchanged.
_BREAKS = frozenset("\r\x85\u2028\u2029")


class _Dumper(yaml.SafeDumper):
    """The safe dumper, writing texts with line-break look-alikes double-quoted."""


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if _BREAKS.intersection(text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: dict[str, Any]) -> str:
    """Plain data as YAML text: keys in order, texts that YAML would alter double-quoted.

    Raises:
        TypeError: `data` is not a `dict`.
    """
    expect("data", data, dict, "a dict")
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def dump_grid(grid: Grid) -> str:
    """The grid as YAML text that loads back to an equal grid."""
    return dump_yaml(grid_to_dict(grid))


def dump_results(results: Results) -> str:
    """The results as YAML text that load back to equal results."""
    return dump_yaml(results_to_dict(results))
