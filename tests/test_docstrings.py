"""Every public name has a docstring (the API reference is rendered from them)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from types import ModuleType
from typing import Any

import pytest

import cpg_score


def _public_modules() -> list[ModuleType]:
    modules = [cpg_score]
    for info in pkgutil.walk_packages(cpg_score.__path__, "cpg_score."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            modules.append(importlib.import_module(info.name))
    return modules


def _own_doc(obj: Any) -> str | None:
    """The object's own docstring (not one inherited from a base class)."""
    doc = obj.__dict__.get("__doc__") if inspect.isclass(obj) else getattr(obj, "__doc__", None)
    return doc if isinstance(doc, str) and doc.strip() else None


def _public_names(module: ModuleType) -> list[tuple[str, Any]]:
    """Functions and classes a module makes public: its `__all__`, or what it defines."""
    if hasattr(module, "__all__"):
        names = [n for n in module.__all__ if not n.startswith("_")]
    else:
        names = [
            n for n, v in vars(module).items() if not n.startswith("_") and inspect.getmodule(v) is module
        ]
    found = []
    for name in names:
        obj = getattr(module, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            found.append((f"{module.__name__}.{name}", obj))
    return found


def _members(cls: type) -> list[tuple[str, Any]]:
    """Public methods and properties defined by a class itself."""
    found = []
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        target = value.fget if isinstance(value, property) else value
        if isinstance(target, (staticmethod, classmethod)):
            target = target.__func__
        if inspect.isfunction(target):
            found.append((f"{cls.__module__}.{cls.__qualname__}.{name}", target))
    return found


MODULES = _public_modules()
NAMES = sorted({qualified: obj for m in MODULES for qualified, obj in _public_names(m)}.items())
MEMBERS = sorted(
    {q: obj for _, cls in NAMES if inspect.isclass(cls) for q, obj in _members(cls)}.items(),
)


@pytest.mark.parametrize("module", MODULES, ids=[m.__name__ for m in MODULES])
def test_public_module_has_a_docstring(module: ModuleType) -> None:
    assert _own_doc(module) is not None


@pytest.mark.parametrize(("name", "obj"), NAMES, ids=[n for n, _ in NAMES])
def test_public_name_has_a_docstring(name: str, obj: Any) -> None:
    assert _own_doc(obj) is not None, f"{name} has no docstring"


@pytest.mark.parametrize(("name", "obj"), MEMBERS, ids=[n for n, _ in MEMBERS])
def test_public_method_has_a_docstring(name: str, obj: Any) -> None:
    assert _own_doc(obj) is not None, f"{name} has no docstring"


def test_every_exported_class_and_function_is_checked() -> None:
    exported = {
        name
        for name in cpg_score.__all__
        if inspect.isclass(getattr(cpg_score, name)) or inspect.isfunction(getattr(cpg_score, name))
    }
    checked = {qualified.rsplit(".", 1)[1] for qualified, _ in NAMES if qualified.startswith("cpg_score.")}
    assert exported <= checked


def _docstrings() -> list[tuple[str, str]]:
    found = [(m.__name__, _own_doc(m) or "") for m in MODULES]
    found += [(name, _own_doc(obj) or "") for name, obj in [*NAMES, *MEMBERS]]
    return found


def test_doctest_examples_are_in_an_examples_section() -> None:
    # mkdocstrings renders a Google "Examples:" section as code; a singular "Example:" section
    # becomes an admonition where `>>>` lines turn into nested quotes.
    singular = [name for name, doc in _docstrings() if re.search(r"^\s*Example:\s*$", doc, re.MULTILINE)]
    expected: list[str] = []
    assert expected == singular, "write `Examples:` (plural) above `>>>` lines"
