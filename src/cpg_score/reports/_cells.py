"""A scorecard's texts made safe for the reports read on a terminal (see `cpg_score._safe_text`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs

from cpg_score._safe_text import CONTROLS, one_line
from cpg_score.model.scorecard import Neutralisation, Reason, Scorecard

__all__ = ["without_controls"]


def _texts(card: Scorecard) -> Iterator[str]:
    yield card.grid_label
    yield card.entity.id
    yield card.entity.label
    for axis in card.axes:
        yield axis.label
        for objective in axis.objectives:
            yield objective.label
            yield objective.reason or ""
    for note in card.neutralisations:
        yield note.reason


def without_controls(card: Scorecard) -> Scorecard:
    """`card` with its texts on one line, control characters escaped (see `one_line`).

    For the reports read on a terminal (`table`, `markdown`); the card itself when it has none.
    """
    if not any(CONTROLS.search(text) for text in _texts(card)):
        return card
    safe = one_line
    axes = [
        attrs.evolve(
            axis,
            label=safe(axis.label),
            objectives=[
                attrs.evolve(o, label=safe(o.label), why=None if o.why is None else _safe_reason(o.why, safe))
                for o in axis.objectives
            ],
        )
        for axis in card.axes
    ]
    return attrs.evolve(
        card,
        grid_label=safe(card.grid_label),
        entity=attrs.evolve(card.entity, id=safe(card.entity.id), label=safe(card.entity.label)),
        axes=axes,
        neutralisations=[_safe_neutralisation(n, safe) for n in card.neutralisations],
    )


def _safe_reason(why: Reason, safe: Callable[[str], str]) -> Reason:
    return attrs.evolve(why, text=safe(why.text), indicator=safe(why.indicator))


def _safe_neutralisation(n: Neutralisation, safe: Callable[[str], str]) -> Neutralisation:
    return attrs.evolve(n, why=_safe_reason(n.why, safe))
