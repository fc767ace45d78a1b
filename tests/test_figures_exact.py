"""Exact figures of what-if, sensitivity, plan and profit-sharing, against a rational reference.

The hand-made grids give repeating decimals (three indicators of weight 1 in a 100-point
objective: each is worth 100/3 points) and results on half-cent ties. The reference is plain
`Fraction` arithmetic written here, independent of the library.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import (
    Axis,
    CpgScoreError,
    Entity,
    Grid,
    Indicator,
    LinearRule,
    Objective,
    RateRule,
    Results,
    ResultValue,
    load_results,
    score,
)
from cpg_score._numbers import decimal_text, round_half_up
from cpg_score.cli import main
from cpg_score.io import load_profit_sharing
from cpg_score.model.grid import Unit
from cpg_score.reports import render_comparison, render_plan, render_profit_sharing, render_sensitivity
from cpg_score.simulate import (
    Bounds,
    Lever,
    PlanTargetError,
    ProfitSharing,
    ProfitSharingError,
    Scenario,
    compare,
    plan,
    profit_sharing,
    sensitivity,
)
from cpg_score.simulate._profile import profile

from .conftest import GRID_2019, RESULTS_2019

BASE_2019 = RESULTS_2019 / "drsm-centre-ouest.yaml"
IDS = ("i1", "i2", "i3")
FORMATS = ("table", "markdown", "csv", "json")
#: A printed negative zero: `-0`, `-0.00`... (not `-0.01`, not `10-0`).
NEGATIVE_ZERO = re.compile(r"(?<![\w.])-0(?:\.0+)?(?![\d.])")


def _grid(
    weights: tuple[int, ...] = (1, 1, 1), points: int = 100, rules: tuple[Any, ...] | None = None
) -> Grid:
    rules = rules or tuple(RateRule() for _ in weights)
    indicators = [
        Indicator(id=f"i{n + 1}", label=f"i{n + 1}", rule=rule, weight=Decimal(w))
        for n, (w, rule) in enumerate(zip(weights, rules, strict=True))
    ]
    return Grid(
        id="g",
        label="g",
        period=2019,
        total_points=Decimal(points),
        axes=[Axis("x", "x", [Objective(id="o", label="o", points=Decimal(points), indicators=indicators)])],
    )


def _results(*values: str) -> Results:
    return Results(
        entity=Entity("e"),
        grid="g",
        period=2019,
        values=[ResultValue(id=f"i{n + 1}", value=Decimal(v)) for n, v in enumerate(values)],
    )


def _reference(weights: tuple[int, ...], points: int, values: tuple[str, ...]) -> Fraction:
    """The objective's points: points x weight / sum of weights x rate (the `rate` rule), summed."""
    total = sum(weights)
    return sum(
        (
            Fraction(points) * w / total * min(max(Fraction(v), Fraction(0)), Fraction(1))
            for w, v in zip(weights, values, strict=True)
        ),
        Fraction(0),
    )


def _scheme(envelope: str = "1000", fte: str = "10", local: str = "1") -> ProfitSharing:
    national = str(1 - Decimal(local))
    return ProfitSharing(
        envelope=Decimal(envelope),
        fte=Decimal(fte),
        local_share=Decimal(local),
        national_share=Decimal(national),
        weights={"a": Decimal(1)},
        rates={"a": Decimal("0.8")},
    )


def _direct_grid() -> Grid:
    """One objective rated directly, worth 100 points."""
    return Grid(
        id="g",
        label="g",
        period=2019,
        total_points=Decimal(100),
        axes=[Axis("x", "x", [Objective(id="o", label="o", points=Decimal(100))])],
    )


def _direct_card(value: str) -> Any:
    return score(
        _direct_grid(),
        Results(
            entity=Entity("e"), grid="g", period=2019, values=[ResultValue(id="o", value=Decimal(value))]
        ),
    )


# -- figures computed here, whatever the scorer gives ----------------------------------------


def test_lever_points_are_exact_rationals() -> None:
    lever = Lever(
        id="i1",
        label="i1",
        objective="o",
        axis="x",
        rule=RateRule(),
        value=Decimal("0.5"),
        factor=Fraction(100, 3),
        unit=Unit.SHARE,
    )
    assert Fraction(50, 3) == lever.points


def test_profile_slope_and_headroom_are_exact() -> None:
    lever = Lever(
        id="i1",
        label="i1",
        objective="o",
        axis="x",
        rule=RateRule(),
        value=Decimal("0.5"),
        factor=Fraction(100, 3),
        unit=Unit.SHARE,
    )
    shape = profile(lever)
    assert (Fraction(100, 3), Fraction(50, 3)) == (shape.pieces[0].slope, shape.headroom)


def test_profit_sharing_amount_on_a_half_cent_tie_prints_750_01() -> None:
    # 1000 x 0.750005 = 750.005 exactly: half up, 750.01 (not 750.00 from (1000 / 3) x 3).
    result = profit_sharing(_direct_card("0.750005"), _scheme(fte="3"))
    lines = render_profit_sharing(result).splitlines()
    assert ["€750.01"] == [line.split()[-1] for line in lines if line.startswith("Amount paid")]


def test_profit_sharing_amount_in_json_is_exact() -> None:
    result = profit_sharing(_direct_card("0.750005"), _scheme(fte="3"))
    data = json.loads(render_profit_sharing(result, "json"))
    assert ("750.005", decimal_text(Fraction(750005, 3000))) == (data["total"], data["per_fte"])


def test_profit_sharing_per_fte_times_fte_is_the_amount_exactly() -> None:
    result = profit_sharing(_direct_card("0.750005"), _scheme(fte="3"))
    assert (Fraction(750005, 3000), Fraction(750005, 1000)) == (result.per_fte, result.total)


def test_national_rate_with_repeating_weights_is_exact() -> None:
    weights = {t: Decimal(1) for t in "abc"}
    rates = {"a": Decimal("0.8"), "b": Decimal("0.8"), "c": Decimal("0.9")}
    scheme = ProfitSharing(
        envelope=Decimal(1000),
        fte=Decimal(10),
        local_share=Decimal("0.5"),
        national_share=Decimal("0.5"),
        weights=weights,
        rates=rates,
    )
    assert Fraction(5, 6) == scheme.national_rate


def _card_without_points() -> Any:
    """The scorecard of a grid whose only objective is neutralised under `exclude`: no points."""
    grid = Grid(
        id="g",
        label="g",
        period=2019,
        total_points=Decimal(100),
        axes=[Axis("x", "x", [Objective(id="o", label="o", points=Decimal(100))])],
        policy="exclude",
    )
    results = Results(
        entity=Entity("e"),
        grid="g",
        period=2019,
        values=[ResultValue(id="o", neutralised="not evaluated")],
    )
    return score(grid, results)


def test_grid_without_points_has_an_undefined_local_rate_and_pays_no_local_part() -> None:
    card = _card_without_points()
    result = profit_sharing(card, _scheme(local="0.5"))
    # Only the national half pays: 1000 x 0.5 x 0.8.
    assert (None, Fraction(0), Fraction(400)) == (result.local_rate, result.local_applied, result.total)


def test_grid_without_points_says_so() -> None:
    card = _card_without_points()
    text = render_profit_sharing(profit_sharing(card, _scheme(local="0.5")))
    assert ("undefined" in text, "the local part pays nothing" in text) == (True, True)


def test_grid_without_points_gives_a_null_local_rate_in_json() -> None:
    card = _card_without_points()
    data = json.loads(render_profit_sharing(profit_sharing(card, _scheme(local="0.5")), "json"))
    assert (None, "400") == (data["local_rate"], data["total"])


# -- negative zero, and JSON figures as text ---------------------------------------------------


def _on_floor() -> tuple[Grid, Results]:
    """i1 lower-is-better, exactly on its floor (rate 0); i2 and i3 `rate`."""
    rules = (LinearRule(floor=Decimal("0.3"), target=Decimal("0.1")), RateRule(), RateRule())
    return _grid(rules=rules), _results("0.3", "0.5", "0.5")


def _every_output(grid: Grid, results: Results) -> dict[str, str]:
    """Every format of every command of these modules on `results`."""
    lowered = Scenario(label="lower", overrides=[("i2", Decimal("0.499999"))])
    comparison = compare(grid, results, [lowered])
    table = sensitivity(grid, results)
    found = plan(grid, results, Decimal(60))
    shared = profit_sharing(score(grid, results), _scheme(local="0.5"))
    out = {}
    for name in FORMATS:
        out[f"whatif {name}"] = render_comparison(comparison, name)
        out[f"sensitivity {name}"] = render_sensitivity(table, name)
        out[f"plan {name}"] = render_plan(found, name)
        out[f"profit-sharing {name}"] = render_profit_sharing(shared, name)
    return out


def test_no_negative_zero_in_any_output() -> None:
    found = {name: NEGATIVE_ZERO.findall(text) for name, text in _every_output(*_on_floor()).items()}
    assert {} == {name: hits for name, hits in found.items() if hits}


def test_a_delta_that_rounds_to_zero_prints_without_sign() -> None:
    grid, results = _on_floor()
    text = render_comparison(
        compare(grid, results, [Scenario(label="lower", overrides=[("i2", Decimal("0.499999"))])])
    )
    # -0.0000333... points on the objective, the axis and the total: 0.00, never -0.00.
    rows = [line.split() for line in text.splitlines() if line.split()[:1] in (["o"], ["x"], ["Total"])]
    assert [["0.00"]] * 3 == [row[-1:] for row in rows]


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def test_json_figures_are_decimal_text() -> None:
    outputs = _every_output(*_on_floor())
    leaves = [
        leaf for name in outputs if name.endswith("json") for leaf in _leaves(json.loads(outputs[name]))
    ]
    assert [] == [leaf for leaf in leaves if not isinstance(leaf, (str, bool, type(None)))]


# -- robustness: ranges and argument checks ----------------------------------------------------


def _params(fte: str = "10", envelope: str = "1000") -> str:
    return f"envelope: {envelope}\nfte: {fte}\nsplit: {{local: 100 %, national: 0 %}}\n"


def test_fte_below_a_hundredth_is_refused_where_it_is_written() -> None:
    with pytest.raises(ProfitSharingError) as caught:
        load_profit_sharing(_params(fte="0.001"))
    expected = "<string>:2:6: fte must be between 0.01 and 1e7 full-time equivalents, got 0.001 @ $.fte"
    assert expected == str(caught.value)


def test_an_empty_envelope_is_refused_where_it_is_written() -> None:
    with pytest.raises(ProfitSharingError) as caught:
        load_profit_sharing(_params(envelope="0"))
    assert "<string>:1:11: envelope must be above 0 and at most 1e15 euros, got 0 @ $.envelope" == str(
        caught.value
    )


def test_a_tiny_fte_is_refused_at_its_line() -> None:
    with pytest.raises(ProfitSharingError) as caught:
        load_profit_sharing(_params(fte="1e-999"))
    assert [(2, "$.fte")] == [(p.line, p.path) for p in caught.value.problems]


def test_cli_profit_sharing_with_a_tiny_fte_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    params = tmp_path / "params.yaml"
    params.write_text(_params(fte="1e-999"), encoding="utf-8")
    code = main(["profit-sharing", str(GRID_2019), str(BASE_2019), "--params", str(params)])
    err = capsys.readouterr().err
    assert (2, 1, True) == (code, len(err.strip().splitlines()), "@ $.fte" in err)


def test_profit_sharing_parameters_refuse_a_float() -> None:
    with pytest.raises(TypeError, match=r"^envelope must be an exact number"):
        ProfitSharing(envelope=0.1, fte=Decimal(1), local_share=Decimal(1), national_share=Decimal(0))  # type: ignore[arg-type]


def test_plan_refuses_an_absurd_target(grid_2019: Grid) -> None:
    results = load_results(BASE_2019, grid_2019)
    with pytest.raises(PlanTargetError) as caught:
        plan(grid_2019, results, Decimal("1e999"))
    expected = "target must be between 0 and the total of grid 'cpg-2019-drsm', 1000.00 points, got 1E+999"
    assert (expected, True, True) == (
        str(caught.value),
        isinstance(caught.value, CpgScoreError),
        isinstance(caught.value, ValueError),
    )


def test_plan_refuses_a_negative_target(grid_2019: Grid) -> None:
    with pytest.raises(PlanTargetError, match=r"got -1$"):
        plan(grid_2019, load_results(BASE_2019, grid_2019), Decimal(-1))


def _exit_code(argv: list[str]) -> int | str | None:
    """The exit code of the command line, whether it returns it or the option parser exits."""
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code


def test_cli_plan_beyond_the_grid_total_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = _exit_code(["plan", str(GRID_2019), str(BASE_2019), "--target", "1e12"])
    err = capsys.readouterr().err
    assert (2, 1, True) == (code, len(err.strip().splitlines()), "target must be between 0" in err)


def test_cli_plan_to_an_absurd_target_exits_2() -> None:
    assert 2 == _exit_code(["plan", str(GRID_2019), str(BASE_2019), "--target", "1e999"])


def test_plan_refuses_a_target_that_is_not_a_number(grid_2019: Grid) -> None:
    with pytest.raises(ValueError, match=r"^target must be a finite number, got NaN$"):
        plan(grid_2019, load_results(BASE_2019, grid_2019), Decimal("NaN"))


def test_plan_refuses_a_float_target(grid_2019: Grid) -> None:
    with pytest.raises(TypeError, match=r"^target must be an exact number"):
        plan(grid_2019, load_results(BASE_2019, grid_2019), 800.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g, r: sensitivity("grid.yaml", r), "^grid must be a Grid, got str"),  # type: ignore[arg-type]
        (lambda g, r: sensitivity(g, None), "^results must be a Results, got NoneType"),  # type: ignore[arg-type]
        (lambda g, r: compare(g, r, [1]), r"^scenarios\[0\] must be a Scenario, got int"),  # type: ignore[list-item]
        (lambda g, r: plan(g, r, Decimal(800), bounds={}), "^bounds must be a Bounds or None"),  # type: ignore[arg-type]
        (lambda g, r: profit_sharing(score(g, r), None), "^parameters must be a ProfitSharing"),  # type: ignore[arg-type]
        (lambda g, r: render_plan(None), "^result must be a Plan"),  # type: ignore[arg-type]
    ],
)
def test_public_functions_name_a_misused_argument(grid_2019: Grid, call: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        call(grid_2019, load_results(BASE_2019, grid_2019))


def test_bounds_refuse_a_float_limit() -> None:
    with pytest.raises(TypeError, match=r"^limits\['i1'\] must be an exact number"):
        Bounds(limits={"i1": 0.9})  # type: ignore[dict-item]


def test_bounds_refuse_a_negative_cost() -> None:
    with pytest.raises(ValueError, match=r"^costs\['i1'\] must be >= 0, got -1$"):
        Bounds(costs={"i1": Decimal(-1)})


def test_scenario_refuses_a_float_override() -> None:
    with pytest.raises(TypeError, match=r"^overrides\[0\] value must be an exact number"):
        Scenario(label="s", overrides=[("i1", 0.9)])  # type: ignore[list-item]


def test_render_refuses_an_unknown_format(grid_2019: Grid) -> None:
    table = sensitivity(grid_2019, load_results(BASE_2019, grid_2019))
    with pytest.raises(ValueError, match=r"^fmt_name must be one of table, json, csv, markdown, got 'pdf'$"):
        render_sensitivity(table, "pdf")


# -- end to end, against the reference (figures from the scorer) -------------------------------


def test_whatif_objective_on_a_half_cent_tie_prints_50_01() -> None:
    # Rates summing to 1.50015 over three thirds of 100 points: exactly 50.005.
    comparison = compare(
        _grid(),
        _results("0.5", "0.5", "0.5"),
        [Scenario(label="tie", overrides=[("i3", Decimal("0.50015"))])],
    )
    row = next(line for line in render_comparison(comparison).splitlines() if line.lstrip().startswith("o "))
    assert ["o", "50.00", "50.01", "+0.01"] == row.split()


def test_whatif_json_gives_the_exact_tie() -> None:
    comparison = compare(
        _grid(),
        _results("0.5", "0.5", "0.5"),
        [Scenario(label="tie", overrides=[("i3", Decimal("0.50015"))])],
    )
    data = json.loads(render_comparison(comparison, "json"))
    assert [{"points": "50.005", "delta": "0.005"}] * 3 == [row["scenarios"][0] for row in data["rows"]]


def test_sensitivity_slope_is_a_third_of_the_points() -> None:
    table = sensitivity(_grid(), _results("0.5", "0.5", "0.5"))
    assert [Fraction(100, 3)] * 3 == [row.slope for row in table.rows]


def test_plan_figures_are_exact_on_thirds() -> None:
    found = plan(_grid(), _results("0.5", "0.5", "0.5"), Decimal(60))
    # 10 points at 100/3 points per unit: 0.3 of one lever, at cost 0.3.
    assert (Fraction(3, 10), [Fraction(10)], Fraction(60)) == (
        found.cost,
        [m.gain for m in found.moves],
        Fraction(found.total),
    )


def test_profit_sharing_local_rate_on_thirds_is_exact() -> None:
    card = score(_grid(), _results("0.5", "0.5", "0.50015"))
    assert Fraction(50005, 100000) == profit_sharing(card, _scheme()).local_rate


@settings(max_examples=30, deadline=None)
@given(
    weights=st.lists(st.integers(1, 7), min_size=1, max_size=3).map(tuple),
    points=st.sampled_from([100, 70, 30, 110]),
    data=st.data(),
)
def test_whatif_and_sensitivity_agree_with_the_reference(
    weights: tuple[int, ...], points: int, data: st.DataObject
) -> None:
    shares = st.integers(0, 100_000).map(lambda n: str(Decimal(n).scaleb(-5)))
    before = tuple(data.draw(shares) for _ in weights)
    after = tuple(data.draw(shares) for _ in weights)
    grid, results = _grid(weights, points), _results(*before)
    scenario = Scenario(label="s", overrides=list(zip(IDS, map(Decimal, after), strict=False)))
    delta = _reference(weights, points, after) - _reference(weights, points, before)
    total_row = json.loads(render_comparison(compare(grid, results, [scenario]), "json"))["rows"][-1]
    slopes = {row.lever.id: row.slope for row in sensitivity(grid, results).rows}
    expected_slopes = {
        f"i{n + 1}": Fraction(points) * w / sum(weights)
        for n, w in enumerate(weights)
        if Decimal(before[n]) < 1
    }
    assert (decimal_text(delta), expected_slopes) == (
        total_row["scenarios"][0]["delta"],
        {k: v for k, v in slopes.items() if k in expected_slopes},
    )


def test_presented_figures_round_the_exact_value_once() -> None:
    # The table's figure is the exact figure rounded half up once (here from the plan's cost).
    found = plan(_grid(weights=(1, 1, 2)), _results("0.5", "0.5", "0.5"), Decimal("62.5"))
    cost_line = render_plan(found).splitlines()[-1]
    assert f"cost: {round_half_up(found.cost, 6)};" == cost_line.split(" method")[0]


def test_figures_the_user_gave_print_in_full_when_rounding_would_change_them() -> None:
    from cpg_score.reports._simulate import given as shown

    expected = ["776.495", "776.50", "800.00", "0." + "3" * 60]
    assert expected == [shown(Decimal("776.495")), shown(Decimal("776.5")), shown(800), shown(Fraction(1, 3))]


def test_two_close_thresholds_never_print_alike(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["simulate", str(GRID_2019), str(BASE_2019), "--draws", "10", "-q"]
    assert 0 == main([*argv, "--threshold", "776.495", "--threshold", "776.5", "--lang", "en"])
    out = capsys.readouterr().out
    assert (True, True) == ("reaching 776.495 points: " in out, "reaching 776.50 points: " in out)
