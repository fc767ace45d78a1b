"""The HTML report of `simulate --html`: the probability of each threshold, the quantiles, the
profit-sharing per FTE, and the threshold line labelled once."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpg_score import Grid, load_results, score
from cpg_score.io import load_profit_sharing
from cpg_score.reports import SimulationChart, render_html
from cpg_score.reports._cells import csv_text
from cpg_score.reports._charts import mark_text
from cpg_score.simulate import MonteCarlo, profit_sharing_figure, simulate

from .conftest import OBJECTIVES, RESULTS_2019

PARAMS = OBJECTIVES / "profit-sharing" / "illustrative.yaml"


@pytest.fixture(scope="module")
def run(grid_2019: Grid) -> MonteCarlo:
    results = load_results(RESULTS_2019 / "drsm-centre-ouest.yaml", grid_2019)
    derived = {"profit_sharing_per_fte": profit_sharing_figure(load_profit_sharing(PARAMS))}
    return simulate(
        grid_2019, results, draws=300, seed=3, thresholds=[Decimal(800)], backend="python", derived=derived
    )


def _page(grid_2019: Grid, run: MonteCarlo, lang: str) -> str:
    card = score(grid_2019, load_results(RESULTS_2019 / "drsm-centre-ouest.yaml", grid_2019))
    chart = SimulationChart((776.5,), [("800", Decimal(800))], run=run)
    return render_html([card], lang, simulations=[chart], charts=False)


def test_page_gives_the_probability_of_each_threshold(grid_2019: Grid, run: MonteCarlo) -> None:
    percent = f"{float(run.probability(Decimal(800)) * 100):.2f}".replace(".", ",")
    assert f'<td>800,00</td><td class="num">{percent}\u00a0%</td>' in _page(grid_2019, run, "fr")


def test_page_gives_the_quantiles_of_each_objective(grid_2019: Grid, run: MonteCarlo) -> None:
    page = _page(grid_2019, run, "en")
    assert (True, True, True) == (
        'id="simulation-1-quantiles"' in page,
        "<td>Egalité d&#x27;accès aux soins</td>" in page,
        '<th class="num">p95</th>' in page,
    )


def test_page_gives_the_profit_sharing_per_fte(grid_2019: Grid, run: MonteCarlo) -> None:
    assert 'id="simulation-1-profit-sharing">Montant par ETP' in _page(grid_2019, run, "fr")


def test_no_simulation_section_without_a_run(grid_2019: Grid) -> None:
    card = score(grid_2019, load_results(RESULTS_2019 / "drsm-centre-ouest.yaml", grid_2019))
    page = render_html([card], "fr", simulations=[SimulationChart((776.5,))], charts=False)
    assert 'class="simulation"' not in page


@pytest.mark.parametrize(
    ("label", "value", "lang", "expected"),
    [
        ("800", 800.0, "fr", " 800"),
        ("800.00", 800.0, "en", " 800"),
        ("", 750.0, "en", " 750"),
        ("Objectif", 776.5, "fr", " Objectif 776,5"),
    ],
)
def test_threshold_line_labelled_once(label: str, value: float, lang: str, expected: str) -> None:
    assert expected == mark_text(label, value, lang)


_NUMBERS = st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False)
_TEXTS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)


@given(st.lists(st.tuples(_TEXTS, _NUMBERS), min_size=1, max_size=5))
def test_french_csv_reads_back_with_semicolons(pairs: list[tuple[str, Decimal]]) -> None:
    text = csv_text([[label, number] for label, number in pairs], "fr")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert [number for _, number in pairs] == [Decimal(row[1].replace(",", ".")) for row in rows]
