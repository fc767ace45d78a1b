"""Reading bounds files (plan to a target): `default_cost` and `levers`."""

from __future__ import annotations

from decimal import Decimal

from cpg_score._numbers import ONE, ZERO
from cpg_score.errors import (
    PlanError,
    Problem,
    ProblemCode,
)
from cpg_score.io.marked import Limits, Node
from cpg_score.io.marked import Mapping as YamlMapping
from cpg_score.io.reader import Reader, parse_mapping, sorted_problems
from cpg_score.io.source import Source
from cpg_score.model.bounds import Bounds
from cpg_score.model.grid import Grid, Unit

__all__ = ["load_bounds"]


def load_bounds(source: Source, grid: Grid | None = None, *, limits: Limits | None = None) -> Bounds:
    """Load bounds and costs from YAML:

    ```yaml
    default_cost: 1
    levers:
      fraude: {limit: 97 %, cost: 2}
      transport: {fixed: true}
    ```

    Raises:
        PlanError: The file is invalid (every problem with file, line and column).
    """
    r, m = parse_mapping(source, limits, PlanError, [], ["default_cost", "levers", "description"])
    default_cost = ONE
    if m.get("default_cost") is not None:
        read = r.number(m.get("default_cost"), "$.default_cost", minimum=ZERO)
        default_cost = read if read is not None else ONE
    r.text(m.get("description"), "$.description", "")
    bound_limits: dict[str, Decimal] = {}
    costs: dict[str, Decimal] = {}
    fixed: set[str] = set()
    lm = m.get("levers")
    if lm is not None:
        entries = lm if isinstance(lm, YamlMapping) else None
        if entries is None:
            r.error(
                lm,
                "$.levers",
                "expected a mapping of result id to {limit, cost, fixed}",
                ProblemCode.WRONG_TYPE,
            )
        for key, node, path, unit in (
            r.result_entries(entries, "$.levers", grid) if entries is not None else ()
        ):
            _read_lever(r, key.text, node, path, unit, (bound_limits, costs, fixed))
    if r.problems:
        raise PlanError(sorted_problems(r.problems) or [Problem(message="invalid bounds", file=r.file)])
    return Bounds(bound_limits, costs, frozenset(fixed), default_cost)


def _read_lever(
    r: Reader,
    lever: str,
    node: Node,
    path: str,
    unit: Unit | None,
    into: tuple[dict[str, Decimal], dict[str, Decimal], set[str]],
) -> None:
    """One lever's `{limit, cost, fixed}`, added to the limits, costs and fixed levers."""
    bound_limits, costs, fixed = into
    item = r.mapping(node, path, [], ["limit", "cost", "fixed"])
    if item is None:
        return
    if item.get("limit") is not None:
        value = r.number(item.get("limit"), f"{path}.limit", unit=unit, allow_percent=unit is None)
        if value is not None:
            bound_limits[lever] = value
    if item.get("cost") is not None:
        value = r.number(item.get("cost"), f"{path}.cost", minimum=ZERO)
        if value is not None:
            costs[lever] = value
    if item.get("fixed") is not None:
        flag = r.choice(item.get("fixed"), f"{path}.fixed", ["true", "false"], "false")
        if flag == "true":
            fixed.add(lever)
