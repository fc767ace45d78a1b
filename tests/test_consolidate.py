"""Consolidation along the entity tree: golden 2019 figures, rules, properties, CLI."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import (
    CpgScoreError,
    Entity,
    Results,
    ResultValue,
    Tree,
    TreeError,
    TreeNode,
    Unit,
    Weight,
    consolidate,
    consolidate_levels,
    load_grid,
    load_results,
    load_tree,
    round_half_up,
    score,
)
from cpg_score.cli import main

from .conftest import OBJECTIVES, ROOT
from .strategies import leaf_results

D = Decimal
LOCAL = OBJECTIVES / "elsm-2019-local.yaml"
CARDS = OBJECTIVES / "results" / "2019" / "elsm"
TREE = OBJECTIVES / "entities" / "nouvelle-aquitaine.yaml"


@pytest.fixture(scope="module")
def levels() -> dict[str, Results]:
    grid = load_grid(LOCAL)
    cards = [load_results(p, grid) for p in sorted(CARDS.glob("*.yaml"))]
    return consolidate_levels(cards, load_tree(TREE), grid)


def _value(results: Results, item_id: str) -> Decimal | None:
    value = results.get(item_id)
    assert value is not None
    return value.resolved


# Hand-computed from the 13 cards (see /work/notes/elsm-data-notes.md, "Card sums").
GOLDEN_SUMS = [
    ("drsm-aquitaine", "contacts-ambulatoire", "41669"),
    ("drsm-centre-ouest", "contacts-ambulatoire", "21620"),
    ("drsm-nouvelle-aquitaine", "contacts-ambulatoire", "63289"),
    ("drsm-aquitaine", "contacts-etablissements", "1479"),
    ("drsm-centre-ouest", "contacts-etablissements", "978"),
    ("drsm-aquitaine", "adhesions-prado", "12117"),
    ("drsm-centre-ouest", "adhesions-prado", "5431"),
    ("drsm-aquitaine", "sejours-controles-t2a", "4171"),
    ("drsm-centre-ouest", "sejours-controles-t2a", "2771"),
    ("drsm-nouvelle-aquitaine", "sejours-controles-t2a", "6942"),
    ("drsm-aquitaine", "indus-t2a", "1256617"),
    ("drsm-centre-ouest", "indus-t2a", "307675"),
    ("drsm-nouvelle-aquitaine", "indus-t2a", "1564292"),
    ("drsm-aquitaine", "dap-chirurgie-plastique", "2175"),
    ("drsm-centre-ouest", "dap-chirurgie-plastique", "1034"),
    ("drsm-nouvelle-aquitaine", "dap-chirurgie-plastique", "3209"),
    ("drsm-aquitaine", "depense-evitee-chirurgie-plastique", "707132"),
    ("drsm-centre-ouest", "depense-evitee-chirurgie-plastique", "252872"),
    ("drsm-nouvelle-aquitaine", "depense-evitee-chirurgie-plastique", "960004"),
]


@pytest.mark.parametrize(("entity", "item", "expected"), GOLDEN_SUMS)
def test_counts_add_up(levels: dict[str, Results], entity: str, item: str, expected: str) -> None:
    assert D(expected) == _value(levels[entity], item)


@pytest.mark.parametrize(
    ("entity", "figure", "expected"),
    [
        ("drsm-aquitaine", "entrees-invalidite", "4853"),
        ("drsm-centre-ouest", "entrees-invalidite", "3148"),
        ("drsm-aquitaine", "praticiens-conseils", "71"),
        ("drsm-centre-ouest", "praticiens-conseils", "57"),
        ("drsm-aquitaine", "aia-suite-ccx", "23"),
        ("drsm-centre-ouest", "aia-suite-ccx", "24"),
        ("drsm-nouvelle-aquitaine", "population-protegee", "4843459"),
    ],
)
def test_count_figures_add_up(levels: dict[str, Results], entity: str, figure: str, expected: str) -> None:
    assert {f.id: f.value for f in levels[entity].figures}[figure] == D(expected)


@pytest.mark.parametrize(
    ("entity", "percent", "entries"),
    [
        ("drsm-aquitaine", "89.75", "4853"),
        ("drsm-centre-ouest", "94.12", "3148"),
        ("drsm-nouvelle-aquitaine", "91.47", "8001"),
    ],
)
def test_invalidity_rate_weighted_by_entries(
    levels: dict[str, Results], entity: str, percent: str, entries: str
) -> None:
    value = levels[entity].get("invalidite-instruites-60j")
    assert value is not None and value.resolved is not None
    assert (D(percent), D(entries)) == (round_half_up(value.resolved * 100, 2), value.denominator)
    assert "weighted estimate" in value.comment


def test_invalidity_numerator_is_sum_of_rate_times_entries(levels: dict[str, Results]) -> None:
    # Centre-Ouest: 0.987x515 + 0.99x147 + 0.995x543... summed by hand from the 7 cards.
    grid = load_grid(LOCAL)
    cards = [
        load_results(CARDS / f"{e}.yaml", grid)
        for e in (
            "elsm-charente",
            "elsm-creuse",
            "elsm-charente-maritime",
            "elsm-haute-vienne",
            "elsm-deux-sevres",
            "elsm-correze",
            "elsm-vienne",
        )
    ]
    expected = sum(
        (
            c.get("invalidite-instruites-60j").resolved * c.get("invalidite-instruites-60j").volume  # type: ignore[union-attr,operator]
            for c in cards
        ),
        D(0),
    )
    assert expected == levels["drsm-centre-ouest"].get("invalidite-instruites-60j").numerator  # type: ignore[union-attr]


def test_rates_without_denominator_or_weight_are_not_consolidated(levels: dict[str, Results]) -> None:
    value = levels["drsm-aquitaine"].get("ald-declaratives-14j")
    assert value is not None and value.neutralised is not None
    assert value.neutralised.startswith("not consolidated: published without its denominator")
    assert "ald-declaratives-14j" in levels["drsm-aquitaine"].comment


def test_partial_sum_names_the_entities_left_out(levels: dict[str, Results]) -> None:
    value = levels["drsm-aquitaine"].get("sejours-controles-t2a")
    assert value is not None
    assert "not given by elsm-landes, elsm-dordogne (left out)" in value.comment


def test_parent_and_entity_from_tree(levels: dict[str, Results]) -> None:
    aq = levels["drsm-aquitaine"]
    assert (Entity("drsm-aquitaine", "DRSM Aquitaine"), "drsm-nouvelle-aquitaine") == (aq.entity, aq.parent)


def test_rates_from_summed_numerators_never_mean_of_rates() -> None:
    a = Results(
        entity=Entity("a"),
        grid="g",
        period=2019,
        values=[ResultValue(id="r", numerator=D(1), denominator=D(10), unit=Unit.SHARE)],
    )
    b = Results(
        entity=Entity("b"),
        grid="g",
        period=2019,
        values=[ResultValue(id="r", numerator=D(9), denominator=D(10), exclusions=D(0))],
    )
    tree = Tree(id="t", label="T", root=TreeNode("p", "P", [TreeNode("a"), TreeNode("b")]))
    value = consolidate([a, b], tree).get("r")
    assert value is not None
    assert (D(10), D(20), D("0.5")) == (value.numerator, value.denominator, value.resolved)


def test_unknown_unit_without_grid_is_an_error() -> None:
    a = Results(entity=Entity("a"), grid="g", period=2019, values=[ResultValue(id="r", value=D(3))])
    tree = Tree(id="t", label="T", root=TreeNode("p", "P", [TreeNode("a")]))
    with pytest.raises(CpgScoreError, match="the unit of 'r' is unknown"):
        consolidate([a], tree)


def test_missing_entity_is_an_error() -> None:
    a = Results(
        entity=Entity("a"), grid="g", period=2019, values=[ResultValue(id="r", value=D(3), unit=Unit.COUNT)]
    )
    tree = Tree(id="t", label="T", root=TreeNode("p", "P", [TreeNode("a"), TreeNode("b")]))
    with pytest.raises(CpgScoreError, match="no results for entity 'b'"):
        consolidate([a], tree)


def test_weight_by_figure() -> None:
    def entity(name: str, rate: str, population: str) -> Results:
        from cpg_score import Figure

        return Results(
            entity=Entity(name),
            grid="g",
            period=2019,
            values=[ResultValue(id="r", value=D(rate), unit=Unit.SHARE)],
            figures=[Figure(id="pop", value=D(population), unit=Unit.COUNT)],
        )

    tree = Tree(
        id="t",
        label="T",
        root=TreeNode("p", "P", [TreeNode("a"), TreeNode("b")]),
        weights=[Weight("r", "figure", "pop")],
    )
    value = consolidate([entity("a", "0.5", "100"), entity("b", "1", "300")], tree).get("r")
    assert value is not None
    assert D("0.875") == value.resolved


def test_consolidated_region_scores_on_local_grid(levels: dict[str, Results]) -> None:
    grid = load_grid(LOCAL)
    card = score(grid, levels["drsm-nouvelle-aquitaine"])
    assert (D(700), True) == (card.total.max, card.objective("ald").neutralised)


# -- tree loading -----------------------------------------------------------------------------


def test_shipped_tree() -> None:
    tree = load_tree(TREE)
    expected = (["drsm-aquitaine", "drsm-centre-ouest"], 13, "drsm-aquitaine")
    assert expected == (
        [n.id for n in tree.root.children],
        len(tree.root.leaves()),
        tree.parent_of("elsm-pau"),
    )


def test_tree_errors_have_file_line_column() -> None:
    text = "id: t\nlabel: T\nroot:\n  id: p\n  childs: []\nweights:\n  r: mean\n"
    with pytest.raises(TreeError) as info:
        load_tree(text)
    expected = [
        ("unknown key 'childs'; did you mean 'children'?", 5, 3),
        ("a weight is `volume` or {figure: id}, got 'mean'", 7, 6),
    ]
    assert expected == [(p.message, p.line, p.column) for p in info.value.problems]


def test_tree_duplicate_entity_is_an_error() -> None:
    text = "id: t\nlabel: T\nroot:\n  id: p\n  children:\n    - {id: a}\n    - {id: a}\n"
    with pytest.raises(TreeError, match="entity 'a' appears 2 times"):
        load_tree(text)


def test_tree_schema_matches_loader_keys() -> None:
    schema = json.loads((ROOT / "src" / "cpg_score" / "schemas" / "tree.schema.json").read_text())
    assert {"id", "label", "root", "weights", "source", "description"} == set(schema["properties"])
    assert {"id", "label", "children"} == set(schema["$defs"]["node"]["properties"])


def test_shipped_tree_valid_against_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads((ROOT / "src" / "cpg_score" / "schemas" / "tree.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(TREE.read_text(encoding="utf-8")))


# -- properties -------------------------------------------------------------------------------


def _numbers(results: Results) -> dict[str, tuple[object, ...]]:
    return {
        v.id: (v.resolved, v.numerator, v.denominator, v.volume, v.neutralised is None)
        for v in results.values
    }


@st.composite
def forests(draw: st.DrawFn) -> tuple[list[list[Results]], list[str]]:
    groups = draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
    leaves: list[list[Results]] = []
    n = 0
    for size in groups:
        group = []
        for _ in range(size):
            group.append(draw(leaf_results(f"e{n}")))
            n += 1
        leaves.append(group)
    return leaves, [f"g{i}" for i in range(len(groups))]


def _units(results: list[Results]) -> list[Results]:
    from attrs import evolve

    out = []
    for r in results:
        values = [evolve(v, unit=Unit.SHARE if v.id.startswith("share") else Unit.COUNT) for v in r.values]
        out.append(evolve(r, values=values))
    return out


@settings(max_examples=40, deadline=None)
@given(forests())
def test_one_step_equals_level_by_level(forest: tuple[list[list[Results]], list[str]]) -> None:
    groups, names = forest
    leaves = [r for group in groups for r in _units(group)]
    weights = [Weight("share-b", "volume")]
    nested = Tree(
        id="t",
        label="T",
        root=TreeNode(
            "root",
            "",
            [
                TreeNode(name, "", [TreeNode(r.entity.id) for r in group])
                for name, group in zip(names, groups, strict=True)
            ],
        ),
        weights=weights,
    )
    flat = Tree(
        id="t", label="T", root=TreeNode("root", "", [TreeNode(r.entity.id) for r in leaves]), weights=weights
    )
    assert _numbers(consolidate(leaves, flat)) == _numbers(consolidate(leaves, nested))


@settings(max_examples=40, deadline=None)
@given(leaf_results("only"))
def test_consolidating_one_entity_returns_it(leaf: Results) -> None:
    (leaf,) = _units([leaf])
    tree = Tree(
        id="t",
        label="T",
        root=TreeNode("parent", "", [TreeNode("only")]),
        weights=[Weight("share-b", "volume")],
    )
    parent = consolidate([leaf], tree)
    # The same figures (a rate weighted by its own volume comes back as numerator / denominator).
    expected = {v.id: (v.resolved, v.volume, v.neutralised) for v in leaf.values}
    assert expected == {v.id: (v.resolved, v.volume, v.neutralised) for v in parent.values}


# -- CLI --------------------------------------------------------------------------------------


def test_cli_writes_a_file_score_accepts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "aq.yaml"
    code = main(
        [
            "consolidate",
            str(TREE),
            str(CARDS),
            "--grid",
            str(LOCAL),
            "--node",
            "drsm-aquitaine",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    assert main(["score", str(LOCAL), str(out), "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["entity"]["id"] == "drsm-aquitaine"


def test_cli_levels_then_top(tmp_path: Path) -> None:
    args = ["consolidate", str(TREE), str(CARDS), "--grid", str(LOCAL), "--output-dir", str(tmp_path)]
    assert main(args) == 0
    top = tmp_path / "top.yaml"
    drsm = [str(tmp_path / "drsm-aquitaine.yaml"), str(tmp_path / "drsm-centre-ouest.yaml")]
    assert main(["consolidate", str(TREE), *drsm, "-o", str(top)]) == 0
    one_step = load_results(tmp_path / "drsm-nouvelle-aquitaine.yaml")
    assert _numbers(one_step) == _numbers(load_results(top))


def test_cli_missing_unit_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["consolidate", str(TREE), str(CARDS)]) == 2
    assert "unit of 'ald-declaratives-14j' is unknown" in capsys.readouterr().err


# -- the local grid, every ELSM and the consolidated regions ------------------------------------

ELSM = sorted(p.stem for p in CARDS.glob("*.yaml"))


@pytest.mark.parametrize("entity", ELSM)
def test_local_grid_scores_every_elsm_api(entity: str) -> None:
    grid = load_grid(LOCAL)
    card = score(grid, load_results(CARDS / f"{entity}.yaml", grid))
    assert D(0) <= card.total.points <= card.total.max


@pytest.mark.parametrize("entity", ELSM)
def test_local_grid_scores_every_elsm_cli(entity: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["score", str(LOCAL), str(CARDS / f"{entity}.yaml"), "-f", "json"])
    assert (0, entity) == (code, json.loads(capsys.readouterr().out)["entity"]["id"])


@pytest.mark.parametrize("region", ["drsm-aquitaine", "drsm-centre-ouest", "drsm-nouvelle-aquitaine"])
def test_local_grid_scores_consolidated_regions_cli(
    region: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"{region}.yaml"
    args = ["consolidate", str(TREE), str(CARDS), "--grid", str(LOCAL), "--node", region, "-o", str(out)]
    assert main(args) == 0
    assert main(["score", str(LOCAL), str(out), "-f", "json"]) == 0
    total = json.loads(capsys.readouterr().out)["total"]
    assert D(total["max"]) == D(700)


def test_local_grid_region_scores_api(levels: dict[str, Results]) -> None:
    grid = load_grid(LOCAL)
    totals = {k: score(grid, r).points(score(grid, r).total.points) for k, r in levels.items()}
    expected = {"drsm-aquitaine", "drsm-centre-ouest", "drsm-nouvelle-aquitaine"}
    assert expected == set(totals)
