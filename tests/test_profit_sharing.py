"""Profit-sharing: the trigger, the national themes, the amount per FTE, Monte Carlo figure."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cpg_score import Grid, load_results, score
from cpg_score._numbers import decimal_text, round_half_up
from cpg_score.cli import main
from cpg_score.io import load_profit_sharing
from cpg_score.simulate import (
    Distribution,
    ProfitSharing,
    ProfitSharingError,
    Spec,
    profit_sharing,
    profit_sharing_figure,
    simulate,
)
from cpg_score.simulate._fast import numpy_or_none

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019

BASE = RESULTS_2019 / "drsm-centre-ouest.yaml"
PARAMS = OBJECTIVES / "profit-sharing" / "illustrative.yaml"


def _scheme(weights: tuple[int, int, int] = (35, 35, 30)) -> ProfitSharing:
    themes = ("a", "b", "c")
    return ProfitSharing(
        envelope=Decimal(1000),
        fte=Decimal(10),
        local_share=Decimal("0.5"),
        national_share=Decimal("0.5"),
        weights={t: Decimal(w) / 100 for t, w in zip(themes, weights, strict=True)},
        rates={"a": Decimal("0.8"), "b": Decimal("0.6"), "c": Decimal("1")},
    )


def test_a_rate_of_exactly_50_percent_pays_nothing_locally() -> None:
    assert Decimal(0) == _scheme().local_applied(Decimal("0.5"))


def test_above_the_trigger_the_rate_itself_applies() -> None:
    assert Decimal("0.5001") == _scheme().local_applied(Decimal("0.5001"))


def test_national_rate_with_35_35_30() -> None:
    assert Decimal("0.79") == _scheme().national_rate


def test_national_rate_with_40_40_20() -> None:
    assert Decimal("0.76") == _scheme((40, 40, 20)).national_rate


def test_amount_per_fte() -> None:
    # 1000 / 10 x (0.5 x 0.8 + 0.5 x 0.79)
    assert Decimal("79.5") == _scheme().per_fte(Decimal("0.8"))


def test_split_must_add_up() -> None:
    with pytest.raises(ValueError, match="split must add up to 100 %"):
        ProfitSharing(
            envelope=Decimal(1), fte=Decimal(1), local_share=Decimal("0.6"), national_share=Decimal("0.6")
        )


def test_2019_local_rate_is_points_over_theoretical_points(grid_2019: Grid) -> None:
    card = score(grid_2019, load_results(BASE, grid_2019))
    result = profit_sharing(card, load_profit_sharing(PARAMS))
    assert Decimal("0.77649915") == result.local_rate


def test_params_errors_name_the_line() -> None:
    text = "envelope: 1000\nfte: 10\nsplit: {local: 50 %, national: 50 %}\ntrigger: 150\n"
    with pytest.raises(ProfitSharingError, match="<string>:4:10: a share must be between 0 and 1"):
        load_profit_sharing(text)


def test_monte_carlo_profit_sharing_with_zero_variance_is_exact(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    params = load_profit_sharing(PARAMS)
    spec = Spec({}, {}, Distribution(kind="fixed"))
    run = simulate(
        grid_2019, results, spec, draws=10, derived={"ps": profit_sharing_figure(params)}, backend="python"
    )
    expected = profit_sharing(score(grid_2019, results), params).per_fte
    # The same figure to the 60 significant digits of the JSON (exactly, once the scorecard's
    # figures are Fractions).
    assert decimal_text(expected) == decimal_text(dict(run.extra)["ps"].mean)


def test_cli_profit_sharing_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["profit-sharing", str(GRID_2019), str(BASE), "--params", str(PARAMS), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert (code, data["local_rate"]) == (0, "0.77649915")


def test_cli_simulate_reports_profit_sharing(capsys: pytest.CaptureFixture[str]) -> None:
    main(
        [
            "simulate",
            str(GRID_2019),
            str(BASE),
            "--draws",
            "200",
            "--profit-sharing",
            str(PARAMS),
            "-f",
            "json",
        ]
    )
    assert "profit_sharing_per_fte" in json.loads(capsys.readouterr().out)


def test_the_simple_form_keeps_its_figures(grid_2019: Grid) -> None:
    # The illustrative file of earlier versions: 2 400 000 / 1 150 x (0.5 x 0.7764... + 0.5 x 0.823).
    card = score(grid_2019, load_results(BASE, grid_2019))
    result = profit_sharing(card, load_profit_sharing(PARAMS))  # type: ignore[call-overload]
    assert "1669.04" == str(round_half_up(result.per_fte, 2))


def test_monte_carlo_of_a_weighted_mean_with_zero_variance_is_exact(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    params = load_profit_sharing(OBJECTIVES / "profit-sharing" / "carsat-2017.yaml")
    spec = Spec({}, {}, Distribution(kind="fixed"))
    backends = ("python", "numpy") if numpy_or_none() is not None else ("python",)
    for backend in backends:
        run = simulate(
            grid_2019, results, spec, draws=10, derived={"ps": profit_sharing_figure(params)}, backend=backend
        )
        expected = profit_sharing(score(grid_2019, results), params).per_fte  # type: ignore[call-overload]
        assert decimal_text(expected) == decimal_text(dict(run.extra)["ps"].mean)


def test_cli_national_rates_from_a_scored_national_grid(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "profit-sharing",
        str(GRID_2019),
        str(BASE),
        "--params",
        str(OBJECTIVES / "profit-sharing" / "recouvrement-2010.yaml"),
    ]
    code = main([*args[:1], "--params", args[-1], "--national", str(GRID_2019), str(BASE), "-f", "json"])
    data = json.loads(capsys.readouterr().out)
    assert (0, "0.77649915") == (code, data["national_rate"])


def test_cli_with_grid_and_no_results_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["profit-sharing", "--lang", "en", str(GRID_2019), "--params", str(PARAMS)])
    assert (2, True) == (code, "give GRID and RESULTS together" in capsys.readouterr().err)


def test_simulate_refuses_parameters_that_give_the_local_rate(capsys: pytest.CaptureFixture[str]) -> None:
    famille = OBJECTIVES / "profit-sharing" / "famille-2017.yaml"
    code = main(["simulate", str(GRID_2019), str(BASE), "--draws", "10", "--profit-sharing", str(famille)])
    assert (2, True) == (code, "the draws cannot change it" in capsys.readouterr().err)
