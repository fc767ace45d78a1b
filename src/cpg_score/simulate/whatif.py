"""What-if: score a base results file with some values overridden, side by side with the base.

A scenario file (YAML) names its base results file (a path relative to the scenario file),
gives a label and overrides values by result id:

```yaml
label: Fraude à 97 %
base: ../objectives/results/2019/drsm-centre-ouest.yaml
overrides:
  fraude: 97 %
  teleservices: 0.95
```

`compare` scores the base and every scenario exactly and gives
the points of each objective, axis and the total, with the delta of each scenario against its base.
Deltas are exact (`Fraction`s); tables round every figure half up once, the JSON gives their
exact decimal text.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from attrs import field, frozen

from cpg_score._args import expect, expect_exact
from cpg_score._convert import to_tuple
from cpg_score._numbers import Exact, decimal_text, to_fraction
from cpg_score.errors import CpgScoreError, Problem, ProblemCode, ScenarioError, Suggestions, unknown_item
from cpg_score.io.dump import dump_yaml
from cpg_score.io.marked import Limits, Mapping, child_path
from cpg_score.io.reader import Reader, parse, sorted_problems
from cpg_score.io.source import Source, referenced_path
from cpg_score.model.grid import Grid, Results
from cpg_score.model.scorecard import Scorecard
from cpg_score.render._simulate import check_format, exact_text, fmt, render_table
from cpg_score.scoring.engine import score

__all__ = [
    "Comparison",
    "Scenario",
    "ScenarioError",
    "apply_scenario",
    "compare",
    "dump_scenario",
    "load_scenario",
    "render_comparison",
    "scenario_to_dict",
]

#: The JSON shape of a comparison.
WHATIF_FORMAT = "cpg-score/whatif@1"


def _overrides(instance: Any, attribute: Any, value: tuple[Any, ...]) -> None:
    for index, pair in enumerate(value):
        expect(f"overrides[{index}]", pair, tuple, "a (result id, value) pair")
        if len(pair) != 2:
            raise ValueError(f"overrides[{index}] must be a (result id, value) pair, got {len(pair)} items")
        expect(f"overrides[{index}] id", pair[0], str, "a result id")
        expect_exact(f"overrides[{index}] value", pair[1])


@frozen
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
    overrides: tuple[tuple[str, Decimal], ...] = field(converter=to_tuple, validator=_overrides)
    base: Path | None = None
    source: str = field(default="", eq=False)
    description: str = ""
    id: str = ""


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
    root, name = parse(source, limits, ScenarioError)
    r = Reader(name)
    m = r.mapping(root, "$", _KEYS, _OPTIONAL)
    if m is None:
        raise ScenarioError(r.problems)
    label = r.text(m.get("label"), "$.label")
    description = r.text(m.get("description"), "$.description", "")
    scenario_id = r.ident(m.get("id"), "$.id") if m.get("id") is not None else ""
    base: Path | None = None
    if with_base and m.get("base") is not None:
        text = r.text(m.get("base"), "$.base")
        if text is not None:
            try:
                base = Path(referenced_path(text, name))
            except ValueError as exc:
                r.error(m.get("base"), "$.base", f"base {exc}")
    overrides: list[tuple[str, Decimal]] = []
    om = m.get("overrides")
    if om is not None and not isinstance(om, Mapping):
        r.error(om, "$.overrides", "expected a mapping of result id to value")
    elif isinstance(om, Mapping):
        if not om.entries:
            r.error(om, "$.overrides", "a scenario needs at least one override")
        scored = frozenset(grid.scored_ids() if grid is not None else ())
        suggestions = Suggestions(scored)
        for key, node in om.entries:
            path = child_path("$.overrides", key.text)
            if grid is not None and key.text not in scored:
                r.error(key, path, unknown_item(key.text, grid.id, suggestions), ProblemCode.UNKNOWN_ITEM)
                continue
            unit = grid.unit_of(key.text) if grid is not None else None
            value = r.number(node, path, unit=unit, allow_percent=unit is None)
            if value is not None:
                overrides.append((key.text, value))
    if r.problems or label is None or description is None or scenario_id is None:
        raise ScenarioError(sorted_problems(r.problems) or [Problem(message="invalid scenario", file=name)])
    return Scenario(label, overrides, base, name, description, scenario_id)


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


def apply_scenario(results: Results, scenario: Scenario) -> Results:
    """The results with the scenario's overrides applied.

    Raises:
        ScenarioError: An override names a result the base results do not have.
        TypeError: `results` is not a `Results` or `scenario` not a `Scenario`.
    """
    expect("results", results, Results, "a Results")
    expect("scenario", scenario, Scenario, "a Scenario")
    try:
        return results.replace_values(**dict(scenario.overrides))
    except KeyError as exc:
        raise ScenarioError(
            [
                Problem(
                    message=f"the base results have no result to override: {exc.args[0]}",
                    file=scenario.source or "<scenario>",
                    code=ProblemCode.UNKNOWN_ITEM,
                )
            ]
        ) from None


@frozen
class Comparison:
    """A base scorecard and one scorecard per scenario.

    Attributes:
        base: The base scorecard.
        scenarios: `(scenario, its scorecard)` pairs.
    """

    base: Scorecard
    scenarios: tuple[tuple[Scenario, Scorecard], ...] = field(converter=to_tuple)

    def rows(self) -> list[dict[str, Any]]:
        """One row per objective, axis (after its objectives) and the total, with the deltas.

        `base` and `points` are the scorecards' exact points; `delta` is an exact `Fraction`.
        """
        out: list[dict[str, Any]] = []

        def row(kind: str, rid: str, label: str, base: Exact, values: Sequence[Exact]) -> dict[str, Any]:
            return {
                "kind": kind,
                "id": rid,
                "label": label,
                "base": base,
                "scenarios": [{"points": v, "delta": _delta(v, base)} for v in values],
            }

        for a_index, axis in enumerate(self.base.axes):
            for o_index, objective in enumerate(axis.objectives):
                values = [card.axes[a_index].objectives[o_index].points for _, card in self.scenarios]
                out.append(row("objective", objective.id, objective.label, objective.points, values))
            values = [card.axes[a_index].points for _, card in self.scenarios]
            out.append(row("axis", axis.id, axis.label, axis.points, values))
        values = [card.total.points for _, card in self.scenarios]
        out.append(row("total", "total", "Total", self.base.total.points, values))
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: exact numbers as decimal text (exact when it terminates)."""
        rows = [
            {
                **row,
                "base": exact_text(row["base"]),
                "scenarios": [
                    {"points": exact_text(item["points"]), "delta": exact_text(item["delta"])}
                    for item in row["scenarios"]
                ],
            }
            for row in self.rows()
        ]
        return {
            "format": WHATIF_FORMAT,
            "grid": self.base.grid_id,
            "entity": self.base.entity.id,
            "scenarios": [{"label": s.label, "source": s.source} for s, _ in self.scenarios],
            "rows": rows,
        }


def _delta(value: Exact, base: Exact) -> Fraction:
    """value - base, exactly (whatever exact types the scorecards use)."""
    return to_fraction(value) - to_fraction(base)


def compare(grid: Grid, base: Results, scenarios: Sequence[Scenario]) -> Comparison:
    """Score the base results and each scenario applied to them, exactly.

    Args:
        grid: The grid.
        base: The base results (every scenario overrides these).
        scenarios: The scenarios.

    Returns:
        The comparison.

    Raises:
        ScenarioError: A scenario overrides a result the base does not have.
        ResultsError: The results do not fit the grid.
        TypeError: An argument is not of its type.
    """
    expect("grid", grid, Grid, "a Grid")
    expect("base", base, Results, "a Results")
    expect("scenarios", scenarios, Sequence, "a sequence of Scenario")
    for index, scenario in enumerate(scenarios):
        expect(f"scenarios[{index}]", scenario, Scenario, "a Scenario")
    if not scenarios:
        raise CpgScoreError("give at least one scenario")
    base_card = score(grid, base)
    return Comparison(base_card, [(s, score(grid, apply_scenario(base, s))) for s in scenarios])


def render_comparison(comparison: Comparison, fmt_name: str = "table") -> str:
    """Render a comparison as `table`, `markdown`, `csv` or `json`."""
    expect("comparison", comparison, Comparison, "a Comparison")
    check_format(fmt_name)
    places = comparison.base.rounding.points
    headers = ["id", "base"]
    for scenario, _ in comparison.scenarios:
        headers.extend([scenario.label, "delta"])
    rows = []
    for row in comparison.rows():
        rid = row["id"] if row["kind"] != "axis" else f"[{row['id']}]"
        rid = "TOTAL" if row["kind"] == "total" else rid
        cells = [rid, fmt(row["base"], places)]
        for item in row["scenarios"]:
            cells.extend([fmt(item["points"], places), fmt(item["delta"], places, signed=True)])
        rows.append(cells)
    title = (
        f"What-if: {comparison.base.entity.label or comparison.base.entity.id} on {comparison.base.grid_id}"
    )
    notes = [
        f"- {s.label}: " + ", ".join(f"{i} = {decimal_text(v)}" for i, v in s.overrides)
        for s, _ in comparison.scenarios
    ]
    return render_table(title, headers, rows, fmt_name, comparison.to_dict(), notes)
