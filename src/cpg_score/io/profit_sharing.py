"""Reading profit-sharing parameter files: one branch, or a weighted mean of branches.

One branch (the agreements' model; every key but `envelope` and `fte` is optional):

```yaml
description: Recouvrement 2010 (published figures)
year: 2010                                  # split by default: 40/60 until 2023, 45/55 from 2024
envelope: {salary_bill: 502 394 000, rate: 2,5 %}   # or the masse itself: envelope: 12 559 850
fte: 14 738,5                               # the branch's eligible FTE
split: {national: 40 %, local: 60 %}
national: {trigger: 50 %, weights: {...}, rates: {...}}   # or rate: 86,17 %
local: {trigger: 50 %}                      # rate: 89,05 % when no scorecard is given
```

The simple form of earlier versions (`trigger` at the top: the local trigger) is still read.
A weighted mean lists `branches` (CARSAT, CGSS), each with its FTE, maxima and rates.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from cpg_score._numbers import EXACT, ZERO
from cpg_score.errors import Problem, ProblemCode, ProfitSharingError
from cpg_score.io.marked import Limits, Node, Scalar, child_path
from cpg_score.io.marked import Mapping as YamlMapping
from cpg_score.io.reader import Reader, parse, sorted_problems
from cpg_score.io.source import Source
from cpg_score.model.grid import Unit
from cpg_score.model.profit_sharing import (
    DEFAULT_TRIGGER,
    MASSE_RATE,
    Branch,
    ProfitSharing,
    Trigger,
    WeightedMean,
    default_split,
    range_problem,
)

__all__ = ["load_profit_sharing"]

_TOP = ("envelope", "fte", "split", "trigger", "national", "local", "description", "year")
_MORE = ("organisation_fte", "pays_at_trigger", "out_of", "individual")


def _amount_of(r: Reader, node: Node | None, path: str) -> Decimal | None:
    """Read an amount or a FTE count, refusing a value out of its range where it is."""
    value = r.number(node, path, minimum=ZERO)
    if value is None:
        return None
    problem = range_problem(path.rsplit(".", 1)[-1], value)
    if problem is not None:
        r.error(node, path, problem, ProblemCode.OUT_OF_RANGE)
        return None
    return value


def _share(r: Reader, node: Node | None, path: str, default: Decimal | None = None) -> Decimal | None:
    return default if node is None else r.number(node, path, unit=Unit.SHARE)


def _trigger(
    r: Reader, node: Node | None, path: str, default: Decimal | None = DEFAULT_TRIGGER.share
) -> Decimal | None:
    """A trigger or a rate: a share (`50 %`) or a note (`{note: 2,5, out_of: 5}`)."""
    if not isinstance(node, YamlMapping):
        return _share(r, node, path, default)
    m = r.mapping(node, path, ["note", "out_of"])
    if m is None:
        return None
    note = r.number(m.get("note"), f"{path}.note", minimum=ZERO)
    out_of = r.number(m.get("out_of"), f"{path}.out_of", minimum=ZERO)
    if note is None or out_of is None:
        return None
    if not 0 < out_of or note > out_of:
        r.error(
            node,
            path,
            f"a note must lie between 0 and out_of, got {note} / {out_of}",
            ProblemCode.OUT_OF_RANGE,
        )
        return None
    with localcontext(EXACT):
        share = note / out_of
    if Fraction(share) != Fraction(note) / Fraction(out_of):
        r.error(node, path, f"the note {note} / {out_of} is not a finite decimal", ProblemCode.INVALID)
        return None
    return share


def _envelope(r: Reader, node: Node | None) -> tuple[Decimal | None, Decimal | None, Decimal]:
    """The masse: a number, or `{salary_bill, rate}` (rate 2,5 % by default)."""
    if not isinstance(node, YamlMapping):
        return _amount_of(r, node, "$.envelope"), None, MASSE_RATE
    m = r.mapping(node, "$.envelope", ["salary_bill"], ["rate"])
    if m is None:
        return None, None, MASSE_RATE
    bill = _amount_of(r, m.get("salary_bill"), "$.envelope.salary_bill")
    rate = _share(r, m.get("rate"), "$.envelope.rate", MASSE_RATE)
    if bill is None or rate is None:
        return None, None, MASSE_RATE
    with localcontext(EXACT):
        masse = bill * rate
    problem = range_problem("envelope", masse)
    if problem is not None:
        r.error(node, "$.envelope", problem, ProblemCode.OUT_OF_RANGE)
        return None, None, rate
    return masse, bill, rate


def _split(r: Reader, node: Node | None, year: int | None, at: YamlMapping) -> tuple[Decimal | None, ...]:
    """The (national, local) split: given, or the year's default."""
    if node is None:
        if year is None:
            r.error(
                at, "$", "missing required key 'split' (or 'year', for its default)", ProblemCode.MISSING_KEY
            )
            return None, None
        return default_split(year)
    split = r.mapping(node, "$.split", ["local", "national"])
    if split is None:
        return None, None
    national = r.number(split.get("national"), "$.split.national", unit=Unit.SHARE)
    local = r.number(split.get("local"), "$.split.local", unit=Unit.SHARE)
    if national is None or local is None or national + local == 1:
        return national, local
    written = " + ".join(
        _written(split.get(key), value) for key, value in (("national", national), ("local", local))
    )
    r.error(
        split,
        "$.split",
        f"split must add up to 100 %, got {written} (national + local)",
        ProblemCode.OUT_OF_RANGE,
    )
    return None, None


def _written(node: Node | None, value: Decimal) -> str:
    """A number as the file wrote it (its value when it is not a plain scalar)."""
    return node.text.strip() if isinstance(node, Scalar) else str(value)


def _theme_problems(
    r: Reader, nm: YamlMapping, weights: dict[str, Decimal], rates: dict[str, Decimal]
) -> None:
    """Every national theme needs a weight and a rate: report each theme that has only one, at it."""
    if not rates or r.problems:
        return
    for key, missing, other in (("weights", "rate", rates), ("rates", "weight", weights)):
        node = nm.get(key)
        assert isinstance(node, YamlMapping)
        for theme, _ in node.entries:
            if theme.text not in other:
                have = "weight" if missing == "rate" else "rate"
                r.error(
                    theme,
                    child_path(f"$.national.{key}", theme.text),
                    f"national theme {theme.text!r} has a {have} but no {missing}: every theme of "
                    f"weights needs a rate in rates, and only those",
                    ProblemCode.MISSING_KEY if missing == "rate" else ProblemCode.UNKNOWN_ITEM,
                )


def _themes(r: Reader, node: Node | None, path: str, unit: Unit | None) -> dict[str, Decimal]:
    """A mapping of theme to a number (weights) or to a share (rates)."""
    out: dict[str, Decimal] = {}
    if not isinstance(node, YamlMapping):
        r.error(node, path, "expected a mapping of theme to a number", ProblemCode.WRONG_TYPE)
        return out
    for theme, value_node in node.entries:
        value = r.number(
            value_node, child_path(path, theme.text), unit=unit, minimum=ZERO, allow_percent=True
        )
        if value is not None:
            out[theme.text] = value
    return out


def _national(r: Reader, node: Node | None) -> dict[str, Any]:
    """The national part: its trigger, and its themes or its rate."""
    found: dict[str, Any] = {"weights": {}, "rates": {}}
    if node is None:
        return found
    nm = r.mapping(node, "$.national", [], ["trigger", "weights", "rates", "rate"])
    if nm is None:
        return found
    found["national_trigger"] = _trigger(r, nm.get("trigger"), "$.national.trigger")
    if nm.get("weights") is not None:
        found["weights"] = _themes(r, nm.get("weights"), "$.national.weights", None)
    if nm.get("rates") is not None:
        found["rates"] = _themes(r, nm.get("rates"), "$.national.rates", Unit.SHARE)
    if nm.get("weights") is not None and nm.get("rates") is not None:
        _theme_problems(r, nm, found["weights"], found["rates"])
    if nm.get("rate") is not None:
        found["national_given"] = _trigger(r, nm.get("rate"), "$.national.rate")
    elif nm.get("weights") is None:
        r.error(nm, "$.national", "missing required key 'weights' (or 'rate')", ProblemCode.MISSING_KEY)
    return found


def _local(r: Reader, m: YamlMapping) -> dict[str, Any]:
    """The local part: its trigger (also the simple form's top-level `trigger`) and rate."""
    node = m.get("local")
    if node is not None and m.get("trigger") is not None:
        r.error(
            m.get("trigger"),
            "$.trigger",
            "the local trigger is written twice: keep local.trigger",
            ProblemCode.INVALID,
        )
    if node is None:
        return {"trigger": _trigger(r, m.get("trigger"), "$.trigger")}
    lm = r.mapping(node, "$.local", [], ["trigger", "rate"])
    if lm is None:
        return {"trigger": None}
    found: dict[str, Any] = {"trigger": _trigger(r, lm.get("trigger"), "$.local.trigger")}
    if lm.get("rate") is not None:
        found["local_given"] = _trigger(r, lm.get("rate"), "$.local.rate")
    return found


def _individual(r: Reader, node: Node | None) -> dict[str, Any]:
    """One person's time share and presence share (art. 10)."""
    if node is None:
        return {}
    im = r.mapping(node, "$.individual", [], ["time_share", "presence_share"])
    if im is None:
        return {"time_share": None}
    return {
        key: _share(r, im.get(key), f"$.individual.{key}", Decimal(1))
        for key in ("time_share", "presence_share")
    }


def _flag(r: Reader, node: Node | None, path: str) -> bool | None:
    if node is None:
        return False
    if isinstance(node, Scalar) and node.kind == "bool":
        return node.text.lower() in ("true", "yes", "on")
    r.error(
        node,
        path,
        f"expected true or false, got {node.text if isinstance(node, Scalar) else 'a collection'}",
        ProblemCode.WRONG_TYPE,
    )
    return None


def _one_branch(r: Reader, m: YamlMapping) -> ProfitSharing | None:
    """Read one branch's parameters (the mapping is checked already)."""
    description = r.text(m.get("description"), "$.description", "")
    year = None if m.get("year") is None else r.integer(m.get("year"), "$.year")
    envelope, bill, masse_rate = _envelope(r, m.get("envelope"))
    fields: dict[str, Any] = {
        "fte": _amount_of(r, m.get("fte"), "$.fte"),
        "organisation_fte": None
        if m.get("organisation_fte") is None
        else _amount_of(r, m.get("organisation_fte"), "$.organisation_fte"),
        "pays_at_trigger": _flag(r, m.get("pays_at_trigger"), "$.pays_at_trigger"),
        "out_of": None if m.get("out_of") is None else r.integer(m.get("out_of"), "$.out_of"),
        **_national(r, m.get("national")),
        **_local(r, m),
        **_individual(r, m.get("individual")),
    }
    national, local = _split(r, m.get("split"), year, m)
    needed = (envelope, national, local, description, fields["fte"], fields["pays_at_trigger"])
    if r.problems or None in needed or _missing(fields):
        return None
    return r.build(
        m,
        "$",
        ProfitSharing,
        envelope=envelope,
        salary_bill=bill,
        masse_rate=masse_rate,
        national_share=national,
        local_share=local,
        year=year,
        description=description,
        **fields,
    )


def _missing(fields: dict[str, Any]) -> bool:
    """Whether a field that must have a value has none (None is a value for the optional ones)."""
    optional = ("organisation_fte", "out_of", "national_given", "local_given")
    return any(v is None for k, v in fields.items() if k not in optional)


def _part(r: Reader, node: Node | None, path: str, rate_required: bool) -> dict[str, Any] | None:
    """A branch's part: `{max, rate, trigger}`."""
    pm = r.mapping(
        node,
        path,
        ["max", "rate"] if rate_required else ["max"],
        ["trigger"] if rate_required else ["rate", "trigger"],
    )
    if pm is None:
        return None
    share = _trigger(r, pm.get("trigger"), f"{path}.trigger")
    found = {
        "max": r.number(pm.get("max"), f"{path}.max", minimum=ZERO),
        "rate": None if pm.get("rate") is None else _trigger(r, pm.get("rate"), f"{path}.rate"),
        "trigger": None if share is None else Trigger(share),
    }
    return None if found["max"] is None or found["trigger"] is None else found


def _branch(r: Reader, node: Node, path: str) -> Branch | None:
    bm = r.mapping(node, path, ["id", "fte", "national", "local"], ["label"])
    if bm is None:
        return None
    bid = r.ident(bm.get("id"), f"{path}.id")
    label = r.text(bm.get("label"), f"{path}.label", "")
    fte = _amount_of(r, bm.get("fte"), f"{path}.fte")
    national = _part(r, bm.get("national"), f"{path}.national", True)
    local = _part(r, bm.get("local"), f"{path}.local", False)
    if None in (bid, label, fte, national, local) or national is None or local is None:
        return None
    return r.build(
        node,
        path,
        Branch,
        id=bid,
        label=label,
        fte=fte,
        national_max=national["max"],
        national_rate=national["rate"],
        national_trigger=national["trigger"],
        local_max=local["max"],
        local_rate=local["rate"],
        local_trigger=local["trigger"],
    )


def _weighted_mean(r: Reader, m: YamlMapping) -> WeightedMean | None:
    description = r.text(m.get("description"), "$.description", "")
    items = r.sequence(m.get("branches"), "$.branches")
    branches = [_branch(r, item, f"$.branches[{i}]") for i, item in enumerate(items)]
    seen: set[str] = set()
    for i, branch in enumerate(branches):
        if branch is not None and branch.id in seen:
            item = items[i]
            node = item.get("id") if isinstance(item, YamlMapping) else item
            message = f"branch {branch.id!r} is listed twice"
            r.error(node, f"$.branches[{i}].id", message, ProblemCode.DUPLICATE_ID)
        elif branch is not None:
            seen.add(branch.id)
    if r.problems or description is None or None in branches:
        return None
    return r.build(m, "$", WeightedMean, branches=branches, description=description)


def load_profit_sharing(source: Source, *, limits: Limits | None = None) -> ProfitSharing | WeightedMean:
    """Load profit-sharing parameters from YAML (see the module's docstring).

    Args:
        source: A path, YAML text or bytes.
        limits: Bounds on the file's size and structure.

    Returns:
        One branch's `ProfitSharing`, or a `WeightedMean` when the file lists `branches`.

    Raises:
        ProfitSharingError: The file is invalid, or a value is out of its range (every problem
            with file, line and column).
    """
    root, name = parse(source, limits, ProfitSharingError)
    r = Reader(name)
    if isinstance(root, YamlMapping) and root.get("branches") is not None:
        m = r.mapping(root, "$", ["branches"], ["description"])
        built: ProfitSharing | WeightedMean | None = None if m is None else _weighted_mean(r, m)
    else:
        m = r.mapping(root, "$", ["envelope", "fte"], [*_TOP, *_MORE])
        built = None if m is None else _one_branch(r, m)
    if built is None:
        raise ProfitSharingError(
            sorted_problems(r.problems) or [Problem(message="invalid parameters", file=r.file)]
        )
    return built
