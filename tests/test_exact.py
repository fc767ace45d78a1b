"""Exact means exact: every figure against an independent rational reference, written from the
docs' rules (docs/concepts/*.md) in `fractions.Fraction`, without the engine's helpers."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import given, settings
from hypothesis import strategies as st

from cpg_score import (
    Axis,
    BandsRule,
    BinaryRule,
    BlendRule,
    Direction,
    Edge,
    Entity,
    Grid,
    ImprovementRule,
    Indicator,
    LinearRule,
    Objective,
    Policy,
    RateRule,
    Results,
    ResultValue,
    Rounding,
    StepsRule,
    explain,
    load_grid,
    load_results,
    parse_number,
    render,
    round_half_up,
    score,
    score_many,
)
from cpg_score.errors import GridError
from cpg_score.model.rules import Rule

from .strategies import exact_cases

F0, F1 = Fraction(0), Fraction(1)

# ---------------------------------------------------------------------------------------------
# The reference scorer.


def _q(x: Decimal | Fraction | int) -> Fraction:
    return Fraction(x)


def _clamp(x: Fraction, top: Fraction = F1) -> Fraction:
    return min(max(x, F0), top)


def _direction(rule: Rule) -> Direction:
    if isinstance(rule, LinearRule):
        return Direction.HIGHER if rule.target > rule.floor else Direction.LOWER
    if isinstance(rule, (StepsRule, BinaryRule, BandsRule)):
        return rule.direction
    if isinstance(rule, ImprovementRule):
        return _direction(rule.base)
    if isinstance(rule, BlendRule):
        return _direction(rule.level)
    return Direction.HIGHER


def _target(rule: Rule) -> Fraction:
    if isinstance(rule, LinearRule):
        return _q(rule.target)
    if isinstance(rule, StepsRule):
        return _q(rule.steps[-1].threshold)
    if isinstance(rule, BinaryRule):
        return F1 if rule.threshold is None else _q(rule.threshold)
    if isinstance(rule, BandsRule):
        return _q(rule.bands[-1].start)
    return F1


def _better_or_equal(v: Fraction, t: Fraction, direction: Direction) -> bool:
    return v >= t if direction is Direction.HIGHER else v <= t


def ref_rate(rule: Rule, v: Fraction, baseline: Fraction | None) -> Fraction:
    """The achievement rate, from the rules table of docs/concepts."""
    if isinstance(rule, RateRule):
        return _clamp(v)
    if isinstance(rule, LinearRule):
        return _clamp((v - _q(rule.floor)) / (_q(rule.target) - _q(rule.floor)), _q(rule.cap))
    if isinstance(rule, StepsRule):
        rate = _q(rule.below)
        for step in rule.steps:
            if _better_or_equal(v, _q(step.threshold), rule.direction):
                rate = _q(step.rate)
        return rate
    if isinstance(rule, BinaryRule):
        if rule.threshold is None:
            return F1 if v >= 1 else F0
        return F1 if _better_or_equal(v, _q(rule.threshold), rule.direction) else F0
    if isinstance(rule, BandsRule):
        earned = _q(rule.below)
        for band in rule.bands:
            start = _q(band.start)
            inside = _better_or_equal(v, start, rule.direction) and (rule.edge is Edge.LOWER or v != start)
            if inside:
                earned = _q(band.rate)
        return earned / _q(rule.bands[-1].rate) if rule.points else earned
    if isinstance(rule, ImprovementRule):
        level = ref_rate(rule.base, v, None)
        goal = _q(rule.target) if rule.target is not None else _target(rule.base)
        if baseline is None or not (
            baseline < goal if _direction(rule.base) is Direction.HIGHER else baseline > goal
        ):
            return level
        return max(level, _clamp((v - baseline) / (goal - baseline)))
    assert isinstance(rule, BlendRule)
    progress = F0 if baseline is None else ref_rate(rule.progress, v - baseline, None)
    return _q(rule.level_weight) * ref_rate(rule.level, v, None) + _q(rule.progress_weight) * progress


def _value(r: ResultValue) -> Fraction:
    if r.value is not None:
        return _q(r.value)
    assert r.numerator is not None and r.denominator is not None
    return _q(r.numerator) / (_q(r.denominator) - _q(r.exclusions or 0))


def _indicator_out(i: Indicator, r: ResultValue | None) -> bool:
    if i.neutralised is not None or r is None or r.neutralised is not None:
        return True
    if i.min_volume is None:
        return False
    volume = r.volume if r.volume is not None else None
    if volume is None and r.denominator is not None:
        volume = r.denominator - (r.exclusions or 0)
    return volume is not None and volume < i.min_volume


def _objective_out(o: Objective, results: dict[str, ResultValue]) -> bool:
    r = results.get(o.id)
    if o.neutralised is not None or (r is not None and r.neutralised is not None):
        return True
    return bool(o.indicators) and all(_indicator_out(i, results.get(i.id)) for i in o.indicators)


def ref_maxima(grid: Grid, out: set[str]) -> dict[str, Fraction]:
    """The points each objective can earn after the policy (docs: "Neutralisation")."""
    maxima = {o.id: _q(o.points) for a in grid.axes for o in a.objectives}
    if grid.policy is Policy.ZERO:
        return maxima
    for oid in out:
        maxima[oid] = F0
    if grid.policy is Policy.EXCLUDE:
        return maxima
    everywhere = [o for a in grid.axes for o in a.objectives if o.id not in out and o.points > 0]
    for axis in grid.axes:
        takers = [o for o in axis.objectives if o.id not in out and o.points > 0] or everywhere
        weight = sum((_q(o.points) for o in takers), F0)
        for o in axis.objectives:
            if o.id in out and takers:
                for taker in takers:
                    maxima[taker.id] += _q(o.points) * _q(taker.points) / weight
    return maxima


def reference(grid: Grid, results: Results) -> dict[str, Fraction]:
    """Every figure by key: `<id>.points`, `.max`, `.rate`, `.bonus`; axes and `total` too."""
    by_id = {v.id: v for v in results.values}
    out = {o.id for a in grid.axes for o in a.objectives if _objective_out(o, by_id)}
    maxima = ref_maxima(grid, out)
    figures: dict[str, Fraction] = {}
    for axis in grid.axes:
        for o in axis.objectives:
            figures.update(_ref_objective(grid.policy, o, by_id, maxima[o.id], o.id in out))
        figures[f"{axis.id}.points"] = sum((figures[f"{o.id}.points"] for o in axis.objectives), F0)
        figures[f"{axis.id}.max"] = sum((maxima[o.id] for o in axis.objectives), F0)
    figures["total.points"] = sum((figures[f"{a.id}.points"] for a in grid.axes), F0)
    figures["total.max"] = sum((figures[f"{a.id}.max"] for a in grid.axes), F0)
    for key in ["total", *(a.id for a in grid.axes)]:
        maximum = figures[f"{key}.max"]
        figures[f"{key}.rate"] = figures[f"{key}.points"] / maximum if maximum else F0
    return figures


def _ref_objective(
    policy: Policy, o: Objective, by_id: dict[str, ResultValue], maximum: Fraction, out: bool
) -> dict[str, Fraction]:
    f: dict[str, Fraction] = {f"{o.id}.max": maximum, f"{o.id}.bonus": F0}
    if out:  # nothing earned, by the objective nor by any of its indicators
        f[f"{o.id}.points"] = f[f"{o.id}.rate"] = F0
        f.update({f"{i.id}.{k}": F0 for i in o.indicators for k in ("points", "max", "rate", "bonus")})
        return f
    if not o.indicators:
        f[f"{o.id}.rate"] = _clamp(_value(by_id[o.id]))
        f[f"{o.id}.points"] = maximum * f[f"{o.id}.rate"]
        return f
    rates: dict[str, Fraction] = {}
    weights: dict[str, Fraction] = {}
    for i in o.indicators:
        r = by_id.get(i.id)
        if _indicator_out(i, r):
            rates[i.id], weights[i.id] = F0, (_q(i.weight) if policy is Policy.ZERO else F0)
        else:
            assert r is not None
            # The entity's baseline, else one the rule was built with (API only).
            given_baseline = r.baseline if r.baseline is not None else getattr(i.rule, "baseline", None)
            baseline = None if given_baseline is None else _q(given_baseline)
            rates[i.id], weights[i.id] = ref_rate(i.rule, _value(r), baseline), _q(i.weight)
    total = sum(weights.values(), F0)
    share = {iid: (maximum * w / total if total else F0) for iid, w in weights.items()}
    excess = {iid: share[iid] * (rate - 1) for iid, rate in rates.items() if rate > 1}
    ceiling = _q(o.bonus) if maximum > 0 else F0
    if sum(excess.values(), F0) > ceiling:
        over = sum(excess.values(), F0)
        excess = {iid: ceiling * e / over for iid, e in excess.items()}
    for iid, rate in rates.items():
        f[f"{iid}.rate"], f[f"{iid}.max"] = rate, share[iid]
        f[f"{iid}.points"] = share[iid] * min(rate, F1)
        f[f"{iid}.bonus"] = excess.get(iid, F0)
    f[f"{o.id}.bonus"] = sum(excess.values(), F0)
    base = sum((f[f"{iid}.points"] for iid in rates), F0)
    f[f"{o.id}.points"] = base + f[f"{o.id}.bonus"]
    f[f"{o.id}.rate"] = sum((weights[i] * min(rates[i], F1) for i in rates), F0) / total if total else F0
    return f


def figures_of(grid: Grid, results: Results) -> dict[str, Fraction]:
    """The engine's figures, keyed like the reference's."""
    card = score(grid, results)
    f: dict[str, Fraction] = {
        "total.points": card.total.points,
        "total.max": card.total.max,
        "total.rate": card.total.rate,
    }
    for axis in card.axes:
        f.update({f"{axis.id}.points": axis.points, f"{axis.id}.max": axis.max, f"{axis.id}.rate": axis.rate})
        for o in axis.objectives:
            f.update({f"{o.id}.{k}": getattr(o, k) for k in ("points", "max", "rate", "bonus")})
            for i in o.indicators:
                f[f"{i.id}.rate"], f[f"{i.id}.max"], f[f"{i.id}.bonus"] = i.rate, i.max, i.bonus
                f[f"{i.id}.points"] = i.points
    return f


def half_up(x: Fraction, places: int) -> Decimal:
    """Round half up, independently: floor(|x| x 10^p + 1/2) with the sign put back."""
    scaled = abs(x) * 10**places
    whole = (scaled + Fraction(1, 2)).__floor__()
    return Decimal(-whole if x < 0 and whole else whole).scaleb(-places)


# ---------------------------------------------------------------------------------------------
# Properties against the reference.


@settings(max_examples=150, deadline=None)
@given(exact_cases())
def test_every_figure_equals_the_rational_reference(case: tuple[Grid, Results]) -> None:
    grid, results = case
    assert reference(grid, results) == figures_of(grid, results)


@settings(max_examples=100, deadline=None)
@given(exact_cases())
def test_printed_figures_are_the_reference_rounded_half_up_once(case: tuple[Grid, Results]) -> None:
    grid, results = case
    ref = reference(grid, results)
    places, percent = grid.rounding.points, grid.rounding.rate_percent
    data = score(grid, results).to_dict()
    expected = {
        "total": (str(half_up(ref["total.points"], places)), str(half_up(ref["total.rate"] * 100, percent))),
        **{
            a["id"]: (
                str(half_up(ref[a["id"] + ".points"], places)),
                str(half_up(ref[a["id"] + ".rate"] * 100, percent)),
            )
            for a in data["axes"]
        },
        **{o["id"]: (str(half_up(ref[o["id"] + ".points"], places)), None) for o in data["objectives"]},
    }
    actual = {
        "total": (data["total"]["points"], data["total"]["rate_percent"]),
        **{a["id"]: (a["points"], a["rate_percent"]) for a in data["axes"]},
        **{o["id"]: (o["points"], None) for o in data["objectives"]},
    }
    assert expected == actual


@settings(max_examples=100, deadline=None)
@given(exact_cases())
def test_the_exact_json_figures_are_exact_or_60_correct_digits(case: tuple[Grid, Results]) -> None:
    grid, results = case
    data = score(grid, results).to_dict()
    ref = reference(grid, results)
    for o in data["objectives"]:
        value, text = ref[o["id"] + ".points"], o["exact"]["points"]
        error = abs(Fraction(text) - value)
        assert error == 0 or error <= abs(value) / 10**59, (text, value)
        assert not text.startswith("-")


@settings(max_examples=100, deadline=None)
@given(exact_cases())
def test_parts_add_up_to_the_whole_exactly(case: tuple[Grid, Results]) -> None:
    card = score(*case)
    assert card.total.points == sum((a.points for a in card.axes), F0)
    assert card.total.max == sum((a.max for a in card.axes), F0)
    for axis in card.axes:
        assert axis.points == sum((o.points for o in axis.objectives), F0)
        for o in axis.objectives:
            if o.indicators and not o.neutralised:
                assert o.points == sum((i.points + i.bonus for i in o.indicators), F0)
                if any(i.weight for i in o.indicators):  # else no indicator counts: shares of 0
                    assert o.max == sum((i.max for i in o.indicators), F0)


@settings(max_examples=50, deadline=None)
@given(exact_cases(), st.randoms(use_true_random=False))
def test_the_order_of_axes_objectives_and_indicators_changes_nothing(case: tuple[Grid, Results], rnd) -> None:  # type: ignore[no-untyped-def]
    grid, results = case
    axes = []
    for axis in grid.axes:
        objectives = [
            evolve(o, indicators=rnd.sample(o.indicators, len(o.indicators))) for o in axis.objectives
        ]
        axes.append(evolve(axis, objectives=rnd.sample(objectives, len(objectives))))
    shuffled = evolve(grid, axes=rnd.sample(axes, len(axes)))
    values = evolve(results, values=rnd.sample(results.values, len(results.values)))
    assert figures_of(grid, results) == figures_of(shuffled, values)


_NEGATIVE_ZERO = re.compile(r"(?<![\w.,])-0+(?:[.,]0+)?(?![\d.,]*[1-9])")


@settings(max_examples=20, deadline=None)
@given(exact_cases())
def test_no_negative_zero_in_any_rendered_format(case: tuple[Grid, Results]) -> None:
    grid, results = case
    card = score(grid, results)
    for fmt in ("table", "markdown", "csv", "json", "html"):
        for lang in ("fr", "en"):
            assert _NEGATIVE_ZERO.search(render(card, fmt, lang)) is None, (fmt, lang)
    for item in grid.scored_ids():
        found = grid.locate(item)
        if found is not None and found[1].id in {o.id for o in card.objectives if not o.neutralised}:
            text = explain(grid, results, item)
            assert _NEGATIVE_ZERO.search(render(text, "table", "en") + text.to_json()) is None


# ---------------------------------------------------------------------------------------------
# The cases of the issue.


def _thirds(rates: list[str], policy: Policy = Policy.ZERO) -> tuple[Grid, Results]:
    """One objective of 100 points, three indicators of equal weight and `rate` rules."""
    indicators = [Indicator(id=f"i{n}", label=f"I{n}", rule=RateRule(), weight=Decimal(1)) for n in range(3)]
    grid = Grid(
        id="g",
        label="G",
        period=2019,
        total_points=Decimal(100),
        axes=[Axis("a", "A", [Objective(id="o", label="O", points=Decimal(100), indicators=indicators)])],
        policy=policy,
    )
    values = [ResultValue(id=f"i{n}", value=Decimal(r)) for n, r in enumerate(rates)]
    return grid, Results(entity=Entity("e"), grid="g", period=2019, values=values)


def test_three_equal_weights_with_rates_summing_to_1_50015_print_50_01() -> None:
    card = score(*_thirds(["0.50005", "0.5", "0.5001"]))
    assert (Fraction("50.005"), Decimal("50.01")) == (card.total.points, card.points(card.total.points))


def test_three_equal_weights_give_the_exact_json_50_005() -> None:
    data = score(*_thirds(["0.50005", "0.5", "0.5001"])).to_dict()
    assert ("50.005", "50.01") == (data["total"]["exact"]["points"], data["total"]["points"])


def _redistributed() -> tuple[Grid, Results]:
    """An axis of 100 points (three objectives of 100 / 3 after redistribution) and one of 50."""
    objectives = [Objective(id=f"o{n}", label=f"O{n}", points=Decimal(25)) for n in range(4)]
    grid = Grid(
        id="g",
        label="G",
        period=2019,
        total_points=Decimal(150),
        axes=[Axis("a", "A", objectives), Axis("b", "B", [Objective(id="p", label="P", points=Decimal(50))])],
        policy=Policy.REDISTRIBUTE,
    )
    # 100/3 x 0.48015 = 16.005; 100/3 x 0.53985 = 17.995; 100/3 x 0.96015 = 32.005; 50 x 0.9022 = 45.11
    values = [
        ResultValue(id="o0", value=Decimal("0.48015")),
        ResultValue(id="o1", value=Decimal("0.53985")),
        ResultValue(id="o2", value=Decimal("0.96015")),
        ResultValue(id="o3", neutralised="-"),
        ResultValue(id="p", value=Decimal("0.9022")),
    ]
    return grid, Results(entity=Entity("e"), grid="g", period=2019, values=values)


def test_redistributed_maxima_of_a_third_print_every_half_cent_up() -> None:
    card = score(*_redistributed())
    o0, o1 = card.objectives[:2]
    axis, total = card.axes[0], card.total
    printed = [card.points(x) for x in (o0.points, o1.points, axis.points, total.points)]
    assert [Decimal("16.01"), Decimal("18.00"), Decimal("66.01"), Decimal("111.12")] == printed
    assert [Fraction("16.005"), Fraction("17.995"), Fraction("66.005"), Fraction("111.115")] == [
        o0.points,
        o1.points,
        axis.points,
        total.points,
    ]


def _on_floor() -> tuple[Grid, Results]:
    rule = LinearRule(floor=Decimal(30), target=Decimal(10))  # lower is better
    indicator = Indicator(id="delai", label="Délai", rule=rule, weight=Decimal(1))
    grid = Grid(
        id="g",
        label="G",
        period=2019,
        total_points=Decimal(10),
        axes=[Axis("a", "A", [Objective(id="o", label="O", points=Decimal(10), indicators=[indicator])])],
    )
    return grid, Results(
        entity=Entity("e"), grid="g", period=2019, values=[ResultValue(id="delai", value=Decimal(30))]
    )


def test_a_lower_is_better_rule_on_its_floor_prints_zero_not_minus_zero() -> None:
    grid, results = _on_floor()
    card = score(grid, results)
    i = card.indicators[0]
    assert ("0.00", "0.00") == (str(card.points(i.points)), str(card.percent(i.rate)))


def test_a_lower_is_better_rule_on_its_floor_explains_zero_not_minus_zero() -> None:
    text = render(explain(*_on_floor(), "delai"), "table", "en")
    assert "-0" not in text


def test_a_lower_is_better_rule_on_its_floor_gives_json_zero() -> None:
    data = score(*_on_floor()).to_dict()["objectives"][0]["indicators"][0]
    assert ("0", "0", "0.00", "0.00") == (
        data["exact"]["rate"],
        data["exact"]["points"],
        data["points"],
        data["rate_percent"],
    )


def test_a_ratio_result_is_scored_from_its_exact_fraction() -> None:
    grid, _ = _thirds(["0", "0", "0"])
    values = [ResultValue(id=f"i{n}", numerator=Decimal(1), denominator=Decimal(3)) for n in range(3)]
    card = score(grid, Results(entity=Entity("e"), grid="g", period=2019, values=values))
    assert Fraction(100, 3) == card.total.points


def test_a_figure_that_does_not_terminate_has_60_significant_digits_in_json() -> None:
    grid, _ = _thirds(["0", "0", "0"])
    values = [ResultValue(id=f"i{n}", numerator=Decimal(1), denominator=Decimal(3)) for n in range(3)]
    text = score(grid, Results(entity=Entity("e"), grid="g", period=2019, values=values)).to_dict()["total"][
        "exact"
    ]["points"]
    assert "33." + "3" * 58 == text


# ---------------------------------------------------------------------------------------------
# The range of numbers.


@pytest.mark.parametrize(
    "text",
    [
        "1e15",
        "-1e15",
        "1e998",
        "1e-999",
        "10000000000000000000000000000",
        "0.0000000000000000000000000000001",
    ],
)
def test_a_number_outside_the_range_is_refused_with_the_range_in_the_message(text: str) -> None:
    with pytest.raises(ValueError, match=r"^number out of range") as caught:
        parse_number(text)
    expected = (
        f"number out of range: {text} (numbers must be below 1e15 in size, with at most 30 decimal places)"
    )
    assert expected == str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "999999999999999.999",
        "1e-30",
        "0.000000000000000000000000000001 %",
        "1.000000000000000000000000000000000",
    ],
)
def test_a_number_inside_the_range_is_read(text: str) -> None:
    assert parse_number(text).value == Decimal(text.removesuffix(" %")) / (100 if "%" in text else 1)


@pytest.mark.parametrize(("text", "char"), [("٥٠ %", "٥"), ("１００", "１")])
def test_a_non_ascii_digit_is_refused_naming_it(text: str, char: str) -> None:
    with pytest.raises(ValueError, match=r"^non-ASCII digit") as caught:
        parse_number(text)
    expected = f"non-ASCII digit {char!r} (U+{ord(char):04X}) in number {text!r}: write digits 0-9"
    assert expected == str(caught.value)


def test_a_grid_with_points_out_of_range_is_refused_with_its_location(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        "id: g\nlabel: G\nperiod: 2019\ntotal_points: 10000000000000000000000000000\naxes:\n"
        "  - id: a\n    label: A\n    objectives:\n"
        "      - {id: o, label: O, points: 10000000000000000000000000000}\n",
        encoding="utf-8",
    )
    with pytest.raises(GridError) as caught:
        load_grid(path)
    assert "number out of range: 10000000000000000000000000000" in str(caught.value)
    assert str(caught.value).startswith(f"{path}:4:")


# ---------------------------------------------------------------------------------------------
# Argument checks of the public API.


def test_score_with_two_paths_names_the_grid_argument() -> None:
    with pytest.raises(TypeError, match=r"^grid must be a Grid \(from load_grid\), got PosixPath"):
        score(Path("g.yaml"), Path("r.yaml"))  # type: ignore[arg-type]


def test_score_without_results_names_the_results_argument() -> None:
    grid, _ = _thirds(["0", "0", "0"])
    with pytest.raises(
        TypeError, match=r"^results must be a Results \(from load_results\), got NoneType None"
    ):
        score(grid, None)  # type: ignore[arg-type]


def test_score_many_with_one_results_names_the_argument() -> None:
    grid, results = _thirds(["0", "0", "0"])
    with pytest.raises(TypeError, match=r"^many must be an iterable of Results"):
        score_many(grid, results)  # type: ignore[arg-type]


def test_explain_with_a_number_id_names_the_argument() -> None:
    grid, results = _thirds(["0", "0", "0"])
    with pytest.raises(TypeError, match=r"^item_id must be"):
        explain(grid, results, 3)  # type: ignore[arg-type]


def test_parse_number_of_a_float_names_the_argument() -> None:
    with pytest.raises(TypeError, match=r"^text must be a str \(the text of a number\), got float 0.1"):
        parse_number(0.1)  # type: ignore[arg-type]


def test_round_half_up_of_a_float_names_the_argument() -> None:
    with pytest.raises(TypeError, match=r"^value must be an exact number"):
        round_half_up(0.1, 2)  # type: ignore[arg-type]


def test_round_half_up_with_float_places_names_the_argument() -> None:
    with pytest.raises(TypeError, match=r"^places must be a whole number"):
        round_half_up(Decimal(1), 2.0)  # type: ignore[arg-type]


def test_an_objective_refuses_float_points_at_construction() -> None:
    with pytest.raises(TypeError, match=r"^points must be an exact number"):
        Objective(id="o", label="O", points=0.1)  # type: ignore[arg-type]


def test_an_indicator_refuses_a_float_weight_at_construction() -> None:
    with pytest.raises(TypeError, match=r"^weight must be an exact number"):
        Indicator(id="i", label="I", rule=RateRule(), weight=0.5)  # type: ignore[arg-type]


def test_a_result_refuses_a_float_value_at_construction() -> None:
    with pytest.raises(TypeError, match=r"^value must be an exact number"):
        ResultValue(id="i", value=0.5)  # type: ignore[arg-type]


def test_a_grid_refuses_float_total_points_at_construction() -> None:
    with pytest.raises(TypeError, match=r"^total_points must be an exact number"):
        Grid(id="g", label="G", period=2019, total_points=0.0, axes=[])  # type: ignore[arg-type]


def test_a_linear_rule_refuses_a_float_floor_at_construction() -> None:
    with pytest.raises(TypeError, match=r"^floor must be an exact number"):
        LinearRule(0.5, Decimal(1))  # type: ignore[arg-type]


def test_rounding_refuses_float_decimals_at_construction() -> None:
    with pytest.raises(TypeError, match=r"^points must be a whole number of decimals"):
        Rounding(2.0)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Lookups in constant time.


def test_the_grid_locates_an_indicator_by_id() -> None:
    grid, _ = _thirds(["0", "0", "0"])
    found = grid.locate("i1")
    assert found is not None and ("a", "o", "i1") == (
        found[0].id,
        found[1].id,
        found[2].id if found[2] else None,
    )


def test_results_given_twice_are_named_once_each() -> None:
    values = [ResultValue(id=i, value=Decimal(0)) for i in ("b", "a", "b", "a", "b")]
    with pytest.raises(ValueError, match=r"^results given twice for a, b$"):
        Results(entity=Entity("e"), grid="g", period=2019, values=values)


def test_the_shipped_example_still_scores_776_50() -> None:
    root = Path(__file__).resolve().parents[1]
    grid = load_grid(root / "objectives" / "cpg-2019-drsm.yaml")
    card = score(
        grid, load_results(root / "objectives" / "results" / "2019" / "drsm-centre-ouest.yaml", grid)
    )
    assert (Fraction("776.49915"), Decimal("776.50")) == (card.total.points, card.points(card.total.points))


def test_minus_zero_written_in_a_file_is_read_as_zero() -> None:
    assert ("0.00", False) == (str(parse_number("-0.00").value), parse_number("-0.00").value.is_signed())
