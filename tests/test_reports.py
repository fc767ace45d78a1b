"""Reports: numbers per language, golden files, tables, colour, round trips, languages."""

from __future__ import annotations

import csv
import io
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import CpgScoreError, Grid, Scorecard, load_grid, load_results, parse_number, score
from cpg_score.cli._reports import use_color
from cpg_score.reports import (
    COMPARISON_FORMAT,
    FORMATS,
    LANGS,
    effect_text,
    format_number,
    format_percent,
    render,
    render_bytes,
    render_compare,
)

from .conftest import DATA, OBJECTIVES, RESULTS_2019

GOLDEN = DATA / "golden"
#: Set CPG_UPDATE_GOLDEN=1 to rewrite the golden files (then review the diff).
UPDATE = os.environ.get("CPG_UPDATE_GOLDEN") == "1"
ENTITIES = ("drsm-centre-ouest", "drsm-aquitaine")


def _card(grid: Grid, entity: str) -> Scorecard:
    return score(grid, load_results(RESULTS_2019 / f"{entity}.yaml", grid))


@pytest.fixture(scope="module")
def cards(grid_2019: Grid) -> list[Scorecard]:
    return [_card(grid_2019, e) for e in ENTITIES]


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == actual


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("776.50", "fr", "776,50"),
        ("776.50", "en", "776.50"),
        ("1000", "fr", "1\u202f000"),
        ("1000", "en", "1,000"),
        ("1234567.5", "fr", "1\u202f234\u202f567,5"),
        ("1234567.5", "en", "1,234,567.5"),
        ("-1000.25", "en", "-1,000.25"),
        ("0", "fr", "0"),
    ],
)
def test_format_number(value: str, lang: str, expected: str) -> None:
    assert expected == format_number(Decimal(value), lang)


@pytest.mark.parametrize(("lang", "expected"), [("fr", "77,65\u00a0%"), ("en", "77.65%")])
def test_format_percent(lang: str, expected: str) -> None:
    assert expected == format_percent(Decimal("77.65"), lang)


def test_formats_and_langs() -> None:
    assert ("table", "markdown", "csv", "json", "xlsx", "html") == FORMATS
    assert ("fr", "en") == LANGS


def test_render_refuses_binary_format(cards: list[Scorecard]) -> None:
    with pytest.raises(ValueError, match="binary"):
        render(cards[0], "xlsx")


def test_render_refuses_unknown_language(cards: list[Scorecard]) -> None:
    with pytest.raises(ValueError, match="unknown language"):
        render(cards[0], "table", "de")


# --- golden files (byte for byte) -------------------------------------------------------------


@pytest.mark.parametrize("entity", ENTITIES)
@pytest.mark.parametrize("lang", LANGS)
def test_markdown_golden(grid_2019: Grid, entity: str, lang: str) -> None:
    _golden(f"{entity}.{lang}.md", render(_card(grid_2019, entity), "markdown", lang))


@pytest.mark.parametrize("lang", LANGS)
def test_csv_golden(grid_2019: Grid, lang: str) -> None:
    _golden(f"drsm-centre-ouest.{lang}.csv", render(_card(grid_2019, "drsm-centre-ouest"), "csv", lang))


@pytest.mark.parametrize("entity", ENTITIES)
def test_json_golden(grid_2019: Grid, entity: str) -> None:
    _golden(f"{entity}.json", render(_card(grid_2019, entity), "json"))


@pytest.mark.parametrize("lang", LANGS)
def test_compare_markdown_golden(cards: list[Scorecard], lang: str) -> None:
    _golden(f"compare-2019.{lang}.md", render_compare(cards, "markdown", lang))


@pytest.mark.parametrize("lang", LANGS)
def test_compare_csv_golden(cards: list[Scorecard], lang: str) -> None:
    _golden(f"compare-2019.{lang}.csv", render_compare(cards, "csv", lang))


def test_compare_json_golden(cards: list[Scorecard]) -> None:
    _golden("compare-2019.json", render_compare(cards, "json"))


@pytest.mark.parametrize("lang", LANGS)
def test_compare_table_golden(cards: list[Scorecard], lang: str) -> None:
    _golden(f"compare-2019.{lang}.txt", render_compare(cards, "table", lang))


# --- the published page -----------------------------------------------------------------------


def test_markdown_total_row_as_published(cards: list[Scorecard]) -> None:
    last = next(line for line in render_compare(cards, "markdown", "fr").splitlines() if "régional" in line)
    expected = (
        "| **Résultat régional** | **77,65\u00a0%** | **776,50 / 1\u202f000** "
        "| **73,77\u00a0%** | **737,72 / 1\u202f000** |"
    )
    assert expected == last


def test_english_total_row(cards: list[Scorecard]) -> None:
    last = next(line for line in render_compare(cards, "markdown", "en").splitlines() if "Regional" in line)
    assert (
        "| **Regional result** | **77.65%** | **776.50 / 1,000** | **73.77%** | **737.72 / 1,000** |" == last
    )


# --- terminal table ---------------------------------------------------------------------------


def _table_body(text: str) -> list[str]:
    """The table's lines: from the header row (after the title) to the first blank line."""
    lines = text.splitlines()[2:]
    return lines[: lines.index("")] if "" in lines else lines


@pytest.mark.parametrize("count", [1, 2])
def test_table_lines_are_aligned(cards: list[Scorecard], count: int) -> None:
    body = _table_body(render_compare(cards[:count], "table", "fr"))
    assert 1 == len({len(line) for line in body})


def test_table_has_axis_headings_and_total_last(cards: list[Scorecard]) -> None:
    body = _table_body(render(cards[0], "table", "en"))
    assert body[-1].startswith("Regional result")
    assert body[-2].startswith("---")
    axis_lines = [line for line in body if line.startswith("AXE ")]
    assert 5 == len(axis_lines)
    assert body[body.index(axis_lines[0]) + 1].startswith("  Accompagnement des publics fragilisés")


def test_table_without_color_has_no_escape(cards: list[Scorecard]) -> None:
    assert "\033[" not in render(cards[0], "table")


def test_table_with_color_bolds_headings_and_total(cards: list[Scorecard]) -> None:
    lines = render(cards[0], "table", color=True).splitlines()
    total = next(line for line in lines if "Résultat régional" in line)
    assert (total.startswith("\033[1m"), total.endswith("\033[0m")) == (True, True)


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize(
    ("mode", "tty", "env", "expected"),
    [
        ("auto", True, {}, True),
        ("auto", False, {}, False),
        ("auto", True, {"NO_COLOR": "1"}, False),
        ("auto", True, {"NO_COLOR": ""}, True),
        ("auto", False, {"FORCE_COLOR": "1"}, True),
        ("auto", False, {"FORCE_COLOR": "0"}, False),
        ("always", False, {"NO_COLOR": "1"}, True),
        ("never", True, {"FORCE_COLOR": "1"}, False),
    ],
)
def test_use_color(mode: str, tty: bool, env: dict[str, str], expected: bool) -> None:
    assert expected == use_color(mode, _Stream(tty), env)


# --- languages and neutralisations -------------------------------------------------------------


def test_neutralisation_note_follows_language(cards: list[Scorecard]) -> None:
    fr = render(cards[0], "markdown", "fr")
    en = render(cards[0], "markdown", "en")
    assert "il rapporte 0 point ; ses 20 points restent dans le total" in fr
    assert "earns 0; its 20 points stay in the total" in en
    assert "earns" not in fr


_GRID = """
id: g
label: Grille
period: 2020
total_points: 100
policy: {neutralisation: POLICY}
axes:
  - id: a1
    label: Axe 1
    objectives:
      - {id: o1, label: Un, points: 30}
      - {id: o2, label: Deux, points: 10}
      - id: o3
        label: Trois
        points: 60
        indicators:
          - {id: i1, label: I1, unit: share, weight: 2, rule: {type: rate}}
          - {id: i2, label: I2, unit: share, weight: 1, rule: {type: rate}}
"""

_RESULTS = """
entity: {id: e, label: E}
grid: g
period: 2020
results:
  o1: 0.5
  o2: "-"
  i1: 0.9
  i2: "-"
"""


def _policy_card(policy: str) -> Scorecard:
    grid = load_grid(_GRID.replace("POLICY", policy))
    return score(grid, load_results(_RESULTS, grid))


@pytest.mark.parametrize(
    ("policy", "item", "lang", "expected"),
    [
        ("zero", "o2", "fr", "il rapporte 0 point ; ses 10 points restent dans le total"),
        ("exclude", "o2", "fr", "ses 10 points sortent du total"),
        ("exclude", "o2", "en", "its 10 points leave the total"),
        ("redistribute", "o2", "fr", "ses 10 points vont à Un (+3,33), Trois (+6,67)"),
        ("redistribute", "o2", "en", "its 10 points go to Un (+3.33), Trois (+6.67)"),
        ("zero", "i2", "fr", "taux 0, son poids 1 reste dans l'objectif « Trois »"),
        ("exclude", "i2", "fr", "son poids 1 sort de la moyenne de l'objectif « Trois »"),
        ("exclude", "i2", "en", "its weight 1 leaves the mean of objective 'Trois'"),
    ],
)
def test_effect_text(policy: str, item: str, lang: str, expected: str) -> None:
    card = _policy_card(policy)
    neutralisation = next(n for n in card.neutralisations if n.id == item)
    assert expected == effect_text(card, neutralisation, lang)


def test_neutralisation_structured_fields() -> None:
    card = _policy_card("redistribute")
    n = next(n for n in card.neutralisations if n.id == "o2")
    assert ("redistribute-axis", Decimal(10), ("o1", "o3")) == (
        n.outcome,
        n.amount,
        tuple(taker for taker, _ in n.shares),
    )
    assert Decimal(10) == sum(share for _, share in n.shares)


def test_compare_refuses_cards_of_different_grids(cards: list[Scorecard]) -> None:
    with pytest.raises(CpgScoreError, match="same grid"):
        render_compare([cards[0], _policy_card("zero")], "markdown")


# --- round trips -----------------------------------------------------------------------------


def test_csv_round_trip_gives_the_same_decimals(cards: list[Scorecard]) -> None:
    text = render_compare(cards, "csv", "en")
    read = {(r["Entity"], r["Id"]): r for r in csv.DictReader(io.StringIO(text))}
    for card in cards:
        for o in card.objectives:
            row = read[(card.entity.id, o.id)]
            assert (card.points(o.points), card.points(o.max)) == (
                Decimal(row["Points"]),
                Decimal(row["Max"]),
            )
            if not o.neutralised:
                assert card.percent(o.rate) == Decimal(row["Rate (%)"])
        total = read[(card.entity.id, "total")]
        assert card.points(card.total.points) == Decimal(total["Points"])


def test_json_round_trip_gives_the_same_decimals(cards: list[Scorecard]) -> None:
    data = json.loads(render_compare(cards, "json"))
    assert COMPARISON_FORMAT == data["format"]
    for card, loaded in zip(cards, data["scorecards"], strict=True):
        for o, lo in zip(card.objectives, loaded["objectives"], strict=True):
            assert (o.points, o.max, o.rate) == tuple(
                Decimal(lo["exact"][k]) for k in ("points", "max", "rate")
            )
            assert card.points(o.points) == Decimal(lo["points"])
        assert card.total.points == Decimal(loaded["total"]["exact"]["points"])


def test_render_bytes_text_is_utf8(cards: list[Scorecard]) -> None:
    assert render_compare(cards, "markdown", "fr").encode("utf-8") == render_bytes(cards, "markdown", "fr")


def test_elsm_grid_exclude_policy_renders(tmp_path: Path) -> None:
    grid = load_grid(OBJECTIVES / "elsm-2019-local.yaml")
    card = score(grid, load_results(RESULTS_2019 / "elsm" / "elsm-creuse.yaml", grid))
    text = render(card, "markdown", "fr")
    assert "sort de la moyenne" in text or "sortent du total" in text


@settings(max_examples=200)
@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_french_numbers_parse_back_exactly(value: Decimal) -> None:
    assert value == parse_number(format_number(value, "fr")).value


@settings(max_examples=200)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_english_numbers_are_grouped_by_three(value: Decimal) -> None:
    whole = format_number(value, "en").partition(".")[0]
    assert [len(g) for g in whole.split(",")[1:]] == [3] * whole.count(",")
    assert Decimal(whole.replace(",", "")) == value.to_integral_value(rounding="ROUND_DOWN")
