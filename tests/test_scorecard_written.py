"""A scorecard keeps the result as the entity wrote it (`written`, `counts`), shows a refusal and
a yes/no answer as their word in the sensitivity table, and gives the grid's bounds of a
baseline-relative rule resolved with the entity's baseline when the entity overrides them."""

from __future__ import annotations

import json
from decimal import Decimal

from cpg_score import explain, load_grid, load_results, load_targets, score
from cpg_score.model.scorecard import IndicatorScore, Scorecard
from cpg_score.reports import render, render_sensitivity
from cpg_score.simulate import sensitivity

GRID = """id: rev-grid
label: Every rule written otherwise than as a number
period: 2017
total_points: 1000
axes:
  - id: a1
    label: Axis
    objectives:
      - id: o1
        label: Obj 1
        points: 600
        indicators:
          - {id: bin, label: Binary, unit: share, weight: 1, rule: {type: binary}}
          - id: del
            label: Delay
            unit: number
            weight: 1
            rule: {type: delay, due: "2017-06-30", step: "10 %", months: started}
          - id: cnt
            label: Count
            unit: count
            weight: 1
            rule:
              type: count
              weights: {A: 1, B: 2, C: 3, D: 4}
              refusal: true
              rule: {type: steps, direction: lower, below: "20 %", steps: [{threshold: 10, rate: "50 %"}, {threshold: 5, rate: "100 %"}]}
      - id: o2
        label: Obj 2
        points: 400
        indicators:
          - id: relb
            label: Relative baseline
            unit: share
            rule: {type: relative, target: {baseline: "-5 %"}, floor: baseline}
"""

RESULTS = """grid: rev-grid
entity: melun
period: 2017
results:
  bin: oui
  del: "2017-08-12"
  cnt: {cnt}
  relb: {{value: "12 %", baseline: "15 %"}}
"""

TARGETS = """grid: rev-grid
period: 2017
policy: override
entities:
  melun: {relb: {target: "5 %"}}
"""


def _card(cnt: str = "{counts: {A: 2, C: 1}}") -> Scorecard:
    grid = load_grid(GRID)
    return score(grid, load_results(RESULTS.format(cnt=cnt), grid))


def _indicator(card: Scorecard, iid: str) -> IndicatorScore:
    return next(i for a in card.axes for o in a.objectives for i in o.indicators if i.id == iid)


def _json_indicator(card: Scorecard, iid: str) -> dict[str, object]:
    data = json.loads(render(card, "json"))
    found = [i for o in data["objectives"] for i in o["indicators"] if i["id"] == iid]
    return dict(found[0])


def test_a_yes_keeps_its_word() -> None:
    assert ("oui", Decimal(1)) == (_indicator(_card(), "bin").written, _indicator(_card(), "bin").value)


def test_a_delivery_date_keeps_its_text() -> None:
    assert "2017-08-12" == _indicator(_card(), "del").written


def test_counts_are_kept_as_written() -> None:
    assert (("A", Decimal(2)), ("C", Decimal(1))) == _indicator(_card(), "cnt").counts


def test_a_refusal_keeps_its_word() -> None:
    assert "refus" == _indicator(_card("refus"), "cnt").written


def test_a_number_keeps_no_written_form() -> None:
    assert ("", ()) == (_indicator(_card(), "relb").written, _indicator(_card(), "relb").counts)


def test_the_json_gives_the_written_form_beside_the_value() -> None:
    shown = _json_indicator(_card(), "del")
    assert ("2017-08-12", "1.38709677419") == (shown["written"], str(shown["value"])[:13])


def test_the_json_gives_the_counts_as_decimal_text() -> None:
    assert {"A": "2", "C": "1"} == _json_indicator(_card(), "cnt")["counts"]


def test_the_json_leaves_written_out_for_a_number() -> None:
    shown = _json_indicator(_card(), "relb")
    assert (False, False) == ("written" in shown, "counts" in shown)


def test_the_sensitivity_table_shows_a_refusal_as_its_word() -> None:
    grid = load_grid(GRID)
    results = load_results(RESULTS.format(cnt="refus"), grid)
    text = render_sensitivity(sensitivity(grid, results), "csv", "en")
    row = next(line for line in text.splitlines() if line.startswith("cnt,"))
    assert "cnt,count,refusal" == ",".join(row.split(",")[i] for i in (0, 2, 3))


def test_the_sensitivity_table_shows_a_yes_as_its_word_in_french() -> None:
    grid = load_grid(GRID)
    text = render_sensitivity(sensitivity(grid, load_results(RESULTS.format(cnt="3"), grid)), "csv", "fr")
    row = next(line for line in text.splitlines() if line.startswith("bin"))
    assert "oui" == row.split(";" if ";" in row else ",")[3]


def test_the_grid_target_of_a_baseline_rule_is_resolved_with_the_baseline() -> None:
    grid = load_grid(GRID)
    card = score(grid, load_results(RESULTS.format(cnt="3"), grid), targets=load_targets(TARGETS, grid))
    bounds = _indicator(card, "relb").bounds
    assert bounds is not None
    assert (Decimal("0.15"), Decimal("0.10")) == (bounds.grid_floor, bounds.grid_target)


def test_explain_names_the_grid_target_an_entity_target_replaces() -> None:
    grid = load_grid(GRID)
    results = load_results(RESULTS.format(cnt="3"), grid)
    steps = render(explain(grid, results, "relb", targets=load_targets(TARGETS, grid)), "table", "en")
    assert "the entity's target 5 % replaces the grid's 10 %" in steps
