"""Consolidation: a parent entity's results from its children's (ELSM -> DRSM -> region).

Rules (see the docs' "Consolidation" guide):

- counts and amounts (`count`, `euros`) add up;
- a rate given as numerator and denominator consolidates from the summed numerators and
  denominators (and exclusions), never as a mean of rates;
- a rate (or a delay, a plain number) published without its denominator consolidates only
  with a weight declared in the tree (its `volume`, or a figure of the same entity): the
  parent gets numerator = sum(rate x weight) and denominator = sum(weight), and its comment says
  the rate is a weighted estimate; without a declared weight it is not consolidated (the parent's
  entry is neutralised, with that reason);
- an entity that does not give a figure (neutralised, or absent) is left out of the sum, and
  the parent's comment names it;
- a count given per class (`{counts: {A: 2, C: 1}}`) sums class by class, and the parent's
  entry keeps the summed counts (when every entity gives its counts);
- a refusal (« Refus de validation », a count rule's `refus`) does not add up with counts, and
  a delay read from a delivery date is that entity's months late (the parent's delivery is
  neither their sum nor their mean): an indicator with either is not consolidated (the parent's
  entry is neutralised, with that reason; it passes up every level).

Every consolidated figure is computed exactly (in `Fraction`) and written as a decimal a results
file can hold: a weighted numerator (or a weighted figure) whose exact value has more than
`MAX_PLACES` decimal places (or does not terminate) is rounded there, half up, and its comment
says so. A figure
beyond the readable range (`MAX_MAGNITUDE`, `MAX_PLACES`, `MAX_DIGITS`) is refused with a
`CpgScoreError` rather than written to a file that could not be read back.

Because each level only sums, consolidating in one step or level by level gives the same values
(a value rounded at 30 places aside).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, localcontext
from fractions import Fraction

from attrs import frozen

from cpg_score._args import describe, expect
from cpg_score._numbers import (
    EXACT,
    MAX_DIGITS,
    MAX_PLACES,
    ZERO,
    decimal_text,
    exact_sum,
    parse_number,
    round_half_up,
    to_fraction,
)
from cpg_score.errors import CpgScoreError
from cpg_score.model.grid import Entity, Figure, Grid, Results, ResultValue, Unit
from cpg_score.model.rules import ScoringRule
from cpg_score.model.tree import Tree, TreeNode, Weight, WeightBy

__all__ = ["ADDITIVE", "consolidate", "consolidate_levels"]


#: Units whose values add up across entities.
ADDITIVE = frozenset({Unit.COUNT, Unit.EUROS})

#: Said in the comment of a consolidated figure whose exact value has more decimal places than a
#: results file holds (or does not terminate).
_ROUNDED = f"rounded half up to {MAX_PLACES} decimal places (its exact value has more)"

#: The `source` of every value a consolidation writes (followed by its entities).
_SOURCE = "consolidated by cpg-score from "

_NO_WEIGHT = (
    "not consolidated: published without its denominator and no weight declared in "
    "the tree (a mean of rates would be wrong)"
)
_ZERO_WEIGHTS = "not consolidated: the weights add up to 0"
_REFUSAL = "not consolidated: a refusal (« Refus de validation ») does not add up with counts of observations"
_DATES = (
    "not consolidated: a delivery date gives one entity's months late; the parent's delay is "
    "neither their sum nor their mean"
)
#: A result written as a date (`2017-08-12`, `12/08/2017`), as the results reader recognises one.
_DATE = re.compile(r"\d{1,4}[-/]\d{1,2}[-/]\d{1,4}")
_ESTIMATE_OF_CHILDREN = "; a weighted estimate (see the entities' comments)"
_WEIGHTED_PREFIX = "a weighted estimate: "


class _Note(enum.Enum):
    """How a consolidated value was made: kept beside it, the comments are written from it."""

    ESTIMATE = "estimate"  # a weighted estimate, or a rate summed from one
    ROUNDED = "rounded"  # rounded to MAX_PLACES places, or summed from a rounded numerator
    NOT_CONSOLIDATED = "not consolidated"  # neutralised: it could not be consolidated
    REFUSAL = "refusal"  # neutralised: an entity's result is a refusal (« Refus de validation »)
    DATES = "dates"  # neutralised: an entity's result is a delay read from a delivery date


#: The notes of an entry that cannot be consolidated whatever its siblings give: they pass up.
_BLOCKING = {_Note.REFUSAL: _REFUSAL, _Note.DATES: _DATES}


_Notes = frozenset[_Note]
_NONE: _Notes = frozenset()


def _read_notes(value: ResultValue) -> _Notes:
    """The notes of a value given from outside this run (an earlier consolidation, read back).

    A results file has no field for them, so they are recognised by the exact wording this module
    writes, and only on a value whose `source` says cpg-score consolidated it: a user's comment is
    never read (a leaf saying "not a weighted estimate" is no estimate).
    """
    if value.neutralised is not None:
        blocking = [note for note, reason in _BLOCKING.items() if value.neutralised == reason]
        if blocking:
            return frozenset(blocking)
        ours = value.neutralised in (_NO_WEIGHT, _ZERO_WEIGHTS) or value.neutralised.startswith(
            "not consolidated: no weight ("
        )
        return frozenset({_Note.NOT_CONSOLIDATED}) if ours else _NONE
    if not value.source.startswith(_SOURCE):
        return _NONE
    notes: set[_Note] = set()
    if value.comment.startswith(_WEIGHTED_PREFIX) or _ESTIMATE_OF_CHILDREN in value.comment:
        notes.add(_Note.ESTIMATE)
    if _ROUNDED in value.comment:
        notes.add(_Note.ROUNDED)
    return frozenset(notes)


def _notes_of(child: Results, value: ResultValue, known: Mapping[str, Mapping[str, _Notes]]) -> _Notes:
    made = known.get(child.entity.id)
    return made.get(value.id, _NONE) if made is not None else _read_notes(value)


def _by_entity(results: Mapping[str, Results] | Iterable[Results]) -> dict[str, Results]:
    if isinstance(results, Mapping):
        for key, value in results.items():
            expect(f"results_by_entity[{key!r}]", value, Results, "a Results")
        return dict(results)
    if isinstance(results, (str, bytes, Results)) or not isinstance(results, Iterable):
        raise TypeError(
            f"results_by_entity must be a mapping or an iterable of Results, got {describe(results)}"
        )
    out: dict[str, Results] = {}
    for item in results:
        expect("results_by_entity item", item, Results, "a Results")
        if item.entity.id in out:
            first = out[item.entity.id].source or "<results>"
            raise CpgScoreError(
                f"{item.source or '<results>'}: results given twice for entity {item.entity.id!r} "
                f"(also in {first})"
            )
        out[item.entity.id] = item
    return out


def _names(ids: Iterable[str]) -> str:
    return ", ".join(ids)


def _unit(item_id: str, grid: Grid | None, values: list[ResultValue]) -> Unit:
    unit = grid.unit_of(item_id) if grid is not None else None
    if unit is not None:
        return unit
    declared = {v.unit for v in values if v.unit is not None}
    if len(declared) > 1:
        raise CpgScoreError(
            f"{item_id!r} is declared with several units: {sorted(u.value for u in declared)}"
        )
    if declared:
        return declared.pop()
    if all(v.numerator is not None for v in values if v.exact is not None):
        return Unit.SHARE
    raise CpgScoreError(
        f"the unit of {item_id!r} is unknown (a count adds up, a rate does not): give the grid, "
        "or declare `unit:` in the results"
    )


def _weight_of(weight: Weight, value: ResultValue, results: Results) -> Decimal | None:
    if weight.by is WeightBy.VOLUME:
        return value.case_volume
    return _figure_value(results, weight.figure)


def _as_decimal(value: Fraction) -> tuple[Decimal, bool]:
    """An exact figure as a `Decimal` a results file can hold: exact when it terminates within
    `MAX_PLACES` decimal places, else rounded half up to `MAX_PLACES` places (then True)."""
    rounded = round_half_up(value, MAX_PLACES)
    exact = Fraction(rounded) == value
    return Decimal(decimal_text(value if exact else rounded)), not exact


def _decimal_sum(values: Iterable[Decimal | None]) -> Decimal:
    with localcontext(EXACT):  # sums of bounded inputs: exact
        return sum((x for x in values if x is not None), ZERO)


@frozen(kw_only=True)
class _Item:
    """One result to consolidate: the entities that give it a value, and the notes to write."""

    id: str
    unit: Unit
    valued: list[tuple[Results, ResultValue]]
    note: str
    source: str
    inputs: _Notes


def _blocked(
    item_id: str, unit: Unit, rule: ScoringRule | None, given: list[tuple[Results, ResultValue, _Notes]]
) -> tuple[ResultValue, _Notes] | None:
    """The neutralised entry of an indicator that cannot be consolidated (None when it can): an
    entity's result is a refusal or a delivery date, here or at a level below."""
    # A rule with a refusal says which values stand for it (`CountRule.refused`).
    refused = getattr(rule, "refused", None)
    found: dict[_Note, list[str]] = {}
    for results, value, notes in given:
        here = set(notes & _BLOCKING.keys())
        if value.exact is not None and callable(refused) and refused(value.exact):
            here.add(_Note.REFUSAL)
        if value.exact is not None and not value.counts and _DATE.fullmatch(value.written):
            here.add(_Note.DATES)
        for note in here:
            found.setdefault(note, []).append(results.entity.id)
    for note, reason in _BLOCKING.items():
        if note in found:
            what = "refused" if note is _Note.REFUSAL else "a delivery date"
            comment = f"{what} in {_names(found[note])}"
            return ResultValue(id=item_id, neutralised=reason, comment=comment, unit=unit), frozenset({note})
    return None


def _combine_value(
    item_id: str,
    unit: Unit,
    given: list[tuple[Results, ResultValue, _Notes]],
    missing: list[str],
    weight: Weight | None,
    rule: ScoringRule | None = None,
) -> tuple[ResultValue, _Notes]:
    blocked = _blocked(item_id, unit, rule, given)
    if blocked is not None:
        return blocked
    valued = [(r, v) for r, v, _ in given if v.exact is not None]
    left_out = missing + [r.entity.id for r, v, _ in given if v.exact is None]
    if not valued:
        return _not_given(item_id, unit, given, missing, left_out)
    item = _Item(
        id=item_id,
        unit=unit,
        valued=valued,
        note=f"; not given by {_names(left_out)} (left out)" if left_out else "",
        source=f"{_SOURCE}{len(valued)} entities: " + _names(r.entity.id for r, _ in valued),
        inputs=frozenset().union(*(n for _, v, n in given if v.exact is not None)),
    )
    if unit in ADDITIVE:
        return _summed(item)
    if all(v.numerator is not None for _, v in valued):
        return _summed_rate(item)
    if weight is None:
        no_weight = ResultValue(
            id=item_id,
            neutralised=_NO_WEIGHT,
            comment="no numerator and denominator in "
            + _names(r.entity.id for r, v in valued if v.numerator is None),
            unit=unit,
        )
        return no_weight, frozenset({_Note.NOT_CONSOLIDATED})
    return _weighted(item, weight)


def _not_given(
    item_id: str,
    unit: Unit,
    given: list[tuple[Results, ResultValue, _Notes]],
    missing: list[str],
    left_out: list[str],
) -> tuple[ResultValue, _Notes]:
    """No entity gives a value: one shared reason passes up unchanged (so level by level equals
    one step), with its notes."""
    reasons = sorted({v.neutralised for _, v, _ in given if v.neutralised})
    shared = reasons[0] if len(reasons) == 1 and not missing else None
    notes = [n for _, v, n in given if shared is not None and v.neutralised == shared]
    value = ResultValue(
        id=item_id,
        neutralised=shared if shared is not None else "not given by any entity",
        comment=f"neutralised or absent in {_names(left_out)}",
        unit=unit,
    )
    return value, frozenset().union(*notes) & {_Note.NOT_CONSOLIDATED, *_BLOCKING}


def _volume(item: _Item) -> Decimal | None:
    volumes = [v.volume for _, v in item.valued]
    return None if None in volumes else _decimal_sum(volumes)


def _class_counts(item: _Item) -> tuple[tuple[tuple[str, Decimal], ...], str]:
    """The counts summed class by class, in the order first met (none unless every entity
    gives its counts), and what the comment says of them."""
    if not any(v.counts for _, v in item.valued):
        return (), ""
    lacking = [r.entity.id for r, v in item.valued if not v.counts]
    if lacking:
        return (), f"; the counts per class are not given by {_names(lacking)} (only the weighted sum is)"
    summed: dict[str, Decimal] = {}
    with localcontext(EXACT):  # sums of whole numbers: exact
        for _, value in item.valued:
            for name, count in value.counts:
                summed[name] = summed.get(name, ZERO) + count
    return tuple(summed.items()), "; counts summed class by class"


def _summed(item: _Item) -> tuple[ResultValue, _Notes]:
    """A count or an amount: the exact sum of the values (and of the counts per class)."""
    total, rounded = _as_decimal(exact_sum([v.exact for _, v in item.valued if v.exact is not None]))
    counts, said = _class_counts(item)
    summed = ResultValue(
        id=item.id,
        value=total,
        volume=_volume(item),
        unit=item.unit,
        comment=f"sum of {len(item.valued)} entities{item.note}{said}" + (f"; {_ROUNDED}" if rounded else ""),
        source=item.source,
        counts=counts,
    )
    return summed, frozenset({_Note.ROUNDED}) if rounded else _NONE


def _summed_rate(item: _Item) -> tuple[ResultValue, _Notes]:
    """A rate from the summed numerators and denominators (and exclusions)."""
    values = [v for _, v in item.valued]
    has_exclusions = any(v.exclusions is not None for v in values)
    estimated = _Note.ESTIMATE in item.inputs
    rounded = _Note.ROUNDED in item.inputs
    rate = ResultValue(
        id=item.id,
        numerator=_decimal_sum(v.numerator for v in values),
        denominator=_decimal_sum(v.denominator for v in values),
        exclusions=_decimal_sum(v.exclusions for v in values) if has_exclusions else None,
        volume=_volume(item),
        unit=item.unit,
        comment=(
            f"rate from the summed numerators and denominators of {len(values)} entities{item.note}"
            + (_ESTIMATE_OF_CHILDREN if estimated else "")
            + (f"; includes a numerator {_ROUNDED} (see the entities' comments)" if rounded else "")
        ),
        source=item.source,
    )
    return rate, item.inputs & {_Note.ESTIMATE, _Note.ROUNDED}


def _weighted(item: _Item, weight: Weight) -> tuple[ResultValue, _Notes]:
    """A rate without its denominator: numerator = sum(rate x weight), denominator = sum(weight).

    The numerator is the exact sum; when it has more than `MAX_PLACES` decimal places (or does
    not terminate) it is rounded there (the comment says so): the denominator must stay the sum of the
    weights, so that a parent of this entity sums numerators and denominators alike.
    """
    weights = [(r, v, _weight_of(weight, v, r)) for r, v in item.valued]
    lacking = [r.entity.id for r, _, w in weights if w is None]
    not_consolidated = frozenset({_Note.NOT_CONSOLIDATED})
    if lacking:
        reason = f"not consolidated: no weight ({weight.describe()}) for {_names(lacking)}"
        return ResultValue(id=item.id, neutralised=reason, unit=item.unit), not_consolidated
    denominator = _decimal_sum(w for _, _, w in weights)
    if denominator == ZERO:
        return ResultValue(id=item.id, neutralised=_ZERO_WEIGHTS, unit=item.unit), not_consolidated
    total = exact_sum(
        [v.exact * to_fraction(w) for _, v, w in weights if v.exact is not None and w is not None]
    )
    numerator, rounded = _as_decimal(total)
    weighted = ResultValue(
        id=item.id,
        numerator=numerator,
        denominator=denominator,
        volume=denominator if weight.by is WeightBy.VOLUME else _volume(item),
        unit=item.unit,
        comment=(
            f"{_WEIGHTED_PREFIX}published without its denominator, consolidated with the weight "
            f"declared in the tree, {weight.describe()}: numerator = sum(rate x weight), "
            f"denominator = sum(weight), over {len(item.valued)} entities{item.note}"
            + (f"; the numerator {_ROUNDED}" if rounded else "")
        ),
        source=item.source,
    )
    return weighted, frozenset({_Note.ESTIMATE, _Note.ROUNDED} if rounded else {_Note.ESTIMATE})


def _weighted_figure(
    fid: str, items: list[tuple[Results, Figure]], weight: Weight, note: str
) -> tuple[Figure, bool] | None:
    """A figure that does not add up, as a mean weighted by another figure, and whether it was
    rounded (None if it cannot be)."""
    pairs = [(f.value, _figure_value(r, weight.figure)) for r, f in items]
    if any(w is None for _, w in pairs):
        return None
    denominator = _decimal_sum(w for _, w in pairs)
    if not denominator:
        return None
    total = exact_sum([to_fraction(v) * to_fraction(w) for v, w in pairs if w is not None])
    value, rounded = _as_decimal(total / to_fraction(denominator))
    first = items[0][1]
    figure = Figure(
        id=fid,
        value=value,
        unit=first.unit,
        label=first.label,
        source="consolidated by cpg-score",
        comment=f"a weighted estimate, weighted by {weight.describe()}{note}"
        + (f"; {_ROUNDED}" if rounded else ""),
    )
    return figure, rounded


def _combine_figures(
    children: list[Results], weights: Mapping[str, Weight]
) -> tuple[list[Figure], list[str], list[str]]:
    """The parent's figures, the ids of those dropped, and the ids of those rounded."""
    order: list[str] = []
    found: dict[str, list[tuple[Results, Figure]]] = {}
    for child in children:
        for figure in child.figures:
            if figure.id not in found:
                order.append(figure.id)
                found[figure.id] = []
            found[figure.id].append((child, figure))
    figures: list[Figure] = []
    dropped: list[str] = []
    rounded: list[str] = []
    for fid in order:
        items = found[fid]
        units = {f.unit for _, f in items}
        unit = units.pop() if len(units) == 1 else None
        present = {id(r) for r, _ in items}
        absent = [c.entity.id for c in children if id(c) not in present]
        note = f"; not given by {_names(absent)}" if absent else ""
        first = items[0][1]
        if unit in ADDITIVE:
            figures.append(
                Figure(
                    id=fid,
                    value=_decimal_sum(f.value for _, f in items),
                    unit=first.unit,
                    label=first.label,
                    source=f"consolidated by cpg-score: sum of {len(items)} entities",
                    comment=f"sum of {len(items)} entities{note}",
                )
            )
            continue
        weight = weights.get(fid)
        if unit is not None and weight is not None and weight.by is WeightBy.FIGURE:
            weighted = _weighted_figure(fid, items, weight, note)
            if weighted is not None:
                figures.append(weighted[0])
                if weighted[1]:
                    rounded.append(fid)
                continue
        dropped.append(fid)
    return figures, dropped, rounded


def _figure_value(results: Results, figure_id: str | None) -> Decimal | None:
    for figure in results.figures:
        if figure.id == figure_id:
            return figure.value
    return None


#: The readable range, as the results files' reader checks it.
_RANGE = (
    f"numbers must be below 1e15 in size, with at most {MAX_PLACES} decimal places and at most "
    f"{MAX_DIGITS} digits"
)


def _check_readable(results: Results) -> None:
    """Refuse a consolidated number that a results file could not hold (it would not read back)."""
    numbers = [
        (v.id, f"results.{v.id}.{name}", getattr(v, name))
        for v in results.values
        for name in ("value", "numerator", "denominator", "exclusions", "volume", "baseline")
    ]
    numbers += [(f.id, f"figures.{f.id}.value", f.value) for f in results.figures]
    for item_id, path, number in numbers:
        if number is None:
            continue
        try:
            readable = parse_number(str(number)).value == number
        except ValueError:
            readable = False
        if not readable:
            raise CpgScoreError(
                f"consolidated {item_id} = {decimal_text(number)} is beyond the readable range "
                f"({_RANGE}): a results file could not hold it (entity {results.entity.id!r}, $.{path})"
            )


def _rules(grid: Grid | None) -> dict[str, ScoringRule]:
    """The rule of every indicator of the grid, by id (none without a grid)."""
    if grid is None:
        return {}
    return {i.id: i.rule for _, objective in grid.objectives() for i in objective.indicators}


def _combine(
    node: TreeNode,
    children: list[Results],
    tree: Tree,
    grid: Grid | None,
    known: Mapping[str, Mapping[str, _Notes]],
) -> tuple[Results, dict[str, _Notes]]:
    """The node's results from its children's, and the notes of each consolidated value."""
    grids = {c.grid for c in children}
    periods = {c.period for c in children}
    if len(grids) > 1 or len(periods) > 1:
        raise CpgScoreError(
            f"cannot consolidate {node.id!r}: its entities' results are for different grids or periods "
            f"({', '.join(sorted(grids))}; {', '.join(str(p) for p in sorted(periods))})"
        )
    grid_id, period = grids.pop(), periods.pop()
    if grid is not None and grid.id != grid_id:
        raise CpgScoreError(f"the results are for grid {grid_id!r}, not for {grid.id!r}")
    order: list[str] = list(grid.scored_ids()) if grid is not None else []
    for child in children:
        order.extend(v.id for v in child.values if v.id not in order)
    values: list[ResultValue] = []
    notes: dict[str, _Notes] = {}
    weights = {w.id: w for w in tree.weights}
    rules = _rules(grid)
    for item_id in order:
        given = [(c, v, _notes_of(c, v, known)) for c in children if (v := c.get(item_id)) is not None]
        if not given:
            continue
        missing = [c.entity.id for c in children if c.get(item_id) is None]
        unit = _unit(item_id, grid, [v for _, v, _ in given])
        value, notes[item_id] = _combine_value(
            item_id, unit, given, missing, weights.get(item_id), rules.get(item_id)
        )
        values.append(value)
    figures, dropped, rounded = _combine_figures(children, weights)
    consolidated = Results(
        entity=Entity(node.id, node.label or node.id),
        grid=grid_id,
        period=period,
        values=values,
        figures=figures,
        parent=tree.parent_of(node.id),
        source=f"consolidated from the entities below it in tree {tree.id!r}",
        comment=_comment(children, [(v, notes[v.id]) for v in values], dropped, rounded),
    )
    _check_readable(consolidated)
    return consolidated, notes


def _comment(
    children: list[Results],
    values: list[tuple[ResultValue, _Notes]],
    dropped: list[str],
    rounded_figures: list[str],
) -> str:
    """The parent's comment: its entities, and the entries that are estimates, left out or rounded."""
    weighted = [v.id for v, notes in values if _Note.ESTIMATE in notes]
    comment = (
        f"Consolidated by cpg-score from {len(children)} entities: {_names(c.entity.id for c in children)}."
    )
    if weighted:
        comment += (
            f" Rates published without their denominator, consolidated with a declared weight "
            f"(weighted estimates): {_names(weighted)}."
        )
    unweighted = [v.id for v, notes in values if _Note.NOT_CONSOLIDATED in notes]
    if unweighted:
        comment += f" Not consolidated (no denominator, no declared weight): {_names(unweighted)}."
    refused = [v.id for v, notes in values if _Note.REFUSAL in notes]
    if refused:
        comment += f" Not consolidated (a refusal, which does not add up): {_names(refused)}."
    dated = [v.id for v, notes in values if _Note.DATES in notes]
    if dated:
        comment += f" Not consolidated (delays read from delivery dates): {_names(dated)}."
    if dropped:
        comment += f" Figures not additive and not consolidated: {_names(dropped)}."
    rounded = [v.id for v, notes in values if _Note.ROUNDED in notes] + rounded_figures
    if rounded:
        comment += (
            f" Rounded to {MAX_PLACES} decimal places (exact values with more places): {_names(rounded)}."
        )
    return comment


def _resolve(
    node: TreeNode,
    tree: Tree,
    given: dict[str, Results],
    grid: Grid | None,
    out: dict[str, Results],
    known: dict[str, dict[str, _Notes]],
) -> Results:
    """The node's results (given, or consolidated into `out`, their notes into `known`)."""
    if node.id in given:
        return given[node.id]
    if not node.children:
        raise CpgScoreError(f"no results for entity {node.id!r} (under {tree.parent_of(node.id)!r})")
    children = [_resolve(child, tree, given, grid, out, known) for child in node.children]
    combined, known[node.id] = _combine(node, children, tree, grid, known)
    out[node.id] = combined
    return combined


def consolidate_levels(
    results_by_entity: Mapping[str, Results] | Iterable[Results],
    tree: Tree,
    grid: Grid | None = None,
    *,
    node: str | None = None,
) -> dict[str, Results]:
    """Consolidate every level under a node: one [`Results`][cpg_score.Results] per parent entity.

    Results given for an entity are used as they are (they may be an earlier consolidation);
    otherwise an entity's results are consolidated from its children's.

    Returns:
        The consolidated results of each parent entity, parents after their children.

    Raises:
        CpgScoreError: As [`consolidate`][cpg_score.consolidate].
    """
    expect("tree", tree, Tree, "a Tree (from load_tree)")
    if grid is not None:
        expect("grid", grid, Grid, "a Grid (from load_grid) or None")
    given = _by_entity(results_by_entity)
    try:
        start = tree.root if node is None else tree.node(node)
    except KeyError:
        raise CpgScoreError(f"no entity {node!r} in tree {tree.id!r}") from None
    unknown = sorted(set(given) - {n.id for n in tree.nodes()})
    if unknown:
        raise CpgScoreError(f"results for entities not in tree {tree.id!r}: {_names(unknown)}")
    out: dict[str, Results] = {}
    _resolve(start, tree, given, grid, out, {})
    return out


def consolidate(
    results_by_entity: Mapping[str, Results] | Iterable[Results],
    tree: Tree,
    grid: Grid | None = None,
    *,
    node: str | None = None,
) -> Results:
    """Consolidate children's results into a parent's (the tree's root, or `node`).

    Args:
        results_by_entity: Results by entity id (or an iterable of results): leaves, or any
            level already consolidated.
        tree: The entity tree (and the weights declared for rates without a denominator).
        grid: The grid, for the units of the results (a count adds up, a rate does not);
            without it, the units declared in the results files are used.
        node: The entity to consolidate (default: the tree's root).

    Returns:
        The parent's results, accepted by [`score`][cpg_score.score]; each entry's comment says
        how it was consolidated. Its figures are the exact ones a results file written from it
        reads back (a weighted figure that does not terminate is rounded to 30 places, said in
        its comment), so scoring it or the reloaded file gives the same scorecard.

    Raises:
        TypeError: An argument of the wrong type (`tree` not a `Tree`...).
        CpgScoreError: An entity under the node has no results, results mix grids or periods,
            a unit is unknown, or a consolidated figure is beyond the range a results file can
            hold (a sum of 1e15 or more).

    Examples:
        >>> region = consolidate(cards, load_tree("objectives/entities/nouvelle-aquitaine.yaml"),
        ...                      grid, node="drsm-aquitaine")  # doctest: +SKIP
    """
    expect("tree", tree, Tree, "a Tree (from load_tree)")
    if grid is not None:
        expect("grid", grid, Grid, "a Grid (from load_grid) or None")
    if node is not None:
        expect("node", node, str, "an entity id (a str) or None")
    given = _by_entity(results_by_entity)
    target = tree.root.id if node is None else node
    if target in given:
        return given[target]
    return consolidate_levels(given, tree, grid, node=node)[target]
