"""Reading profit-sharing parameter files."""

from __future__ import annotations

from decimal import Decimal

from cpg_score._numbers import ZERO
from cpg_score.errors import Problem, ProblemCode, ProfitSharingError
from cpg_score.io.marked import Limits, Node, child_path
from cpg_score.io.marked import Mapping as YamlMapping
from cpg_score.io.reader import Reader, parse_mapping, sorted_problems
from cpg_score.io.source import Source
from cpg_score.model.grid import Unit
from cpg_score.model.profit_sharing import ProfitSharing, range_problem

__all__ = ["load_profit_sharing"]


def _amount_of(r: Reader, node: Node | None, path: str) -> Decimal | None:
    """Read the envelope or the FTE count, refusing a value out of its range where it is."""
    value = r.number(node, path, minimum=ZERO)
    if value is None:
        return None
    problem = range_problem(path[2:], value)
    if problem is not None:
        r.error(node, path, problem, ProblemCode.OUT_OF_RANGE)
        return None
    return value


def _national(r: Reader, node: Node | None) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Read the national themes' weights and rates."""
    weights: dict[str, Decimal] = {}
    rates: dict[str, Decimal] = {}
    nm = r.mapping(node, "$.national", ["weights", "rates"])
    if nm is None:
        return weights, rates
    for key, target, unit in (("weights", weights, None), ("rates", rates, Unit.SHARE)):
        entries = nm.get(key)
        if not isinstance(entries, YamlMapping):
            r.error(
                entries,
                f"$.national.{key}",
                "expected a mapping of theme to a number",
                ProblemCode.WRONG_TYPE,
            )
            continue
        for theme, value_node in entries.entries:
            value = r.number(
                value_node,
                child_path(f"$.national.{key}", theme.text),
                unit=unit,
                minimum=ZERO,
                allow_percent=True,
            )
            if value is not None:
                target[theme.text] = value
    return weights, rates


def load_profit_sharing(source: Source, *, limits: Limits | None = None) -> ProfitSharing:
    """Load profit-sharing parameters from YAML (see the module's docstring).

    Raises:
        ProfitSharingError: The file is invalid, or a value is out of its range (every problem
            with file, line and column).
    """
    r, m = parse_mapping(
        source,
        limits,
        ProfitSharingError,
        ["envelope", "fte", "split"],
        ["trigger", "national", "description"],
    )
    r.text(m.get("description"), "$.description", "")
    envelope = _amount_of(r, m.get("envelope"), "$.envelope")
    fte = _amount_of(r, m.get("fte"), "$.fte")
    trigger: Decimal | None = Decimal("0.5")
    if m.get("trigger") is not None:
        trigger = r.number(m.get("trigger"), "$.trigger", unit=Unit.SHARE)
    split = r.mapping(m.get("split"), "$.split", ["local", "national"])
    local = national = None
    if split is not None:
        local = r.number(split.get("local"), "$.split.local", unit=Unit.SHARE)
        national = r.number(split.get("national"), "$.split.national", unit=Unit.SHARE)
    weights: dict[str, Decimal] = {}
    rates: dict[str, Decimal] = {}
    if m.get("national") is not None:
        weights, rates = _national(r, m.get("national"))
    if r.problems or None in (envelope, fte, trigger, local, national):
        raise ProfitSharingError(
            sorted_problems(r.problems) or [Problem(message="invalid parameters", file=r.file)]
        )
    built = r.build(
        m,
        "$",
        ProfitSharing,
        envelope=envelope,
        fte=fte,
        local_share=local,
        national_share=national,
        weights=weights,
        rates=rates,
        trigger=trigger,
    )
    if built is None:
        raise ProfitSharingError(sorted_problems(r.problems))
    return built
