"""The command line: outputs, exit codes, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpg_score.cli import main

from .conftest import GRID_2019, RESULTS_2019

CO = str(RESULTS_2019 / "drsm-centre-ouest.yaml")


def test_score_prints_the_published_total(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["score", str(GRID_2019), CO])
    out = capsys.readouterr().out
    assert "Résultat régional" in out
    assert "77,65\u00a0%  776,50 / 1\u202f000" in out


def test_score_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["score", str(GRID_2019), CO, "--lang", "en"])
    assert (
        "Regional result                                                         77.65%  776.50 / 1,000"
        in (capsys.readouterr().out)
    )


def test_score_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["score", str(GRID_2019), CO, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert {"points": "776.50", "max": "1000.00", "rate_percent": "77.65"} == {
        k: data["total"][k] for k in ("points", "max", "rate_percent")
    }
    first = data["objectives"][0]
    assert {
        "id": "publics-fragilises",
        "label": "Accompagnement des publics fragilisés",
        "axis": "axe-1",
        "points": "64.50",
        "max": "65.00",
        "rate_percent": "99.24",
        "neutralised": False,
    } == {k: first[k] for k in ("id", "label", "axis", "points", "max", "rate_percent", "neutralised")}


def test_score_an_example_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["score", "--example", "drsm-aquitaine-2019", "-f", "csv", "--lang", "en"])
    assert (
        "drsm-aquitaine,total,,,total,Regional result,,,,,73.77,737.72,1000.00,no," in capsys.readouterr().out
    )


def test_unknown_example_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main(["score", "--lang", "en", "--example", "nope"])
    assert "no shipped example named 'nope'" in capsys.readouterr().err


def test_invalid_input_exits_2_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: g\nid: h\n", encoding="utf-8")
    assert 2 == main(["score", "--lang", "en", str(bad), CO])
    err = capsys.readouterr().err
    assert f"{bad}:2:1: duplicate key 'id' (first at line 1); a key may appear only once @ $.id" in err
    assert "Traceback" not in err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main(["score", "nope.yaml", CO])
    assert "nope.yaml: no such file @ $" in capsys.readouterr().err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["score", "--format", "pdf"])
    assert 2 == caught.value.code


def test_output_file_is_written(tmp_path: Path) -> None:
    out = tmp_path / "card.md"
    assert 0 == main(["score", str(GRID_2019), CO, "-f", "markdown", "-o", str(out)])
    assert "| **Résultat régional** | **77,65\u00a0%** | **776,50 / 1\u202f000** |" in out.read_text(
        encoding="utf-8"
    )


def test_refuses_to_overwrite_an_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    copy = tmp_path / "co.yaml"
    copy.write_bytes(Path(CO).read_bytes())
    assert 2 == main(["score", "--lang", "en", str(GRID_2019), str(copy), "-o", str(copy)])
    assert "refusing to overwrite an input file" in capsys.readouterr().err
    assert Path(CO).read_bytes() == copy.read_bytes()


def test_validate_checks_results_against_a_grid_given_alongside(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["validate", "--lang", "en", str(GRID_2019), CO])
    assert (
        f"ok: {CO} (results of drsm-centre-ouest, checked against grid cpg-2019-drsm)"
        in capsys.readouterr().out
    )


def test_examples_lists_the_shipped_results(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["examples"])
    out = capsys.readouterr().out
    assert "drsm-centre-ouest-2019" in out
    assert "drsm-aquitaine-2019" in out


def test_unexpected_failure_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import cpg_score.cli._score as cli

    def boom(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "score", boom)
    assert 1 == main(["score", "--lang", "en", str(GRID_2019), CO])
    assert "internal error: RuntimeError: boom" in capsys.readouterr().err


def test_validate_knows_every_kind_of_shipped_file(capsys: pytest.CaptureFixture[str]) -> None:
    from .conftest import OBJECTIVES

    files = sorted(str(p) for p in OBJECTIVES.rglob("*.yaml"))
    assert 0 == main(["validate", "--lang", "en", *files])
    assert len(files) == capsys.readouterr().out.count("ok: ")


def test_validate_checks_a_scenario_against_the_grid_given_alongside(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from .conftest import OBJECTIVES

    scenario = str(OBJECTIVES / "scenarios" / "2019" / "fraude-97.yaml")
    assert 0 == main(["validate", "--lang", "en", str(GRID_2019), scenario])
    assert f"ok: {scenario} (scenario, checked against grid cpg-2019-drsm)" in capsys.readouterr().out


def test_validate_names_the_kinds_it_knows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "odd.yaml"
    odd.write_text("hello: world\n", encoding="utf-8")
    assert 2 == main(["validate", "--lang", "en", str(odd)])
    assert (
        f"{odd}: not a file cpg-score knows: no `axes` (grid), `results` (results), `root` (tree), "
        "`entities+grid` (targets), `entities` (totals), `overrides` (scenario), `levers` (bounds), `series` (series), "
        "`envelope` (profit-sharing), `branches` (profit-sharing), `indicators` (simulation spec) @ $\n"
    ) == capsys.readouterr().err
