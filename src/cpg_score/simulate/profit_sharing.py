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
"""

from __future__ import annotations

import array
from collections.abc import Mapping
from decimal import Decimal, localcontext
from typing import Any

from attrs import field, frozen

from .._numbers import CONTEXT
from .._yaml import Limits, _child
from .._yaml import Mapping as YamlMapping
from ..errors import InputError, Problem
from ..loader import Source, _parse, _Reader, _sorted
from ..model import Unit
from ..scorecard import Scorecard
from ._render import fmt, render_table

__all__ = [
    "ProfitSharing",
    "ProfitSharingError",
    "ProfitSharingResult",
    "load_profit_sharing",
    "profit_sharing",
    "profit_sharing_figure",
    "render_profit_sharing",
]

#: The JSON shape of a profit-sharing computation.
PROFIT_SHARING_FORMAT = "cpg-score/profit-sharing@1"
ZERO = Decimal(0)
ONE = Decimal(1)


class ProfitSharingError(InputError):
    """A profit-sharing parameters file is invalid."""

    kind = "profit-sharing"


def _positive(instance: Any, attribute: Any, value: Decimal) -> None:
    if value <= 0:
        raise ValueError(f"{attribute.name} must be > 0, got {value}")


@frozen
class ProfitSharing:
    """The parameters of a profit-sharing scheme.

    Attributes:
        envelope: The amount to share (euros).
        fte: Eligible full-time equivalents.
        local_share: The part of the envelope driven by the local success rate.
        national_share: The part driven by the national themes.
        weights: National themes' weights, by theme.
        rates: National themes' achievement rates, by theme.
        trigger: A local rate at or below it pays nothing locally (50 % in the agreement).
    """

    envelope: Decimal = field(validator=_positive)
    fte: Decimal = field(validator=_positive)
    local_share: Decimal
    national_share: Decimal
    weights: Mapping[str, Decimal] = field(factory=dict)
    rates: Mapping[str, Decimal] = field(factory=dict)
    trigger: Decimal = Decimal("0.5")

    def __attrs_post_init__(self) -> None:
        if self.local_share + self.national_share != ONE:
            raise ValueError(f"split must add up to 100 %, got {self.local_share} + {self.national_share}")
        if set(self.weights) != set(self.rates):
            raise ValueError("every national theme needs a weight and a rate, and only those")
        if self.national_share > 0 and sum(self.weights.values(), ZERO) == 0:
            raise ValueError("the national themes' weights are all 0")

    @property
    def national_rate(self) -> Decimal:
        """The weighted mean of the national themes' rates."""
        total = sum(self.weights.values(), ZERO)
        if total == 0:
            return ZERO
        with localcontext(CONTEXT):
            return sum((w * self.rates[t] for t, w in self.weights.items()), ZERO) / total

    def local_applied(self, local_rate: Decimal) -> Decimal:
        """The local rate after the trigger: 0 at or below it, the rate itself above."""
        return ZERO if local_rate <= self.trigger else local_rate

    def rate(self, local_rate: Decimal) -> Decimal:
        """The combined rate: local share x local rate applied + national share x national rate."""
        with localcontext(CONTEXT):
            return (
                self.local_share * self.local_applied(local_rate) + self.national_share * self.national_rate
            )

    def per_fte(self, local_rate: Decimal) -> Decimal:
        """The amount per full-time equivalent: envelope / FTE x combined rate."""
        with localcontext(CONTEXT):
            return self.envelope / self.fte * self.rate(local_rate)

    def per_fte_float(self, local_rate: float) -> float:
        """The same, in float (for Monte Carlo draws)."""
        applied = 0.0 if local_rate <= float(self.trigger) else local_rate
        rate = float(self.local_share) * applied + float(self.national_share) * float(self.national_rate)
        return float(self.envelope) / float(self.fte) * rate


def load_profit_sharing(source: Source, *, limits: Limits | None = None) -> ProfitSharing:
    """Load profit-sharing parameters from YAML (see the module's docstring).

    Raises:
        ProfitSharingError: The file is invalid (every problem with file, line and column).
    """
    root, name = _parse(source, limits, ProfitSharingError)
    r = _Reader(name)
    m = r.mapping(root, "$", ["envelope", "fte", "split"], ["trigger", "national", "description"])
    if m is None:
        raise ProfitSharingError(r.problems)
    r.text(m.get("description"), "$.description", "")
    envelope = r.number(m.get("envelope"), "$.envelope", minimum=ZERO)
    fte = r.number(m.get("fte"), "$.fte", minimum=ZERO)
    trigger: Decimal | None = Decimal("0.5")
    if m.get("trigger") is not None:
        trigger = r.number(m.get("trigger"), "$.trigger", unit=Unit.SHARE)
    split = r.mapping(m.get("split"), "$.split", ["local", "national"])
    local = national = None
    if split is not None:
        local = r.number(split.get("local"), "$.split.local", unit=Unit.SHARE)
        national = r.number(split.get("national"), "$.split.national", unit=Unit.SHARE)
    weights: dict[str, Decimal] = {}
    rates: dict[str, Decimal] = {}
    if m.get("national") is not None:
        nm = r.mapping(m.get("national"), "$.national", ["weights", "rates"])
        if nm is not None:
            for key, target, unit in (("weights", weights, None), ("rates", rates, Unit.SHARE)):
                node = nm.get(key)
                if not isinstance(node, YamlMapping):
                    r.error(node, f"$.national.{key}", "expected a mapping of theme to a number")
                    continue
                for theme, value_node in node.entries:
                    value = r.number(
                        value_node,
                        _child(f"$.national.{key}", theme.text),
                        unit=unit,
                        minimum=ZERO,
                        allow_percent=True,
                    )
                    if value is not None:
                        target[theme.text] = value
    if r.problems or None in (envelope, fte, trigger, local, national):
        raise ProfitSharingError(_sorted(r.problems) or [Problem("invalid parameters", name)])
    built = r.build(m, "$", ProfitSharing, envelope, fte, local, national, weights, rates, trigger)
    if built is None:
        raise ProfitSharingError(_sorted(r.problems))
    return built


@frozen
class ProfitSharingResult:
    """Profit-sharing for one scorecard.

    Attributes:
        points: Points earned.
        max: Theoretical points.
        local_rate: points / max.
        local_applied: The local rate after the trigger.
        national_rate: The national themes' weighted rate.
        rate: The combined rate.
        per_fte: Amount per full-time equivalent.
        total: Amount paid (per FTE x FTE).
    """

    entity: str
    parameters: ProfitSharing
    points: Decimal
    max: Decimal
    local_rate: Decimal
    local_applied: Decimal
    national_rate: Decimal
    rate: Decimal
    per_fte: Decimal
    total: Decimal

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape."""
        p = self.parameters
        return {
            "format": PROFIT_SHARING_FORMAT,
            "entity": self.entity,
            "points": self.points,
            "max": self.max,
            "local_rate": self.local_rate,
            "trigger": p.trigger,
            "local_applied": self.local_applied,
            "national_rate": self.national_rate,
            "split": {"local": p.local_share, "national": p.national_share},
            "rate": self.rate,
            "envelope": p.envelope,
            "fte": p.fte,
            "per_fte": self.per_fte,
            "total": self.total,
        }


def profit_sharing(card: Scorecard, parameters: ProfitSharing) -> ProfitSharingResult:
    """Compute profit-sharing from a scorecard, exactly.

    Examples:
        >>> profit_sharing(card, load_profit_sharing("profit-sharing.yaml")).per_fte  # doctest: +SKIP
    """
    local = card.total.rate
    with localcontext(CONTEXT):
        per_fte = parameters.per_fte(local)
        return ProfitSharingResult(
            card.entity.id,
            parameters,
            card.total.points,
            card.total.max,
            local,
            parameters.local_applied(local),
            parameters.national_rate,
            parameters.rate(local),
            per_fte,
            per_fte * parameters.fte,
        )


def profit_sharing_figure(parameters: ProfitSharing) -> Any:
    """The amount per FTE as a Monte Carlo figure (for `simulate(..., derived={...})`).

    Each draw's local rate is (current points + the draw's change) / theoretical points.
    """

    def figure(np: Any, changes: Any, card: Scorecard) -> tuple[Decimal, Any]:
        base = parameters.per_fte(card.total.rate)
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


def render_profit_sharing(result: ProfitSharingResult, fmt_name: str = "table") -> str:
    """Render a profit-sharing computation as `table`, `markdown`, `csv` or `json`."""
    p = result.parameters
    rows = [
        ["points earned / theoretical", f"{fmt(result.points)} / {fmt(result.max)}"],
        ["local success rate", f"{fmt(result.local_rate * 100)} %"],
        ["trigger (at or below: 0)", f"{fmt(p.trigger * 100)} %"],
        ["local rate applied", f"{fmt(result.local_applied * 100)} %"],
        ["national rate", f"{fmt(result.national_rate * 100)} %"],
        ["split local / national", f"{fmt(p.local_share * 100)} % / {fmt(p.national_share * 100)} %"],
        ["combined rate", f"{fmt(result.rate * 100)} %"],
        ["envelope / FTE", f"{fmt(p.envelope)} / {fmt(p.fte)}"],
        ["amount per FTE", fmt(result.per_fte)],
        ["amount paid", fmt(result.total)],
    ]
    title = f"Profit-sharing: {result.entity}"
    return render_table(title, ["item", "value"], rows, fmt_name, result.to_dict())
