"""Rendering: every result kind, as people and machines read it, in French or English.

One entry, [`render`][cpg_score.reports.render], renders a scorecard, several scorecards side by
side (a list), an explanation, a check report, a what-if comparison, a sensitivity table, a plan,
a Monte Carlo run, a projection or a profit-sharing computation, with the same options: `fmt`
in [`FORMATS`][cpg_score.reports.FORMATS] (a kind refuses the formats it does not support, see
[`formats_of`][cpg_score.reports.formats_of]) and `lang` in [`LANGS`][cpg_score.reports.LANGS].
[`render_bytes`][cpg_score.reports.render_bytes] gives the bytes of a file (`xlsx`).

Reports are a thin layer over [`Scorecard`][cpg_score.Scorecard]: they present its exact figures
rounded half up (points to `rounding.points` decimals, rates in percent to
`rounding.rate_percent`), and add nothing of their own.

Formats ([`FORMATS`][cpg_score.reports.FORMATS]):

- `table` (aligned text for a terminal, optionally coloured), `markdown` and `html` follow
  `lang` for headings, messages and numbers (French `776,50`, `77,65 %`, `1 000` with a narrow
  no-break space; English `776.50`, `77.65%`, `1,000`). The grid's own labels stay as written.
- `csv` opens directly in a spreadsheet of `lang`: French `;` between cells, a decimal comma
  (`776,50`, never a grouping space: a number stays a number) and a UTF-8 byte order mark;
  English `,` and a point (`776.50`). `json` is for machines: plain decimal text (`776.50`).
- `xlsx` (bytes, needs XlsxWriter) and the charts of `html` (need matplotlib) come with the
  optional extra `report` (`python -m pip install '.[report]'` in a clone of cpg-score). In the
  workbook, every text from the inputs is a string cell (never a formula, whatever it starts
  with); the charts draw at most [`MAX_BARS`][cpg_score.reports.MAX_BARS] bars (above it, the
  axes; the page says so).

Examples:
    >>> text = render(card, "markdown", "en")  # doctest: +SKIP
    >>> data = render_bytes([card_co, card_aq], "xlsx", "fr")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cpg_score._args import describe, expect
from cpg_score.errors import MissingExtraError
from cpg_score.model.grid import Grid, Results
from cpg_score.model.scorecard import Scorecard
from cpg_score.reports import _notebook  # noqa: F401 (importing it fills the notebook display hooks)
from cpg_score.reports._cells import without_controls
from cpg_score.reports._charts import (
    EXTRA_HINT,
    MAX_BARS,
    axes_chart_fits,
    axes_chart_svg,
    histogram_svg,
    points_chart_level,
    points_chart_svg,
)
from cpg_score.reports._html import SimulationChart, render_html
from cpg_score.reports._named import (
    render_comparison,
    render_montecarlo,
    render_plan,
    render_profit_sharing,
    render_projection,
    render_sensitivity,
)
from cpg_score.reports._plain import COMPARISON_FORMAT, render_csv, render_json, render_markdown, render_table
from cpg_score.reports._simulate import TABLE_FORMATS
from cpg_score.reports._template import render_template
from cpg_score.reports._text import LANGS, check_lang, effect_text, format_number, format_percent
from cpg_score.reports._views import view_of
from cpg_score.reports._xlsx import render_xlsx

__all__ = [
    "BINARY_FORMATS",
    "COMPARISON_FORMAT",
    "EXTRA_HINT",
    "FORMATS",
    "LANGS",
    "MAX_BARS",
    "TABLE_FORMATS",
    "MissingExtraError",
    "SimulationChart",
    "axes_chart_fits",
    "axes_chart_svg",
    "effect_text",
    "format_number",
    "format_percent",
    "formats_of",
    "histogram_svg",
    "points_chart_level",
    "points_chart_svg",
    "render",
    "render_bytes",
    "render_compare",
    "render_comparison",
    "render_html",
    "render_montecarlo",
    "render_plan",
    "render_profit_sharing",
    "render_projection",
    "render_sensitivity",
    "render_template",
    "render_xlsx",
]

#: The formats of every result kind (each kind supports some: see `formats_of`).
FORMATS = ("table", "markdown", "csv", "json", "xlsx", "html")
#: The formats that are bytes, not text (never written to a terminal).
BINARY_FORMATS = ("xlsx",)


def _check(fmt: str, lang: str) -> None:
    expect("fmt", fmt, str, f"one of {', '.join(FORMATS)}")
    expect("lang", lang, str, "fr or en")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    check_lang(lang)


def _check_cards(cards: Sequence[Scorecard]) -> None:
    if isinstance(cards, (str, bytes, Scorecard)) or not isinstance(cards, Sequence):
        raise TypeError(f"cards must be a sequence of Scorecard, got {describe(cards)}")
    if not cards:
        raise ValueError("cards must hold at least one Scorecard")
    for index, card in enumerate(cards):
        expect(f"cards[{index}]", card, Scorecard, "a Scorecard (see score)")


def render_compare(
    cards: Sequence[Scorecard], fmt: str = "table", lang: str = "fr", *, color: bool = False
) -> str:
    """Render several scorecards of one grid side by side (a text format).

    Text from the inputs is data, never code: in `table` and `markdown` (read on terminals) its
    control characters are shown escaped (`\\x1b`); in `csv` a text that a spreadsheet could take
    for a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`.

    Args:
        cards: The scorecards, all scored on the same grid, in column order.
        fmt: A text format: `table`, `markdown`, `csv`, `json` or `html`.
        lang: `fr` or `en`.
        color: ANSI colours in `table` (for a terminal only).

    Returns:
        The report text (ending with a newline).

    Raises:
        ValueError: Unknown format or language, or `xlsx` (bytes: use `render_bytes`).
        CpgScoreError: The cards were not scored on the same grid.
    """
    _check(fmt, lang)
    _check_cards(cards)
    if fmt in BINARY_FORMATS:
        raise ValueError(f"{fmt} is a binary format: use render_bytes")
    if fmt in ("table", "markdown"):
        # Read on terminals: the inputs' control characters are shown escaped, never obeyed.
        safe = [without_controls(card) for card in cards]
        return render_table(safe, lang, color) if fmt == "table" else render_markdown(safe, lang)
    if fmt == "csv":
        return render_csv(cards, lang)
    if fmt == "json":
        return render_json(cards)
    return render_html(cards, lang)


def formats_of(result: object) -> tuple[str, ...]:
    """The formats a result renders to (a scorecard or a list of them: all of `FORMATS`).

    Raises:
        TypeError: `result` is no result kind cpg-score renders.
    """
    if isinstance(result, (Scorecard, list, tuple)):
        return FORMATS
    view = view_of(result)
    if view is None:
        raise TypeError(
            f"result must be a result of cpg-score (a Scorecard, a Plan...), got {describe(result)}"
        )
    return view.formats


def render(result: Any, fmt: str = "table", lang: str = "fr", *, color: bool = False) -> str:
    """Render a result of any kind (a text format).

    Args:
        result: A `Scorecard`, a list of scorecards of one grid (side by side), an
            `Explanation`, a `CheckReport`, a `Comparison`, a `Sensitivity`, a `Plan`, a
            `MonteCarlo`, a `Projection` or a `ProfitSharingResult`.
        fmt: A text format of [`FORMATS`][cpg_score.reports.FORMATS] the kind supports
            (`xlsx` is bytes: use [`render_bytes`][cpg_score.reports.render_bytes]).
        lang: `fr` or `en`.
        color: ANSI colours in a scorecard's `table` (for a terminal only).

    Returns:
        The text (ending with a newline).

    Raises:
        TypeError: `result` is no result kind.
        ValueError: Unknown format or language, a format the kind does not support, or a
            binary format.
    """
    if isinstance(result, (list, tuple)):
        return render_compare(result, fmt, lang, color=color)
    if isinstance(result, Scorecard):
        return render_compare([result], fmt, lang, color=color)
    formats = formats_of(result)
    _check(fmt, lang)
    if fmt not in formats:
        raise ValueError(
            f"{_article(type(result).__name__)} {type(result).__name__} does not render as {fmt}; "
            f"it renders as {', '.join(formats)}"
        )
    return view_of(result).text(result, fmt, lang)  # type: ignore[union-attr]


def render_bytes(
    cards: Any,
    fmt: str = "xlsx",
    lang: str = "fr",
    *,
    grid: Grid | None = None,
    results: Sequence[Results] | None = None,
) -> bytes:
    """Render a result in any format it supports, as the bytes of a file (text as UTF-8).

    Args:
        cards: One or several scorecards (any format, `xlsx` included), or another result
            kind (see [`render`][cpg_score.reports.render]; its text formats).
        fmt: A format of [`FORMATS`][cpg_score.reports.FORMATS].
        lang: `fr` or `en`.
        grid: For `xlsx`: the grid the cards were scored on (each indicator's rate becomes its
            rule's formula; see `render_xlsx`).
        results: For `xlsx`: the results of each card, in order (the input cells).

    Raises:
        ValueError: Unknown format or language, or a format the kind does not support.
        MissingExtraError: `xlsx` without XlsxWriter installed.
    """
    _check(fmt, lang)
    if not isinstance(cards, (Scorecard, list, tuple)) and view_of(cards) is not None:
        return render(cards, fmt, lang).encode("utf-8")
    _check_cards(cards)
    if fmt == "xlsx":
        return render_xlsx(cards, lang, grid=grid, results=results)
    return render_compare(cards, fmt, lang).encode("utf-8")


def _article(noun: str) -> str:
    """`an` before a vowel (an Explanation), else `a` (a Plan)."""
    return "an" if noun[:1] in "AEIOU" else "a"
