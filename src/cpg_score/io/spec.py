"""Reading Monte Carlo spec files: `indicators`, `default` and `correlations`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cpg_score._args import expect
from cpg_score._numbers import ZERO
from cpg_score.errors import Problem, ProblemCode, SpecError
from cpg_score.io.marked import Limits, child_path
from cpg_score.io.marked import Mapping as YamlMapping
from cpg_score.io.reader import Reader, parse_mapping, sorted_problems
from cpg_score.io.source import Source
from cpg_score.model.grid import Grid, Unit
from cpg_score.model.spec import KINDS, Distribution, Spec

__all__ = ["load_spec"]


_DIST_KEYS = ("distribution", "mean", "sd", "low", "mode", "high", "sample")


def _read_distribution(r: Reader, node: Any, path: str, unit: Unit | None) -> Distribution | None:
    m = r.mapping(node, path, ["distribution"], _DIST_KEYS[1:])
    if m is None:
        return None
    kind = r.choice(m.get("distribution"), f"{path}.distribution", KINDS, "normal")
    numbers: dict[str, Decimal | None] = {}
    for key in ("mean", "low", "mode", "high"):
        if m.get(key) is not None:
            numbers[key] = r.number(m.get(key), f"{path}.{key}", unit=unit, allow_percent=unit is None)
    if m.get("sd") is not None:
        numbers["sd"] = r.number(m.get("sd"), f"{path}.sd", minimum=ZERO, allow_percent=True)
    sample: list[Decimal | None] = []
    if m.get("sample") is not None:
        for index, item in enumerate(r.sequence(m.get("sample"), f"{path}.sample")):
            sample.append(r.number(item, f"{path}.sample[{index}]", unit=unit, allow_percent=unit is None))
    if kind is None or None in numbers.values() or None in sample:
        return None
    return r.build(m, path, Distribution, kind=kind, sample=sample, **numbers)


def load_spec(source: Source, grid: Grid | None = None, *, limits: Limits | None = None) -> Spec:
    """Load a Monte Carlo spec from YAML (see the module's docstring).

    Raises:
        SpecError: The file is invalid (every problem with file, line and column).
        TypeError: `grid` is not a `Grid` or None, or `limits` not a `Limits` or None.
    """
    expect("grid", grid, (Grid, type(None)), "a Grid or None")
    expect("limits", limits, (Limits, type(None)), "a Limits or None")
    r, m = parse_mapping(
        source, limits, SpecError, [], ["description", "default", "indicators", "correlation"]
    )
    r.text(m.get("description"), "$.description", "")
    default = None
    if m.get("default") is not None:
        default = _read_distribution(r, m.get("default"), "$.default", None)
    distributions: dict[str, Distribution] = {}
    im = m.get("indicators")
    if im is not None and not isinstance(im, YamlMapping):
        r.error(im, "$.indicators", "expected a mapping of result id to distribution", ProblemCode.WRONG_TYPE)
    elif isinstance(im, YamlMapping):
        for key, node, path, unit in r.result_entries(im, "$.indicators", grid):
            read = _read_distribution(r, node, path, unit)
            if read is not None:
                distributions[key.text] = read
    correlations: dict[str, Decimal] = {}
    cm = m.get("correlation")
    axes = {a.id for a in grid.axes} if grid is not None else None
    if cm is not None and not isinstance(cm, YamlMapping):
        r.error(
            cm,
            "$.correlation",
            "expected a mapping of axis id to a correlation in [0, 1)",
            ProblemCode.WRONG_TYPE,
        )
    elif isinstance(cm, YamlMapping):
        for key, node in cm.entries:
            path = child_path("$.correlation", key.text)
            if axes is not None and key.text not in axes:
                r.error(key, path, f"no axis {key.text!r} in grid {grid.id!r}", ProblemCode.UNKNOWN_ITEM)  # type: ignore[union-attr]
                continue
            rho = r.number(node, path, minimum=ZERO)
            if rho is not None and rho >= 1:
                r.error(node, path, f"a correlation must be below 1, got {rho}", ProblemCode.OUT_OF_RANGE)
            elif rho is not None:
                correlations[key.text] = rho
    if r.problems:
        raise SpecError(sorted_problems(r.problems) or [Problem(message="invalid spec", file=r.file)])
    return Spec(distributions, correlations, default)
