"""Implausible values: warnings of `check` with the value likely meant and the total with it."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpg_score import Entity, Results, ResultValue, Unit, check, load_grid, read_results, render
from cpg_score.cli import main
from cpg_score.reports._scoring_views import warning_text
from cpg_score.scoring import Finding, FindingKind

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019

D = Decimal
CENTRE_OUEST = RESULTS_2019 / "drsm-centre-ouest.yaml"

GRID = """\
id: g
label: G
period: 2019
total_points: 100
axes:
  - id: a
    label: A
    objectives:
      - id: o
        label: Délais
        points: 60
        indicators:
          - id: delai
            label: Délai de traitement
            unit: days
            rule: {type: linear, floor: 30, target: 10}
      - id: p
        label: Taux
        points: 40
        indicators:
          - id: taux
            label: Taux de dossiers traités
            rule: {type: linear, floor: 0.90, target: 0.95}
"""


def _results(entity: str, delai: str, taux: str, baseline: str | None = None) -> Results:
    return Results(
        entity=Entity(entity),
        grid="g",
        period=2019,
        values=(
            ResultValue(id="delai", value=D(delai), baseline=None if baseline is None else D(baseline)),
            ResultValue(id="taux", value=D(taux), unit=Unit.SHARE),
        ),
    )


@pytest.fixture(scope="module")
def grid():  # type: ignore[no-untyped-def]
    return load_grid(GRID)


def _centre_ouest(tmp_path: Path, written: str) -> Path:
    text = CENTRE_OUEST.read_text(encoding="utf-8").replace("value: 0.9446 ", f"value: {written} ")
    path = tmp_path / "centre-ouest.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _facts(report):  # type: ignore[no-untyped-def]
    return [(w.kind, w.entities[0], w.items[0], w.likely) for w in report.warnings]


# -- a share written 100 times too small or too large ------------------------------------------


def test_a_percent_of_a_percent_gives_the_share_meant_and_the_total_with_it(tmp_path: Path) -> None:
    results = read_results(_centre_ouest(tmp_path, '"0,9446 %"'), domains=False)
    (warning,) = check([results], grid=load_grid(GRID_2019)).warnings
    expected = (
        FindingKind.PERCENT_SCALE,
        "fraude",
        D("0.009446"),
        D("0.9446"),
        Fraction("673.63221"),
        Fraction("776.49915"),
    )
    assert expected == (
        warning.kind,
        warning.items[0],
        warning.values[0],
        warning.likely,
        warning.score,
        warning.likely_score,
    )


def test_a_percent_of_a_percent_in_french(tmp_path: Path) -> None:
    results = read_results(_centre_ouest(tmp_path, '"0,9446 %"'), domains=False)
    text = render(check([results], grid=load_grid(GRID_2019)), "table", "fr")
    expected = (
        "drsm-centre-ouest fraude (Lutte contre la fraude)\u00a0: 0,9446\u00a0% ressemble à un pourcentage "
        "de pourcentage\u00a0: vouliez-vous écrire 94,46\u00a0%\u00a0? Le total serait 776,50 au lieu de 673,63."
    )
    assert expected in text


def test_a_percent_of_a_percent_in_english(tmp_path: Path) -> None:
    results = read_results(_centre_ouest(tmp_path, '"0,9446 %"'), domains=False)
    (warning,) = check([results], grid=load_grid(GRID_2019)).warnings
    expected = (
        "drsm-centre-ouest fraude (Lutte contre la fraude): 0.9446 % looks like a percent of a percent: "
        "did you mean 94.46 %? The total would be 776.50 instead of 673.63."
    )
    assert expected == warning.message


def test_a_percent_written_without_its_sign_is_no_warning_beside_its_finding(tmp_path: Path) -> None:
    results = read_results(_centre_ouest(tmp_path, '"94,46"'), domains=False)
    expected: tuple[object, ...] = ()
    assert expected == check([results], grid=load_grid(GRID_2019)).warnings


def test_a_percent_written_100_times_too_large_is_no_warning_beside_its_finding(tmp_path: Path) -> None:
    results = read_results(_centre_ouest(tmp_path, '"9446 %"'), domains=False)
    report = check([results], grid=load_grid(GRID_2019))
    expected = (["out-of-domain"], ())
    assert expected == ([f.kind.value for f in report.findings], report.warnings)


def _too_large() -> Finding:
    return Finding(
        kind=FindingKind.PERCENT_SCALE,
        entities=("typo3",),
        items=("fraude",),
        values=(D("94.46"),),
        label="Lutte contre la fraude",
        unit=Unit.SHARE,
        likely=D("0.9446"),
        likely_score=Fraction("776.49915"),
    )


def test_a_share_100_times_too_large_shows_it_as_written_in_english() -> None:
    expected = (
        "typo3 fraude (Lutte contre la fraude): 9446 % is 100 times too large for a share: "
        "did you mean 94.46 %? The total would be 776.50."
    )
    assert expected == _too_large().message


def test_a_share_100_times_too_large_shows_it_as_written_in_french() -> None:
    expected = (
        "typo3 fraude (Lutte contre la fraude)\u00a0: 9446\u00a0% est 100 fois trop grand pour une part\u00a0: "
        "vouliez-vous écrire 94,46\u00a0%\u00a0? Le total serait 776,50."
    )
    assert expected == warning_text(_too_large(), "fr")


def test_another_value_out_of_domain_leaves_the_totals_out(tmp_path: Path) -> None:
    path = _centre_ouest(tmp_path, '"0,9446 %"')
    text = path.read_text(encoding="utf-8").replace("value: 0.9728", 'value: "97,28"')
    assert text != path.read_text(encoding="utf-8")
    (warning,) = check([read_results(text, domains=False)], grid=load_grid(GRID_2019)).warnings
    expected = (D("0.9446"), None, None, False)
    actual = (warning.likely, warning.score, warning.likely_score, "total" in warning.message)
    assert expected == actual


def test_another_value_out_of_domain_leaves_the_totals_out_in_french(tmp_path: Path) -> None:
    path = _centre_ouest(tmp_path, '"0,9446 %"')
    text = path.read_text(encoding="utf-8").replace("value: 0.9728", 'value: "97,28"')
    (warning,) = check([read_results(text, domains=False)], grid=load_grid(GRID_2019)).warnings
    assert warning_text(warning, "fr").endswith("vouliez-vous écrire 94,46\u00a0%\u00a0?")


def test_a_percent_written_without_its_sign_is_still_out_of_domain(tmp_path: Path) -> None:
    results = read_results(_centre_ouest(tmp_path, '"94,46"'), domains=False)
    report = check([results], grid=load_grid(GRID_2019))
    expected = ["out-of-domain"]
    assert expected == [f.kind.value for f in report.findings]


def test_a_share_100_times_too_small_for_a_floor_and_target(grid) -> None:  # type: ignore[no-untyped-def]
    report = check([_results("x", "20", "0.0092")], grid=grid)
    expected = [(FindingKind.PERCENT_SCALE, "x", "taux", D("0.92"))]
    assert expected == _facts(report)


def test_a_low_share_the_range_does_not_hold_times_100_is_no_warning(grid) -> None:  # type: ignore[no-untyped-def]
    expected: list[object] = []
    assert expected == _facts(check([_results("x", "20", "0.5")], grid=grid))


@given(st.integers(min_value=9000, max_value=9500))
def test_every_share_in_the_range_is_plausible_and_a_hundredth_of_it_is_not(ten_thousandths: int) -> None:
    grid = load_grid(GRID)
    share = D(ten_thousandths).scaleb(-4)
    plausible = check([_results("x", "20", str(share))], grid=grid).warnings
    (warning,) = check([_results("x", "20", str(share / 100))], grid=grid).warnings
    expected = ((), share)
    assert expected == (plausible, warning.likely)


@given(
    st.integers(min_value=50, max_value=90),
    st.integers(min_value=1, max_value=9),
    st.integers(min_value=0, max_value=100),
)
def test_a_share_in_any_range_is_plausible_and_its_hundredth_gives_it_back(
    floor: int, width: int, at: int
) -> None:
    low, high = D(floor) / 100, D(floor + width) / 100
    grid = load_grid(GRID.replace("floor: 0.90, target: 0.95", f"floor: {low}, target: {high}"))
    share = low + (high - low) * D(at) / 100
    plausible = check([_results("x", "20", str(share))], grid=grid).warnings
    (warning,) = check([_results("x", "20", str(share / 100))], grid=grid).warnings
    expected = ((), share)
    assert expected == (plausible, warning.likely)


# -- a value far from its rule's range ---------------------------------------------------------


def test_a_delay_on_its_floor_is_plausible(grid) -> None:  # type: ignore[no-untyped-def]
    expected: list[object] = []
    assert expected == _facts(check([_results("x", "30", "0.93")], grid=grid))


def test_a_delay_a_hundred_times_its_floor_is_far_from_the_range(grid) -> None:  # type: ignore[no-untyped-def]
    report = check([_results("x", "3000", "0.93")], grid=grid)
    expected = [(FindingKind.FAR_FROM_RANGE, "x", "delai", D("30"))]
    assert expected == _facts(report)


def test_far_from_the_range_gives_the_range_and_the_totals(grid) -> None:  # type: ignore[no-untyped-def]
    (warning,) = check([_results("x", "3000", "0.93")], grid=grid).warnings
    expected = ((D("3000"), D("10"), D("30")), Fraction(24), Fraction(24))
    assert expected == (warning.values, warning.score, warning.likely_score)


def test_far_from_the_range_in_english(grid) -> None:  # type: ignore[no-untyped-def]
    (warning,) = check([_results("x", "3000", "0.93")], grid=grid).warnings
    expected = (
        "x delai (Délai de traitement): 3000 days is far from the range its rule scores (10 days to 30 days): "
        "did you mean 30 days? The total would be 24.00 instead of 24.00."
    )
    assert expected == warning.message


def test_a_delay_twenty_widths_beyond_the_range_is_plausible(grid) -> None:  # type: ignore[no-untyped-def]
    expected: list[object] = []
    assert expected == _facts(check([_results("x", "430", "0.93")], grid=grid))


def test_results_written_as_words_are_read_by_their_rule_for_the_totals() -> None:
    grid = load_grid(GRID.replace("rule: {type: linear, floor: 0.90, target: 0.95}", "rule: {type: binary}"))
    text = "entity: x\ngrid: g\nperiod: 2019\nresults:\n  delai: 3000\n  taux: oui\n"
    (warning,) = check([read_results(text, domains=False)], grid=grid).warnings
    expected = (Fraction(40), Fraction(40))
    assert expected == (warning.score, warning.likely_score)


# -- a value far from its baseline -------------------------------------------------------------


def test_a_delay_ten_times_its_baseline_is_far_from_it() -> None:
    report = check([_results("x", "250", "0.93", baseline="25")])
    expected = [(FindingKind.FAR_FROM_BASELINE, "x", "delai", D("25.0"))]
    assert expected == _facts(report)


def test_a_delay_nine_times_its_baseline_is_plausible() -> None:
    expected: list[object] = []
    assert expected == _facts(check([_results("x", "225", "0.93", baseline="25")]))


def test_far_from_the_baseline_in_french() -> None:
    report = check([_results("x", "2.5", "0.93", baseline="25")])
    expected = "x delai\u00a0: 2,5 est 10,0 fois plus petit que sa valeur de référence 25\u00a0: vouliez-vous écrire 25\u00a0?"
    assert expected in render(report, "table", "fr")


# -- a value far from its siblings ------------------------------------------------------------


def _siblings(grid, *delays: str):  # type: ignore[no-untyped-def]
    entities = [_results(f"e{i}", d, "0.93") for i, d in enumerate(delays)]
    return check(entities, grid=grid)


def test_a_delay_ten_times_its_siblings_median_is_far_from_them(grid) -> None:  # type: ignore[no-untyped-def]
    report = _siblings(grid, "20", "22", "25", "21", "240")
    expected = [(FindingKind.FAR_FROM_SIBLINGS, "e4", "delai", D("24.0"))]
    assert expected == _facts(report)


def test_far_from_siblings_gives_their_median_spread_and_number(grid) -> None:  # type: ignore[no-untyped-def]
    (warning,) = _siblings(grid, "20", "22", "25", "21", "240").warnings
    expected = (D("240"), D("21.5"), D("1.4826") * D("1.0"), D(4))
    assert expected == warning.values


def test_three_siblings_are_too_few_to_compare_with(grid) -> None:  # type: ignore[no-untyped-def]
    expected: list[object] = []
    assert expected == _facts(_siblings(grid, "20", "22", "25", "240"))


def test_counts_are_not_compared_with_other_entities() -> None:
    entities = [
        Results(
            entity=Entity(f"e{i}"),
            grid="g",
            period=2019,
            values=[ResultValue(id="n", value=D(v), unit=Unit.COUNT)],
        )
        for i, v in enumerate(["20", "22", "25", "21", "2400"])
    ]
    expected: list[object] = []
    assert expected == _facts(check(entities))


# -- the report -------------------------------------------------------------------------------


def test_warnings_leave_the_report_clean(grid) -> None:  # type: ignore[no-untyped-def]
    report = check([_results("x", "3000", "0.93")], grid=grid)
    expected = (True, (), 1)
    assert expected == (report.clean, report.findings, len(report.warnings))


def test_a_warning_is_of_severity_warning_and_a_finding_of_severity_error() -> None:
    report = check([_results("x", "2.5", "1.5", baseline="25")])
    expected = (["error"], ["warning"])
    assert expected == (
        [f.severity.value for f in report.findings],
        [w.severity.value for w in report.warnings],
    )


def test_a_warning_in_json_gives_its_figures_exactly(grid) -> None:  # type: ignore[no-untyped-def]
    report = check([_results("x", "3000", "0.93")], grid=grid, places={("x", "delai"): ("x.yaml", 7, 12)})
    data = json.loads(report.to_json())["warnings"][0]
    expected = {
        "kind": "far-from-range",
        "severity": "warning",
        "entities": ["x"],
        "items": ["delai"],
        "file": "x.yaml",
        "line": 7,
        "column": 12,
        "sheet": None,
        "label": "Délai de traitement",
        "unit": "days",
        "value": "3000",
        "references": ["10", "30"],
        "likely": "30",
        "score": "24",
        "likely_score": "24",
    }
    assert expected == {k: v for k, v in data.items() if k != "message"}


def test_a_finding_in_json_keeps_its_keys_and_gains_its_severity() -> None:
    report = check([_results("x", "20", "1.5")])
    expected = ["kind", "severity", "message", "entities", "items", "file"]
    assert expected == list(report.to_dict()["findings"][0])


def test_a_warning_says_where_its_value_stands(grid) -> None:  # type: ignore[no-untyped-def]
    report = check([_results("x", "3000", "0.93")], grid=grid, places={("x", "delai"): ("x.yaml", 7, 12)})
    assert "  - x.yaml:7:12: x delai (Délai de traitement): 3000 days" in render(report, "table", "en")


def test_places_must_be_a_mapping() -> None:
    with pytest.raises(TypeError, match="places"):
        check([_results("x", "20", "0.93")], places=[("x", "delai")])  # type: ignore[arg-type]


# -- no warning on the shipped results --------------------------------------------------------

SHIPPED = sorted(p for p in (OBJECTIVES / "results").rglob("*.yaml") if p.name != "regional-totals.yaml")
GRIDS = {g.id: g for g in (load_grid(p) for p in OBJECTIVES.glob("*.yaml"))}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_no_warning_on_a_shipped_results_file_checked_alone(path: Path) -> None:
    results = read_results(path, domains=False)
    expected: list[object] = []
    assert expected == _facts(check([results], grid=GRIDS[results.grid]))


@pytest.mark.parametrize("folder", [RESULTS_2019, RESULTS_2019 / "elsm"], ids=["drsm", "elsm"])
def test_no_warning_on_the_2019_cards_checked_together(folder: Path) -> None:
    cards = [
        read_results(p, domains=False)
        for p in sorted(folder.glob("*.yaml"))
        if p.name != "regional-totals.yaml"
    ]
    expected: list[object] = []
    assert expected == _facts(check(cards, grid=GRIDS[cards[0].grid]))


# -- the command line -------------------------------------------------------------------------


def test_cli_warnings_alone_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _centre_ouest(tmp_path, '"0,9446 %"')
    assert 0 == main(["check", str(path), "--grid", str(GRID_2019)])


def test_cli_warnings_exit_3_with_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _centre_ouest(tmp_path, '"0,9446 %"')
    assert 3 == main(["check", str(path), "--grid", str(GRID_2019), "--strict"])


def test_cli_locates_the_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _centre_ouest(tmp_path, '"0,9446 %"')
    main(["check", str(path), "--grid", str(GRID_2019), "--lang", "fr"])
    out = capsys.readouterr().out
    assert f"{path}:43:12: drsm-centre-ouest fraude" in out


def test_cli_json_locates_the_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _centre_ouest(tmp_path, '"0,9446 %"')
    main(["check", str(path), "--grid", str(GRID_2019), "--format", "json"])
    (warning,) = json.loads(capsys.readouterr().out)["warnings"]
    expected = (str(path), 43, 12, "776.49915")
    assert expected == (warning["file"], warning["line"], warning["column"], warning["likely_score"])


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "1 entité vérifiée\u00a0: 0 constat, 1 avertissement"),
        ("en", "checked 1 entity: 0 findings, 1 warning"),
    ],
)
def test_one_warning_is_counted_in_the_singular(grid, lang: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    report = check([_results("x", "20", "0.0092")], grid=grid)
    assert expected == render(report, "table", lang).splitlines()[0]
