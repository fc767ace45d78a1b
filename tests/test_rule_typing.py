"""A rule type added as one module type-checks where a built-in rule goes (`mypy --strict`)."""

from __future__ import annotations

from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api")

SRC = Path(__file__).resolve().parent.parent / "src"

TOY_MODULE = """
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from attrs import frozen

from cpg_score import Indicator
from cpg_score._numbers import ZERO, Exact
from cpg_score.model.rules import with_baseline
from cpg_score.model.rules._common import Direction, RuleBase, clamp, q
from cpg_score.model.rules.registry import ScoringRule


@frozen
class RatioRule(RuleBase):
    type: ClassVar[str] = "ratio"
    target: Decimal

    @property
    def direction(self) -> Direction:
        return Direction.HIGHER

    def achievement(self, value: Exact) -> Fraction:
        return clamp(q(value) / q(self.target))

    def explain(self, value: Exact) -> str:
        return "rate"

    def breakpoints(self) -> tuple[Decimal, ...]:
        return (ZERO, self.target)

    def to_data(self) -> dict[str, Any]:
        return {"type": "ratio", "target": str(self.target)}


indicator = Indicator(id="i", label="I", rule=RatioRule(target=Decimal("0.8")))
bound: ScoringRule = with_baseline(indicator.rule, Decimal("0.5"))
"""


def test_a_rule_module_of_ones_own_type_checks_in_an_indicator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "ratio_rule.py"
    module.write_text(TOY_MODULE, encoding="utf-8")
    monkeypatch.setenv("MYPYPATH", str(SRC))
    stdout, _stderr, status = api.run(
        ["--strict", "--no-incremental", "--follow-imports=silent", "--python-version", "3.10", str(module)]
    )
    assert (0, "") == (status, "" if status == 0 else stdout)
