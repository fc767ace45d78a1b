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
from fractions import Fraction
from typing import Any, ClassVar

from attrs import field, frozen

from cpg_score._args import expect
from cpg_score._convert import to_tuple
from cpg_score._display import Tabular, check_lang
from cpg_score._numbers import Exact, exact_text, to_fraction
from cpg_score.errors import CpgScoreError, Problem, ProblemCode, ScenarioError
from cpg_score.model.grid import Grid, Results
from cpg_score.model.records import total_label
from cpg_score.model.scenario import Scenario
from cpg_score.model.scorecard import Scorecard
from cpg_score.scoring import score
from cpg_score.simulate._common import Words, json_head

__all__ = [
    "Comparison",
    "RowKind",
    "Scenario",
    "ScenarioError",
    "apply_scenario",
    "compare",
]

#: The JSON shape of a comparison.
WHATIF_FORMAT = "cpg-score/whatif@1"
#: The keys of a comparison's records (`Comparison.to_records`), in column order.
WHATIF_COLUMNS = ("kind", "id", "label", "scenario", "base", "points", "delta")


class RowKind(Words):
    """What a row of a comparison is (as written in its JSON shape)."""

    OBJECTIVE = "objective"
    AXIS = "axis"
    TOTAL = "total"


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
class Comparison(Tabular):
    """A base scorecard and one scorecard per scenario.

    Attributes:
        base: The base scorecard.
        scenarios: `(scenario, its scorecard)` pairs.
    """

    base: Scorecard
    scenarios: tuple[tuple[Scenario, Scorecard], ...] = field(converter=to_tuple)

    def rows(self) -> list[dict[str, Any]]:
        """One row per objective, axis (after its objectives) and the total, with the deltas.

        `kind` is a `RowKind`; `base` and `points` are the scorecards' exact points; `delta` is
        an exact `Fraction`.
        """
        out: list[dict[str, Any]] = []

        def row(kind: RowKind, rid: str, label: str, base: Exact, values: Sequence[Exact]) -> dict[str, Any]:
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
                out.append(row(RowKind.OBJECTIVE, objective.id, objective.label, objective.points, values))
            values = [card.axes[a_index].points for _, card in self.scenarios]
            out.append(row(RowKind.AXIS, axis.id, axis.label, axis.points, values))
        values = [card.total.points for _, card in self.scenarios]
        out.append(row(RowKind.TOTAL, "total", "Total", self.base.total.points, values))
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: exact numbers as decimal text (exact when it terminates)."""
        rows = [
            {
                **row,
                "kind": row["kind"].value,
                "base": exact_text(row["base"]),
                "scenarios": [
                    {"points": exact_text(item["points"]), "delta": exact_text(item["delta"])}
                    for item in row["scenarios"]
                ],
            }
            for row in self.rows()
        ]
        return {
            **json_head(WHATIF_FORMAT, self.base.grid_id, self.base.entity.id),
            "scenarios": [{"label": s.label, "source": s.source} for s, _ in self.scenarios],
            "rows": rows,
        }

    COLUMNS: ClassVar[tuple[str, ...]] = WHATIF_COLUMNS

    def to_records(self, *, lang: str | None = None) -> list[dict[str, Any]]:
        """One plain dict per row and scenario, exact (`WHATIF_COLUMNS`).

        Keys: `kind` (`objective`, `axis`, `total`), `id`, `label` (the total's: None, or its
        label in `lang`), `scenario` (its label), `base` (the base's points), `points` (the
        scenario's) and `delta` (points - base), all exact `Fraction`s.

        Args:
            lang: `fr` or `en` to label the total in words; None: no words.

        Raises:
            ValueError: `lang` is not `fr` or `en`.
        """
        if lang is not None:
            check_lang(lang)
        out: list[dict[str, Any]] = []
        for row in self.rows():
            total = row["kind"] is RowKind.TOTAL
            label = total_label(self.base, lang) if total else row["label"]
            for (scenario, _), item in zip(self.scenarios, row["scenarios"], strict=True):
                out.append(
                    {
                        "kind": row["kind"].value,
                        "id": row["id"],
                        "label": label,
                        "scenario": scenario.label,
                        "base": to_fraction(row["base"]),
                        "points": to_fraction(item["points"]),
                        "delta": item["delta"],
                    }
                )
        return out


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
