"""Charts as inline SVG, drawn with matplotlib (the optional extra `report`).

matplotlib is imported only here and only when a chart is drawn; no display is needed (the
figures are drawn by the SVG backend directly, pyplot is never imported). The SVG is made
deterministic: a fixed `svg.hashsalt`, glyphs as paths (DejaVu Sans, shipped with matplotlib),
no date in the metadata, so the same figures give the same bytes.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import textwrap
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from cpg_score.errors import MissingExtraError
from cpg_score.model.scorecard import Scorecard
from cpg_score.reports._card_rows import total_label
from cpg_score.reports._text import TEXT, check_lang, entity_name, format_number, format_percent

#: What to install to get the charts and the Excel export.
#: cpg-score is not on PyPI: the extra is installed from a clone (or with the wheel's path).
EXTRA_HINT = "python -m pip install '.[report]' (in a clone of cpg-score)"

#: Colours of the entities' series (colour-blind safe, from the Okabe-Ito palette).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
_AVAILABLE = "#D9D9D9"
_THRESHOLDS = ("#D55E00", "#CC79A7", "#000000", "#009E73")

_RC: dict[str, Any] = {
    "svg.hashsalt": "cpg-score",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep matplotlib's and NumPy's warnings (and matplotlib's log, such as the note about
    building its font cache) off standard error: a successful report prints nothing there."""
    logger = logging.getLogger("matplotlib")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def optional(module: str, what: str) -> Any:
    """Import an optional dependency's module, or raise MissingExtraError naming the extra.

    Imported dynamically, so the type checker does not need the optional packages (typed `Any`).
    """
    try:
        with _quiet():
            return importlib.import_module(module)
    except ImportError:
        package = module.split(".")[0]
        raise MissingExtraError(
            f"{what}: {package} is not installed; install the report extra: {EXTRA_HINT}"
        ) from None


def have_matplotlib() -> bool:
    """Whether matplotlib can be imported (the charts need it)."""
    try:
        optional("matplotlib", "charts")
    except MissingExtraError:
        return False
    return True


def _figure(width: float, height: float) -> Any:
    figure_module = optional("matplotlib.figure", "charts")
    return figure_module.Figure(figsize=(width, height), layout="constrained")


def _svg(draw: Callable[[], Any], chart_id: str) -> str:
    """Draw a figure in the house style and return it as an inline `<svg>` (no XML prolog).

    The style (and the fixed hash salt) holds while drawing and saving, and leaves matplotlib's
    global settings as they were.
    """
    matplotlib = optional("matplotlib", "charts")
    backend = optional("matplotlib.backends.backend_svg", "charts")
    buffer = io.StringIO()
    with _quiet(), matplotlib.rc_context({**_RC, "svg.hashsalt": f"cpg-score-{chart_id}"}):
        figure = draw()
        backend.FigureCanvasSVG(figure)
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "cpg-score"})
    text = buffer.getvalue()
    start = text.index("<svg")
    svg = text[start:].strip()
    return svg.replace("<svg ", f'<svg id="{chart_id}" class="chart" role="img" ', 1)


def _wrap(label: str, width: int = 42) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _percent_formatter(lang: str) -> Any:
    ticker = optional("matplotlib.ticker", "charts")
    return ticker.FuncFormatter(lambda value, _pos: format_percent(Decimal(str(round(value))), lang))


def _number_formatter(lang: str) -> Any:
    ticker = optional("matplotlib.ticker", "charts")

    def fmt(value: float, _pos: object) -> str:
        number = Decimal(str(round(value, 2))).normalize()
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        return format_number(number, lang)

    return ticker.FuncFormatter(fmt)


#: Most bars a chart draws (rows times entities): above it the points chart shows the axes
#: instead of the objectives, and a chart still larger is not drawn (the HTML report says so).
#: A chart of thousands of bars is unreadable, and takes matplotlib minutes to lay out.
MAX_BARS = 240


def points_chart_level(cards: Sequence[Scorecard]) -> str | None:
    """What the points chart can show within [`MAX_BARS`][cpg_score.reports.MAX_BARS].

    Returns:
        `"objective"` (a bar per objective and entity), `"axis"` (a bar per axis and entity, when
        the objectives are too many), or `None` (even the axes are too many: no chart).
    """
    first = cards[0]
    if len(first.objectives) * len(cards) <= MAX_BARS:
        return "objective"
    if len(first.axes) * len(cards) <= MAX_BARS:
        return "axis"
    return None


def axes_chart_fits(cards: Sequence[Scorecard]) -> bool:
    """Whether the axes chart (each axis and the total, per entity) fits within `MAX_BARS`."""
    return (len(cards[0].axes) + 1) * len(cards) <= MAX_BARS


_PointRow = tuple[str, bool, list[tuple[float, float]]]


def _point_rows(cards: Sequence[Scorecard], level: str) -> list[_PointRow]:
    """The chart's rows: label, whether it is an axis heading, and each card's (max, points)."""
    rows: list[_PointRow] = []
    for a_index, axis in enumerate(cards[0].axes):
        if level == "axis":
            figures = [(float(c.axes[a_index].max), float(c.axes[a_index].points)) for c in cards]
            rows.append((_wrap(axis.label, 48), False, figures))
            continue
        rows.append((_wrap(axis.label, 48), True, []))
        for o_index, objective in enumerate(axis.objectives):
            scores = [c.axes[a_index].objectives[o_index] for c in cards]
            rows.append((_wrap(objective.label), False, [(float(o.max), float(o.points)) for o in scores]))
    return rows


def _draw_points(cards: Sequence[Scorecard], lang: str, level: str) -> Any:
    """A horizontal bar chart: points earned over points available, per objective grouped by axis
    (or per axis), in one `barh` call per entity and series.

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    check_lang(lang)
    t = TEXT[lang]
    n = len(cards)
    band = 0.8 / n
    rows = _point_rows(cards, level)
    positions: list[float] = []
    y = 0.0
    for index, (_label, heading, _figures) in enumerate(rows):
        if heading and index:
            y += 0.4
        positions.append(y)
        y += 1.0 if heading else 1.0 + 0.12 * (n - 1)
    labels = [label for label, _, _ in rows]
    lines = sum(label.count("\n") + 1 for label in labels)
    figure = _figure(9.0, max(3.0, 0.24 * lines + 0.25 * y + 1.2))
    ax = figure.add_subplot()
    bars = [(positions[i], figures) for i, (_, heading, figures) in enumerate(rows) if not heading]
    for c_index in range(n):
        offsets = [base + (c_index - (n - 1) / 2) * band for base, _ in bars]
        maxima = [figures[c_index][0] for _, figures in bars]
        points = [figures[c_index][1] for _, figures in bars]
        ax.barh(offsets, maxima, height=band * 0.9, color=_AVAILABLE, zorder=1)
        ax.barh(offsets, points, height=band * 0.9, color=PALETTE[c_index % len(PALETTE)], zorder=2)
    ax.set_yticks(positions, labels)
    tick_labels = ax.get_yticklabels()
    for index, (_, heading, _) in enumerate(rows):
        if heading or level == "axis":
            tick_labels[index].set_fontweight("bold")
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(_number_formatter(lang))
    ax.set_xlabel(t["points"])
    ax.grid(axis="x", color="#EEEEEE", zorder=0)
    ax.set_axisbelow(True)
    patches = optional("matplotlib.patches", "charts")
    handles = [
        patches.Patch(color=PALETTE[i % len(PALETTE)], label=entity_name(c)) for i, c in enumerate(cards)
    ]
    handles.append(patches.Patch(color=_AVAILABLE, label=t["available"]))
    ax.legend(handles=handles, loc="upper right", frameon=False)
    ax.set_title(t["chart_points"], loc="left", fontweight="bold")
    return figure


def _draw_axes(cards: Sequence[Scorecard], lang: str) -> Any:
    """A bar chart of each axis's achievement rate (percent), one bar per entity, with the total.

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    check_lang(lang)
    t = TEXT[lang]
    first = cards[0]
    groups = [_wrap(a.label, 18) for a in first.axes] + [_wrap(total_label(first, lang), 18)]
    n = len(cards)
    width = 0.8 / n
    figure = _figure(9.0, 4.2)
    ax = figure.add_subplot()
    for c_index, card in enumerate(cards):
        rates = [card.percent(a.rate) for a in card.axes] + [card.percent(card.total.rate)]
        xs = [g + (c_index - (n - 1) / 2) * width for g in range(len(groups))]
        bars = ax.bar(
            xs,
            [float(r) for r in rates],
            width=width * 0.9,
            color=PALETTE[c_index % len(PALETTE)],
            label=entity_name(card),
            zorder=2,
        )
        ax.bar_label(bars, labels=[format_percent(r, lang) for r in rates], fontsize=7, padding=2)
    ax.set_xticks(range(len(groups)), groups)
    ax.set_ylim(0, 110)
    ax.set_yticks([0, 20, 40, 60, 80, 100])
    ax.yaxis.set_major_formatter(_percent_formatter(lang))
    ax.grid(axis="y", color="#EEEEEE", zorder=0)
    ax.set_axisbelow(True)
    if n > 1:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncols=min(n, 4), frameon=False)
    ax.set_title(t["chart_axes"], loc="left", fontweight="bold")
    return figure


def points_chart_svg(cards: Sequence[Scorecard], lang: str = "fr") -> str:
    """A horizontal bar chart: points earned over points available, per objective, grouped by axis.

    Each entity gets its colour; the grey bar behind is the points that could be earned. When
    the objectives would need more than [`MAX_BARS`][cpg_score.reports.MAX_BARS] bars, the chart
    shows each axis instead (see `points_chart_level`).

    Returns:
        The `<svg id="chart-points">` element, ready to inline in HTML.

    Raises:
        MissingExtraError: matplotlib is not installed.
        ValueError: Even the axes need more than `MAX_BARS` bars.
    """
    check_lang(lang)
    level = points_chart_level(cards)
    if level is None:
        raise ValueError(f"too many axes for a points chart: more than {MAX_BARS} bars")
    return _svg(lambda: _draw_points(cards, lang, level), "chart-points")


def axes_chart_svg(cards: Sequence[Scorecard], lang: str = "fr") -> str:
    """A bar chart of each axis's achievement rate (percent), one bar per entity, with the total.

    Returns:
        The `<svg id="chart-axes">` element, ready to inline in HTML.

    Raises:
        MissingExtraError: matplotlib is not installed.
        ValueError: The axes and the total need more than [`MAX_BARS`][cpg_score.reports.MAX_BARS] bars.
    """
    check_lang(lang)
    if not axes_chart_fits(cards):
        raise ValueError(f"too many axes for an axes chart: more than {MAX_BARS} bars")
    return _svg(lambda: _draw_axes(cards, lang), "chart-axes")


def histogram_svg(
    totals: Iterable[Decimal | float | int],
    thresholds: Mapping[str, Decimal | float | int] | Sequence[Decimal | float | int] = (),
    *,
    lang: str = "fr",
    title: str | None = None,
    bins: int = 40,
    chart_id: str = "chart-histogram",
) -> str:
    """A histogram of simulated totals with the thresholds marked, as an inline `<svg>`.

    The hook for simulations: the simulation helper passes its drawn totals (floats are fine
    here, this is a picture, not an official score) and the thresholds to mark.

    Args:
        totals: The simulated totals (points).
        thresholds: Points to mark, as `{label: value}` or plain values (labelled "Seuil"/"Threshold").
        lang: `fr` or `en`, for the headings and numbers.
        title: The chart's title (default: "Distribution simulée du total").
        bins: Number of bins.
        chart_id: The `id` of the `<svg>` element.

    Returns:
        The `<svg>` element, ready to inline in HTML.

    Raises:
        MissingExtraError: matplotlib is not installed.
        ValueError: No totals, or an unknown language.
    """
    check_lang(lang)
    t = TEXT[lang]
    values = [float(v) for v in totals]
    if not values:
        raise ValueError("histogram_svg needs at least one total")
    if isinstance(thresholds, Mapping):
        marks = [(str(k), float(v)) for k, v in thresholds.items()]
    else:
        marks = [(t["threshold"], float(v)) for v in thresholds]

    def draw() -> Any:
        return _draw_histogram(values, marks, t, lang, title, bins)

    return _svg(draw, chart_id)


def mark_text(label: str, value: float, lang: str) -> str:
    """The text by a threshold line: its label and its value (`Seuil 800`), or the value alone
    when the label is that number already (`800`, not `800 800`).

    Examples:
        >>> mark_text("800", 800.0, "fr"), mark_text("Objectif", 776.5, "fr")
        (' 800', ' Objectif 776,5')
    """
    number = format_number(Decimal(str(round(value, 2))).normalize(), lang)
    try:
        same = Decimal(label.replace(",", ".").replace(" ", "").replace("\u202f", "")) == Decimal(str(value))
    except InvalidOperation:
        same = False
    return f" {number}" if same or not label.strip() else f" {label} {number}"


def _draw_histogram(
    values: list[float],
    marks: list[tuple[str, float]],
    t: dict[str, str],
    lang: str,
    title: str | None,
    bins: int,
) -> Any:
    figure = _figure(9.0, 3.8)
    ax = figure.add_subplot()
    ax.hist(values, bins=bins, color=PALETTE[0], zorder=2)
    top = ax.get_ylim()[1]
    for index, (label, value) in enumerate(marks):
        colour = _THRESHOLDS[index % len(_THRESHOLDS)]
        ax.axvline(value, color=colour, linestyle="--", linewidth=1.5, zorder=3)
        ax.text(
            value,
            top * (0.97 - 0.08 * index),
            mark_text(label, value, lang),
            color=colour,
            va="top",
            fontsize=8,
        )
    ax.xaxis.set_major_formatter(_number_formatter(lang))
    ax.set_xlabel(t["total_points"])
    ax.set_ylabel(t["frequency"])
    ax.grid(axis="y", color="#EEEEEE", zorder=0)
    ax.set_axisbelow(True)
    ax.set_title(title or t["chart_histogram"], loc="left", fontweight="bold")
    return figure
