"""Commands read tables of results (.csv, .xlsx): several entities where a command takes several,
one picked with `--entity` where it takes one."""

from __future__ import annotations

import pytest

from cpg_score.cli import main

from .conftest import GRID_2019, ROOT

TABLE = ROOT / "tests" / "data" / "tables" / "golden-2019-long.csv"


def test_compare_reads_a_table_of_several_entities(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["compare", str(GRID_2019), str(TABLE)])
    assert "DRSM Centre-Ouest" in capsys.readouterr().out.splitlines()[2]


def test_sensitivity_picks_an_entity_of_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["sensitivity", str(GRID_2019), str(TABLE), "--entity", "drsm-aquitaine"])
    assert "drsm-aquitaine sur cpg-2019-drsm (total 737,72)" in capsys.readouterr().out
