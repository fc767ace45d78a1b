"""Year-end projection: linear pace, seasonal profile, fractions, interval, CLI."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from cpg_score import CpgScoreError, Grid, load_results
from cpg_score.cli import main
from cpg_score.io import load_series
from cpg_score.model.series import SeriesFile
from cpg_score.simulate import Series, SeriesError, project
from cpg_score.simulate._projection import _project_one as project_one

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019

BASE = RESULTS_2019 / "drsm-centre-ouest.yaml"
SERIES = OBJECTIVES / "series" / "drsm-centre-ouest-2019-06.yaml"
Z = Decimal("1.6448536269514722")


def test_cumulative_linear_pace() -> None:
    series = Series(id="c", kind="cumulative", values=[Decimal(v) for v in (100, 200, 300)])
    assert Decimal(1200) == project_one(series, Z).central


def test_cumulative_with_a_previous_year_profile() -> None:
    previous = [Decimal(v) for v in (50, 100, 200, 250, 300, 350, 400, 450, 500, 550, 600, 1000)]
    series = Series(id="c", kind="cumulative", values=[Decimal(v) for v in (60, 120, 240)], previous=previous)
    assert Decimal(1200) == project_one(series, Z).central


def test_regular_months_have_no_spread() -> None:
    result = project_one(Series(id="c", kind="cumulative", values=[Decimal(v) for v in (10, 20, 30)]), Z)
    assert (Decimal(120), Decimal(120)) == (result.low, result.high)


def test_fraction_projects_the_ratio() -> None:
    series = Series(
        id="f", kind="fraction", numerator=[Decimal(9), Decimal(18)], denominator=[Decimal(10), Decimal(20)]
    )
    assert Decimal("0.9") == project_one(series, Z).central


def test_rate_with_previous_year_adds_its_change_to_december() -> None:
    previous = [Decimal(v) / 100 for v in (50, 51, 52, 53, 53.5, 54, 54.5, 55, 55.5, 56, 56.5, 57)]
    series = Series(id="r", kind="rate", values=[Decimal("0.52"), Decimal("0.54")], previous=previous)
    assert Decimal("0.60") == project_one(series, Z).central


def test_projection_of_the_shipped_series_is_scored_with_an_interval(grid_2019: Grid) -> None:
    found = project(grid_2019, load_series(SERIES, grid_2019), load_results(BASE, grid_2019))
    assert found.worse <= found.central <= found.better


def test_missing_values_without_base_are_an_error(grid_2019: Grid) -> None:
    from cpg_score.errors import CpgScoreError

    with pytest.raises(CpgScoreError, match="no series and no base value"):
        project(grid_2019, load_series(SERIES, grid_2019))


def test_series_longer_than_a_year_is_an_error(grid_2019: Grid) -> None:
    text = (
        "entity: e\ngrid: cpg-2019-drsm\nperiod: 2019\nseries:\n  fraude: {values: ["
        + ", ".join(["0.9"] * 13)
        + "]}\n"
    )
    with pytest.raises(SeriesError, match="1 to 12 months"):
        load_series(text.replace("entity: e", "entity: {id: e}"), grid_2019)


def test_series_unknown_id_is_an_error(grid_2019: Grid) -> None:
    text = "entity: {id: e}\ngrid: cpg-2019-drsm\nperiod: 2019\nseries:\n  fraudes: {values: [0.9]}\n"
    with pytest.raises(SeriesError, match="<string>:5:3: no indicator or objective 'fraudes'"):
        load_series(text, grid_2019)


def test_series_file_reads_the_level(grid_2019: Grid) -> None:
    loaded: SeriesFile = load_series(SERIES, grid_2019)
    assert (Decimal("0.9"), 3) == (loaded.level, len(loaded.series))


def test_cli_project_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["project", str(GRID_2019), str(SERIES), "--results", str(BASE), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert (code, len(data["values"])) == (0, 3)


def test_a_level_too_close_to_100_percent_is_refused_where_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SERIES.read_text(encoding="utf-8")
    path = tmp_path / "series.yaml"
    path.write_text(text.replace("level: 90 %", "level: 99.99999999999999999 %"), encoding="utf-8")
    code = main(["project", str(GRID_2019), str(path), "--results", str(BASE)])
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("level:"))
    expected = (
        2,
        f"{path}:{line}:8: level must lie strictly between 0 % and 100 %, at most 99.9999 %, "
        "got 0.9999999999999999999 @ $.level\n",
    )
    assert expected == (code, capsys.readouterr().err)


def test_project_refuses_a_level_built_out_of_range(grid_2019: Grid) -> None:
    loaded = load_series(SERIES, grid_2019)
    bad = SeriesFile(
        entity=loaded.entity,
        grid=loaded.grid,
        period=loaded.period,
        level=Decimal(1),
        series=loaded.series,
        source="s.yaml",
    )
    with pytest.raises(CpgScoreError) as caught:
        project(grid_2019, bad, load_results(BASE, grid_2019))
    expected = "s.yaml: level must lie strictly between 0 % and 100 %, at most 99.9999 %, got 1"
    assert expected == str(caught.value)
