"""Deterministic output: the same inputs give byte-identical output in every format and language,
whatever the order of keys in the input files, the locale and `PYTHONHASHSEED`."""

from __future__ import annotations

import json
import locale
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpg_score import load_grid, load_results, score
from cpg_score.reports import FORMATS, LANGS, render

from .conftest import GRID_2019, OBJECTIVES, ROOT

ELSM_GRID = OBJECTIVES / "elsm-2019-local.yaml"
CASES = [
    (GRID_2019, OBJECTIVES / "results/2019/drsm-centre-ouest.yaml"),
    (GRID_2019, OBJECTIVES / "results/2019/drsm-aquitaine.yaml"),
    (ELSM_GRID, OBJECTIVES / "results/2019/elsm/elsm-gironde.yaml"),
]
#: The text formats, compared in process; xlsx and html are compared as files across processes.
TEXT_FORMATS = ("table", "markdown", "csv", "json")
COMBINATIONS = [(fmt, lang) for fmt in TEXT_FORMATS for lang in LANGS]


def _outputs(grid_source: str | Path, results_source: str | Path) -> dict[tuple[str, str], str]:
    grid = load_grid(grid_source)
    card = score(grid, load_results(results_source, grid))
    return {(fmt, lang): render(card, fmt, lang) for fmt, lang in COMBINATIONS}


BASELINE = {case: _outputs(*case) for case in CASES}


# -- key order ------------------------------------------------------------------------------
def _permuted(text: str, data: st.DataObject) -> str:
    """The same YAML with the keys of every mapping in a drawn order; scalars kept as written."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            node.value = data.draw(st.permutations(node.value))
            stack.extend(v for _, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return yaml.serialize(root, allow_unicode=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CASES), st.data())
def test_key_order_of_the_inputs_does_not_change_any_output(
    case: tuple[Path, Path], data: st.DataObject
) -> None:
    grid_text = _permuted(case[0].read_text(encoding="utf-8"), data)
    results_text = _permuted(case[1].read_text(encoding="utf-8"), data)
    assert BASELINE[case] == _outputs(grid_text, results_text)


def test_permuting_keys_does_change_the_file() -> None:
    # The property above is not vacuous: a permutation really moves keys around.
    text = CASES[0][1].read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    root.value.reverse()
    permuted = yaml.serialize(root, allow_unicode=True)
    assert permuted.index("results:") < permuted.index("entity:")
    assert BASELINE[CASES[0]] == _outputs(CASES[0][0], permuted)


# -- locale ---------------------------------------------------------------------------------
@contextmanager
def _locale(name: str) -> Iterator[None]:
    saved = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, name)
    except locale.Error:
        pytest.skip(f"locale {name} is not installed")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_ALL, saved)


@pytest.mark.parametrize("name", ["fr_FR.UTF-8", "de_DE.UTF-8", "C.UTF-8", "C"])
def test_the_process_locale_does_not_change_any_output(name: str) -> None:
    with _locale(name):
        assert BASELINE[CASES[0]] == _outputs(*CASES[0])


# -- separate processes: hash seed and locale -----------------------------------------------
_DRIVER = """
import json, sys
from cpg_score.cli import main
out = {}
for grid, results in json.loads(sys.argv[1]):
    for fmt in ("table", "markdown", "csv", "json"):
        for lang in ("fr", "en"):
            path = sys.argv[2] + "/out"
            code = main(["score", grid, results, "--format", fmt, "--lang", lang, "--output", path])
            assert code == 0, code
            with open(path, "rb") as handle:
                out[f"{results}|{fmt}|{lang}"] = handle.read().hex()
print(json.dumps(out, sort_keys=True))
"""

ENVIRONMENTS = [
    {"PYTHONHASHSEED": "0", "LC_ALL": "C"},
    {"PYTHONHASHSEED": "1", "LC_ALL": "fr_FR.UTF-8"},
    {"PYTHONHASHSEED": "4242", "LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"},
    {"PYTHONHASHSEED": "random", "LC_ALL": "en_US.UTF-8"},
]


def _run_cli_everywhere(tmp_path: Path, environment: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONHASHSEED"))}
    env.update(environment)
    env["PYTHONPATH"] = str(ROOT / "src")
    folder = tmp_path / environment["PYTHONHASHSEED"]
    folder.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", _DRIVER, json.dumps([[str(g), str(r)] for g, r in CASES]), str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    result: dict[str, str] = json.loads(done.stdout)
    return result


def test_output_is_byte_identical_across_hash_seeds_and_locales(tmp_path: Path) -> None:
    runs = [_run_cli_everywhere(tmp_path, environment) for environment in ENVIRONMENTS]
    assert [runs[0]] * len(runs) == runs
    assert len(runs[0]) == len(CASES) * len(COMBINATIONS)


def test_subprocess_output_matches_the_library(tmp_path: Path) -> None:
    run = _run_cli_everywhere(tmp_path, ENVIRONMENTS[1])
    for grid, results in CASES:
        for fmt, lang in COMBINATIONS:
            expected = BASELINE[(grid, results)][(fmt, lang)].encode("utf-8")
            assert expected == bytes.fromhex(run[f"{results}|{fmt}|{lang}"])


def test_console_script_stdout_is_identical_across_hash_seeds() -> None:
    outputs = set()
    for seed in ("0", "1", "99"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "cpg_score.cli",
                "score",
                "--example",
                "drsm-aquitaine-2019",
                "-f",
                "json",
            ],
            capture_output=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_xlsx_and_html_files_are_byte_identical_across_processes(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    pytest.importorskip("matplotlib")
    grid, results = CASES[0]
    files: list[tuple[bytes, bytes]] = []
    for environment in ENVIRONMENTS[:2]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONHASHSEED"))}
        env.update(environment, PYTHONPATH=str(ROOT / "src"))
        env.pop("SOURCE_DATE_EPOCH", None)
        pair = []
        for fmt in ("xlsx", "html"):
            out = tmp_path / f"{environment['PYTHONHASHSEED']}.{fmt}"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "cpg_score.cli",
                    "score",
                    str(grid),
                    str(results),
                    "-f",
                    fmt,
                    "-o",
                    str(out),
                ],
                env=env,
                check=True,
                capture_output=True,
            )
            pair.append(out.read_bytes())
        files.append((pair[0], pair[1]))
    assert set(FORMATS) == {*TEXT_FORMATS, "xlsx", "html"}
    assert files[0] == files[1]
