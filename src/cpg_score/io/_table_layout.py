"""The layout of a results table: its header words (French and English), its header row, its
meta block, and the columns of the header row."""

from __future__ import annotations

import difflib
import enum
import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from cpg_score.errors import ProblemCode, Suggestions, column_letters, unknown_item
from cpg_score.io._table_cells import Cell
from cpg_score.io.reader import Reader
from cpg_score.model.grid import Grid

__all__ = ["Column", "Header", "Names", "find_header", "header_row", "normal", "read_header", "skipped_sheet"]


class Column(enum.Enum):
    """What a column of a table holds."""

    ID = "id"
    RESULT = "result"
    ENTITY = "entity"
    ENTITY_LABEL = "entity label"
    NUMERATOR = "numerator"
    DENOMINATOR = "denominator"
    EXCLUSIONS = "exclusions"
    COMMENT = "comment"
    BASELINE = "baseline"
    FLOOR = "floor"
    TARGET = "target"
    IGNORED = "ignored"


_SPACES = re.compile(r"\s+")


def normal(text: str) -> str:
    """A header compared case-, accent- and space-insensitively: `Résultat ` is `resultat`."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub("", bare.casefold()).rstrip(":")


#: The accepted headers of each column, as written in the documentation.
HEADER_WORDS: dict[Column, tuple[str, ...]] = {
    Column.ID: ("id", "indicateur", "indicator", "code", "objectif/id"),
    Column.RESULT: ("résultat", "resultat", "result", "valeur", "value"),
    Column.ENTITY: ("entité", "entite", "entity", "organisme", "caisse"),
    Column.ENTITY_LABEL: ("libellé entité", "nom", "entity label", "name"),
    Column.NUMERATOR: ("numérateur", "numerator"),
    Column.DENOMINATOR: ("dénominateur", "denominator"),
    Column.EXCLUSIONS: ("exclusions",),
    Column.COMMENT: ("commentaire", "comment"),
    Column.BASELINE: ("référence", "baseline"),
    # Descriptive as the template writes them; a number other than the grid's is the entity's own.
    Column.FLOOR: ("seuil", "floor"),
    Column.TARGET: ("cible", "objectif", "target"),
    Column.IGNORED: (
        "libellé",
        "label",
        "unité",
        "unit",
        "points",
        "taux",
        "rate",
        "points obtenus",
        "points earned",
        "axe",
        "axis",
    ),
}
HEADERS: dict[str, Column] = {normal(w): column for column, words in HEADER_WORDS.items() for w in words}
#: The first cells of the meta block's rows, and what each gives.
META: dict[str, str] = {
    "grille": "grid",
    "grid": "grid",
    "periode": "period",
    "period": "period",
    "entite": "entity",
    "entity": "entity",
    "libelle": "label",
    "label": "label",
    "variante": "variant",
    "variant": "variant",
}
#: The meta keys as written (a "did you mean" names them so).
_META_WORDS = (
    "Grille",
    "Grid",
    "Période",
    "Period",
    "Entité",
    "Entity",
    "Libellé",
    "Label",
    "Variante",
    "Variant",
)
#: Sheets never read as tables (unless asked for by name).
_SKIPPED = {"notes", "lisez-moi", "lisezmoi", "readme", "read-me"}
#: Columns the template writes to be read by people (a "did you mean" names none of them).
_DESCRIPTIVE = (Column.FLOOR, Column.TARGET, Column.IGNORED)
#: Columns only a table of one row per indicator has.
LONG_ONLY = (Column.ID, Column.NUMERATOR, Column.DENOMINATOR, Column.EXCLUSIONS, Column.BASELINE)


def skipped_sheet(name: str) -> bool:
    """Whether a sheet holds notes rather than a table (`Notes`, `Lisez-moi`, `Readme`)."""
    return normal(name) in _SKIPPED


class Names:
    """The ids and labels a wide table's header may name an item by (none without a grid)."""

    def __init__(self, grid: Grid | None) -> None:
        self.grid = grid
        self.scored: set[str] = set(grid.scored_ids()) if grid is not None else set()
        self.labels: dict[str, list[str]] = {}
        if grid is not None:
            for _, objective in grid.objectives():
                self._label(objective.label, objective.id)
                for indicator in objective.indicators:
                    self._label(indicator.label, indicator.id)
        #: A wide table's header may be a label: its hints are among the ids and the labels.
        self.header_hints = Suggestions(sorted(self.scored | self.labels.keys()))

    def _label(self, label: str, item: str) -> None:
        if item in self.scored:
            self.labels.setdefault(label.strip(), []).append(item)

    def item(self, text: str) -> str | None:
        """The scored id a header names (its id, or its exact label when only one item has it)."""
        if text in self.scored:
            return text
        found = self.labels.get(text, [])
        return found[0] if len(found) == 1 else None


class Header(NamedTuple):
    """A table's header row: what each column holds (an item's id for a wide table's item
    columns), and whether the table has one row per entity."""

    row: int
    columns: dict[int, Column]
    items: dict[int, str]
    wide: bool
    anchor: Cell
    named: frozenset[int]


def header_row(texts: Sequence[str], names: Names) -> bool:
    """Whether these cells make a header row (one row per item, or one row per entity)."""
    found = {HEADERS.get(normal(t)) for t in texts if t.strip()}
    if Column.ID in found:
        return Column.RESULT in found or Column.NUMERATOR in found
    return Column.ENTITY in found and any(names.item(t.strip()) is not None for t in texts)


def find_header(rows: list[list[Cell]], names: Names) -> tuple[int, list[list[Cell]]] | None:
    """The index of the header row, and the rows of the meta block above it (None: no header):
    the rows starting with a meta key, and the rows of two cells (a key and its value) whose
    first is close to one (a misspelt key: a problem, see `meta_hint`)."""
    meta: list[list[Cell]] = []
    for index, cells in enumerate(rows):
        if header_row([c.text for c in cells], names):
            return index, meta
        if normal(cells[0].text) in META or (len(cells) == 2 and meta_hint(cells[0].text) is not None):
            meta.append(cells)
    return None


def meta_hint(text: str) -> str | None:
    """The meta key a misspelt one is close to (`Varinate` is `Variante`), else None."""
    words = {normal(w): w for w in _META_WORDS}
    found = difflib.get_close_matches(normal(text), list(words), n=1, cutoff=0.75)
    return words[found[0]] if found else None


def read_header(r: Reader, cells: list[Cell], names: Names) -> Header:
    """Each header cell's column; an unknown or repeated header is a problem."""
    kinds = {HEADERS.get(normal(c.text)) for c in cells}
    wide = Column.ID not in kinds
    columns: dict[int, Column] = {}
    items: dict[int, str] = {}
    first: dict[Column | str, Cell] = {}
    for cell in cells:
        column = HEADERS.get(normal(cell.text))
        item = names.item(cell.text) if wide and column is None else None
        key: Column | str | None = item or column
        if key is not None and key is not Column.IGNORED and key in first:
            message = (
                f"column {cell.text!r} is given twice (first in column {column_letters(first[key].column)})"
            )
            r.error(cell.scalar(), "$", message, ProblemCode.DUPLICATE_KEY)
        elif item is not None:
            items[cell.column] = item
            first[item] = cell
        elif column is not None and wide and column in LONG_ONLY:
            message = f"column {cell.text!r} is for a table of one row per indicator (with an Id column)"
            r.error(cell.scalar(), "$", message, ProblemCode.UNKNOWN_KEY)
        elif column is not None:
            columns[cell.column] = column
            first.setdefault(column, cell)
        else:
            _unknown_header(r, cell, names, wide)
    return Header(cells[0].row, columns, items, wide, cells[0], frozenset(c.column for c in cells))


def _unknown_header(r: Reader, cell: Cell, names: Names, wide: bool) -> None:
    if wide and names.grid is not None:
        message = unknown_item(cell.text, names.grid.id, names.header_hints)
        r.error(cell.scalar(), "$", message, ProblemCode.UNKNOWN_ITEM)
        return
    words = [w for column, ws in HEADER_WORDS.items() for w in ws if column not in _DESCRIPTIVE]
    hint = difflib.get_close_matches(cell.text.casefold(), words, n=1, cutoff=0.6)
    expected = (
        f"; did you mean {hint[0]!r}?"
        if hint
        else "; the columns read are "
        + ", ".join(HEADER_WORDS[c][0] for c in Column if c not in _DESCRIPTIVE)
    )
    r.error(cell.scalar(), "$", f"unknown column {cell.text!r}{expected}", ProblemCode.UNKNOWN_KEY)
