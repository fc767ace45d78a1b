"""Profit-sharing ("intéressement") as the agreements write it: from scores to amounts per FTE.

The régime général agreements (2017 protocol art. 9 and 10, the branch annexes, the 2021
amendment) read:

- the **masse** is 2,5 % of the salary bill (`envelope`, or `salary_bill` x `masse_rate`), split
  into a **national part** and a **local part**: 40 % / 60 % until 2023, 45 % / 55 % from 2024
  (`split`, or its default for `year`);
- per eligible FTE of the branch: **PINI** = masse nationale / ETP éligibles and **PILI** =
  masse locale / ETP éligibles; the individual amount **MTID = PINI x TRN + PILI x TRL**;
- **TRN**, the national success rate: the weighted mean of the themes' rates (the weights are a
  parameter: 30/40/30 in 2017; the 2021 text gives both 40/40/20 and 35/35/30), given, or taken
  from a scored national grid's axes; **TRL**, the local success rate: points earned / points
  that could be earned, from the entity's scorecard (`total.points / total.max`: `max` leaves
  out neutralised points under the `exclude` policy, as « points théoriques » and « points
  mesurables » do);
- each part has its **trigger**: « Si le résultat ne dépasse pas 50 %, le montant de la part
  nationale est nul. Passé ce seuil de 50 %, le taux de réussite national est appliqué »; the
  famille branch pays « dès lors que la note est au moins égale à 2,5 » (out of 5);
- bodies paid as a **weighted mean** of several branches by FTE (CARSAT, CGSS): see
  `WeightedMean`;
- art. 10: the individual amount is proportional to contractual time and to presence.

**Figures are exact.** Every rate and amount is an exact rational (`Fraction`), rounded half up
once, at presentation (to the cent: `852,18 €`).

**No points to earn.** When the grid gives no points at all (every objective neutralised under
a policy that takes their points out), the local success rate is undefined: it is reported as
such (`null` in JSON), and the local part pays nothing, as a rate at or below the trigger would.
"""

from __future__ import annotations

import array
from collections.abc import Callable
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, ClassVar, overload

from attrs import frozen

from cpg_score._args import expect
from cpg_score._display import Tabular, check_lang
from cpg_score._numbers import CONTEXT, Exact, exact_text, to_fraction
from cpg_score.errors import CpgScoreError, ProfitSharingError
from cpg_score.model.profit_sharing import (
    Branch,
    BranchAmounts,
    ProfitSharing,
    Trigger,
    WeightedMean,
    WeightedMeanResult,
)
from cpg_score.model.scorecard import Scorecard

__all__ = [
    "Branch",
    "BranchAmounts",
    "ProfitSharing",
    "ProfitSharingError",
    "ProfitSharingResult",
    "Trigger",
    "WeightedMean",
    "WeightedMeanResult",
    "profit_sharing",
    "profit_sharing_figure",
]

#: The JSON shape of a profit-sharing computation (2: the national trigger, PINI, PILI, MTID).
PROFIT_SHARING_FORMAT = "cpg-score/profit-sharing@2"
#: The keys of a profit-sharing record (`ProfitSharingResult.to_records`), in column order.
PROFIT_SHARING_COLUMNS = (
    "entity",
    "points",
    "max",
    "local_rate",
    "local_applied",
    "national_rate",
    "national_applied",
    "rate",
    "national_amount",
    "local_amount",
    "per_fte",
    "total",
    "individual",
)


def _texts(values: dict[str, Any]) -> dict[str, Any]:
    return {k: exact_text(v) for k, v in values.items()}


@frozen(kw_only=True)
class ProfitSharingResult(Tabular):
    """Profit-sharing of one entity (every figure exact).

    Attributes:
        entity: The entity's id ("" when the local rate is given by the parameters).
        parameters: The parameters, with the national themes' rates used.
        points: Points earned (None without a scorecard).
        max: Points that could be earned (None without a scorecard).
        local_rate: points / max, the given local rate, or None when undefined.
        local_applied: TRL, the local rate after its trigger.
        national_rate: The national success rate.
        national_applied: TRN, the national rate after its trigger.
        rate: The combined rate: national share x TRN + local share x TRL.
        per_fte: MTID = PINI x TRN + PILI x TRL.
        total: The amount paid: MTID x the organisation's FTE (the branch's when not given).
    """

    entity: str
    parameters: ProfitSharing
    points: Exact | None
    max: Exact | None
    local_rate: Fraction | None
    local_applied: Fraction
    national_rate: Fraction
    national_applied: Fraction
    rate: Fraction
    per_fte: Fraction
    total: Fraction

    @property
    def national_amount(self) -> Fraction:
        """The national amount per FTE: PINI x TRN."""
        return self.parameters.pini * self.national_applied

    @property
    def local_amount(self) -> Fraction:
        """The local amount per FTE: PILI x TRL."""
        return self.parameters.pili * self.local_applied

    @property
    def individual(self) -> Fraction:
        """One person's amount: MTID x time share x presence share (art. 10)."""
        p = self.parameters
        return self.per_fte * to_fraction(p.time_share) * to_fraction(p.presence_share)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: exact decimal text; `local_rate` is null when undefined."""
        p = self.parameters
        return {
            "format": PROFIT_SHARING_FORMAT,
            "entity": self.entity,
            "description": p.description,
            "year": p.year,
            **_texts({"points": self.points, "max": self.max, "local_rate": self.local_rate}),
            **_texts({"trigger": p.trigger, "local_applied": self.local_applied}),
            **_texts({"national_rate": self.national_rate, "national_trigger": p.national_trigger}),
            "national_applied": exact_text(self.national_applied),
            "pays_at_trigger": p.pays_at_trigger,
            "themes": {
                t: {"weight": exact_text(w), "rate": exact_text(p.rates.get(t))} for t, w in p.weights.items()
            },
            "split": _texts({"local": p.local_share, "national": p.national_share}),
            "rate": exact_text(self.rate),
            **_texts({"salary_bill": p.salary_bill, "masse_rate": p.masse_rate, "envelope": p.envelope}),
            "masse": _texts({"national": p.national_masse, "local": p.local_masse}),
            **_texts({"fte": p.fte, "organisation_fte": p.organisation_fte, "maximum": p.maximum}),
            **_texts({"pini": p.pini, "pili": p.pili}),
            **_texts({"national_amount": self.national_amount, "local_amount": self.local_amount}),
            "per_fte": exact_text(self.per_fte),
            "total": exact_text(self.total),
            "individual": _texts(
                {"time_share": p.time_share, "presence_share": p.presence_share, "amount": self.individual}
            ),
        }

    COLUMNS: ClassVar[tuple[str, ...]] = PROFIT_SHARING_COLUMNS

    def to_records(self, *, lang: str | None = None) -> list[dict[str, Any]]:
        """The outcome as one plain dict, exact (`PROFIT_SHARING_COLUMNS`, the JSON's names;
        `individual` is the amount of one person): rates in [0, 1], amounts in euros.

        Args:
            lang: `fr` or `en` (accepted as every result's `to_records` does: the record holds
                no words).

        Raises:
            ValueError: `lang` is not `fr` or `en`.
        """
        if lang is not None:
            check_lang(lang)
        record = {name: getattr(self, name) for name in PROFIT_SHARING_COLUMNS}
        return [record]


def local_rate_of(card: Scorecard) -> Fraction | None:
    """The local success rate, points / theoretical points, exactly; None when there are none."""
    maximum = to_fraction(card.total.max)
    return to_fraction(card.total.points) / maximum if maximum else None


def _national_themes(parameters: ProfitSharing, national: Scorecard) -> ProfitSharing:
    """The parameters with the themes' rates taken from the national grid's axes."""
    rates = {a.id: a.rate for a in national.axes}
    weights = {a.id: a.max for a in national.axes if a.max}
    try:
        return parameters.with_themes(rates, weights)
    except ValueError as exc:
        raise CpgScoreError(f"national grid {national.grid_id}: {exc}") from None


def _check_national(parameters: ProfitSharing) -> None:
    """Refuse national themes given weights but no rates (and no scored national grid)."""
    if parameters.national_given is None and parameters.weights and not parameters.rates:
        raise CpgScoreError("no national rates: give the themes' rates or a scored national grid")


def _local_rate(card: Scorecard | None, given: Decimal | None) -> Fraction | None:
    if card is not None and given is not None:
        raise CpgScoreError(
            "the local rate is given twice: by the parameters (local.rate) and by a scorecard"
        )
    if card is None and given is None:
        raise CpgScoreError("no local rate: give the entity's scorecard or the parameters' local.rate")
    return local_rate_of(card) if card is not None else to_fraction(given)  # type: ignore[arg-type]


def _one_branch(
    card: Scorecard | None, parameters: ProfitSharing, national: Scorecard | None
) -> ProfitSharingResult:
    if national is not None:
        parameters = _national_themes(parameters, national)
    else:
        _check_national(parameters)
    local = _local_rate(card, parameters.local_given)
    return ProfitSharingResult(
        entity=card.entity.id if card is not None else "",
        parameters=parameters,
        points=card.total.points if card is not None else None,
        max=card.total.max if card is not None else None,
        local_rate=local,
        local_applied=parameters.local_applied(local),
        national_rate=parameters.national_rate,
        national_applied=parameters.national_applied,
        rate=parameters.rate(local),
        per_fte=parameters.per_fte(local),
        total=parameters.amount(local),
    )


def _branches(card: Scorecard | None, parameters: WeightedMean) -> WeightedMeanResult:
    if card is None and parameters.needs_scorecard:
        raise CpgScoreError("no local rate: a branch has no local_rate and no scorecard is given")
    local = local_rate_of(card) if card is not None else None
    amounts = tuple(
        BranchAmounts(
            branch=b,
            local_rate=to_fraction(b.local_rate) if b.local_rate is not None else local,
            national_amount=b.national_amount(),
            local_amount=b.local_amount(local),
        )
        for b in parameters.branches
    )
    return WeightedMeanResult(
        entity=card.entity.id if card is not None else "",
        parameters=parameters,
        branches=amounts,
        national=parameters.national(),
        local=parameters.local(local),
        per_fte=parameters.per_fte(local),
    )


@overload
def profit_sharing(
    card: Scorecard | None, parameters: ProfitSharing, *, national: Scorecard | None = None
) -> ProfitSharingResult: ...


@overload
def profit_sharing(
    card: Scorecard | None, parameters: WeightedMean, *, national: Scorecard | None = None
) -> WeightedMeanResult: ...


def profit_sharing(
    card: Scorecard | None, parameters: ProfitSharing | WeightedMean, *, national: Scorecard | None = None
) -> ProfitSharingResult | WeightedMeanResult:
    """Compute profit-sharing from an entity's scorecard, exactly.

    Args:
        card: The entity's scorecard (its local rate), or None when the parameters give it.
        parameters: One branch's parameters, or a weighted mean of branches.
        national: A scored national grid: the themes' rates are its axes' rates (the
            parameters' weights, by axis id, or the axes' points when none are given).

    Returns:
        A `ProfitSharingResult` (or a `WeightedMeanResult` for a weighted mean).

    Raises:
        TypeError: `card` or `national` is not a `Scorecard`, or `parameters` not parameters.
        CpgScoreError: The local rate is given twice or not at all, the national themes have
            no rates, or they are not the national grid's axes.

    Examples:
        >>> profit_sharing(card, load_profit_sharing("profit-sharing.yaml")).per_fte  # doctest: +SKIP
    """
    if card is not None:
        expect("card", card, Scorecard, "a Scorecard")
    expect("parameters", parameters, (ProfitSharing, WeightedMean), "a ProfitSharing")
    if national is not None:
        expect("national", national, Scorecard, "a Scorecard")
    if isinstance(parameters, WeightedMean):
        return _branches(card, parameters)
    return _one_branch(card, parameters, national)


def _like(value: Fraction, template: Exact) -> Exact:
    """`value` in the number type of the scorecard's figures (a `Decimal` to 60 digits when the
    scorecard gives `Decimal`s), so that the Monte Carlo statistics can add to it."""
    if not isinstance(template, Decimal):
        return value
    with localcontext(CONTEXT):
        return Decimal(value.numerator) / Decimal(value.denominator)


def _applied_np(np: Any, rates: Any, trigger: Trigger) -> Any:
    """TRL of each draw (NumPy): 0 at or below the trigger, the rate (at most 1) above."""
    above = (rates > float(trigger.share)) | ((rates == float(trigger.share)) & trigger.pays_at)
    return np.where(above, np.minimum(rates, 1.0), 0.0)


def _amounts_np(np: Any, parameters: ProfitSharing | WeightedMean, rates: Any) -> Any:
    """The amount per FTE of each draw's local rate (NumPy)."""
    if isinstance(parameters, ProfitSharing):
        trigger = Trigger(parameters.trigger, parameters.pays_at_trigger)
        national = float(parameters.pini) * float(parameters.national_applied)
        return national + float(parameters.pili) * _applied_np(np, rates, trigger)
    total = np.full(rates.shape, float(parameters.national()))
    for b in parameters.branches:
        if b.local_rate is None:
            local = float(b.local_max) * _applied_np(np, rates, b.local_trigger)
        else:
            local = np.full(rates.shape, float(b.local_amount(None)))
        total = total + float(b.fte) * local / float(parameters.fte)
    return total


def _float_amount(parameters: ProfitSharing | WeightedMean) -> Callable[[float], float]:
    """The amount per FTE of a local rate, in float (the pure-Python draws)."""
    if isinstance(parameters, ProfitSharing):
        return parameters.per_fte_float
    national, fte = float(parameters.national()), float(parameters.fte)

    def branch(b: Branch, rate: float) -> float:
        if b.local_rate is not None:
            return float(b.fte) * float(b.local_amount(None))
        t = b.local_trigger
        applied = min(rate, 1.0) if rate > t.share or (rate == t.share and t.pays_at) else 0.0
        return float(b.fte) * float(b.local_max) * applied

    return lambda rate: national + sum(branch(b, rate) for b in parameters.branches) / fte


def profit_sharing_figure(parameters: ProfitSharing | WeightedMean) -> Any:
    """The amount per FTE as a Monte Carlo figure (for `simulate(..., derived={...})`).

    Each draw's local rate is (current points + the draw's change) / theoretical points; the
    national rate is the parameters' (it does not depend on the entity's draws).

    Raises:
        TypeError: `parameters` is not a `ProfitSharing` or a `WeightedMean`.
        CpgScoreError: The parameters give the local rate, or national themes without rates.
    """
    expect("parameters", parameters, (ProfitSharing, WeightedMean), "a ProfitSharing")
    if isinstance(parameters, ProfitSharing):
        _check_national(parameters)
        if parameters.local_given is not None:
            raise CpgScoreError("the parameters give the local rate (local.rate): the draws cannot change it")
    amount = _float_amount(parameters)

    def figure(np: Any, changes: Any, card: Scorecard) -> tuple[Exact, Any]:
        local = local_rate_of(card)
        base = _like(parameters.per_fte(local), card.total.points)
        start, maximum = float(card.total.points), float(card.total.max)
        current = amount(start / maximum if maximum else 0.0)
        if np is not None:
            rates = (start + changes) / maximum if maximum else np.zeros(changes.shape)
            # The current amount by the same float arithmetic: no change gives exactly 0.
            now = _amounts_np(np, parameters, np.array([start / maximum if maximum else 0.0]))[0]
            return base, _amounts_np(np, parameters, rates) - now
        out = array.array("d")
        for change in changes:
            out.append(amount((start + change) / maximum if maximum else 0.0) - current)
        return base, out

    return figure
