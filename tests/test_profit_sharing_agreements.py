"""Profit-sharing as the agreements write it: the published recouvrement figures, the two
triggers, the masse and its split, PINI / PILI / MTID, famille notes, weighted means."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpg_score import load_grid, load_results, score
from cpg_score._numbers import round_half_up
from cpg_score.cli import main
from cpg_score.errors import CpgScoreError
from cpg_score.io import load_profit_sharing
from cpg_score.model.profit_sharing import (
    Branch,
    ProfitSharing,
    Trigger,
    WeightedMean,
    WeightedMeanResult,
    default_split,
)
from cpg_score.reports import render_profit_sharing
from cpg_score.simulate import ProfitSharingResult, profit_sharing

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019

SHARES = OBJECTIVES / "profit-sharing"
BASE = RESULTS_2019 / "drsm-centre-ouest.yaml"


def _published(salary_bill: str, fte: str) -> ProfitSharing:
    """A recouvrement year as the commission computed it: 2,5 % of the salary bill, 40 / 60."""
    return ProfitSharing(
        envelope=Decimal(salary_bill) * Decimal("0.025"),
        salary_bill=Decimal(salary_bill),
        fte=Decimal(fte),
        national_share=Decimal("0.4"),
        local_share=Decimal("0.6"),
    )


def _cents(*values: Fraction) -> tuple[str, ...]:
    return tuple(str(round_half_up(v, 2)) for v in values)


# -- the published recouvrement figures (RECOUV-2010) -------------------------------------------
# Masse salariale brute 502,394 M€ (2010), 504,280 M€ (2009), 492,032 M€ (2008); 14739 ETP
# éligibles (2010), 14824 (2009); maximum per FTE / national / local 852,18 / 340,87 / 511,31
# (2010), 850,46 / 340,18 / 510,28 (2009), 833,86 / 333,54 / 500,32 (2008).
#
# Reading: every figure is 2,5 % of the salary bill split 40 / 60, divided by the eligible FTE,
# exactly, rounded once to the cent. The printed FTE counts are rounded to the unit: with them
# the printed maxima cannot be reproduced (852,15 and 850,45); with a fractional count that
# rounds to the printed one (14 738,5 and 14 823,7) all three figures of each year are.


def test_recouvrement_2010_published_maxima_per_fte() -> None:
    p = _published("502394000", "14738.5")
    assert ("852.18", "340.87", "511.31") == _cents(p.maximum, p.pini, p.pili)


def test_recouvrement_2010_masse_is_12_56_millions() -> None:
    p = _published("502394000", "14738.5")
    assert ("12.56", "5.024") == (
        str(round_half_up(p.envelope / 10**6, 2)),
        str(round_half_up(p.national_masse / 10**6, 3)),
    )


def test_recouvrement_2010_printed_local_part_7_535_is_not_a_rounding() -> None:
    # 60 % of 12 559 850 € = 7 535 910 €: 7,536 M€ rounded; the print's 7,535 is truncated.
    p = _published("502394000", "14738.5")
    assert "7.536" == str(round_half_up(p.local_masse / 10**6, 3))


def test_recouvrement_2010_with_the_printed_14739_fte_gives_852_15_not_852_18() -> None:
    p = _published("502394000", "14739")
    assert ("852.15", "340.86", "511.29") == _cents(p.maximum, p.pini, p.pili)


def test_recouvrement_2010_masse_rounded_to_12_56_millions_gives_852_16_not_852_18() -> None:
    assert "852.16" == str(round_half_up(Fraction(12560000, 14739), 2))


def test_recouvrement_2010_fte_counts_that_give_the_printed_figures_and_print_14739() -> None:
    parts = (Fraction(12559850), Fraction(5023940), Fraction(7535910))
    counts = [Fraction(h, 100) for h in range(1473800, 1474000)]
    found = [
        c
        for c in counts
        if _cents(*(m / c for m in parts)) == ("852.18", "340.87", "511.31") and round_half_up(c, 0) == 14739
    ]
    assert (Fraction(147385, 10), Fraction(1473858, 100)) == (min(found), max(found))


def test_recouvrement_2009_published_maxima_per_fte() -> None:
    p = _published("504280000", "14823.7")
    assert ("850.46", "340.18", "510.28") == _cents(p.maximum, p.pini, p.pili)


def test_recouvrement_2009_with_the_printed_14824_fte_gives_850_45() -> None:
    p = _published("504280000", "14824")
    assert "850.45" == str(round_half_up(p.maximum, 2))


def test_recouvrement_2008_figures_are_consistent_with_an_unprinted_fte_count() -> None:
    # No FTE count is printed for 2008: 14 751,6 is one that gives the three figures.
    p = _published("492032000", "14751.6")
    assert ("833.86", "333.54", "500.32") == _cents(p.maximum, p.pini, p.pili)


def test_shipped_recouvrement_2010_file_gives_the_published_figures() -> None:
    p = load_profit_sharing(SHARES / "recouvrement-2010.yaml")
    assert isinstance(p, ProfitSharing)
    assert ("852.18", "340.87", "511.31") == _cents(p.maximum, p.pini, p.pili)


def test_cli_prints_the_published_2010_figures_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["profit-sharing", "--params", str(SHARES / "recouvrement-2010.yaml"), "--lang", "fr"])
    out = capsys.readouterr().out
    assert (0, True) == (code, "340,87\u00a0€ / 511,31\u00a0€" in out)


# -- the masse and its split ------------------------------------------------------------------


def test_default_split_is_40_60_until_2023() -> None:
    assert (Decimal("0.40"), Decimal("0.60")) == default_split(2023)


def test_default_split_is_45_55_from_2024() -> None:
    assert (Decimal("0.45"), Decimal("0.55")) == default_split(2024)


def test_a_file_with_a_year_and_no_split_takes_the_years_split() -> None:
    p = load_profit_sharing("year: 2024\nenvelope: 1000\nfte: 10\n")
    assert isinstance(p, ProfitSharing)
    assert (Decimal("0.45"), Decimal("0.55")) == (p.national_share, p.local_share)


def test_masse_is_2_5_percent_of_the_salary_bill_by_default() -> None:
    p = load_profit_sharing("year: 2017\nenvelope: {salary_bill: 1 000 000}\nfte: 10\n")
    assert isinstance(p, ProfitSharing)
    assert Decimal(25000) == p.envelope


def test_a_file_without_split_nor_year_is_refused() -> None:
    with pytest.raises(CpgScoreError) as caught:
        load_profit_sharing("envelope: 1000\nfte: 10\n")
    assert "<string>:1:1: missing required key 'split' (or 'year', for its default) @ $" == str(caught.value)


# -- triggers ---------------------------------------------------------------------------------


def _scheme(national: str, local_trigger: str = "0.5", pays_at: bool = False) -> ProfitSharing:
    return ProfitSharing(
        envelope=Decimal(1000),
        fte=Decimal(10),
        national_share=Decimal("0.4"),
        local_share=Decimal("0.6"),
        national_given=Decimal(national),
        trigger=Decimal(local_trigger),
        pays_at_trigger=pays_at,
    )


def test_a_national_rate_of_exactly_50_percent_pays_no_national_part() -> None:
    assert Fraction(0) == _scheme("0.5").national_applied


def test_a_national_rate_above_50_percent_applies_itself() -> None:
    assert Fraction(5001, 10000) == _scheme("0.5001").national_applied


def test_famille_note_of_exactly_2_5_pays() -> None:
    assert Fraction(1, 2) == Trigger(Decimal("0.5"), pays_at=True).applied(Decimal("0.5"))


def test_mtid_is_pini_times_trn_plus_pili_times_trl() -> None:
    # PINI = 400 / 10 = 40, PILI = 600 / 10 = 60: 40 x 0.8 + 60 x 0.7.
    assert Fraction(74) == _scheme("0.8").per_fte(Decimal("0.7"))


def test_a_rate_above_100_percent_pays_the_maximum_only() -> None:
    assert Fraction(1) == Trigger().applied(Fraction(11, 10))


def test_famille_file_reads_notes_out_of_5() -> None:
    p = load_profit_sharing(SHARES / "famille-2017.yaml")
    assert isinstance(p, ProfitSharing)
    assert (Decimal("0.5"), Decimal("0.76"), True) == (
        p.national_trigger,
        p.national_given,
        p.pays_at_trigger,
    )


def test_famille_pli_is_pli_maximum_times_note_over_5() -> None:
    p = load_profit_sharing(SHARES / "famille-2017.yaml")
    assert isinstance(p, ProfitSharing)
    result = profit_sharing(None, p)
    assert p.pili * Fraction(25, 10) / 5 == result.local_amount


def test_individual_amount_is_proportional_to_time_and_presence() -> None:
    p = load_profit_sharing(SHARES / "famille-2017.yaml")
    assert isinstance(p, ProfitSharing)
    result = profit_sharing(None, p)
    assert result.per_fte * Fraction(4, 5) == result.individual


# -- national rates -----------------------------------------------------------------------------


def test_maladie_2017_national_rate_is_30_40_30() -> None:
    p = load_profit_sharing(SHARES / "maladie-2017.yaml")
    assert isinstance(p, ProfitSharing)
    assert Fraction(912 * 30 + 845 * 40 + 880 * 30, 1000 * 100) == p.national_rate


def test_2021_weights_40_40_20_and_35_35_30_are_both_expressible() -> None:
    rates = {"qs": Decimal("0.9"), "gdr": Decimal("0.8"), "pes": Decimal("0.6")}
    common = {
        "envelope": Decimal(1),
        "fte": Decimal(1),
        "national_share": Decimal("0.4"),
        "local_share": Decimal("0.6"),
    }
    a = ProfitSharing(
        **common, rates=rates, weights={"qs": Decimal(40), "gdr": Decimal(40), "pes": Decimal(20)}
    )
    b = ProfitSharing(
        **common, rates=rates, weights={"qs": Decimal(35), "gdr": Decimal(35), "pes": Decimal(30)}
    )
    assert (Fraction(80, 100), Fraction(775, 1000)) == (a.national_rate, b.national_rate)


def test_national_rates_from_a_scored_national_grid_are_its_axes_rates(grid_2019: object) -> None:
    grid = load_grid(GRID_2019)
    card = score(grid, load_results(BASE, grid))
    p = load_profit_sharing("envelope: 1000\nfte: 10\nyear: 2019\n")
    assert isinstance(p, ProfitSharing)
    result = profit_sharing(card, p, national=card)
    # No weights: the axes' points, so the national rate is the grid's own rate.
    assert card.total.points / card.total.max == result.national_rate


def test_an_unknown_national_theme_is_refused_naming_it() -> None:
    grid = load_grid(GRID_2019)
    card = score(grid, load_results(BASE, grid))
    p = load_profit_sharing(SHARES / "maladie-2017.yaml")
    assert isinstance(p, ProfitSharing)
    with pytest.raises(CpgScoreError, match="national theme 'gestion-risque' is not an axis"):
        profit_sharing(card, p, national=card)


def test_a_local_rate_given_twice_is_refused() -> None:
    grid = load_grid(GRID_2019)
    card = score(grid, load_results(BASE, grid))
    p = load_profit_sharing(SHARES / "recouvrement-2010.yaml")
    with pytest.raises(CpgScoreError, match="the local rate is given twice"):
        profit_sharing(card, p)  # type: ignore[call-overload]


# -- weighted means (CARSAT, CGSS) ------------------------------------------------------------


def test_carsat_amounts_are_the_fte_weighted_mean_of_the_branches() -> None:
    grid = load_grid(GRID_2019)
    card = score(grid, load_results(BASE, grid))
    p = load_profit_sharing(SHARES / "carsat-2017.yaml")
    assert isinstance(p, WeightedMean)
    result = profit_sharing(card, p)
    retraite = Fraction("412.30") * Fraction("0.8617") + Fraction("618.45") * Fraction("0.8905")
    maladie = Fraction("405.10") * Fraction("0.8740") + Fraction("607.65") * (
        card.total.points / card.total.max
    )
    assert (1050 * retraite + 350 * maladie) / 1400 == result.per_fte


def test_cgss_weighs_three_branches() -> None:
    branches = [
        Branch(
            id=b,
            fte=Decimal(f),
            national_max=Decimal(100),
            local_max=Decimal(200),
            national_rate=Decimal("0.8"),
            local_rate=Decimal(r),
        )
        for b, f, r in (("retraite", 10, "0.9"), ("maladie", 30, "0.4"), ("recouvrement", 60, "1"))
    ]
    mean = WeightedMean(branches=branches)
    # national 80 each; local 180, 0 (below the trigger), 200.
    assert Fraction(80) + Fraction(10 * 180 + 60 * 200, 100) == mean.per_fte(None)


def test_a_branch_listed_twice_is_refused() -> None:
    b = Branch(
        id="x", fte=Decimal(1), national_max=Decimal(1), local_max=Decimal(1), national_rate=Decimal(1)
    )
    with pytest.raises(ValueError, match="branch 'x' is listed twice"):
        WeightedMean(branches=[b, b])


# -- rendering ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
@pytest.mark.parametrize("name", ["recouvrement-2010", "famille-2017", "carsat-2017"])
def test_every_example_renders_in_every_format(fmt: str, name: str) -> None:
    grid = load_grid(GRID_2019)
    card = score(grid, load_results(BASE, grid)) if name == "carsat-2017" else None
    result = profit_sharing(card, load_profit_sharing(SHARES / f"{name}.yaml"))  # type: ignore[call-overload]
    for lang in ("fr", "en"):
        assert render_profit_sharing(result, fmt, lang)


def test_json_is_the_results_to_dict() -> None:
    result = profit_sharing(None, load_profit_sharing(SHARES / "recouvrement-2010.yaml"))  # type: ignore[call-overload]
    assert isinstance(result, ProfitSharingResult)
    assert result.to_dict() == json.loads(render_profit_sharing(result, "json"))


def test_weighted_mean_json_is_its_to_dict() -> None:
    grid = load_grid(GRID_2019)
    card = score(grid, load_results(BASE, grid))
    result = profit_sharing(card, load_profit_sharing(SHARES / "carsat-2017.yaml"))  # type: ignore[call-overload]
    assert isinstance(result, WeightedMeanResult)
    assert result.to_dict() == json.loads(render_profit_sharing(result, "json"))


def test_french_amounts_are_to_the_cent_with_the_euro_sign() -> None:
    result = profit_sharing(None, load_profit_sharing(SHARES / "recouvrement-2010.yaml"))  # type: ignore[call-overload]
    text = render_profit_sharing(result, "table", "fr")
    assert "852,18\u00a0€" in text


def test_cli_without_results_for_a_scorecard_branch_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["profit-sharing", "--params", str(SHARES / "carsat-2017.yaml")])
    err = capsys.readouterr().err
    assert (2, 1) == (code, len(err.strip().splitlines()))


# -- properties -------------------------------------------------------------------------------

RATES = st.fractions(min_value=0, max_value=Fraction(3, 2), max_denominator=10**6)


@given(a=RATES, b=RATES)
def test_mtid_is_monotone_in_the_local_rate(a: Fraction, b: Fraction) -> None:
    p = _scheme("0.8")
    low, high = sorted((a, b))
    assert p.per_fte(low) <= p.per_fte(high)


@given(
    rate=RATES,
    share=st.sampled_from([Decimal(0), Decimal("0.5"), Decimal("0.35"), Decimal(1)]),
    pays_at=st.booleans(),
)
def test_an_applied_rate_lies_between_0_and_1(rate: Fraction, share: Decimal, pays_at: bool) -> None:
    assert 0 <= Trigger(share, pays_at).applied(rate) <= 1


@given(local=RATES, national=st.fractions(min_value=0, max_value=1, max_denominator=1000))
def test_mtid_never_exceeds_the_maximum_and_is_exact(local: Fraction, national: Fraction) -> None:
    p = _scheme(str(round_half_up(national, 3)))
    amount = p.per_fte(local)
    assert (True, True) == (0 <= amount <= p.maximum, isinstance(amount, Fraction))
