"""Records and data frames of scorecards and simulation results: stable keys, exact numbers,
pandas optional (MissingExtraError naming the extra), memory flat for Monte Carlo."""

from __future__ import annotations

import ast
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from cpg_score import (
    Grid,
    Results,
    Scorecard,
    cards_to_frame,
    cards_to_records,
    load_grid,
    load_results,
    score,
)
from cpg_score._numbers import decimal_text, exact_text
from cpg_score.errors import MissingExtraError
from cpg_score.io import load_profit_sharing, load_scenario, load_series
from cpg_score.io.targets import load_targets
from cpg_score.model.records import SCORECARD_COLUMNS
from cpg_score.reports import _notebook  # noqa: F401 (it fills the hooks: the words of a reason, a total)
from cpg_score.simulate import compare, plan, profit_sharing, project, sensitivity, simulate
from cpg_score.simulate._montecarlo import MONTECARLO_COLUMNS
from cpg_score.simulate._plan import PLAN_COLUMNS
from cpg_score.simulate._projection import PROJECTION_COLUMNS
from cpg_score.simulate._sensitivity import SENSITIVITY_COLUMNS
from cpg_score.simulate._whatif import WHATIF_COLUMNS

from .conftest import DATA, OBJECTIVES, RESULTS_2019, ROOT
from .strategies import CORE_RESULTS, grids, pairs

CENTRE_OUEST = RESULTS_2019 / "drsm-centre-ouest.yaml"
CPAM = OBJECTIVES / "maladie-cpam-2017.yaml"
CPAM_RESULTS = OBJECTIVES / "results" / "illustrative" / "maladie-cpam-2017.yaml"
SCENARIOS = OBJECTIVES / "scenarios" / "2019"
ENTITY = DATA / "entity"


@pytest.fixture(scope="module")
def card_2019(grid_2019: Grid) -> Scorecard:
    return score(grid_2019, load_results(CENTRE_OUEST, grid_2019))


@pytest.fixture(scope="module")
def results_2019(grid_2019: Grid) -> Results:
    return load_results(CENTRE_OUEST, grid_2019)


@pytest.fixture(scope="module")
def card_cpam() -> Scorecard:
    grid = load_grid(CPAM)
    return score(grid, load_results(CPAM_RESULTS, grid))


@pytest.fixture
def no_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    """pandas cannot be imported (as in an install without the `pandas` extra)."""
    monkeypatch.setitem(sys.modules, "pandas", None)


def _by_id(records: list[dict[str, Any]], rid: str) -> dict[str, Any]:
    return next(r for r in records if r["id"] == rid)


# -- scorecard records ---------------------------------------------------------------------


def test_the_total_record_holds_the_exact_2019_points(card_2019: Scorecard) -> None:
    total = card_2019.to_records()[-1]
    assert ("total", Fraction(15529983, 20000), Decimal("77.65")) == (
        total["kind"],
        total["points"],
        total["rate_percent"],
    )


def test_every_scorecard_record_has_the_same_keys(card_cpam: Scorecard) -> None:
    keys = {tuple(record) for record in card_cpam.to_records()}
    assert {SCORECARD_COLUMNS} == keys


def test_a_language_adds_the_reason_key(card_cpam: Scorecard) -> None:
    keys = {tuple(record) for record in card_cpam.to_records(lang="en")}
    assert {(*SCORECARD_COLUMNS, "reason")} == keys


def test_records_follow_the_report_order_total_last(card_cpam: Scorecard) -> None:
    kinds = [r["kind"] for r in card_cpam.to_records()]
    expected = []
    for axis in card_cpam.axes:
        expected.append("axis")
        for objective in axis.objectives:
            expected.append("objective")
            expected.extend("indicator" for _ in objective.indicators)
    assert [*expected, "total"] == kinds


def test_an_indicator_record_holds_its_result_rule_and_objective(card_cpam: Scorecard) -> None:
    indicator = card_cpam.indicators[0]
    record = _by_id(card_cpam.to_records(), indicator.id)
    assert (indicator.objective, indicator.value, indicator.rule, indicator.rate) == (
        record["objective"],
        record["value"],
        record["rule"],
        record["rate"],
    )


def test_a_yes_no_result_keeps_its_written_word(card_cpam: Scorecard) -> None:
    written = [r["written"] for r in card_cpam.to_records() if r["rule"] == "binary"]
    assert "oui" in written


def test_without_a_language_records_hold_no_words(card_2019: Scorecard) -> None:
    transport = _by_id(card_2019.to_records(), "transport")
    assert (True, "given", None, None) == (
        transport["neutralised"],
        transport["cause"],
        transport["rate_percent"],
        transport.get("reason"),
    )


def test_the_french_records_word_the_total_and_the_reason(card_2019: Scorecard) -> None:
    records = card_2019.to_records(lang="fr")
    transport = _by_id(records, "transport")
    assert ("Résultat régional", card_2019.objective("transport").why.text) == (  # type: ignore[union-attr]
        records[-1]["label"],
        transport["reason"],
    )


def test_the_rounded_percent_is_the_cards(card_cpam: Scorecard) -> None:
    records = [r for r in card_cpam.to_records() if not r["neutralised"]]
    assert [card_cpam.percent(r["rate"]) for r in records] == [r["rate_percent"] for r in records]


def test_the_exact_figures_are_those_of_the_json(card_2019: Scorecard) -> None:
    data = card_2019.to_dict()
    objectives = [r for r in card_2019.to_records() if r["kind"] == "objective"]
    assert [o["exact"]["points"] for o in data["objectives"]] == [
        decimal_text(r["points"]) for r in objectives
    ]


def test_an_entitys_own_bounds_are_the_records_floor_and_target() -> None:
    grid = load_grid(ENTITY / "grid.yaml")
    card = score(
        grid,
        load_results(ENTITY / "results.yaml", grid),
        targets=load_targets(ENTITY / "targets.yaml", grid),
    )
    bounds = next(i.bounds for i in card.indicators if i.id == "qualite-reponse")
    record = _by_id(card.to_records(), "qualite-reponse")
    assert bounds is not None
    assert (bounds.used_floor, bounds.used_target) == (record["floor"], record["target"])


#: Scorecards carry the grid they were scored on (its units and rules) once `Scorecard.grid` exists.
needs_grid = pytest.mark.skipif(
    "grid" not in attrs.fields_dict(Scorecard), reason="the scorecard does not carry its grid"
)


@needs_grid
def test_an_indicator_record_gives_its_unit_floor_and_target(card_cpam: Scorecard) -> None:
    record = _by_id(card_cpam.to_records(), "delai-ij")
    assert ("days", Decimal(32), Decimal(29)) == (record["unit"], record["floor"], record["target"])


@needs_grid
def test_a_rule_without_bounds_has_none(card_cpam: Scorecard) -> None:
    record = _by_id(card_cpam.to_records(), "action-planir")
    assert ("binary", None, None) == (record["rule"], record["floor"], record["target"])


@settings(max_examples=30, deadline=None)
@given(pairs(grids(), CORE_RESULTS))
def test_objective_records_add_up_to_the_total(pair: tuple[Grid, Results]) -> None:
    records = score(*pair).to_records()
    objectives = sum((r["points"] for r in records if r["kind"] == "objective"), Fraction(0))
    assert records[-1]["points"] == objectives


def test_an_unknown_language_is_refused(card_2019: Scorecard) -> None:
    with pytest.raises(ValueError, match="lang must be fr or en, got 'de'"):
        card_2019.to_records(lang="de")


def test_cards_to_records_puts_the_cards_one_after_the_other(grid_2019: Grid, card_2019: Scorecard) -> None:
    aquitaine = score(grid_2019, load_results(RESULTS_2019 / "drsm-aquitaine.yaml", grid_2019))
    records = cards_to_records([card_2019, aquitaine])
    totals = [(r["entity"], r["points"]) for r in records if r["kind"] == "total"]
    assert [
        ("drsm-centre-ouest", card_2019.total.points),
        ("drsm-aquitaine", aquitaine.total.points),
    ] == totals


def test_cards_to_records_refuses_a_single_card(card_2019: Scorecard) -> None:
    with pytest.raises(TypeError, match="cards must be a sequence of Scorecard, got Scorecard"):
        cards_to_records(card_2019)  # type: ignore[arg-type]


def test_cards_to_records_refuses_what_is_not_a_card(card_2019: Scorecard) -> None:
    with pytest.raises(TypeError, match=r"cards\[1\] must be a Scorecard"):
        cards_to_records([card_2019, "card"])  # type: ignore[list-item]


# -- frames ----------------------------------------------------------------------------------


def test_a_frame_has_float_columns_by_default(card_cpam: Scorecard) -> None:
    pytest.importorskip("pandas")
    frame = card_cpam.to_frame()
    assert ["float64"] * 7 == [
        str(frame[c].dtype) for c in ("value", "weight", "rate", "rate_percent", "points", "max", "bonus")
    ]


def test_a_float_frame_holds_the_rates_in_0_to_1(card_cpam: Scorecard) -> None:
    pytest.importorskip("pandas")
    frame = card_cpam.to_frame()
    assert [float(card_cpam.total.rate)] == list(frame[frame["kind"] == "total"]["rate"])


def test_a_frame_keeps_missing_numbers_as_nan(card_2019: Scorecard) -> None:
    pytest.importorskip("pandas")
    frame = card_2019.to_frame()
    assert ("float64", True) == (str(frame["value"].dtype), bool(frame["value"].isna().all()))


def test_an_exact_frame_keeps_the_fractions(card_2019: Scorecard) -> None:
    pytest.importorskip("pandas")
    frame = card_2019.to_frame(exact=True)
    assert [r["points"] for r in card_2019.to_records()] == list(frame["points"])


def test_a_frame_has_the_records_columns(card_cpam: Scorecard) -> None:
    pytest.importorskip("pandas")
    assert [*SCORECARD_COLUMNS, "reason"] == list(card_cpam.to_frame(lang="fr").columns)


def test_cards_to_frame_has_a_row_per_record(grid_2019: Grid, card_2019: Scorecard) -> None:
    pytest.importorskip("pandas")
    aquitaine = score(grid_2019, load_results(RESULTS_2019 / "drsm-aquitaine.yaml", grid_2019))
    frame = cards_to_frame([card_2019, aquitaine])
    assert len(cards_to_records([card_2019, aquitaine])) == len(frame)


def test_a_frame_refuses_a_non_boolean_exact(card_2019: Scorecard) -> None:
    pytest.importorskip("pandas")
    with pytest.raises(TypeError, match="exact must be True or False, got str"):
        card_2019.to_frame(exact="yes")  # type: ignore[arg-type]


@pytest.mark.usefixtures("no_pandas")
def test_a_frame_without_pandas_names_the_extra(card_2019: Scorecard) -> None:
    with pytest.raises(MissingExtraError, match=r"python -m pip install '\.\[pandas\]'"):
        card_2019.to_frame()


@pytest.mark.usefixtures("no_pandas")
def test_cards_to_frame_without_pandas_names_the_extra(card_2019: Scorecard) -> None:
    with pytest.raises(MissingExtraError, match="install the pandas extra"):
        cards_to_frame([card_2019])


@pytest.mark.usefixtures("no_pandas")
def test_records_need_no_pandas(card_2019: Scorecard) -> None:
    assert len(card_2019.to_records()) == len(card_2019.axes) + len(card_2019.objectives) + 1


@pytest.mark.usefixtures("no_pandas")
def test_a_simulation_frame_without_pandas_names_the_extra(grid_2019: Grid, results_2019: Results) -> None:
    with pytest.raises(MissingExtraError, match="install the pandas extra"):
        sensitivity(grid_2019, results_2019).to_frame()


# -- simulation results ----------------------------------------------------------------------


def test_comparison_records_have_one_row_per_row_and_scenario(grid_2019: Grid, results_2019: Results) -> None:
    scenarios = [
        load_scenario(SCENARIOS / name, grid_2019) for name in ("fraude-97.yaml", "arrets-teleservices.yaml")
    ]
    comparison = compare(grid_2019, results_2019, scenarios)
    assert 2 * len(comparison.rows()) == len(comparison.to_records())


def test_comparison_records_hold_exact_deltas(grid_2019: Grid, results_2019: Results) -> None:
    comparison = compare(grid_2019, results_2019, [load_scenario(SCENARIOS / "fraude-97.yaml", grid_2019)])
    records = comparison.to_records()
    assert [r["points"] - r["base"] for r in records] == [r["delta"] for r in records]


def test_comparison_records_have_stable_keys(grid_2019: Grid, results_2019: Results) -> None:
    comparison = compare(grid_2019, results_2019, [load_scenario(SCENARIOS / "fraude-97.yaml", grid_2019)])
    assert {WHATIF_COLUMNS} == {tuple(r) for r in comparison.to_records(lang="fr")}


def test_the_comparison_total_is_labelled_only_with_a_language(
    grid_2019: Grid, results_2019: Results
) -> None:
    comparison = compare(grid_2019, results_2019, [load_scenario(SCENARIOS / "fraude-97.yaml", grid_2019)])
    labels = (comparison.to_records()[-1]["label"], comparison.to_records(lang="en")[-1]["label"])
    assert (None, "Regional result") == labels


def test_montecarlo_records_are_its_summary(grid_2019: Grid, results_2019: Results) -> None:
    run = simulate(grid_2019, results_2019, draws=500, seed=1, thresholds=[Decimal(780), Decimal(800)])
    kinds = [r["kind"] for r in run.to_records()]
    assert ["total", *["objective"] * len(run.objectives), "threshold", "threshold"] == kinds


def test_montecarlo_records_have_stable_keys(grid_2019: Grid, results_2019: Results) -> None:
    run = simulate(grid_2019, results_2019, draws=200, seed=1, thresholds=[Decimal(780)])
    assert {MONTECARLO_COLUMNS} == {tuple(r) for r in run.to_records()}


def test_montecarlo_records_give_the_exact_quantiles_and_probabilities(
    grid_2019: Grid, results_2019: Results
) -> None:
    run = simulate(grid_2019, results_2019, draws=500, seed=1, thresholds=[Decimal(780)])
    records = run.to_records()
    assert (run.total.percentile(50), run.probability(Decimal(780))) == (
        records[0]["p50"],
        records[-1]["probability"],
    )


def test_a_million_draws_give_as_many_records_as_ten(grid_2019: Grid, results_2019: Results) -> None:
    pytest.importorskip("numpy")
    small = simulate(grid_2019, results_2019, draws=10, seed=1)
    large = simulate(grid_2019, results_2019, draws=1_000_000, seed=1)
    assert len(small.to_records()) == len(large.to_records())


def test_the_sample_frame_has_one_row_per_draw_kept(grid_2019: Grid, results_2019: Results) -> None:
    pytest.importorskip("pandas")
    run = simulate(grid_2019, results_2019, draws=300, seed=1, keep=50)
    sample = run.to_frame(sample=True)
    assert (["total"], 50, "float64") == (list(sample.columns), len(sample), str(sample["total"].dtype))


def test_the_sample_frame_needs_draws_kept(grid_2019: Grid, results_2019: Results) -> None:
    pytest.importorskip("pandas")
    run = simulate(grid_2019, results_2019, draws=100, seed=1)
    with pytest.raises(ValueError, match="no draw was kept"):
        run.to_frame(sample=True)


def test_sensitivity_records_are_the_jsons_rows_exactly(grid_2019: Grid, results_2019: Results) -> None:
    table = sensitivity(grid_2019, results_2019)
    names = ("value", "points", "slope", "next_breakpoint", "needed", "gain_at_next", "headroom")
    from_records = [{n: exact_text(r[n]) for n in names} for r in table.to_records()]
    assert [{n: row[n] for n in names} for row in table.to_dict()["rows"]] == from_records


def test_sensitivity_records_have_stable_keys(grid_2019: Grid, results_2019: Results) -> None:
    assert {SENSITIVITY_COLUMNS} == {tuple(r) for r in sensitivity(grid_2019, results_2019).to_records()}


def test_plan_records_are_its_moves(grid_2019: Grid, results_2019: Results) -> None:
    found = plan(grid_2019, results_2019, Decimal(800))
    assert found.values() == {r["id"]: r["after"] for r in found.to_records()}


def test_a_plan_without_moves_has_an_empty_frame_with_its_columns(
    grid_2019: Grid, results_2019: Results
) -> None:
    pytest.importorskip("pandas")
    frame = plan(grid_2019, results_2019, Decimal(700)).to_frame()
    assert (list(PLAN_COLUMNS), 0) == (list(frame.columns), len(frame))


def test_projection_records_word_the_method_with_a_language(grid_2019: Grid, results_2019: Results) -> None:
    found = project(
        grid_2019,
        load_series(OBJECTIVES / "series" / "drsm-centre-ouest-2019-06.yaml", grid_2019),
        results_2019,
    )
    records = found.to_records(lang="en")
    assert [(*PROJECTION_COLUMNS, "method_text")] * len(found.values) == [tuple(r) for r in records]


def test_profit_sharing_is_one_exact_record(card_2019: Scorecard) -> None:
    result = profit_sharing(
        card_2019, load_profit_sharing(OBJECTIVES / "profit-sharing" / "illustrative.yaml")
    )
    (record,) = result.to_records()
    assert (exact_text(record["total"]), exact_text(record["rate"])) == (
        result.to_dict()["total"],
        result.to_dict()["rate"],
    )


def test_simulation_records_refuse_an_unknown_language(grid_2019: Grid, results_2019: Results) -> None:
    with pytest.raises(ValueError, match="lang must be fr or en"):
        sensitivity(grid_2019, results_2019).to_records(lang="es")


# -- the layers ----------------------------------------------------------------------------


def _reports_imports(path: Path) -> list[str]:
    """The imports of `cpg_score.reports` in a source file, static or by a string (`import_module`)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Call):
            names = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        else:
            continue
        found.extend(
            f"{path.name}:{node.lineno}: {name}" for name in names if name.startswith("cpg_score.reports")
        )
    return found


@pytest.mark.parametrize("part", ["model", "simulate", "_display.py"])
def test_the_model_and_simulations_never_import_the_reports(part: str) -> None:
    root = ROOT / "src" / "cpg_score" / part
    paths = [root] if root.is_file() else sorted(root.rglob("*.py"))
    expected: list[str] = []
    assert expected == [found for path in paths for found in _reports_imports(path)]
