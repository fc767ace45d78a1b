"""The HTML report in a real headless Chromium: a non-blank screenshot, the charts in the DOM.

Skipped (with the reason) when Chromium is not installed at /usr/bin/chromium (or at the path
in `CPG_CHROMIUM`), or when matplotlib is missing; CI installs both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cpg_score import Grid, load_results, score
from cpg_score.reports import render_html

from .conftest import RESULTS_2019

CHROMIUM = os.environ.get("CPG_CHROMIUM", "/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

pytestmark = pytest.mark.skipif(
    not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)),
    reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CPG_CHROMIUM)",
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    shutil.rmtree(profile, ignore_errors=True)
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, grid_2019: Grid) -> Path:
    pytest.importorskip("matplotlib", reason="the charts need matplotlib (the `report` extra)")
    cards = [
        score(grid_2019, load_results(RESULTS_2019 / f"{e}.yaml", grid_2019))
        for e in ("drsm-centre-ouest", "drsm-aquitaine")
    ]
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_html(cards, "fr"), encoding="utf-8")
    return path


def test_screenshot_is_not_blank(report: Path, tmp_path: Path) -> None:
    image_module = pytest.importorskip("matplotlib.image")
    shot = tmp_path / "shot.png"
    done = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", report.as_uri())
    assert shot.is_file(), done.stderr[-2000:]
    pixels = image_module.imread(shot)[:, :, :3]
    assert (2000, 1280) == pixels.shape[:2]
    not_white = (pixels < 0.95).any(axis=2).mean()
    colours = len({tuple(p) for p in (pixels[::7, ::7] * 255).astype(int).reshape(-1, 3).tolist()})
    # The page has text, a blue table header and coloured bars: plenty of ink, many colours.
    assert (True, True) == (not_white > 0.05, colours > 20), (not_white, colours)


def test_dom_has_table_and_charts(report: Path, tmp_path: Path) -> None:
    done = _chromium(tmp_path, "--dump-dom", report.as_uri())
    dom = done.stdout
    assert 0 == done.returncode, done.stderr[-2000:]
    for needle in (
        'id="results-table"',
        'id="chart-points"',
        'id="chart-axes"',
        "776,50 / 1\u202f000",
        "<path",
    ):
        assert needle in dom
