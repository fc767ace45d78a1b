"""How the commands write what they computed: a result rendered by the render layer, in the
format and language asked, to `--output` (atomically) or standard output.

Scorecards (`score`, `compare`) also take `--color auto|always|never`. Colour is used only in
the terminal table, and in `auto` mode only when standard output is a terminal, `NO_COLOR` is
unset (or empty) — unless `FORCE_COLOR` is set to something other than `0`. A binary format
(`xlsx`) needs `--output`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from cpg_score._safe_text import terminal_text
from cpg_score.errors import CpgScoreError
from cpg_score.io.output import emit, output_target, write_atomic, write_stdout
from cpg_score.model import Grid, Results, Scorecard
from cpg_score.reports import BINARY_FORMATS, render, render_bytes, render_compare

__all__ = ["emit_report", "emit_result", "use_color"]


def use_color(mode: str, stream: TextIO, environ: Any = None) -> bool:
    """Whether to colour output written to `stream` (see the module's docstring for the rule)."""
    env = os.environ if environ is None else environ
    if mode == "always":
        return True
    if mode == "never":
        return False
    force = env.get("FORCE_COLOR")
    if force is not None and force not in ("", "0"):
        return True
    if env.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def emit_report(
    cards: Sequence[Scorecard],
    args: argparse.Namespace,
    inputs: Sequence[str],
    *,
    grid: Grid | None = None,
    results: Sequence[Results] | None = None,
) -> int:
    """Write the report of `cards` as `args` say: format, language, file or standard output, colour.

    `grid` and `results` (what the cards were scored from) make the xlsx workbook a live simulator.
    """
    fmt: str = args.format
    lang: str = args.lang
    output: str | None = args.output
    to_stdout = output is None or output == "-"
    if not to_stdout:
        output_target(str(output))  # refuse a device or a pipe before the work, not after
    if fmt in BINARY_FORMATS:
        if to_stdout:
            raise CpgScoreError(
                f"--format {fmt} writes a binary file: give --output FILE (e.g. -o report.{fmt})"
            )
        write_atomic(str(output), render_bytes(cards, fmt, lang, grid=grid, results=results), inputs)
        return 0
    if to_stdout:
        color = fmt == "table" and use_color(getattr(args, "color", "never"), sys.stdout)
        write_stdout(render_compare(cards, fmt, lang, color=color))
    else:
        color = fmt == "table" and getattr(args, "color", "never") == "always"
        write_atomic(str(output), render_compare(cards, fmt, lang, color=color), inputs)
    return 0


def emit_result(
    result: object, args: argparse.Namespace, inputs: Sequence[str], *, lang: str, plain: bool = False
) -> None:
    """Render a result (not a scorecard) as `args.format` in `lang` and write it to `args.output`.

    Args:
        result: A result kind of the render layer (a `Plan`, an `Explanation`...).
        args: The parsed arguments (`format`, `output`).
        inputs: The files read (an output never replaces one of them).
        lang: The language.
        plain: The command's `text` format is the render layer's `table`, its control
            characters escaped (labels come from the inputs: shown, never obeyed).
    """
    fmt: str = args.format
    if plain and fmt == "text":
        text = terminal_text(render(result, "table", lang))
    else:
        text = render(result, fmt, lang)
    emit(text, args.output, list(inputs))
