"""The rule registry: one module per rule type, reached by its `type`; adding one touches nothing else."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from typing import Any, ClassVar

import pytest
import yaml
from attrs import frozen
from hypothesis import given, settings

from cpg_score import GridError, load_grid, load_results, score
from cpg_score._numbers import formula_text
from cpg_score.io.dump import dump_grid
from cpg_score.model.rules import (
    BandsRule,
    BinaryRule,
    BlendRule,
    CountRule,
    DelayRule,
    Direction,
    ImprovementRule,
    LinearRule,
    PiecewiseRule,
    RateRule,
    RelativeRule,
    Rule,
    ScoringRule,
    StepsRule,
    needs_baseline,
    rule_target,
    with_baseline,
)
from cpg_score.model.rules.registry import (
    RULES,
    RuleBase,
    RuleFields,
    RuleKind,
    kind_of,
    register,
    rule_text,
    rule_to_data,
    rule_types,
    schema_defs,
    unregister,
)
from cpg_score.reports import render
from cpg_score.scoring import explain

from .strategies import EVERY_RULE

D = Decimal
BUILT_IN = (
    "rate",
    "linear",
    "steps",
    "binary",
    "bands",
    "improvement",
    "blend",
    "piecewise",
    "relative",
    "delay",
    "count",
)
RULE_DEFS = ("rule", "baseRule", "ruleObject", "step", "band", "piecewisePoint", "relativeBound")


def _shipped_schema() -> dict[str, Any]:
    text = resources.files("cpg_score").joinpath("schemas/grid.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# -- the registry -----------------------------------------------------------------------------


def test_registry_holds_the_built_in_types_in_order() -> None:
    assert BUILT_IN == tuple(RULES)


def test_improvement_and_blend_cannot_be_nested() -> None:
    assert ("rate", "linear", "steps", "binary", "bands", "piecewise") == rule_types(nested=True)


def test_each_type_is_registered_with_its_class() -> None:
    classes = (RateRule, LinearRule, StepsRule, BinaryRule, BandsRule, ImprovementRule, BlendRule)
    classes += (PiecewiseRule, RelativeRule, DelayRule, CountRule)
    assert {c.type: c for c in classes} == {t: kind.cls for t, kind in RULES.items()}


def test_registering_a_taken_type_is_refused() -> None:
    with pytest.raises(ValueError, match="'linear' is already registered"):
        register(RuleKind(type="linear", cls=LinearRule, read=lambda fields: None))


@pytest.mark.parametrize(
    "rule",
    [
        RateRule(),
        LinearRule(D("0.5"), D("0.9")),
        BinaryRule(),
        ImprovementRule(LinearRule(D(0), D(1))),
    ],
    ids=lambda rule: rule.type,
)
def test_every_built_in_rule_is_a_scoring_rule(rule: Rule) -> None:
    assert isinstance(rule, ScoringRule)


def test_a_callers_own_rule_has_no_kind() -> None:
    class Own:
        type = "linear"

    assert kind_of(Own()) is None


def test_a_callers_own_rule_cannot_be_written() -> None:
    class Own:
        type = "own"
        direction = Direction.HIGHER

        def achievement(self, value: Decimal) -> Decimal:
            return value

        def explain(self, value: Decimal) -> str:
            return str(value)

        def breakpoints(self) -> tuple[Decimal, ...]:
            return ()

    with pytest.raises(TypeError, match="'own' is not registered"):
        rule_to_data(Own())


def test_rule_target_of_a_linear_rule_is_its_target() -> None:
    assert D("0.9") == rule_target(LinearRule(D("0.5"), D("0.9")))


def test_rule_target_of_a_binary_rule_without_threshold_is_one() -> None:
    assert D(1) == rule_target(BinaryRule())


def test_only_a_blend_rule_needs_a_baseline() -> None:
    blend = BlendRule(
        level=LinearRule(D(0), D(1)),
        progress=LinearRule(D(0), D("0.1")),
        level_weight=D("0.5"),
        progress_weight=D("0.5"),
    )
    assert (True, False) == (needs_baseline(blend), needs_baseline(ImprovementRule(RateRule())))


def test_with_baseline_leaves_a_rule_without_one_unchanged() -> None:
    rule = LinearRule(D(0), D(1))
    assert rule is with_baseline(rule, D("0.5"))


def test_rule_text_shows_nested_rules() -> None:
    data = rule_to_data(ImprovementRule(LinearRule(D("0.7"), D("0.9")), target=D("0.95")))
    assert "improvement (achievement linear (floor 0.7, target 0.9), target 0.95)" == rule_text(data)


@pytest.mark.parametrize("rule", [RateRule(), BinaryRule(threshold=D("0.5"), direction=Direction.LOWER)])
def test_plain_data_names_the_type(rule: Rule) -> None:
    assert rule.type == rule_to_data(rule)["type"]


# -- the JSON Schema --------------------------------------------------------------------------


def test_shipped_grid_schema_rule_part_is_the_registrys() -> None:
    # To refresh the file after changing a rule module: replace these `$defs` with schema_defs().
    shipped = _shipped_schema()["$defs"]
    assert schema_defs() == {name: shipped[name] for name in RULE_DEFS}


def test_schema_lists_every_registered_type() -> None:
    assert list(BUILT_IN) == schema_defs()["ruleObject"]["properties"]["type"]["enum"]


# -- adding a rule type: one module, nothing else ---------------------------------------------


@frozen
class RatioRule(RuleBase):
    """A toy rule: rate = clamp(R / target, 0, 1)."""

    type: ClassVar[str] = "ratio"
    target: Decimal

    @property
    def direction(self) -> Direction:
        return Direction.HIGHER

    def achievement(self, value: Decimal | Fraction | int) -> Fraction:
        return min(max(Fraction(value) / Fraction(self.target), Fraction(0)), Fraction(1))

    def explain(self, value: Decimal | Fraction | int) -> str:
        return f"rate = {formula_text(value)} / {formula_text(self.target)}"

    def breakpoints(self) -> tuple[Decimal, ...]:
        return (D(0), self.target)

    def on_target(self) -> Decimal:
        return self.target

    def to_data(self) -> dict[str, Any]:
        return {"type": "ratio", "target": str(self.target)}


def _read_ratio(fields: RuleFields) -> RatioRule | None:
    target = fields.number("target")
    return None if target is None else fields.build(RatioRule, target=target)


RATIO = RuleKind(
    type="ratio",
    cls=RatioRule,
    read=_read_ratio,
    required=("target",),
    schema={"target": {"$ref": "#/$defs/number", "description": "The result earning rate 1."}},
)

TOY_GRID = """
id: toy
label: Toy
period: 2020
total_points: 100
axes:
  - id: a
    label: A
    objectives:
      - id: o
        label: O
        points: 100
        indicators:
          - id: i
            label: I
            rule: {type: ratio, target: 80 %}
"""

TOY_RESULTS = """
entity: {id: e, label: E}
grid: toy
period: 2020
results:
  i: 40 %
"""


@pytest.fixture
def ratio() -> Iterator[RuleKind]:
    register(RATIO)
    yield RATIO
    unregister("ratio")


@pytest.mark.usefixtures("ratio")
def test_a_new_rule_type_is_read_from_a_grid() -> None:
    assert RatioRule(D("0.80")) == load_grid(TOY_GRID).axes[0].objectives[0].indicators[0].rule


@pytest.mark.usefixtures("ratio")
def test_a_new_rule_type_is_scored() -> None:
    grid = load_grid(TOY_GRID)
    assert D(50) == score(grid, load_results(TOY_RESULTS, grid)).total.points


@pytest.mark.usefixtures("ratio")
def test_a_new_rule_type_is_written_back() -> None:
    dumped = yaml.safe_load(dump_grid(load_grid(TOY_GRID)))
    assert {"type": "ratio", "target": "0.8"} == dumped["axes"][0]["objectives"][0]["indicators"][0]["rule"]


@pytest.mark.usefixtures("ratio")
def test_a_new_rule_type_is_explained() -> None:
    grid = load_grid(TOY_GRID)
    text = render(explain(grid, load_results(TOY_RESULTS, grid), "i"), "table", "en")
    assert ("rule: ratio (target 0.8)", "rate = 0.4 / 0.8") == tuple(
        line.strip() for line in text.splitlines() if line.strip().startswith(("rule:", "rate ="))
    )


@pytest.mark.usefixtures("ratio")
def test_a_new_rule_type_is_in_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = _shipped_schema()
    schema["$defs"].update(schema_defs())
    assert jsonschema.Draft202012Validator(schema).is_valid(yaml.safe_load(TOY_GRID))


@pytest.mark.usefixtures("ratio")
def test_a_new_rule_type_reports_a_missing_key() -> None:
    text = TOY_GRID.replace("{type: ratio, target: 80 %}", "{type: ratio}")
    with pytest.raises(GridError, match="missing required key 'target' for a 'ratio' rule"):
        load_grid(text)


def test_an_unregistered_type_is_refused() -> None:
    with pytest.raises(
        GridError,
        match="type must be one of rate, linear, steps, binary, bands, improvement, blend, piecewise, relative",
    ):
        load_grid(TOY_GRID)


# -- the modules ------------------------------------------------------------------------------


def test_every_registered_type_has_a_module() -> None:
    assert all(kind.cls.__module__ == f"cpg_score.model.rules.{t}" for t, kind in RULES.items())


@pytest.mark.parametrize("rule", [LinearRule(D("0.8"), D("0.9"), cap=D("1.2"))], ids=["capped"])
def test_a_capped_rule_cannot_be_a_base_rule(rule: Rule) -> None:
    with pytest.raises(ValueError, match="the base rule cannot have a cap above 100 %"):
        ImprovementRule(rule)


@settings(max_examples=60, deadline=None)
@given(rule=EVERY_RULE)
def test_every_rule_written_out_fits_the_schema(rule: Rule) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = {**_shipped_schema(), "$ref": "#/$defs/rule"}
    for key in ("type", "required", "properties", "additionalProperties"):
        schema.pop(key, None)
    assert [] == [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(rule_to_data(rule))]
