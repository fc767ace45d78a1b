"""The HTML report: parsed and checked for the table values, charts, self-containment."""

from __future__ import annotations

import random
import sys
from html.parser import HTMLParser

import pytest

from cpg_score import Grid, Scorecard, load_results, score
from cpg_score.reports import (
    MissingExtraError,
    SimulationChart,
    axes_chart_svg,
    histogram_svg,
    render_compare,
    render_html,
)

from .conftest import RESULTS_2019

ENTITIES = ("drsm-centre-ouest", "drsm-aquitaine")


class _Report(HTMLParser):
    """Collects the results table's rows (cell texts), the ids of svg elements, and links."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.svgs: list[str] = []
        self.fetches: list[str] = []
        self._in_table = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and values.get("id") == "results-table":
            self._in_table = True
        elif self._in_table and tag == "tr":
            self.rows.append([])
        elif self._in_table and tag in ("td", "th"):
            self._cell = []
        elif tag == "svg" and values.get("id"):
            self.svgs.append(str(values["id"]))
        if tag in ("script", "link", "img", "iframe") or (
            values.get("src") or (values.get("href") or "").startswith(("http:", "https:", "//"))
        ):
            self.fetches.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
        elif self._cell is not None and tag in ("td", "th"):
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _parse(text: str) -> _Report:
    report = _Report()
    report.feed(text)
    return report


@pytest.fixture(scope="module")
def cards(grid_2019: Grid) -> list[Scorecard]:
    return [score(grid_2019, load_results(RESULTS_2019 / f"{e}.yaml", grid_2019)) for e in ENTITIES]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_table_values_match_the_markdown_report(cards: list[Scorecard], lang: str) -> None:
    report = _parse(render_html(cards, lang, charts=False))
    markdown = [
        [cell.strip().strip("*") for cell in line.strip("|").split(" | ")]
        for line in render_compare(cards, "markdown", lang).splitlines()
        if line.startswith("| ") and not line.startswith("| Obj")
    ]
    assert markdown == report.rows[2:]


def test_table_total_row(cards: list[Scorecard]) -> None:
    rows = _parse(render_html(cards, "fr", charts=False)).rows
    assert [
        "Résultat régional",
        "77,65\u00a0%",
        "776,50 / 1\u202f000",
        "73,77\u00a0%",
        "737,72 / 1\u202f000",
    ] == rows[-1]
    assert ["", "DRSM Centre-Ouest", "DRSM Aquitaine"] == rows[0]


def test_one_entity_header(cards: list[Scorecard]) -> None:
    rows = _parse(render_html(cards[:1], "en", charts=False)).rows
    assert (["Objective", "Rate", "Points"], ["Regional result", "77.65%", "776.50 / 1,000"]) == (
        rows[0],
        rows[-1],
    )


def test_html_lang_attribute(cards: list[Scorecard]) -> None:
    assert '<html lang="en">' in render_html(cards, "en", charts=False)


def test_html_escapes_labels(grid_2019: Grid, cards: list[Scorecard]) -> None:
    text = render_html(cards, "fr", charts=False)
    assert "Egalité d&#x27;accès aux soins" in text


def test_without_matplotlib_tables_and_hint(cards: list[Scorecard], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    text = render_html(cards, "fr")
    report = _parse(text)
    assert ([], 19) == (report.svgs, len(report.rows))
    assert "python -m pip install &#x27;.[report]&#x27;" in text


def test_histogram_without_matplotlib_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match="matplotlib is not installed"):
        histogram_svg([1, 2, 3], [2])


# --- with matplotlib --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_fr(cards: list[Scorecard]) -> str:
    pytest.importorskip("matplotlib")
    rng = random.Random(7)
    sim = SimulationChart([rng.gauss(770, 15) for _ in range(500)], [("75 %", 750), ("80 %", 800)])
    return render_html(cards, "fr", simulations=[sim])


def test_charts_present(report_fr: str) -> None:
    assert ["chart-points", "chart-axes", "chart-histogram-1"] == _parse(report_fr).svgs


def test_self_contained(report_fr: str) -> None:
    assert [] == _parse(report_fr).fetches
    assert "<?xml" not in report_fr


def test_svg_has_no_date(report_fr: str) -> None:
    assert "<dc:date>" not in report_fr


def test_html_is_deterministic(cards: list[Scorecard], report_fr: str) -> None:
    rng = random.Random(7)
    sim = SimulationChart([rng.gauss(770, 15) for _ in range(500)], [("75 %", 750), ("80 %", 800)])
    assert report_fr == render_html(cards, "fr", simulations=[sim])


def test_histogram_svg_hook() -> None:
    pytest.importorskip("matplotlib")
    svg = histogram_svg([700.5, 710.25, 790.0], {"Seuil": 750}, lang="en", chart_id="h")
    assert svg.startswith('<svg id="h" class="chart" role="img" ')


def test_histogram_needs_totals() -> None:
    pytest.importorskip("matplotlib")
    with pytest.raises(ValueError, match="at least one total"):
        histogram_svg([], [750])


def test_charts_leave_matplotlib_settings_alone(cards: list[Scorecard]) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    before = dict(matplotlib.rcParams)
    axes_chart_svg(cards, "fr")
    assert before == dict(matplotlib.rcParams)
