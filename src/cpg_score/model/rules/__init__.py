"""Scoring rules: how an indicator's result becomes an achievement rate in [0, 1].

Each rule is a frozen value with three pure methods:

- `achievement(value)`: the exact rate for a result;
- `explain(value)`: the arithmetic, in words, so a pilot can check it by hand;
- `breakpoints()`: the results where the rule changes slope or jumps (for simulations).

Rules (the `type` key of a grid file), one module of this package each, registered in
[`RULES`][cpg_score.model.rules.registry.RULES]:

| type | rate | source |
|---|---|---|
| `rate` | the result itself (already an achievement rate) | the published 2019 table |
| `linear` | clamp((R − S) / (O − S), 0, 1); S > O for lower-is-better | régime général annexes |
| `steps` | the rate of the last threshold reached ("paliers") | family-branch annex 2017 |
| `binary` | 1 when the threshold is met, else 0 | IFAQ conformity indicators |
| `bands` | the rate (or points) of the band of a published distribution the result is in | CMS MIPS |
| `improvement` | max(achievement, clamp((R − B) / (O − B), 0, 1)), B: baseline | CMS Hospital VBP |
| `blend` | w_level × level rule(R) + w_progress × progress rule(R − B) | level-and-progress schemes |
| `piecewise` | linear through (value, rate) points (a floor worth 50 %) | profit-sharing annexes |
| `relative` | linear; bounds from the target or the baseline (« N – 1 ») | 2014-2017 annexes |
| `delay` | max(0, 1 − step × months late) | CNAMTS annex 2017 (« – 20 % par mois de retard ») |
| `count` | a base rule on Σ weight × count (a refusal: 0) | famille annex 2017 (validation des comptes) |

A `linear` rule may declare a `cap` above 100 %: the line then goes on past the target up to that
rate, and the part above 1 is a bonus, paid only up to the objective's `bonus` ceiling. Every other
rate lies in [0, 1], and every rule is monotone in the result (non-decreasing when higher is
better, non-increasing when lower is better).

The `improvement` and `blend` rules use the entity's own baseline (its result in the baseline
period: the `baseline` of a results entry). The engine binds it with
`with_baseline` before scoring, so `achievement` keeps one argument.

In a spreadsheet, `rule.spreadsheet("C7")` (or
[`rule_spreadsheet`][cpg_score.model.rules.registry.rule_spreadsheet] for any rule) gives the rate
as an Excel formula of the result in cell C7, with the grid's constants written exactly and only
functions Excel and LibreOffice share; a rule relative to a baseline gives it once bound:

| type | formula of the result in C7 (example) |
|---|---|
| `rate` | `MIN(1,MAX(0,C7))` |
| `linear` | `MIN(cap,MAX(0,(C7-S)/(O-S)))`, `O-S` one constant: `MIN(1,MAX(0,(C7-0.65)/0.23))` |
| `steps` | nested IFs from the last step: `IF(C7>=0.85,1,IF(C7>=0.75,0.4,0))` (`<=` lower is better) |
| `binary` | `IF(C7>=T,1,0)`; without a threshold C7 holds 1 or 0: `IF(C7>=1,1,0)` |
| `bands` | nested IFs from the top band (`>` with `edge: upper`); points over the top's: `(7/10)` |
| `improvement` | `MAX(base,MIN(1,MAX(0,(C7-B)/(O-B))))`, B the bound baseline |
| `blend` | `w_l*level(C7)+w_p*progress((C7-B))`, B the bound baseline |
| `piecewise` | nested IFs over the segments: `IF(C7<0.8,0,IF(C7<=0.9,0.35+6.5*(C7-0.8),1))` |
| `relative` | the resolved floor and target as `linear`'s; a threshold `IF(C7>=O,1,0)` |
| `delay` | C7 holds the months late: `MAX(0,1-0.2*IF(C7<=0,0,ROUNDUP(C7,0)))` (`ROUNDDOWN`, `MAX(0,C7)`) |
| `count` | C7 holds the weighted score, -1 a refusal: `IF(C7<0,0,base)` |

The spreadsheet computes in binary doubles: its rates agree with the exact ones to about 15
significant digits, and `ROUND` (which Excel and LibreOffice correct at that precision) gives
the half-up rounding cpg-score prints; a number format alone rounds the double itself, which can
lie just below a tie (0.98385 is 0.98384999999999989: shown 98,38 %).

A rule's parameters are the grid's `Decimal` inputs; `achievement` takes a result (a `Decimal`
or an exact `Fraction`) and returns the rate as an exact `fractions.Fraction`: no quotient is
cut (see the "Rounding" concept page).
"""

from __future__ import annotations

import importlib
import pkgutil
from decimal import Decimal
from typing import Union

from cpg_score.model.rules._common import Basis, Direction
from cpg_score.model.rules.registry import RuleBase, ScoringRule, rule_spreadsheet, rule_target

# isort: off
# The import order of the rule modules is the order of the types in messages and the schema.
from cpg_score.model.rules.rate import RateRule
from cpg_score.model.rules.linear import LinearRule
from cpg_score.model.rules.steps import Step, StepsRule
from cpg_score.model.rules.binary import BinaryRule
from cpg_score.model.rules.bands import Band, BandsRule, Edge
from cpg_score.model.rules.improvement import ImprovementRule
from cpg_score.model.rules.blend import BlendRule
from cpg_score.model.rules.piecewise import PiecewiseAbove, PiecewisePoint, PiecewiseRule
from cpg_score.model.rules.relative import BaselineChange, ChangeBy, RelativeRule, ShareOfTarget
from cpg_score.model.rules.delay import DelayRule, MonthCount, months_late
from cpg_score.model.rules.count import CountRule

# isort: on

__all__ = [
    "Band",
    "BandsRule",
    "BaseRule",
    "BaselineChange",
    "Basis",
    "BinaryRule",
    "BlendRule",
    "ChangeBy",
    "CountRule",
    "DelayRule",
    "Direction",
    "Edge",
    "ImprovementRule",
    "LinearRule",
    "MonthCount",
    "PiecewiseAbove",
    "PiecewisePoint",
    "PiecewiseRule",
    "RateRule",
    "RelativeRule",
    "Rule",
    "ScoringRule",
    "ShareOfTarget",
    "Step",
    "StepsRule",
    "months_late",
    "needs_baseline",
    "rule_spreadsheet",
    "rule_target",
    "with_baseline",
]

# A rule module added to this package registers itself when imported: import them all.
for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")

#: A built-in rule scoring one result on its own (the base of an improvement or blend rule).
BaseRule = Union[RateRule, LinearRule, StepsRule, BinaryRule, BandsRule, PiecewiseRule]  # noqa: UP007

#: Any scoring rule.
Rule = Union[  # noqa: UP007 (a runtime alias, Python 3.10)
    RateRule,
    LinearRule,
    StepsRule,
    BinaryRule,
    BandsRule,
    ImprovementRule,
    BlendRule,
    PiecewiseRule,
    RelativeRule,
    DelayRule,
    CountRule,
]
"""Any built-in scoring rule: [`RateRule`][cpg_score.RateRule], [`LinearRule`][cpg_score.LinearRule],
[`StepsRule`][cpg_score.StepsRule], [`BinaryRule`][cpg_score.BinaryRule],
[`BandsRule`][cpg_score.BandsRule], [`ImprovementRule`][cpg_score.ImprovementRule],
[`BlendRule`][cpg_score.BlendRule], [`PiecewiseRule`][cpg_score.PiecewiseRule],
[`RelativeRule`][cpg_score.RelativeRule], [`DelayRule`][cpg_score.DelayRule] or
[`CountRule`][cpg_score.CountRule] (the `type` key of a grid file's `rule`), each a
[`ScoringRule`][cpg_score.model.rules.ScoringRule]. No signature takes it: they take a
`ScoringRule`, so a rule type added as a module of its own type-checks as a built-in one."""


def with_baseline(rule: ScoringRule, baseline: Decimal | None) -> ScoringRule:
    """Bind an entity's baseline to a rule that uses one (improvement, blend); others unchanged."""
    if baseline is not None and isinstance(rule, RuleBase):
        bound: ScoringRule = rule.bind(baseline)
        return bound
    return rule


def needs_baseline(rule: ScoringRule) -> bool:
    """Whether a results entry must give a baseline for this rule (a blend's progress part)."""
    return isinstance(rule, RuleBase) and rule.needs_baseline
