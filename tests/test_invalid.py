"""Every broken or hostile input of `tests/data/invalid/` gives its exact message, API and CLI alike.

Each `<name>.yaml` there has a `<name>.expected` holding the full message (one problem a line,
the file named relative to the repository root). Where a message quotes the YAML parser's own
explanation, the file writes `{parser}` in its place: that wording is PyYAML's, not ours.
`grid-*` files are grids; `results-*` files are results scored on
`objectives/cpg-2019-drsm.yaml`, or on `<name>.grid.yaml` when it exists.
A `<name>.limits` file (YAML) sets reading limits, given to the API as `Limits(**...)` and to the
CLI as `--max-bytes N`...
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

import pytest
import yaml

from cpg_score import CpgScoreError, GridError, Limits, ResultsError, load_grid, load_results
from cpg_score.cli import main
from cpg_score.errors import ProfitSharingError
from cpg_score.io import load_profit_sharing

from .conftest import GRID_2019, ROOT

INVALID = Path("tests/data/invalid")  # relative to the repository root: messages name it so
VALID = Path("tests/data/valid")
CASES = sorted(
    p.name[: -len(".yaml")] for p in (ROOT / INVALID).glob("*.yaml") if not p.name.endswith(".grid.yaml")
)

#: The cases the issue lists, each with its file.
REQUIRED = [
    "grid-not-well-formed",
    "grid-empty",
    "grid-several-documents",
    "grid-not-utf8",
    "grid-bom-unknown-key",
    "grid-tabs",
    "grid-python-tag",
    "grid-unknown-tag",
    "grid-alias-bomb",
    "grid-deep-nesting",
    "grid-too-large",
    "grid-huge-number",
    "grid-duplicate-key",
    "grid-unknown-key",
    "grid-missing-key",
    "grid-wrong-type",
    "grid-nan",
    "grid-inf",
    "grid-negative-points",
    "grid-points-total",
    "grid-zero-weights",
    "grid-floor-equals-target",
    "grid-unsorted-steps",
    "grid-share-above-100",
    "grid-id-twice",
    "results-duplicate-key",
    "results-nan",
    "results-negative-days",
    "results-share-above-100",
    "results-unknown-id",
    "results-missing-result",
    "results-wrong-grid",
    "results-wrong-period",
]


#: The cases of the readers' hardening (control characters, empty ids, ids differing by case).
REQUIRED_INPUT = [
    "input-grid-esc-byte",
    "input-grid-nul-byte",
    "input-grid-c1-byte",
    "input-grid-noncharacter",
    "input-grid-escape-in-label",
    "input-grid-bell-in-reason",
    "input-grid-ids-differ-by-case",
    "input-results-empty-id",
    "input-results-empty-figure-id",
    "input-results-control-in-id",
    "input-results-escape-in-comment",
]


def _is_grid(name: str) -> bool:
    return name.startswith(("grid-", "input-grid-"))


def _is_share(name: str) -> bool:
    """`share-*` files are profit-sharing parameters."""
    return name.startswith("share-")


def _error_kind(name: str) -> type[CpgScoreError]:
    return GridError if _is_grid(name) else ProfitSharingError if _is_share(name) else ResultsError


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _expected(name: str) -> str:
    return (INVALID / f"{name}.expected").read_text(encoding="utf-8")


#: Where an expected message quotes the YAML parser's own explanation (PyYAML's text, which may
#: change with its version), the golden file writes `{parser}`: our words, the place and the
#: location are compared exactly, the parser's wording is not.
PARSER = "{parser}"


def _same(expected: str, actual: str) -> bool:
    if PARSER not in expected:
        return expected == actual
    pattern = ".+".join(re.escape(part) for part in expected.split(PARSER))
    return re.fullmatch(pattern, actual, flags=re.DOTALL) is not None and "\n" not in actual.rstrip("\n")


def _limits(name: str) -> dict[str, int]:
    path = INVALID / f"{name}.limits"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def _grid_for(name: str) -> Path:
    sibling = INVALID / f"{name}.grid.yaml"
    return sibling if sibling.exists() else GRID_2019.relative_to(ROOT)


def _load(name: str) -> None:
    path = INVALID / f"{name}.yaml"
    limits = Limits(**_limits(name))
    if _is_grid(name):
        load_grid(path, limits=limits)
    elif _is_share(name):
        load_profit_sharing(path, limits=limits)
    else:
        load_results(path, load_grid(_grid_for(name)), limits=limits)


def _cli_args(name: str) -> list[str]:
    # The messages of the corpus are the library's English ones (tests/test_french.py: French).
    options = ["--lang", "en", *(f"--{k.replace('_', '-')}={v}" for k, v in _limits(name).items())]
    path = str(INVALID / f"{name}.yaml")
    if _is_grid(name):
        return ["validate", *options, path]
    if _is_share(name):
        return ["profit-sharing", *options, "--params", path]
    return ["score", *options, str(_grid_for(name)), path]


def test_every_case_of_the_issue_has_a_file() -> None:
    missing = [name for name in REQUIRED + REQUIRED_INPUT if name not in CASES]
    assert not missing


def test_every_case_has_its_expected_message() -> None:
    missing = [name for name in CASES if not (ROOT / INVALID / f"{name}.expected").exists()]
    assert not missing


def _library(expected: str) -> str:
    """The expected message as the library words it: the command line's `raise it with
    --max-bytes` is `raise Limits(max_bytes=...)` there."""
    for field in ("max_bytes", "max_nodes", "max_depth"):
        flag = "--" + field.replace("_", "-")
        expected = expected.replace(f"raise it with {flag}", f"raise Limits({field}=...)")
    return expected


@pytest.mark.parametrize("name", CASES)
def test_api_gives_the_exact_message(name: str) -> None:
    with pytest.raises(CpgScoreError) as caught:
        _load(name)
    assert _same(_library(_expected(name)), str(caught.value) + "\n")


@pytest.mark.parametrize("name", CASES)
def test_api_error_is_of_the_file_kind_and_a_value_error(name: str) -> None:
    with pytest.raises(_error_kind(name)) as caught:
        _load(name)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("name", CASES)
def test_every_problem_has_file_line_column_and_path(name: str) -> None:
    with pytest.raises(_error_kind(name)) as caught:
        _load(name)
    problems = caught.value.problems
    unplaced = [p for p in problems if p.line is None or p.column is None or not p.path.startswith("$")]
    assert not unplaced


@pytest.mark.parametrize("name", CASES)
def test_cli_exits_2_with_the_message_on_stderr(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(_cli_args(name))
    captured = capsys.readouterr()
    assert (2, True, "") == (code, _same(_expected(name), captured.err), captured.out)


def test_python_tag_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"id: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(GridError):
        load_grid(text)
    assert not marker.exists()


def test_a_file_with_a_byte_order_mark_loads() -> None:
    raw = (VALID / "grid-bom.yaml").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    assert load_grid(raw) == load_grid(raw[len(codecs.BOM_UTF8) :])


def test_a_file_with_a_byte_order_mark_validates(capsys: pytest.CaptureFixture[str]) -> None:
    expected = 0
    assert expected == main(["validate", str(VALID / "grid-bom.yaml")])


def test_text_with_a_byte_order_mark_loads() -> None:
    text = (VALID / "grid-bom.yaml").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    expected = "mini"
    assert expected == load_grid(text).id


def test_default_size_limit_refuses_a_file_beyond_10_mib(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:  # sparse: nothing is read, the size is checked first
        handle.truncate(Limits().max_bytes + 1)
    with pytest.raises(GridError) as caught:
        load_grid(big)
    assert f"{big}:1:1: file too large: 10485761 bytes, more than max_bytes = 10485760 " in str(caught.value)


def test_size_limit_applies_to_text_too() -> None:
    with pytest.raises(GridError) as caught:
        load_grid("id: x\n" + "#" * 100 + "\n", limits=Limits(max_bytes=50))
    assert "file too large: 107 bytes, more than max_bytes = 50" in str(caught.value)


def test_node_limit_is_configurable() -> None:
    with pytest.raises(GridError) as caught:
        load_grid("id: [1, 2, 3, 4, 5]\n", limits=Limits(max_nodes=4))
    assert "more than max_nodes = 4 nodes (raise Limits(max_nodes=...))" in str(caught.value)


def test_depth_limit_is_configurable() -> None:
    with pytest.raises(GridError) as caught:
        load_grid("id: [[[1]]]\n", limits=Limits(max_depth=3))
    assert "<string>:1:7: document nested too deeply: more than max_depth = 3 levels" in str(caught.value)


def test_nesting_far_beyond_the_limit_is_refused_without_crashing() -> None:
    # 200,000 open brackets overflow libyaml's recursive composer: the depth is checked first.
    with pytest.raises(GridError) as caught:
        load_grid("id: " + "[" * 200_000 + "]" * 200_000 + "\n")
    assert "document nested too deeply" in str(caught.value)


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(GridError) as caught:
        load_grid("id: &a [*a]\n")
    assert "document nested too deeply" in str(caught.value)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_bytes": 0},
        {"max_nodes": -1},
        {"max_depth": 0},
        {"max_depth": 1000},
        {"max_bytes": 10**30},
        {"max_nodes": 10**9},
    ],
)
def test_limits_reject_unusable_values(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="must be"):
        Limits(**kwargs)


def test_cli_limits_raised_let_a_large_file_through(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(INVALID / "grid-too-large.yaml")
    expected = (2, 0)
    assert expected == (main(["validate", path, "--max-bytes", "1024"]), main(["validate", path]))


def test_cli_refuses_a_bad_limit(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["validate", "--lang", "en", "--max-depth", "100000", str(VALID / "grid-bom.yaml")])
    expected = 2
    assert expected == caught.value.code
    assert "--max-depth: must be a whole number from 1 to 200, got 100000" in capsys.readouterr().err


def test_cli_score_reports_a_malformed_grid(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["score", "--lang", "en", str(INVALID / "grid-tabs.yaml"), str(VALID / "results-ok.yaml")])
    assert (2, _expected("grid-tabs")) == (code, capsys.readouterr().err)


def test_cli_in_a_subprocess_prints_no_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cpg_score.cli",
            "validate",
            "--lang",
            "en",
            str(INVALID / "grid-python-tag.yaml"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (2, _expected("grid-python-tag")) == (done.returncode, done.stderr)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_device_is_read_up_to_the_limit_only() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(Path("/dev/zero"), limits=Limits(max_bytes=1000))
    expected = (
        "/dev/zero:1:1: file too large: 1001 bytes, more than max_bytes = 1000 "
        "(raise Limits(max_bytes=...)) @ $"
    )
    assert expected == str(caught.value)


def test_block_nesting_beyond_libyaml_own_bound_gets_our_message() -> None:
    text = "".join(" " * level + f"k{level}:\n" for level in range(1500)) + " " * 1500 + "x: 1\n"
    with pytest.raises(GridError) as caught:
        load_grid(text)
    expected = (
        65,
        65,
        "document nested too deeply: more than max_depth = 64 levels (raise Limits(max_depth=...))",
    )
    problem = caught.value.problems[0]
    assert expected == (problem.line, problem.column, problem.message)


def test_a_flat_list_beyond_the_node_limit_is_refused_at_the_first_node_too_many() -> None:
    with pytest.raises(GridError) as caught:
        load_grid("x: [" + ", ".join(["0"] * 300_000) + "]\n")
    expected = (
        "document too large: more than max_nodes = 200000 nodes (raise Limits(max_nodes=...))",
        "$.x[199997]",  # the mapping, the key x and the list come first
    )
    assert expected == (caught.value.problems[0].message, caught.value.problems[0].path)
