"""French by default: every command's `--lang`, its help, its usage errors and its problem lines
follow the language (`--lang` anywhere on the command line, else `CPG_SCORE_LANG`, else French);
JSON keeps its English words."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from cpg_score import InputError, load_grid
from cpg_score.cli import build_parser, main
from cpg_score.cli._errors import error_lines
from cpg_score.cli._french import Catalogue, lang_of
from cpg_score.cli._french_help import HELP
from cpg_score.cli._french_messages import MESSAGES
from cpg_score.cli._main import COMMANDS

from .conftest import GRID_2019, OBJECTIVES, RESULTS_2019, ROOT

BASE = RESULTS_2019 / "drsm-centre-ouest.yaml"
PARAMS = OBJECTIVES / "profit-sharing" / "illustrative.yaml"
NAMES = [command.name for command in COMMANDS]

#: English words that must not be left in a French text (argparse's and ours).
ENGLISH = {
    "the", "and", "of", "to", "with", "show", "help", "message", "exit", "usage", "positional",
    "default", "output", "write", "file", "files", "language", "results", "grid", "when", "each",
    "every", "from", "for", "must", "got", "expected", "missing", "required", "key", "unknown",
    "is", "not", "an", "in", "only", "twice", "used", "one", "be", "between", "did", "you",
    "mean", "number", "indicator", "objective", "has", "allowed", "than",
    "error", "invalid", "choice",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-zÀ-ÿ_]+")
#: What a French text may quote in English: options, choices, code, quoted values, ids.
_QUOTED = re.compile(r"--?[\w-]+|\{[^}]*\}|`[^`]*`|'[^']*'|\"[^\"]*\"|\$\.\S*|\S+\.(yaml|md)\S*")


def english_left(text: str) -> list[str]:
    """The English words left in a French text, quotations aside."""
    bare = _QUOTED.sub(" ", text)
    return sorted({w for w in _WORD.findall(bare) if w in ENGLISH})


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert 0 == stop.value.code
    return capsys.readouterr().out


#: Where a problem is: `file:12:3`, `file.xlsx:'Feuille 1'!C7`, `file.xlsx:Feuille1!C7`, `file`.
_PLACE = r"(?:\S*?:'[^']*'!\w*|\S*?:[^\s:']+!\w*|\S*?:\d+:\d+|\S+?)"
_LINE = re.compile(rf"^{_PLACE}: (.*?) @ \$\S*$")


def _corpus_messages() -> list[str]:
    """Each distinct message of the invalid-input corpus (place and path cut off)."""
    found = set()
    for path in sorted((ROOT / "tests" / "data" / "invalid").glob("*.expected")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _LINE.match(line)
            found.add(match.group(1) if match else line)
    return sorted(found)


#: The command line's own messages (and argparse's usage errors), one of each.
CLI_MESSAGES = [
    "give either --example NAME or GRID RESULTS, not both",
    "give GRID and RESULTS files, or --example NAME (see `cpg-score examples`)",
    "--format xlsx writes a binary file: give --output FILE (e.g. -o report.xlsx)",
    "profit-sharing: give GRID and RESULTS together, or neither",
    "out.html: --html and --output name the same file; give each its own file",
    "x.yaml: not a results, grid, tree or totals file @ $",
    "no results file among the files given",
    "--entity-label needs --entity ID (the entity's id)",
    "--entity: an entity id cannot be empty",
    "--entity 'a b': an id is letters, digits, '.', '_' or '-', starting with a letter or digit (a name goes in --entity-label)",
    "t.csv: a table of results is checked against its grid: give one grid alongside",
    "--targets applies to the base results: give --results RESULTS too",
    "a scenario names no base results file: give --base RESULTS",
    "the scenarios name different base results files; compare scenarios of one base, or give --base RESULTS",
    "results for 'x' were given as input: nothing to consolidate",
    "out: not a directory: --output-dir names a folder",
    "folder: no .yaml file in this directory",
    "no schema named 'x'; the schemas are: 'grid', 'results'",
    "no shipped example named 'nope'; the examples are: a, b",
    "out.yaml: refusing to overwrite an input file with the output",
    "no local rate: give the entity's scorecard or the parameters' local.rate",
    "cpg-score: interrupted",
    "cpg-score: internal error: ValueError: x (set CPG_SCORE_DEBUG=1 for the traceback, and please report it)",
    "cpg-score plan: error: the following arguments are required: GRID, RESULTS",
    "cpg-score: error: unrecognized arguments: --bogus",
    "cpg-score consolidate: error: one of the arguments --output/-o --output-dir is required",
    "cpg-score plan: error: argument --help: ignored explicit argument 'x'",
    "cpg-score plan: error: ambiguous option: --ma could match --max-bytes, --max-nodes",
    "cpg-score: error: argument COMMAND: invalid choice: 'nope' (choose from 'score', 'plan')",
    "cpg-score plan: error: argument --target: expected one argument",
    "cpg-score plan: error: argument --national: expected 2 arguments",
    "cpg-score consolidate: error: argument --output-dir: not allowed with argument --output/-o",
    "cpg-score plan: error: argument --draws: expected a whole number from 1 to 10, got 'x'",
    "cpg-score plan: error: argument --draws: must be a whole number from 1 to 10, got 11",
    "cpg-score plan: error: argument --target: must be a number of points, not a percent (write 800), got '80%'",
    "cpg-score plan: error: argument --target: must be a number of points from 0 to 10^15, got -1",
    "id 'x' is used twice (axis and objective)",
    "grid 'g' has no points variant 'x' (its variants: 'a', 'b')",
    "targets.yaml: missing required key 'grid'",
]


#: The spreadsheet reader's messages (CSV and xlsx results), one of each.
TABLE_MESSAGES = [
    "an .ods workbook (OpenDocument) cannot be read: save it as .xlsx or as CSV",
    "an .xls workbook (Excel 97-2003) cannot be read: save it as .xlsx or as CSV",
    "file starts as UTF-16 text but is not: save the table as CSV UTF-8",
    "indicator 'delai' has no result and is not neutralised (type \"-\" in its Résultat cell, the reason in "
    "Commentaire, to neutralise it)",
    "indicator 'delai' has no result and is not neutralised (type \"-\" in its cell to neutralise it)",
    'indicator \'delai\' has no result and is not neutralised (write "-" or "neutralised: <reason>" to '
    "neutralise it)",
    "table too large: it spans more than 100 x max_nodes = 20000000 cells, empty ones included (raise it "
    "with --max-nodes)",
    "table too large: more than max_nodes = 200000 cells (raise it with --max-nodes)",
    "the table gives no result: every indicator's cell is empty",
    "b.csv: entity 'e' is also in a.csv: give each entity once (a table's entity without a name takes its "
    "file's name)",
    "tables: no results file (.yaml, .csv, .xlsx) in this directory",
    "t.csv: the table holds no entity's results",
    "'79 %' differs from the grid's floor (Seuil) of 'taux', which a table cannot change (steps rule): write "
    "the grid's or clear the cell; an entity's own bounds go in a targets file (--targets)",
    "'85 %' differs from the grid's target (Cible) of 'taux', which a table cannot change (steps rule): write "
    "the grid's or clear the cell; an entity's own bounds go in a targets file (--targets)",
    "'fraude' is given twice for entity 'e' (first at line 8)",
    "'fraude' is given twice for entity 'e' (first at B7)",
    "entity 'drsm-centre-ouest' is given twice (first at line 2)",
    "a result without an entity (column Entité): '94 %'",
    "a result without an indicator id (column Id): '94 %'",
    "a value in column C, which has no header: 'en hausse'",
    "column 'Numérateur' is for a table of one row per indicator (with an Id column)",
    "unknown column 'Remarque'; the columns read are id, résultat, entité",
    "no results table found: expected a header row with the columns Id and Résultat (one row per "
    "indicator), or Entité and one column per indicator",
    "empty file: expected a table with a header row",
    "empty file: expected an xlsx workbook",
    "cannot read the workbook: the file is damaged or is not an xlsx workbook",
    "not an xlsx workbook (not a zip archive); an .xls file: save it as .xlsx",
    "file is neither UTF-8 nor Windows-1252 text: byte 0x81 cannot be decoded (save the table as CSV UTF-8)",
    "formula without a value: open and save the file in Excel or LibreOffice first",
    "objective 'arrets-travail' is scored by a 'rate' rule, which reads numbers: got 'abc'",
    "t.csv: a table of results is read with its grid: give the grid (--grid GRID)",
    "t.csv: holds the results of 'a', not of 'b'",
    "t.csv: the table holds 3 entities ('a', 'b', 'c'): choose one with --entity ID",
    "t.csv: no entity 'x' in the table (its entities: 'a', 'b')",
    "t.csv: no entity 'x' in the table; did you mean 'y'? (its entities: 'y', 'b')",
]


# The language asked


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        ([], {}, "fr"),
        (["score", "--lang", "en"], {}, "en"),
        (["score", "--lang=en"], {}, "en"),
        (["--lang", "en", "score"], {}, "en"),
        ([], {"CPG_SCORE_LANG": "en"}, "en"),
        (["score", "--lang", "fr"], {"CPG_SCORE_LANG": "en"}, "fr"),
        ([], {"CPG_SCORE_LANG": "de"}, "fr"),
        (["--", "--lang", "en"], {}, "fr"),
    ],
)
def test_the_language_comes_from_lang_then_the_environment_then_french(
    argv: list[str], env: dict[str, str], expected: str
) -> None:
    assert expected == lang_of(argv, env)


@pytest.mark.parametrize("name", NAMES)
def test_every_command_takes_lang_and_defaults_to_french(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CPG_SCORE_LANG", raising=False)
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    parser = commands.choices[name]
    lang = next(a for a in parser._actions if a.dest == "lang")
    assert ("fr", ("fr", "en")) == (lang.default, tuple(lang.choices or ()))


def test_the_environment_sets_the_default_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPG_SCORE_LANG", "en")
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    lang = next(a for a in commands.choices["sensitivity"]._actions if a.dest == "lang")
    assert "en" == lang.default


# --help


@pytest.mark.parametrize("name", [None, *NAMES])
def test_french_help_has_no_english_left(
    name: str | None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CPG_SCORE_LANG", raising=False)
    text = _help([*([name] if name else []), "--help"], capsys)
    assert ([], True) == (english_left(text), text.startswith("utilisation : "))


@pytest.mark.parametrize("name", [None, *NAMES])
def test_english_help_with_lang_en(name: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    text = _help([*([name] if name else []), "--help", "--lang", "en"], capsys)
    assert (True, False) == ("show this help message and exit" in text, "utilisation" in text)


def test_english_help_with_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPG_SCORE_LANG", "en")
    assert _help(["plan", "--help"], capsys).startswith("usage: ")


def test_the_help_catalogue_has_no_dead_entry() -> None:
    texts: list[str] = []

    def gather(parser: argparse.ArgumentParser) -> None:
        texts.extend(t for t in (parser.description,) if t)
        texts.extend(g.title for g in parser._action_groups if g.title)
        for action in parser._actions:
            texts.extend([action.help] if isinstance(action.help, str) else [])
            if isinstance(action, argparse._SubParsersAction):
                texts.extend(c.help for c in action._choices_actions if c.help)
                for child in action.choices.values():
                    gather(child)

    gather(build_parser("en"))
    assert [] == sorted(set(HELP.entries) - HELP.used(texts))


def test_build_parser_speaks_english_unless_asked() -> None:
    assert (
        "Score the Contrat Pluriannuel de Gestion (CPG) of the Assurance Maladie.",
        "Calculer le score du Contrat Pluriannuel de Gestion (CPG) de l'Assurance Maladie.",
    ) == (build_parser().description, build_parser("fr").description)


# Messages


@pytest.mark.parametrize("message", _corpus_messages())
def test_every_message_of_the_invalid_corpus_has_its_french_form(message: str) -> None:
    french = MESSAGES.french(message)
    assert (True, []) == (french is not None, english_left(french or message))


@pytest.mark.parametrize("message", CLI_MESSAGES + TABLE_MESSAGES)
def test_every_message_of_the_command_line_has_its_french_form(message: str) -> None:
    french = MESSAGES.french(message)
    assert (True, []) == (french is not None, english_left(french or message))


def test_the_message_catalogue_has_no_dead_entry() -> None:
    used = MESSAGES.used([*_corpus_messages(), *CLI_MESSAGES, *TABLE_MESSAGES])
    assert [] == sorted(set(MESSAGES.entries) - used)


def test_a_wrapper_translates_only_when_the_message_inside_does() -> None:
    catalogue = Catalogue({"indicator {id}: {msg}": "indicateur {id} : {msg}", "bad": "mauvais"})
    assert ("indicateur 'x' : mauvais", None) == (
        catalogue.french("indicator 'x': bad"),
        catalogue.french("indicator 'x': other"),
    )


def test_a_message_no_entry_matches_stays_english() -> None:
    assert "something new" == MESSAGES.translate("something new", "fr")


def test_lang_before_the_command_applies_to_it(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--lang", "en", "validate", str(GRID_2019)])
    assert (0, True) == (code, capsys.readouterr().out.startswith("ok: "))


def test_problem_lines_are_french_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "tests/data/invalid/grid-tabs.yaml"])
    expected = (
        "tests/data/invalid/grid-tabs.yaml:11:1: tabulation utilisée pour l'indentation : YAML indente "
        "avec des espaces uniquement @ $\n"
    )
    assert (2, expected) == (code, capsys.readouterr().err)


def test_problem_lines_are_english_with_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--lang", "en", "tests/data/invalid/grid-tabs.yaml"])
    expected = (
        "tests/data/invalid/grid-tabs.yaml:11:1: tab character used for indentation; YAML indents with "
        "spaces only @ $\n"
    )
    assert (2, expected) == (code, capsys.readouterr().err)


def test_the_problem_keeps_its_english_message() -> None:
    with pytest.raises(InputError) as caught:
        load_grid(Path("tests/data/invalid/grid-tabs.yaml"))
    problem = caught.value.problems[0]
    line = error_lines(caught.value, "fr")[0]
    assert (True, True) == (problem.message.startswith("tab character"), "tabulation" in line)


def test_a_limit_is_raised_with_its_flag_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", "--max-depth", "3", str(GRID_2019)])
    assert "(augmentez-le avec --max-depth)" in capsys.readouterr().err


def test_a_usage_error_is_french_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["plan", str(GRID_2019), str(BASE), "--target", "80 %"])
    err = capsys.readouterr().err
    assert (2, True, True) == (
        stop.value.code,
        err.startswith("utilisation : cpg-score plan"),
        "doit être un nombre de points, pas un pourcentage" in err,
    )


def test_a_message_of_the_command_line_is_french_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["score"])
    assert (2, "donnez les fichiers GRILLE et RÉSULTATS, ou --example NOM (voir `cpg-score examples`)\n") == (
        code,
        capsys.readouterr().err,
    )


# What the commands print


def test_sensitivity_in_french_shows_labels_percents_and_pilot_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["sensitivity", str(GRID_2019), str(BASE)])
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("Pertinence des prescriptions d'arrêts"))
    assert (True, True, False, False) == (
        "57,39\u00a0%" in row,
        "Gain de points par point de taux" in out,
        "arrets-travail" in out,
        "pts/" in out,
    )


def test_sensitivity_csv_keeps_ids_and_plain_figures(capsys: pytest.CaptureFixture[str]) -> None:
    main(["sensitivity", str(GRID_2019), str(BASE), "--lang", "en", "--format", "csv"])
    lines = capsys.readouterr().out.splitlines()
    assert ("id,Label,Rule,Value", "arrets-travail,") == (lines[0][:19], lines[1][:15])


def test_plan_in_french_words_its_method_for_pilots(capsys: pytest.CaptureFixture[str]) -> None:
    main(["plan", str(GRID_2019), str(BASE), "--target", "800"])
    out = capsys.readouterr().out
    assert (False, False, True) == (
        "knapsack" in out,
        "glouton" in out,
        "les gains les plus rentables d'abord" in out,
    )


def test_profit_sharing_amounts_in_euros_grouped_in_both_languages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["profit-sharing", str(GRID_2019), str(BASE), "--params", str(PARAMS)])
    french = capsys.readouterr().out
    main(["profit-sharing", str(GRID_2019), str(BASE), "--params", str(PARAMS), "--lang", "en"])
    english = capsys.readouterr().out
    assert (True, True) == ("2\u202f400\u202f000,00\u00a0€" in french, "€2,400,000.00" in english)


def test_explain_in_french_writes_decimal_commas_and_french_names(capsys: pytest.CaptureFixture[str]) -> None:
    main(["explain", str(GRID_2019), str(BASE), "fraude"])
    out = capsys.readouterr().out
    assert (True, True, []) == (
        "données\u00a0: valeur = 0,9446" in out,
        "Objectif « Lutte contre la fraude » (fraude)" in out,
        english_left(out),
    )


def test_simulate_in_french_names_objectives_by_label(capsys: pytest.CaptureFixture[str]) -> None:
    main(["simulate", str(GRID_2019), str(BASE), "--draws", "200", "--threshold", "800", "-q"])
    out = capsys.readouterr().out
    assert (True, True, True) == (
        "Lutte contre la fraude" in out,
        "Probabilité d'atteindre 800,00 points" in out,
        "Médiane" in out,
    )


def test_json_output_keeps_english_keys_whatever_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    main(["sensitivity", str(GRID_2019), str(BASE), "--format", "json"])
    french = json.loads(capsys.readouterr().out)
    main(["sensitivity", str(GRID_2019), str(BASE), "--format", "json", "--lang", "en"])
    assert french == json.loads(capsys.readouterr().out)


def test_validate_speaks_french_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", str(GRID_2019)])
    assert capsys.readouterr().out.startswith("ok\u00a0: ")
