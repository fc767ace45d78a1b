"""The readers' hardening: characters YAML refuses, one-line messages, paths versus YAML text,
argument checks of the loaders, text with terminal control characters, ids differing by case."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpg_score import (
    CpgScoreError,
    GridError,
    Limits,
    Problem,
    ResultsError,
    TotalsError,
    TreeError,
    load_grid,
    load_results,
    load_totals,
    load_tree,
    read_results,
)
from cpg_score.io.marked import MAX_BYTES, YamlProblems, one_line, parse_yaml
from cpg_score.io.source import read_source, referenced_path

from .conftest import GRID_2019, OBJECTIVES, ROOT

GRID_TEXT = (ROOT / "tests" / "data" / "invalid" / "grid-id-twice.yaml").read_text(encoding="utf-8")
VALID_GRID = GRID_TEXT.replace("          - id: acces\n", "          - id: delai-moyen\n")
RESULTS_TEXT = (ROOT / "tests" / "data" / "valid" / "results-ok.yaml").read_text(encoding="utf-8")


def _problem(error: pytest.ExceptionInfo[CpgScoreError]) -> tuple[int | None, int | None, str, str]:
    problem = error.value.problems[0]  # type: ignore[attr-defined]
    return problem.line, problem.column, problem.message, problem.path


# -- characters YAML does not allow ------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "what"),
    [
        ("\x00", "control character U+0000"),
        ("\x1b", "control character U+001B"),
        ("\x7f", "control character U+007F"),
        ("\x9b", "control character U+009B"),
        ("\ufffe", "character U+FFFE"),
        ("\uffff", "character U+FFFF"),
    ],
)
def test_a_character_yaml_refuses_is_reported_at_its_own_place(char: str, what: str) -> None:
    with pytest.raises(GridError) as caught:
        load_grid(f"id: g\nlabel: ab{char}c\n".encode())
    expected = (2, 10, f"{what} is not allowed in a YAML file (remove it)", "$")
    assert expected == _problem(caught)


@given(
    st.lists(st.sampled_from(["key: value", "- item", "  nested: 1", "# note", ""]), max_size=8),
    st.sampled_from(["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x80", "\x9f", "\ufffe"]),
    st.integers(0, 20),
)
def test_the_place_of_a_refused_character_is_where_it_stands(lines: list[str], char: str, at: int) -> None:
    head = "".join(line + "\n" for line in lines) + "x: " + "a" * at
    with pytest.raises(YamlProblems) as caught:
        parse_yaml(head + char + "\n")
    problem = caught.value.problems[0]
    expected = (len(lines) + 1, at + 4)
    assert expected == (problem.line, problem.column)


def test_tab_line_feed_and_carriage_return_are_allowed() -> None:
    expected = "a\tb"
    root = parse_yaml('id: "a\tb"\r\nx: 1\r\n')
    assert expected == root.get("id").text  # type: ignore[union-attr]


# -- one line per message ------------------------------------------------------------------------


def test_one_line_folds_line_breaks_and_their_blanks() -> None:
    expected = "a b c"
    assert expected == one_line("a\n  b\r\nc\n")


def test_a_problem_prints_on_one_line_whatever_it_quotes() -> None:
    problem = Problem(
        message="got 'x'\nsecond line \x1b[2J", file="my\nfile.yaml", line=3, column=4, path="$.id"
    )
    expected = "my file.yaml:3:4: got 'x' second line \\x1b[2J @ $.id"
    assert expected == str(problem)


@pytest.mark.parametrize(
    "text",
    [
        "a: [1, 2\n",
        "a: {b: 1\n",
        "a: 'x\n",
        'a: "x\n\n',
        "a: b: c\n",
        "- a\nb: 1\n",
        "a:\n  - b\n c: 1\n",
        "&a [*b]\n",
        "%TAG !x! y\n--- a\n",
    ],
)
def test_every_malformed_yaml_message_is_one_line(text: str) -> None:
    with pytest.raises(GridError) as caught:
        load_grid(text)
    assert all("\n" not in p.message and p.line is not None for p in caught.value.problems)


# -- text fields ---------------------------------------------------------------------------------


def test_an_escaped_control_character_in_a_label_is_refused() -> None:
    text = VALID_GRID.replace("label: Axe 1", 'label: "Axe \\x1b[2J1"')
    with pytest.raises(GridError) as caught:
        load_grid(text)
    expected = (
        7,
        12,
        "label must not hold a control character (U+001B), got 'Axe \\x1b[2J1'",
        "$.axes[0].label",
    )
    assert expected == _problem(caught)


def test_a_long_text_with_a_control_character_is_shown_cut() -> None:
    text = VALID_GRID.replace("label: Axe 1", 'label: "' + "x" * 80 + '\\b"')
    with pytest.raises(GridError) as caught:
        load_grid(text)
    expected = "label must not hold a control character (U+0008), got '" + "x" * 57 + "'..."
    assert expected == caught.value.problems[0].message


def test_a_carriage_return_in_a_reason_is_refused() -> None:
    text = RESULTS_TEXT.replace('transport: "-"', 'transport: {neutralised: "ok\\rspoofed"}')
    with pytest.raises(ResultsError) as caught:
        load_results(text)
    expected = "neutralised must not hold a control character (U+000D), got 'ok\\rspoofed'"
    assert expected == caught.value.problems[0].message


def test_a_description_may_hold_several_lines_and_tabs() -> None:
    text = VALID_GRID.replace("total_points: 100\n", 'total_points: 100\ndescription: "one\\n\\ttwo"\n')
    expected = "one\n\ttwo"
    assert expected == load_grid(text).description


def test_a_label_may_hold_a_line_feed() -> None:
    text = VALID_GRID.replace("label: Axe 1", 'label: "Axe\\n1"')
    expected = "Axe\n1"
    assert expected == load_grid(text).axes[0].label


def test_a_tree_label_with_a_control_character_is_refused() -> None:
    with pytest.raises(TreeError) as caught:
        load_tree('id: t\nlabel: T\nroot: {id: r, label: "\\e[5m"}\n')
    expected = (3, 22, "label must not hold a control character (U+001B), got '\\x1b[5m'", "$.root.label")
    assert expected == _problem(caught)


# -- empty ids -----------------------------------------------------------------------------------


def test_an_empty_result_id_is_located_without_a_grid() -> None:
    with pytest.raises(ResultsError) as caught:
        read_results(RESULTS_TEXT.replace("  fraude: 0.8398\n", '  "": 0.8398\n'), domains=False)
    expected = (11, 3, "empty id: each key here is the id of an indicator or objective", "$.results['']")
    assert expected == _problem(caught)


def test_a_blank_result_id_is_an_empty_id() -> None:
    with pytest.raises(ResultsError) as caught:
        load_results(RESULTS_TEXT.replace("  fraude: 0.8398\n", '  " ": "-"\n'))
    expected = "empty id: each key here is the id of an indicator or objective"
    assert expected == caught.value.problems[0].message


def test_an_empty_tree_weight_id_is_located() -> None:
    with pytest.raises(TreeError) as caught:
        load_tree('id: t\nlabel: T\nroot: {id: r}\nweights: {"": volume}\n')
    expected = (4, 11, "empty id: each key here is the id of a result or figure", "$.weights['']")
    assert expected == _problem(caught)


# -- ids that differ only by case ----------------------------------------------------------------


def test_ids_differing_only_by_case_are_refused_at_the_second() -> None:
    text = VALID_GRID.replace("  - id: axe-1\n", "  - id: Acces\n")
    with pytest.raises(GridError) as caught:
        load_grid(text)
    expected = (
        9,
        13,
        "id 'acces' differs from 'Acces' (line 6) only by case; ids must differ by more than case",
        "$.axes[0].objectives[0].id",
    )
    assert expected == _problem(caught)


# -- paths and YAML text -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["missing.yml", "nowhere/grid.yaml", "GRID.YAML"])
def test_a_string_naming_a_missing_yaml_file_is_no_such_file(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GridError) as caught:
        load_grid(name)
    expected = f"{name}: no such file @ $"
    assert expected == str(caught.value)


def test_a_string_naming_a_folder_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(GridError) as caught:
        load_grid(str(tmp_path))
    expected = f"{tmp_path}: is a directory, not a file @ $"
    assert expected == str(caught.value)


def test_a_one_line_mapping_ending_in_yaml_is_text() -> None:
    expected = ("base: x.yaml", "<string>")
    assert expected == read_source("base: x.yaml")


def test_a_path_with_a_nul_character_is_refused() -> None:
    with pytest.raises(GridError) as caught:
        load_grid(Path("grid\x00.yaml"))
    expected = "grid\\x00.yaml: a file name cannot hold a NUL character @ $"
    assert expected == str(caught.value)


# -- argument checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: load_grid(123), "source must be a path, YAML text or bytes, got int 123"),  # type: ignore[arg-type]
        (lambda: load_grid(None), "source must be a path, YAML text or bytes, got NoneType None"),  # type: ignore[arg-type]
        (lambda: load_grid(GRID_2019, limits={}), "limits must be a Limits or None, got dict {}"),  # type: ignore[arg-type]
        (
            lambda: load_results(GRID_2019, grid="id"),  # type: ignore[arg-type]
            "grid must be a Grid (from load_grid) or None, got str 'id'",
        ),
        (lambda: load_tree(None), "source must be a path, YAML text or bytes, got NoneType None"),  # type: ignore[arg-type]
        (lambda: load_totals(1.5), "source must be a path, YAML text or bytes, got float 1.5"),  # type: ignore[arg-type]
        (
            lambda: read_results(GRID_2019, domains="no"),  # type: ignore[arg-type]
            "domains must be True or False, got str 'no'",
        ),
        (
            lambda: read_source(GRID_2019, Limits),  # type: ignore[arg-type]
            "limits must be a Limits or None, got type <class 'cpg_score.io.marked.Limits'>",
        ),
    ],
)
def test_a_loader_misuse_is_a_type_error_naming_the_argument(call, expected: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError) as caught:
        call()
    assert expected == str(caught.value)


# -- paths referenced from a data file --------------------------------------------------------


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/a/b/c/totals.yaml, and tmp/a/tree.yaml two levels above its folder."""
    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    (tmp_path / "a" / "tree.yaml").write_text("id: t\n", encoding="utf-8")
    (tmp_path / "outside.yaml").write_text("id: t\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


REFERRER = os.path.join("a", "b", "c", "totals.yaml")


def _refusal(value: str, referrer: str) -> str:
    """Why `referenced_path` refuses a path (an empty text when it does not)."""
    try:
        referenced_path(value, referrer)
    except ValueError as exc:
        return str(exc)
    return ""


def test_a_path_within_two_levels_resolves_from_the_referring_folder(folders: Path) -> None:
    expected = os.path.join("a", "tree.yaml")
    assert expected == referenced_path("../../tree.yaml", REFERRER)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("/etc/tree.yaml", "must be a path relative to the folder of this file, got '/etc/tree.yaml'"),
        ("~/tree.yaml", "must be a path relative to the folder of this file, got '~/tree.yaml'"),
        ("../../tree.txt", "must name a .yaml or .yml file, got '../../tree.txt'"),
        (
            "../../../outside.yaml",
            "must stay within 'a' (two levels above the folder of this file), got '../../../outside.yaml'",
        ),
        ("../none.yaml", "names no file: 'a/b/none.yaml' does not exist"),
    ],
)
def test_a_referenced_path_out_of_the_rule_is_refused(folders: Path, value: str, problem: str) -> None:
    assert problem == _refusal(value, REFERRER)


def test_a_referenced_folder_named_like_yaml_is_not_a_file(folders: Path) -> None:
    (folders / "a" / "dir.yaml").mkdir()
    assert "must name a regular file, 'a/dir.yaml' is a folder" == _refusal("../../dir.yaml", REFERRER)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_referenced_named_pipe_is_refused_without_opening_it(folders: Path) -> None:
    os.mkfifo(folders / "a" / "pipe.yaml")
    assert "must name a regular file, 'a/pipe.yaml' is a named pipe" == _refusal("../../pipe.yaml", REFERRER)


def test_a_link_out_of_the_folder_is_refused(folders: Path) -> None:
    (folders / "a" / "link.yaml").symlink_to(folders / "outside.yaml")
    expected = "must stay within 'a' (two levels above the folder of this file), got '../../link.yaml'"
    assert expected == _refusal("../../link.yaml", REFERRER)


def test_from_text_a_referenced_path_stays_in_the_current_folder(folders: Path) -> None:
    assert "must stay within the current folder, got '../x.yaml'" == _refusal("../x.yaml", "<string>")


def test_the_totals_tree_is_refused_at_its_key(folders: Path) -> None:
    text = "entities:\n  r:\n    figures: {x: 1}\ntree: ../../../outside.yaml\n"
    (folders / REFERRER).write_text(text, encoding="utf-8")
    with pytest.raises(TotalsError) as caught:
        load_totals(Path(REFERRER))
    expected = (
        4,
        7,
        "tree must stay within 'a' (two levels above the folder of this file), got '../../../outside.yaml'",
        "$.tree",
    )
    assert expected == _problem(caught)


def test_the_shipped_totals_name_their_tree() -> None:
    totals = load_totals(OBJECTIVES / "results" / "2019" / "regional-totals.yaml")
    expected = os.path.normpath(OBJECTIVES / "entities" / "nouvelle-aquitaine.yaml")
    assert expected == totals.tree


def test_a_tree_path_with_a_nul_is_refused_at_its_key(folders: Path) -> None:
    with pytest.raises(TotalsError) as caught:
        load_totals('entities:\n  r:\n    figures: {x: 1}\ntree: "a\\0.yaml"\n')
    expected = (4, 7, "tree must not hold a control character (U+0000), got 'a\\x00.yaml'", "$.tree")
    assert expected == _problem(caught)


def test_no_message_of_the_corpus_holds_a_control_character() -> None:
    corpus = ROOT / "tests" / "data" / "invalid"
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.expected"))]
    assert not [t for t in texts if re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", t)]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_the_line_of_a_refused_character_counts_every_kind_of_line_break(newline: str) -> None:
    with pytest.raises(YamlProblems) as caught:
        parse_yaml(f"a: 1{newline}b: 2{newline}c: x\x1b{newline}")
    problem = caught.value.problems[0]
    expected = (3, 5)
    assert expected == (problem.line, problem.column)


def test_a_named_pipe_given_as_a_file_is_read_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "grid.yaml"
    os.mkfifo(pipe)
    with pytest.raises(GridError) as caught:
        load_grid(pipe)  # with no writer it reads as empty, at once
    expected = f"{pipe}:1:1: file is empty: expected a YAML mapping @ $"
    assert expected == str(caught.value)


def test_a_small_file_is_read_whatever_the_byte_limit() -> None:
    grid = load_grid(GRID_2019, limits=Limits(max_bytes=MAX_BYTES))
    assert "cpg-2019-drsm" == grid.id
