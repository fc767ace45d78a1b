"""Data checks: copy-paste, repeated labels, values out of domain, sums vs published totals."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from cpg_score import (
    Entity,
    Figure,
    PublishedTotal,
    Results,
    ResultValue,
    TotalsError,
    Unit,
    check,
    load_grid,
    load_totals,
    load_tree,
    read_results,
)
from cpg_score.cli import main

from .conftest import OBJECTIVES

D = Decimal
CARDS = OBJECTIVES / "results" / "2019" / "elsm"
TOTALS = OBJECTIVES / "results" / "2019" / "regional-totals.yaml"
TREE = OBJECTIVES / "entities" / "nouvelle-aquitaine.yaml"
LOCAL = OBJECTIVES / "elsm-2019-local.yaml"


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    cards = [read_results(p, domains=False) for p in sorted(CARDS.glob("*.yaml"))]
    return check(cards, grid=load_grid(LOCAL), tree=load_tree(TREE), totals=load_totals(TOTALS))


def _kinds(report, kind: str):  # type: ignore[no-untyped-def]
    return [f for f in report.findings if f.kind == kind]


def test_landes_repeats_gironde(report) -> None:  # type: ignore[no-untyped-def]
    (finding,) = _kinds(report, "identical-figures")
    expected = (
        ("elsm-gironde", "elsm-landes"),
        ("contacts-ambulatoire", "contacts-etablissements", "adhesions-prado"),
    )
    assert expected == (finding.entities, finding.items)


def test_repeated_ald_label_on_creuse_and_dordogne(report) -> None:  # type: ignore[no-untyped-def]
    found = _kinds(report, "repeated-label")
    expected = [("elsm-creuse",), ("elsm-dordogne",)]
    assert expected == [f.entities for f in found]
    assert all(f.items == ("ald-declaratives-14j", "ald-declaratives-14j-ligne-2") for f in found)


def test_no_value_out_of_domain_in_2019_cards(report) -> None:  # type: ignore[no-untyped-def]
    expected = []
    assert expected == _kinds(report, "out-of-domain")


@pytest.mark.parametrize(
    ("entity", "item", "gap", "percent"),
    [
        ("drsm-nouvelle-aquitaine", "contacts-ambulatoire", "10743", "20.44"),
        ("drsm-nouvelle-aquitaine", "contacts-etablissements", "460", "23.03"),
        ("drsm-nouvelle-aquitaine", "adhesions-prado", "1061", "6.44"),
        ("drsm-nouvelle-aquitaine", "depense-evitee-chirurgie-plastique", "406687", "73.50"),
        ("drsm-aquitaine", "dap-chirurgie-plastique", "-180", "-7.64"),
        ("drsm-aquitaine", "depense-evitee-chirurgie-plastique", "432", "0.06"),
        ("drsm-aquitaine", "entrees-invalidite", "-345", "-6.64"),
        ("drsm-centre-ouest", "entrees-invalidite", "-331", "-9.51"),
        ("drsm-nouvelle-aquitaine", "praticiens-conseils", "-40", "-23.81"),
        ("drsm-nouvelle-aquitaine", "agents-administratifs", "-16", "-3.95"),
    ],
)
def test_total_gaps_as_in_the_data_notes(report, entity: str, item: str, gap: str, percent: str) -> None:  # type: ignore[no-untyped-def]
    (comparison,) = [c for c in report.comparisons if (c.total.entity, c.total.id) == (entity, item)]
    assert (D(gap), D(percent)) == (
        comparison.gap,
        comparison.to_dict()["gap_percent"] and D(comparison.to_dict()["gap_percent"]),
    )


def test_matching_totals_are_confirmed(report) -> None:  # type: ignore[no-untyped-def]
    confirmed = {(c.total.entity, c.total.id) for c in report.confirmed}
    expected = {
        ("drsm-aquitaine", "aia-suite-ccx"),
        ("drsm-centre-ouest", "aia-suite-ccx"),
        ("drsm-centre-ouest", "dap-chirurgie-plastique"),
        ("drsm-centre-ouest", "depense-evitee-chirurgie-plastique"),
        ("drsm-nouvelle-aquitaine", "sejours-controles-t2a"),
        ("drsm-nouvelle-aquitaine", "indus-t2a"),
        ("drsm-nouvelle-aquitaine", "aia-suite-ccx"),
        ("drsm-nouvelle-aquitaine", "dap-chirurgie-plastique"),
    }
    assert expected == confirmed


def test_mismatch_count(report) -> None:  # type: ignore[no-untyped-def]
    assert len(_kinds(report, "total-mismatch")) == 10


# -- domain -----------------------------------------------------------------------------------


def _entity(name: str, *values: ResultValue, figures: tuple[Figure, ...] = ()) -> Results:
    return Results(entity=Entity(name), grid="g", period=2019, values=values, figures=figures)


def test_rate_above_100_percent() -> None:
    found = check([_entity("a", ResultValue(id="r", value=D("1.05"), unit=Unit.SHARE))]).findings
    expected = ["a r: a rate of 105 % is outside 0-100 %"]
    assert expected == [f.message for f in found]


def test_negative_count_figure() -> None:
    found = check([_entity("a", figures=(Figure(id="n", value=D(-3), unit=Unit.COUNT),))]).findings
    expected = ["a n: a negative count (-3)"]
    assert expected == [f.message for f in found]


def test_numerator_above_denominator() -> None:
    found = check([_entity("a", ResultValue(id="r", numerator=D(12), denominator=D(10)))]).findings
    expected = ["a r: numerator 12 above its denominator 10"]
    assert expected == [f.message for f in found]


def test_rate_exactly_100_percent_is_in_domain() -> None:
    assert check([_entity("a", ResultValue(id="r", value=D(1), unit=Unit.SHARE))]).clean


def test_identical_threshold() -> None:
    same = [ResultValue(id=i, value=D(7), unit=Unit.COUNT) for i in ("x", "y")]
    pair = [_entity("a", *same), _entity("b", *same)]
    expected = (True, False)
    assert expected == (check(pair).clean, check(pair, min_identical=2).clean)


def test_total_without_members_is_a_note() -> None:
    total = PublishedTotal(entity="nowhere", id="x", value=D(1), unit=Unit.COUNT)
    report = check([_entity("a", ResultValue(id="x", value=D(1)))], totals=[total])
    expected = (True, 1)
    assert expected == (report.clean, len(report.notes))


def test_totals_file_errors_have_positions() -> None:
    with pytest.raises(TotalsError) as info:
        load_totals("entities:\n  r:\n    figures:\n      x: {value: 1, unit: cnt}\n")
    assert info.value.problems[0].line == 4


def test_lenient_loading_keeps_out_of_domain_values() -> None:
    text = "entity: a\ngrid: g\nperiod: 2019\nresults:\n  r: {value: 105 %, unit: share}\n"
    assert D("1.05") == read_results(text, domains=False).values[0].value


# -- CLI --------------------------------------------------------------------------------------


def test_cli_findings_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--lang", "en", str(CARDS), "--totals", str(TOTALS)])
    out = capsys.readouterr().out
    expected = (3, "checked 13 entities: 13 findings")
    assert expected == (code, out.splitlines()[0])


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(CARDS), "--totals", str(TOTALS), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    expected = ("cpg-score/check@1", 13, 18)
    assert expected == (data["format"], len(data["findings"]), len(data["totals"]))


def test_cli_clean_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("entity: a\ngrid: g\nperiod: 2019\nresults:\n  r: 3\n", encoding="utf-8")
    assert main(["check", str(path)]) == 0


def test_cli_invalid_input_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("entity: a\ngrid: g\nperiod: 2019\nresults:\n  r: [1]\n", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert "a.yaml:5:6" in capsys.readouterr().err


def test_percent_above_100_without_grid_is_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "entity: a\ngrid: g\nperiod: 2019\nresults:\n  r: 105 %\n  s: {value: 101 %}\n", encoding="utf-8"
    )
    assert main(["check", "--lang", "en", str(path)]) == 3
    out = capsys.readouterr().out
    assert "a r: a rate of 105 % is outside 0-100 %" in out
    assert "a s: a rate of 101 % is outside 0-100 %" in out


def test_a_total_without_a_tree_note_names_no_command_option() -> None:
    total = PublishedTotal(entity="nowhere", id="x", value=D(1), unit=Unit.COUNT)
    report = check([_entity("a", ResultValue(id="x", value=D(1)))], totals=[total])
    expected = ("nowhere x: no entity under 'nowhere' among the files (give an entity tree to place it)",)
    assert expected == report.notes


def test_check_misuse_names_the_argument() -> None:
    with pytest.raises(TypeError) as caught:
        check([load_grid(LOCAL)])  # type: ignore[list-item]
    assert str(caught.value).startswith("results[0] must be a Results (from load_results), got Grid ")


def test_check_refuses_totals_that_are_not_published_totals() -> None:
    with pytest.raises(TypeError) as caught:
        check([_entity("a")], totals=["x"])  # type: ignore[list-item]
    expected = "totals[0] must be a PublishedTotal (from load_totals), got str 'x'"
    assert expected == str(caught.value)


def _totals_naming(folder: Path, tree: str) -> Path:
    """folder/a/b/c/totals.yaml naming `tree`, and a results file beside it."""
    (folder / "a" / "b" / "c").mkdir(parents=True)
    totals = folder / "a" / "b" / "c" / "totals.yaml"
    totals.write_text(f"entities:\n  r:\n    figures: {{x: 1}}\ntree: {tree}\n", encoding="utf-8")
    return totals


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_cli_refuses_a_totals_tree_that_is_a_named_pipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    totals = _totals_naming(tmp_path, "../../pipe.yaml")
    os.mkfifo(tmp_path / "a" / "pipe.yaml")
    results = tmp_path / "r.yaml"
    results.write_text("entity: a\ngrid: g\nperiod: 2019\nresults:\n  x: 1\n", encoding="utf-8")
    code = main(["check", "r.yaml", "--totals", str(totals.relative_to(tmp_path))])
    expected = (
        2,
        "a/b/c/totals.yaml:4:7: tree must name a regular file, 'a/pipe.yaml' is a named pipe @ $.tree\n",
    )
    assert expected == (code, capsys.readouterr().err)


def test_cli_refuses_a_totals_tree_with_a_nul(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    totals = _totals_naming(tmp_path, '"../../t\\0.yaml"')
    results = tmp_path / "r.yaml"
    results.write_text("entity: a\ngrid: g\nperiod: 2019\nresults:\n  x: 1\n", encoding="utf-8")
    code = main(["check", "--lang", "en", "r.yaml", "--totals", str(totals.relative_to(tmp_path))])
    expected = (
        2,
        "a/b/c/totals.yaml:4:7: tree must not hold a control character (U+0000), "
        "got '../../t\\x00.yaml' @ $.tree\n",
    )
    assert expected == (code, capsys.readouterr().err)


def test_cli_check_locates_an_empty_result_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("r.yaml").write_text('entity: a\ngrid: g\nperiod: 2019\nresults:\n  "": 1\n', encoding="utf-8")
    code = main(["check", "--lang", "en", "r.yaml"])
    expected = (
        2,
        "r.yaml:5:3: empty id: each key here is the id of an indicator or objective @ $.results['']\n",
    )
    assert expected == (code, capsys.readouterr().err)


def test_an_empty_figure_id_in_totals_is_located() -> None:
    with pytest.raises(TotalsError) as caught:
        load_totals('entities:\n  r:\n    figures: {"": 1}\n')
    expected = "<string>:3:15: empty id: each key here is the id of a figure @ $.entities.r.figures['']"
    assert expected == str(caught.value)


def test_min_identical_below_one_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["check", "--lang", "en", str(CARDS), "--min-identical", "0"])
    expected = (2, "argument --min-identical: must be a whole number from 1 to 10000, got 0")
    assert expected == (caught.value.code, capsys.readouterr().err.splitlines()[-1].split("error: ", 1)[1])


def test_min_identical_below_one_is_refused_by_the_api() -> None:
    with pytest.raises(ValueError, match=r"^min_identical must be >= 1, got 0$"):
        check([], min_identical=0)
