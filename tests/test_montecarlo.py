"""Monte Carlo: zero variance is exact, seeds reproduce, the spec loader, the CLI."""

from __future__ import annotations

import importlib.util
import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import Grid, load_results, score
from cpg_score.cli import main
from cpg_score.io import load_spec
from cpg_score.simulate import Distribution, Spec, SpecError, simulate

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019
from .strategies import ADVANCED_GRIDS, BASELINE_RESULTS, grids, results_for

BASE = RESULTS_2019 / "drsm-centre-ouest.yaml"
SPEC = OBJECTIVES / "simulations" / "drsm-2019-spec.yaml"
BACKENDS = [
    "python",
    pytest.param(
        "numpy",
        marks=pytest.mark.skipif(
            __import__("importlib").util.find_spec("numpy") is None, reason="NumPy not installed"
        ),
    ),
]


def _zero_variance_spec(grid: Grid) -> Spec:
    results = load_results(BASE, grid)
    kinds = {}
    for index, value in enumerate(v for v in results.values if v.value is not None):
        current = value.value
        assert current is not None
        kinds[value.id] = [
            Distribution(kind="normal", mean=current, sd=Decimal(0)),
            Distribution(kind="uniform", low=current, high=current),
            Distribution(kind="triangular", low=current, mode=current, high=current),
            Distribution(kind="empirical", sample=[current]),
            Distribution(kind="fixed"),
        ][index % 5]
    return Spec(kinds, {"axe-2": Decimal("0.5")})


@pytest.mark.parametrize("backend", BACKENDS)
def test_zero_variance_gives_exactly_the_deterministic_score(grid_2019: Grid, backend: str) -> None:
    results = load_results(BASE, grid_2019)
    run = simulate(grid_2019, results, _zero_variance_spec(grid_2019), draws=500, seed=3, backend=backend)
    exact = score(grid_2019, results).total.points
    assert {exact} == {run.total.mean, run.total.min, run.total.max, *(v for _, v in run.total.percentiles)}


@pytest.mark.parametrize("backend", BACKENDS)
def test_zero_variance_objectives_are_exact(grid_2019: Grid, backend: str) -> None:
    results = load_results(BASE, grid_2019)
    run = simulate(grid_2019, results, _zero_variance_spec(grid_2019), draws=100, seed=3, backend=backend)
    expected = [o.points for o in score(grid_2019, results).objectives]
    assert expected == [s.percentile(50) for _, _, s in run.objectives]


@pytest.mark.parametrize("backend", BACKENDS)
def test_same_seed_same_figures(grid_2019: Grid, backend: str) -> None:
    results = load_results(BASE, grid_2019)
    spec = load_spec(SPEC, grid_2019)
    first = simulate(grid_2019, results, spec, draws=3000, seed=7, backend=backend, thresholds=[Decimal(780)])
    again = simulate(grid_2019, results, spec, draws=3000, seed=7, backend=backend, thresholds=[Decimal(780)])
    assert first.to_dict() == again.to_dict()


def test_other_seed_other_figures(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    one = simulate(grid_2019, results, draws=1000, seed=1, backend="python")
    two = simulate(grid_2019, results, draws=1000, seed=2, backend="python")
    assert one.total.mean != two.total.mean


def test_backends_agree_statistically(grid_2019: Grid) -> None:
    pytest.importorskip("numpy")
    results = load_results(BASE, grid_2019)
    means = [
        simulate(grid_2019, results, draws=20_000, seed=1, backend=b).total.mean for b in ("python", "numpy")
    ]
    assert abs(means[0] - means[1]) < Decimal("0.5")


def test_chunks_cover_every_draw(grid_2019: Grid) -> None:
    pytest.importorskip("numpy")
    results = load_results(BASE, grid_2019)
    run = simulate(grid_2019, results, draws=70_000, seed=1, backend="numpy", thresholds=[Decimal(0)])
    assert Decimal(1) == run.probability(Decimal(0))


def test_probabilities_decrease_with_the_threshold(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    thresholds = [Decimal(t) for t in (760, 770, 780, 790)]
    run = simulate(grid_2019, results, draws=2000, seed=1, thresholds=thresholds, backend="python")
    probabilities = [run.probability(t) for t in thresholds]
    assert sorted(probabilities, reverse=True) == probabilities


def test_spec_reads_every_distribution(grid_2019: Grid) -> None:
    spec = load_spec(SPEC, grid_2019)
    kinds = {k: d.kind for k, d in spec.distributions.items()}
    assert ({"normal", "triangular", "uniform", "empirical", "fixed"}, Decimal("0.4")) == (
        set(kinds.values()),
        spec.correlations["axe-2"],
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "indicators:\n  fraudes: {distribution: fixed}\n",
            "<string>:2:3: no indicator or objective 'fraudes'",
        ),
        (
            "indicators:\n  fraude: {distribution: triangular, low: 0.9, mode: 0.8, high: 0.95}\n",
            "mode (0.8)",
        ),
        ("indicators:\n  fraude: {distribution: gauss}\n", "distribution must be one of"),
        ("correlation:\n  axe-2: 1\n", "a correlation must be below 1"),
        ("correlation:\n  axe-9: 0.5\n", "no axis 'axe-9'"),
        ("indicators:\n  fraude: {distribution: empirical, sample: []}\n", "non-empty sample"),
    ],
)
def test_spec_errors(grid_2019: Grid, text: str, message: str) -> None:
    with pytest.raises(SpecError, match=re.escape(message)):
        load_spec(text, grid_2019)


def test_cli_simulate_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "simulate",
            str(GRID_2019),
            str(BASE),
            "--draws",
            "500",
            "--seed",
            "1",
            "--spec",
            str(SPEC),
            "--threshold",
            "750",
            "--threshold",
            "800",
            "--format",
            "json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert (code, data["draws"], len(data["thresholds"]), len(data["objectives"])) == (0, 500, 2, 11)


def test_cli_simulate_no_progress_bar_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    main(["simulate", str(GRID_2019), str(BASE), "--draws", "100"])
    assert capsys.readouterr().err == ""


def test_draws_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate", str(GRID_2019), str(BASE), "--draws", "0"])
    assert 2 == exit_info.value.code


def test_exact_fallback_matches_the_fast_path(grid_2019: Grid, monkeypatch: pytest.MonkeyPatch) -> None:
    from attrs import evolve

    from cpg_score.simulate import _montecarlo as montecarlo

    results = load_results(BASE, grid_2019)
    fast = simulate(grid_2019, results, draws=200, seed=5, backend="python")
    real = montecarlo.levers
    monkeypatch.setattr(montecarlo, "levers", lambda g, r: evolve(real(g, r), additive=False))
    exact = simulate(grid_2019, results, draws=200, seed=5, backend="python")
    assert (exact.backend, abs(exact.total.mean - fast.total.mean) < Decimal("1e-9")) == ("exact", True)


@pytest.mark.parametrize("backend", BACKENDS)
def test_correlation_within_an_axis_widens_the_total(grid_2019: Grid, backend: str) -> None:
    results = load_results(BASE, grid_2019)
    normal = Distribution(kind="normal", sd=Decimal("0.02"))
    alone = simulate(grid_2019, results, Spec({}, {}, normal), draws=4000, seed=2, backend=backend)
    together = simulate(
        grid_2019, results, Spec({}, {"axe-2": Decimal("0.9")}, normal), draws=4000, seed=2, backend=backend
    )
    assert together.total.sd > alone.total.sd * Fraction(6, 5)


def test_progress_bar_counts_the_draws(capsys: pytest.CaptureFixture[str]) -> None:
    from cpg_score.cli._simulate import _Progress

    bar = _Progress(delay=0)
    bar(50, 100)
    bar.close()
    assert capsys.readouterr().err == "[###############...............] 50/100 draws\n"


def test_keep_gives_the_first_totals(grid_2019: Grid) -> None:
    results = load_results(BASE, grid_2019)
    run = simulate(grid_2019, results, draws=300, seed=1, keep=100, backend="python")
    assert (100, True) == (len(run.sample), all(700 < total < 1000 for total in run.sample))


def test_cli_simulate_html_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sim.html"
    code = main(
        ["simulate", str(GRID_2019), str(BASE), "--draws", "300", "--threshold", "780", "--html", str(out)]
    )
    page = out.read_text(encoding="utf-8")
    charted = importlib.util.find_spec("matplotlib") is not None
    assert (0, True) == (code, ('id="figure-histogram-1"' in page) == charted)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_zero_variance_is_exact_with_every_rule(data: st.DataObject) -> None:
    grid = data.draw(grids(shape=ADVANCED_GRIDS))
    results = data.draw(results_for(grid, BASELINE_RESULTS))
    spec = Spec({}, {}, Distribution(kind="normal", sd=Decimal(0)))
    run = simulate(grid, results, spec, draws=20, seed=1, backend="python")
    assert score(grid, results).total.points == run.total.percentile(50)


def test_a_bonus_ceiling_sends_the_simulation_to_the_exact_scorer() -> None:
    from cpg_score import Axis, Entity, Indicator, LinearRule, Objective, Results, ResultValue
    from cpg_score.errors import CpgScoreError
    from cpg_score.simulate import plan

    rule = LinearRule(Decimal("0.5"), Decimal("0.9"), cap=Decimal("1.2"))
    indicators = [Indicator(id="a", label="a", rule=rule), Indicator(id="b", label="b", rule=rule)]
    objective = Objective(id="o", label="o", points=Decimal(100), indicators=indicators, bonus=Decimal(5))
    grid = Grid(id="g", label="g", period=2019, total_points=Decimal(100), axes=[Axis("x", "x", [objective])])
    results = Results(
        entity=Entity("e"),
        grid="g",
        period=2019,
        values=[ResultValue(id="a", value=Decimal("0.95")), ResultValue(id="b", value=Decimal("0.97"))],
    )
    run = simulate(grid, results, Spec({}, {}, Distribution(kind="fixed")), draws=10, seed=1)
    with pytest.raises(CpgScoreError, match="planner cannot handle them"):
        plan(grid, results, Decimal(110))
    assert ("exact", score(grid, results).total.points) == (run.backend, run.total.mean)
