"""Profit-sharing ("intéressement"): from a score to an amount per full-time equivalent.

The Assurance Maladie profit-sharing agreement (2021 amendment; see the project's domain notes)
reads:

- the **local success rate** is points earned / theoretical points (the scorecard's
  `total.points / total.max`);
- the **trigger**: a local rate at or below 50 % pays nothing locally; above it, the rate
  itself applies;
- the **national share** combines three themes with weights; the published texts give both
  35 / 35 / 30 and 40 / 40 / 20, so the weights are parameters;
- the **amount per full-time equivalent** = envelope / eligible FTE x rate.

How the local and national parts split the envelope is a parameter too (`split`). Every
parameter lives in a YAML file:

```yaml
description: Accord d'intéressement (illustratif)
trigger: 50 %
split: {local: 50 %, national: 50 %}
national:
  weights: {qualite: 35 %, efficience: 35 %, maitrise-risques: 30 %}
  rates: {qualite: 82 %, efficience: 76 %, maitrise-risques: 90 %}
envelope: 2 400 000
fte: 1 150
```

**Figures are exact.** Every rate and amount is an exact rational (`Fraction`); the amount paid
is envelope x combined rate (the same as the amount per FTE x FTE, exactly), rounded half up
once, at presentation: 1000 x 0.750005 prints 750.01.

**Ranges.** The envelope is above 0 and at most 10^15 euros; the FTE count is at least 0.01
and at most 10^7; shares, the trigger and national rates lie in [0, 100 %]; weights are >= 0.
A value outside its range is refused when the file is read, with its location.

**No points to earn.** When the grid gives no points at all (every objective neutralised under
a policy that takes their points out), the local success rate is undefined: it is reported as
such (`null` in JSON), and the local part pays nothing, as a rate at or below the trigger would;
the national part is paid as usual.
"""

from __future__ import annotations

import array
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from attrs import frozen

from cpg_score._args import expect
from cpg_score._numbers import CONTEXT, Exact, exact_text, to_fraction
from cpg_score.errors import ProfitSharingError
from cpg_score.model.profit_sharing import ProfitSharing
from cpg_score.model.scorecard import Scorecard

__all__ = [
    "ProfitSharing",
    "ProfitSharingError",
    "ProfitSharingResult",
    "profit_sharing",
    "profit_sharing_figure",
]

#: The JSON shape of a profit-sharing computation.
PROFIT_SHARING_FORMAT = "cpg-score/profit-sharing@1"


@frozen(kw_only=True)
class ProfitSharingResult:
    """Profit-sharing for one scorecard (every figure exact).

    Attributes:
        entity: The entity's id.
        parameters: The scheme.
        points: Points earned.
        max: Theoretical points.
        local_rate: points / max, or None when the grid gives no points (undefined).
        local_applied: The local rate after the trigger.
        national_rate: The national themes' weighted rate.
        rate: The combined rate.
        per_fte: Amount per full-time equivalent.
        total: Amount paid (envelope x combined rate = per FTE x FTE).
    """

    entity: str
    parameters: ProfitSharing
    points: Exact
    max: Exact
    local_rate: Fraction | None
    local_applied: Fraction
    national_rate: Fraction
    rate: Fraction
    per_fte: Fraction
    total: Fraction

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: exact decimal text; `local_rate` is null when undefined."""
        p = self.parameters
        return {
            "format": PROFIT_SHARING_FORMAT,
            "entity": self.entity,
            "points": exact_text(self.points),
            "max": exact_text(self.max),
            "local_rate": exact_text(self.local_rate),
            "trigger": exact_text(p.trigger),
            "local_applied": exact_text(self.local_applied),
            "national_rate": exact_text(self.national_rate),
            "split": {"local": exact_text(p.local_share), "national": exact_text(p.national_share)},
            "rate": exact_text(self.rate),
            "envelope": exact_text(p.envelope),
            "fte": exact_text(p.fte),
            "per_fte": exact_text(self.per_fte),
            "total": exact_text(self.total),
        }


def local_rate_of(card: Scorecard) -> Fraction | None:
    """The local success rate, points / theoretical points, exactly; None when there are none."""
    maximum = to_fraction(card.total.max)
    return to_fraction(card.total.points) / maximum if maximum else None


def profit_sharing(card: Scorecard, parameters: ProfitSharing) -> ProfitSharingResult:
    """Compute profit-sharing from a scorecard, exactly.

    Raises:
        TypeError: `card` is not a `Scorecard` or `parameters` not a `ProfitSharing`.

    Examples:
        >>> profit_sharing(card, load_profit_sharing("profit-sharing.yaml")).per_fte  # doctest: +SKIP
    """
    expect("card", card, Scorecard, "a Scorecard")
    expect("parameters", parameters, ProfitSharing, "a ProfitSharing")
    local = local_rate_of(card)
    return ProfitSharingResult(
        entity=card.entity.id,
        parameters=parameters,
        points=card.total.points,
        max=card.total.max,
        local_rate=local,
        local_applied=parameters.local_applied(local),
        national_rate=parameters.national_rate,
        rate=parameters.rate(local),
        per_fte=parameters.per_fte(local),
        total=parameters.amount(local),
    )


def _like(value: Fraction, template: Exact) -> Exact:
    """`value` in the number type of the scorecard's figures (a `Decimal` to 60 digits when the
    scorecard gives `Decimal`s), so that the Monte Carlo statistics can add to it."""
    if not isinstance(template, Decimal):
        return value
    with localcontext(CONTEXT):
        return Decimal(value.numerator) / Decimal(value.denominator)


def profit_sharing_figure(parameters: ProfitSharing) -> Any:
    """The amount per FTE as a Monte Carlo figure (for `simulate(..., derived={...})`).

    Each draw's local rate is (current points + the draw's change) / theoretical points.

    Raises:
        TypeError: `parameters` is not a `ProfitSharing`.
    """
    expect("parameters", parameters, ProfitSharing, "a ProfitSharing")

    def figure(np: Any, changes: Any, card: Scorecard) -> tuple[Exact, Any]:
        base = _like(parameters.per_fte(local_rate_of(card)), card.total.points)
        start, maximum = float(card.total.points), float(card.total.max)
        current = parameters.per_fte_float(start / maximum if maximum else 0.0)
        if np is not None:
            rates = (start + changes) / maximum if maximum else np.zeros(changes.shape)
            applied = np.where(rates <= float(parameters.trigger), 0.0, rates)
            rate = float(parameters.local_share) * applied + float(parameters.national_share) * float(
                parameters.national_rate
            )
            return base, float(parameters.envelope) / float(parameters.fte) * rate - current
        out = array.array("d")
        for change in changes:
            out.append(parameters.per_fte_float((start + change) / maximum if maximum else 0.0) - current)
        return base, out

    return figure
