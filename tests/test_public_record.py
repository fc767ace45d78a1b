"""The docs page "The public record" lists every shipped grid of the record, and only real files.

A shipped grid cites the record when its text names an article of the IDCC 218 convention
(`KALIARTI…`). The page's table of shipped grids has one row per such grid: its first cell is the
file (`objectives/NAME.yaml`), its source cell names an article the grid cites, and its last cell
names every rule type the grid uses (and `variants`, and neutralised rows, when it has them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from cpg_score import Grid, load_grid
from cpg_score.io import file_kind
from cpg_score.io.kind import FileKind

from .conftest import OBJECTIVES, ROOT

PAGE = ROOT / "docs" / "public-record.md"
ARTICLE = re.compile(r"KALIARTI\d{12}")
ROW = re.compile(r"^\|\s*`(?P<file>objectives/[^`]+)`\s*\|(?P<rest>.*)\|\s*$")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table() -> dict[str, list[str]]:
    """The rows of the page's table of shipped grids: file -> its cells."""
    rows: dict[str, list[str]] = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match is not None:
            rows[match.group("file")] = _cells(line)
    return rows


def _cites_the_record(path: Path) -> bool:
    return file_kind(path) is FileKind.GRID and ARTICLE.search(path.read_text(encoding="utf-8")) is not None


RECORD = sorted(p for p in OBJECTIVES.glob("*.yaml") if _cites_the_record(p))
TABLE = _table()


def _rule_types(rule: object) -> set[str]:
    """The rule's type and those of the rules it holds (a `count` rule's base rule...)."""
    found = {str(getattr(rule, "type", ""))}
    for name in ("rule", "base", "level", "progress"):
        inner = getattr(rule, name, None)
        if inner is not None and hasattr(inner, "achievement"):
            found |= _rule_types(inner)
    return found - {""}


def _needs(grid: Grid) -> set[str]:
    """What the page must name for a grid: its rule types, `variants`, `neutralised`."""
    needs: set[str] = set()
    for axis in grid.axes:
        for objective in axis.objectives:
            if objective.neutralised is not None:
                needs.add("neutralised")
            for indicator in objective.indicators:
                needs |= _rule_types(indicator.rule)
                if indicator.neutralised is not None:
                    needs.add("neutralised")
    if grid.variants:
        needs.add("variants")
    return needs


def test_the_record_is_not_empty() -> None:
    # Guards the two tests below against passing on nothing.
    assert len(TABLE) >= 1


def test_every_shipped_grid_citing_the_record_is_in_the_table() -> None:
    missing = [str(p.relative_to(ROOT)) for p in RECORD if str(p.relative_to(ROOT)) not in TABLE]
    expected: list[str] = []
    assert expected == missing


def test_every_file_the_table_names_exists() -> None:
    absent = [name for name in TABLE if not (ROOT / name).is_file()]
    expected: list[str] = []
    assert expected == absent


def test_every_file_the_table_names_is_a_grid_of_the_record() -> None:
    others = [name for name in TABLE if (ROOT / name).is_file() and not _cites_the_record(ROOT / name)]
    expected: list[str] = []
    assert expected == others


def test_every_grid_has_its_illustrative_results() -> None:
    missing = [
        name for name in TABLE if not (OBJECTIVES / "results" / "illustrative" / Path(name).name).is_file()
    ]
    expected: list[str] = []
    assert expected == missing


@pytest.mark.parametrize("name", sorted(TABLE))
def test_source_cell_names_an_article_the_grid_cites(name: str) -> None:
    path = ROOT / name
    if not path.is_file():
        pytest.skip(f"{name} is not shipped (test_every_file_the_table_names_exists fails)")
    cited = set(ARTICLE.findall(path.read_text(encoding="utf-8")))
    named = set(ARTICLE.findall(TABLE[name][5]))
    assert named
    assert named <= cited


@pytest.mark.parametrize("name", sorted(TABLE))
def test_row_names_every_rule_type_the_grid_uses(name: str) -> None:
    path = ROOT / name
    if not path.is_file():
        pytest.skip(f"{name} is not shipped (test_every_file_the_table_names_exists fails)")
    needed = TABLE[name][6]
    unnamed = sorted(need for need in _needs(load_grid(path)) if need not in needed)
    expected: list[str] = []
    assert expected == unnamed


@pytest.mark.parametrize("name", sorted(TABLE))
def test_row_gives_the_grid_year(name: str) -> None:
    path = ROOT / name
    if not path.is_file():
        pytest.skip(f"{name} is not shipped (test_every_file_the_table_names_exists fails)")
    period = yaml.safe_load(path.read_text(encoding="utf-8"))["period"]
    assert str(period) in TABLE[name][3]
