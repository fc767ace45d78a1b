"""Reading files of published totals (by parent entity, figures as in results files).

```yaml
period: 2019
source: Rapport d'activité 2019, p. 13
tree: ../../entities/nouvelle-aquitaine.yaml   # optional: places the entities
entities:
  drsm-nouvelle-aquitaine:
    label: DRSM Aquitaine et Centre-Ouest
    figures:
      contacts-ambulatoire: {value: "52 546", unit: count, source: "p. 13"}
```

The `tree` path is checked before anything is read from it (see
`cpg_score.io.source.referenced_path`): relative to the totals file's folder,
a `.yaml` or `.yml` file, within the folder two levels above that folder, and a regular file
(never a device or a pipe).
"""

from __future__ import annotations

import os

from cpg_score._args import expect
from cpg_score.errors import Problem, ProblemCode, TotalsError
from cpg_score.io.marked import Limits, Mapping, Node, child_path
from cpg_score.io.reader import Reader, parse_mapping, read_figure, sorted_problems
from cpg_score.io.source import Source, referenced_path
from cpg_score.model.totals import PublishedTotal, PublishedTotals

__all__ = ["load_totals"]


def load_totals(source: Source, *, limits: Limits | None = None) -> PublishedTotals:
    """Load a file of published totals (by parent entity, figures as in results files).

    An optional `tree` key names the entity tree that places the totals' entities: a path
    relative to the totals file's folder, to an existing `.yaml` or `.yml` regular file within
    the folder two levels above that folder (the current folder when the totals are given as
    text); see `cpg_score.io.source.referenced_path`. Anything else (an
    absolute path, a pipe, a device, a path out of that folder) is refused at the `tree` key.

    Raises:
        TypeError: `source` is not a path, text or bytes, or `limits` is not a `Limits`.
        TotalsError: The file is invalid (every problem, with file, line and column).
    """
    expect("source", source, (str, bytes, os.PathLike), "a path, YAML text or bytes")
    expect("limits", limits, (Limits, type(None)), "a Limits or None")
    r, m = parse_mapping(
        source, limits, TotalsError, ["entities"], ["period", "source", "comment", "description", "tree"]
    )
    for name_key in ("comment", "description"):
        r.text(m.get(name_key), f"$.{name_key}", "")
    source_text = r.text(m.get("source"), "$.source", "")
    tree = r.text(m.get("tree"), "$.tree")
    if tree is not None:
        try:
            tree = referenced_path(tree, r.file)
        except ValueError as exc:
            r.error(m.get("tree"), "$.tree", f"tree {exc}", ProblemCode.BAD_PATH)
    if m.get("period") is not None:
        r.integer(m.get("period"), "$.period")
    totals = _read_totals(r, m.get("entities"))
    if r.problems:
        raise TotalsError(sorted_problems(r.problems) or [Problem(message="invalid totals", file=r.file)])
    return PublishedTotals(totals, tree, source_text or "")


def _read_totals(r: Reader, entities: Node | None) -> list[PublishedTotal]:
    """The `entities:` mapping of a totals file: each entity's published figures."""
    totals: list[PublishedTotal] = []
    if not isinstance(entities, Mapping):
        r.error(
            entities, "$.entities", "expected a mapping of entity id to its figures", ProblemCode.WRONG_TYPE
        )
    else:
        for key, node in entities.entries:
            path = child_path("$.entities", key.text)
            r.ident(key, path)
            em = r.mapping(node, path, ["figures"], ["label", "comment", "source"])
            if em is None:
                continue
            for k in ("label", "comment", "source"):
                r.text(em.get(k), f"{path}.{k}", "")
            fm = em.get("figures")
            if not isinstance(fm, Mapping):
                r.error(
                    fm,
                    f"{path}.figures",
                    "expected a mapping of figure id to its value",
                    ProblemCode.WRONG_TYPE,
                )
                continue
            for fkey, fnode in fm.entries:
                figure_path = child_path(f"{path}.figures", fkey.text)
                if r.key_id(fkey, figure_path, "a figure") is None:
                    continue
                figure = read_figure(r, fkey.text, fnode, figure_path)
                if figure is not None:
                    totals.append(
                        PublishedTotal(
                            entity=key.text,
                            id=figure.id,
                            value=figure.value,
                            unit=figure.unit,
                            label=figure.label,
                            source=figure.source,
                            comment=figure.comment,
                        )
                    )
    return totals
