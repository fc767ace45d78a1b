"""Closed sets are enums whose members keep their words in files, JSON and text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cpg_score.model.series import Series, SeriesKind
from cpg_score.model.tree import Weight, WeightBy


def test_a_weight_by_volume_is_the_enum_member() -> None:
    assert WeightBy.VOLUME is Weight("x", "volume").by


def test_a_weight_by_figure_prints_its_word() -> None:
    assert "figure" == str(Weight("x", WeightBy.FIGURE, "population").by)


def test_an_unknown_weight_names_the_value() -> None:
    with pytest.raises(ValueError, match="a weight is `volume` or a figure, got 'mass'"):
        Weight("x", "mass")


def test_a_series_kind_is_the_enum_member() -> None:
    assert SeriesKind.RATE is Series(id="x", kind="rate", values=[Decimal("0.5")]).kind


def test_an_unknown_series_kind_names_the_value() -> None:
    with pytest.raises(ValueError, match="kind must be cumulative, rate or fraction, got 'sum'"):
        Series(id="x", kind="sum", values=[Decimal(1)])
