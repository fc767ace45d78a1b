"""Per-entity floors and targets: results entries and targets files, `override` and
`most-favourable`, validated like the grid's, shown in the scorecard, explain and reports."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpg_score import ResultsError, explain, load_grid, load_results, render, score
from cpg_score.cli import main
from cpg_score.io.dump import dump_results
from cpg_score.io.kind import FileKind, file_kind
from cpg_score.io.targets import load_targets
from cpg_score.model.entity import TargetPolicy
from cpg_score.model.rules import BinaryRule, LinearRule, StepsRule
from cpg_score.model.rules.steps import Step
from cpg_score.model.targets import Bounds, MostFavourableRule, Targets
from cpg_score.simulate import levers

from .conftest import DATA

ENTITY = DATA / "entity"
GRID = ENTITY / "grid.yaml"
RESULTS = ENTITY / "results.yaml"
TARGETS = ENTITY / "targets.yaml"

HEAD = "entity: {id: urssaf-idf, label: Urssaf IdF}\ngrid: entity-test-2017\nperiod: 2017\n"
OTHERS = '  qualite-reponse: 17\n  conformite: "92 %"\n  paliers: "85 %"\n  direct: "50 %"\n'


def _results(entry: str, head: str = "") -> str:
    return HEAD + head + "results:\n  taux-decroche: " + entry + "\n" + OTHERS


@pytest.fixture(scope="module")
def grid():  # type: ignore[no-untyped-def]
    return load_grid(GRID)


# -- the rule hook ---------------------------------------------------------------------


def test_linear_with_bounds_replaces_the_target_only() -> None:
    rule = LinearRule(floor=Decimal("0.75"), target=Decimal("0.85"))
    assert LinearRule(floor=Decimal("0.75"), target=Decimal("0.88")) == rule.with_bounds(
        target=Decimal("0.88")
    )


def test_linear_with_bounds_keeps_the_cap() -> None:
    rule = LinearRule(floor=Decimal(0), target=Decimal(1), cap=Decimal("1.2"))
    assert Decimal("1.2") == rule.with_bounds(floor=Decimal("0.5")).cap


def test_linear_with_bounds_refuses_a_floor_equal_to_the_target() -> None:
    rule = LinearRule(floor=Decimal("0.75"), target=Decimal("0.85"))
    with pytest.raises(ValueError, match="floor must differ from target"):
        rule.with_bounds(floor=Decimal("0.85"))


def test_binary_with_bounds_takes_the_target_as_threshold() -> None:
    rule = BinaryRule(threshold=Decimal("0.9"))
    assert Decimal("0.95") == rule.with_bounds(target=Decimal("0.95")).threshold


def test_binary_without_threshold_has_no_bounds() -> None:
    assert None is BinaryRule().with_bounds(target=Decimal("0.95"))


def test_a_rule_without_bounds_says_so() -> None:
    rule = StepsRule(steps=[Step(threshold=Decimal("0.8"), rate=Decimal(1))])
    assert None is rule.with_bounds(target=Decimal("0.9"))


def test_most_favourable_rule_takes_the_higher_rate() -> None:
    grid_rule = LinearRule(floor=Decimal("0.75"), target=Decimal("0.85"))
    rule = MostFavourableRule(grid_rule, grid_rule.with_bounds(target=Decimal("0.80")))
    assert Fraction(3, 5) == rule.achievement(Decimal("0.78"))


@given(
    st.decimals(min_value=0, max_value=1, places=3),
    st.decimals(min_value=0, max_value=1, places=3),
    st.decimals(min_value="0.51", max_value="0.99", places=2),
)
def test_most_favourable_is_monotone_and_within_0_and_1(a: Decimal, b: Decimal, target: Decimal) -> None:
    grid_rule = LinearRule(floor=Decimal("0.5"), target=Decimal(1))
    rule = MostFavourableRule(grid_rule, grid_rule.with_bounds(target=target))
    low, high = sorted((a, b))
    assert (True, True) == (0 <= rule.achievement(low) <= rule.achievement(high) <= 1, True)


# -- reading ---------------------------------------------------------------------------


def test_results_read_the_entity_bounds(grid) -> None:  # type: ignore[no-untyped-def]
    results = load_results(RESULTS, grid)
    value = results.get("taux-decroche")
    assert (Decimal("0.80"), Decimal("0.88")) == (value.floor, value.target)


def test_results_read_the_target_policy(grid) -> None:  # type: ignore[no-untyped-def]
    results = load_results(
        _results('{value: "83 %", target: "88 %"}', "target_policy: most-favourable\n"), grid
    )
    assert TargetPolicy.MOST_FAVOURABLE == results.target_policy


def test_results_default_policy_is_override(grid) -> None:  # type: ignore[no-untyped-def]
    assert TargetPolicy.OVERRIDE == load_results(RESULTS, grid).target_policy


def test_bounds_on_a_direct_objective_are_refused(grid) -> None:  # type: ignore[no-untyped-def]
    text = (
        HEAD
        + 'results:\n  taux-decroche: "83 %"\n'
        + OTHERS.replace('"50 %"', '{value: "50 %", target: "60 %"}')
    )
    with pytest.raises(ResultsError, match="takes its rate directly"):
        load_results(text, grid)


def test_targets_file_is_its_own_kind() -> None:
    assert FileKind.TARGETS == file_kind(TARGETS)


def test_totals_file_stays_totals() -> None:
    assert FileKind.TOTALS == file_kind("period: 2019\nentities: {}\n")


def test_targets_file_reads_every_entity(grid) -> None:  # type: ignore[no-untyped-def]
    targets = load_targets(TARGETS, grid)
    assert ["urssaf-idf", "urssaf-bretagne"] == [eid for eid, _ in targets.entities]


def test_targets_file_reads_policy_and_bounds(grid) -> None:  # type: ignore[no-untyped-def]
    targets = load_targets(TARGETS, grid)
    expected = (Bounds(indicator="qualite-reponse", floor=Decimal(16), target=Decimal(17)),)
    assert (TargetPolicy.MOST_FAVOURABLE, expected) == (targets.policy, targets.for_entity("urssaf-idf")[1:])


def test_targets_file_unknown_indicator_suggests_one(grid) -> None:  # type: ignore[no-untyped-def]
    text = "grid: entity-test-2017\nperiod: 2017\nentities:\n  e: {taux-decroch: {target: 0.9}}\n"
    with pytest.raises(ResultsError) as caught:
        load_targets(text, grid)
    assert "did you mean 'taux-decroche'?" in str(caught.value)


def test_targets_file_for_another_grid_is_refused(grid) -> None:  # type: ignore[no-untyped-def]
    text = "grid: other\nperiod: 2017\nentities: {}\n"
    with pytest.raises(ResultsError, match="targets are for grid 'other'"):
        load_targets(text, grid)


def test_targets_file_rule_without_bounds_is_located(grid) -> None:  # type: ignore[no-untyped-def]
    text = "grid: entity-test-2017\nperiod: 2017\nentities:\n  e: {paliers: {target: 0.9}}\n"
    with pytest.raises(ResultsError) as caught:
        load_targets(text, grid)
    problem = caught.value.problems[0]
    expected = (4, "the rule of indicator 'paliers' (steps) has no floor or target to override")
    assert expected == (problem.line, problem.message)


def test_targets_apply_leaves_an_entity_not_named_unchanged(grid) -> None:  # type: ignore[no-untyped-def]
    results = load_results(RESULTS, grid)
    targets = Targets(grid="entity-test-2017", period=2017, entities={"other": ()})
    assert results is targets.apply(results)


def test_targets_apply_for_another_period_raises(grid) -> None:  # type: ignore[no-untyped-def]
    results = load_results(RESULTS, grid)
    with pytest.raises(ValueError, match="the targets are for grid"):
        Targets(grid="entity-test-2017", period=2018).apply(results)


def test_dumped_results_keep_their_bounds_and_policy(grid) -> None:  # type: ignore[no-untyped-def]
    results = load_results(
        _results('{value: "83 %", target: "88 %"}', "target_policy: most-favourable\n"), grid
    )
    assert results == load_results(dump_results(results), grid)


# -- scoring ---------------------------------------------------------------------------


def test_override_scores_with_the_entity_bounds(grid) -> None:  # type: ignore[no-untyped-def]
    card = score(grid, load_results(RESULTS, grid))
    # (0.83 - 0.80) / (0.88 - 0.80) = 3/8
    assert Fraction(3, 8) == card.item("taux-decroche").rate


def test_most_favourable_keeps_the_grid_when_better(grid) -> None:  # type: ignore[no-untyped-def]
    card = score(grid, load_results(RESULTS, grid), targets=load_targets(TARGETS, grid))
    # the grid's (0.83 - 0.75) / (0.85 - 0.75) = 4/5 beats the entity's 3/8
    bounds = card.item("taux-decroche").bounds
    assert (Fraction(4, 5), False) == (card.item("taux-decroche").rate, bounds.entity_counts)


def test_most_favourable_keeps_the_entity_when_better(grid) -> None:  # type: ignore[no-untyped-def]
    card = score(grid, load_results(RESULTS, grid), targets=load_targets(TARGETS, grid))
    assert Fraction(1) == card.item("qualite-reponse").rate


def test_the_recouvrement_formula_with_an_entity_target(grid) -> None:  # type: ignore[no-untyped-def]
    # « (valeur de l'indicateur – seuil)/(cible – seuil) » with the CPG target 88 % and the seuil 75 %
    results = load_results(_results('{value: "83 %", target: "88 %"}'), grid)
    value, floor, target = Fraction(83, 100), Fraction(75, 100), Fraction(88, 100)
    assert (value - floor) / (target - floor) == score(grid, results).item("taux-decroche").rate


def test_results_without_bounds_score_as_before(grid) -> None:  # type: ignore[no-untyped-def]
    card = score(grid, load_results(_results('"83 %"'), grid))
    assert (Fraction(4, 5), None) == (card.item("taux-decroche").rate, card.item("taux-decroche").bounds)


def test_score_refuses_bounds_the_rule_cannot_take(grid) -> None:  # type: ignore[no-untyped-def]
    results = load_results(_results('"83 %"'), grid)
    bad = Targets(
        grid="entity-test-2017",
        period=2017,
        entities={"urssaf-idf": (Bounds(indicator="paliers", target=Decimal(1)),)},
    )
    with pytest.raises(ResultsError, match="has no floor or target to override"):
        score(grid, results, targets=bad)


def test_bounds_reversing_the_direction_are_refused(grid) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ResultsError, match="turn its direction from higher to lower"):
        load_results(_results('{value: "83 %", target: "70 %"}'), grid)


def test_json_carries_the_bounds_used(grid) -> None:  # type: ignore[no-untyped-def]
    card = score(grid, load_results(RESULTS, grid), targets=load_targets(TARGETS, grid))
    data = card.to_dict()["objectives"][0]["indicators"][0]["bounds"]
    expected = {
        "policy": "most-favourable",
        "floor": "0.8",
        "target": "0.88",
        "grid_floor": "0.75",
        "grid_target": "0.85",
        "rate": "0.375",
        "grid_rate": "0.8",
        "counted": "grid",
    }
    assert expected == data


@given(st.decimals(min_value=0, max_value=1, places=4), st.decimals(min_value=0, max_value=1, places=4))
def test_entity_target_rate_is_monotone_and_bounded(a: Decimal, b: Decimal) -> None:
    grid = load_grid(GRID)
    low, high = sorted((a, b))
    rates = [
        score(grid, load_results(_results(f'{{value: "{v}", target: "0.9"}}'), grid))
        .item("taux-decroche")
        .rate
        for v in (low, high)
    ]
    assert (True, True) == (0 <= rates[0] <= rates[1] <= 1, True)


# -- explain, reports, CLI, simulators --------------------------------------------------


def test_explain_says_the_entity_target_replaces_the_grid(grid) -> None:  # type: ignore[no-untyped-def]
    steps = explain(
        grid, load_results(_results('{value: "83 %", target: "88 %"}'), grid), "taux-decroche"
    ).steps
    assert "the entity's target 88 % replaces the grid's 85 %" == steps[0]


def test_explain_most_favourable_names_both_rates(grid) -> None:  # type: ignore[no-untyped-def]
    item = explain(grid, load_results(RESULTS, grid), "qualite-reponse", targets=load_targets(TARGETS, grid))
    assert "most favourable: the grid's bounds give 0.5, the entity's 1: 1 counts" == item.steps[2]


def test_text_scorecard_shows_the_entity_target(grid) -> None:  # type: ignore[no-untyped-def]
    text = render(score(grid, load_results(RESULTS, grid)), "table", "fr")
    assert "Taux de décroché\u00a0: seuil de l'entité 80\u00a0% (grille\u00a0: 75\u00a0%)" in text


def test_markdown_scorecard_shows_which_bounds_counted(grid) -> None:  # type: ignore[no-untyped-def]
    card = score(grid, load_results(RESULTS, grid), targets=load_targets(TARGETS, grid))
    text = render(card, "markdown", "en")
    assert "most favourable: the grid's (80.00% against 37.50%)" in text


def test_cli_score_with_targets(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["score", str(GRID), str(RESULTS), "--targets", str(TARGETS), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert (0, "1") == (code, data["objectives"][0]["indicators"][1]["exact"]["rate"])


def test_cli_score_with_a_bad_targets_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "targets.yaml"
    bad.write_text(
        "grid: entity-test-2017\nperiod: 2017\nentities:\n  e: {nope: {target: 1}}\n", encoding="utf-8"
    )
    code = main(["score", "--lang", "en", str(GRID), str(RESULTS), "--targets", str(bad)])
    assert (2, True) == (code, "no indicator or objective 'nope'" in capsys.readouterr().err)


def test_levers_use_the_entity_rule(grid) -> None:  # type: ignore[no-untyped-def]
    found = levers(grid, load_results(RESULTS, grid)).by_id()["taux-decroche"]
    assert LinearRule(floor=Decimal("0.80"), target=Decimal("0.88")) == found.rule
