"""The `cpg-score` command line.

Exit codes: 0 success, 2 invalid input or an output that cannot be written (the message on
standard error, one problem a line, no traceback), 1 unexpected failure (a bug). Set
`CPG_SCORE_DEBUG=1` to see the traceback of an unexpected failure.

One module per command (`_score`, `_validate`, `_whatif`...), each describing itself with a
`Command` record; the options they share are declared once in `_options`; `_main` builds the
parser from those records and runs a command.
"""

from __future__ import annotations

from cpg_score.cli._main import build_parser, main

__all__ = ["build_parser", "main"]
