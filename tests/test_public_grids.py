"""The public record: every shipped grid that cites a published text, with its illustrative results.

Each grid validates, cites its source (the article id and the commit of the source file) in its
header and its description, and scores its ILLUSTRATIVE results, which exercise every rule type of
the grid; every scorecard renders in every format. The golden totals were computed by hand (the
arithmetic is in each results file's header).
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from cpg_score import Grid, load_grid, load_results, parse_number, score
from cpg_score.model.scorecard import Scorecard
from cpg_score.reports import BINARY_FORMATS, formats_of, render, render_bytes

from .conftest import OBJECTIVES

COMMIT = "587b59ee051b558d5a7d6910a0a2ae53f8c666e8"
ARTICLE = re.compile(r"KALIARTI\d{12}")
ILLUSTRATIVE = OBJECTIVES / "results" / "illustrative"
DIRECT = "direct objective"


def _document(path: Path) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document if isinstance(document, dict) else {}


def _cites_the_record(path: Path) -> bool:
    document = _document(path)
    return "axes" in document and ARTICLE.search(str(document.get("description", ""))) is not None


GRIDS = sorted(p for p in OBJECTIVES.glob("*.yaml") if _cites_the_record(p))
RESULTS = sorted(ILLUSTRATIVE.glob("*.yaml")) if ILLUSTRATIVE.is_dir() else []
FORMATS = ("table", "markdown", "csv", "json", "html", "xlsx")


def _results_of(grid_path: Path) -> list[Path]:
    return [p for p in RESULTS if _document(p).get("grid") == grid_path.stem]


def _header(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines[: next(i for i, t in enumerate(lines) if not t.startswith("#"))])


def _grid_types(grid: Grid) -> set[str]:
    types: set[str] = set()
    for axis in grid.axes:
        for objective in axis.objectives:
            if objective.neutralised is not None:
                continue
            if not objective.indicators:
                types.add(DIRECT)
            types.update(i.rule.type for i in objective.indicators if i.neutralised is None)
    return types


def _types_with_a_result(grid: Grid, results_paths: list[Path]) -> set[str]:
    kinds: dict[str, str] = {}
    for axis in grid.axes:
        for objective in axis.objectives:
            kinds[objective.id] = DIRECT
            kinds.update((i.id, i.rule.type) for i in objective.indicators)
    types: set[str] = set()
    for path in results_paths:
        results = load_results(path, grid)
        types.update(kinds[v.id] for v in results.values if v.neutralised is None and v.id in kinds)
    return types


def _card_of(name: str) -> Scorecard:
    """The scorecard of one illustrative results file, on the grid it names."""
    results_path = ILLUSTRATIVE / f"{name}.yaml"
    grid = load_grid(OBJECTIVES / f"{_document(results_path)['grid']}.yaml")
    return score(grid, load_results(results_path, grid))


def _cards(grid_path: Path) -> list[Scorecard]:
    grid = load_grid(grid_path)
    return [score(grid, load_results(path, grid)) for path in _results_of(grid_path)]


def test_the_record_is_found() -> None:
    assert {f"maladie-{body}-2017" for body in ("nationale", "cpam", "cti", "ugecam")} <= {
        p.stem for p in GRIDS
    }


@pytest.mark.parametrize("path", GRIDS, ids=[p.stem for p in GRIDS])
def test_grid_id_is_its_file_stem(path: Path) -> None:
    assert path.stem == load_grid(path).id


@pytest.mark.parametrize("path", GRIDS, ids=[p.stem for p in GRIDS])
def test_header_cites_the_article_and_the_commit(path: Path) -> None:
    header = _header(path)
    assert ARTICLE.search(header) is not None
    assert COMMIT in header


@pytest.mark.parametrize("path", GRIDS, ids=[p.stem for p in GRIDS])
def test_description_cites_the_article_and_the_commit(path: Path) -> None:
    description = load_grid(path).description
    assert ARTICLE.search(description) is not None
    assert COMMIT in description


@pytest.mark.parametrize("path", GRIDS, ids=[p.stem for p in GRIDS])
def test_grid_has_illustrative_results(path: Path) -> None:
    assert [] != _results_of(path)


@pytest.mark.parametrize("path", RESULTS, ids=[p.stem for p in RESULTS])
def test_results_say_they_are_illustrative(path: Path) -> None:
    assert "ILLUSTRATIVE" in _header(path)
    assert "ILLUSTRATIVE" in str(_document(path).get("comment", ""))


@pytest.mark.parametrize("path", GRIDS, ids=[p.stem for p in GRIDS])
def test_illustrative_results_exercise_every_rule_type(path: Path) -> None:
    grid = load_grid(path)
    assert _grid_types(grid) == _types_with_a_result(grid, _results_of(path))


@pytest.mark.parametrize("path", GRIDS, ids=[p.stem for p in GRIDS])
def test_illustrative_results_score_within_the_total(path: Path) -> None:
    for card in _cards(path):
        assert 0 <= card.total.points <= card.total.max + card.total.bonus


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", GRIDS, ids=[p.stem for p in GRIDS])
def test_scorecard_renders_in_every_format(path: Path, fmt: str) -> None:
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")  # the report extra
    for card in _cards(path):
        assert fmt in formats_of(card)
        if fmt in BINARY_FORMATS:
            assert render_bytes([card], fmt, "fr").startswith(b"PK")
        else:
            text = render(card, fmt, "fr")
            assert card.entity.id in text or card.entity.label in text
            if fmt == "json":
                json.loads(text)


# Hand-computed totals (points earned, points that could be earned), one per grid of the maladie
# annex: the arithmetic is in the header of each results file.
GOLDEN = {
    "maladie-nationale-2017": (Fraction(4355, 7), Fraction(1000)),
    "maladie-cpam-2017": (Fraction(500), Fraction(900)),
    "maladie-drsm-2017": (Fraction(560), Fraction(900)),
    "maladie-cnamts-2017": (Fraction(550), Fraction(850)),
    "maladie-carsat-2017": (Fraction(1675, 3), Fraction(900)),
    "maladie-cgss-2017": (Fraction(2825, 6), Fraction(900)),
    "maladie-cti-2017": (Fraction(810), Fraction(950)),
    "maladie-cti-2017-variant-cicoa": (Fraction(798), Fraction(950)),
    "maladie-ceir-2017": (Fraction(780), Fraction(950)),
    "maladie-ugecam-2017": (Fraction(2695, 4), Fraction(925)),
    "maladie-mayotte-2017": (Fraction(500), Fraction(1000)),
}


@pytest.mark.parametrize(("name", "expected"), GOLDEN.items(), ids=list(GOLDEN))
def test_golden_total(name: str, expected: tuple[Fraction, Fraction]) -> None:
    card = _card_of(name)
    assert expected == (card.total.points, card.total.max)


def test_cti_variants_each_sum_to_the_total() -> None:
    document = _document(OBJECTIVES / "maladie-cti-2017.yaml")
    own = {
        objective["id"]: parse_number(str(objective["points"])).value
        for axis in document["axes"]
        for objective in axis["objectives"]
    }
    sums = {
        variant["id"]: sum(
            {**own, **{k: parse_number(str(v)).value for k, v in variant["points"].items()}}.values()
        )
        for variant in document["variants"]
    }
    ids = ["melun", "pacac", "saint-etienne", "strasbourg", "sud", "rouen", "angers", "cicoa", "crip"]
    assert dict.fromkeys(ids, 1000) == sums


def test_cti_variant_changes_the_points() -> None:
    pacac = _card_of("maladie-cti-2017").objective("accessibilite-flux")
    cicoa = _card_of("maladie-cti-2017-variant-cicoa").objective("accessibilite-flux")
    expected = ((Fraction(315), Fraction(350)), (Fraction(207), Fraction(230)))
    assert expected == ((pacac.points, pacac.max), (cicoa.points, cicoa.max))


def test_national_rate_is_the_annex_weighted_mean_of_the_axes() -> None:
    # « (Taux de réussite Qualité de service × 30) + (taux de réussite Gestion du risque × 40)
    # + (taux de réussite Performance économique et sociale × 30) », with a neutralised objective.
    card = _card_of("maladie-nationale-2017")
    weights = {"qualite-service": Fraction(30, 100), "gestion-risque": Fraction(40, 100)}
    weights["performance-economique-sociale"] = Fraction(30, 100)
    expected = sum(weights[axis.id] * axis.rate for axis in card.axes)
    assert expected == card.total.rate
