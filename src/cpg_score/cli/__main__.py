"""`python -m cpg_score.cli`."""

from cpg_score.cli._main import entry

entry()
