"""Pieces written once and shared: the start of every reader, the reading-limit options, the
English effect templates, the closed sets of words."""

from __future__ import annotations

import argparse

import pytest

from cpg_score import Limits
from cpg_score._words import Words
from cpg_score.cli._options import _add_limits, limits_from
from cpg_score.errors import ProblemCode, SpecError, TreeError
from cpg_score.io.kind import FileKind
from cpg_score.io.reader import parse_mapping
from cpg_score.model.scorecard import EFFECT_WORDS, Outcome
from cpg_score.model.spec import DistributionKind


def test_parse_mapping_returns_the_reader_and_the_top_level_mapping() -> None:
    reader, mapping = parse_mapping("id: a\nlabel: b\n", None, TreeError, ["id"], ["label"])

    assert ["id", "label"] == [key.text for key, _ in mapping.entries]
    assert [] == reader.problems


def test_parse_mapping_raises_the_given_error_when_the_top_level_is_not_a_mapping() -> None:
    with pytest.raises(SpecError) as error:
        parse_mapping("- a\n- b\n", None, SpecError, [], ["indicators"])

    assert [ProblemCode.WRONG_TYPE] == [p.code for p in error.value.problems]


def test_parse_mapping_keeps_a_missing_key_among_the_reader_problems() -> None:
    reader, _ = parse_mapping("label: b\n", None, TreeError, ["id"], ["label"])

    assert [ProblemCode.MISSING_KEY] == [p.code for p in reader.problems]


def test_the_limit_options_read_back_as_the_limits_given() -> None:
    parser = argparse.ArgumentParser()
    _add_limits(parser)

    args = parser.parse_args(["--max-bytes", "100", "--max-nodes", "200", "--max-depth", "3"])

    assert Limits(max_bytes=100, max_nodes=200, max_depth=3) == limits_from(args)


def test_the_limit_options_default_to_the_default_limits() -> None:
    parser = argparse.ArgumentParser()
    _add_limits(parser)

    assert Limits() == limits_from(parser.parse_args([]))


def test_every_outcome_has_english_effect_words() -> None:
    assert {o.value for o in Outcome} == set(EFFECT_WORDS)


@pytest.mark.parametrize("kind", [ProblemCode, FileKind, DistributionKind])
def test_the_closed_sets_of_words_print_as_their_values(kind: type[Words]) -> None:
    assert [m.value for m in kind] == [str(m) for m in kind]
