"""The shipped grids and results (the `objectives/` folder), found wherever the package is.

In a wheel they live in `cpg_score/_data/objectives`; in a source checkout (editable install),
in the repository's `objectives/` folder. An example is named after its results file and period:
`objectives/results/2019/drsm-centre-ouest.yaml` is `drsm-centre-ouest-2019`.
"""

from __future__ import annotations

from pathlib import Path

from attrs import frozen

from cpg_score._args import expect
from cpg_score.errors import CpgScoreError
from cpg_score.io.marked import Mapping, Scalar, YamlProblems, parse_yaml

__all__ = ["Example", "data_dir", "find_example", "list_examples"]


@frozen
class Example:
    """A shipped results file and the grid it is scored with.

    Attributes:
        name: `<results file stem>-<period>`, e.g. `drsm-centre-ouest-2019`.
        grid: Path of the grid file.
        results: Path of the results file.
        label: The entity's label.
    """

    name: str
    grid: Path
    results: Path
    label: str


def data_dir() -> Path:
    """The folder holding the shipped grids and results."""
    packaged = Path(__file__).resolve().parents[1] / "_data" / "objectives"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "objectives"


def _header(path: Path) -> dict[str, str] | None:
    """The top-level scalar keys of a YAML mapping (id, grid, period...), or None."""
    try:
        root = parse_yaml(path.read_bytes(), str(path))
    except (OSError, YamlProblems):
        return None
    if not isinstance(root, Mapping):
        return None
    out = {k.text: v.text for k, v in root.entries if isinstance(v, Scalar)}
    entity = root.get("entity")
    if isinstance(entity, Mapping):
        label = entity.get("label")
        out["entity_label"] = label.text if isinstance(label, Scalar) else ""
    if root.get("axes") is not None:
        out["kind"] = "grid"
    elif root.get("results") is not None:
        out["kind"] = "results"
    return out


def list_examples(root: Path | None = None) -> list[Example]:
    """Every shipped results file with its grid, sorted by name.

    Raises:
        TypeError: `root` is not a `Path` (or None).
    """
    expect("root", root, (Path, type(None)), "a Path or None")
    root = root or data_dir()
    grids: dict[str, Path] = {}
    for path in sorted(root.glob("*.yaml")):
        header = _header(path)
        if header and header.get("kind") == "grid" and "id" in header:
            grids[header["id"]] = path
    examples = []
    for path in sorted((root / "results").rglob("*.yaml")):
        header = _header(path)
        if not header or header.get("kind") != "results" or header.get("grid") not in grids:
            continue
        name = f"{path.stem}-{header.get('period', '')}"
        examples.append(Example(name, grids[header["grid"]], path, header.get("entity_label", "")))
    return sorted(examples, key=lambda e: e.name)


def find_example(name: str) -> Example:
    """The shipped example of that name.

    Raises:
        TypeError: `name` is not a `str`.
        CpgScoreError: No example has that name (the message lists them).
    """
    expect("name", name, str, "the name of an example (a str)")
    examples = list_examples()
    for example in examples:
        if example.name == name:
            return example
    names = ", ".join(e.name for e in examples) or "none"
    raise CpgScoreError(f"no shipped example named {name!r}; the examples are: {names}")
