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
  the parent's comment names it.

Because each level only sums, consolidating in one step or level by level gives the same values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, localcontext

from ._args import describe, expect
from ._numbers import EXACT, divide
from .errors import CpgScoreError
from .model import Entity, Figure, Grid, Results, ResultValue, Unit
from .tree import Tree, TreeNode, Weight

__all__ = ["ADDITIVE", "consolidate", "consolidate_levels"]

ZERO = Decimal(0)

#: Units whose values add up across entities.
ADDITIVE = frozenset({Unit.COUNT, Unit.EUROS})


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
            raise CpgScoreError(f"results given twice for entity {item.entity.id!r}")
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
    if all(v.numerator is not None for v in values if v.resolved is not None):
        return Unit.SHARE
    raise CpgScoreError(
        f"the unit of {item_id!r} is unknown (a count adds up, a rate does not): give the grid, "
        "or declare `unit:` in the results"
    )


def _weight_of(weight: Weight, value: ResultValue, results: Results) -> Decimal | None:
    if weight.by == "volume":
        return value.case_volume
    for figure in results.figures:
        if figure.id == weight.figure:
            return figure.value
    return None


def _combine_value(
    item_id: str,
    unit: Unit,
    given: list[tuple[Results, ResultValue]],
    missing: list[str],
    weight: Weight | None,
) -> ResultValue:
    valued = [(r, v) for r, v in given if v.resolved is not None]
    left_out = missing + [r.entity.id for r, v in given if v.resolved is None]
    note = f"; not given by {_names(left_out)} (left out)" if left_out else ""
    source = (
        f"consolidated by cpg-score from {len(valued)} entities: {_names(r.entity.id for r, _ in valued)}"
    )
    if not valued:
        reasons = sorted({v.neutralised for _, v in given if v.neutralised})
        # One shared reason passes up unchanged (so level by level equals one step).
        return ResultValue(
            item_id,
            neutralised=reasons[0] if len(reasons) == 1 and not missing else "not given by any entity",
            comment=f"neutralised or absent in {_names(left_out)}",
            unit=unit,
        )
    volumes = [v.volume for _, v in valued]
    with localcontext(EXACT):  # sums and products of bounded inputs: exact
        volume = sum((x for x in volumes if x is not None), ZERO) if None not in volumes else None
        if unit in ADDITIVE:
            total = sum((v.resolved for _, v in valued if v.resolved is not None), ZERO)
            return ResultValue(
                item_id,
                value=total,
                volume=volume,
                unit=unit,
                comment=f"sum of {len(valued)} entities{note}",
                source=source,
            )
        if all(v.numerator is not None for _, v in valued):
            numerator = sum((v.numerator or ZERO for _, v in valued), ZERO)
            denominator = sum((v.denominator or ZERO for _, v in valued), ZERO)
            has_exclusions = any(v.exclusions is not None for _, v in valued)
            exclusions = sum((v.exclusions or ZERO for _, v in valued), ZERO) if has_exclusions else None
            estimated = any("weighted estimate" in v.comment for _, v in valued)
            return ResultValue(
                item_id,
                numerator=numerator,
                denominator=denominator,
                exclusions=exclusions,
                volume=volume,
                unit=unit,
                comment=(
                    f"rate from the summed numerators and denominators of {len(valued)} entities{note}"
                    + ("; a weighted estimate (see the entities' comments)" if estimated else "")
                ),
                source=source,
            )
        if weight is None:
            return ResultValue(
                item_id,
                neutralised=(
                    "not consolidated: published without its denominator and no weight declared in "
                    "the tree (a mean of rates would be wrong)"
                ),
                comment="no numerator and denominator in "
                + _names(r.entity.id for r, v in valued if v.numerator is None),
                unit=unit,
            )
        weights = [(r, v, _weight_of(weight, v, r)) for r, v in valued]
        lacking = [r.entity.id for r, _, w in weights if w is None]
        if lacking:
            return ResultValue(
                item_id,
                neutralised=f"not consolidated: no weight ({weight.describe()}) for {_names(lacking)}",
                unit=unit,
            )
        numerator = sum(((v.resolved or ZERO) * (w or ZERO) for _, v, w in weights), ZERO)
        denominator = sum((w or ZERO for _, _, w in weights), ZERO)
        if denominator == ZERO:
            return ResultValue(item_id, neutralised="not consolidated: the weights add up to 0", unit=unit)
        return ResultValue(
            item_id,
            numerator=numerator,
            denominator=denominator,
            volume=denominator if weight.by == "volume" else volume,
            unit=unit,
            comment=(
                f"a weighted estimate: published without its denominator, consolidated with the weight "
                f"declared in the tree, {weight.describe()}: numerator = sum(rate x weight), "
                f"denominator = sum(weight), over {len(valued)} entities{note}"
            ),
            source=source,
        )


def _combine_figures(
    children: list[Results], weights: Mapping[str, Weight]
) -> tuple[list[Figure], list[str]]:
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
    for fid in order:
        items = found[fid]
        units = {f.unit for _, f in items}
        unit = units.pop() if len(units) == 1 else None
        present = {id(r) for r, _ in items}
        absent = [c.entity.id for c in children if id(c) not in present]
        note = f"; not given by {_names(absent)}" if absent else ""
        first = items[0][1]
        with localcontext(EXACT):  # sums and products exact; the one quotient through divide()
            if unit in ADDITIVE:
                figures.append(
                    Figure(
                        fid,
                        sum((f.value for _, f in items), ZERO),
                        unit,
                        first.label,
                        f"consolidated by cpg-score: sum of {len(items)} entities",
                        f"sum of {len(items)} entities{note}",
                    )
                )
                continue
            weight = weights.get(fid)
            if unit is not None and weight is not None and weight.by == "figure":
                pairs = [(f.value, _figure_value(r, weight.figure)) for r, f in items]
                if all(w is not None for _, w in pairs):
                    denominator = sum((w or ZERO for _, w in pairs), ZERO)
                    if denominator:
                        figures.append(
                            Figure(
                                fid,
                                divide(sum((v * (w or ZERO) for v, w in pairs), ZERO), denominator),
                                unit,
                                first.label,
                                "consolidated by cpg-score",
                                f"a weighted estimate, weighted by {weight.describe()}{note}",
                            )
                        )
                        continue
        dropped.append(fid)
    return figures, dropped


def _figure_value(results: Results, figure_id: str | None) -> Decimal | None:
    for figure in results.figures:
        if figure.id == figure_id:
            return figure.value
    return None


def _combine(
    node: TreeNode, parent: str | None, children: list[Results], tree: Tree, grid: Grid | None
) -> Results:
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
    weights = {w.id: w for w in tree.weights}
    for item_id in order:
        given = [(c, v) for c in children if (v := c.get(item_id)) is not None]
        if not given:
            continue
        missing = [c.entity.id for c in children if c.get(item_id) is None]
        unit = _unit(item_id, grid, [v for _, v in given])
        values.append(_combine_value(item_id, unit, given, missing, weights.get(item_id)))
    figures, dropped = _combine_figures(children, weights)
    weighted = [v.id for v in values if "weighted estimate" in v.comment]
    comment = (
        f"Consolidated by cpg-score from {len(children)} entities: {_names(c.entity.id for c in children)}."
    )
    if weighted:
        comment += (
            f" Rates published without their denominator, consolidated with a declared weight "
            f"(weighted estimates): {_names(weighted)}."
        )
    unweighted = [v.id for v in values if v.neutralised and v.neutralised.startswith("not consolidated")]
    if unweighted:
        comment += f" Not consolidated (no denominator, no declared weight): {_names(unweighted)}."
    if dropped:
        comment += f" Figures not additive and not consolidated: {_names(dropped)}."
    return Results(
        Entity(node.id, node.label or node.id),
        grid_id,
        period,
        values,
        figures,
        parent,
        f"cpg-score consolidate, tree {tree.id!r}",
        comment,
    )


def _resolve(
    node: TreeNode, tree: Tree, given: dict[str, Results], grid: Grid | None, out: dict[str, Results]
) -> Results:
    if node.id in given:
        return given[node.id]
    if not node.children:
        raise CpgScoreError(f"no results for entity {node.id!r} (under {tree.parent_of(node.id)!r})")
    children = [_resolve(child, tree, given, grid, out) for child in node.children]
    combined = _combine(node, tree.parent_of(node.id), children, tree, grid)
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
    _resolve(start, tree, given, grid, out)
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
        how it was consolidated.

    Raises:
        TypeError: An argument of the wrong type (`tree` not a `Tree`...).
        CpgScoreError: An entity under the node has no results, results mix grids or periods,
            or a unit is unknown.

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
