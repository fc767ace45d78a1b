"""What notebooks show: the hooks through which results render, and their data frames.

The model and the simulations never import the rendering layer (imports flow one way, see
the contributing guide). Yet a [`Scorecard`][cpg_score.Scorecard] shown in a notebook should look
as the reports print it. So this module holds a tiny registry of hooks, `(obj, lang) -> str |
None`, that `cpg_score.reports` fills when it is imported (which `import cpg_score` does): the
HTML of a result (`HTML`), the words of a reason (`REASON`), the label of a total (`TOTAL`), the
method of a projection (`METHOD`). A result asks `hook_text`; without the hook it gets None and
falls back to its own plain words.

Frames: every result's `to_records()` gives plain dicts with stable keys; `frame` turns them
into a `pandas.DataFrame` (pandas is imported only then: the optional extra `pandas`).
"""

from __future__ import annotations

import importlib
import math
import os
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from cpg_score._args import expect
from cpg_score.errors import MissingExtraError

__all__ = [
    "HTML",
    "LANGS",
    "METHOD",
    "PANDAS_HINT",
    "REASON",
    "TOTAL",
    "Hook",
    "Tabular",
    "check_lang",
    "display_lang",
    "frame",
    "hook_text",
    "html",
    "pandas",
    "register",
]

#: A hook: the text of an object in a language, or None when it has none.
Hook = Callable[[Any, str], "str | None"]

#: The HTML fragment of a result, for a notebook (`_repr_html_`).
HTML = "html"
#: Why something was not scored (a `Reason`), in words.
REASON = "reason"
#: The label of a scorecard's total (« Résultat régional »...).
TOTAL = "total"
#: How a lever was projected (a `ProjectionMethod`), in words.
METHOD = "method"

#: The languages of the words and the HTML.
LANGS = ("fr", "en")

#: What to install to get data frames.
#: cpg-score is not on PyPI: the extra is installed from a clone (or with the wheel's path).
PANDAS_HINT = "python -m pip install '.[pandas]' (in a clone of cpg-score)"

_HOOKS: dict[str, Hook] = {}


def register(name: str, hook: Hook) -> Hook:
    """Register (or replace) the hook `name`; return it (usable as a decorator's body)."""
    _HOOKS[name] = hook
    return hook


def hook_text(name: str, obj: Any, lang: str) -> str | None:
    """The text the hook `name` gives for `obj` in `lang`, or None without such a hook."""
    hook = _HOOKS.get(name)
    return None if hook is None else hook(obj, lang)


def check_lang(lang: object, name: str = "lang") -> str:
    """Check a language argument: `fr` or `en`.

    Raises:
        TypeError: It is not a string.
        ValueError: It is not one of `LANGS`.
    """
    expect(name, lang, str, "fr or en")
    if lang not in LANGS:
        raise ValueError(f"{name} must be fr or en, got {lang!r}")
    return str(lang)


def display_lang() -> str:
    """The language of notebook displays: `CPG_SCORE_LANG` when it is `fr` or `en`, else French."""
    lang = os.environ.get("CPG_SCORE_LANG", "fr").strip().lower()
    return lang if lang in LANGS else "fr"


def html(obj: Any, lang: str | None = None) -> str | None:
    """The HTML fragment of a result in `lang` (default: `display_lang()`), or None when the
    reports are not loaded (a notebook then shows the plain repr)."""
    return hook_text(HTML, obj, display_lang() if lang is None else lang)


def pandas(what: str = "data frames") -> Any:
    """Import pandas, or raise MissingExtraError naming the `pandas` extra.

    Imported dynamically, so the core never needs pandas (typed `Any`).
    """
    try:
        return importlib.import_module("pandas")
    except ImportError:
        raise MissingExtraError(
            f"{what}: pandas is not installed; install the pandas extra: {PANDAS_HINT}"
        ) from None


def _float(value: Any) -> Any:
    """An exact number as a float (correctly rounded); anything else as it is."""
    if isinstance(value, (Fraction, Decimal)):
        return float(value)
    return value


def frame(
    records: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    exact: bool = False,
    numeric: Collection[str] = (),
) -> Any:
    """A `pandas.DataFrame` of records, one row each, with `columns` in that order.

    Args:
        records: Plain dicts holding (at least) `columns`.
        columns: The columns, kept even when there is no record.
        exact: Keep the exact numbers (`Fraction`, `Decimal`: object columns); otherwise
            they become floats (float64 columns, NaN where a number is missing).
        numeric: Columns that are float64 without `exact` even when no record has a number
            (a column holding numbers and gaps is float64 anyway).

    Raises:
        MissingExtraError: pandas is not installed.
        TypeError: `exact` is not a bool.
    """
    expect("exact", exact, bool, "True or False")
    pd = pandas()
    if exact:
        return pd.DataFrame(
            {name: [record[name] for record in records] for name in columns}, columns=list(columns)
        )
    data = {name: [_float(record[name]) for record in records] for name in columns}
    for name, values in data.items():
        if _floats(values, name in numeric):
            # A column of numbers with gaps is float64 with NaN, not object.
            data[name] = [math.nan if v is None else float(v) for v in values]
    return pd.DataFrame(data, columns=list(columns))


def _floats(values: Sequence[Any], numeric: bool) -> bool:
    """Whether a column becomes float64: numbers (and gaps) only, at least one float unless
    it is a numeric column."""
    numbers = all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in values)
    return numbers and (numeric or any(isinstance(v, float) for v in values))


class Tabular:
    """A result shown as one table: `to_frame` from its `to_records` and `COLUMNS`, and
    `_repr_html_` through the display hook (a mixin of the simulation results)."""

    __slots__ = ()

    #: The columns of its records, in order.
    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def to_records(self, *, lang: str | None = None) -> list[dict[str, Any]]:
        """One plain dict per row (see each result)."""
        raise NotImplementedError

    def to_frame(self, *, exact: bool = False, lang: str | None = None) -> Any:
        """`to_records` as a `pandas.DataFrame` (floats unless `exact`; the extra `pandas`).

        Raises:
            MissingExtraError: pandas is not installed.
        """
        return frame(self.to_records(lang=lang), self.COLUMNS, exact=exact)

    def _repr_html_(self) -> str | None:
        """The result in a notebook, as the reports print it."""
        return html(self)
