"""The recouvrement 2017 grids of the public record: the annex's formula and the illustrative scores.

The annex (« Protocole d'intéressement 2017-2019, Annexe technique 2017 », §3.1) states the formula:
« en dessous du seuil : 0 % ; entre la cible et le seuil : (valeur de l'indicateur – seuil)/(cible –
seuil) ; au-dessus de la cible : 100 % ». Every printed row is a `linear` rule (or a `relative` one,
the same formula once its seuil and cible are resolved): these tests check the rule against the
formula, written out independently, and pin the exact score of each illustrative results file.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cpg_score import Grid, LinearRule, Scorecard, load_grid, load_results, score

from .conftest import OBJECTIVES

ILLUSTRATIVE = OBJECTIVES / "results" / "illustrative"

#: Grid id -> (points earned, points that could be earned), exact, as the comments of each
#: illustrative results file compute them by hand.
SCORES = {
    "recouvrement-nationale-2017": (Fraction(794, 15), Fraction(100)),
    "recouvrement-urssaf-2017": (Fraction(1085, 18), Fraction(95)),
    "recouvrement-cnt-cesu-2017": (Fraction(45, 2), Fraction(40)),
    "recouvrement-cnt-paje-2017": (Fraction(15), Fraction(30)),
    "recouvrement-cnt-tese-2017": (Fraction(95, 6), Fraction(30)),
    "recouvrement-cnt-cntfs-2017": (Fraction(3), Fraction(10)),
    "recouvrement-mayotte-2017": (Fraction(237, 4), Fraction(100)),
    "recouvrement-certi-2017": (Fraction(87, 2), Fraction(100)),
    "recouvrement-acoss-2017": (Fraction(7741, 160), Fraction(125, 2)),
}


def annex_rate(value: Fraction, seuil: Fraction, cible: Fraction) -> Fraction:
    """The annex's formula (§3.1), as written: 0 % short of the seuil, 100 % past the cible."""
    better = 1 if cible > seuil else -1
    if (value - seuil) * better < 0:
        return Fraction(0)
    if (value - cible) * better >= 0:
        return Fraction(1)
    return (value - seuil) / (cible - seuil)


def _grid(stem: str) -> Grid:
    return load_grid(OBJECTIVES / f"{stem}.yaml")


def _card(stem: str) -> Scorecard:
    grid = _grid(stem)
    return score(grid, load_results(ILLUSTRATIVE / f"{stem}.yaml", grid))


def _samples(rule: LinearRule) -> list[Fraction]:
    seuil, cible = Fraction(rule.floor), Fraction(rule.target)
    step = (cible - seuil) / 4
    return [seuil - step, seuil, seuil + step, (seuil + cible) / 2, cible - step, cible, cible + step]


@pytest.mark.parametrize("stem", sorted(SCORES))
def test_printed_linear_rows_give_the_annex_formula(stem: str) -> None:
    indicators = [i for _, objective in _grid(stem).objectives() for i in objective.indicators]
    rules = [i.rule for i in indicators if isinstance(i.rule, LinearRule)]
    expected = [[annex_rate(v, Fraction(r.floor), Fraction(r.target)) for v in _samples(r)] for r in rules]
    assert expected == [[r.achievement(v) for v in _samples(r)] for r in rules]


@given(
    st.decimals(min_value=-1000, max_value=1000, places=3),
    st.decimals(min_value=-1000, max_value=1000, places=3),
    st.decimals(min_value=-2000, max_value=2000, places=4),
)
def test_linear_rule_is_the_annex_formula(seuil: Decimal, cible: Decimal, value: Decimal) -> None:
    assume(seuil != cible)
    expected = annex_rate(Fraction(value), Fraction(seuil), Fraction(cible))
    assert expected == LinearRule(floor=seuil, target=cible).achievement(value)


@pytest.mark.parametrize("stem", sorted(SCORES))
def test_illustrative_results_score_exactly(stem: str) -> None:
    card = _card(stem)
    assert SCORES[stem] == (card.total.points, card.total.max)


def test_most_favourable_keeps_the_annex_cible_when_the_cpg_one_is_worse() -> None:
    card = _card("recouvrement-urssaf-2017")
    assert Fraction(4, 5) == card.objective("decroche").rate


def test_most_favourable_takes_the_cpg_cible_when_it_is_better() -> None:
    card = _card("recouvrement-urssaf-2017")
    assert Fraction(3, 4) == card.objective("courriels").rate


def test_a_seuil_printed_as_a_share_of_the_cible_is_that_share() -> None:
    # « 90 % de la cible » of 90 %: seuil 81 %; 85 % scores (85 - 81)/(90 - 81) = 4/9.
    card = _card("recouvrement-urssaf-2017")
    assert (
        annex_rate(Fraction(85, 100), Fraction(81, 100), Fraction(90, 100))
        == card.objective("vidage-comptes").rate
    )


def test_points_of_five_below_last_year_score_the_annex_formula() -> None:
    # « – 5 points » / « 0 point » against last year's 30 %: cible 25 %, seuil 30 %; 27 % gives 3/5.
    card = _card("recouvrement-mayotte-2017")
    assert (
        annex_rate(Fraction(27, 100), Fraction(30, 100), Fraction(25, 100))
        == card.objective("rar-15-mois").rate
    )


def test_ten_percent_above_last_year_scores_the_annex_formula() -> None:
    # « + 10,0 % » / « + 0,0 % » against last year's 1 200 000 €: 1 290 000 € gives 3/4.
    card = _card("recouvrement-mayotte-2017")
    assert (
        annex_rate(Fraction(1290000), Fraction(1200000), Fraction(1320000))
        == card.objective("redressements-lcti").rate
    )


def test_a_cgss_neutralises_the_kilometres_and_its_points_leave_the_total() -> None:
    card = _card("recouvrement-urssaf-2017")
    assert (True, Fraction(0)) == (card.objective("kilometres").neutralised, card.objective("kilometres").max)


@pytest.mark.parametrize("stem", sorted(SCORES))
def test_each_grid_cites_its_source(stem: str) -> None:
    cited = ("KALIARTI000036543014", "KALICONT000038292684.json", "587b59ee051b558d5a7d6910a0a2ae53f8c666e8")
    assert [True] * 3 == [part in str(_grid(stem).description) for part in cited]
