"""The texts' own formulas, written literally, give what cpg-score computes.

Each test writes a formula of the public record (docs/public-record.md) in Python as the text
states it, with exact fractions, and checks that our rule, scorecard or profit-sharing computation
gives the same, on values drawn by hypothesis and on values quoted from the text. Each docstring
quotes the text (French, verbatim) and names its source: the IDCC 218 convention as JSON in
SocialGouv/kali-data, data/KALICONT000038292684.json, commit
587b59ee051b558d5a7d6910a0a2ae53f8c666e8, and the article id (KALIARTI...).

The floors, targets and palier tables written below are copied from the texts, not read from the
grid files: a grid file that drifts from its text fails here. The famille palier tables are
written as the record (docs/public-record.md, its sources) gives them, one line per table
(« < 75 % → 0 ; ≥ 75 % < 80 % → 2 ; … »), with every ≥, >, ≤ and < as printed.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from decimal import Decimal, localcontext
from fractions import Fraction

import pytest
import yaml
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from cpg_score import Entity, Grid, LinearRule, Results, ResultValue, load_grid, load_results, score
from cpg_score.io import load_profit_sharing
from cpg_score.model.profit_sharing import ProfitSharing, default_split
from cpg_score.model.rules.count import REFUSED
from cpg_score.model.rules.delay import months_late
from cpg_score.model.scorecard import Scorecard
from cpg_score.simulate import profit_sharing

from .conftest import OBJECTIVES

ILLUSTRATIVE = OBJECTIVES / "results" / "illustrative"
PARAMS = OBJECTIVES / "profit-sharing"
ZERO, ONE, HALF = Fraction(0), Fraction(1), Fraction(1, 2)
HALF_D = Decimal("0.5")


def pc(text: str) -> Fraction:
    """A percent as printed (« 61,50 % » is pc("61,50")), exactly."""
    return Fraction(Decimal(text.replace(",", "."))) / 100


def n(text: str) -> Fraction:
    """A number as printed (« 1 485 538 », « 0,5 »), exactly."""
    return Fraction(Decimal(text.replace(" ", "").replace(",", ".")))


@functools.cache
def _grid(name: str) -> Grid:
    return load_grid(OBJECTIVES / f"{name}.yaml")


def _rule(grid_name: str, indicator_id: str) -> object:
    located = _grid(grid_name).locate(indicator_id)
    assert located is not None and located[2] is not None, f"{indicator_id} is not in {grid_name}"
    return located[2].rule


def _rate(grid_name: str, indicator_id: str, value: Fraction | Decimal) -> Fraction:
    rule = _rule(grid_name, indicator_id)
    return Fraction(rule.achievement(value))  # type: ignore[attr-defined]


def _card(name: str, results: str | None = None) -> Scorecard:
    grid = _grid(name)
    return score(grid, load_results(ILLUSTRATIVE / f"{results or name}.yaml", grid))


def _results(grid: Grid, values: dict[str, ResultValue]) -> Results:
    return Results(entity=Entity(id="x"), grid=grid.id, period=grid.period, values=tuple(values.values()))


def _dec(value: Fraction) -> Decimal:
    """A terminating fraction as its exact decimal (checked)."""
    with localcontext() as context:
        context.prec = 200
        out = Decimal(value.numerator) / Decimal(value.denominator)
    assert Fraction(out) == value, f"{value} is no terminating decimal"
    return out


def _value(rid: str, value: Fraction) -> ResultValue:
    return ResultValue(id=rid, value=_dec(value))


def _local_rate(card: Scorecard) -> Fraction:
    return Fraction(card.total.points) / Fraction(card.total.max)


# Numbers drawn exactly: decimals of a few places, as results are written.
def _decimals(low: str, high: str, places: int = 4) -> st.SearchStrategy[Fraction]:
    return st.decimals(Decimal(low), Decimal(high), places=places).map(Fraction)


SHARES = _decimals("0", "1", 5)
RATES = _decimals("0", "1", 4)


# -- Recouvrement 2017, §3.1: the taux d'atteinte --------------------------------------------------


def taux_d_atteinte(valeur: Fraction, seuil: Fraction, cible: Fraction) -> Fraction:
    """« – en dessous du seuil : 0 % ; – entre la cible et le seuil : (valeur de l'indicateur –
    seuil)/(cible – seuil) ; – au-dessus de la cible : 100 %. »

    "En dessous" and "au-dessus" read in the direction of improvement: when the cible is below the
    seuil (a delay, an error rate), below the seuil is a value above it.
    """
    better = (lambda a, b: a > b) if cible > seuil else (lambda a, b: a < b)
    if better(seuil, valeur):
        return ZERO
    if better(valeur, cible):
        return ONE
    return (valeur - seuil) / (cible - seuil)


_BOUNDS = _decimals("-1000", "1000", 3)
_VALUES = _decimals("-1500", "1500", 3)


@given(seuil=_BOUNDS, cible=_BOUNDS, valeur=_VALUES)
def test_linear_rule_is_the_recouvrement_formula(seuil: Fraction, cible: Fraction, valeur: Fraction) -> None:
    """Recouvrement annex 2017 (KALIARTI000036543014), §3.1 and §3.2: « Pour chaque indicateur, un
    taux d'atteinte est calculé en fonction de la cible et du seuil de déclenchement, selon la
    formule suivante : – en dessous du seuil : 0 % ; – entre la cible et le seuil : (valeur de
    l'indicateur – seuil)/(cible – seuil) ; – au-dessus de la cible : 100 %. »

    Both directions: a cible below the seuil is lower is better.
    """
    if seuil == cible:
        return
    rule = LinearRule(floor=_dec(seuil), target=_dec(cible))
    assert taux_d_atteinte(valeur, seuil, cible) == rule.achievement(_dec(valeur))


@given(valeur=_decimals("0", "0.002", 7))
def test_linear_rule_is_the_formula_lower_is_better_below_one_percent(valeur: Fraction) -> None:
    """Recouvrement annex 2017 (KALIARTI000036543014), part nationale: « Taux de non-conformité
    de la répartition | Maîtrise des risques | 11,0 % | 0,06 % | 0,10 % » (cible below the seuil:
    lower is better, below 1 %), scored by §3.1: « (valeur de l'indicateur – seuil)/(cible –
    seuil) ».
    """
    expected = taux_d_atteinte(valeur, pc("0,10"), pc("0,06"))
    assert expected == _rate("recouvrement-nationale-2017", "taux-non-conformite-repartition", _dec(valeur))


#: Recouvrement 2017, part nationale (« Indicateurs | Domaine UCANSS | Pondération | Cible | Seuil »):
#: indicator -> (pondération, cible, seuil), as printed.
RECOUVREMENT_NATIONAL = {
    "note-satisfaction": (pc("12,0"), n("7,4"), n("7")),
    "solde-credits-non-repartis": (pc("11,0"), pc("0,10"), pc("0,15")),
    "taux-integration-debits": (pc("11,0"), pc("99,5"), pc("99,0")),
    "intensite-politique-amiable": (pc("11,0"), pc("50"), pc("45")),
    "taux-controle-cotisations": (pc("11,0"), pc("50"), pc("45")),
    "montant-redressements-lcti": (pc("11,0"), n("650"), n("554")),
    "taux-non-conformite-repartition": (pc("11,0"), pc("0,06"), pc("0,10")),
    "taux-couverture-maitrise-risques": (pc("11,0"), pc("95"), pc("90")),
    "comptes-actifs-par-etp": (pc("11,0"), pc("1,08"), pc("0,75")),
}

#: Recouvrement 2017, part locale Urssaf et CGSS, the rows with a numeric seuil: (cible, seuil).
RECOUVREMENT_URSSAF = {
    "taux-decroche": (pc("85,0"), pc("75,0")),
    "taux-reponse-courriels": (pc("90,0"), pc("87,0")),
    "note-qualite-reponse": (n("18,0"), n("16,0")),
    "taux-conformite-siret-ape": (pc("99,5"), pc("98,5")),
    "taux-redressement-tpe-pme": (pc("2,41"), pc("2,11")),
    "frequence-redressements-lcti": (pc("80,0"), pc("75,0")),
    "jours-retard-balances": (n("1"), n("5")),
    "respect-planification-statistique": (n("0"), n("5")),
}

_SPOTS = (Fraction(-1, 2), ZERO, Fraction(1, 3), HALF, ONE, Fraction(3, 2))


@pytest.mark.parametrize(
    ("grid", "rid", "cible", "seuil"),
    [("recouvrement-nationale-2017", k, c, s) for k, (_, c, s) in RECOUVREMENT_NATIONAL.items()]
    + [("recouvrement-urssaf-2017", k, c, s) for k, (c, s) in RECOUVREMENT_URSSAF.items()],
)
def test_recouvrement_rows_give_the_formula_on_their_printed_bounds(
    grid: str, rid: str, cible: Fraction, seuil: Fraction
) -> None:
    """Recouvrement annex 2017 (KALIARTI000036543014), §3.1: « entre la cible et le seuil :
    (valeur de l'indicateur – seuil)/(cible – seuil) », each row with the cible and seuil printed
    in its table, on the seuil, the cible, between them and beyond both.
    """
    values = [seuil + t * (cible - seuil) for t in _SPOTS]
    expected = [taux_d_atteinte(v, seuil, cible) for v in values]
    assert expected == [_rate(grid, rid, v) for v in values]


def test_recouvrement_golden_decroche() -> None:
    """Recouvrement annex 2017 (KALIARTI000036543014), « Taux de décroché | QS | 10,0 % | 85,0 % |
    75,0 % »: a taux de décroché of 83 % gives (83 – 75)/(85 – 75) = 80 %."""
    assert Fraction(4, 5) == _rate("recouvrement-urssaf-2017", "taux-decroche", Decimal("0.83"))


@given(st.lists(_decimals("-0.5", "1.5", 3), min_size=9, max_size=9))
def test_coefficient_national_is_the_weighted_mean_of_the_taux(spots: list[Fraction]) -> None:
    """Recouvrement annex 2017 (KALIARTI000036543014), §3.1: « Chaque indicateur est doté d'une
    pondération ; le coefficient national de performance est égal à la moyenne pondérée des taux
    d'atteinte. » With the pondérations printed (12,0 % and 8 × 11,0 %), the scorecard's rate."""
    grid = _grid("recouvrement-nationale-2017")
    values, weighted = {}, ZERO
    for (rid, (weight, cible, seuil)), t in zip(RECOUVREMENT_NATIONAL.items(), spots, strict=True):
        value = seuil + t * (cible - seuil)
        values[rid] = _value(rid, value)
        weighted += weight * taux_d_atteinte(value, seuil, cible)
    total = sum(w for w, _, _ in RECOUVREMENT_NATIONAL.values())
    card = score(grid, _results(grid, values))
    assert weighted / total == _local_rate(card)


# -- Maladie 2017: the national rate, the local rate and MTID --------------------------------------


def taux_national_maladie(qs: Fraction, gdr: Fraction, pes: Fraction) -> Fraction:
    """« Le taux de réussite au niveau national = (Taux de réussite Qualité de service × 30) +
    (taux de réussite Gestion du risque × 40) + (taux de réussite Performance économique et
    sociale × 30) » — a percent, the weights adding up to 100."""
    return (qs * 30) + (gdr * 40) + (pes * 30)


THEMES = ("qualite-service", "gestion-risque", "performance-economique-sociale")


def _maladie(**changes: object) -> ProfitSharing:
    params = load_profit_sharing(PARAMS / "maladie-2017.yaml")
    assert isinstance(params, ProfitSharing)
    return evolve(params, **changes)


@given(qs=RATES, gdr=RATES, pes=RATES)
def test_national_rate_is_the_maladie_formula(qs: Fraction, gdr: Fraction, pes: Fraction) -> None:
    """Maladie annex 2017 (KALIARTI000036543023), part nationale: « Le taux de réussite au niveau
    national = (Taux de réussite Qualité de service × 30) + (taux de réussite Gestion du risque ×
    40) + (taux de réussite Performance économique et sociale × 30) »."""
    params = _maladie(rates=dict(zip(THEMES, (_dec(qs), _dec(gdr), _dec(pes)), strict=True)))
    assert (
        taux_national_maladie(qs, gdr, pes) / 100
        == profit_sharing(None, evolve(params, local_given=HALF_D)).national_rate
    )


#: The 2021 amendment prints two weightings of the themes in the same article.
WEIGHTS_2021 = [(40, 40, 20), (35, 35, 30)]


@pytest.mark.parametrize("weights", WEIGHTS_2021)
@given(qs=RATES, gdr=RATES, pes=RATES)
def test_national_rate_2021_is_each_printed_weighting(
    weights: tuple[int, int, int], qs: Fraction, gdr: Fraction, pes: Fraction
) -> None:
    """Avenant du 15 juin 2021 (KALIARTI000045130461): « – 40 % pour la qualité de service ; – 40 %
    pour la maîtrise des risques ; – 20 % pour la performance économique et sociale. » and, in the
    same article, « Le taux de réussite au niveau national = (Taux de réussite qualité de service ×
    35) + (Taux de réussite gestion du risque × 35) + (Taux de réussite performance économique et
    sociale × 30) »: the text contradicts itself, the weights are a parameter; each gives its
    formula."""
    params = _maladie(
        weights=dict(zip(THEMES, (Decimal(w) for w in weights), strict=True)),
        rates=dict(zip(THEMES, (_dec(qs), _dec(gdr), _dec(pes)), strict=True)),
        local_given=HALF_D,
    )
    expected = (qs * weights[0] + gdr * weights[1] + pes * weights[2]) / 100
    assert expected == profit_sharing(None, params).national_rate


@given(rate=RATES)
def test_national_trigger_is_the_maladie_text(rate: Fraction) -> None:
    """Maladie annex 2017 (KALIARTI000036543023): « Le seuil de déclenchement de l'intéressement
    est fixé pour les objectifs de performance collective nationale à 50 %. Si le résultat ne
    dépasse pas 50 %, le montant de la part nationale est nul. Passé ce seuil de 50 %, le taux de
    réussite national est appliqué à la part nationale d'intéressement. »"""
    expected = ZERO if rate <= HALF else rate
    params = _maladie(national_given=_dec(rate), local_given=HALF_D)
    assert expected == profit_sharing(None, params).national_applied


def test_national_rate_of_the_scored_national_grid_is_the_formula() -> None:
    """Maladie annex 2017 (KALIARTI000036543023): « (Taux de réussite Qualité de service × 30) +
    (taux de réussite Gestion du risque × 40) + (taux de réussite Performance économique et
    sociale × 30) », the theme rates being the axes of the scored national grid (its illustrative
    results); the same as the grid's points earned / 1 000 (the axes carry 300, 400 and 300)."""
    national = _card("maladie-nationale-2017")
    rates = {axis.id: axis.rate for axis in national.axes}
    expected = taux_national_maladie(*(rates[t] for t in THEMES)) / 100
    result = profit_sharing(_card("maladie-cpam-2017"), _maladie(), national=national)
    assert (expected, expected) == (result.national_rate, _local_rate(national))


#: Maladie annex 2017, « 2.2.1 Indicateurs CPAM », as printed: objective -> (poids, indicators);
#: an indicator is (id, share of the points, (objectif, socle)) or (id, share, threshold) for a
#: « Oui/non » socle (None: met or not; a threshold: « 75 % pour chaque sous indicateur »).
CPAM: dict[str, tuple[int, list[tuple[str, Fraction, object]]]] = {
    "deploiement-planir": (100, [("action-planir", ONE, None)]),
    "service-de-base": (
        100,
        [
            ("delai-ij", ONE, (n("29"), n("32"))),
            ("delai-feuilles-soins", ONE, (n("20"), n("30"))),
            ("delai-cmuc-acs", ONE, (n("35"), n("43"))),
        ],
    ),
    "reponse-telephonique": (
        100,
        [
            ("taux-decroche", pc("60"), (pc("90"), pc("85"))),
            ("taux-fiabilite", pc("40"), (pc("82"), pc("75"))),
        ],
    ),
    "teleservices-ps": (
        100,
        [("taux-pse", ONE, (pc("60"), pc("48,63"))), ("taux-aat", ONE, (pc("40"), pc("25,37")))],
    ),
    "economies-medicaments": (100, [("economies-medicaments-mg", ONE, (n("210 000 000"), ZERO))]),
    "campagnes-prioritaires": (
        100,
        [("campagne-antibiotique", ONE, pc("75")), ("campagne-biologie", ONE, pc("75"))],
    ),
    "medicaments-generiques": (100, [("taux-generiques", ONE, (pc("86"), pc("80")))]),
    "lutte-fraude": (100, [("taux-prejudices-evites", ONE, (pc("0,018"), pc("0,010")))]),
    "validation-comptes": (100, [("taux-validation-comptes", ONE, (pc("100"), pc("0")))]),
    "contribution-agefiph": (100, [("reduction-agefiph", ONE, None)]),
}


def _cpam_value(spec: object, t: Fraction) -> Fraction:
    """A result for an indicator: t along the socle -> objectif line, or around the threshold."""
    if spec is None:
        return ONE if t >= HALF else ZERO
    if isinstance(spec, Fraction):
        return spec + (t - HALF) / 10
    objectif, socle = spec  # type: ignore[misc]
    return socle + t * (objectif - socle)


def _cpam_taux(spec: object, value: Fraction) -> Fraction:
    if spec is None:
        return ONE if value == ONE else ZERO
    if isinstance(spec, Fraction):
        return ONE if value >= spec else ZERO
    objectif, socle = spec  # type: ignore[misc]
    return taux_d_atteinte(value, socle, objectif)


@given(
    spots=st.lists(_decimals("-0.25", "1.25", 3), min_size=15, max_size=15),
    dropped=st.sampled_from([None, *CPAM]),
)
def test_local_rate_is_points_acquis_over_points_theoriques(
    spots: list[Fraction], dropped: str | None
) -> None:
    """Maladie annex 2017 (KALIARTI000036543023), part locale: « Taux de réussite locale =
    Montant des points acquis au titre des objectifs réalisés / Montant des points théoriques à
    atteindre ». Written on the CPAM table as printed (2.2.1), each indicator scored linearly
    between socle and objectif (the reading of the grid, see the recouvrement §3.1), « Oui/non »
    met or not, a neutralised row leaving the points théoriques; the scorecard's points / max and
    the local rate of the profit-sharing computation both give it."""
    grid, values, acquis, theoriques = _grid("maladie-cpam-2017"), {}, ZERO, ZERO
    spot = iter(spots)
    for objective, (poids, indicators) in CPAM.items():
        shares = sum(share for _, share, _ in indicators)
        taux = ZERO
        for rid, share, spec in indicators:
            value = _cpam_value(spec, next(spot))
            values[rid] = (
                ResultValue(id=rid, neutralised="illustratif") if objective == dropped else _value(rid, value)
            )
            taux += share * _cpam_taux(spec, value) / shares
        if objective != dropped:
            acquis, theoriques = acquis + poids * taux, theoriques + poids
    card = score(grid, _results(grid, values))
    result = profit_sharing(card, _maladie())
    assert (acquis / theoriques, acquis / theoriques) == (_local_rate(card), result.local_rate)


@given(rate=RATES)
def test_local_trigger_is_the_maladie_text(rate: Fraction) -> None:
    """Maladie annex 2017 (KALIARTI000036543023): « Si un organisme local ne dépasse pas 50 % des
    points totalisables, le montant de son intéressement pour la partie locale sera nul. Passé ce
    seuil de 50 %, le taux de réussite locale est appliqué à la part locale d'intéressement. »"""
    expected = ZERO if rate <= HALF else rate
    assert expected == profit_sharing(None, _maladie(local_given=_dec(rate))).local_applied


def mtid(
    masse_nationale: Fraction, masse_locale: Fraction, etp: Fraction, trn: Fraction, trl: Fraction
) -> Fraction:
    """« masse nationale d'intéressement/nombre d'ETP de l'Assurance maladie éligibles » (PINI),
    « masse locale d'intéressement/nombre d'ETP … » (PILI), « MTID = (PINI × TRN) + (PILI × TRL) »,
    TRN and TRL « sous réserve du dépassement du seuil de déclenchement fixé à 50 % »."""
    pini, pili = masse_nationale / etp, masse_locale / etp
    trn, trl = (ZERO if trn <= HALF else trn), (ZERO if trl <= HALF else trl)
    return (pini * trn) + (pili * trl)


@given(
    masse_salariale=st.integers(10**6, 10**10),
    etp=_decimals("1", "100000", 2),
    trn=RATES,
    trl=RATES,
)
def test_mtid_is_the_maladie_formula(
    masse_salariale: int, etp: Fraction, trn: Fraction, trl: Fraction
) -> None:
    """Maladie annex 2017 (KALIARTI000036543023), §3.1-3.2: PINI = « masse nationale
    d'intéressement/nombre d'ETP de l'Assurance maladie éligibles », PILI = « masse locale
    d'intéressement/nombre d'ETP … », « MTID = (PINI × TRN) + (PILI × TRL) »; the masses from the
    protocol (KALIARTI000036542996, art. 9): « 2,5 % de la masse salariale », « réparties à
    hauteur de 40 % au titre de la part nationale et de 60 % au titre de la part locale »."""
    masse = Fraction(masse_salariale) * pc("2,5")
    params = ProfitSharing(
        envelope=_dec(masse),
        salary_bill=Decimal(masse_salariale),
        fte=_dec(etp),
        national_share=Decimal("0.40"),
        local_share=Decimal("0.60"),
        national_given=_dec(trn),
        local_given=_dec(trl),
    )
    expected = mtid(masse * pc("40"), masse * pc("60"), etp, trn, trl)
    assert expected == profit_sharing(None, params).per_fte


def test_recouvrement_2010_published_maxima() -> None:
    """Recouvrement, résultats 2010 (commission de l'intéressement): masse salariale « 502,39
    millions d'€ », « répartie en une part nationale (40%) et une part locale (60%) », « 14 739 ETP
    éligibles », « montant maximal théorique par ETP … 852,18 € », « part individuelle nationale
    maximale 340,87 € », « locale maximale 511,31 € ». Masse / ETP, to the cent, with the eligible
    FTE 14 738,5 (a fractional count printed rounded, see objectives/profit-sharing/recouvrement-2010.yaml)."""
    params = load_profit_sharing(PARAMS / "recouvrement-2010.yaml")
    assert isinstance(params, ProfitSharing)
    masse, etp = n("502 394 000") * pc("2,5"), n("14 738,5")
    literal = (masse / etp, masse * pc("40") / etp, masse * pc("60") / etp)
    cents = tuple(round(x * 100) for x in literal)
    assert (literal, cents) == ((params.maximum, params.pini, params.pili), (85218, 34087, 51131))


@given(coefficient=_decimals("0.5001", "1", 4), share=_decimals("0.01", "1", 2))
def test_recouvrement_local_amount_is_the_texts(coefficient: Fraction, share: Fraction) -> None:
    """Recouvrement annex 2017 (KALIARTI000036543014): « Masse locale d'intéressement = Part
    locale de la masse nationale d'intéressement × [ETP éligibles (organisme)/ETP éligibles
    (branche)] » ; « Montant local distribué = Coefficient de performance local × masse locale
    d'intéressement ». The organisation's local amount is its local amount per FTE × its FTE."""
    params = load_profit_sharing(PARAMS / "recouvrement-2010.yaml")
    assert isinstance(params, ProfitSharing)
    branch = Fraction(params.fte)
    organisme = branch * share
    params = evolve(params, organisation_fte=_dec(organisme), local_given=_dec(coefficient))
    masse_locale = params.local_masse * (organisme / branch)
    result = profit_sharing(None, params)
    assert coefficient * masse_locale == result.local_amount * organisme


# -- Famille 2017: PLI = PLI maximum × note / 5 ---------------------------------------------------


def pli(masse_pli: Fraction, etp: Fraction, note: Fraction) -> Fraction:
    """« PLI maximum = Masse financière réservée à la PLI / Total des ETP éligibles de la branche » ;
    « PLI = PLI maximum × note de performance locale obtenue / Note de performance maximum soit 5 »;
    the payment « intervient dès lors que la note est au moins égale à 2,5 »."""
    pli_maximum = masse_pli / etp
    return pli_maximum * note / 5 if note >= Fraction(5, 2) else ZERO


def dotation_pni(masse_pni: Fraction, note: Fraction) -> Fraction:
    """« … selon un barème progressif avec un seuil de déclenchement lorsque la note de performance
    atteint 2,5 : Dotation PNI = Masse financière réservée à la PNI × note de performance
    nationale obtenue / Note de performance maximum soit 5 »."""
    return masse_pni * note / 5 if note >= Fraction(5, 2) else ZERO


def _famille(**changes: object) -> ProfitSharing:
    params = load_profit_sharing(PARAMS / "famille-2017.yaml")
    assert isinstance(params, ProfitSharing)
    return evolve(params, **changes)


NOTES = _decimals("0", "5", 2)


@given(locale=NOTES, nationale=NOTES)
def test_famille_pli_and_pni_are_the_annex_formulas(locale: Fraction, nationale: Fraction) -> None:
    """Famille annex 2017 (KALIARTI000036543013): « PLI maximum = Masse financière réservée à la
    PLI / Total des ETP éligibles de la branche » ; « PLI = PLI maximum × note de performance
    locale obtenue / Note de performance maximum soit 5 » ; « Dotation PNI = Masse financière
    réservée à la PNI × note de performance nationale obtenue / Note de performance maximum soit
    5 », with « un seuil de déclenchement lorsque la note de performance atteint 2,5 »."""
    params = _famille(local_given=_dec(locale / 5), national_given=_dec(nationale / 5))
    result = profit_sharing(None, params)
    etp = Fraction(params.fte)
    expected = (pli(params.local_masse, etp, locale), dotation_pni(params.national_masse, nationale))
    assert expected == (result.local_amount, result.national_amount * etp)


def test_famille_note_of_exactly_2_5_pays() -> None:
    """Famille annex 2017 (KALIARTI000036543013): « Le versement … intervient dès lors que la note
    est au moins égale à 2,5 » — the shipped parameters give a local note of exactly 2,5."""
    params = _famille()
    assert (
        pli(params.local_masse, Fraction(params.fte), Fraction(5, 2))
        == profit_sharing(None, params).local_amount
    )


def test_famille_pli_of_the_scored_caf_grid() -> None:
    """Famille annex 2017 (KALIARTI000036543013): « PLI = PLI maximum × note de performance
    locale obtenue / Note de performance maximum soit 5 », the note being the CAF grid's score
    out of 5 on its illustrative results."""
    card = _card("famille-caf-2017")
    params = _famille(local_given=None)
    note = Fraction(card.on_scale)
    assert pli(params.local_masse, Fraction(params.fte), note) == profit_sharing(card, params).local_amount


# -- Retraite 2014-2016: the prime nationale ------------------------------------------------------


def prime_nationale(
    masse_nationale: Fraction, obtenus: Fraction, maximum: Fraction, agents: Fraction
) -> Fraction:
    """« Prime nationale d'intéressement = masse nationale d'intéressement × (nombre de points
    obtenus par la branche/nombre de points théorique maximum)/nombre d'agents de la branche
    retraite. »"""
    return masse_nationale * (obtenus / maximum) / agents


@pytest.mark.parametrize("year", [2014, 2015, 2016])
def test_retraite_prime_nationale_is_the_texts(year: int) -> None:
    """Retraite 2014-2016 (KALIARTI000030309994; the same words in the 2017 annex
    KALIARTI000036543005): « Prime nationale d'intéressement = masse nationale d'intéressement ×
    (nombre de points obtenus par la branche/nombre de points théorique maximum)/nombre d'agents
    de la branche retraite », the points those of the national grid (Annexe I) on its illustrative
    results. Reading: the « points théorique maximum » leave the neutralised rows out (the
    trigger is « 50 % des points mesurables »; the text does not say more)."""
    national = _card(f"retraite-nationale-{year}")
    params = ProfitSharing(
        envelope=Decimal("25000000"),
        salary_bill=Decimal("1000000000"),
        fte=Decimal("12345.5"),
        national_share=Decimal("0.40"),
        local_share=Decimal("0.60"),
        local_given=HALF_D,
        year=year,
    )
    result = profit_sharing(None, params, national=national)
    obtenus, maximum = Fraction(national.total.points), Fraction(national.total.max)
    expected = prime_nationale(params.national_masse, obtenus, maximum, Fraction(params.fte))
    assert obtenus / maximum > HALF  # above the trigger: the formula applies as written
    assert expected == result.national_amount


def test_retraite_2014_points_mesurables_are_770() -> None:
    """Retraite 2014 (KALIARTI000030309995, Annexe I): five rows « Neutralisé » in 2014 (50 + 60 +
    20 + 50 + 50 points), out of « 1 000 »: 770 « points mesurables »."""
    assert 770 == _card("retraite-nationale-2014").total.max


# -- CNAMTS 2017: « – 10 % par mois de retard » -----------------------------------------------------


def mois_de_retard(echeance: datetime.date, livraison: datetime.date) -> int:
    """The months of delay begun, for an échéance at the end of a month (« fin juin », « 31
    octobre »): a delivery in the k-th calendar month after the échéance's is k months late."""
    if livraison <= echeance:
        return 0
    return (livraison.year - echeance.year) * 12 + livraison.month - echeance.month


def taux_retard(pas: Fraction, mois: int) -> Fraction:
    """« – 10 % par mois de retard », « – 20 % par mois de retard », never below 0."""
    return max(ZERO, ONE - pas * mois)


DELAYS = [
    ("lancement-plan-accompagnement", datetime.date(2017, 6, 30), pc("10")),
    ("ouverture-e-coaching-dos", datetime.date(2017, 10, 31), pc("20")),
]


@pytest.mark.parametrize(("rid", "echeance", "pas"), DELAYS)
@given(days=st.integers(-40, 500))
def test_delay_rule_is_minus_a_step_per_month_of_delay(
    rid: str, echeance: datetime.date, pas: Fraction, days: int
) -> None:
    """Maladie annex 2017 (KALIARTI000036543023), 2.2.3 Indicateurs CNAMTS: « Lancement dans 30
    départements avant fin juin 2017 | – 10 % par mois de retard | 50 » and « Ouverture du
    e-coaching Dos | 31 octobre 2017 | – 20 % par mois de retard | 100 »; a month begun counts
    (the grid's reading: `months: started`)."""
    livraison = echeance + datetime.timedelta(days=days)
    expected = taux_retard(pas, mois_de_retard(echeance, livraison))
    assert expected == _rate("maladie-cnamts-2017", rid, months_late(echeance, livraison))


def test_delay_golden_of_the_illustrative_cnamts_results() -> None:
    """Maladie annex 2017 (KALIARTI000036543023): « – 10 % par mois de retard », due « fin juin
    2017 », delivered on 12 August 2017 (two months begun): 100 % – 2 × 10 % = 80 %; the
    e-coaching Dos delivered before « 31 octobre 2017 »: 100 %."""
    rates = {
        i.id: i.rate for a in _card("maladie-cnamts-2017").axes for o in a.objectives for i in o.indicators
    }
    expected = (Fraction(4, 5), ONE)
    assert expected == (rates["lancement-plan-accompagnement"], rates["ouverture-e-coaching-dos"])


# -- Recouvrement 2017: seuils relative to the cible or to last year -------------------------------

#: « 80 % de la cible », « 90 % de la cible »: (grid, indicator, cible, share of the cible).
OF_TARGET = [
    ("recouvrement-urssaf-2017", "taux-dematerialisation-ti", pc("80,0"), pc("80")),
    ("recouvrement-urssaf-2017", "taux-recuperation-creances", pc("63,0"), pc("90")),
    ("recouvrement-urssaf-2017", "qualite-vidage-comptes", pc("90"), pc("90")),
    ("recouvrement-mayotte-2017", "taux-paiement-dematerialise", pc("35,0"), pc("80")),
]


@pytest.mark.parametrize(("grid", "rid", "cible", "part"), OF_TARGET)
@given(valeur=SHARES)
def test_seuil_as_a_share_of_the_cible(
    grid: str, rid: str, cible: Fraction, part: Fraction, valeur: Fraction
) -> None:
    """Recouvrement annex 2017 (KALIARTI000036543014), seuils « 80 % de la cible » (« Taux de
    dématérialisation des paiements des TI … | 80,0 % | 80 % de la cible »; CSS Mayotte « Taux de
    paiement dématérialisé … | 35,0 % | 80 % de la cible ») and « 90 % de la cible » (« Taux de
    récupération des créances à 100 j en nombre | 63,0 % | 90 % de la cible », « Qualité de vidage
    des comptes | 90 % | 90 % de la cible »), scored by §3.1."""
    assert taux_d_atteinte(valeur, part * cible, cible) == _rate(grid, rid, _dec(valeur))


def test_ninety_percent_of_the_cible_golden() -> None:
    """« Taux de récupération des créances à 100 j en nombre | 63,0 % | 90 % de la cible »: the
    seuil is 56,7 %; a result of 60 % gives (60 – 56,7)/(63 – 56,7) = 3,3 / 6,3 = 11/21."""
    assert Fraction(11, 21) == _rate(
        "recouvrement-urssaf-2017", "taux-recuperation-creances", Decimal("0.60")
    )


def _bound_rate(grid: str, rid: str, baseline: Fraction, valeur: Fraction) -> Fraction:
    rule = _rule(grid, rid).bind(_dec(baseline))  # type: ignore[attr-defined]
    return Fraction(rule.achievement(_dec(valeur)))


@given(baseline=_decimals("0.06", "1", 4), valeur=SHARES)
def test_minus_five_points_against_last_year(baseline: Fraction, valeur: Fraction) -> None:
    """Recouvrement annex 2017 (KALIARTI000036543014), CSS Mayotte: « Taux de RAR à 15 mois | MR |
    20,0 % | – 5 points (*) | 0 point », « (*) Par rapport à l'année passée. »: cible = last
    year's rate – 5 points, seuil = last year's rate, scored by §3.1 (lower is better)."""
    expected = taux_d_atteinte(valeur, baseline, baseline - pc("5"))
    assert expected == _bound_rate("recouvrement-mayotte-2017", "taux-rar-15-mois", baseline, valeur)


@given(baseline=_decimals("1", "10000000", 2), t=_decimals("0.5", "1.5", 4))
def test_plus_ten_percent_against_last_year(baseline: Fraction, t: Fraction) -> None:
    """Recouvrement annex 2017 (KALIARTI000036543014), CSS Mayotte: « Montant des redressements
    LCTI | MR | 20,0 % | + 10,0 %(*) | + 0,0 % », « (*) Par rapport à l'année passée. »: cible =
    last year's amount × (1 + 10,0 %), seuil = last year's amount × (1 + 0,0 %)."""
    valeur = baseline * t
    expected = taux_d_atteinte(valeur, baseline * (1 + pc("0,0")), baseline * (1 + pc("10,0")))
    assert expected == _bound_rate(
        "recouvrement-mayotte-2017", "montant-redressements-lcti", baseline, valeur
    )


@given(baseline=_decimals("1000", "10000000", 0), t=_decimals("0.9", "1.1", 4))
def test_kilometres_against_2013(baseline: Fraction, t: Fraction) -> None:
    """Recouvrement annex 2017 (KALIARTI000036543014), Urssaf: « Réduction du nombre de km
    parcourus (*) | PES | 5,0 % | – 5,0 % | – 3,0 % », « (*) Par rapport à l'année 2013. »: cible
    = the 2013 kilometres × (1 – 5,0 %), seuil = × (1 – 3,0 %), lower is better."""
    valeur = baseline * t
    expected = taux_d_atteinte(valeur, baseline * (1 - pc("3,0")), baseline * (1 - pc("5,0")))
    assert expected == _bound_rate("recouvrement-urssaf-2017", "reduction-km", baseline, valeur)


@given(baseline=_decimals("0.01", "0.97", 4), valeur=SHARES)
def test_plus_two_percent_annual_increase(baseline: Fraction, valeur: Fraction) -> None:
    """Retraite 2014-2016, Annexe III (KALIARTI000030309997): « Taux d'accès à la formation des
    50 ans et plus | 25 | + 2 % d'augmentation annuelle »: cible = last year's rate × (1 + 2 %),
    seuil = last year's rate (the grid's reading), scored linearly."""
    expected = taux_d_atteinte(valeur, baseline, baseline * (1 + pc("2")))
    grid, rid = "retraite-performance-sociale-2014", "taux-acces-formation-50-ans"
    assert expected == _bound_rate(grid, rid, baseline, valeur)


# -- Famille 2017: every palier table (§D.1-D.3) ---------------------------------------------------
# Each function is a table as printed, condition by condition (≥ and > as printed); the result is
# the note. The grid's rule gives a rate: the note is rate × 5.

Note = Callable[[Fraction], int]


def pieces_15_jours(x: Fraction) -> int:
    """« < 75 % → 0 ; ≥ 75 % < 80 % → 2 ; ≥ 80 % < 85 % → 4 ; ≥ 85 % → 5 »."""
    if x < pc("75"):
        return 0
    if pc("75") <= x < pc("80"):
        return 2
    if pc("80") <= x < pc("85"):
        return 4
    return 5  # ≥ 85 %


def anteriorite(x: Fraction) -> int:
    """« > 25 % → 0 ; ≤ 25 % > 20 % → 2 ; ≤ 20 % > 15 % → 4 ; ≤ 15 % → 5 »."""
    if x > pc("25"):
        return 0
    if pc("20") < x <= pc("25"):
        return 2
    if pc("15") < x <= pc("20"):
        return 4
    return 5  # ≤ 15 %


def appels(x: Fraction) -> int:
    """« < 80 % → 0 ; ≥ 80 % < 85 % → 2 ; ≥ 85 % < 90 % → 4 ; ≥ 90 % → 5 »."""
    if x < pc("80"):
        return 0
    if pc("80") <= x < pc("85"):
        return 2
    if pc("85") <= x < pc("90"):
        return 4
    return 5


def teleservices(x: Fraction) -> int:
    """« < 90 % → 0 ; ≥ 90 % < 95 % → 2 ; ≥ 95 % < 100 % → 4 ; 100 % → 5 » (100 % read as ≥ 100 %)."""
    if x < pc("90"):
        return 0
    if pc("90") <= x < pc("95"):
        return 2
    if pc("95") <= x < pc("100"):
        return 4
    return 5


def data_mining_caf(x: Fraction) -> int:
    """« < 80 % → 0 ; ≥ 80 % < 85 % → 2 ; ≥ 85 % < 100 % → 4 ; ≥ 100 % ou > 90 % avec taux
    d'impact financier > 29 % → 5 » (the second condition is entered as 100 %)."""
    if x < pc("80"):
        return 0
    if pc("80") <= x < pc("85"):
        return 2
    if pc("85") <= x < pc("100"):
        return 4
    return 5


def controle_sur_place(x: Fraction) -> int:
    """« < 60 % → 0 ; ≥ 60 % < 75 % → 2 ; ≥ 75 % < 100 % → 4 ; ≥ 100 % ou > 90 % avec taux
    d'impact financier > 73 % → 5 » (the second condition is entered as 100 %)."""
    if x < pc("60"):
        return 0
    if pc("60") <= x < pc("75"):
        return 2
    if pc("75") <= x < pc("100"):
        return 4
    return 5


def ecart_caf(x: Fraction) -> int:
    """IQL0 and « taux de recouvrement réel des indus » (« Écart avec l'objectif », in points):
    « > 2 points → 0 ; > 1,5 ≤ 2 → 1 ; > 1 ≤ 1,5 → 2 ; > 0,5 ≤ 1 → 3 ; ≤ 0,5 → 4 ; Objectif
    atteint ou dépassé → 5 » (the écart counted from the objective: 0 or less is atteint)."""
    if x <= 0:
        return 5
    if x > n("2"):
        return 0
    if n("1,5") < x <= n("2"):
        return 1
    if n("1") < x <= n("1,5"):
        return 2
    if n("0,5") < x <= n("1"):
        return 3
    return 4  # ≤ 0,5


def action_sociale(x: Fraction) -> int:
    """Prévision action sociale: « ≥ 6 % → 0 ; < 6 % et ≥ 5 % → 1 ; < 5 % et ≥ 4 % → 3 ; < 4 % → 5 »."""
    if x >= pc("6"):
        return 0
    if pc("5") <= x < pc("6"):
        return 1
    if pc("4") <= x < pc("5"):
        return 3
    return 5


def tacite(x: Fraction) -> int:
    """CNAF, sécurités informatiques: « < 96 % → 0 ; ≥ 96 % < 99,5 % → 3 ; ≥ 99,5 % → 5 »."""
    if x < pc("96"):
        return 0
    if pc("96") <= x < pc("99,5"):
        return 3
    return 5


def anomalies(x: Fraction) -> int:
    """CNAF, réduction anomalies: « < 70 % → 0 ; ≥ 70 % – < 85 % → 2 ; ≥ 85 % – < 100 % → 4 ;
    ≥ 100 % → 5 »."""
    if x < pc("70"):
        return 0
    if pc("70") <= x < pc("85"):
        return 2
    if pc("85") <= x < pc("100"):
        return 4
    return 5


def caf_fr(x: Fraction) -> int:
    """CNAF, disponibilité caf.fr, the rows printed in the record: « < 99,5 % → 0 ; ≥ 99,5 % –
    < 99,6 % → 1 ; … ≥ 99,8 % – < 99,9 % → 4 ; ≥ 99,9 % → 5 » (the rows elided « … » are not
    tested: see CAF_FR_PRINTED)."""
    if x < pc("99,5"):
        return 0
    if pc("99,5") <= x < pc("99,6"):
        return 1
    if pc("99,8") <= x < pc("99,9"):
        return 4
    return 5  # ≥ 99,9 %


def minima_sociaux(x: Fraction) -> int:
    """National, pièces minima sociaux < 10 j ouvrés: « < 80 % → 0 ; ≥ 80 % < 85 % → 2 ; ≥ 85 %
    < 90 % → 4 ; ≥ 90 % → 5 »."""
    return appels(x)


def diagnostic(x: Fraction) -> int:
    """National, diagnostic autonomie numérique: « < 60 CAF → 0 ; ≥ 60 < 80 → 2 ; ≥ 80 < 100 →
    4 ; ≥ 100 → 5 »."""
    if x < 60:
        return 0
    if 60 <= x < 80:
        return 2
    if 80 <= x < 100:
        return 4
    return 5


def liquidation(x: Fraction) -> int:
    """National, taux de liquidation automatique: « < 20 % → 0 ; ≥ 20 % < 21 % → 2 ; ≥ 21 % <
    22,5 % → 4 ; ≥ 22,5 % → 5 »."""
    if x < pc("20"):
        return 0
    if pc("20") <= x < pc("21"):
        return 2
    if pc("21") <= x < pc("22,5"):
        return 4
    return 5


def data_mining_national(x: Fraction) -> int:
    """National, data mining (objectif 432 000): « < 90 % → 0 ; ≥ 90 % < 95 % → 2 ; ≥ 95 % <
    100 % → 4 ; 100 % → 5 »."""
    return teleservices(x)


def volume_fraudes(x: Fraction) -> int:
    """National, volume des fraudes (objectif + 2 %): « < 0 % → 0 ; ≥ 0 % < 1 % → 2 ; ≥ 1 % < 2 % →
    4 ; ≥ 2 % → 5 »."""
    if x < 0:
        return 0
    if 0 <= x < pc("1"):
        return 2
    if pc("1") <= x < pc("2"):
        return 4
    return 5


def ecart_national(x: Fraction) -> int:
    """National, recouvrement réel des indus (objectif 57,5 %) and IQL0 (objectif 5,5 %): « > 1
    point → 0 ; > 0,5 ≤ 1 → 2 ; ≤ 0,5 → 4 ; atteint → 5 » (the écart counted from the objective:
    0 or less is atteint)."""
    if x <= 0:
        return 5
    if x > n("1"):
        return 0
    if n("0,5") < x <= n("1"):
        return 2
    return 4


#: (grid, indicator, the text's table, its edges as printed).
PALIERS: list[tuple[str, str, Note, tuple[Fraction, ...]]] = [
    ("famille-caf-2017", "pieces-15-jours", pieces_15_jours, (pc("75"), pc("80"), pc("85"))),
    ("famille-caf-2017", "anteriorite-solde", anteriorite, (pc("25"), pc("20"), pc("15"))),
    ("famille-caf-2017", "appels-traites", appels, (pc("80"), pc("85"), pc("90"))),
    ("famille-caf-2017", "teleservices", teleservices, (pc("90"), pc("95"), pc("100"))),
    ("famille-caf-2017", "data-mining", data_mining_caf, (pc("80"), pc("85"), pc("100"))),
    ("famille-caf-2017", "controle-sur-place", controle_sur_place, (pc("60"), pc("75"), pc("100"))),
    ("famille-caf-2017", "iql0", ecart_caf, (n("2"), n("1,5"), n("1"), n("0,5"), ZERO)),
    ("famille-caf-2017", "recouvrement-indus", ecart_caf, (n("2"), n("1,5"), n("1"), n("0,5"), ZERO)),
    ("famille-caf-2017", "prevision-as-juillet", action_sociale, (pc("6"), pc("5"), pc("4"))),
    ("famille-caf-2017", "prevision-as-octobre", action_sociale, (pc("6"), pc("5"), pc("4"))),
    ("famille-cnaf-2017", "tacite", tacite, (pc("96"), pc("99,5"))),
    ("famille-cnaf-2017", "reduction-anomalies", anomalies, (pc("70"), pc("85"), pc("100"))),
    ("famille-nationale-2017", "minima-sociaux-10-jours", minima_sociaux, (pc("80"), pc("85"), pc("90"))),
    ("famille-nationale-2017", "diagnostic-autonomie-numerique", diagnostic, (n("60"), n("80"), n("100"))),
    ("famille-nationale-2017", "liquidation-automatique", liquidation, (pc("20"), pc("21"), pc("22,5"))),
    ("famille-nationale-2017", "data-mining", data_mining_national, (pc("90"), pc("95"), pc("100"))),
    ("famille-nationale-2017", "volume-fraudes", volume_fraudes, (ZERO, pc("1"), pc("2"))),
    ("famille-nationale-2017", "recouvrement-indus", ecart_national, (n("1"), n("0,5"), ZERO)),
    ("famille-nationale-2017", "iql0", ecart_national, (n("1"), n("0,5"), ZERO)),
]
PALIER_IDS = [f"{grid}:{rid}" for grid, rid, _, _ in PALIERS]
#: A step smaller than any printed difference (a millionth of a percent point, of a CAF...).
EPSILON = Fraction(1, 10**8)


def _note(grid: str, rid: str, x: Fraction) -> Fraction:
    return _rate(grid, rid, x) * 5


@pytest.mark.parametrize(("grid", "rid", "table", "edges"), PALIERS, ids=PALIER_IDS)
def test_famille_palier_at_every_edge(grid: str, rid: str, table: Note, edges: tuple[Fraction, ...]) -> None:
    """Famille annex 2017 (KALIARTI000036543013), §D.1-D.3: each palier table as printed (« ≥ 75
    % < 80 % → 2 »...), on each edge and just either side of it: ≥ against > as the text writes."""
    values = [edge + d for edge in edges for d in (-EPSILON, ZERO, EPSILON)]
    expected = [Fraction(table(x)) for x in values]
    assert expected == [_note(grid, rid, x) for x in values]


@pytest.mark.parametrize(("grid", "rid", "table", "edges"), PALIERS, ids=PALIER_IDS)
@given(t=_decimals("-0.5", "1.5", 6))
def test_famille_palier_everywhere(
    grid: str, rid: str, table: Note, edges: tuple[Fraction, ...], t: Fraction
) -> None:
    """Famille annex 2017 (KALIARTI000036543013), §D.1-D.3: each palier table as printed, on values
    drawn across its range (from below the first edge to beyond the last)."""
    low, high = min(edges), max(edges)
    span = (high - low) or ONE
    x = low + t * span
    assert Fraction(table(x)) == _note(grid, rid, x)


#: CNAF caf.fr: the printed intervals only (« … » elides the notes 2 and 3 in the record).
CAF_FR_PRINTED = [(pc("99"), pc("99,5")), (pc("99,5"), pc("99,6")), (pc("99,8"), pc("100"))]


@given(interval=st.sampled_from(CAF_FR_PRINTED), t=_decimals("0", "0.999999", 6))
def test_famille_caf_fr_on_its_printed_rows(interval: tuple[Fraction, Fraction], t: Fraction) -> None:
    """Famille annex 2017 (KALIARTI000036543013), §D.2: « Disponibilité caf.fr : < 99,5 % → 0 ;
    ≥ 99,5 % – < 99,6 % → 1 ; … ≥ 99,8 % – < 99,9 % → 4 ; ≥ 99,9 % → 5 », on the printed rows."""
    low, high = interval
    x = low + t * (high - low)
    assert Fraction(caf_fr(x)) == _note("famille-cnaf-2017", "disponibilite-caf-fr", x)


def prevision_ga(ecarts: tuple[Fraction, Fraction], limite: Fraction) -> int:
    """Prévision budgétaire GA: « juillet: écart > 1,5 % sur les deux masses → 0 ; sur une → 3 ;
    aucun → 5 ; octobre: > 1 % … : 0/3/5 »."""
    over = sum(1 for e in ecarts if e > limite)
    return {2: 0, 1: 3, 0: 5}[over]


@pytest.mark.parametrize(
    ("rid", "limite"), [("prevision-ga-juillet", pc("1,5")), ("prevision-ga-octobre", pc("1"))]
)
@given(first=_decimals("0", "0.03", 4), second=_decimals("0", "0.03", 4))
def test_famille_prevision_ga(rid: str, limite: Fraction, first: Fraction, second: Fraction) -> None:
    """Famille annex 2017 (KALIARTI000036543013), §D.1, qualité de la prévision budgétaire en
    gestion administrative: « écart > 1,5 % sur les deux masses → 0 ; sur une → 3 ; aucun → 5 »
    (juillet), « > 1 % » (octobre); « La note totale correspond à la moyenne des deux notes. »
    The result is the number of masses whose écart exceeds the limit."""
    over = Fraction(sum(1 for e in (first, second) if e > limite))
    assert Fraction(prevision_ga((first, second), limite)) == _note("famille-caf-2017", rid, over)


def test_famille_mean_of_two_half_year_notes() -> None:
    """Famille annex 2017 (KALIARTI000036543013): « La note totale correspond à la moyenne des
    deux notes. »: the GA line (35 %) is two indicators of 17,5 % each, so the line's note is the
    mean of the July and October notes."""
    grid = _grid("famille-caf-2017")
    weights = [grid.locate(rid)[2].weight for rid in ("prevision-ga-juillet", "prevision-ga-octobre")]  # type: ignore[index]
    assert [pc("17,5"), pc("17,5")] == [Fraction(w) for w in weights]


# -- Famille 2017: the accounts validation, a weighted count ---------------------------------------


def note_validation(a: int, b: int, c: int, d: int) -> int:
    """« observations A=1, B=2, C=3, D=4 points ; score « Validation sans restriction ou ≥ 0 et ≤ 7 »
    → 5 ; > 7 et ≤ 17 → 4 ; > 17 et ≤ 22 → 3 ; > 22 et ≤ 27 → 2 ; > 27 → 1 »."""
    points = a * 1 + b * 2 + c * 3 + d * 4
    if 0 <= points <= 7:
        return 5
    if 7 < points <= 17:
        return 4
    if 17 < points <= 22:
        return 3
    if 22 < points <= 27:
        return 2
    return 1


COUNTS = st.integers(0, 12)


@given(a=COUNTS, b=COUNTS, c=COUNTS, d=COUNTS)
def test_famille_validation_des_comptes(a: int, b: int, c: int, d: int) -> None:
    """Famille annex 2017 (KALIARTI000036543013), §D.1, validation des comptes locaux:
    « observations A=1, B=2, C=3, D=4 points » ; « Validation sans restriction ou ≥ 0 et ≤ 7 » → 5 ;
    « > 7 et ≤ 17 » → 4 ; « > 17 et ≤ 22 » → 3 ; « > 22 et ≤ 27 » → 2 ; « > 27 » → 1."""
    rule = _rule("famille-caf-2017", "validation-comptes")
    counts = {"A": Decimal(a), "B": Decimal(b), "C": Decimal(c), "D": Decimal(d)}
    rate = rule.achievement(rule.score(counts))  # type: ignore[attr-defined]
    assert Fraction(note_validation(a, b, c, d)) == Fraction(rate) * 5


def test_famille_validation_des_comptes_of_the_illustrative_caf_results() -> None:
    """Famille annex 2017 (KALIARTI000036543013), §D.1: « observations A=1, B=2, C=3, D=4 points »,
    the counts written in the CAF's illustrative results (`counts:`), the note by « > 7 et ≤ 17 »
    → 4 ... as printed."""
    written = yaml.safe_load((ILLUSTRATIVE / "famille-caf-2017.yaml").read_text(encoding="utf-8"))
    counts = {"A": 0, "B": 0, "C": 0, "D": 0, **written["results"]["validation-comptes"]["counts"]}
    card = _card("famille-caf-2017")
    rate = next(
        i.rate for a in card.axes for o in a.objectives for i in o.indicators if i.id == "validation-comptes"
    )
    assert Fraction(note_validation(**{k.lower(): v for k, v in counts.items()})) == rate * 5


def test_famille_refus_de_validation_is_zero() -> None:
    """Famille annex 2017 (KALIARTI000036543013), §D.1: « Refus de validation » → 0."""
    rule = _rule("famille-caf-2017", "validation-comptes")
    assert (True, ZERO) == (rule.refusal, Fraction(rule.achievement(REFUSED)))  # type: ignore[attr-defined]


# -- The masse and its split ------------------------------------------------------------------------


def split(annee: int) -> tuple[Fraction, Fraction]:
    """« Ces masses nationales d'intéressement sont réparties à hauteur de 40 % au titre de la part
    nationale et de 60 % au titre de la part locale » (2017, and « demeurent » in 2020-2022); 2024:
    « un nouveau rééquilibrage de la part nationale à 45% et de la part locale à 55% »."""
    return (pc("45"), pc("55")) if annee >= 2024 else (pc("40"), pc("60"))


@pytest.mark.parametrize("year", range(2014, 2031))
def test_default_split_is_the_texts(year: int) -> None:
    """Protocol 2017 art. 9 (KALIARTI000036542996), UCANSS LC023-20, CFTC 2024 report: « 40 % au
    titre de la part nationale et de 60 % au titre de la part locale » until 2023, « part nationale
    à 45% et … part locale à 55% » from 2024. (2023 is not written: the record's last 40 / 60
    text covers 2020-2022 and the change is reported for 2024.)"""
    assert split(year) == tuple(Fraction(x) for x in default_split(year))


def test_masse_is_two_and_a_half_percent_of_the_salary_bill() -> None:
    """Protocol 2017 art. 9 (KALIARTI000036542996): « La masse nationale d'intéressement maximale
    est fixée à 2,5 % de la masse salariale de l'année de réalisation des performances, hors
    charges patronales, pour chacune des branches. » ; « réparties à hauteur de 40 % au titre de la
    part nationale et de 60 % au titre de la part locale »."""
    params = _maladie()
    assert params.salary_bill is not None
    masse = Fraction(params.salary_bill) * pc("2,5")
    expected = (masse, masse * pc("40"), masse * pc("60"))
    assert expected == (Fraction(params.envelope), params.national_masse, params.local_masse)


def test_split_of_2024_is_read_from_the_year() -> None:
    """CFTC report on the 2024 exercise: « un nouveau rééquilibrage de la part nationale à 45% et
    de la part locale à 55% »: parameters of 2024 that give no split get it."""
    text = (
        'description: 2024\nyear: 2024\nenvelope: {salary_bill: 1 000 000, rate: "2,5 %"}\nfte: 10\n'
        "national: {trigger: 50 %, rate: 80 %}\nlocal: {trigger: 50 %}\n"
    )
    params = load_profit_sharing(text)
    assert isinstance(params, ProfitSharing)
    assert (pc("45"), pc("55")) == (Fraction(params.national_share), Fraction(params.local_share))
