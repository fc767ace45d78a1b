"""The template's words after review: the points variant row, the Seuil/Cible cells that take the
entity's own bounds, each rule's words in both directions, no descriptive cell a spreadsheet
takes for a formula, and the entity id checked as the results' reader checks it."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpg_score import Entity, Grid, load_grid
from cpg_score.cli import main
from cpg_score.model.rules import (
    BandsRule,
    BaselineChange,
    BinaryRule,
    BlendRule,
    CountRule,
    DelayRule,
    Direction,
    ImprovementRule,
    LinearRule,
    PiecewiseRule,
    RateRule,
    RelativeRule,
    ScoringRule,
    StepsRule,
)
from cpg_score.model.rules.bands import Band
from cpg_score.model.rules.piecewise import PiecewisePoint
from cpg_score.model.rules.steps import Step
from cpg_score.reports import render_template
from cpg_score.reports._template import rule_words

from .conftest import GRID_2019, OBJECTIVES

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

D = Decimal
CTI = OBJECTIVES / "maladie-cti-2017.yaml"
GRIDS = sorted(OBJECTIVES.glob("*.yaml"))
FORMULA_STARTS = ("=", "+", "-", "@")


def _book(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def _csv(grid: Grid, lang: str) -> list[list[str]]:
    text = render_template(grid, "csv", lang).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";" if lang == "fr" else ","))


def _validations(ws: Any) -> dict[str, Any]:
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


def _row(ws: Any, item_id: str) -> Any:
    return next(r for r in ws.iter_rows() if r[1].value == item_id)


# -- the points variant ------------------------------------------------------------------------


def test_a_grid_with_variants_has_a_variant_row_in_csv() -> None:
    rows = _csv(load_grid(CTI), "fr")
    assert ["Variante", ""] == rows[4]


def test_a_grid_with_variants_has_a_variant_row_in_english() -> None:
    rows = _csv(load_grid(CTI), "en")
    assert ["Variant", ""] == rows[4]


def test_a_grid_without_variants_has_no_variant_row(grid_2019: Grid) -> None:
    rows = _csv(grid_2019, "fr")
    assert [["Grille", "cpg-2019-drsm"], ["Période", "2019"], ["Entité", ""], ["Libellé", ""], []] == rows[:5]


def test_the_variant_cell_lists_the_grid_variants() -> None:
    grid = load_grid(CTI)
    ws = _book(render_template(grid)).worksheets[0]
    dv = _validations(ws)["B5"]
    expected = ("Variante", "list", '"' + ",".join(v.id for v in grid.variants) + '"', True)
    assert expected == (ws["A5"].value, dv.type, dv.formula1, "cicoa (CTI CICOA)" in dv.prompt)


def test_the_notes_give_each_variant_and_its_points() -> None:
    book = _book(render_template(load_grid(CTI), "xlsx", "en"))
    text = "\n".join(str(v) for row in book["Notes"].iter_rows(values_only=True) for v in row if v)
    assert "cicoa (CTI CICOA): accessibilite-flux 230, missions-transverses 420" in text


# -- Seuil and Cible: the entity's own bounds ----------------------------------------------------


def test_a_numeric_floor_of_a_rule_taking_bounds_says_a_number_typed_is_the_entitys() -> None:
    ws = _book(render_template(load_grid(OBJECTIVES / "maladie-ugecam-2017.yaml"))).worksheets[0]
    floor = _row(ws, "realisation-actions-pssi")[4]
    dv = _validations(ws)[floor.coordinate]
    expected = (None, "Seuil", True)  # a validation of any value has no type in the file
    assert expected == (dv.type, dv.promptTitle, "seuil propre de l'entité" in dv.prompt)


def test_a_numeric_target_in_english_says_so_too() -> None:
    ws = _book(render_template(load_grid(OBJECTIVES / "maladie-ugecam-2017.yaml"), "xlsx", "en")).worksheets[
        0
    ]
    target = _row(ws, "realisation-actions-pssi")[5]
    assert "own target of the entity" in _validations(ws)[target.coordinate].prompt


def test_a_rule_in_words_has_no_message_on_its_floor() -> None:
    ws = _book(render_template(load_grid(OBJECTIVES / "famille-caf-2017.yaml"))).worksheets[0]
    floor = _row(ws, "pieces-15-jours")[4]
    assert floor.coordinate not in _validations(ws)


def test_the_notes_say_a_number_in_seuil_or_cible_is_the_entitys_own(grid_2019: Grid) -> None:
    book = _book(render_template(grid_2019))
    text = "\n".join(str(v) for row in book["Notes"].iter_rows(values_only=True) for v in row if v)
    assert "est le seuil ou la cible propre de l'entité" in text


# -- each rule's words, in both directions -------------------------------------------------------

LINEAR_UP = LinearRule(floor=D("0.8"), target=D("0.9"))
LINEAR_DOWN = LinearRule(floor=D("30"), target=D("10"))
WORDS: list[tuple[str, ScoringRule, bool, str]] = [
    (
        "steps-higher",
        StepsRule(steps=(Step(D("0.8"), D("0.5")), Step(D("0.9"), D(1))), below=D("0.2")),
        True,
        "paliers\u00a0: en dessous → 20\u00a0%\u00a0; ≥ 80\u00a0% → 50\u00a0%\u00a0; ≥ 90\u00a0% → 100\u00a0%",
    ),
    (
        "steps-lower",
        StepsRule(
            steps=(Step(D("27"), D("0.4")), Step(D("7"), D(1))), direction=Direction.LOWER, below=D("0.2")
        ),
        False,
        "paliers\u00a0: au-dessus → 20\u00a0%\u00a0; ≤ 27 → 40\u00a0%\u00a0; ≤ 7 → 100\u00a0%",
    ),
    (
        "bands-higher",
        BandsRule(bands=(Band(D("0.8"), D("0.5")), Band(D("0.9"), D(1))), below=D("0.1")),
        True,
        "tranches\u00a0: en dessous → 10\u00a0%\u00a0; ≥ 80\u00a0% → 50\u00a0%\u00a0; ≥ 90\u00a0% → 100\u00a0%",
    ),
    (
        "bands-lower",
        BandsRule(
            bands=(Band(D("30"), D("0.5")), Band(D("10"), D(1))), direction=Direction.LOWER, below=D("0.1")
        ),
        False,
        "tranches\u00a0: au-dessus → 10\u00a0%\u00a0; ≤ 30 → 50\u00a0%\u00a0; ≤ 10 → 100\u00a0%",
    ),
    (
        "bands-lower-upper-edge",
        BandsRule(
            bands=(Band(D("30"), D("0.5")), Band(D("10"), D(1))), direction=Direction.LOWER, edge="upper"
        ),
        False,
        "tranches\u00a0: < 30 → 50\u00a0%\u00a0; < 10 → 100\u00a0%",
    ),
    (
        "binary-higher",
        BinaryRule(threshold=D("0.8")),
        True,
        "≥ 80\u00a0% → 100\u00a0%\u00a0; sinon → 0\u00a0%",
    ),
    (
        "binary-lower",
        BinaryRule(threshold=D("10"), direction=Direction.LOWER),
        False,
        "≤ 10 → 100\u00a0%\u00a0; sinon → 0\u00a0%",
    ),
    ("binary-yes-no", BinaryRule(), False, "oui → 100\u00a0%\u00a0; non → 0\u00a0%"),
    ("linear-higher", LINEAR_UP, True, "linéaire\u00a0: 80\u00a0% → 90\u00a0%"),
    ("linear-lower", LINEAR_DOWN, False, "linéaire\u00a0: 30 → 10 (plus bas = mieux)"),
    (
        "piecewise-higher",
        PiecewiseRule(points=(PiecewisePoint(D("0.5"), D(0)), PiecewisePoint(D("0.9"), D(1)))),
        True,
        "interpolation entre points\u00a0: 50\u00a0% → 90\u00a0%",
    ),
    (
        "piecewise-lower",
        PiecewiseRule(points=(PiecewisePoint(D("30"), D(0)), PiecewisePoint(D("10"), D(1)))),
        False,
        "interpolation entre points\u00a0: 30 → 10 (plus bas = mieux)",
    ),
    (
        "relative-higher",
        RelativeRule(floor=BaselineChange(), target=BaselineChange(change=D("0.05"))),
        True,
        "relatif\u00a0: référence → référence + 5 points",
    ),
    (
        "relative-lower",
        RelativeRule(floor=BaselineChange(), target=BaselineChange(change=D("-5"))),
        False,
        "relatif\u00a0: référence → référence - 5 (plus bas = mieux)",
    ),
    (
        "delay",
        DelayRule(due=datetime.date(2017, 6, 30), step=D("0.1")),
        False,
        "\u221210\u00a0% par mois de retard (mois commencé), à partir du 30/06/2017",
    ),
    ("rate", RateRule(), True, "taux = résultat"),
    (
        "count-lower",
        CountRule(weights=(("A", D(1)), ("B", D(2))), rule=LINEAR_DOWN, refusal=True),
        False,
        "score pondéré (A × 1, B × 2)\u00a0; linéaire\u00a0: 30 → 10 (plus bas = mieux)\u00a0; refus = 0",
    ),
    (
        "improvement-higher",
        ImprovementRule(base=LINEAR_UP),
        True,
        "atteinte ou progression depuis la référence\u00a0; linéaire\u00a0: 80\u00a0% → 90\u00a0%",
    ),
    (
        "improvement-lower",
        ImprovementRule(base=LINEAR_DOWN),
        False,
        "atteinte ou progression depuis la référence\u00a0; linéaire\u00a0: 30 → 10 (plus bas = mieux)",
    ),
    (
        "blend",
        BlendRule(level=LINEAR_UP, progress=LINEAR_UP, level_weight=D("0.6"), progress_weight=D("0.4")),
        True,
        "niveau 60\u00a0% + progression 40\u00a0%\u00a0; linéaire\u00a0: 80\u00a0% → 90\u00a0%",
    ),
]


@pytest.mark.parametrize(("rule", "share", "expected"), [w[1:] for w in WORDS], ids=[w[0] for w in WORDS])
def test_rule_words(rule: ScoringRule, share: bool, expected: str) -> None:
    assert expected == rule_words(rule, share, "fr")


def test_lower_is_better_steps_in_english_read_above() -> None:
    rule = StepsRule(
        steps=(Step(D("27"), D("0.4")), Step(D("7"), D(1))), direction=Direction.LOWER, below=D("0.2")
    )
    assert rule_words(rule, False, "en").startswith("steps: above → 20%;")


def test_a_lower_is_better_steps_rule_of_a_shipped_grid_reads_above() -> None:
    rows = _csv(load_grid(OBJECTIVES / "famille-caf-2017.yaml"), "fr")
    row = next(r for r in rows if r[1:2] == ["validation-comptes"])
    assert "paliers\u00a0: au-dessus → 20\u00a0%\u00a0; ≤ 27 → 40\u00a0%" in row[4]


# -- no descriptive cell a spreadsheet takes for a formula ---------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("path", GRIDS, ids=[p.stem for p in GRIDS])
def test_no_csv_cell_starts_like_a_formula_nor_is_quoted(path: Path, lang: str) -> None:
    cells = [cell for row in _csv(load_grid(path), lang) for cell in row]
    assert [] == [c for c in cells if c.startswith((*FORMULA_STARTS, "'"))]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("path", GRIDS, ids=[p.stem for p in GRIDS])
def test_no_xlsx_text_cell_starts_like_a_formula(path: Path, lang: str) -> None:
    book = _book(render_template(load_grid(path), "xlsx", lang))
    texts = [
        v
        for ws in book.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if isinstance(v, str)
    ]
    assert [] == [t for t in texts if t.startswith(FORMULA_STARTS)]


# -- the entity's id ------------------------------------------------------------------------------


def test_an_id_with_a_space_is_refused_naming_entity(grid_2019: Grid) -> None:
    with pytest.raises(ValueError, match=r"^entity: an id is letters, .*got 'CPAM Gironde'"):
        render_template(grid_2019, "csv", entity="CPAM Gironde")


def test_an_entity_whose_id_the_reader_refuses_is_refused(grid_2019: Grid) -> None:
    with pytest.raises(ValueError, match=r"^entity: "):
        render_template(grid_2019, "csv", entity=Entity(id="-x", label="X"))


def test_a_label_may_be_anything(grid_2019: Grid) -> None:
    data = render_template(
        grid_2019, "csv", "en", entity=Entity(id="cpam-33", label="CPAM de la Gironde : =1")
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert ["Label", "CPAM de la Gironde : =1"] == rows[3]


@given(st.text(min_size=1, max_size=12))
def test_the_template_takes_the_ids_the_reader_takes(ident: str) -> None:
    import re

    reader_rule = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # io.reader's id rule
    grid = load_grid(GRID_2019)
    try:
        render_template(grid, "csv", entity=ident)
        taken = True
    except ValueError:
        taken = False
    assert bool(reader_rule.fullmatch(ident)) == taken


def test_cli_refuses_an_id_with_a_space(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["template", str(GRID_2019), "-f", "csv", "--entity", "CPAM Gironde"])
    captured = capsys.readouterr()
    expected = (2, "", True, True)
    err = captured.err
    assert expected == (code, captured.out, "'CPAM Gironde'" in err, "--entity-label" in err)


def test_cli_takes_any_label(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "template",
            str(GRID_2019),
            "-f",
            "csv",
            "--lang",
            "en",
            "--entity",
            "cpam-33",
            "--entity-label",
            "CPAM Gironde",
        ]
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert (0, ["Label", "CPAM Gironde"]) == (code, rows[3])


# -- the round trip of a variant (once the table reader reads the `Variante` row) -----------------


def _reads_variant() -> bool:
    from cpg_score.io import _table_layout

    return "variante" in _table_layout.META


@pytest.mark.skipif(not _reads_variant(), reason="the table reader does not read a Variante row yet")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_variant_typed_in_the_template_is_scored_with(lang: str, tmp_path: Path) -> None:
    import attrs

    from cpg_score import load_results, score
    from cpg_score.io import load_results_table

    from .test_template import _expressible, _figures, _fill_csv

    grid = load_grid(CTI)
    results = load_results(OBJECTIVES / "results" / "illustrative" / "maladie-cti-2017.yaml", grid)
    plain = _expressible(results)
    template = render_template(grid, "csv", lang, entity=Entity(id=results.entity.id))
    filled = _fill_csv(template, plain, lang).decode("utf-8")
    word = "Variante" if lang == "fr" else "Variant"
    sep = ";" if lang == "fr" else ","
    path = tmp_path / "filled.csv"
    path.write_text(filled.replace(f"{word}{sep}\r\n", f"{word}{sep}cicoa\r\n", 1), encoding="utf-8")
    (read,) = load_results_table(path, grid)
    expected = _figures(score(grid, attrs.evolve(plain, variant="cicoa")))
    assert ("cicoa", expected) == (read.variant, _figures(score(grid, read)))
