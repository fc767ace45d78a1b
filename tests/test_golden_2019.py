"""Golden test: the published 2019 table, every figure, from the shipped files."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from cpg_score import Grid, load_results, parse_number, round_half_up, score

from .conftest import DATA, RESULTS_2019

PUBLISHED = yaml.safe_load((DATA / "published-2019.yaml").read_text(encoding="utf-8"))
ROWS = [
    (entity, objective_id, row)
    for entity, table in PUBLISHED.items()
    for objective_id, row in table["objectives"].items()
]


def _places(printed: str) -> int:
    number = printed.replace("%", "").strip()
    return len(number.split(",")[1]) if "," in number else 0


def _card(grid: Grid, entity: str):  # type: ignore[no-untyped-def]
    return score(grid, load_results(RESULTS_2019 / f"{entity}.yaml", grid))


@pytest.mark.parametrize(("entity", "objective_id", "row"), ROWS, ids=[f"{e}-{o}" for e, o, _ in ROWS])
def test_objective_points_as_published(
    grid_2019: Grid, entity: str, objective_id: str, row: dict[str, str]
) -> None:
    objective = _card(grid_2019, entity).objective(objective_id)
    expected = parse_number(row["points"]).value
    assert expected == round_half_up(objective.points, _places(row["points"]))


@pytest.mark.parametrize(("entity", "objective_id", "row"), ROWS, ids=[f"{e}-{o}" for e, o, _ in ROWS])
def test_objective_max_as_published(
    grid_2019: Grid, entity: str, objective_id: str, row: dict[str, str]
) -> None:
    assert parse_number(row["max"]).value == _card(grid_2019, entity).objective(objective_id).max


@pytest.mark.parametrize(("entity", "objective_id", "row"), ROWS, ids=[f"{e}-{o}" for e, o, _ in ROWS])
def test_objective_rate_as_published(
    grid_2019: Grid, entity: str, objective_id: str, row: dict[str, str]
) -> None:
    objective = _card(grid_2019, entity).objective(objective_id)
    if row["rate"] == "-":
        assert objective.neutralised
        return
    printed = parse_number(row["rate"]).value * 100
    assert printed == round_half_up(objective.rate * 100, _places(row["rate"]))


@pytest.mark.parametrize("entity", sorted(PUBLISHED))
def test_total_as_published(grid_2019: Grid, entity: str) -> None:
    card = _card(grid_2019, entity)
    total = PUBLISHED[entity]["total"]
    assert (parse_number(total["points"]).value, parse_number(total["max"]).value) == (
        card.points(card.total.points),
        card.total.max,
    )
    assert parse_number(total["rate"]).value * 100 == card.percent(card.total.rate)


def test_aquitaine_rounded_points_add_up_to_less_than_published_total(grid_2019: Grid) -> None:
    # The report's own arithmetic: rounded parts add up to 737.71, the total (rounded once) is 737.72.
    card = _card(grid_2019, "drsm-aquitaine")
    assert Decimal("737.71") == sum(card.points(o.points) for o in card.objectives)
    assert Decimal("737.72") == card.points(card.total.points)


def test_headline_figures() -> None:
    from cpg_score import load_grid

    from .conftest import GRID_2019

    grid = load_grid(GRID_2019)
    co = _card(grid, "drsm-centre-ouest").to_dict()["total"]
    aq = _card(grid, "drsm-aquitaine").to_dict()["total"]
    assert {"points": "776.50", "max": "1000.00", "rate_percent": "77.65"} == {
        k: co[k] for k in ("points", "max", "rate_percent")
    }
    assert {"points": "737.72", "max": "1000.00", "rate_percent": "73.77"} == {
        k: aq[k] for k in ("points", "max", "rate_percent")
    }
