"""Consolidation is exact, and writes only files that read back: exact weighted estimates, the
rounding of estimates that do not terminate, the refusal of figures beyond the readable range,
and the in-memory results equal to the written-then-reloaded ones."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import (
    Axis,
    CpgScoreError,
    Entity,
    Figure,
    Grid,
    Indicator,
    LinearRule,
    Objective,
    Policy,
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
    load_tree,
    score,
)
from cpg_score.cli import main

D = Decimal

# -- the reviewer's case -----------------------------------------------------------------------

GRID = """\
id: g
label: G
period: 2019
total_points: 100
policy: {neutralisation: exclude}
axes:
  - id: ax
    label: Ax
    objectives:
      - id: obj
        label: Obj
        points: 100
        indicators:
          - {id: o1, label: O1, unit: share, weight: 1, rule: {type: linear, floor: "50 %", target: "100 %"}}
          - {id: o2, label: O2, unit: count, weight: 1, rule: {type: linear, floor: 0, target: 1000}}
"""

TREE = """\
id: t
label: T
root:
  id: p
  children: [{id: a}, {id: b}]
weights:
  o1: volume
  share: {figure: pop}
"""

CHILD = """\
entity: {{id: {id}, label: {id}}}
grid: g
period: 2019
results:
  o1: {o1}
  o2: {{value: {count}, unit: count}}
figures:
  share: {{value: {share}, unit: share}}
  pop: {{value: {pop}, unit: count}}
"""

#: The message of the refusal of the reviewer's case (a sum of two counts of 9e14).
REFUSAL = (
    "consolidated o2 = 1800000000000000 is beyond the readable range (numbers must be below 1e15 "
    "in size, with at most 30 decimal places and at most 60 digits): a results file could not hold "
    "it (entity 'p', $.results.o2.value)"
)


def _files(tmp_path: Path, count: str) -> list[str]:
    """The grid, the tree and the two children of the reviewer's case, counts of `count`."""
    a = CHILD.format(id="a", o1="{value: 0.9, volume: 100, unit: share}", count=count, share="0.5", pop=1)
    b = CHILD.format(id="b", o1="{numerator: 1, denominator: 3}", count=count, share="0.25", pop=2)
    paths = []
    for name, text in (("g", GRID), ("tree", TREE), ("a", a), ("b", b)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_weighted_estimate_is_written_exactly_and_reads_back(tmp_path: Path) -> None:
    # 0.9 x 100 + 1/3 x 3 = 91 exactly, over 103 cases (the old file said 90.999...9, 62 digits).
    _, tree, a, b = _files(tmp_path, "400000000000000")
    out = tmp_path / "p.yaml"
    assert 0 == main(["consolidate", tree, a, b, "-o", str(out)])
    o1 = load_results(out).get("o1")
    assert o1 is not None
    assert (D(91), D(103), D(103), Fraction(91, 103)) == (o1.numerator, o1.denominator, o1.volume, o1.exact)


def test_consolidated_file_validates_and_scores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    grid, tree, a, b = _files(tmp_path, "400000000000000")
    out = tmp_path / "p.yaml"
    main(["consolidate", tree, a, b, "-o", str(out)])
    assert (0, 0) == (main(["validate", grid, str(out)]), main(["score", grid, str(out), "-f", "json"]))


def test_weighted_figure_that_does_not_terminate_is_rounded_and_says_so(tmp_path: Path) -> None:
    # (0.5 x 1 + 0.25 x 2) / 3 = 1/3: rounded half up to 30 places.
    _, tree, a, b = _files(tmp_path, "400000000000000")
    out = tmp_path / "p.yaml"
    main(["consolidate", tree, a, b, "-o", str(out)])
    figure = {f.id: f for f in load_results(out).figures}["share"]
    assert (D("0." + "3" * 30), True) == (
        figure.value,
        "rounded half up to 30 decimal places" in figure.comment,
    )


def test_parent_comment_names_the_rounded_entries(tmp_path: Path) -> None:
    _, tree, a, b = _files(tmp_path, "400000000000000")
    parent = consolidate([load_results(Path(a)), load_results(Path(b))], load_tree(Path(tree)))
    assert parent.comment.endswith(" Rounded to 30 decimal places (exact values with more places): share.")


def test_api_result_is_the_written_file(tmp_path: Path) -> None:
    _, tree, a, b = _files(tmp_path, "400000000000000")
    out = tmp_path / "p.yaml"
    main(["consolidate", tree, a, b, "-o", str(out)])
    in_memory = consolidate([load_results(Path(a)), load_results(Path(b))], load_tree(Path(tree)))
    assert in_memory == load_results(out)


def test_sum_beyond_the_range_is_refused_by_the_api(tmp_path: Path) -> None:
    _, tree, a, b = _files(tmp_path, "900000000000000")
    children = [load_results(Path(a)), load_results(Path(b))]
    with pytest.raises(CpgScoreError) as info:
        consolidate(children, load_tree(Path(tree)))
    assert REFUSAL == str(info.value)


def test_sum_beyond_the_range_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, tree, a, b = _files(tmp_path, "900000000000000")
    out = tmp_path / "p.yaml"
    code = main(["consolidate", tree, a, b, "-o", str(out)])
    assert (2, REFUSAL, False) == (code, capsys.readouterr().err.strip(), out.exists())


# -- rounding and range, on small trees ---------------------------------------------------------

PAIR = Tree(
    id="t",
    label="T",
    root=TreeNode("p", "P", [TreeNode("a"), TreeNode("b")]),
    weights=[Weight("r", "volume")],
)


def _pair(a: ResultValue, b: ResultValue) -> ResultValue:
    children = [
        Results(entity=Entity("a"), grid="g", period=2019, values=[a]),
        Results(entity=Entity("b"), grid="g", period=2019, values=[b]),
    ]
    value = consolidate(children, PAIR).get(a.id)
    assert value is not None
    return value


def test_weighted_numerator_that_does_not_terminate_is_rounded_over_the_summed_weights() -> None:
    # 1/3 x 10 + 0.5 x 10 = 25/3: the denominator stays 20, the numerator is rounded.
    value = _pair(
        ResultValue(id="r", numerator=D(1), denominator=D(3), volume=D(10), unit=Unit.SHARE),
        ResultValue(id="r", value=D("0.5"), volume=D(10)),
    )
    expected = (D("8." + "3" * 30), D(20), True)
    assert expected == (
        value.numerator,
        value.denominator,
        "rounded half up to 30 decimal places" in value.comment,
    )


def test_weighted_numerator_beyond_30_places_is_rounded_half_up() -> None:
    tiny = D("1e-30")
    value = _pair(
        ResultValue(id="r", value=D("0.5"), volume=tiny * 3, unit=Unit.SHARE),
        ResultValue(id="r", value=D(1), volume=tiny),
    )
    # 0.5 x 3e-30 + 1 x 1e-30 = 2.5e-30: rounded half up to 3e-30 (30 places).
    assert (D("3e-30"), D("4e-30")) == (value.numerator, value.denominator)


def test_count_given_as_a_fraction_sums_exactly() -> None:
    value = _pair(
        ResultValue(id="r", numerator=D(1), denominator=D(4), unit=Unit.COUNT),
        ResultValue(id="r", numerator=D(1), denominator=D(8)),
    )
    assert (D("0.375"), Fraction(3, 8)) == (value.value, value.exact)


def test_summed_volume_beyond_the_range_is_refused() -> None:
    big = D("600000000000000")
    with pytest.raises(
        CpgScoreError, match=r"^consolidated r = 1200000000000000 is beyond the readable range"
    ):
        _pair(
            ResultValue(id="r", numerator=D(1), denominator=big, unit=Unit.SHARE),
            ResultValue(id="r", numerator=D(1), denominator=big),
        )


def test_summed_figure_beyond_the_range_names_its_path() -> None:
    big = [Figure(id="pop", value=D("900000000000000"), unit=Unit.COUNT)]
    children = [
        Results(
            entity=Entity("a"),
            grid="g",
            period=2019,
            values=[ResultValue(id="r", value=D(1), unit=Unit.COUNT)],
            figures=big,
        ),
        Results(
            entity=Entity("b"),
            grid="g",
            period=2019,
            values=[ResultValue(id="r", value=D(1), unit=Unit.COUNT)],
            figures=big,
        ),
    ]
    with pytest.raises(CpgScoreError, match=r"\(entity 'p', \$\.figures\.pop\.value\)$"):
        consolidate(children, PAIR)


# -- properties: in memory == written and read back; one step == level by level -----------------

IDS = ("count", "rate", "by-volume", "by-figure")
PROPERTY_GRID = Grid(
    id="consolidation-exact",
    label="G",
    period=2019,
    total_points=D(100),
    axes=[
        Axis(
            "ax",
            "Ax",
            [
                Objective(
                    id="obj",
                    label="Obj",
                    points=D(100),
                    indicators=[
                        Indicator(id="count", label="Count", rule=LinearRule(D(0), D(5000)), unit=Unit.COUNT),
                        Indicator(id="rate", label="Rate", rule=LinearRule(D("0.2"), D("0.9"))),
                        Indicator(id="by-volume", label="By volume", rule=LinearRule(D("0.2"), D("0.9"))),
                        Indicator(id="by-figure", label="By figure", rule=LinearRule(D("0.2"), D("0.9"))),
                    ],
                )
            ],
        )
    ],
    policy=Policy.EXCLUDE,
)
WEIGHTS = [
    Weight("by-volume", "volume"),
    Weight("by-figure", "figure", "pop"),
    Weight("mean", "figure", "pop"),
]


@st.composite
def decimals(draw: st.DrawFn, low: int, high: int) -> Decimal:
    """A decimal in [low, high] with 0 to 6 places."""
    places = draw(st.integers(0, 6))
    return D(draw(st.integers(low * 10**places, high * 10**places))).scaleb(-places)


@st.composite
def fractions(draw: st.DrawFn, volume: bool) -> ResultValue:
    """A share as numerator / denominator (less exclusions), with a volume when `volume`."""
    denominator = draw(st.integers(1, 1000))
    exclusions = draw(st.one_of(st.none(), st.integers(0, denominator - 1)))
    numerator = draw(st.integers(0, denominator - (exclusions or 0)))
    return ResultValue(
        id="x",
        numerator=D(numerator),
        denominator=D(denominator),
        exclusions=None if exclusions is None else D(exclusions),
        volume=draw(decimals(1, 1000)) if volume else None,
    )


@st.composite
def children(draw: st.DrawFn, entity_id: str, terminating: bool) -> Results:
    """One entity: a count, a rate as a fraction, a share weighted by volume and one weighted by a
    figure, given as a value or a fraction; with `terminating`, only the kinds whose weighted sums
    terminate (a fraction weighted by its own denominator, a value by its volume)."""
    by_volume = [
        fractions(volume=False),
        st.builds(lambda v, w: ResultValue(id="x", value=v, volume=w), decimals(0, 1), decimals(1, 1000)),
    ]
    if not terminating:
        by_volume.append(fractions(volume=True))
    by_figure = [st.builds(lambda v: ResultValue(id="x", value=v), decimals(0, 1))]
    if not terminating:
        by_figure.append(fractions(volume=False))
    drawn = {
        "count": ResultValue(id="x", value=draw(decimals(0, 10_000))),
        "rate": draw(fractions(volume=False)),
        "by-volume": draw(st.one_of(by_volume)),
        "by-figure": draw(st.one_of(by_figure)),
    }
    values = [
        ResultValue(id=i, neutralised="not printed")
        if draw(st.integers(0, 7)) == 0
        else _with_id(drawn[i], i)
        for i in IDS
    ]
    figures = [Figure(id="pop", value=draw(decimals(1, 100_000)), unit=Unit.COUNT)]
    if not terminating:  # a weighted figure has no denominator: a rounded mean weighs differently
        figures.append(Figure(id="mean", value=draw(decimals(0, 1)), unit=Unit.SHARE))
    return Results(
        entity=Entity(entity_id, entity_id),
        grid=PROPERTY_GRID.id,
        period=2019,
        values=values,
        figures=figures,
    )


def _with_id(value: ResultValue, item_id: str) -> ResultValue:
    return evolve(value, id=item_id)


@st.composite
def forests(draw: st.DrawFn, terminating: bool) -> tuple[list[Results], Tree, Tree]:
    """Leaves, the tree grouping them under intermediate entities, and the flat tree."""
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
    leaves: list[Results] = []
    groups: list[TreeNode] = []
    for g, size in enumerate(sizes):
        group = [draw(children(f"e{len(leaves) + k}", terminating)) for k in range(size)]
        leaves += group
        groups.append(TreeNode(f"g{g}", "", [TreeNode(r.entity.id) for r in group]))
    nested = Tree(id="t", label="T", root=TreeNode("root", "", groups), weights=WEIGHTS)
    flat = Tree(
        id="t", label="T", root=TreeNode("root", "", [TreeNode(r.entity.id) for r in leaves]), weights=WEIGHTS
    )
    return leaves, nested, flat


def _exact(results: Results) -> dict[str, Fraction | None]:
    return {v.id: v.exact for v in results.values} | {f.id: Fraction(f.value) for f in results.figures}


@settings(max_examples=60, deadline=None)
@given(forests(terminating=False))
def test_in_memory_equals_written_and_read_back(forest: tuple[list[Results], Tree, Tree]) -> None:
    leaves, nested, _ = forest
    levels = consolidate_levels(leaves, nested, PROPERTY_GRID)
    reloaded = {k: load_results(dump_results(r), PROPERTY_GRID) for k, r in levels.items()}
    expected = {k: score(PROPERTY_GRID, r).to_dict() for k, r in levels.items()}
    assert expected == {k: score(PROPERTY_GRID, r).to_dict() for k, r in reloaded.items()}


@settings(max_examples=60, deadline=None)
@given(forests(terminating=False))
def test_reloaded_levels_consolidate_to_the_in_memory_top(forest: tuple[list[Results], Tree, Tree]) -> None:
    leaves, nested, _ = forest
    levels = consolidate_levels(leaves, nested, PROPERTY_GRID)
    written = [load_results(dump_results(r)) for k, r in levels.items() if k != "root"]
    assert levels["root"] == consolidate(written, nested, PROPERTY_GRID)


@settings(max_examples=60, deadline=None)
@given(forests(terminating=True))
def test_one_step_equals_level_by_level_exactly(forest: tuple[list[Results], Tree, Tree]) -> None:
    leaves, nested, flat = forest
    one_step, by_level = consolidate(leaves, flat, PROPERTY_GRID), consolidate(leaves, nested, PROPERTY_GRID)
    assert (_exact(one_step), score(PROPERTY_GRID, one_step).to_dict()["total"]) == (
        _exact(by_level),
        score(PROPERTY_GRID, by_level).to_dict()["total"],
    )
