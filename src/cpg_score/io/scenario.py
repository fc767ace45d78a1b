"""Reading and writing scenario files (what-if): `label`, `base`, `overrides`."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from cpg_score._args import expect
from cpg_score._numbers import Exact, decimal_text
from cpg_score.errors import Problem, ProblemCode, ScenarioError
from cpg_score.io._written import NO_ITEM, Item, is_written, read_counts, rule_reading, scored_items
from cpg_score.io.dump import dump_yaml
from cpg_score.io.marked import Limits, Mapping, Node, Scalar
from cpg_score.io.reader import Reader, parse_mapping, sorted_problems
from cpg_score.io.source import Source, referenced_path
from cpg_score.model.grid import Grid, Unit
from cpg_score.model.rules.registry import ResultText
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
    overrides = _overrides(r, m.get("overrides"), grid)
    if r.problems or label is None or description is None or scenario_id is None:
        raise ScenarioError(sorted_problems(r.problems) or [Problem(message="invalid scenario", file=r.file)])
    return Scenario(
        label=label,
        # A delay read from a date may be a fraction of a month (15/31): held exactly.
        overrides=overrides,
        base=base,
        source=r.file,
        description=description,
        id=scenario_id,
    )


def _overrides(r: Reader, om: Node | None, grid: Grid | None) -> list[tuple[str, Decimal | Fraction]]:
    """The overrides, in file order (the bad ones reported)."""
    overrides: list[tuple[str, Decimal | Fraction]] = []
    if om is not None and not isinstance(om, Mapping):
        r.error(om, "$.overrides", "expected a mapping of result id to value", ProblemCode.WRONG_TYPE)
    elif isinstance(om, Mapping):
        if not om.entries:
            r.error(om, "$.overrides", "a scenario needs at least one override")
        items = scored_items(grid) if grid is not None else {}
        for key, node, path, _ in r.result_entries(om, "$.overrides", grid):
            value = _override(r, key.text, node, path, items.get(key.text, NO_ITEM))
            if value is not None:
                overrides.append((key.text, value))
    return overrides


_OVERRIDE_KEYS = ("value", "counts", "numerator", "denominator")


def _override(r: Reader, rid: str, node: Node, path: str, item: Item) -> Decimal | Fraction | None:
    """One override: a number (or a numerator over a denominator), or a word, a date or counts
    read by the indicator's rule (its type's `read_result`), as in a results file."""
    m: Mapping | None = None
    if isinstance(node, Mapping):
        m = r.mapping(node, path, [], _OVERRIDE_KEYS)
        if m is None:
            return None
        if m.get("numerator") is not None or m.get("denominator") is not None:
            return _fraction(r, node, m, path, item)
        if m.get("value") is None and m.get("counts") is None:
            message = "give a value, counts, or a numerator and a denominator"
            r.error(node, path, message, ProblemCode.MISSING_KEY)
            return None
        if m.get("value") is not None and m.get("counts") is not None:
            r.error(m.get("value"), f"{path}.value", "give counts, or value, not both", ProblemCode.INVALID)
            return None
    at, value = (path, node) if m is None else (f"{path}.value", m.get("value"))
    if value is not None and not is_written(value):
        return r.number(value, at, unit=item.unit, allow_percent=item.unit is None)
    text = _written(r, value, m, path)
    if text is None:
        return None
    where, place = (
        (at, value) if m is None or m.get("counts") is None else (f"{path}.counts", m.get("counts"))
    )
    assert place is not None
    if item.rule is None:
        shown = "as counts" if text.kind == "counts" else repr(text.text)
        message = (
            f"override {rid!r} is written {shown}: it is read by its indicator's rule, so read the "
            "scenario with its grid (load_scenario(path, grid); cpg-score validate GRID SCENARIO)"
        )
        r.error(node, path, message, ProblemCode.INVALID)
        return None
    return _read_written(r, rid, item, text, place, where)


def _written(r: Reader, value: Node | None, m: Mapping | None, path: str) -> ResultText | None:
    """The written form of an override: a word or a date, or counts per class."""
    if value is not None:
        assert isinstance(value, Scalar)
        return ResultText(text=value.text.strip(), kind=value.kind)
    assert m is not None
    counts = read_counts(r, m.get("counts"), f"{path}.counts")
    return None if counts is None else ResultText(kind="counts", counts=counts)


def _read_written(
    r: Reader, rid: str, item: Item, text: ResultText, place: Node, at: str
) -> Decimal | Fraction | None:
    """A written override read by its indicator's rule: the exact number it stands for."""
    assert item.rule is not None
    reading = rule_reading(r, rid, item.rule, item.what, text, (place, at))
    if reading is None:
        return None
    if reading.value is not None:
        return reading.value
    assert reading.numerator is not None and reading.denominator is not None
    return Fraction(reading.numerator) / Fraction(reading.denominator)


def _fraction(r: Reader, node: Node, m: Mapping, path: str, item: Item) -> Fraction | None:
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
