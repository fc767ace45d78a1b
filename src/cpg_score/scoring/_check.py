"""Data checks on results files: what a careful reader of a report would catch.

[`check`][cpg_score.check] reports, each finding with the entities and figures involved:

- `identical-figures`: two entities with the same value on several figures (a copy-paste);
- `repeated-label`: one card printing the same label for two different figures;
- `out-of-domain`: a rate above 100 % or below 0, a negative count, a numerator above its
  denominator, exclusions above the denominator;
- `total-mismatch`: entities' sums that disagree with a published total (gap in units and in
  percent); the totals that match are listed as confirmed.

and, as *warnings* (`CheckReport.warnings`, severity `warning`: the value may be right), the
implausible values, each with the value most likely meant and the entity's total with it:
`percent-scale`, `far-from-range`, `far-from-baseline`, `far-from-siblings` (see
`cpg_score.scoring._plausible` for the rules and their thresholds). A value out of its domain is
an `out-of-domain` finding: no percent-scale warning repeats it, and no warning of its entity gives
a total `score` would refuse.

The published totals file is described, with the checks on its `tree` path, by its reader
(`cpg_score.io.totals`, [`load_totals`][cpg_score.load_totals]).
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from attrs import evolve, field, frozen

from cpg_score._args import expect, expect_int
from cpg_score._convert import to_tuple
from cpg_score._numbers import EXACT, ZERO, decimal_text, number_text, round_half_up
from cpg_score._words import Words
from cpg_score.errors import place_text
from cpg_score.model.grid import Grid, Results, ResultValue, Unit
from cpg_score.model.totals import PublishedTotal, PublishedTotals
from cpg_score.model.tree import Tree
from cpg_score.scoring._plausible import Clue, Suspect, suspects

__all__ = [
    "CHECK_FORMAT",
    "Breach",
    "CheckReport",
    "Finding",
    "FindingKind",
    "Note",
    "PublishedTotal",
    "PublishedTotals",
    "Severity",
    "TotalComparison",
    "Unchecked",
    "check",
]

#: The identifier of the JSON shape produced by `CheckReport.to_dict`.
CHECK_FORMAT = "cpg-score/check@1"


@frozen
class TotalComparison:
    """A published total and the sum of the entities under it.

    Attributes:
        total: The published total.
        computed: The sum of the entities' figures.
        contributors: The entities that give the figure.
        missing: The entities under the parent that do not give it.
    """

    total: PublishedTotal
    computed: Decimal
    contributors: tuple[str, ...] = field(converter=to_tuple)
    missing: tuple[str, ...] = field(default=(), converter=to_tuple)

    @property
    def gap(self) -> Decimal:
        """computed - published, in the figure's unit."""
        return self.computed - self.total.value

    @property
    def gap_percent(self) -> Fraction | None:
        """The gap in percent of the published total, exact (None when the total is 0)."""
        if self.total.value == 0:
            return None
        return Fraction(self.gap) / Fraction(self.total.value) * 100

    @property
    def matches(self) -> bool:
        """Whether the sum equals the published total exactly."""
        return self.gap == 0

    def describe(self) -> str:
        """In words: printed, computed, gap and gap in percent."""
        pct = self.gap_percent
        gap_pct = "" if pct is None else f" ({_signed(round_half_up(pct, 2))} %)"
        missing = f"; not given by {', '.join(self.missing)}" if self.missing else ""
        return (
            f"{self.total.entity} {self.total.id}: published {_n(self.total.value)}, sum of "
            f"{len(self.contributors)} entities {_n(self.computed)}, gap {_signed(self.gap)}"
            f"{gap_pct}{missing}"
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        pct = self.gap_percent
        return {
            "entity": self.total.entity,
            "id": self.total.id,
            "unit": self.total.unit.value,
            "published": str(self.total.value),
            "computed": str(self.computed),
            "gap": str(self.gap),
            "gap_percent": None if pct is None else str(round_half_up(pct, 2)),
            "matches": self.matches,
            "contributors": list(self.contributors),
            "missing": list(self.missing),
            "source": self.total.source,
        }


def figure_text(value: Decimal, lang: str = "en", signed: bool = False) -> str:
    """A figure as written (a whole number without its trailing zeros), in `lang`."""
    shown = value.normalize() if value == value.to_integral_value() else value
    return number_text(shown, None, lang=lang, signed=signed)


def _n(value: Decimal) -> str:
    return figure_text(value)


def _signed(value: Decimal) -> str:
    return figure_text(value, signed=True)


class FindingKind(Words):
    """What a finding of [`check`][cpg_score.check] is about."""

    #: Two entities with the same value on several figures (a copy-paste).
    IDENTICAL_FIGURES = "identical-figures"
    #: One card printing the same label for two different figures.
    REPEATED_LABEL = "repeated-label"
    #: A value outside its domain (`Breach` says which).
    OUT_OF_DOMAIN = "out-of-domain"
    #: Entities' sums that disagree with a published total.
    TOTAL_MISMATCH = "total-mismatch"
    #: A warning: a share written 100 times too small (`0,9446 %`) or too large (`94,46`).
    PERCENT_SCALE = "percent-scale"
    #: A warning: a value far beyond the range its rule cares about.
    FAR_FROM_RANGE = "far-from-range"
    #: A warning: a value far from the entity's baseline.
    FAR_FROM_BASELINE = "far-from-baseline"
    #: A warning: a value far from the other entities' values on the same grid.
    FAR_FROM_SIBLINGS = "far-from-siblings"


class Severity(Words):
    """How sure a finding is: an error in the data, or a warning (a value that may be right)."""

    #: Something is wrong (a copy-paste, a value out of its domain, a total that disagrees).
    ERROR = "error"
    #: Something looks implausible: a value probably mistyped, with the value likely meant.
    WARNING = "warning"


#: The kinds that are warnings (implausible values).
_WARNING_KINDS = frozenset(FindingKind(clue.value) for clue in Clue)


class Breach(Words):
    """How a value of an `out-of-domain` finding leaves its domain."""

    #: A rate above 100 % or below 0 (`values`: the rate in percent, rounded to 4 decimals).
    RATE = "rate"
    #: A negative number (`name`: its unit or field; `values`: the number).
    NEGATIVE = "negative"
    #: Exclusions above the denominator (`values`: exclusions, denominator).
    EXCLUSIONS = "exclusions"
    #: A numerator above its denominator (`values`: numerator, effective denominator).
    NUMERATOR = "numerator"


@frozen(kw_only=True)
class Finding:
    """One problem found in the data, as facts (`message` gives them in English words; reports
    word them in French or English, see `cpg_score.reports`).

    Attributes:
        kind: What was found.
        entities: The entities involved.
        items: The result or figure ids involved.
        file: The file concerned, when there is one.
        values: The figures found: for `identical-figures`, each item's common value (in the
            order of `items`); for `out-of-domain`, as its `breach` says.
        texts: For `repeated-label`, the two printed lines.
        breach: For `out-of-domain`, how the value leaves its domain.
        name: For an `out-of-domain` negative number, its unit or field.
        comparison: For `total-mismatch`, the published total and the entities' sum.
        label: For a warning, the item's label in the grid.
        unit: For a warning, the result's unit, when known.
        likely: For a warning, the value most likely meant, when one is.
        score: For a warning, the entity's total with the written value (exact; None when it
            cannot be scored: no grid given, results that do not fit it, or a value of the
            entity out of its domain, which `score` refuses).
        likely_score: For a warning, the entity's total with the likely value (exact; None when
            another value of the entity is out of its domain).
        decimals: For a warning, the grid's decimals for points (to print the totals).
        line: For a warning, the line (or row) of the value in `file`, when known.
        column: For a warning, its column, when known.

    For a warning, `values` holds the written value, then the references of its kind: the
    range's ends (`far-from-range`); the baseline (`far-from-baseline`); the siblings' median,
    their scaled median absolute deviation and their number (`far-from-siblings`).
    """

    kind: FindingKind = field(converter=FindingKind)
    entities: tuple[str, ...] = field(converter=to_tuple)
    items: tuple[str, ...] = field(converter=to_tuple)
    file: str = ""
    values: tuple[Decimal, ...] = field(default=(), converter=to_tuple)
    texts: tuple[str, ...] = field(default=(), converter=to_tuple)
    breach: Breach | None = None
    name: str = ""
    comparison: TotalComparison | None = None
    label: str = ""
    unit: Unit | None = None
    likely: Decimal | None = None
    score: Fraction | None = None
    likely_score: Fraction | None = None
    decimals: int = 2
    line: int | None = None
    column: int | None = None
    sheet: str | None = None

    @property
    def severity(self) -> Severity:
        """`warning` for an implausible value, else `error`."""
        return Severity.WARNING if self.kind in _WARNING_KINDS else Severity.ERROR

    @property
    def where(self) -> str:
        """Where the value stands: `file:line:column`, or `file.xlsx:Feuille1!C7` in a workbook
        (as much as is known, "" when nothing)."""
        return place_text(self.file, self.line, self.column, self.sheet) if self.file else ""

    @property
    def ratio(self) -> Fraction | None:
        """For `far-from-baseline` and `far-from-siblings`: how many times the value is above
        or below its reference (the baseline, the siblings' median), at least 1; else None."""
        if self.kind not in (FindingKind.FAR_FROM_BASELINE, FindingKind.FAR_FROM_SIBLINGS):
            return None
        value, reference = Fraction(self.values[0]), Fraction(self.values[1])
        return max(value / reference, reference / value)

    def shown(self, value: Decimal, lang: str = "en", *, as_written: bool = False) -> str:
        """A figure of this finding for people, in its unit: a share in percent (`94.46 %`), days
        and euros with their unit, at most 6 decimals; `as_written`: the bare number."""
        return _shown_value(value, self.unit, lang, as_written=as_written)

    @property
    def message(self) -> str:
        """What was found, in English words, with the figures."""
        return _MESSAGES[self.kind](self)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (a warning adds its figures, exact, and where the value stands)."""
        out = {
            "kind": self.kind.value,
            "severity": self.severity.value,
            "message": self.message,
            "entities": list(self.entities),
            "items": list(self.items),
            "file": self.file,
        }
        if self.severity is Severity.WARNING:
            out.update(_warning_data(self))
        return out


def _exact(value: Decimal | Fraction | None) -> str | None:
    return None if value is None else decimal_text(value)


def _warning_data(f: Finding) -> dict[str, Any]:
    """The figures of a warning, exact, as JSON text."""
    return {
        "line": f.line,
        "column": f.column,
        "sheet": f.sheet,
        "label": f.label,
        "unit": None if f.unit is None else f.unit.value,
        "value": _exact(f.values[0]),
        "references": [decimal_text(v) for v in f.values[1:]],
        "likely": _exact(f.likely),
        "score": _exact(f.score),
        "likely_score": _exact(f.likely_score),
    }


def _identical_message(f: Finding) -> str:
    shown = ", ".join(f"{i} = {_n(v)}" for i, v in zip(f.items, f.values, strict=True))
    a, b = f.entities
    return f"{a} and {b} give identical values on {len(f.items)} figures ({shown}): a copy-paste?"


def _repeated_message(f: Finding) -> str:
    first_id, item_id = f.items
    first_text, text = f.texts
    return (
        f"{f.entities[0]}: {first_id} and {item_id} are printed with the same label but different "
        f"figures ({first_text.strip()} / {text.strip()}): two different indicators were expected"
    )


def _domain_message(f: Finding) -> str:
    v = f.values
    if f.breach is Breach.RATE:
        what = f"a rate of {_n(v[0])} % is outside 0-100 %"
    elif f.breach is Breach.NEGATIVE:
        what = f"a negative {f.name} ({_n(v[0])})"
    elif f.breach is Breach.EXCLUSIONS:
        what = f"exclusions {_n(v[0])} above the denominator {_n(v[1])}"
    else:
        what = f"numerator {_n(v[0])} above its denominator {_n(v[1])}"
    return f"{f.entities[0]} {f.items[0]}: {what}"


def _mismatch_message(f: Finding) -> str:
    assert f.comparison is not None
    return f.comparison.describe()


def _shown_value(value: Decimal, unit: Unit | None, lang: str = "en", *, as_written: bool = False) -> str:
    """A result for people: a share in percent (`94.46 %`), days and euros with their unit, at
    most 6 decimals; `as_written`: the bare number (a share written without its `%`)."""
    with localcontext(EXACT):
        percent = unit is Unit.SHARE and not as_written
        number = value * 100 if percent else value
        if number != number.to_integral_value() and number.as_tuple().exponent < -6:  # type: ignore[operator]
            number = round_half_up(number, 6)
        number = number.normalize()
    text = number_text(number, None, lang=lang)
    nbsp = "\u00a0" if lang == "fr" else " "
    if percent:
        return f"{text}{nbsp}%"
    suffix = {Unit.DAYS: "jours" if lang == "fr" else "days", Unit.EUROS: "€"}.get(unit)  # type: ignore[arg-type]
    return f"{text}{nbsp}{suffix}" if suffix and not as_written else text


def _times(f: Finding) -> str:
    """`is 12.6 times` (above) or `is 12.6 times smaller than`: the ratio to the reference."""
    assert f.ratio is not None
    ratio = number_text(f.ratio, 1)
    return f"is {ratio} times" if f.values[0] > f.values[1] else f"is {ratio} times smaller than"


def _warning_message(f: Finding) -> str:
    value = f.values[0]
    written = _shown_value(value, f.unit)
    refs = [_shown_value(v, f.unit) for v in f.values[1:]]
    if f.kind is FindingKind.PERCENT_SCALE and value > 1:
        what = f"{written} is 100 times too large for a share"
    elif f.kind is FindingKind.PERCENT_SCALE:
        what = f"{written} looks like a percent of a percent"
    elif f.kind is FindingKind.FAR_FROM_RANGE:
        what = f"{written} is far from the range its rule scores ({refs[0]} to {refs[1]})"
    elif f.kind is FindingKind.FAR_FROM_BASELINE:
        what = f"{written} {_times(f)} its baseline {refs[0]}"
    else:
        count = figure_text(f.values[3])
        what = f"{written} {_times(f)} the median of the {count} other entities ({refs[0]})"
    label = f" ({f.label})" if f.label else ""
    text = f"{f.entities[0]} {f.items[0]}{label}: {what}"
    if f.likely is not None:
        text += f": did you mean {_shown_value(f.likely, f.unit)}?"
    if f.likely_score is not None:
        then = number_text(f.likely_score, f.decimals)
        now = "" if f.score is None else f" instead of {number_text(f.score, f.decimals)}"
        text += f" The total would be {then}{now}."
    return text


_MESSAGES: dict[FindingKind, Callable[[Finding], str]] = {
    FindingKind.IDENTICAL_FIGURES: _identical_message,
    FindingKind.REPEATED_LABEL: _repeated_message,
    FindingKind.OUT_OF_DOMAIN: _domain_message,
    FindingKind.TOTAL_MISMATCH: _mismatch_message,
    **dict.fromkeys(_WARNING_KINDS, _warning_message),
}


class Unchecked(Words):
    """Why a published total could not be checked."""

    #: No entity under its entity among the files.
    NO_MEMBERS = "no-members"
    #: No entity under it gives the figure.
    NOT_GIVEN = "not-given"


@frozen
class Note:
    """A published total that could not be checked, and why (`str()` gives it in English).

    Attributes:
        total: The published total.
        why: Why it could not be checked.
        placed: Whether an entity tree placed the entities (without one, the words suggest
            giving one).
    """

    total: PublishedTotal
    why: Unchecked = field(converter=Unchecked)
    placed: bool = True

    def __str__(self) -> str:
        """The note in English words (as `CheckReport.notes` and the JSON give it)."""
        head = f"{self.total.entity} {self.total.id}: "
        if self.why is Unchecked.NOT_GIVEN:
            return head + "no entity under it gives this figure"
        hint = "" if self.placed else " (give an entity tree to place it)"
        return head + f"no entity under {self.total.entity!r} among the files{hint}"


@frozen(kw_only=True)
class CheckReport:
    """What [`check`][cpg_score.check] found.

    Attributes:
        findings: The problems found (the command exits 1 when there is any).
        confirmed: Published totals that the entities' sums match exactly.
        unchecked: The published totals that could not be checked, and why (`notes` gives
            them in English words).
        entities: The entities checked.
        comparisons: Every published total checked, with the entities' sum.
        warnings: The implausible values (findings of severity `warning`): not counted in
            `findings` nor in `clean`, since the value may be right.
    """

    findings: tuple[Finding, ...] = field(converter=to_tuple)
    confirmed: tuple[TotalComparison, ...] = field(default=(), converter=to_tuple)
    unchecked: tuple[Note, ...] = field(default=(), converter=to_tuple)
    entities: tuple[str, ...] = field(default=(), converter=to_tuple)
    comparisons: tuple[TotalComparison, ...] = field(default=(), converter=to_tuple)
    warnings: tuple[Finding, ...] = field(default=(), converter=to_tuple)

    @property
    def notes(self) -> tuple[str, ...]:
        """What could not be checked, and why, in English words."""
        return tuple(str(note) for note in self.unchecked)

    @property
    def clean(self) -> bool:
        """Whether nothing was found."""
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (`format`: `cpg-score/check@1`)."""
        return {
            "format": CHECK_FORMAT,
            "entities": list(self.entities),
            "clean": self.clean,
            "findings": [f.to_dict() for f in self.findings],
            "totals": [c.to_dict() for c in self.comparisons],
            "notes": list(self.notes),
            "warnings": [w.to_dict() for w in self.warnings],
        }

    def to_json(self) -> str:
        """`to_dict` as indented JSON."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


# -- the checks -------------------------------------------------------------------------------


def _numbers(results: Results) -> dict[str, Decimal]:
    """Every number of an entity by id: results (resolved) first, then figures."""
    out: dict[str, Decimal] = {}
    for value in results.values:
        if value.resolved is not None:
            out[value.id] = value.resolved
    for figure in results.figures:
        out.setdefault(figure.id, figure.value)
    return out


def _identical(results: list[Results], minimum: int) -> list[Finding]:
    found: list[Finding] = []
    numbers = {r.entity.id: _numbers(r) for r in results}
    for a, b in itertools.combinations(results, 2):
        na, nb = numbers[a.entity.id], numbers[b.entity.id]
        same = [i for i in na if i in nb and na[i] == nb[i]]
        if len(same) >= minimum:
            found.append(
                Finding(
                    kind=FindingKind.IDENTICAL_FIGURES,
                    entities=(a.entity.id, b.entity.id),
                    items=same,
                    values=[na[i] for i in same],
                )
            )
    return found


_NUMBER = re.compile(r"[0-9][0-9\s\u00a0\u202f.,]*")


def _label_key(text: str) -> str:
    """A printed line without its numbers, quotes, case and punctuation: what labels it."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _NUMBER.sub(" ", text)
    text = re.sub(r"[«»\"'’%€:;.,()\[\]-]", " ", text)
    return " ".join(text.split())


def _texts(results: Results) -> list[tuple[str, str]]:
    out = [(v.id, v.source) for v in results.values if v.source]
    out.extend((f.id, f.source) for f in results.figures if f.source)
    return out


def _repeated_labels(results: list[Results]) -> list[Finding]:
    found: list[Finding] = []
    for entity in results:
        seen: dict[str, tuple[str, str]] = {}
        for item_id, text in _texts(entity):
            key = _label_key(text)
            if not key:
                continue
            if key in seen and seen[key][1] != text and seen[key][0] != item_id:
                first_id, first_text = seen[key]
                found.append(
                    Finding(
                        kind=FindingKind.REPEATED_LABEL,
                        entities=(entity.entity.id,),
                        items=(first_id, item_id),
                        texts=(first_text, text),
                    )
                )
            seen.setdefault(key, (item_id, text))
    return found


def _domain(results: Results, grid: Grid | None) -> list[Finding]:
    found: list[Finding] = []
    entity = results.entity.id

    def add(item_id: str, breach: Breach, *values: Decimal, name: str = "") -> None:
        found.append(
            Finding(
                kind=FindingKind.OUT_OF_DOMAIN,
                entities=(entity,),
                items=(item_id,),
                breach=breach,
                values=values,
                name=name,
            )
        )

    for value in results.values:
        unit = (grid.unit_of(value.id) if grid is not None else None) or value.unit
        if unit is None and value.numerator is not None:
            unit = Unit.SHARE
        _check_value(value, unit, add)
    for figure in results.figures:
        _check_number(figure.id, figure.value, figure.unit, add)
    return found


def _check_number(item_id: str, value: Decimal, unit: Unit | None, add: Any) -> None:
    if unit is Unit.SHARE and not ZERO <= value <= 1:
        add(item_id, Breach.RATE, round_half_up(value * 100, 4))
    elif unit in (Unit.COUNT, Unit.DAYS) and value < 0:
        add(item_id, Breach.NEGATIVE, value, name=unit.value)


def _check_value(value: ResultValue, unit: Unit | None, add: Any) -> None:
    for name in ("numerator", "denominator", "exclusions", "volume"):
        number = getattr(value, name)
        if number is not None and number < 0:
            add(value.id, Breach.NEGATIVE, number, name=name)
    if value.numerator is not None and value.denominator is not None:
        effective = value.effective_denominator
        if value.exclusions is not None and value.exclusions > value.denominator:
            add(value.id, Breach.EXCLUSIONS, value.exclusions, value.denominator)
        elif effective is not None and value.numerator > effective:
            add(value.id, Breach.NUMERATOR, value.numerator, effective)
            return
    if value.resolved is not None:
        _check_number(value.id, value.resolved, unit, add)


def _members(entity_id: str, tree: Tree | None, results: list[Results]) -> list[Results] | None:
    if tree is not None:
        try:
            node = tree.node(entity_id)
        except KeyError:
            node = None
        if node is not None:
            under = {n.id for n in node.walk()} - {entity_id}
            return [r for r in results if r.entity.id in under]
    children = [r for r in results if r.parent == entity_id]
    return children or None


def _totals(
    results: list[Results], totals: Iterable[PublishedTotal], tree: Tree | None
) -> tuple[list[TotalComparison], list[Note]]:
    comparisons: list[TotalComparison] = []
    notes: list[Note] = []
    numbers = {r.entity.id: _numbers(r) for r in results}
    for total in totals:
        members = _members(total.entity, tree, results)
        if not members:
            notes.append(Note(total, Unchecked.NO_MEMBERS, placed=tree is not None))
            continue
        given = [m for m in members if total.id in numbers[m.entity.id]]
        if not given:
            notes.append(Note(total, Unchecked.NOT_GIVEN))
            continue
        with localcontext(EXACT):  # exact: the default context would round past 28 digits
            computed = sum((numbers[m.entity.id][total.id] for m in given), ZERO)
        missing = [m.entity.id for m in members if m not in given]
        comparisons.append(TotalComparison(total, computed, [m.entity.id for m in given], missing))
    return comparisons, notes


def _listed(name: str, values: Any, kind: type, what: str) -> list[Any]:
    """The items of an iterable argument, each checked to be a `kind`."""
    expect(name, values, Iterable, f"an iterable of {kind.__name__}")
    items = list(values)
    for index, item in enumerate(items):
        expect(f"{name}[{index}]", item, kind, what)
    return items


#: Where a result's value stands: (entity id, result id) -> (file, line, column), or
#: (file, row, column, sheet) in a workbook.
Places = Mapping[
    tuple[str, str], tuple[str, int | None, int | None] | tuple[str, int | None, int | None, str | None]
]


def _warning(suspect: Suspect, places: Places) -> Finding:
    file, line, column, *sheet = places.get((suspect.entity, suspect.item), ("", None, None))
    return Finding(
        kind=FindingKind(suspect.clue.value),
        entities=(suspect.entity,),
        items=(suspect.item,),
        file=file,
        values=suspect.values,
        label=suspect.label,
        unit=suspect.unit,
        likely=suspect.likely,
        score=suspect.score,
        likely_score=suspect.likely_score,
        decimals=suspect.decimals,
        line=line,
        column=column,
        sheet=sheet[0] if sheet else None,
    )


def _mismatches(comparisons: list[TotalComparison]) -> list[Finding]:
    """A `total-mismatch` finding for each published total the entities' sum misses."""
    return [
        Finding(
            kind=FindingKind.TOTAL_MISMATCH,
            entities=(comparison.total.entity, *comparison.contributors),
            items=(comparison.total.id,),
            comparison=comparison,
        )
        for comparison in comparisons
        if not comparison.matches
    ]


def _places(places: Any) -> Places:
    expect("places", places, (Mapping, type(None)), "a mapping (entity, result) -> (file, line, column)")
    return {} if places is None else places


def check(
    results: Iterable[Results],
    *,
    grid: Grid | None = None,
    tree: Tree | None = None,
    totals: Iterable[PublishedTotal] = (),
    min_identical: int = 3,
    places: Places | None = None,
) -> CheckReport:
    """Check entities' results for copy-pastes, repeated labels, values out of domain and totals,
    and warn of implausible values.

    Args:
        results: The entities' results (load them with `read_results(..., domains=False)` to
            let out-of-domain values through to this check).
        grid: The grid, for the units of the results (a share lies in [0, 1]), and for the
            rules' ranges and the totals of the warnings.
        tree: The entity tree, to place the published totals' entities; without it, the
            results' `parent` is used.
        totals: Published totals to compare with the entities' sums.
        min_identical: How many identical figures make two entities suspect.
        places: Where each result's value stands, `(entity id, result id) -> (file, line,
            column)`, to locate the warnings (the command line gives it).

    Returns:
        The report: findings, warnings, confirmed totals, and what could not be checked.

    Raises:
        TypeError: An argument is not of the type above.

    Examples:
        >>> report = check(cards, totals=load_totals("regional-totals.yaml"))  # doctest: +SKIP
        >>> report.clean  # doctest: +SKIP
        False
    """
    items = _listed("results", results, Results, "a Results (from load_results)")
    expect("grid", grid, (Grid, type(None)), "a Grid or None")
    expect("tree", tree, (Tree, type(None)), "a Tree or None")
    totals = _listed("totals", totals, PublishedTotal, "a PublishedTotal (from load_totals)")
    expect_int("min_identical", min_identical, 1, 10_000)
    where = _places(places)
    findings = _identical(items, min_identical)
    findings += _repeated_labels(items)
    for entity in items:
        findings += _domain(entity, grid)
    comparisons, notes = _totals(items, totals, tree)
    findings += _mismatches(comparisons)
    return CheckReport(
        findings=findings,
        confirmed=[c for c in comparisons if c.matches],
        unchecked=notes,
        entities=[r.entity.id for r in items],
        comparisons=comparisons,
        warnings=_covered([_warning(s, where) for s in suspects(items, grid)], findings),
    )


def _covered(warnings: list[Finding], findings: list[Finding]) -> list[Finding]:
    """The warnings less what an `out-of-domain` finding already says.

    A value out of its domain is refused by `score`: its percent-scale warning repeats the
    finding (left out), and no total is given with a value out of domain, the warning's own
    (`score`) or another of the entity's (`score` and `likely_score`).
    """
    refused: dict[str, set[str]] = {}
    for finding in findings:
        if finding.kind is FindingKind.OUT_OF_DOMAIN:
            refused.setdefault(finding.entities[0], set()).add(finding.items[0])
    out = []
    for warning in warnings:
        bad = refused.get(warning.entities[0], set())
        if warning.items[0] in bad and warning.kind is FindingKind.PERCENT_SCALE:
            continue
        if bad:
            others = bad - {warning.items[0]}
            likely_score = None if others else warning.likely_score
            warning = evolve(warning, score=None, likely_score=likely_score)
        out.append(warning)
    return out
