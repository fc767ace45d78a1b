"""`explain`: the inputs, rule, arithmetic, rate and points of one figure (API and CLI)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cpg_score import CpgScoreError, explain, load_grid, load_results
from cpg_score.cli import main
from cpg_score.reports import render

from .conftest import OBJECTIVES

LOCAL = OBJECTIVES / "elsm-2019-local.yaml"
CARDS = OBJECTIVES / "results" / "2019" / "elsm"


def _explain(entity: str, item: str):  # type: ignore[no-untyped-def]
    grid = load_grid(LOCAL)
    return explain(grid, load_results(CARDS / f"{entity}.yaml", grid), item)


def test_indicator_inputs_rule_and_arithmetic() -> None:
    e = _explain("elsm-charente", "invalidite-instruites-60j")
    assert ("value", "0.987") in e.inputs
    assert ("volume", "515") in e.inputs
    expected = {"type": "linear", "floor": "0.7", "target": "0.95"}
    assert expected == e.rule
    assert "clamp((0.987 - 0.7) / (0.95 - 0.7), 0, 1) = 1" in e.steps[0]


def test_indicator_rate_and_points() -> None:
    e = _explain("elsm-landes", "invalidite-instruites-60j")
    assert (Decimal(0), Decimal(0), Decimal(150)) == (e.rate, e.points, e.max)


def test_linear_rate_arithmetic_is_exact() -> None:
    # Pau's argued ALD: (0.755 - 0.75) / (0.95 - 0.75) = 0.025; 300 points / 3 indicators x 0.025 = 2.5.
    e = _explain("elsm-pau", "ald-argumentees-14j")
    assert (Decimal("0.025"), Decimal("2.5")) == (e.rate, e.points)


def test_objective_explains_mean_and_each_indicator() -> None:
    e = _explain("elsm-gironde", "ald")
    expected = ["ald-declaratives-14j", "ald-argumentees-14j", "ald-protocoles-electroniques"]
    assert expected == [p.id for p in e.parts]
    assert e.steps[1].startswith("rate = sum(weight x rate) / sum(weight) = (")


def test_neutralised_indicator_says_why() -> None:
    e = _explain("elsm-creuse", "ald-argumentees-14j")
    assert e.rate is None
    assert e.neutralised is not None
    assert "libellé répété" in e.neutralised


def test_unknown_id_suggests() -> None:
    with pytest.raises(CpgScoreError, match="did you mean 'invalidite'"):
        _explain("elsm-creuse", "invalidit")


def test_cli_text(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", "--lang", "en", str(LOCAL), str(CARDS / "elsm-vienne.yaml"), "adhesions-prado"])
    out = capsys.readouterr().out
    assert code == 0
    assert "result 462 reaches no step (first: >= 500): rate = 0" in out
    assert "rule: steps" in out


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", str(LOCAL), str(CARDS / "elsm-vienne.yaml"), "contacts-offreurs", "-f", "json"])
    data = json.loads(capsys.readouterr().out)
    expected = (0, "objective", 2)
    assert expected == (code, data["kind"], len(data["parts"]))


def test_cli_unknown_id_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", "--lang", "en", str(LOCAL), str(CARDS / "elsm-vienne.yaml"), "nope"])
    assert code == 2
    assert "no indicator or objective 'nope'" in capsys.readouterr().err


DEMO = OBJECTIVES.parent / "docs" / "examples"


def _demo(results: str, item: str):  # type: ignore[no-untyped-def]
    grid = load_grid(DEMO / "rules-advanced-grid.yaml")
    return explain(grid, load_results(DEMO / results, grid), item)


def test_bonus_shown_apart_from_base() -> None:
    e = _demo("rules-advanced-results.yaml", "delais")
    assert (Decimal(51), Decimal(6), Decimal(60)) == (e.points, e.bonus, e.max)
    assert "points: 51.00 / 60.00 (base 45.00 + bonus 6.00)" in render(e, "table", "en")


def test_improvement_says_which_counted() -> None:
    e = _demo("rules-advanced-results.yaml", "invalidite-60j")
    assert "counted: improvement" in e.steps


def test_min_volume_neutralisation_explained() -> None:
    e = _demo("rules-advanced-small.yaml", "ald-14j")
    assert e.neutralised == "volume 29 below the minimum volume 30 (min_volume of indicator 'ald-14j')"


def test_band_edge_explained() -> None:
    e = _demo("rules-advanced-results.yaml", "delai-moyen")
    assert e.steps[0] == (
        "result 20 <= 20: band (décile 5) earns 5 points / 10 points = 0.5; edge rule: lower bound inclusive"
    )


def test_the_counted_weights_are_summed_exactly() -> None:
    grid = load_grid(
        "id: g\nlabel: G\nperiod: 2019\ntotal_points: 10\naxes:\n- id: a\n  label: A\n  objectives:\n"
        "  - id: o\n    label: O\n    points: 10\n    indicators:\n"
        "    - {id: c1, label: C1, unit: share, weight: 1, rule: {type: rate}}\n"
        "    - {id: c2, label: C2, unit: share, weight: 0.000000000000000000000000000001, rule: {type: rate}}\n"
    )
    results = load_results("grid: g\nperiod: 2019\nentity: {id: e}\nresults: {c1: 1, c2: 1}\n", grid)
    text = render(explain(grid, results, "o"), "table", "en")
    assert "1.000000000000000000000000000001" in text
