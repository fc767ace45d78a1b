"""A grid's scale: points out of the total (default), the rate in percent, or a note out of N;
read, validated, dumped, given exactly by the scorecard (`on_scale`) and shown by every report."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import Grid, Results, Scorecard, load_grid, load_results, score
from cpg_score.io.dump import dump_grid
from cpg_score.model.grid import Policy, Scale, ScaleKind
from cpg_score.reports import render, render_bytes

NOTE = """\
id: famille
label: Famille
period: 2017
total_points: 1
scale: {kind: note, out_of: 5}
axes:
  - id: criteres
    label: Critères
    objectives:
      - id: service
        label: Service à l'allocataire
        points: "1/3"
        indicators:
          - id: pieces
            label: Pièces traitées en 15 jours
            weight: "50 %"
            rule:
              type: steps
              steps:
                - {threshold: "75 %", rate: "40 %"}
                - {threshold: "80 %", rate: "80 %"}
                - {threshold: "85 %", rate: "100 %"}
          - {id: appels, label: Appels traités, weight: "50 %", rule: rate}
      - {id: risques, label: Maîtrise des risques, points: "1/3"}
      - {id: pes, label: Performance économique et sociale, points: "1/3"}
"""

RESULTS = """\
entity: {id: caf-x, label: CAF X}
grid: famille
period: 2017
results: {pieces: "82 %", appels: "100 %", risques: "80 %", pes: "60 %"}
"""

#: The note of RESULTS: service (0.8 + 1) / 2 = 0.9; (0.9 + 0.8 + 0.6) / 3 = 23/30; x 5.
NOTE_OF_RESULTS = Fraction(23, 6)


def _grid(scale: str = "scale: {kind: note, out_of: 5}") -> Grid:
    return load_grid(NOTE.replace("scale: {kind: note, out_of: 5}", scale))


def _scored(grid: Grid, results: Results | None = None) -> Scorecard:
    return score(grid, results or load_results(RESULTS, grid))


def test_score_gives_the_scorecard_the_grids_scale() -> None:
    grid = _grid()
    assert grid.scale == score(grid, load_results(RESULTS, grid)).scale


# -- the model ------------------------------------------------------------------------------------


def test_a_grid_is_on_points_out_of_its_total_by_default() -> None:
    grid = _grid("")
    assert Scale(kind=ScaleKind.POINTS, out_of=Decimal(1)) == grid.scale


def test_a_percent_scale_is_out_of_100() -> None:
    assert Decimal(100) == Scale.percent().out_of


def test_a_percent_scale_out_of_anything_else_is_refused() -> None:
    with pytest.raises(ValueError, match="a percent scale is out of 100, got 5"):
        Scale(kind=ScaleKind.PERCENT, out_of=Decimal(5))


def test_a_note_scale_out_of_0_is_refused() -> None:
    with pytest.raises(ValueError, match="out_of must be > 0, got 0"):
        Scale.note(Decimal(0))


def test_a_scale_kind_is_read_from_its_word() -> None:
    assert ScaleKind.NOTE == Scale(kind="note", out_of=Decimal(5)).kind


def test_a_float_out_of_is_refused() -> None:
    with pytest.raises(TypeError, match="out_of must be an exact number"):
        Scale.note(5.0)  # type: ignore[arg-type]


def test_a_points_scale_must_be_out_of_the_total() -> None:
    grid = _grid("")
    with pytest.raises(ValueError, match=r"a points scale is out of total_points \(1\)"):
        attrs.evolve(grid, scale=Scale.points(Decimal(1000)))


def test_a_grid_scale_must_be_a_scale() -> None:
    with pytest.raises(TypeError, match="scale must be a Scale"):
        attrs.evolve(_grid(""), scale="note")


# -- reading and writing --------------------------------------------------------------------------


def test_a_note_scale_is_read() -> None:
    assert Scale.note(Decimal(5)) == _grid().scale


def test_a_percent_scale_is_read() -> None:
    assert Scale.percent() == _grid("scale: {kind: percent}").scale


def test_a_points_scale_is_read_out_of_the_total() -> None:
    assert Scale.points(Decimal(1)) == _grid("scale: {kind: points}").scale


def test_a_note_out_of_a_fraction_is_exact() -> None:
    assert Fraction(9, 2) == _grid("scale: {kind: note, out_of: '9/2'}").scale.out_of


@pytest.mark.parametrize("scale", ["scale: {kind: note, out_of: 5}", "scale: {kind: percent}", ""])
def test_a_scale_round_trips_through_dump(scale: str) -> None:
    grid = _grid(scale)
    assert grid == load_grid(dump_grid(grid))


def test_the_default_scale_is_not_written() -> None:
    assert "scale:" not in dump_grid(_grid(""))


def test_a_note_scale_is_written_with_its_out_of() -> None:
    assert "scale:\n  kind: note\n  out_of: '5'\n" in dump_grid(_grid())


# -- the scorecard --------------------------------------------------------------------------------


def test_a_note_is_the_rate_times_out_of_exactly() -> None:
    assert NOTE_OF_RESULTS == _scored(_grid()).on_scale


def test_a_percent_is_the_rate_times_100() -> None:
    assert Fraction(230, 3) == _scored(_grid("scale: {kind: percent}")).on_scale


def test_on_a_points_scale_on_scale_is_the_points() -> None:
    card = _scored(_grid(""))
    assert card.total.points == card.on_scale


def test_a_scorecard_is_on_points_of_its_declared_total_by_default() -> None:
    card = score(_grid(""), load_results(RESULTS, _grid("")))
    assert Scale.points(Fraction(1)) == card.scale


def test_a_note_counts_the_rate_after_the_policy() -> None:
    grid = attrs.evolve(_grid(), policy=Policy.EXCLUDE)
    results = load_results(RESULTS.replace('pes: "60 %"', "pes: '-'"), grid)
    # pes leaves the total: (0.9 + 0.8) / 2 x 5
    assert Fraction(17, 4) == _scored(grid, results).on_scale


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 100), min_size=4, max_size=4))
def test_a_note_lies_between_0_and_out_of(percents: list[int]) -> None:
    grid = _grid()
    text = RESULTS
    for name, value in zip(("82 %", "100 %", "80 %", "60 %"), percents, strict=True):
        text = text.replace(f'"{name}"', f'"{value} %"', 1)
    note = _scored(grid, load_results(text, grid)).on_scale
    assert (True, True) == (isinstance(note, Fraction), 0 <= note <= 5)


def test_json_gives_the_scale_and_the_note() -> None:
    data = json.loads(render(_scored(_grid()), "json", "en"))["total"]
    expected = (
        {"kind": "note", "out_of": "5"},
        "3.83",
        "3.83333333333333333333333333333333333333333333333333333333333",
    )
    assert expected == (data["scale"], data["on_scale"], data["exact"]["on_scale"])


def test_json_of_a_points_grid_is_unchanged() -> None:
    data = json.loads(render(_scored(_grid("")), "json", "en"))["total"]
    assert ("scale", "on_scale") == tuple(k for k in ("scale", "on_scale") if k not in data)


def test_json_rounds_a_percent_as_rates() -> None:
    card = attrs.evolve(
        _scored(_grid("scale: {kind: percent}")), rounding=attrs.evolve(_grid().rounding, rate_percent=1)
    )
    assert "76.7" == json.loads(render(card, "json", "en"))["total"]["on_scale"]


# -- reports --------------------------------------------------------------------------------------


def test_the_french_table_shows_the_note() -> None:
    assert "Note\u00a0: 3,83 / 5\n" in render(_scored(_grid()), "table", "fr")


def test_the_english_table_shows_the_note() -> None:
    assert "Note: 3.83 / 5\n" in render(_scored(_grid()), "table", "en")


def test_the_table_shows_a_percent() -> None:
    assert "Résultat\u00a0: 76,67\u00a0%\n" in render(_scored(_grid("scale: {kind: percent}")), "table", "fr")


def test_a_points_table_has_no_scale_line() -> None:
    assert "Note" not in render(_scored(_grid("")), "table", "fr")


def test_markdown_shows_the_note() -> None:
    assert "**Note: 3.83 / 5**" in render(_scored(_grid()), "markdown", "en")


def test_html_shows_the_note() -> None:
    assert '<p class="scale"><strong>Note\u00a0: 3,83 / 5</strong></p>' in render(
        _scored(_grid()), "html", "fr"
    )


def test_csv_has_a_scale_row() -> None:
    last = render(_scored(_grid()), "csv", "en").splitlines()[-1]
    assert "caf-x,scale,,,note,Note,,,,,76.67,3.83,5.00,no," == last


def test_a_comparison_names_each_entity_on_its_note() -> None:
    grid = _grid()
    other = load_results(RESULTS.replace("caf-x, label: CAF X", "caf-y, label: CAF Y"), grid)
    text = render([_scored(grid), _scored(grid, other)], "table", "en")
    assert ["CAF X — Note: 3.83 / 5", "CAF Y — Note: 3.83 / 5"] == [
        line for line in text.splitlines() if "Note:" in line
    ]


def test_the_workbook_has_the_note_with_a_live_formula() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(render_bytes([_scored(_grid())], "xlsx", "fr")))
    rows = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    total = 1 + max(index for index, row in enumerate(rows) if len(row) > 7 and row[7] is not None)
    found = next(row for row in rows if str(row[1]).startswith("Note"))
    assert ["Note\u00a0: 3,83 / 5", f"=ROUND(ROUND(M{total}*5,10),2)"] == [found[1], found[6]]
