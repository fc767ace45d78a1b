"""One rendering layer: every result kind through `render`, in French and English."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from cpg_score import explain, load_results, score
from cpg_score._numbers import number_text
from cpg_score.model.grid import Grid
from cpg_score.model.scorecard import Cause, NeutralisedKind, Outcome, Reason
from cpg_score.reports import FORMATS, formats_of, render, render_bytes, render_plan, render_sensitivity
from cpg_score.reports._text import reason_text
from cpg_score.scoring import check
from cpg_score.simulate import MonteCarlo, Scenario, compare, plan, sensitivity, simulate

from .conftest import RESULTS_2019

BASE = RESULTS_2019 / "drsm-centre-ouest.yaml"


@pytest.fixture(scope="module")
def results(grid_2019: Grid) -> Any:
    return load_results(BASE, grid_2019)


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        (Decimal("776.495"), {"lang": "fr"}, "776,50"),
        (Decimal("776.495"), {}, "776.50"),
        (Decimal("57.385"), {"lang": "fr", "percent": True}, "57,39\u00a0%"),
        (Decimal("57.385"), {"percent": True}, "57.39%"),
        (Decimal("1000.5"), {"lang": "fr", "grouped": True}, "1\u202f000,50"),
        (Fraction(-1, 1000), {}, "0.00"),
        (Fraction(1, 3), {"places": 0, "signed": True}, "0"),
        (Fraction(2, 3), {"places": 1, "signed": True}, "+0.7"),
        (Decimal("2.500"), {"places": None}, "2.500"),
    ],
)
def test_number_text(value: Any, options: dict[str, Any], expected: str) -> None:
    assert expected == number_text(value, **options)


def test_number_text_keeps_digits_only_of_a_decimal() -> None:
    with pytest.raises(TypeError, match=r"^value must be a Decimal or an int when places is None"):
        number_text(Fraction(1, 3), None)


def test_number_text_refuses_an_unknown_language() -> None:
    with pytest.raises(ValueError, match=r"^unknown language 'de'"):
        number_text(1, lang="de")


def test_render_in_english_is_the_named_renderer(grid_2019: Grid, results: Any) -> None:
    table = sensitivity(grid_2019, results)
    assert render_sensitivity(table, "markdown") == render(table, "markdown", "en")


def test_a_plan_renders_in_french(grid_2019: Grid, results: Any) -> None:
    text = render(plan(grid_2019, results, Decimal(800)), "table", "fr")
    assert (True, True) == ("Plan vers 800,00\u00a0:" in text, "méthode\u00a0:" in text)


def test_french_csv_has_french_headings_and_excel_conventions(grid_2019: Grid, results: Any) -> None:
    found = plan(grid_2019, results, Decimal(800))
    french = render_plan(found, "csv", "fr")
    english = render_plan(found, "csv", "en").splitlines()
    # French Excel: a byte order mark, `;` between cells and a decimal comma.
    as_french = [";".join(cell.replace(".", ",") for cell in row.split(",")) for row in english[1:]]
    assert ("\ufeffid;Libellé;Avant;Après;Amélioration;Coût;Points", as_french) == (
        french.splitlines()[0],
        french.splitlines()[1:],
    )


def test_json_has_no_language(grid_2019: Grid, results: Any) -> None:
    comparison = compare(
        grid_2019, results, [Scenario(label="s", overrides=[("arrets-travail", Decimal("0.7"))])]
    )
    assert render(comparison, "json", "en") == render(comparison, "json", "fr")


def test_a_kind_refuses_a_format_it_does_not_support(grid_2019: Grid, results: Any) -> None:
    with pytest.raises(
        ValueError, match=r"^a Sensitivity does not render as html; it renders as table, json"
    ):
        render(sensitivity(grid_2019, results), "html", "en")


def test_render_refuses_what_is_no_result() -> None:
    with pytest.raises(TypeError, match=r"^result must be a result of cpg-score"):
        render("text", "table", "en")


def test_formats_of_scorecards_are_all_formats(grid_2019: Grid, results: Any) -> None:
    assert FORMATS == formats_of(score(grid_2019, results))


def test_render_bytes_renders_any_kind(grid_2019: Grid, results: Any) -> None:
    table = sensitivity(grid_2019, results)
    assert render(table, "csv", "fr").encode("utf-8") == render_bytes(table, "csv", "fr")


def test_an_explanation_renders_in_french(grid_2019: Grid, results: Any) -> None:
    text = render(explain(grid_2019, results, "arrets-travail"), "table", "fr")
    assert ("calcul\u00a0:" in text, "taux\u00a0: 57,39\u00a0%" in text) == (True, True)


def test_a_check_report_renders_in_french(results: Any) -> None:
    text = render(check([results]), "table", "fr")
    assert text.startswith("1 entité vérifiée\u00a0: 0 constat")


def test_simulate_renderers_moved_with_a_warning() -> None:
    import cpg_score.simulate as simulate_module

    with pytest.warns(DeprecationWarning, match="import it from cpg_score.reports"):
        moved = simulate_module.render_plan
    assert render_plan is moved


def test_every_result_to_dict_is_json_ready(grid_2019: Grid, results: Any) -> None:
    run = simulate(grid_2019, results, draws=20, seed=3, backend="python", thresholds=[Decimal(700)])
    assert isinstance(run, MonteCarlo)

    def plain(value: Any) -> bool:
        if isinstance(value, dict):
            return all(plain(v) for v in value.values())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or isinstance(value, (str, int, bool))

    assert plain(run.to_dict())


def test_neutralisation_holds_facts(grid_2019: Grid, results: Any) -> None:
    n = score(grid_2019, results).neutralisations[0]
    assert (NeutralisedKind.OBJECTIVE, Outcome.ZERO, Cause.GIVEN) == (n.kind, n.outcome, n.why.cause)


@pytest.mark.parametrize(
    ("reason", "lang", "expected"),
    [
        (Reason(cause=Cause.INDICATORS), "fr", "tous ses indicateurs sont neutralisés"),
        (Reason(cause=Cause.INDICATORS), "en", "all its indicators are neutralised"),
        (
            Reason(cause=Cause.VOLUME, volume=Decimal("29.5"), minimum=Decimal(30), indicator="i"),
            "fr",
            "volume 29,5 sous le volume minimal 30 (min_volume de l'indicateur « i »)",
        ),
        (
            Reason(cause=Cause.VOLUME, volume=Decimal(29), minimum=Decimal(30), indicator="i"),
            "en",
            "volume 29 below the minimum volume 30 (min_volume of indicator 'i')",
        ),
        (Reason(cause=Cause.GIVEN, text="national"), "fr", "national"),
    ],
)
def test_reason_text(reason: Reason, lang: str, expected: str) -> None:
    assert expected == reason_text(reason, lang)


def test_json_is_the_results_to_dict(grid_2019: Grid, results: Any) -> None:
    table = sensitivity(grid_2019, results)
    assert table.to_dict() == json.loads(render(table, "json"))
