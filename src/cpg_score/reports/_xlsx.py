"""The Excel workbook (XlsxWriter, the optional extra `report`): a pilot's live simulator.

One sheet per entity, plus a comparison sheet (first) when there are several. An entity sheet
has a meta block (grid, period, entity, level), a header row, then for each axis its row, its
objectives' rows and their indicators' rows. An indicator's result is an input cell (unlocked,
highlighted: a share as a percent, yes/no as `oui`/`non`, a date for a delay rule, `-` for
neutralised); its rate is its rule's formula of that cell (`RuleBase.spreadsheet`); objectives,
axes and the total are formulas, the grid's policy and bonus included, as the engine computes
them (hidden helper columns K to X hold the exact figures); the rates and points shown are
`ROUND()`ed as cpg-score presents them. Every formula cell is written with its cached value
(cpg-score's own figure), so a viewer that does not recalculate shows the figures too.

XlsxWriter writes these workbooks because it writes a formula's cached value (openpyxl writes a
formula without one: a previewer, pandas or `openpyxl` with `data_only=True` then see blanks).
"""

from __future__ import annotations

import datetime
import io
import os
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from cpg_score._args import describe, expect
from cpg_score._safe_text import SHEET_FORBIDDEN, xlsx_text
from cpg_score.model.grid import Grid, Results, ScaleKind
from cpg_score.model.scorecard import Scorecard
from cpg_score.reports._card_rows import total_label
from cpg_score.reports._charts import optional
from cpg_score.reports._text import TEXT, check_same_grid, entity_name, entity_notes, note_text, scale_text
from cpg_score.reports._xlsx_model import Context, Kind, Look, Row, presented, yes_word
from cpg_score.reports._xlsx_sheet import SheetBuilder

#: The header row's words (the results reader knows them all: a sheet reads back as results).
HEADERS = {
    "fr": ("Id", "Libellé", "Résultat", "Seuil", "Cible", "Taux", "Points obtenus", "Points", "Commentaire"),
    "en": ("Id", "Label", "Result", "Floor", "Target", "Rate", "Points earned", "Points", "Comment"),
}
#: The header of column J: an entity's baseline (a relative rule's previous result), read back.
BASELINE_HEADER = {"fr": "Référence", "en": "Baseline"}
_WORDS = {
    "fr": {
        "grid": "Grille",
        "period": "Période",
        "entity": "Entité",
        "label": "Libellé",
        "level": "Niveau",
        "levels": "national:national|regional:régional|local:local",
        "value_note": "Taux écrit en valeur (la règle n'a pas de formule) : {ids}",
        "input": "Saisir le résultat (un pourcentage, oui/non, une date) ; « - » neutralise l'indicateur.",
        "input_title": "Résultat",
        "optional": "Facultatif : « - » neutralise l'objectif (ses indicateurs restent saisis).",
        "policies": "zero:zéro|exclude:exclusion|redistribute:redistribution",
    },
    "en": {
        "grid": "Grid",
        "period": "Period",
        "entity": "Entity",
        "label": "Label",
        "level": "Level",
        "levels": "national:national|regional:regional|local:local",
        "value_note": "Rate written as a value (the rule has no formula): {ids}",
        "input": "Type the result (a percent, yes/no, a date); '-' neutralises the indicator.",
        "input_title": "Result",
        "optional": "Optional: '-' neutralises the objective (its indicators stay as typed).",
        "policies": "zero:zero|exclude:exclude|redistribute:redistribute",
    },
}
#: The header row (1-based): below the meta block.
HEADER_ROW = 7
_INPUT_FILL = "#FFF2CC"
#: Text from the inputs: a string cell with Excel's quote prefix, so that editing it never turns
#: it into a formula.
_TEXT = {"quote_prefix": True}
_GREY = "#808080"
#: Sheet names Excel reserves (a workbook with one of them does not open).
_RESERVED_SHEETS = {"history"}
#: About how many characters a line of the label (B) and comment (I) columns holds.
_LABEL_CHARS, _COMMENT_CHARS = 60, 38
#: From this many entities, the comparison sheet prints at a fixed scale across pages.
_WIDE_COMPARISON = 4


def _sheet_names(cards: Sequence[Scorecard], taken: set[str]) -> list[str]:
    names: list[str] = []
    for card in cards:
        base = SHEET_FORBIDDEN.sub("-", card.entity.id)[:31] or "entity"
        name, suffix = base, 2
        while name.lower() in taken or name.lower() in _RESERVED_SHEETS or name.startswith("'"):
            tail = f"-{suffix}"
            name, suffix = base.lstrip("'")[: 31 - len(tail)] + tail, suffix + 1
        taken.add(name.lower())
        names.append(name)
    return names


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _places(decimals: int) -> str:
    return "." + "0" * decimals if decimals else ""


class _Formats:
    """The workbook's cell formats (number formats are locale-neutral: Excel shows `98,39 %` in
    French)."""

    def __init__(self, book: Any, card: Scorecard, lang: str) -> None:
        rp, pp = card.rounding.rate_percent, card.rounding.points
        rate, points = f"0{_places(rp)}%", f"#,##0{_places(pp)}"
        date = "dd/mm/yyyy" if lang == "fr" else "yyyy-mm-dd"
        fill = {"bg_color": _INPUT_FILL, "locked": False, "border": 1, "border_color": "#BFBFBF"}
        self.by_key: dict[str, Any] = {}
        for bold in (False, True):
            extra = {"bold": True} if bold else {}
            self.by_key[f"rate{bold}"] = book.add_format({"num_format": rate, **extra})
            self.by_key[f"points{bold}"] = book.add_format({"num_format": points, **extra})
            for kind, indent in ((Kind.AXIS, 0), (Kind.TOTAL, 0), (Kind.OBJECTIVE, 1), (Kind.INDICATOR, 2)):
                self.by_key[f"label-{kind.value}{bold}"] = book.add_format(
                    {**extra, **_TEXT, "text_wrap": True, "valign": "top", "indent": indent}
                )
        self.by_key["exact"] = book.add_format({"num_format": "0.000000000"})
        self.by_key["flag"] = book.add_format({"num_format": "0"})
        for places in {rp, pp}:
            self.by_key[f"scale{places}"] = book.add_format(
                {"num_format": f"0{_places(places)}", "bold": True}
            )
        self.by_key["id"] = book.add_format({**_TEXT, "font_color": _GREY, "font_size": 8, "valign": "top"})
        self.by_key["text"] = book.add_format(_TEXT)
        self.by_key["header"] = book.add_format(
            {"bold": True, "bottom": 1, "text_wrap": True, "bg_color": "#DDEBF7"}
        )
        self.by_key["header-text"] = book.add_format(
            {**_TEXT, "bold": True, "bottom": 1, "text_wrap": True, "bg_color": "#DDEBF7"}
        )
        self.by_key["meta"] = book.add_format({"bold": True})
        self.by_key["meta-number"] = book.add_format({"align": "left"})
        self.by_key[f"in-{Look.SHARE.value}"] = book.add_format({**fill, "num_format": f"0.00{'##'}%"})
        self.by_key[f"in-{Look.NUMBER.value}"] = book.add_format({**fill, "num_format": "#,##0.####"})
        self.by_key[f"in-{Look.DATE.value}"] = book.add_format({**fill, "num_format": date})
        self.by_key[f"in-{Look.COUNT.value}"] = book.add_format({**fill, "num_format": "#,##0.####"})
        for look in (Look.YES_NO, Look.TEXT, Look.REFUSAL):
            self.by_key[f"in-{look.value}"] = book.add_format({**fill, "align": "right"})
        optional = {"locked": False, "align": "right", "border": 4, "border_color": "#BFBFBF"}
        self.by_key[f"in-{Look.OPTIONAL.value}"] = book.add_format(optional)
        self.by_key["bound-share"] = book.add_format({"num_format": f"0.00{'##'}%", "font_color": _GREY})
        self.by_key["bound-number"] = book.add_format({"num_format": "#,##0.####", "font_color": _GREY})
        self.by_key["neutral"] = book.add_format({"font_color": _GREY, "italic": True})
        self.by_key["neutral-figure"] = book.add_format(
            {"font_color": _GREY, "italic": True, "num_format": '"-"'}
        )
        self.by_key["note"] = book.add_format(
            {**_TEXT, "italic": True, "font_color": "#404040", "text_wrap": True, "valign": "top"}
        )
        self.by_key["note-wide"] = book.add_format(
            {**_TEXT, "italic": True, "font_color": "#404040", "text_wrap": True, "valign": "top"}
        )

    def __getitem__(self, key: str) -> Any:
        return self.by_key[key]


def _level_text(card: Scorecard, grid: Grid | None, lang: str) -> str | None:
    scored = card.grid or grid
    level = None if scored is None else scored.level
    if level is None:
        return None
    words = dict(pair.split(":") for pair in _WORDS[lang]["levels"].split("|"))
    return words.get(level.value, level.value)


def _meta(ws: Any, card: Scorecard, grid: Grid | None, lang: str, fmt: _Formats) -> None:
    """The meta block above the header row (the results reader reads it back)."""
    w = _WORDS[lang]
    rows: list[tuple[str, object, str | None]] = [
        (w["grid"], card.grid_id, card.grid_label),
        (w["period"], card.period, None),
        (w["entity"], card.entity.id, None),
        (w["label"], entity_name(card), None),
    ]
    level = _level_text(card, grid, lang)
    if level is not None:
        rows.append((w["level"], level, None))
    for index, (key, value, extra) in enumerate(rows):
        ws.write_string(index, 0, key, fmt["meta"])
        if isinstance(value, int):
            ws.write_number(index, 1, value, fmt["meta-number"])
        else:
            ws.write_string(index, 1, xlsx_text(str(value)), fmt["text"])
        if extra is not None:
            ws.write_string(index, 2, xlsx_text(extra), fmt["text"])


def _write_input(ws: Any, row: Row, fmt: _Formats) -> None:
    """The input cell: a number, `oui`/`non`, a date, `-`, or empty (always unlocked)."""
    r, style = row.index - 1, fmt[f"in-{row.look.value}"]
    given = row.given
    if given is None:
        ws.write_blank(r, 2, None, style)
    elif isinstance(given, str):
        ws.write_string(r, 2, xlsx_text(given), style)
    elif isinstance(given, datetime.date):
        ws.write_datetime(r, 2, datetime.datetime.combine(given, datetime.time()), style)
    else:
        ws.write_number(r, 2, float(given), style)  # type: ignore[arg-type]


def _validate(ws: Any, row: Row, lang: str) -> None:
    """The input cell's data validation: its kind of value, or `-` (neutralised)."""
    cell = f"C{row.index}"
    w = _WORDS[lang]
    message = {"input_title": w["input_title"], "input_message": w["input"][:255]}
    if row.look is Look.YES_NO:
        words = [yes_word(lang, True), yes_word(lang, False), "-"]
        ws.data_validation(cell, {"validate": "list", "source": words, **message})
        return
    if row.look is Look.OPTIONAL:
        optional = {"input_title": w["input_title"], "input_message": w["optional"][:255]}
        ws.data_validation(cell, {"validate": "list", "source": ["-"], **optional})
        return
    if row.look is Look.SHARE:
        check = f'OR({cell}="-",AND(ISNUMBER({cell}),{cell}>=0,{cell}<=1))'
    elif row.look is Look.REFUSAL:
        check = f'OR({cell}="-",{cell}="refus",AND(ISNUMBER({cell}),{cell}>=0))'
    elif row.look in (Look.COUNT, Look.DATE):
        check = f'OR({cell}="-",AND(ISNUMBER({cell}),{cell}>=0))'
    else:
        check = f'OR({cell}="-",ISNUMBER({cell}))'
    ws.data_validation(cell, {"validate": "custom", "value": check, "ignore_blank": True, **message})


def _write_row(ws: Any, row: Row, fmt: _Formats, lang: str) -> None:
    r = row.index - 1
    bold = row.kind in (Kind.AXIS, Kind.TOTAL)
    if row.item:
        ws.write_string(r, 0, xlsx_text(row.item), fmt["id"])
    ws.write_string(r, 1, xlsx_text(row.label), fmt[f"label-{row.kind.value}{bold}"])
    if row.kind in (Kind.INDICATOR, Kind.OBJECTIVE):
        _write_input(ws, row, fmt)
        _validate(ws, row, lang)
    bound = "bound-share" if row.share else "bound-number"
    for column, value in ((3, row.floor), (4, row.target)):
        if value is not None:
            ws.write_number(r, column, float(value), fmt[bound])
    if row.comment:
        ws.write_string(r, 8, xlsx_text(row.comment), fmt["note"])
    if row.baseline is not None:
        ws.write_number(r, 9, float(row.baseline), fmt["bound-share" if row.share else "bound-number"])
    lines = row_lines(row)
    if lines > 1:  # XlsxWriter never fits a row's height to its wrapped text
        ws.set_row(r, 15 * lines)
    for letter, cell in row.cells.items():
        column = ord(letter) - ord("A")
        key = cell.look if cell.look in ("exact", "flag") else f"{cell.look}{bold}"
        ws.write_formula(r, column, cell.formula, fmt[key], cell.value)


def row_lines(row: Row) -> int:
    """About how many lines the row's wrapped label and comment take."""
    indent = {Kind.OBJECTIVE: 2, Kind.INDICATOR: 4}.get(row.kind, 0)
    label = -(-len(row.label) // (_LABEL_CHARS - indent))
    comment = -(-len(row.comment) // _COMMENT_CHARS)
    return max(1, label, comment)


def _entity_sheet(ws: Any, ctx: Context, fmt: _Formats, protect: bool) -> list[Row]:
    """One entity's simulator sheet; returns its rows (the comparison sheet refers to them)."""
    card, lang = ctx.card, ctx.lang
    _meta(ws, card, ctx.grid, lang, fmt)
    for column, word in enumerate(HEADERS[lang]):
        ws.write_string(HEADER_ROW - 1, column, word, fmt["header"])
    rows = SheetBuilder(ctx, HEADER_ROW).build()
    if any(row.baseline is not None for row in rows):
        ws.write_string(HEADER_ROW - 1, 9, BASELINE_HEADER[lang], fmt["header"])
    rows[-1] = Row(
        kind=Kind.TOTAL, index=rows[-1].index, item="", label=total_label(card, lang), cells=rows[-1].cells
    )
    for row in rows:
        _write_row(ws, row, fmt, lang)
    last = rows[-1].index
    # A neutralised row: grey italics, its rate and points shown "-".
    first = HEADER_ROW + 1
    criteria = f"=$L{first}=1"
    ws.conditional_format(
        f"F{first}:G{last - 1}", {"type": "formula", "criteria": criteria, "format": fmt["neutral-figure"]}
    )
    ws.conditional_format(
        f"A{first}:I{last - 1}", {"type": "formula", "criteria": criteria, "format": fmt["neutral"]}
    )
    _notes(ws, card, rows, lang, fmt)
    _page(ws, card, lang, protect)
    return rows


def _notes(ws: Any, card: Scorecard, rows: list[Row], lang: str, fmt: _Formats) -> None:
    """Below the total: the scale, the policy, the neutralisations, the entity's notes."""
    t = TEXT[lang]
    total = rows[-1].index
    r = total + 1  # 0-based: the row after the total, left empty
    line = scale_text(card, lang)
    if line is not None:
        r += 1
        kind = card.scale.kind
        places = card.rounding.rate_percent if kind is ScaleKind.PERCENT else card.rounding.points
        ws.write_string(r, 1, xlsx_text(line), fmt["note"])
        formula = presented(f"M{total}*{card.scale.out_of}", places)
        ws.write_formula(r, 6, formula, fmt[f"scale{places}"], float(card.scaled(card.on_scale)))
    colon = " : " if lang == "fr" else ": "
    policies = dict(pair.split(":") for pair in _WORDS[lang]["policies"].split("|"))
    notes = [f"{t['policy']}{colon}{policies[card.policy.value]}"]
    notes += [note_text(card, n, lang) for n in card.neutralisations]
    notes += entity_notes(card, lang)
    values = [row.label for row in rows if row.kind is Kind.INDICATOR and not row.live]
    if values:
        notes.append(_WORDS[lang]["value_note"].format(ids=", ".join(values)))
    for offset, note in enumerate(notes, start=r + 2):
        # Across the printed columns, wrapped: about 150 characters a line.
        ws.merge_range(offset, 1, offset, 8, xlsx_text(note), fmt["note-wide"])
        ws.set_row(offset, 15 * (1 + len(note) // 150))


def _header_text(text: str) -> str:
    """Text for a page header: `&` doubled (it starts a code there)."""
    return xlsx_text(text).replace("&", "&&")[:100]


def _page(ws: Any, card: Scorecard, lang: str, protect: bool) -> None:
    """Print setup, column widths, frozen panes, hidden helper columns, optional protection."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW - 1)
    ws.set_header(f"&L{_header_text(entity_name(card))}&R{_header_text(card.grid_label)} ({card.period})")
    ws.set_footer("&L" + _header_text(card.grid_id) + "&R&P / &N")
    ws.freeze_panes(HEADER_ROW, 2)
    for first, last, width in (
        (0, 0, 12),
        (1, 1, 62),
        (2, 2, 13),
        (3, 4, 10),
        (5, 5, 10),
        (6, 7, 12),
        (8, 8, 40),
        (9, 9, 11),
    ):
        ws.set_column(first, last, width)
    ws.set_column(10, 23, 12, None, {"hidden": True})
    ws.print_area(0, 0, 10_000, 9)
    if protect:
        ws.protect("", {"format_columns": True, "format_rows": True})


def _comparison_sheet(
    ws: Any,
    cards: Sequence[Scorecard],
    names: Sequence[str],
    layouts: Sequence[list[Row]],
    fmt: _Formats,
    lang: str,
) -> None:
    """Every entity side by side: each cell refers to an entity sheet's cell (its value cached)."""
    words = HEADERS[lang]
    header = [words[0], words[1]]
    for card in cards:
        name = entity_name(card)
        header += [f"{name} — {words[5]}", f"{name} — {words[6]}", f"{name} — {words[7]}"]
    for column, word in enumerate(header):
        ws.write_string(0, column, xlsx_text(word), fmt["header-text"])
    for index, row in enumerate(layouts[0]):
        r = index + 1
        bold = row.kind in (Kind.AXIS, Kind.TOTAL)
        if row.item:
            ws.write_string(r, 0, xlsx_text(row.item), fmt["id"])
        label = total_label(cards[0], lang) if row.kind is Kind.TOTAL else row.label
        ws.write_string(r, 1, xlsx_text(label), fmt[f"label-{row.kind.value}{bold}"])
        for c_index, (name, rows) in enumerate(zip(names, layouts, strict=True)):
            source = rows[index]
            for offset, letter in enumerate("FGH"):
                cell = source.cells[letter]
                key = f"{cell.look}{bold}"
                ref = f"={_quote(name)}!{letter}{source.index}"
                ws.write_formula(r, 2 + 3 * c_index + offset, ref, fmt[key], cell.value)
    ws.freeze_panes(1, 2)
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 50)
    ws.set_column(2, 1 + 3 * len(cards), 13)
    ws.set_landscape()
    ws.set_paper(9)
    ws.repeat_rows(0)
    if len(cards) > _WIDE_COMPARISON:
        # Too wide for one page: printed across pages, the ids and labels on each of them.
        ws.repeat_columns(0, 1)
        ws.set_print_scale(70)
    else:
        ws.fit_to_pages(1, 0)


def _check_arguments(
    cards: Sequence[Scorecard], grid: Grid | None, results: Sequence[Results] | None, protect: bool
) -> None:
    """TypeError or ValueError for a misused argument of `render_xlsx`, naming it."""
    if grid is not None:
        expect("grid", grid, Grid, "a Grid (from load_grid) or None")
    expect("protect", protect, bool, "True or False")
    if results is None:
        return
    if isinstance(results, (str, bytes, Results)) or not isinstance(results, Sequence):
        raise TypeError(
            f"results must be a sequence of Results (one per card) or None, got {describe(results)}"
        )
    for index, item in enumerate(results):
        expect(f"results[{index}]", item, Results, "a Results (from load_results)")
    if len(results) != len(cards):
        raise ValueError(f"results must give one Results per card ({len(cards)}), got {len(results)}")


def render_xlsx(
    cards: Sequence[Scorecard],
    lang: str = "fr",
    *,
    grid: Grid | None = None,
    results: Sequence[Results] | None = None,
    protect: bool = False,
) -> bytes:
    """The Excel workbook of one entity, or of several with a comparison sheet first: a live
    simulator (see the "Export" guide).

    Args:
        cards: The scorecards (one grid).
        lang: `fr` or `en`.
        grid: The grid they were scored on: each indicator's rate becomes its rule's formula
            (without it, rates are written as values; objectives, axes and total stay formulas).
        results: The results each card was scored from, in the same order (baselines and
            entities' own bounds bound in the rules; the input cells hold the results).
        protect: Protect the sheets (every cell but the results is then read-only).

    Returns:
        The workbook's bytes (the same cards give the same bytes).

    Raises:
        TypeError: `grid`, `results` or `protect` is of the wrong type.
        ValueError: `results` does not give one `Results` per card.
        MissingExtraError: XlsxWriter is not installed (install the `report` extra).
        CpgScoreError: The cards were not scored on the same grid.
    """
    _check_arguments(cards, grid, results, protect)
    xlsxwriter = optional("xlsxwriter", "the Excel export (xlsx)")
    check_same_grid(cards)
    t = TEXT[lang]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    book.set_properties({"author": "cpg-score", "created": datetime.datetime(*_FIXED_DATE)})
    fmt = _Formats(book, cards[0], lang)
    taken = {t["comparison"].lower()} if len(cards) > 1 else set()
    names = _sheet_names(cards, taken)
    comparison = book.add_worksheet(t["comparison"]) if len(cards) > 1 else None
    layouts: list[list[Row]] = []
    for index, (card, name) in enumerate(zip(cards, names, strict=True)):
        ctx = Context(card=card, grid=grid, results=None if results is None else results[index], lang=lang)
        layouts.append(_entity_sheet(book.add_worksheet(name), ctx, fmt, protect))
    if comparison is not None:
        _comparison_sheet(comparison, cards, names, layouts, fmt, lang)
    book.close()
    return _reproducible(buffer.getvalue())


#: The date written in the workbook's properties and zip entries: the same inputs give the same
#: bytes (as reproducible builds do with SOURCE_DATE_EPOCH, which is honoured when set).
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def _reproducible(data: bytes) -> bytes:
    """Rewrite the xlsx zip with fixed timestamps (entries and docProps/core.xml dates)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    stamp = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
        if epoch.isdigit()
        else datetime.datetime(*_FIXED_DATE, tzinfo=datetime.timezone.utc)
    )
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + iso.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()


__all__ = ["HEADERS", "render_xlsx"]
