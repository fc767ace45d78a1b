"""`python -m cpg_score.cli`."""

from cpg_score.cli import _entry

_entry()
