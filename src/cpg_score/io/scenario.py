"""Reading and writing scenario files (what-if): `label`, `base`, `overrides`."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

from cpg_score._args import expect
from cpg_score._numbers import Exact, decimal_text
from cpg_score.errors import Problem, ProblemCode, ScenarioError
from cpg_score.io.dump import dump_yaml
from cpg_score.io.marked import Limits, Mapping, Node
from cpg_score.io.reader import Reader, parse_mapping, sorted_problems
from cpg_score.io.results import _NO_ITEM, _is_written, _Item, _items, _read_written
from cpg_score.io.source import Source, referenced_path
from cpg_score.model.grid import Grid, Unit
from cpg_score.model.scenario import Scenario

__all__ = ["dump_scenario", "load_scenario", "scenario_to_dict"]


_KEYS = ("label", "overrides")
_OPTIONAL = ("base", "description", "id")


def load_scenario(
    source: Source, grid: Grid | None = None, *, limits: Limits | None = None, with_base: bool = True
) -> Scenario:
    """Load a scenario from a YAML file or text.

    With a grid, each override is checked against it: the id must be scored by the grid, and a
    share must lie in [0, 1] (`97 %` or `0.97`). An override may be written as a results file
    writes a result: a word (`non`), a date (`2017-07-15`) or counts (`{counts: {D: 3}}`), read
    by the indicator's rule (so only with the grid); the scenario holds the exact number read
    (a delay of 15/31 months as a `Fraction`).

    Args:
        source: A path, or YAML text (then `base` is relative to the working folder).
        grid: The grid the scenario will be scored on.
        limits: Bounds on the file's size and structure.
        with_base: Whether to resolve the file's `base` (a path named in a data file follows
            the rule of `referenced_path`); False when the base results are given another way,
            so the file's `base` is neither checked nor kept.

    Returns:
        The scenario.

    Raises:
        ScenarioError: The file is invalid; every problem is listed with file, line and column.
    """
    r, m = parse_mapping(source, limits, ScenarioError, _KEYS, _OPTIONAL)
    label = r.text(m.get("label"), "$.label")
    description = r.text(m.get("description"), "$.description", "")
    scenario_id = r.ident(m.get("id"), "$.id") if m.get("id") is not None else ""
    base: Path | None = None
    if with_base and m.get("base") is not None:
        text = r.text(m.get("base"), "$.base")
        if text is not None:
            try:
                base = Path(referenced_path(text, r.file))
            except ValueError as exc:
                r.error(m.get("base"), "$.base", f"base {exc}", ProblemCode.BAD_PATH)
    overrides: list[tuple[str, Decimal | Fraction]] = []
    om = m.get("overrides")
    if om is not None and not isinstance(om, Mapping):
        r.error(om, "$.overrides", "expected a mapping of result id to value", ProblemCode.WRONG_TYPE)
    elif isinstance(om, Mapping):
        if not om.entries:
            r.error(om, "$.overrides", "a scenario needs at least one override")
        items = _items(grid) if grid is not None else {}
        for key, node, path, _ in r.result_entries(om, "$.overrides", grid):
            value = _override(r, key.text, node, path, items.get(key.text, _NO_ITEM))
            if value is not None:
                overrides.append((key.text, value))
    if r.problems or label is None or description is None or scenario_id is None:
        raise ScenarioError(sorted_problems(r.problems) or [Problem(message="invalid scenario", file=r.file)])
    return Scenario(
        label=label,
        # A delay read from a date may be a fraction of a month (15/31): held exactly.
        overrides=cast("list[tuple[str, Decimal]]", overrides),
        base=base,
        source=r.file,
        description=description,
        id=scenario_id,
    )


_OVERRIDE_KEYS = ("value", "counts", "numerator", "denominator")


def _override(r: Reader, rid: str, node: Node, path: str, item: _Item) -> Decimal | Fraction | None:
    """One override: a number (or a numerator over a denominator), or a word, a date or counts
    read by the indicator's rule.

    The written forms go through the results reader's own path (`read_result` of the rule's
    type), so they are read, and refused, exactly as in a results file.
    """
    m: Mapping | None = None
    if isinstance(node, Mapping):
        m = r.mapping(node, path, [], _OVERRIDE_KEYS)
        if m is None:
            return None
        if m.get("numerator") is not None or m.get("denominator") is not None:
            return _fraction(r, node, m, path, item)
        if m.get("value") is None and m.get("counts") is None:
            r.error(
                node, path, "give a value, counts, or a numerator and a denominator", ProblemCode.MISSING_KEY
            )
            return None
    value = m.get("value") if m is not None else node
    if m is None or m.get("counts") is None:
        assert value is not None
        if not _is_written(value):
            at = path if m is None else f"{path}.value"
            return r.number(value, at, unit=item.unit, allow_percent=item.unit is None)
    if item.rule is None:
        text = "as counts" if value is None else f"{_text_of(value)!r}"
        message = (
            f"override {rid!r} is written {text}: it is read by its indicator's rule, so read the "
            "scenario with its grid (load_scenario(path, grid); cpg-score validate GRID SCENARIO)"
        )
        r.error(node, path, message, ProblemCode.INVALID)
        return None
    read = _read_written(r, rid, node, path, item, {}, m)
    if read is None:
        return None
    return read.value if read.value is not None else read.exact


def _fraction(r: Reader, node: Node, m: Mapping, path: str, item: _Item) -> Fraction | None:
    """`{numerator: N, denominator: D}`: the exact value N / D (as a scenario writes a value that
    has no exact decimal, such as a delay of 15/31 months)."""
    extra = [k for k in ("value", "counts") if m.get(k) is not None]
    if extra:
        message = f"give {extra[0]}, or a numerator and a denominator, not both"
        r.error(m.get(extra[0]), f"{path}.{extra[0]}", message, ProblemCode.INVALID)
        return None
    parts = [r.number(m.get(k), f"{path}.{k}", unit=Unit.NUMBER) for k in ("numerator", "denominator")]
    numerator, denominator = parts
    if numerator is None or denominator is None:
        return None
    if denominator == 0:
        r.error(m.get("denominator"), f"{path}.denominator", "the denominator is 0", ProblemCode.OUT_OF_RANGE)
        return None
    value = Fraction(numerator) / Fraction(denominator)
    if item.unit is Unit.SHARE and not 0 <= value <= 1:
        message = f"a share must be between 0 and 1, got {numerator} / {denominator}"
        r.error(node, path, message, ProblemCode.OUT_OF_RANGE)
        return None
    return value


def _text_of(node: Node | None) -> str:
    return getattr(node, "text", "").strip()


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data, in the YAML file format (numbers as exact decimal text)."""
    expect("scenario", scenario, Scenario, "a Scenario (see load_scenario)")
    out: dict[str, Any] = {}
    if scenario.id:
        out["id"] = scenario.id
    out["label"] = scenario.label
    if scenario.description:
        out["description"] = scenario.description
    if scenario.base is not None:
        out["base"] = str(scenario.base)
    out["overrides"] = {key: _override_data(value) for key, value in scenario.overrides}
    return out


def _override_data(value: Exact) -> str | dict[str, str]:
    """An override as written: its exact decimal text, or a numerator over a denominator when it
    has none (a delay read from a date, 15/31 months)."""
    if isinstance(value, Fraction) and Fraction(decimal_text(value)) != value:
        return {"numerator": str(value.numerator), "denominator": str(value.denominator)}
    return decimal_text(value) if isinstance(value, Fraction) else str(value)


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as YAML text that loads back to an equal scenario (`base` as resolved)."""
    expect("scenario", scenario, Scenario, "a Scenario (see load_scenario)")
    return dump_yaml(scenario_to_dict(scenario))
