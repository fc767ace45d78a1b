"""The JSON Schemas: shipped, printed by `cpg-score schema`, and in agreement with the loader."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from cpg_score import InputError, load_grid, load_results, parse_number
from cpg_score.cli import main
from cpg_score.cli._docs import read_schema, schema_names

from .conftest import DATA, OBJECTIVES, ROOT

jsonschema = pytest.importorskip("jsonschema")

SCHEMAS = ROOT / "src" / "cpg_score" / "schemas"
MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$", re.MULTILINE)
SHIPPED = sorted(OBJECTIVES.rglob("*.yaml"))
INVALID = sorted((DATA / "schema-invalid").glob("*.yaml"))
VALID = sorted((DATA / "schema-valid").glob("*.yaml"))


def _validator(name: str) -> Any:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


class _EditorLoader(yaml.SafeLoader):
    """PyYAML's safe loader without dates: like an editor (YAML 1.2), `2021-05-01` stays text."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _instance(path: Path) -> Any:
    """The document as an editor's YAML language server sees it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_EditorLoader)  # a safe loader


def _kind(path: Path) -> str:
    document = _instance(path)
    if isinstance(document, dict) and {"axes", "total_points"} <= document.keys():
        return "grid"
    if isinstance(document, dict) and {"entity", "grid", "results"} <= document.keys():
        return "results"
    return "other"


def _modeline(path: Path) -> str | None:
    found = MODELINE.search(path.read_text(encoding="utf-8"))
    return None if found is None else found.group(1)


@pytest.mark.parametrize("name", ["grid", "results"])
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    expected = "https://json-schema.org/draft/2020-12/schema"
    assert expected == schema["$schema"]


def test_every_schema_file_is_valid_json_schema() -> None:
    for path in SCHEMAS.glob("*.schema.json"):
        jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", SHIPPED, ids=[str(p.relative_to(OBJECTIVES)) for p in SHIPPED])
def test_shipped_grid_and_results_files_name_a_schema(path: Path) -> None:
    if _kind(path) == "other":
        pytest.skip("not a grid nor a results file")
    expected = f"{_kind(path)}.schema.json"
    modeline = _modeline(path)
    assert modeline is not None
    assert expected == Path(modeline).name


@pytest.mark.parametrize("path", SHIPPED, ids=[str(p.relative_to(OBJECTIVES)) for p in SHIPPED])
def test_shipped_modeline_resolves_to_a_shipped_schema(path: Path) -> None:
    modeline = _modeline(path)
    if modeline is None:
        pytest.skip("no modeline")
    target = (path.parent / modeline).resolve()
    assert target.is_file()
    assert SCHEMAS.resolve() == target.parent


@pytest.mark.parametrize("path", SHIPPED, ids=[str(p.relative_to(OBJECTIVES)) for p in SHIPPED])
def test_shipped_file_validates_against_its_schema(path: Path) -> None:
    modeline = _modeline(path)
    if modeline is None:
        pytest.skip("no modeline")
    name = Path(modeline).name.removesuffix(".schema.json")
    errors = [e.message for e in _validator(name).iter_errors(_instance(path))]
    expected: list[str] = []
    assert expected == errors


def _load(path: Path) -> None:
    if path.name.startswith("grid-"):
        load_grid(path)
    else:
        load_results(path)


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_loader_rejects_invalid_corpus_file(path: Path) -> None:
    with pytest.raises(InputError):
        _load(path)


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_schema_rejects_invalid_corpus_file(path: Path) -> None:
    name = path.name.split("-", 1)[0]
    assert not _validator(name).is_valid(_instance(path))


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_loader_accepts_valid_corpus_file(path: Path) -> None:
    _load(path)


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_schema_accepts_valid_corpus_file(path: Path) -> None:
    name = path.name.split("-", 1)[0]
    errors = [e.message for e in _validator(name).iter_errors(_instance(path))]
    expected: list[str] = []
    assert expected == errors


def test_schema_names_lists_the_packaged_schemas() -> None:
    expected = sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json"))
    assert expected == schema_names()


def test_cli_schema_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    expected_code = 0
    assert expected_code == main(["schema", "grid"])
    expected = json.loads(read_schema("grid"))
    assert expected == json.loads(capsys.readouterr().out)


def test_cli_schema_lists_schemas_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    expected_code = 0
    assert expected_code == main(["schema", "--format", "json"])
    names = [entry["name"] for entry in json.loads(capsys.readouterr().out)]
    assert schema_names() == names


def test_cli_schema_lists_schemas_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    expected_code = 0
    assert expected_code == main(["schema"])
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert schema_names() == names


def test_cli_schema_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "results.schema.json"
    expected_code = 0
    assert expected_code == main(["schema", "results", "-o", str(target)])
    assert read_schema("results") == target.read_text(encoding="utf-8")


def test_cli_unknown_schema_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    expected_code = 2
    assert expected_code == main(["schema", "--lang", "en", "nope"])
    assert "no schema named 'nope'" in capsys.readouterr().err


NUMBER_TEXTS = [
    "0.9924",
    "99.24%",
    "99,24 %",
    "1 000",
    "1\u00a0000,5",
    "1\u202f000",
    "10,000,000.5",
    "1,000",
    "1e-28",
    "-3",
    "+4.5",
    ".5",
    "5.",
    " 12 ",
    "sixty",
    "1.2.3",
    "nan",
    "inf",
    "- 5",
    "1 00",
    "12 %%",
    "",
    "%",
    "1,00,000",
]


@pytest.mark.parametrize("text", NUMBER_TEXTS)
def test_schema_number_pattern_agrees_with_parse_number(text: str) -> None:
    try:
        parse_number(text)
        expected = True
    except ValueError:
        expected = False
    number = json.loads(read_schema("grid"))["$defs"]["number"]["anyOf"][1]
    assert expected == jsonschema.Draft202012Validator(number).is_valid(text)


DOC_EXAMPLES = sorted((ROOT / "docs").rglob("*.yaml"))


@pytest.mark.parametrize("path", DOC_EXAMPLES, ids=[str(p.relative_to(ROOT)) for p in DOC_EXAMPLES])
def test_docs_example_file_validates_against_its_schema(path: Path) -> None:
    kind = _kind(path)
    if kind == "other":
        pytest.skip("not a grid nor a results file")
    errors = [e.message for e in _validator(kind).iter_errors(_instance(path))]
    expected: list[str] = []
    assert expected == errors
