"""Results read from spreadsheets: a CSV file or an xlsx workbook of one entity or many.

Three layouts, recognised by their header row (French or English words):

- one row per indicator: an `Id` column and a `Résultat` column (and optionally `Numérateur`,
  `Dénominateur`, `Exclusions`, `Commentaire`, `Référence`); with an `Entité` column, the rows of
  many entities (one row per entity and indicator);
- one row per entity: an `Entité` column and one column per indicator, headed by its id or its
  label;
- a meta block above the header row (`Grille`, `Période`, `Entité`, `Libellé`, each followed by
  its value), as `cpg-score template` writes it.

Each entity's cells become the same tree a YAML results file gives, read by the same reader:
the same checks, each problem placed at its cell (`file.xlsx:Feuille1!C7`, `file.csv:12:3`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from attrs import define, field

from cpg_score._args import expect
from cpg_score._numbers import parse_number
from cpg_score._safe_text import ID
from cpg_score.errors import InputError, Problem, ProblemCode, ResultsError, column_letters
from cpg_score.io._table_cells import (
    Cell,
    RawSheet,
    TableProblems,
    formula_cells,
    read_csv,
    read_xlsx,
    xlsx_content,
)
from cpg_score.io._table_layout import (
    META,
    Column,
    Header,
    Names,
    find_header,
    header_row,
    meta_hint,
    normal,
    read_header,
    skipped_sheet,
)
from cpg_score.io.marked import Limits, Mapping, Node, Scalar, child_path, too_large
from cpg_score.io.reader import Reader
from cpg_score.io.results import NEUTRAL_MARK, results_from_mapping
from cpg_score.io.source import read_source
from cpg_score.model.fit import NEUTRALISE_HINT
from cpg_score.model.grid import Grid, Results
from cpg_score.model.rules.registry import RuleBase

__all__ = ["TABLE_SUFFIXES", "TablePlaces", "is_table", "load_results_table", "read_results_table"]

#: Where each value of a table stands: (entity id, item id) -> (file, row, column, sheet or None).
TablePlaces = dict[tuple[str, str], tuple[str, int, int, str | None]]

#: The suffixes of the files read as tables (any other is YAML).
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods")
_XLSX = (".xlsx", ".xlsm")
#: The workbooks cpg-score does not read, each with what to do instead.
_UNREAD = {
    ".xls": "an .xls workbook (Excel 97-2003) cannot be read: save it as .xlsx or as CSV",
    ".ods": "an .ods workbook (OpenDocument) cannot be read: save it as .xlsx or as CSV",
}
#: The sheet names `cpg-score template` writes: they name no entity (the file's stem does).
_TEMPLATE_SHEETS = frozenset({"resultats", "results"})
#: How a table neutralises an item, said after a missing result (instead of YAML's wording).
_LONG_HINT = '(type "-" in its Résultat cell, the reason in Commentaire, to neutralise it)'
_WIDE_HINT = '(type "-" in its cell to neutralise it)'
#: The neutral marks of a cell: a hyphen, or the en dash a spreadsheet may turn it into.
_NEUTRAL = (NEUTRAL_MARK, "\u2013")
#: The columns written for people: a formula there without its value is no problem.
_DESCRIPTIVE = (Column.FLOOR, Column.TARGET, Column.IGNORED)
_DATA = (
    Column.RESULT,
    Column.NUMERATOR,
    Column.DENOMINATOR,
    Column.EXCLUSIONS,
    Column.COMMENT,
    Column.BASELINE,
)
#: The entity's own bounds a row may give, by their key in a results file.
_BOUNDS = (("floor", Column.FLOOR), ("target", Column.TARGET))
_BOUND_WORDS = {"floor": "floor (Seuil)", "target": "target (Cible)"}
_VALUE_KEYS = {
    Column.RESULT: "value",
    Column.NUMERATOR: "numerator",
    Column.DENOMINATOR: "denominator",
    Column.EXCLUSIONS: "exclusions",
    Column.COMMENT: "comment",
    Column.BASELINE: "baseline",
}


def is_table(path: str | os.PathLike[str]) -> bool:
    """Whether a file is read as a table (`.csv`, `.tsv`, `.xlsx`, `.xlsm`; `.xls` and `.ods`
    are refused with what to do) rather than YAML.

    Args:
        path: The file's path.

    Returns:
        True for a table's suffix (any case).
    """
    return os.fspath(path).lower().endswith(TABLE_SUFFIXES)


def load_results_table(
    source: str | bytes | os.PathLike[str],
    grid: Grid,
    *,
    sheet: str | None = None,
    limits: Limits | None = None,
    name: str | None = None,
) -> tuple[Results, ...]:
    """Load the results of one entity or many from a CSV file or an xlsx workbook.

    The grid id and period are the grid's (a meta block stating them must agree). Every
    problem of every sheet is collected, each placed at its cell, then raised at once.

    Args:
        source: A path to a `.csv` or `.xlsx` file, or its bytes.
        grid: The grid the results are scored on (it names the items of the columns).
        sheet: Read only this sheet of a workbook (by default, every sheet holding a table;
            sheets named `Notes`, `Lisez-moi` or `Readme` are skipped).
        limits: Bounds on the file's bytes (and a workbook's unpacked bytes) and on its cells
            (`max_nodes`).
        name: The display name of bytes (its suffix tells CSV from xlsx; by default bytes
            starting as a zip archive are a workbook).

    Returns:
        The results of each entity, in the order of the table.

    Raises:
        TypeError: An argument is of the wrong type.
        ResultsError: The table is invalid or does not fit the grid; every problem is listed.
        MissingExtraError: The file is a workbook and openpyxl (the `report` extra) is missing.

    Examples:
        >>> from cpg_score import load_grid, load_results_table
        >>> grid = load_grid("objectives/cpg-2019-drsm.yaml")  # doctest: +SKIP
        >>> load_results_table("resultats.xlsx", grid)  # doctest: +SKIP
    """
    return read_results_table(source, grid, sheet=sheet, limits=limits, name=name)


def read_results_table(
    source: str | bytes | os.PathLike[str],
    grid: Grid,
    *,
    sheet: str | None = None,
    limits: Limits | None = None,
    name: str | None = None,
    domains: bool = True,
    places: TablePlaces | None = None,
) -> tuple[Results, ...]:
    """[`load_results_table`][cpg_score.load_results_table], optionally without the unit domain
    checks (`domains=False`, as [`read_results`][cpg_score.read_results] does for `check`), and
    telling where each value stands (`places`, filled when given: `check` locates its warnings
    so, `file.xlsx:Feuille1!C7`)."""
    expect("source", source, (str, bytes, os.PathLike), "a path or bytes")
    expect("grid", grid, Grid, "a Grid (from load_grid)")
    expect("sheet", sheet, (str, type(None)), "a sheet name or None")
    expect("limits", limits, (Limits, type(None)), "a Limits or None")
    expect("name", name, (str, type(None)), "a file name or None")
    expect("domains", domains, bool, "True or False")
    expect("places", places, (dict, type(None)), "a dict to fill, or None")
    limits = limits or Limits()
    data, file, workbook = _content(source, limits, name)
    names = Names(grid)
    ctx = _Context(file, grid, names, _stem(file), domains, {} if places is None else places)
    try:
        if workbook:
            sheets = read_xlsx(data, file, limits, sheet)
        else:
            sheets = [read_csv(data, file, limits, lambda texts: header_row(texts, names))]
        return _read_tables(sheets, ctx, data if workbook else None)
    except TableProblems as exc:
        raise ResultsError(exc.problems) from None


def _content(
    source: str | bytes | os.PathLike[str], limits: Limits, name: str | None
) -> tuple[bytes, str, bool]:
    """The bytes of the table, its display name, and whether it is a workbook."""
    if isinstance(source, bytes):
        file = name or "<bytes>"
        if len(source) > limits.max_bytes:
            problem = Problem(
                message=too_large(len(source), limits),
                file=file,
                line=1,
                column=1,
                code=ProblemCode.TOO_LARGE,
            )
            raise ResultsError([problem])
        data = source
    else:
        file = os.fsdecode(source)
        try:
            content, file = read_source(Path(source), limits)
        except InputError as exc:
            raise ResultsError(exc.problems) from None
        data = content if isinstance(content, bytes) else content.encode("utf-8")
    suffix = Path(file).suffix.lower()
    if suffix in _UNREAD:
        raise ResultsError([Problem(message=_UNREAD[suffix], file=file, code=ProblemCode.UNREADABLE)])
    workbook = suffix in _XLSX or (suffix not in TABLE_SUFFIXES and xlsx_content(data))
    return data, file, workbook


def _stem(file: str) -> str:
    return Path(file).stem if not file.startswith("<") else "entity"


def _slug(name: str) -> str:
    """The entity id a sheet's or a file's name gives (one rule for both): `DRSM Centre-Ouest`
    is `drsm-centre-ouest`, `Ancien` is `ancien`."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", bare).strip("-._").lower()
    return slug if slug and ID.fullmatch(slug) else "entity"


@define
class _Context:
    """What every sheet of a table is read against."""

    file: str
    grid: Grid
    names: Names
    stem: str
    domains: bool = True
    places: TablePlaces = field(factory=dict)


@define
class _Group:
    """The cells of one entity: its id (and label), its entries, where it starts."""

    sheet: str | None
    index: int
    entity: Scalar
    label: Scalar | None
    anchor: Cell
    meta: dict[str, Cell]
    entries: list[tuple[Scalar, Node]] = field(factory=list)
    seen: dict[str, Cell] = field(factory=dict)
    comment: Scalar | None = None
    #: Each item's empty result cell (where its "no result" is placed), and how to neutralise.
    blank: dict[str, Cell] = field(factory=dict)
    hint: str = _LONG_HINT

    def add(self, r: Reader, key: Cell, item: str, value: Node) -> None:
        """One item's value; a second one for the same item is a problem."""
        if item in self.seen:
            first = _where(self.sheet, self.seen[item])
            message = f"{item!r} is given twice for entity {self.entity.text!r} (first at {first})"
            r.error(key.scalar(), child_path("$.results", item), message, ProblemCode.DUPLICATE_KEY)
            return
        self.seen[item] = key
        self.entries.append((key.scalar(item, "str"), value))


@define
class _Sheet:
    """A sheet's table: its reader (the problems of its structure), header and entities."""

    raw: RawSheet
    index: int
    r: Reader
    header: Header
    groups: list[_Group]


def _where(sheet: str | None, cell: Cell) -> str:
    """A cell's place in a message: `B5` in a workbook, `line 5` in a CSV file."""
    return f"{column_letters(cell.column)}{cell.row}" if sheet is not None else f"line {cell.row}"


def _read_tables(sheets: list[RawSheet], ctx: _Context, workbook: bytes | None) -> tuple[Results, ...]:
    tables: list[_Sheet] = []
    for index, raw in enumerate(sheets):
        if raw.name is not None and skipped_sheet(raw.name) and len(sheets) > 1:
            continue
        table = _read_sheet(raw, index, ctx)
        if table is not None:
            tables.append(table)
    if not tables:
        message = (
            "no results table found: expected a header row with the columns Id and Résultat "
            "(one row per indicator), or Entité and one column per indicator"
        )
        line = 1 if workbook is None else None
        problem = Problem(message=message, file=ctx.file, line=line, column=line, code=ProblemCode.NO_HEADER)
        raise ResultsError([problem])
    problems = _uncached(tables, ctx.file, workbook) if workbook is not None else []
    # A formula without its value reads as an empty cell: its "no result" would say it twice.
    uncached = {(index, p.line, p.column) for index, p in problems}
    for table in tables:
        problems.extend((table.index, p) for p in table.r.problems)
        if not table.groups and not table.r.problems:
            problems.append((table.index, _no_results(table)))
    results = _entities(tables, ctx, problems, uncached)
    if problems:
        problems.sort(key=lambda found: (found[0], found[1].line or 0, found[1].column or 0))
        raise ResultsError([p for _, p in problems])
    return tuple(results)


def _no_results(table: _Sheet) -> Problem:
    """The problem of a table of entities (an entity column) whose every result is empty."""
    message = "the table gives no result: every Résultat cell is empty"
    if table.header.wide:
        message = "the table gives no result: every indicator's cell is empty"
    at = table.header.anchor
    return Problem(
        message=message,
        file=table.r.file,
        line=at.row,
        column=at.column,
        path="$.results",
        code=ProblemCode.NO_RESULTS,
        sheet=table.raw.name,
    )


def _read_sheet(raw: RawSheet, index: int, ctx: _Context) -> _Sheet | None:
    """A sheet's header, meta block and entities (None: the sheet holds no table)."""
    found = find_header(raw.rows, ctx.names)
    if found is None:
        return None
    at, meta_rows = found
    r = Reader(ctx.file, sheet=raw.name)
    header = read_header(r, raw.rows[at], ctx.names)
    meta = _read_meta(r, meta_rows)
    rows = raw.rows[at + 1 :]
    if header.wide:
        groups = _wide_groups(r, rows, header, raw, index)
    else:
        groups = _long_groups(r, rows, header, ctx, _Default(raw, index, meta, ctx, header))
    for group in groups:
        group.meta = meta
    if Column.ENTITY in header.columns.values() and "entity" in meta:
        message = "the table has an entity column: give the entity on each row, not in the meta block"
        r.error(meta["entity"].scalar(), "$.entity", message, ProblemCode.INVALID)
    return _Sheet(raw, index, r, header, groups)


def _read_meta(r: Reader, rows: list[list[Cell]]) -> dict[str, Cell]:
    """The meta block: each key's value cell (a key given twice, or misspelt, is a problem; one
    without a value is not given, as an empty cell)."""
    meta: dict[str, Cell] = {}
    for cells in rows:
        if normal(cells[0].text) not in META:
            hint = meta_hint(cells[0].text)
            message = f"unknown row {cells[0].text!r} above the header row; did you mean {hint!r}?"
            r.error(cells[0].scalar(), "$", message, ProblemCode.UNKNOWN_KEY)
            continue
        key = META[normal(cells[0].text)]
        value = cells[1] if len(cells) > 1 and cells[1].column == cells[0].column + 1 else None
        if key in meta:
            message = (
                f"{cells[0].text!r} is given twice in the meta block (first at {_where(r.sheet, meta[key])})"
            )
            r.error(cells[0].scalar(), f"$.{key}", message, ProblemCode.DUPLICATE_KEY)
        elif value is not None:
            meta[key] = value
    return meta


@define
class _Default:
    """The entity of a table without an entity column: the meta block's, else the sheet's name,
    else the file's stem."""

    raw: RawSheet
    index: int
    meta: dict[str, Cell]
    ctx: _Context
    header: Header

    def group(self) -> _Group:
        """The one entity of the table."""
        at = self.header.anchor
        entity = self.meta.get("entity")
        label = self.meta.get("label")
        sheet = self.raw.name
        name = sheet if sheet is not None and normal(sheet) not in _TEMPLATE_SHEETS else self.ctx.stem
        entity_node = entity.scalar() if entity is not None else at.scalar(_slug(name), "str")
        label_node = (
            label.scalar() if label is not None else (None if entity is not None else at.scalar(name, "str"))
        )
        return _Group(self.raw.name, self.index, entity_node, label_node, at, self.meta)


def _row(r: Reader, cells: list[Cell], header: Header) -> dict[int, Cell]:
    """A row's cells by column; a value under no header is a problem."""
    named = header.columns.keys() | header.items.keys() | header.named
    row: dict[int, Cell] = {}
    for cell in cells:
        if cell.column in named:
            row[cell.column] = cell
        else:
            message = f"a value in column {column_letters(cell.column)}, which has no header: {cell.text!r}"
            r.error(cell.scalar(), "$", message, ProblemCode.UNKNOWN_KEY)
    return row


def _by_kind(row: dict[int, Cell], header: Header) -> dict[Column, Cell]:
    return {
        kind: row[col] for col, kind in header.columns.items() if col in row and kind is not Column.IGNORED
    }


def _value_node(cells: dict[Column, Cell]) -> Node | None:
    """What a row gives for its item: the result cell alone, or a mapping of every cell given
    (`-` with a comment: neutralised, the comment its reason)."""
    given = {kind: cells[kind] for kind in _DATA if kind in cells}
    result = given.get(Column.RESULT)
    if not given:
        return None
    neutral = result is not None and result.text in _NEUTRAL
    if neutral and Column.COMMENT in given:
        reason = given.pop(Column.COMMENT)
        del given[Column.RESULT]
        entries = [(reason.scalar("neutralised", "str"), reason.scalar(kind="str"))]
    elif list(given) == [Column.RESULT]:
        assert result is not None
        return result.scalar(NEUTRAL_MARK, "str") if neutral else result.scalar()
    else:
        entries = []
    entries += [(cell.scalar(_VALUE_KEYS[kind], "str"), cell.scalar()) for kind, cell in given.items()]
    anchor = result or next(iter(cells.values()))
    return Mapping(tuple(entries), anchor.row, anchor.column)


def _grid_bounds(grid: Grid, item: str) -> tuple[Decimal | None, Decimal | None, Any] | None:
    """The grid's floor and target of an item as the template writes them (a rule without
    bounds: its on-target result as the target), and its rule (None: a direct objective's, or an
    unknown item)."""
    found = grid.locate(item)
    if found is None:
        return None
    indicator = found[2]
    if indicator is None:
        return None, Decimal(1), None  # a rate given directly is on target at 100 %
    rule = indicator.rule
    bounds = _shown_bounds(rule)
    if bounds is not None:
        return bounds[0], bounds[1], rule
    try:
        target = rule.on_target() if isinstance(rule, RuleBase) else None
    except ValueError:  # a target relative to a baseline not given
        target = None
    return None, target, rule


def _shown_bounds(rule: Any) -> tuple[Decimal | None, Decimal | None] | None:
    """A rule's floor and target as the template shows them: its own, else its inner rule's (an
    improvement's base, a blend's level, a count's rule)."""
    for _ in range(8):  # rules nest a few levels at most
        if not isinstance(rule, RuleBase):
            return None
        bounds = rule.bounds()
        if bounds is not None:
            return bounds
        rule = next((getattr(rule, name) for name in ("base", "level", "rule") if hasattr(rule, name)), None)
    return None


def _own_bound(cell: Cell, grid_value: Decimal | None) -> bool:
    """Whether a Seuil or Cible cell gives a number other than the grid's (else: descriptive)."""
    # `2,000` is 2 read as a French decimal, 2000 as English thousands: either may be the grid's.
    readings = {cell.text, cell.text.replace(",", "")}
    values = set()
    for text in readings:
        try:
            values.add(parse_number(text).value)
        except ValueError:
            continue
    if not values:
        return False  # words, a date, `—`: what the template wrote for people
    return grid_value is None or grid_value not in values


def _with_bounds(r: Reader, kinds: dict[Column, Cell], item: str, value: Node, grid: Grid) -> Node:
    """The item's value with the entity's own floor and target: a number in its Seuil or Cible
    cell other than the grid's (a rule without bounds to override: a problem at the cell)."""
    cells = [(key, kinds[column]) for key, column in _BOUNDS if column in kinds]
    neutral = isinstance(value, Scalar) and value.text == NEUTRAL_MARK and value.kind == "str"
    known = _grid_bounds(grid, item) if cells and not neutral else None
    if known is None:
        return value
    own = [(key, cell) for key, cell in cells if _own_bound(cell, known[0 if key == "floor" else 1])]
    if not own:
        return value
    rule = known[2]
    with_bounds = getattr(rule, "with_bounds", None)
    if with_bounds is None or with_bounds(floor=None, target=None) is None:
        what = f"{rule.type} rule" if rule is not None else "its rate is given directly"
        for key, cell in own:
            message = (
                f"{cell.text!r} differs from the grid's {_BOUND_WORDS[key]} of {item!r}, which a table "
                f"cannot change ({what}): write the grid's or clear the cell; an entity's own bounds "
                "go in a targets file (--targets)"
            )
            r.error(cell.scalar(), child_path("$.results", item), message, ProblemCode.INVALID)
        return value
    entries = (
        list(value.entries)
        if isinstance(value, Mapping)
        else [(Scalar("value", "str", value.line, value.column), value)]
    )
    entries += [(cell.scalar(key, "str"), cell.scalar()) for key, cell in own]
    return Mapping(tuple(entries), value.line, value.column)


def _long_groups(
    r: Reader, rows: list[list[Cell]], header: Header, ctx: _Context, default: _Default
) -> list[_Group]:
    """The entities of a table of one row per item (one entity without an entity column, even
    when no result is filled: then every item has none)."""
    groups: dict[str, _Group] = {}
    with_entity = Column.ENTITY in header.columns.values()
    if not with_entity:
        groups[""] = default.group()
    result = next((col for col, kind in header.columns.items() if kind is Column.RESULT), None)
    blanks: list[tuple[str, str, Cell]] = []  # (entity, item, its empty result cell)
    for cells in rows:
        kinds = _by_kind(_row(r, cells, header), header)
        ident = kinds.get(Column.ID)
        entity = kinds.get(Column.ENTITY)
        value = _value_node(kinds)
        if value is None:  # an objective's or an axis's row, a note, an empty result
            if ident is not None and result is not None and (entity is not None or not with_entity):
                item = ctx.names.item(ident.text) or ident.text
                blanks.append((entity.text if entity else "", item, Cell("", "str", ident.row, result)))
            continue
        first = next(c for k, c in kinds.items() if k in _DATA)
        if ident is None or (with_entity and entity is None):
            what = "an indicator id (column Id)" if ident is None else "an entity (column Entité)"
            r.error(first.scalar(), "$", f"a result without {what}: {first.text!r}", ProblemCode.MISSING_KEY)
            continue
        if entity is None:
            group = groups[""]
        else:
            group = groups.get(entity.text) or groups.setdefault(
                entity.text, _Group(default.raw.name, default.index, entity.scalar(), None, entity, {})
            )
        label = kinds.get(Column.ENTITY_LABEL)
        if group.label is None and label is not None:
            group.label = label.scalar()
        item = ctx.names.item(ident.text) or ident.text  # an id, or its exact label
        group.add(r, ident, item, _with_bounds(r, kinds, item, value, ctx.grid))
    for name, item, cell in blanks:
        if name in groups:
            groups[name].blank.setdefault(item, cell)
    return list(groups.values())


def _wide_groups(
    r: Reader, rows: list[list[Cell]], header: Header, raw: RawSheet, index: int
) -> list[_Group]:
    """The entities of a table of one row per entity and one column per item."""
    groups: list[_Group] = []
    for cells in rows:
        row = _row(r, cells, header)
        kinds = _by_kind(row, header)
        values = [(row[col], item) for col, item in header.items.items() if col in row]
        entity = kinds.get(Column.ENTITY)
        if entity is None:
            if values or Column.COMMENT in kinds:
                first = values[0][0] if values else kinds[Column.COMMENT]
                message = f"a result without an entity (column Entité): {first.text!r}"
                r.error(first.scalar(), "$", message, ProblemCode.MISSING_KEY)
            continue
        label = kinds.get(Column.ENTITY_LABEL)
        group = _Group(raw.name, index, entity.scalar(), label.scalar() if label else None, entity, {})
        group.hint = _WIDE_HINT
        comment = kinds.get(Column.COMMENT)
        group.comment = comment.scalar(kind="str") if comment is not None else None
        for cell, item in values:
            neutral = cell.text in _NEUTRAL
            group.add(r, cell, item, cell.scalar(NEUTRAL_MARK, "str") if neutral else cell.scalar())
        for col, item in header.items.items():
            if col not in row:
                group.blank.setdefault(item, Cell("", "str", entity.row, col))
        groups.append(group)
    return groups


def _uncached(tables: list[_Sheet], file: str, workbook: bytes) -> list[tuple[int, Problem]]:
    """A formula without a cached value in a data cell is a problem (the workbook was written by
    a program and never opened in a spreadsheet, which would have computed it)."""
    wanted: dict[str, set[tuple[int, int]]] = {}
    for table in tables:
        header = table.header
        data = {c for c, kind in header.columns.items() if kind not in _DESCRIPTIVE} | header.items.keys()
        places = {(row, col) for row, col in table.raw.blanks if row > header.row and col in data}
        if places and table.raw.name is not None:
            wanted[table.raw.name] = places
    if not wanted:
        return []
    found = formula_cells(workbook, file, wanted)
    message = "formula without a value: open and save the file in Excel or LibreOffice first"
    by_name = {t.raw.name: t.index for t in tables}
    return [
        (
            by_name[name],
            Problem(
                message=message, file=file, line=row, column=col, code=ProblemCode.NO_CACHED_VALUE, sheet=name
            ),
        )
        for name, places in found.items()
        for row, col in sorted(places)
    ]


def _entities(
    tables: list[_Sheet],
    ctx: _Context,
    problems: list[tuple[int, Problem]],
    uncached: set[tuple[int, int | None, int | None]],
) -> list[Results]:
    """Each entity's results, read from its tree by the YAML reader; problems go to `problems`."""
    results: list[Results] = []
    first: dict[str, _Group] = {}
    for table in tables:
        for group in table.groups:
            r = Reader(ctx.file, sheet=group.sheet, domains=ctx.domains)
            earlier = first.setdefault(group.entity.text, group)
            if earlier is not group:
                where = _where(earlier.sheet, earlier.anchor)
                where = f"{earlier.sheet}!{where}" if earlier.sheet not in (None, group.sheet) else where
                message = f"entity {group.entity.text!r} is given twice (first at {where})"
                r.error(group.entity, "$.entity", message, ProblemCode.DUPLICATE_ID)
            try:
                read = results_from_mapping(r, _tree(group, ctx.grid), ctx.grid)
            except ResultsError as exc:
                placed = (_at_blank(group, p) for p in exc.problems)
                problems.extend(
                    (group.index, p) for p in placed if (group.index, p.line, p.column) not in uncached
                )
                continue
            problems.extend((group.index, p) for p in r.problems)
            results.append(read)
            for item, value in group.entries:
                ctx.places[(read.entity.id, item.text)] = (ctx.file, value.line, value.column, group.sheet)
    return results


def _at_blank(group: _Group, problem: Problem) -> Problem:
    """A missing result placed at the item's empty cell, with a table's way to neutralise it."""
    if problem.code is not ProblemCode.MISSING_RESULT:
        return problem
    message = problem.message.replace(NEUTRALISE_HINT, group.hint)
    cell = next((c for item, c in group.blank.items() if child_path("$.results", item) == problem.path), None)
    if cell is None:
        return attrs.evolve(problem, message=message)
    return attrs.evolve(problem, message=message, line=cell.row, column=cell.column)


def _tree(group: _Group, grid: Grid) -> Mapping:
    """The results tree of one entity, as a YAML file would give it, placed at its cells."""
    at = group.anchor

    def key(text: str) -> Scalar:
        return at.scalar(text, "str")

    entity = Mapping(
        ((key("id"), group.entity), (key("label"), group.label or group.entity)), at.row, at.column
    )
    meta = group.meta
    grid_node = meta["grid"].scalar() if "grid" in meta else key(grid.id)
    period_node = meta["period"].scalar() if "period" in meta else at.scalar(str(grid.period), "int")
    entries: list[tuple[Scalar, Node]] = [
        (key("entity"), entity),
        (key("grid"), grid_node),
        (key("period"), period_node),
        (key("results"), Mapping(tuple(group.entries), at.row, at.column)),
    ]
    if "variant" in meta:
        entries.append((key("variant"), meta["variant"].scalar()))
    if group.comment is not None:
        entries.append((key("comment"), group.comment))
    return Mapping(tuple(entries), at.row, at.column)
