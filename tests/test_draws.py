"""Monte Carlo in flat memory: streaming statistics, bounded percentiles, float range, progress, projection."""

from __future__ import annotations

import importlib.util
import io
import math
import random
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import (
    Axis,
    Entity,
    Grid,
    Indicator,
    Objective,
    RateRule,
    Results,
    ResultValue,
    load_results,
    score,
)
from cpg_score._numbers import decimal_text
from cpg_score.cli import main
from cpg_score.errors import CpgScoreError
from cpg_score.io import load_series, load_spec
from cpg_score.reports import render_montecarlo, render_projection
from cpg_score.simulate import (
    Distribution,
    MonteCarlo,
    Series,
    SeriesError,
    Spec,
    _fast,
    project,
    simulate,
)
from cpg_score.simulate._fast import BINS, StreamingStats

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019

BASE = RESULTS_2019 / "drsm-centre-ouest.yaml"
SPEC = OBJECTIVES / "simulations" / "drsm-2019-spec.yaml"
PARAMS = OBJECTIVES / "profit-sharing" / "illustrative.yaml"
HAVE_NUMPY = importlib.util.find_spec("numpy") is not None
BACKENDS = ["python", pytest.param("numpy", marks=pytest.mark.skipif(not HAVE_NUMPY, reason="no NumPy"))]
PERCENTILES = (0, 1, 5, 25, 50, 75, 95, 99, 100)


def _np(backend: str) -> Any:
    return __import__("numpy") if backend == "numpy" else None


def _feed(backend: str, values: list[float], size: int, exact_draws: int | None = None) -> StreamingStats:
    np = _np(backend)
    figure = StreamingStats(np, exact_draws)
    for start in range(0, len(values), size):
        chunk = values[start : start + size]
        figure.add(np.asarray(chunk, dtype=float) if np is not None else chunk)
    return figure


def _exact_percentile(values: list[float], q: int) -> float:
    ordered = sorted(values)
    position = q / 100 * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _one_lever_grid(points: Decimal) -> tuple[Grid, Results]:
    objective = Objective(
        id="o", label="o", points=points, indicators=[Indicator(id="a", label="a", rule=RateRule())]
    )
    grid = Grid(id="g", label="g", period=2019, total_points=points, axes=[Axis("x", "x", [objective])])
    return grid, Results(
        entity=Entity("e"), grid="g", period=2019, values=[ResultValue(id="a", value=Decimal("0.5"))]
    )


# -- streaming statistics ------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_memory_stays_flat_past_the_exact_draws(backend: str) -> None:
    rnd = random.Random(1)
    figure = _feed(backend, [rnd.gauss(0, 5) for _ in range(5000)], 64, exact_draws=100)
    assert (None, BINS, 5000) == (figure.kept, len(figure.counts), figure.count)


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=30, deadline=None)
@given(
    values=st.lists(st.floats(-1e6, 1e6) | st.sampled_from([0.0, 1.0, -3.5]), min_size=1, max_size=400),
    size=st.integers(1, 50),
)
def test_percentiles_lie_within_the_stated_error(backend: str, values: list[float], size: int) -> None:
    figure = _feed(backend, values, size, exact_draws=40)
    estimated = figure.percentiles(PERCENTILES)
    slack = figure.error * (1 + 1e-9) + 1e-9 * max(1.0, *(abs(v) for v in values))
    exact = [_exact_percentile(values, q) for q in PERCENTILES]
    assert all(abs(e - x) <= slack for e, x in zip(estimated, exact, strict=True))


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=30, deadline=None)
@given(values=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=300), size=st.integers(1, 70))
def test_streamed_moments_match_the_whole_list(backend: str, values: list[float], size: int) -> None:
    figure = _feed(backend, values, size, exact_draws=50)
    mean = math.fsum(values) / len(values)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))
    scale = max(1.0, *(abs(v) for v in values))
    assert (True, True, min(values), max(values)) == (
        abs(figure.mean_change() - mean) <= 1e-9 * scale,
        abs(figure.sd() - sd) <= 1e-6 * scale,
        figure.low,
        figure.high,
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_figure_that_never_moves_stays_exact_in_the_histogram(backend: str) -> None:
    figure = _feed(backend, [0.0] * 500, 7, exact_draws=10)
    assert ([0.0] * len(PERCENTILES), 0.0, 0.0) == (
        figure.percentiles(PERCENTILES),
        figure.mean_change(),
        figure.sd(),
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_non_finite_change_is_refused(backend: str) -> None:
    with pytest.raises(_fast.FloatOverflowError, match="too large for floats"):
        _feed(backend, [1.0, math.inf], 2)


# -- simulate beyond the exact draws ---------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_zero_variance_is_exact_beyond_the_exact_draws(
    grid_2019: Grid, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_fast, "EXACT_DRAWS", 50)
    results = load_results(BASE, grid_2019)
    spec = Spec({}, {}, Distribution(kind="normal", sd=Decimal(0)))
    run = simulate(grid_2019, results, spec, draws=300, seed=3, backend=backend)
    exact = score(grid_2019, results).total.points
    assert {exact} == {run.total.mean, run.total.min, run.total.max, *(v for _, v in run.total.percentiles)}


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_histogram_bound_is_in_the_json_and_the_table(
    grid_2019: Grid, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_fast, "EXACT_DRAWS", 100)
    results = load_results(BASE, grid_2019)
    run = simulate(grid_2019, results, draws=500, seed=1, backend=backend)
    error = run.total.error
    largest = max(s.error for _, _, s in (*run.objectives, (None, None, run.total)))
    note = f"percentiles within ±{float(largest):.2g}"
    assert (True, decimal_text(error), True) == (
        Decimal(0) < error < Decimal("0.1"),
        run.total.to_dict()["percentile_error"],
        note in render_montecarlo(run),
    )


def test_exact_percentiles_say_so(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    run = simulate(grid_2019, results, draws=200, seed=1, backend="python")
    assert (Decimal(0), False) == (run.total.error, "percentiles within" in render_montecarlo(run))


@pytest.mark.parametrize("backend", BACKENDS)
def test_same_seed_same_figures_beyond_the_exact_draws(
    grid_2019: Grid, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_fast, "EXACT_DRAWS", 100)
    results = load_results(BASE, grid_2019)
    runs = [simulate(grid_2019, results, draws=400, seed=9, backend=backend) for _ in range(2)]
    assert runs[0].to_dict() == runs[1].to_dict()


@pytest.mark.skipif(not HAVE_NUMPY, reason="no NumPy")
def test_numpy_chunks_past_the_exact_draws_agree_with_the_exact_percentiles(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    streamed = simulate(grid_2019, results, draws=140_000, seed=2, backend="numpy")
    assert streamed.total.error > 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_fast, "EXACT_DRAWS", 10**6)
        exact = simulate(grid_2019, results, draws=140_000, seed=2, backend="numpy")
    gaps = [
        abs(a - b) for (_, a), (_, b) in zip(streamed.total.percentiles, exact.total.percentiles, strict=True)
    ]
    assert (True, exact.total.mean) == (max(gaps) <= streamed.total.error, streamed.total.mean)


def test_progress_is_called_once_per_chunk(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    calls: list[tuple[int, int]] = []
    simulate(
        grid_2019, results, draws=70_000, seed=1, backend="python", progress=lambda d, t: calls.append((d, t))
    )
    assert [(65_536, 70_000), (70_000, 70_000)] == calls


def test_keep_stops_at_its_count(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    run = simulate(grid_2019, results, draws=70_000, seed=1, keep=66_000, backend="python")
    assert 66_000 == len(run.sample)


# -- floats that cannot carry a figure -------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_grid_of_1e155_points_is_refused(backend: str) -> None:
    grid, results = _one_lever_grid(Decimal("1e155"))
    with pytest.raises(CpgScoreError) as caught:
        simulate(grid, results, draws=10, backend=backend)
    assert (
        "simulate: lever 'a': points per unit of rate 1e+155 is too large for the simulation "
        "(its figures must lie within ±10^15)"
    ) == str(caught.value)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_uniform_of_huge_width_is_refused(backend: str) -> None:
    grid, results = _one_lever_grid(Decimal(100))
    spec = Spec({"a": Distribution(kind="uniform", low=Decimal("-1e300"), high=Decimal("1e300"))}, {}, None)
    with pytest.raises(CpgScoreError) as caught:
        simulate(grid, results, spec, draws=10, backend=backend)
    assert (
        "simulate: lever 'a': low -1e+300 is too large for the simulation (its figures must lie within ±10^15)"
    ) == str(caught.value)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_derived_figure_dividing_by_zero_in_floats_is_a_message(grid_2019: Grid, backend: str) -> None:
    def per_nobody(np: Any, changes: Any, card: Any) -> tuple[Decimal, Any]:
        return Decimal(0), [c / 0.0 for c in changes] if np is None else changes / np.zeros(len(changes))

    results = load_results(BASE, grid_2019)
    with pytest.raises(CpgScoreError) as caught:
        simulate(grid_2019, results, draws=20, backend=backend, derived={"per_nobody": per_nobody})
    assert (
        "simulate: per_nobody cannot be computed in floats (a division by zero, or a figure too large); "
        "check its parameters"
    ) == str(caught.value)


@pytest.mark.filterwarnings("error")
def test_no_warning_on_a_successful_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    html = tmp_path / "sim.html"
    argv = ["simulate", str(GRID_2019), str(BASE), "--spec", str(SPEC), "--profit-sharing", str(PARAMS)]
    code = main([*argv, "--draws", "2000", "--threshold", "780", "--html", str(html)])
    assert (0, "") == (code, capsys.readouterr().err)


# -- progress lines --------------------------------------------------------------------------


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_is_silent_before_its_delay() -> None:
    from cpg_score.cli._simulate import _Progress

    out, clock = io.StringIO(), _Clock()
    bar = _Progress(out, delay=3, interval=10, clock=clock)
    clock.now = 2.9
    bar(10, 100)
    bar(100, 100)
    bar.close()
    assert "" == out.getvalue()


def test_progress_writes_one_line_per_interval_and_a_last_one() -> None:
    from cpg_score.cli._simulate import _Progress

    out, clock = io.StringIO(), _Clock()
    bar = _Progress(out, delay=3, interval=10, clock=clock)
    for now, done in ((3.0, 10), (4.0, 20), (13.0, 30), (14.0, 40), (14.5, 100)):
        clock.now = now
        bar(done, 100)
    bar.close()
    assert [
        "[###...........................] 10/100 draws",
        "[#########.....................] 30/100 draws",
        "[##############################] 100/100 draws",
    ] == out.getvalue().splitlines()


def test_progress_rewrites_the_line_on_a_terminal() -> None:
    from cpg_score.cli._simulate import _Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    bar = _Progress(out, delay=0, interval=0)
    bar(1, 2)
    bar(2, 2)
    bar.close()
    assert (
        "\r[###############...............] 1/2 draws\r[##############################] 2/2 draws\n"
        == out.getvalue()
    )


def test_cli_progress_on_stderr_when_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cpg_score.cli import _simulate as _cli_simulate

    monkeypatch.setattr(_cli_simulate, "PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(_cli_simulate, "PROGRESS_INTERVAL", 0.0)
    main(["simulate", "--lang", "en", str(GRID_2019), str(BASE), "--draws", "70000", "--backend", "python"])
    assert ["65536/70000 draws", "70000/70000 draws"] == [
        line.split("] ")[1] for line in capsys.readouterr().err.splitlines()
    ]


def test_cli_quiet_has_no_progress(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cpg_score.cli import _simulate as _cli_simulate

    monkeypatch.setattr(_cli_simulate, "PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(_cli_simulate, "PROGRESS_INTERVAL", 0.0)
    main(["simulate", str(GRID_2019), str(BASE), "--draws", "70000", "--backend", "python", "-q"])
    assert "" == capsys.readouterr().err


# -- argument checks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"grid": "g.yaml"}, TypeError, "grid must be a Grid (see load_grid), got str 'g.yaml'"),
        ({"results": None}, TypeError, "results must be a Results (see load_results), got NoneType None"),
        ({"spec": {}}, TypeError, "spec must be a Spec (see load_spec) or None, got dict {}"),
        ({"draws": 1.5}, TypeError, "draws must be a whole number, got float 1.5"),
        ({"draws": 0}, ValueError, "draws must be >= 1, got 0"),
        ({"draws": 10**12}, ValueError, "draws must be <= 1000000000, got 1000000000000"),
        ({"seed": -1}, ValueError, "seed must be >= 0, got -1"),
        ({"seed": 2**63}, ValueError, "seed must be <= 9223372036854775807, got 9223372036854775808"),
        ({"seed": True}, TypeError, "seed must be a whole number, got bool True"),
        (
            {"thresholds": Decimal(1)},
            TypeError,
            "thresholds must be a list of totals (exact numbers), got Decimal",
        ),
        (
            {"thresholds": [0.5]},
            TypeError,
            "thresholds[0] must be an exact number (int, Decimal or Fraction), got float 0.5: a float is not "
            'exact; write Decimal("0.5")',
        ),
        (
            {"thresholds": [Decimal("1e999")]},
            ValueError,
            "thresholds[0] must lie within ±10^15 points, got 1E+999",
        ),
        ({"backend": 3}, TypeError, "backend must be 'auto', 'numpy' or 'python', got int 3"),
        ({"backend": "gpu"}, CpgScoreError, "backend must be auto, numpy or python, got 'gpu'"),
        ({"progress": 3}, TypeError, "progress must be a function of (done, draws) or None, got int 3"),
        (
            {"derived": []},
            TypeError,
            "derived must be a mapping of name to figure function, or None, got list []",
        ),
        ({"keep": -1}, ValueError, "keep must be >= 0, got -1"),
        ({"keep": 10**7}, ValueError, "keep must be <= 1000000, got 10000000"),
    ],
)
def test_simulate_checks_its_arguments(
    grid_2019: Grid, arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    given_arguments = {"grid": grid_2019, "results": load_results(BASE, grid_2019), "draws": 5, **arguments}
    with pytest.raises(error) as caught:
        simulate(**given_arguments)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: load_spec(SPEC, grid="cpg"), "grid must be a Grid or None, got str 'cpg'"),
        (lambda: load_spec(SPEC, limits={}), "limits must be a Limits or None, got dict {}"),
        (lambda: render_montecarlo("run"), "run must be a MonteCarlo (see simulate), got str 'run'"),
        (lambda: load_series("x.yaml", grid="cpg"), "grid must be a Grid or None, got str 'cpg'"),
        (lambda: load_series("x.yaml", limits={}), "limits must be a Limits or None, got dict {}"),
        (lambda: render_projection(None), "result must be a Projection (see project), got NoneType None"),
    ],
)
def test_public_functions_name_the_bad_argument(call: Any, message: str) -> None:
    with pytest.raises(TypeError) as caught:
        call()
    assert message == str(caught.value)


def test_render_montecarlo_refuses_an_unknown_format(grid_2019: Grid) -> None:
    run = simulate(grid_2019, load_results(BASE, grid_2019), draws=5)
    assert isinstance(run, MonteCarlo)
    with pytest.raises(ValueError, match="fmt_name") as caught:
        render_montecarlo(run, "pdf")
    assert "fmt_name must be one of table, json, csv, markdown, got 'pdf'" == str(caught.value)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"grid": "g"}, "grid must be a Grid (see load_grid), got str 'g'"),
        ({"series": {}}, "series must be a SeriesFile (see load_series), got dict {}"),
        ({"base": "r.yaml"}, "base must be a Results (see load_results) or None, got str 'r.yaml'"),
    ],
)
def test_project_checks_its_arguments(grid_2019: Grid, arguments: dict[str, Any], message: str) -> None:
    series = load_series(OBJECTIVES / "series" / "drsm-centre-ouest-2019-06.yaml", grid_2019)
    with pytest.raises(TypeError) as caught:
        project(**{"grid": grid_2019, "series": series, "base": None, **arguments})
    assert message == str(caught.value)


# -- projection denominators -----------------------------------------------------------------

SERIES = """grid: cpg-2019-drsm
period: 2019
entity: {{id: drsm-centre-ouest}}
series:
  fraude:
    numerator: [40, 85]
    denominator: {denominators}
"""


@pytest.mark.parametrize(
    ("denominators", "message"),
    [
        (
            "[1e14, 2]",
            "<string>:7:25: cumulative denominators must not decrease: 2 after 100000000000000 (give the figures to "
            "date, month 1 first) @ $.series.fraude.denominator[1]",
        ),
        (
            "[43, 40]",
            "<string>:7:23: cumulative denominators must not decrease: 40 after 43 (give the figures to "
            "date, month 1 first) @ $.series.fraude.denominator[1]",
        ),
        (
            "[43, -2]",
            "<string>:7:23: a cumulative denominator must not be negative, got -2 @ $.series.fraude.denominator[1]",
        ),
        (
            "[0, 0]",
            "<string>:7:22: the cumulative denominator to date is 0: no rate to project "
            "@ $.series.fraude.denominator[1]",
        ),
    ],
)
def test_bad_cumulative_denominators_are_refused_where_they_are(
    grid_2019: Grid, denominators: str, message: str
) -> None:
    with pytest.raises(SeriesError) as caught:
        load_series(SERIES.format(denominators=denominators), grid_2019)
    assert message == str(caught.value)


def test_a_series_built_with_decreasing_denominators_is_refused() -> None:
    with pytest.raises(ValueError, match="denominators") as caught:
        Series(
            id="fraude",
            kind="fraction",
            numerator=[Decimal(1), Decimal(2)],
            denominator=[Decimal(5), Decimal(4)],
        )
    assert (
        "cumulative denominators must not decrease: 4 after 5 (give the figures to date, month 1 first)"
        == str(caught.value)
    )


def test_cli_project_decreasing_denominators_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    series = tmp_path / "series.yaml"
    series.write_text(SERIES.format(denominators="[1e14, 2]"), encoding="utf-8")
    code = main(["project", str(GRID_2019), str(series), "--results", str(BASE)])
    err = capsys.readouterr().err
    assert (2, True) == (
        code,
        err.endswith(
            "cumulative denominators must not decrease: 2 after 100000000000000 "
            "(give the figures to date, month 1 first) @ $.series.fraude.denominator[1]\n"
        ),
    )


def test_no_warning_escapes_the_float_path() -> None:
    grid, results = _one_lever_grid(Decimal(100))
    spec = Spec(
        {},
        {"x": Decimal("0.9")},
        Distribution(kind="triangular", low=Decimal(0), mode=Decimal(0), high=Decimal(1)),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        runs = [simulate(grid, results, spec, draws=300, seed=1, backend=b) for b in ("python", "auto")]
    assert 2 == len(runs)


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: Distribution(kind="normal", sd=0.1),
            TypeError,
            "sd must be an exact number (int, Decimal or Fraction), got float 0.1: a float is not exact; "
            'write Decimal("0.1")',
        ),
        (
            lambda: Distribution(kind="empirical", sample=[Decimal(1), "2"]),
            TypeError,
            "sample[1] must be an exact number (int, Decimal or Fraction), got str '2'",
        ),
        (
            lambda: Spec({"a": "normal"}),
            TypeError,
            "distributions['a'] must be a Distribution, got str 'normal'",
        ),
        (
            lambda: Spec({}, {"axe-2": Decimal(1)}),
            ValueError,
            "correlations['axe-2'] must lie in [0, 1), got 1",
        ),
        (lambda: Spec({}, {}, "fixed"), TypeError, "default must be a Distribution or None, got str 'fixed'"),
        (
            lambda: Series(id="a", kind="rate", values=[0.5]),
            TypeError,
            "values[0] must be an exact number (int, Decimal or Fraction), got float 0.5: a float is not exact; "
            'write Decimal("0.5")',
        ),
        (
            lambda: Series(id="a", kind="linear", values=[Decimal(1)]),
            ValueError,
            "kind must be cumulative, rate or fraction, got 'linear'",
        ),
    ],
)
def test_model_records_refuse_floats_and_wrong_types(
    build: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        build()
    assert message == str(caught.value)
