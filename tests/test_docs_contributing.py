"""The contributing page tells the truth about the house: its packages, what may import what, the
picture of the flow, and an API reference whose every `:::` names something importable."""

from __future__ import annotations

import ast
import importlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT
from .test_docs import PYTHON, SHELL, blocks

SRC = ROOT / "src" / "cpg_score"
PAGE = ROOT / "docs" / "contributing.md"
API = ROOT / "docs" / "reference" / "api.md"
#: The root modules every package may import: the modules beside `cpg_score/__init__.py`.
ROOT_MODULES = frozenset(p.stem for p in SRC.glob("*.py") if p.stem != "__init__")
SHARED = "(root modules)"
#: What each part of the house may import, as the page says (besides itself).
MAY_IMPORT: dict[str, frozenset[str]] = {
    SHARED: frozenset(),
    "model": frozenset({SHARED}),
    "io": frozenset({SHARED, "model"}),
    "scoring": frozenset({SHARED, "model"}),
    "simulate": frozenset({SHARED, "model", "scoring"}),
    "reports": frozenset({SHARED, "model", "scoring", "simulate"}),
    "cli": frozenset({SHARED, "model", "io", "scoring", "simulate", "reports", "(package)"}),
    "(package)": frozenset({SHARED, "model", "io", "scoring", "simulate", "reports"}),
}


def _section(title: str) -> str:
    text = PAGE.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _part(module: str) -> str:
    """The part of the house a module `cpg_score.X...` belongs to."""
    parts = module.split(".")
    if len(parts) == 1:
        return "(package)"
    return SHARED if parts[1] in ROOT_MODULES else parts[1]


def _imports(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    """`(line, module, names)` of every absolute import of cpg_score in a source file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] == "cpg_score":
                yield node.lineno, node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "cpg_score":
                    yield node.lineno, alias.name, []


def _target(module: str, name: str) -> str:
    """The part an imported name comes from (`from cpg_score import io` imports the package io)."""
    if module == "cpg_score" and name in MAY_IMPORT:
        return name
    if module == "cpg_score" and name in ROOT_MODULES:
        return SHARED
    return _part(module)


SOURCES = sorted(SRC.rglob("*.py"))


def test_the_layout_names_every_package_and_root_module() -> None:
    section = _section("How the code is organised")
    names = [f"`{p.name}/`" for p in SRC.iterdir() if (p / "__init__.py").is_file()]
    names += [f"`{p.name}`" for p in SRC.glob("*.py")]
    missing = [name for name in sorted(names) if name not in section]
    expected: list[str] = []
    assert expected == missing


def test_imports_flow_one_way() -> None:
    wrong = []
    for path in SOURCES:
        importer = _part(_module_name(path))
        for line, module, names in _imports(path):
            for target in {_target(module, name) for name in names or [""]}:
                if target != importer and target not in MAY_IMPORT[importer]:
                    wrong.append(f"{path.relative_to(ROOT)}:{line}: {importer} imports {module} ({target})")
    expected: list[str] = []
    assert expected == wrong


def _private_owner(dotted: str) -> str | None:
    """The package owning the first private segment of a dotted name (None when all public)."""
    segments = dotted.split(".")
    for index, segment in enumerate(segments):
        if segment.startswith("_") and not segment.startswith("__"):
            return ".".join(segments[:index])
    return None


def test_no_private_name_is_imported_from_another_package() -> None:
    wrong = []
    for path in SOURCES:
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for line, module, names in _imports(path):
            for imported in [f"{module}.{n}" for n in names] or [module]:
                owner = _private_owner(imported)
                if owner is not None and package != owner and not package.startswith(owner + "."):
                    wrong.append(f"{path.relative_to(ROOT)}:{line}: {package} imports {imported}")
    expected: list[str] = []
    assert expected == wrong


def test_the_page_draws_the_flow_in_mermaid() -> None:
    langs = [block.lang for block in blocks(PAGE)]
    assert 1 == langs.count("mermaid")


def test_mkdocs_renders_mermaid_fences() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = [e for e in config["markdown_extensions"] if isinstance(e, dict)]
    fences = next(
        e["pymdownx.superfences"]["custom_fences"] for e in extensions if "pymdownx.superfences" in e
    )
    assert [{"name": "mermaid", "class": "mermaid"}] == fences


def test_the_docs_tests_do_not_run_mermaid_blocks() -> None:
    assert "mermaid" not in SHELL | PYTHON


def _resolve(dotted: str) -> object:
    """What `::: dotted` names: the longest importable module, then attributes (as mkdocstrings)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(dotted)


API_PATHS = re.findall(r"^::: (\S+)\s*$", API.read_text(encoding="utf-8"), re.MULTILINE)


@pytest.mark.parametrize("dotted", API_PATHS)
def test_every_api_reference_path_resolves(dotted: str) -> None:
    assert _resolve(dotted) is not None


def _titled_block(title: str) -> str:
    return next(block.text for block in blocks(PAGE) if block.title == title)


TOY_RUN = """
import sys, types
module = types.ModuleType("cpg_score.model.rules.ratio")
sys.modules[module.__name__] = module
exec(compile(sys.stdin.read(), "ratio.py", "exec"), module.__dict__)
from cpg_score import load_grid, load_results, score
rule = "{type: ratio, target: 80 %}"
grid = load_grid(
    "id: toy\\nlabel: Toy\\nperiod: 2020\\ntotal_points: 100\\naxes:\\n  - id: a\\n    label: A\\n"
    "    objectives:\\n      - id: o\\n        label: O\\n        points: 100\\n        indicators:\\n"
    "          - {id: i, label: I, rule: " + rule + "}\\n"
)
results = load_results("entity: {id: e, label: E}\\ngrid: toy\\nperiod: 2020\\nresults: {i: 40 %}\\n", grid)
print(score(grid, results).total.points)
"""


def test_the_example_rule_module_registers_and_scores() -> None:
    # In a process of its own: registering a rule type here would change the other tests' registry.
    code = _titled_block("src/cpg_score/model/rules/ratio.py")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", TOY_RUN], input=code, capture_output=True, text=True, env=env, check=False
    )
    assert ("50", "") == (done.stdout.strip(), done.stderr)


def test_the_example_command_is_the_shipped_one() -> None:
    shipped = (SRC / "cli" / "_sensitivity.py").read_text(encoding="utf-8")
    missing = [
        line
        for line in _titled_block("src/cpg_score/cli/_sensitivity.py").splitlines()
        if line not in shipped
    ]
    expected: list[str] = []
    assert expected == missing
