"""Reading and writing scenario files (what-if): `label`, `base`, `overrides`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from cpg_score._args import expect
from cpg_score.errors import Problem, ProblemCode, ScenarioError
from cpg_score.io.dump import dump_yaml
from cpg_score.io.marked import Limits, Mapping
from cpg_score.io.reader import parse_mapping, sorted_problems
from cpg_score.io.source import Source, referenced_path
from cpg_score.model.grid import Grid
from cpg_score.model.scenario import Scenario

__all__ = ["dump_scenario", "load_scenario", "scenario_to_dict"]


_KEYS = ("label", "overrides")
_OPTIONAL = ("base", "description", "id")


def load_scenario(
    source: Source, grid: Grid | None = None, *, limits: Limits | None = None, with_base: bool = True
) -> Scenario:
    """Load a scenario from a YAML file or text.

    With a grid, each override is checked against it: the id must be scored by the grid, and a
    share must lie in [0, 1] (`97 %` or `0.97`).

    Args:
        source: A path, or YAML text (then `base` is relative to the working folder).
        grid: The grid the scenario will be scored on.
        limits: Bounds on the file's size and structure.
        with_base: Whether to resolve the file's `base` (a path named in a data file follows
            the rule of `referenced_path`); False when the base results are given another way,
            so the file's `base` is neither checked nor kept.

    Returns:
        The scenario.

    Raises:
        ScenarioError: The file is invalid; every problem is listed with file, line and column.
    """
    r, m = parse_mapping(source, limits, ScenarioError, _KEYS, _OPTIONAL)
    label = r.text(m.get("label"), "$.label")
    description = r.text(m.get("description"), "$.description", "")
    scenario_id = r.ident(m.get("id"), "$.id") if m.get("id") is not None else ""
    base: Path | None = None
    if with_base and m.get("base") is not None:
        text = r.text(m.get("base"), "$.base")
        if text is not None:
            try:
                base = Path(referenced_path(text, r.file))
            except ValueError as exc:
                r.error(m.get("base"), "$.base", f"base {exc}", ProblemCode.BAD_PATH)
    overrides: list[tuple[str, Decimal]] = []
    om = m.get("overrides")
    if om is not None and not isinstance(om, Mapping):
        r.error(om, "$.overrides", "expected a mapping of result id to value", ProblemCode.WRONG_TYPE)
    elif isinstance(om, Mapping):
        if not om.entries:
            r.error(om, "$.overrides", "a scenario needs at least one override")
        for key, node, path, unit in r.result_entries(om, "$.overrides", grid):
            value = r.number(node, path, unit=unit, allow_percent=unit is None)
            if value is not None:
                overrides.append((key.text, value))
    if r.problems or label is None or description is None or scenario_id is None:
        raise ScenarioError(sorted_problems(r.problems) or [Problem(message="invalid scenario", file=r.file)])
    return Scenario(
        label=label, overrides=overrides, base=base, source=r.file, description=description, id=scenario_id
    )


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data, in the YAML file format (numbers as exact decimal text)."""
    expect("scenario", scenario, Scenario, "a Scenario (see load_scenario)")
    out: dict[str, Any] = {}
    if scenario.id:
        out["id"] = scenario.id
    out["label"] = scenario.label
    if scenario.description:
        out["description"] = scenario.description
    if scenario.base is not None:
        out["base"] = str(scenario.base)
    out["overrides"] = {key: str(value) for key, value in scenario.overrides}
    return out


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as YAML text that loads back to an equal scenario (`base` as resolved)."""
    expect("scenario", scenario, Scenario, "a Scenario (see load_scenario)")
    return dump_yaml(scenario_to_dict(scenario))
