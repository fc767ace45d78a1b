"""The HTML report's indicator rows and simulation section in a real headless Chromium.

Skipped (with the reason) when Chromium is not installed (see `test_reports_browser`), or when
matplotlib is missing.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cpg_score import load_grid, load_results, score
from cpg_score.reports import SimulationChart, render_html
from cpg_score.simulate import simulate

from .conftest import OBJECTIVES
from .test_reports_browser import CHROMIUM, _chromium, pytestmark  # noqa: F401

CPAM = OBJECTIVES / "maladie-cpam-2017.yaml"
CPAM_RESULTS = OBJECTIVES / "results" / "illustrative" / "maladie-cpam-2017.yaml"


@pytest.fixture(scope="module")
def dom(tmp_path_factory: pytest.TempPathFactory) -> str:
    pytest.importorskip("matplotlib", reason="the charts need matplotlib (the `report` extra)")
    grid = load_grid(CPAM)
    results = load_results(CPAM_RESULTS, grid)
    run = simulate(grid, results, draws=200, seed=1, thresholds=[Decimal(500)], backend="python", keep=200)
    chart = SimulationChart(run.sample, [("500", 500)], run=run)
    folder = tmp_path_factory.mktemp("html")
    path = folder / "report.html"
    path.write_text(render_html([score(grid, results)], "fr", simulations=[chart]), encoding="utf-8")
    done = _chromium(folder, "--dump-dom", path.as_uri())
    assert 0 == done.returncode, done.stderr[-2000:]
    # Chromium writes a no-break space as an entity.
    return done.stdout.replace("&nbsp;", "\u00a0").replace("&#x27;", "'")


def test_indicator_rows_in_the_page(dom: str) -> None:
    assert (True, True) == ('class="indicator"' in dom, "<td>taux de décroché</td>" in dom)


def test_indicator_figures_in_the_page(dom: str) -> None:
    for needle in ("87,50\u00a0%", "30,00 / 60", "25 jours", "Résultat de l'organisme"):
        assert needle in dom


def test_simulation_section_in_the_page(dom: str) -> None:
    for needle in (
        'id="simulation-1-thresholds"',
        'id="simulation-1-quantiles"',
        "Probabilité de l'atteindre",
    ):
        assert needle in dom


def test_threshold_labelled_once(dom: str) -> None:
    assert "500 500" not in dom
