"""Consolidating results written as counts per class, refusals and delivery dates."""

from __future__ import annotations

from decimal import Decimal

from cpg_score import (
    Results,
    Tree,
    TreeNode,
    consolidate,
    consolidate_levels,
    dump_results,
    load_grid,
    load_results,
)

GRID = """
id: g
label: G
period: 2017
total_points: 100
axes:
  - id: a
    label: A
    objectives:
      - id: o
        label: O
        points: 100
        indicators:
          - id: del
            label: Delay
            unit: number
            rule: {type: delay, due: "2017-06-30", step: "10 %"}
          - id: cnt
            label: Count
            unit: count
            rule:
              type: count
              weights: {A: 1, B: 2, C: 3, D: 4}
              refusal: true
              rule: {type: steps, direction: lower, below: "20 %", steps: [{threshold: 10, rate: "50 %"}, {threshold: 5, rate: "100 %"}]}
"""

PAIR = Tree(id="t", label="T", root=TreeNode("p", "P", [TreeNode("a"), TreeNode("b")]))
NESTED = Tree(
    id="t",
    label="T",
    root=TreeNode("top", "Top", [TreeNode("g", "G", [TreeNode("a"), TreeNode("b")]), TreeNode("c")]),
)
REFUSAL = "not consolidated: a refusal (« Refus de validation ») does not add up with counts of observations"
DATES = (
    "not consolidated: a delivery date gives one entity's months late; the parent's delay is "
    "neither their sum nor their mean"
)


def _results(entity: str, delay: str, count: str) -> Results:
    text = f"entity: {entity}\ngrid: g\nperiod: 2017\nresults:\n  del: {delay}\n  cnt: {count}\n"
    return load_results(text, load_grid(GRID))


def test_counts_sum_class_by_class() -> None:
    children = [_results("a", "1", "{counts: {A: 2, C: 1}}"), _results("b", "2", "{counts: {C: 1, D: 1}}")]
    value = consolidate(children, PAIR, load_grid(GRID)).get("cnt")
    assert value is not None
    assert (Decimal(12), (("A", Decimal(2)), ("C", Decimal(2)), ("D", Decimal(1)))) == (
        value.value,
        value.counts,
    )


def test_summed_counts_are_written_as_counts_and_read_back() -> None:
    grid = load_grid(GRID)
    children = [_results("a", "1", "{counts: {A: 2, C: 1}}"), _results("b", "2", "{counts: {C: 1, D: 1}}")]
    parent = consolidate(children, PAIR, grid)
    again = load_results(dump_results(parent), grid).get("cnt")
    assert again is not None
    assert (parent.get("cnt"), "") == (again, again.written)


def test_counts_without_classes_somewhere_sum_their_scores_only() -> None:
    children = [_results("a", "1", "{counts: {A: 2, C: 1}}"), _results("b", "2", "7")]
    value = consolidate(children, PAIR, load_grid(GRID)).get("cnt")
    assert value is not None
    assert (Decimal(12), ()) == (value.value, value.counts)


def test_a_refused_count_is_not_consolidated() -> None:
    children = [_results("a", "1", "refus"), _results("b", "2", "{counts: {D: 1}}")]
    value = consolidate(children, PAIR, load_grid(GRID)).get("cnt")
    assert value is not None
    assert (None, REFUSAL, "refused in a") == (value.value, value.neutralised, value.comment)


def test_the_parent_comment_lists_a_refused_count() -> None:
    children = [_results("a", "1", "refus"), _results("b", "2", "{counts: {D: 1}}")]
    parent = consolidate(children, PAIR, load_grid(GRID))
    assert "Not consolidated (a refusal, which does not add up): cnt." in parent.comment


def test_delays_read_from_dates_are_not_consolidated() -> None:
    children = [_results("a", "2017-08-12", "1"), _results("b", "2017-09-15", "1")]
    value = consolidate(children, PAIR, load_grid(GRID)).get("del")
    assert value is not None
    assert (None, DATES, "a delivery date in a, b") == (value.value, value.neutralised, value.comment)


def test_one_date_among_numbers_of_months_is_enough() -> None:
    children = [_results("a", "12/08/2017", "1"), _results("b", "3", "1")]
    value = consolidate(children, PAIR, load_grid(GRID)).get("del")
    assert value is not None
    assert DATES == value.neutralised


def test_a_refusal_passes_up_every_level_as_in_one_step() -> None:
    grid = load_grid(GRID)
    children = [_results("a", "1", "refus"), _results("b", "1", "2"), _results("c", "1", "3")]
    levels = consolidate_levels(children, NESTED, grid)
    top = levels["top"].get("cnt")
    assert top is not None
    assert (REFUSAL, REFUSAL) == (levels["g"].get("cnt").neutralised, top.neutralised)  # type: ignore[union-attr]


def test_a_refusal_read_back_from_a_written_level_passes_up() -> None:
    grid = load_grid(GRID)
    middle = consolidate([_results("a", "1", "refus"), _results("b", "1", "2")], NESTED, grid, node="g")
    written = load_results(dump_results(middle), grid)
    top = consolidate([written, _results("c", "1", "3")], NESTED, grid).get("cnt")
    assert top is not None
    assert REFUSAL == top.neutralised
