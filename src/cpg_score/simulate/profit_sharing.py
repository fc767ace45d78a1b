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
from collections.abc import Mapping
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from attrs import field, frozen

from cpg_score._args import expect, expect_exact
from cpg_score._numbers import CONTEXT, Exact, to_fraction
from cpg_score.errors import Problem, ProfitSharingError
from cpg_score.io.marked import Limits, Node, child_path
from cpg_score.io.marked import Mapping as YamlMapping
from cpg_score.io.reader import Reader, parse, sorted_problems
from cpg_score.io.source import Source
from cpg_score.model.grid import Unit
from cpg_score.model.scorecard import Scorecard
from cpg_score.render._simulate import check_format, exact_text, fmt, given, render_table

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
NONE = Fraction(0)
#: The largest envelope, in euros.
MAX_ENVELOPE = Decimal("1e15")
#: The fewest and the most full-time equivalents.
MIN_FTE = Decimal("0.01")
MAX_FTE = Decimal("1e7")


def _range_problem(name: str, value: Exact) -> str | None:
    """Why `value` is out of range for the envelope or the FTE count, or None."""
    if name == "envelope" and not 0 < value <= MAX_ENVELOPE:
        return f"envelope must be above 0 and at most 1e15 euros, got {value}"
    if name == "fte" and not MIN_FTE <= value <= MAX_FTE:
        return f"fte must be between 0.01 and 1e7 full-time equivalents, got {value}"
    return None


def _amount(instance: Any, attribute: Any, value: Any) -> None:
    expect_exact(attribute.name, value)
    problem = _range_problem(attribute.name, value)
    if problem is not None:
        raise ValueError(problem)


def _share(instance: Any, attribute: Any, value: Any) -> None:
    expect_exact(attribute.name, value)
    if not 0 <= value <= 1:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value}")


def _themes(instance: Any, attribute: Any, value: Any) -> None:
    expect(attribute.name, value, Mapping, "a mapping of theme to a number")
    for theme, number in value.items():
        expect(f"{attribute.name} key", theme, str, "a theme name")
        expect_exact(f"{attribute.name}[{theme!r}]", number)
        if number < 0:
            raise ValueError(f"{attribute.name}[{theme!r}] must be >= 0, got {number}")


@frozen
class ProfitSharing:
    """The parameters of a profit-sharing scheme (exact numbers: `int`, `Decimal` or `Fraction`).

    Attributes:
        envelope: The amount to share (euros), above 0 and at most 10^15.
        fte: Eligible full-time equivalents, from 0.01 to 10^7.
        local_share: The part of the envelope driven by the local success rate.
        national_share: The part driven by the national themes.
        weights: National themes' weights, by theme.
        rates: National themes' achievement rates, by theme.
        trigger: A local rate at or below it pays nothing locally (50 % in the agreement).
    """

    envelope: Decimal = field(validator=_amount)
    fte: Decimal = field(validator=_amount)
    local_share: Decimal = field(validator=_share)
    national_share: Decimal = field(validator=_share)
    weights: Mapping[str, Decimal] = field(factory=dict, validator=_themes)
    rates: Mapping[str, Decimal] = field(factory=dict, validator=_themes)
    trigger: Decimal = field(default=Decimal("0.5"), validator=_share)

    def __attrs_post_init__(self) -> None:
        if to_fraction(self.local_share) + to_fraction(self.national_share) != 1:
            raise ValueError(f"split must add up to 100 %, got {self.local_share} + {self.national_share}")
        if set(self.weights) != set(self.rates):
            raise ValueError("every national theme needs a weight and a rate, and only those")
        if any(rate > 1 for rate in self.rates.values()):
            raise ValueError("a national theme's rate must be between 0 and 1")
        if self.national_share > 0 and sum(to_fraction(w) for w in self.weights.values()) == 0:
            raise ValueError("the national themes' weights are all 0")

    @property
    def national_rate(self) -> Fraction:
        """The weighted mean of the national themes' rates, exactly."""
        total = sum((to_fraction(w) for w in self.weights.values()), NONE)
        if total == 0:
            return NONE
        weighted = sum((to_fraction(w) * to_fraction(self.rates[t]) for t, w in self.weights.items()), NONE)
        return weighted / total

    def local_applied(self, local_rate: Exact | None) -> Fraction:
        """The local rate after the trigger: 0 at or below it (or when undefined), the rate above."""
        if local_rate is None or local_rate <= self.trigger:
            return NONE
        return to_fraction(local_rate)

    def rate(self, local_rate: Exact | None) -> Fraction:
        """The combined rate: local share x local rate applied + national share x national rate."""
        local = to_fraction(self.local_share) * self.local_applied(local_rate)
        return local + to_fraction(self.national_share) * self.national_rate

    def per_fte(self, local_rate: Exact | None) -> Fraction:
        """The amount per full-time equivalent: envelope / FTE x combined rate, exactly."""
        return to_fraction(self.envelope) / to_fraction(self.fte) * self.rate(local_rate)

    def amount(self, local_rate: Exact | None) -> Fraction:
        """The amount paid: envelope x combined rate (= amount per FTE x FTE), exactly."""
        return to_fraction(self.envelope) * self.rate(local_rate)

    def per_fte_float(self, local_rate: float) -> float:
        """The same, in float (for Monte Carlo draws)."""
        applied = 0.0 if local_rate <= float(self.trigger) else local_rate
        rate = float(self.local_share) * applied + float(self.national_share) * float(self.national_rate)
        return float(self.envelope) / float(self.fte) * rate


def _amount_of(r: Reader, node: Node | None, path: str) -> Decimal | None:
    """Read the envelope or the FTE count, refusing a value out of its range where it is."""
    value = r.number(node, path, minimum=ZERO)
    if value is None:
        return None
    problem = _range_problem(path[2:], value)
    if problem is not None:
        r.error(node, path, problem)
        return None
    return value


def _national(r: Reader, node: Node | None) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Read the national themes' weights and rates."""
    weights: dict[str, Decimal] = {}
    rates: dict[str, Decimal] = {}
    nm = r.mapping(node, "$.national", ["weights", "rates"])
    if nm is None:
        return weights, rates
    for key, target, unit in (("weights", weights, None), ("rates", rates, Unit.SHARE)):
        entries = nm.get(key)
        if not isinstance(entries, YamlMapping):
            r.error(entries, f"$.national.{key}", "expected a mapping of theme to a number")
            continue
        for theme, value_node in entries.entries:
            value = r.number(
                value_node,
                child_path(f"$.national.{key}", theme.text),
                unit=unit,
                minimum=ZERO,
                allow_percent=True,
            )
            if value is not None:
                target[theme.text] = value
    return weights, rates


def load_profit_sharing(source: Source, *, limits: Limits | None = None) -> ProfitSharing:
    """Load profit-sharing parameters from YAML (see the module's docstring).

    Raises:
        ProfitSharingError: The file is invalid, or a value is out of its range (every problem
            with file, line and column).
    """
    root, name = parse(source, limits, ProfitSharingError)
    r = Reader(name)
    m = r.mapping(root, "$", ["envelope", "fte", "split"], ["trigger", "national", "description"])
    if m is None:
        raise ProfitSharingError(r.problems)
    r.text(m.get("description"), "$.description", "")
    envelope = _amount_of(r, m.get("envelope"), "$.envelope")
    fte = _amount_of(r, m.get("fte"), "$.fte")
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
        weights, rates = _national(r, m.get("national"))
    if r.problems or None in (envelope, fte, trigger, local, national):
        raise ProfitSharingError(
            sorted_problems(r.problems) or [Problem(message="invalid parameters", file=name)]
        )
    built = r.build(m, "$", ProfitSharing, envelope, fte, local, national, weights, rates, trigger)
    if built is None:
        raise ProfitSharingError(sorted_problems(r.problems))
    return built


@frozen
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
        card.entity.id,
        parameters,
        card.total.points,
        card.total.max,
        local,
        parameters.local_applied(local),
        parameters.national_rate,
        parameters.rate(local),
        parameters.per_fte(local),
        parameters.amount(local),
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


def _percent(rate: Exact | None) -> str:
    return "undefined" if rate is None else f"{fmt(to_fraction(rate) * 100)} %"


def render_profit_sharing(result: ProfitSharingResult, fmt_name: str = "table") -> str:
    """Render a profit-sharing computation as `table`, `markdown`, `csv` or `json`."""
    expect("result", result, ProfitSharingResult, "a ProfitSharingResult")
    check_format(fmt_name)
    p = result.parameters
    rows = [
        ["points earned / theoretical", f"{fmt(result.points)} / {fmt(result.max)}"],
        ["local success rate", _percent(result.local_rate)],
        ["trigger (at or below: 0)", f"{given(to_fraction(p.trigger) * 100)} %"],
        ["local rate applied", _percent(result.local_applied)],
        ["national rate", _percent(result.national_rate)],
        ["split local / national", f"{_percent(p.local_share)} / {_percent(p.national_share)}"],
        ["combined rate", _percent(result.rate)],
        ["envelope / FTE", f"{fmt(p.envelope)} / {fmt(p.fte)}"],
        ["amount per FTE", fmt(result.per_fte)],
        ["amount paid", fmt(result.total)],
    ]
    notes = []
    if result.local_rate is None:
        notes.append(
            "The grid gives no points (theoretical points 0): the local success rate is undefined "
            "and the local part pays nothing."
        )
    title = f"Profit-sharing: {result.entity}"
    return render_table(title, ["item", "value"], rows, fmt_name, result.to_dict(), notes)
