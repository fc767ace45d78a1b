"""The English words of the scorecard's facts: what `Reason`, `Neutralisation.effect` and the
JSON shape say (reports word the same facts per language, see `cpg_score.reports`).

The templates are keyed by the enums' values, so this module needs no model class.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from cpg_score._numbers import Exact, formula_text

__all__ = ["EFFECT_WORDS", "effect_words", "reason_words"]

#: Why something was not scored, by `Cause` (`given`: the grid's or the results' own words).
_REASONS = {
    "indicators": "all its indicators are neutralised",
    "volume": "volume {volume} below the minimum volume {minimum} (min_volume of indicator {indicator!r})",
}

#: What the policy did to a neutralised objective or indicator, by `Outcome` (reports use them for
#: English too, with labels in place of ids).
EFFECT_WORDS = {
    "zero": "earns 0; its {amount} points stay in the total",
    "exclude": "its {amount} points leave the total",
    "redistribute-axis": "its {amount} points go to {shares}",
    "redistribute-grid": "its {amount} points go to the scored objectives of the grid",
    "redistribute-none": "its {amount} points leave the total (no scored objective to take them)",
    "indicator-zero": "rate 0 with its weight {amount} kept in objective {objective!r}",
    "indicator-leave": "its weight {amount} leaves the mean of objective {objective!r}",
}


def reason_words(
    cause: str, text: str, volume: Decimal | None, minimum: Decimal | None, indicator: str
) -> str:
    """Why something was not scored, in English words (a given reason as given)."""
    template = _REASONS.get(cause)
    if template is None:
        return text
    return template.format(volume=volume, minimum=minimum, indicator=indicator)


def effect_words(
    outcome: str, amount: Exact, shares: tuple[tuple[str, Fraction], ...], objective: str | None
) -> str:
    """What the policy did to a neutralised item's points, in English words."""
    shown = ", ".join(f"{taker} (+{formula_text(share)})" for taker, share in shares)
    return EFFECT_WORDS[outcome].format(amount=amount, shares=shown, objective=objective)
