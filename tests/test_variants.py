"""Per-entity points: a grid's `variants` (the CTI table: the same indicators, different points
in each centre), read, validated with locations, written back, and picked when scoring."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from cpg_score import GridError, ResultsError, load_grid, load_results, score
from cpg_score.io.dump import dump_grid
from cpg_score.model.entity import PointsVariant

from .conftest import DATA

ENTITY = DATA / "entity"
CTI = ENTITY / "cti-2017.yaml"
MELUN = ENTITY / "cti-melun.yaml"
SUD = ENTITY / "cti-sud.yaml"

SMALL = """id: g
label: G
period: 2017
total_points: 100
variants:
{variants}
axes:
  - id: a
    label: A
    objectives:
      - {{id: o1, label: O1, points: 60}}
      - {{id: o2, label: O2, points: 40}}
"""


def _small(variants: str) -> str:
    return SMALL.format(variants=variants)


def _problems(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(GridError) as caught:
        load_grid(text)
    return [(p.line, p.path, p.message) for p in caught.value.problems]


@pytest.fixture(scope="module")
def cti():  # type: ignore[no-untyped-def]
    return load_grid(CTI)


def test_the_cti_grid_declares_nine_centres(cti) -> None:  # type: ignore[no-untyped-def]
    assert 9 == len(cti.variants)


def test_a_variant_reads_its_points(cti) -> None:  # type: ignore[no-untyped-def]
    expected = (("accessibilite", Decimal(290)), ("missions-transverses", Decimal(360)))
    assert expected == cti.variant("sud").points


def test_melun_and_sud_on_the_same_results_give_different_totals(cti) -> None:  # type: ignore[no-untyped-def]
    # Melun: 480 x 90 % + 170 x 60 % + 300 = 834 + 50; Sud: 290 x 90 % + 360 x 60 % + 350 = 827
    melun = score(cti, load_results(MELUN, cti)).total.points
    sud = score(cti, load_results(SUD, cti)).total.points
    assert (Fraction(884), Fraction(827)) == (melun, sud)


def test_the_entity_id_picks_its_variant(cti) -> None:  # type: ignore[no-untyped-def]
    assert "sud" == score(cti, load_results(SUD, cti)).variant


def test_the_results_variant_wins_over_the_entity_id(cti) -> None:  # type: ignore[no-untyped-def]
    text = SUD.read_text(encoding="utf-8").replace("grid: cti", "variant: melun\ngrid: cti")
    card = score(cti, load_results(text, cti))
    assert ("melun", Fraction(480)) == (card.variant, card.objective("accessibilite").max)


def test_an_entity_without_a_variant_gets_the_grid_points(cti) -> None:  # type: ignore[no-untyped-def]
    text = SUD.read_text(encoding="utf-8").replace("{id: sud, label: CTI Sud}", "autre")
    card = score(cti, load_results(text, cti))
    assert (None, Fraction(480)) == (card.variant, card.objective("accessibilite").max)


def test_an_unknown_variant_in_results_is_located(cti) -> None:  # type: ignore[no-untyped-def]
    text = SUD.read_text(encoding="utf-8").replace("grid: cti", "variant: lyon\ngrid: cti")
    with pytest.raises(ResultsError) as caught:
        load_results(text, cti)
    problem = caught.value.problems[0]
    assert ("$.variant", 3) == (problem.path, problem.line)


def test_for_variant_is_cached(cti) -> None:  # type: ignore[no-untyped-def]
    assert cti.for_variant("sud") is cti.for_variant("sud")


def test_for_variant_unknown_raises_key_error(cti) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KeyError):
        cti.for_variant("lyon")


def test_the_json_names_the_variant(cti) -> None:  # type: ignore[no-untyped-def]
    assert "sud" == score(cti, load_results(SUD, cti)).to_dict()["variant"]


def test_a_grid_with_variants_round_trips(cti) -> None:  # type: ignore[no-untyped-def]
    assert cti == load_grid(dump_grid(cti))


def test_a_variant_not_summing_to_the_total_is_located() -> None:
    expected = [(6, "$.variants[0].points", "variant 'v': objective points add up to 110, not to 100")]
    assert expected == _problems(_small("  - {id: v, points: {o1: 70}}"))


def test_a_variant_naming_an_unknown_objective_suggests_nothing_silly() -> None:
    expected = [(6, "$.variants[0].points.o3", "variant 'v': no objective 'o3' in the grid")]
    assert expected == _problems(_small("  - {id: v, points: {o3: 70}}"))


def test_a_variant_id_used_twice_is_refused() -> None:
    text = _small("  - {id: v, points: {o1: 50, o2: 50}}\n  - {id: v, points: {o1: 50, o2: 50}}")
    assert [(7, "$.variants[1].id", "variant id 'v' is used twice")] == _problems(text)


def test_the_model_refuses_a_variant_not_summing_to_the_total(cti) -> None:  # type: ignore[no-untyped-def]
    from attrs import evolve

    bad = PointsVariant(id="x", points={"accessibilite": Decimal(1)})
    with pytest.raises(ValueError, match="add up to"):
        evolve(cti, variants=(bad,))


def test_a_variant_giving_one_objective_points_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        PointsVariant(id="v", points=[("o1", Decimal(1)), ("o1", Decimal(2))])
