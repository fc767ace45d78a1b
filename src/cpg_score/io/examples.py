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
from cpg_score.io.kind import FileKind, kind_of
from cpg_score.io.marked import Mapping, Scalar, YamlProblems, parse_yaml

__all__ = ["Example", "Shipped", "data_dir", "find_example", "list_examples", "list_shipped"]


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


@frozen(kw_only=True)
class Shipped:
    """A file shipped with cpg-score (a grid, results, a tree, a scenario...).

    Attributes:
        kind: What it holds.
        name: Its path inside the shipped folder, without `.yaml` (`results/2019/drsm-aquitaine`).
        path: Its path on disk.
        label: Its title: a grid's label, the entity of results, else its description.
        grid: The id of the grid it is for (a grid's own id), or "".
        period: Its period, or "".
    """

    kind: FileKind
    name: str
    path: Path
    label: str
    grid: str = ""
    period: str = ""


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
    out["kind"] = str(kind_of(root))
    return out


def _label(header: dict[str, str]) -> str:
    for key in ("label", "entity_label", "description"):
        if header.get(key):
            return " ".join(header[key].split())
    return ""


def list_shipped(root: Path | None = None) -> list[Shipped]:
    """Every shipped file cpg-score can read, with its kind, sorted by kind then name.

    Files that are not YAML mappings of a known kind are left out.

    Raises:
        TypeError: `root` is not a `Path` (or None).
    """
    expect("root", root, (Path, type(None)), "a Path or None")
    root = root or data_dir()
    found = []
    for path in sorted(root.rglob("*.yaml")):
        header = _header(path)
        if not header or header["kind"] == FileKind.UNKNOWN.value:
            continue
        kind = FileKind(header["kind"])
        grid = header.get("id", "") if kind is FileKind.GRID else header.get("grid", "")
        name = path.relative_to(root).with_suffix("").as_posix()
        found.append(
            Shipped(
                kind=kind,
                name=name,
                path=path,
                label=_label(header),
                grid=grid,
                period=header.get("period", ""),
            )
        )
    order = {kind: index for index, kind in enumerate(FileKind)}
    return sorted(found, key=lambda f: (order[f.kind], f.name))


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
        period = header.get("period", "")
        # `maladie-cpam-2017.yaml` of 2017 is `maladie-cpam-2017`, not `maladie-cpam-2017-2017`.
        name = path.stem if path.stem.endswith(f"-{period}") else f"{path.stem}-{period}"
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
