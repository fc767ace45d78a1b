"""Consolidation writes its comments from how each value was made, never from the comments it
is given: a user's comment that speaks of estimates or rounding changes nothing."""

from __future__ import annotations

from decimal import Decimal

from cpg_score import (
    Entity,
    Results,
    ResultValue,
    Tree,
    TreeNode,
    Unit,
    Weight,
    consolidate,
    consolidate_levels,
    dump_results,
    load_results,
)

D = Decimal

PAIR = Tree(id="t", label="T", root=TreeNode("p", "P", [TreeNode("a"), TreeNode("b")]))
NESTED = Tree(
    id="t",
    label="T",
    root=TreeNode("top", "Top", [TreeNode("g", "G", [TreeNode("a"), TreeNode("b")]), TreeNode("c")]),
    weights=[Weight("r", "volume")],
)
ROUNDED = "rounded half up to 30 decimal places (its exact value has more)"


def _results(entity: str, *values: ResultValue) -> Results:
    return Results(entity=Entity(entity), grid="g", period=2019, values=list(values))


def _rate(comment: str = "", neutralised: str | None = None) -> ResultValue:
    if neutralised is not None:
        return ResultValue(id="r", neutralised=neutralised, comment=comment, unit=Unit.SHARE)
    return ResultValue(id="r", numerator=D(1), denominator=D(4), comment=comment, unit=Unit.SHARE)


def test_user_comment_naming_an_estimate_does_not_make_one() -> None:
    children = [_results("a", _rate("checked: not a weighted estimate")), _results("b", _rate())]
    parent = consolidate(children, PAIR)
    value = parent.get("r")
    assert value is not None
    assert ("weighted estimate" in value.comment, "weighted estimate" in parent.comment) == (False, False)


def test_user_comment_naming_a_rounding_does_not_make_one() -> None:
    children = [_results("a", _rate(f"the source says: {ROUNDED}")), _results("b", _rate())]
    parent = consolidate(children, PAIR)
    value = parent.get("r")
    assert value is not None
    assert (ROUNDED in value.comment, "Rounded to 30" in parent.comment) == (False, False)


def test_user_reason_starting_not_consolidated_is_passed_up_but_not_listed() -> None:
    reason = "not consolidated by the ELSM this year"
    children = [_results("a", _rate(neutralised=reason)), _results("b", _rate(neutralised=reason))]
    parent = consolidate(children, PAIR)
    value = parent.get("r")
    assert value is not None
    assert (reason, False) == (value.neutralised, "Not consolidated" in parent.comment)


def _weighted_leaves() -> list[Results]:
    weighted = ResultValue(id="r", value=D("0.5"), volume=D(10), unit=Unit.SHARE)
    return [_results("a", weighted), _results("b", weighted), _results("c", _rate())]


def test_estimate_below_is_said_at_the_top_in_one_run() -> None:
    top = consolidate_levels(_weighted_leaves(), NESTED)["top"]
    value = top.get("r")
    assert value is not None
    assert (True, True) == (
        value.comment.endswith("; a weighted estimate (see the entities' comments)"),
        top.comment.endswith("(weighted estimates): r."),
    )


def test_estimate_below_is_said_at_the_top_from_a_written_level() -> None:
    levels = consolidate_levels(_weighted_leaves(), NESTED)
    written = [load_results(dump_results(levels["g"])), _weighted_leaves()[2]]
    assert levels["top"] == consolidate(written, NESTED)


def test_a_consolidated_value_names_its_entities_in_its_source() -> None:
    value = consolidate([_results("a", _rate()), _results("b", _rate())], PAIR).get("r")
    assert value is not None
    assert "consolidated by cpg-score from 2 entities: a, b" == value.source
