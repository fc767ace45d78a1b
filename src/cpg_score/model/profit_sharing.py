"""The parameters of profit-sharing (intéressement) as the agreements write it.

The agreements of the régime général (2017 protocol, art. 9; the branch annexes) share a
**masse** (2,5 % of the salary bill) between a **national part** and a **local part** (40 / 60
until 2023, 45 / 55 from 2024). Each part has its own **trigger** (50 % of the points; for the
famille branch a note of 2,5 out of 5) and its own **success rate**: the national rate is a
weighted mean of theme rates, the local rate the entity's points earned / points that could be
earned. Per eligible full-time equivalent of the branch: PINI = masse nationale / ETP, PILI =
masse locale / ETP, and the individual amount MTID = PINI × TRN + PILI × TRL, where TRN and TRL
are the rates once the triggers are applied.

`ProfitSharing` holds one branch's parameters;
`WeightedMean` the bodies paid as the FTE-weighted mean of
several branches (CARSAT: retraite and maladie; CGSS: retraite, maladie and recouvrement).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from attrs import evolve, field, frozen

from cpg_score._args import expect, expect_exact
from cpg_score._numbers import F0, Exact, exact_text, to_fraction

__all__ = [
    "DEFAULT_TRIGGER",
    "MASSE_RATE",
    "MAX_ENVELOPE",
    "MAX_FTE",
    "MIN_FTE",
    "WEIGHTED_MEAN_FORMAT",
    "Branch",
    "BranchAmounts",
    "ProfitSharing",
    "Trigger",
    "WeightedMean",
    "WeightedMeanResult",
    "default_split",
    "range_problem",
]


#: The largest envelope, in euros.
MAX_ENVELOPE = Decimal("1e15")
#: The fewest and the most full-time equivalents.
MIN_FTE = Decimal("0.01")
MAX_FTE = Decimal("1e7")
#: « La masse nationale d'intéressement maximale est fixée à 2,5 % de la masse salariale ».
MASSE_RATE = Decimal("0.025")
#: The JSON shape of a weighted mean of branches.
WEIGHTED_MEAN_FORMAT = "cpg-score/profit-sharing-branches@1"
#: The first year of the 45 / 55 split (« rééquilibrage de la part nationale à 45% »).
SPLIT_2024 = 2024


def default_split(year: int) -> tuple[Decimal, Decimal]:
    """The (national, local) split of a year: 40 % / 60 % until 2023, 45 % / 55 % from 2024.

    Args:
        year: The year of the performances.

    Returns:
        The national share and the local share.

    Examples:
        >>> default_split(2023), default_split(2024)
        ((Decimal('0.40'), Decimal('0.60')), (Decimal('0.45'), Decimal('0.55')))
    """
    if year >= SPLIT_2024:
        return Decimal("0.45"), Decimal("0.55")
    return Decimal("0.40"), Decimal("0.60")


def range_problem(name: str, value: Exact) -> str | None:
    """Why an envelope, a salary bill or a FTE count is out of its range (`None`: in range)."""
    if name in ("envelope", "salary_bill") and not 0 < value <= MAX_ENVELOPE:
        return f"{name} must be above 0 and at most 1e15 euros, got {value}"
    if name.endswith("fte") and not MIN_FTE <= value <= MAX_FTE:
        return f"{name} must be between 0.01 and 1e7 full-time equivalents, got {value}"
    return None


def _amount(instance: Any, attribute: Any, value: Any) -> None:
    if value is None and attribute.default is None:
        return
    expect_exact(attribute.name, value)
    problem = range_problem(attribute.name, value)
    if problem is not None:
        raise ValueError(problem)


def _share(instance: Any, attribute: Any, value: Any) -> None:
    if value is None and attribute.default is None:
        return
    expect_exact(attribute.name, value)
    if not 0 <= value <= 1:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value}")


def _non_negative(instance: Any, attribute: Any, value: Any) -> None:
    expect_exact(attribute.name, value)
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value}")


def _themes(instance: Any, attribute: Any, value: Any) -> None:
    expect(attribute.name, value, Mapping, "a mapping of theme to a number")
    for theme, number in value.items():
        expect(f"{attribute.name} key", theme, str, "a theme name")
        expect_exact(f"{attribute.name}[{theme!r}]", number)
        if number < 0:
            raise ValueError(f"{attribute.name}[{theme!r}] must be >= 0, got {number}")


@frozen
class Trigger:
    """The trigger of a part: at or below it the part pays nothing.

    Attributes:
        share: The trigger as a share of the points (50 % = 0.5; a note of 2,5 out of 5 = 0.5).
        pays_at: Whether a rate exactly on the trigger pays. The Assurance Maladie annex says
            « Si le résultat ne dépasse pas 50 %, le montant de la part nationale est nul »
            (False, the default); the famille annex pays « dès lors que la note est au moins
            égale à 2,5 » (True).
    """

    share: Decimal = field(default=Decimal("0.5"), validator=_share)
    pays_at: bool = False

    def applied(self, rate: Exact | None) -> Fraction:
        """The rate after the trigger: 0 at or below it (or when undefined), the rate above.

        Args:
            rate: The part's success rate.

        Returns:
            The rate that applies, exactly, at most 1: a part never pays more than its maximum
            (a grid with bonus points may give a rate above 1).
        """
        if rate is None or rate < self.share or (rate == self.share and not self.pays_at):
            return F0
        return min(to_fraction(rate), Fraction(1))


#: The agreements' trigger: 50 % of the points, a rate on it pays nothing.
DEFAULT_TRIGGER = Trigger()


def _exact(values: dict[str, Any]) -> dict[str, Any]:
    return {k: exact_text(v) for k, v in values.items()}


def _weighted(weights: Mapping[str, Exact], rates: Mapping[str, Exact]) -> Fraction:
    total = sum((to_fraction(w) for w in weights.values()), F0)
    if total == 0 or not rates:
        return F0
    return sum((to_fraction(w) * to_fraction(rates[t]) for t, w in weights.items()), F0) / total


@frozen(kw_only=True)
class ProfitSharing:
    """One branch's profit-sharing parameters (exact numbers: `int`, `Decimal` or `Fraction`).

    Attributes:
        envelope: The masse d'intéressement (euros), above 0 and at most 10^15: 2,5 % of the
            salary bill (`salary_bill` x `masse_rate` when the bill is given).
        fte: The branch's eligible full-time equivalents (« ETP éligibles »), from 0.01 to 10^7.
        local_share: The local part of the masse (60 % until 2023, 55 % from 2024).
        national_share: The national part (40 %, then 45 %).
        weights: National themes' weights, by theme (30/40/30, 40/40/20, 35/35/30...).
        rates: National themes' success rates, by theme.
        trigger: The local part's trigger (50 %).
        national_trigger: The national part's trigger (50 %).
        pays_at_trigger: Whether a rate exactly on a trigger pays (famille: True).
        national_given: The national rate given directly (a published coefficient), or None.
        local_given: The local rate given directly, or None (then the entity's scorecard).
        salary_bill: The salary bill the masse was computed from, or None.
        masse_rate: The masse's share of the salary bill (2,5 %).
        organisation_fte: The organisation's eligible FTE (its amount = MTID x these), or None.
        year: The year of the performances, or None.
        out_of: The note scale the triggers and rates are read on (5 for famille), or None.
        time_share: One person's contractual working time (art. 10), 1 for full time.
        presence_share: One person's presence over the year (art. 10), 1 for the whole year.
        description: What the parameters are.
    """

    envelope: Decimal = field(validator=_amount)
    fte: Decimal = field(validator=_amount)
    local_share: Decimal = field(validator=_share)
    national_share: Decimal = field(validator=_share)
    weights: Mapping[str, Exact] = field(factory=dict, validator=_themes)
    rates: Mapping[str, Exact] = field(factory=dict, validator=_themes)
    trigger: Decimal = field(default=Decimal("0.5"), validator=_share)
    national_trigger: Decimal = field(default=Decimal("0.5"), validator=_share)
    pays_at_trigger: bool = False
    national_given: Decimal | None = field(default=None, validator=_share)
    local_given: Decimal | None = field(default=None, validator=_share)
    salary_bill: Decimal | None = field(default=None, validator=_amount)
    masse_rate: Decimal = field(default=MASSE_RATE, validator=_share)
    organisation_fte: Decimal | None = field(default=None, validator=_amount)
    year: int | None = None
    out_of: int | None = None
    time_share: Decimal = field(default=Decimal(1), validator=_share)
    presence_share: Decimal = field(default=Decimal(1), validator=_share)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        if to_fraction(self.local_share) + to_fraction(self.national_share) != 1:
            raise ValueError(f"split must add up to 100 %, got {self.local_share} + {self.national_share}")
        if set(self.weights) != set(self.rates) and self.rates:
            raise ValueError("every national theme needs a weight and a rate, and only those")
        if any(rate > 1 for rate in self.rates.values()):
            raise ValueError("a national theme's rate must be between 0 and 1")
        if self.national_given is None and self.rates and not any(self.weights.values()):
            raise ValueError("the national themes' weights are all 0")
        if self.salary_bill is not None and to_fraction(self.salary_bill) * to_fraction(
            self.masse_rate
        ) != to_fraction(self.envelope):
            raise ValueError(
                f"envelope {self.envelope} is not salary_bill x masse_rate "
                f"({self.salary_bill} x {self.masse_rate})"
            )

    # -- the masse and the maxima per FTE ------------------------------------------------------
    @property
    def national_masse(self) -> Fraction:
        """The national part of the masse, exactly."""
        return to_fraction(self.envelope) * to_fraction(self.national_share)

    @property
    def local_masse(self) -> Fraction:
        """The local part of the masse, exactly."""
        return to_fraction(self.envelope) * to_fraction(self.local_share)

    @property
    def maximum(self) -> Fraction:
        """The maximum per eligible FTE (« montant maximal théorique par ETP ») = masse / ETP."""
        return to_fraction(self.envelope) / to_fraction(self.fte)

    @property
    def pini(self) -> Fraction:
        """PINI, the individual national maximum: masse nationale / ETP éligibles."""
        return self.national_masse / to_fraction(self.fte)

    @property
    def pili(self) -> Fraction:
        """PILI, the individual local maximum: masse locale / ETP éligibles."""
        return self.local_masse / to_fraction(self.fte)

    # -- the rates -----------------------------------------------------------------------------
    @property
    def national_rate(self) -> Fraction:
        """The national success rate: given, or the weighted mean of the themes' rates."""
        if self.national_given is not None:
            return to_fraction(self.national_given)
        return _weighted(self.weights, self.rates)

    @property
    def national_applied(self) -> Fraction:
        """TRN: the national rate after its trigger."""
        return Trigger(self.national_trigger, self.pays_at_trigger).applied(self.national_rate)

    def local_applied(self, local_rate: Exact | None) -> Fraction:
        """TRL: the local rate after its trigger (0 at or below it, or when undefined)."""
        return Trigger(self.trigger, self.pays_at_trigger).applied(local_rate)

    def rate(self, local_rate: Exact | None) -> Fraction:
        """The combined rate: national share x TRN + local share x TRL."""
        local = to_fraction(self.local_share) * self.local_applied(local_rate)
        return local + to_fraction(self.national_share) * self.national_applied

    def per_fte(self, local_rate: Exact | None) -> Fraction:
        """MTID = PINI x TRN + PILI x TRL (= masse / ETP x combined rate), exactly."""
        return self.pini * self.national_applied + self.pili * self.local_applied(local_rate)

    def amount(self, local_rate: Exact | None) -> Fraction:
        """The amount paid: MTID x the organisation's FTE (the branch's when not given)."""
        fte = self.fte if self.organisation_fte is None else self.organisation_fte
        return self.per_fte(local_rate) * to_fraction(fte)

    def individual(self, local_rate: Exact | None) -> Fraction:
        """One person's amount (art. 10): MTID x time share x presence share."""
        shares = to_fraction(self.time_share) * to_fraction(self.presence_share)
        return self.per_fte(local_rate) * shares

    def with_themes(self, rates: Mapping[str, Fraction], weights: Mapping[str, Fraction]) -> ProfitSharing:
        """The same parameters with the national themes' rates taken from a scored grid.

        Args:
            rates: Each theme's rate (a national grid's axis rates, by axis id).
            weights: The weights to use for themes the parameters give no weight
                (the axes' points).

        Raises:
            ValueError: A weighted theme is not in `rates`.
        """
        chosen: dict[str, Exact] = dict(self.weights) or dict(weights)
        missing = sorted(set(chosen) - set(rates))
        if missing:
            raise ValueError(f"national theme {missing[0]!r} is not an axis of the national grid")
        return evolve(self, weights=chosen, rates={t: rates[t] for t in chosen}, national_given=None)

    def per_fte_float(self, local_rate: float) -> float:
        """The amount per FTE in float (for Monte Carlo draws)."""
        local = local_rate > self.trigger or (local_rate == self.trigger and self.pays_at_trigger)
        applied = min(local_rate, 1.0) if local else 0.0
        return float(self.pili) * applied + float(self.pini) * float(self.national_applied)


@frozen(kw_only=True)
class Branch:
    """One branch of a body paid as a weighted mean (its FTE, maxima per FTE and rates).

    Attributes:
        id: The branch (`retraite`, `maladie`, `recouvrement`...).
        fte: The body's eligible FTE counted in this branch (the weight of the mean).
        national_max: The branch's PINI (maximum national amount per FTE).
        local_max: The branch's PILI (maximum local amount per FTE).
        national_rate: The branch's national success rate.
        local_rate: The body's local success rate in this branch, or None (from the scorecard).
        national_trigger: The trigger of the national part.
        local_trigger: The trigger of the local part.
        label: The branch's name.
    """

    id: str
    fte: Decimal = field(validator=_amount)
    national_max: Decimal = field(validator=_non_negative)
    local_max: Decimal = field(validator=_non_negative)
    national_rate: Decimal = field(validator=_share)
    local_rate: Decimal | None = field(default=None, validator=_share)
    national_trigger: Trigger = DEFAULT_TRIGGER
    local_trigger: Trigger = DEFAULT_TRIGGER
    label: str = ""

    def national_amount(self) -> Fraction:
        """MNID of the branch: PINI x TRN."""
        return to_fraction(self.national_max) * self.national_trigger.applied(self.national_rate)

    def local_amount(self, local_rate: Exact | None) -> Fraction:
        """MLID of the branch: PILI x TRL (its own local rate when given, else `local_rate`)."""
        rate = self.local_rate if self.local_rate is not None else local_rate
        return to_fraction(self.local_max) * self.local_trigger.applied(rate)


@frozen(kw_only=True)
class WeightedMean:
    """A body paid as the FTE-weighted mean of several branches' amounts (CARSAT, CGSS).

    Attributes:
        branches: The branches, at least one, ids unique.
        description: What the parameters are.
    """

    branches: tuple[Branch, ...] = field(converter=tuple)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.branches:
            raise ValueError("a weighted mean needs at least one branch")
        ids = [b.id for b in self.branches]
        for found in ids:
            if ids.count(found) > 1:
                raise ValueError(f"branch {found!r} is listed twice")

    @property
    def fte(self) -> Fraction:
        """The body's FTE over every branch."""
        return sum((to_fraction(b.fte) for b in self.branches), F0)

    def _mean(self, amounts: list[Fraction]) -> Fraction:
        weighted = sum((to_fraction(b.fte) * a for b, a in zip(self.branches, amounts, strict=True)), F0)
        return weighted / self.fte

    def national(self) -> Fraction:
        """MNID of the body: the FTE-weighted mean of the branches' national amounts."""
        return self._mean([b.national_amount() for b in self.branches])

    def local(self, local_rate: Exact | None) -> Fraction:
        """MLID of the body: the FTE-weighted mean of the branches' local amounts."""
        return self._mean([b.local_amount(local_rate) for b in self.branches])

    def per_fte(self, local_rate: Exact | None) -> Fraction:
        """MTID of the body: MNID + MLID."""
        return self.national() + self.local(local_rate)

    @property
    def needs_scorecard(self) -> bool:
        """Whether a branch takes its local rate from the entity's scorecard."""
        return any(b.local_rate is None for b in self.branches)


@frozen(kw_only=True)
class BranchAmounts:
    """One branch of a weighted mean, computed.

    Attributes:
        branch: The branch's parameters.
        local_rate: The local rate used (the branch's, or the scorecard's), or None.
        national_amount: PINI x TRN of the branch.
        local_amount: PILI x TRL of the branch.
    """

    branch: Branch
    local_rate: Fraction | None
    national_amount: Fraction
    local_amount: Fraction


@frozen(kw_only=True)
class WeightedMeanResult:
    """The amounts of a body paid as the FTE-weighted mean of several branches.

    Attributes:
        entity: The entity's id ("" without a scorecard).
        parameters: The branches.
        branches: Each branch's amounts.
        national: MNID, the weighted mean of the national amounts.
        local: MLID, the weighted mean of the local amounts.
        per_fte: MTID = MNID + MLID.
    """

    entity: str
    parameters: WeightedMean
    branches: tuple[BranchAmounts, ...]
    national: Fraction
    local: Fraction
    per_fte: Fraction

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: exact decimal text."""
        rows = [
            {
                "id": a.branch.id,
                "label": a.branch.label,
                "fte": exact_text(a.branch.fte),
                **_exact({"national_max": a.branch.national_max, "national_rate": a.branch.national_rate}),
                **_exact({"local_max": a.branch.local_max, "local_rate": a.local_rate}),
                **_exact({"national_amount": a.national_amount, "local_amount": a.local_amount}),
            }
            for a in self.branches
        ]
        return {
            "format": WEIGHTED_MEAN_FORMAT,
            "entity": self.entity,
            "description": self.parameters.description,
            "fte": exact_text(self.parameters.fte),
            "branches": rows,
            **_exact({"national": self.national, "local": self.local, "per_fte": self.per_fte}),
        }
