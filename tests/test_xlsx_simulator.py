"""The simulator workbook recalculated by a real spreadsheet engine (LibreOffice, headless).

Every workbook of this module is recalculated in ONE soffice run (a module fixture): the 2019
golden entities, generated grids with every rule type under every policy (neutralised rows,
bonus, exclude and redistribute), and copies where a pilot changed an input cell. Each formula
cell must recalculate to its cached value, which is cpg-score's own figure.
"""

from __future__ import annotations

import datetime
import io
import os
import subprocess
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpg_score import Grid, Policy, Results, Scorecard, load_grid, load_results, score
from cpg_score.model.grid import ResultValue, Rounding
from cpg_score.reports import render_xlsx

from . import _calc
from .conftest import DATA, OBJECTIVES, RESULTS_2019
from .strategies import _EVERY_OPTION, ALL_RULES_GRIDS, ALL_RULES_RESULTS, EVERY_KIND, grids, pairs, rules

#: Grids with every rule type, several axes, direct objectives, bonus ceilings, neutralised
#: items and presentation roundings.
SHAPE = evolve(
    ALL_RULES_GRIDS,
    axes=(1, 3),
    objectives=(1, 3),
    members=(0, 2),
    direct=True,
    bonuses=st.sampled_from([Decimal(0), Decimal(0), Decimal(5)]),
    neutralised=st.sampled_from([None, None, None, "n"]),
    rounding=st.sampled_from(
        [Rounding(), Rounding(points=0, rate_percent=1), Rounding(points=3, rate_percent=3)]
    ),
)

#: Results for every rule, one in four neutralised (`-`), some written as fractions.
RESULTS = evolve(ALL_RULES_RESULTS, forms=("neutralised", "value", "value", "fraction"))

pytest.importorskip("xlsxwriter")
openpyxl = pytest.importorskip("openpyxl")
SOFFICE = _calc.require_soffice()

ENTITIES = ("drsm-centre-ouest", "drsm-aquitaine")
#: Generated cases per rule type and policy.
PER_KIND = 2

Values = dict[str, dict[str, object]]


def _recalculate_many(books: list[bytes]) -> list[Values]:
    """Every workbook recalculated by LibreOffice in one soffice run (see `_calc.convert`)."""
    profile = _calc._profile()
    with tempfile.TemporaryDirectory(prefix="cpg-xlsx-") as work:
        source, out = Path(work) / "in", Path(work) / "out"
        source.mkdir()
        paths = []
        for index, data in enumerate(books):
            path = source / f"book{index}.xlsx"
            path.write_bytes(data)
            paths.append(str(path))
        command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
        command += ["--nolockcheck", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out)]
        env = {**os.environ, "HOME": str(profile)}
        subprocess.run([*command, *paths], capture_output=True, timeout=600, env=env, check=True)
        return [_values((out / f"book{index}.xlsx").read_bytes()) for index in range(len(books))]


def _values(data: bytes) -> Values:
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    return {
        ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row} for ws in book.worksheets
    }


def _formulas(data: bytes) -> dict[str, dict[str, str]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {
        ws.title: {
            c.coordinate: c.value
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, str) and c.value.startswith("=")
        }
        for ws in book.worksheets
    }


def _generated() -> list[tuple[Grid, Results]]:
    """Seeded generated cases: every rule type, every policy."""
    cases: list[tuple[Grid, Results]] = []
    for kind, policy in ((k, p) for k in EVERY_KIND for p in Policy):
        shape = evolve(SHAPE, rules=rules((kind,), **_EVERY_OPTION))

        @settings(
            max_examples=PER_KIND,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=pairs(grids(policy, shape=shape), RESULTS))
        def collect(case: tuple[Grid, Results]) -> None:
            cases.append(case)

        collect()
    return cases


#: A small grid with what generated results rarely give: a delivery date, yes/no words, a bonus
#: earned above a cap, a volume below the minimum, a neutralised objective and direct objectives.
PILOT_GRID = """
id: desk-simulateur
label: "Grille du simulateur"
period: 2017
total_points: 400
policy: {neutralisation: POLICY}
axes:
  - id: a1
    label: "Axe 1"
    objectives:
      - id: lancement
        label: "Lancement"
        points: 100
        indicators:
          - id: date-lancement
            label: "Lancement avant fin juin"
            unit: number
            rule: {type: delay, due: "2017-06-30", step: "10 %", months: started}
          - id: conformite
            label: "Conformité"
            rule: {type: binary}
          - id: volume
            label: "Dossiers traités"
            min_volume: 30
            rule: {type: linear, floor: 50 %, target: 90 %}
      - id: bonus
        label: "Avec bonus"
        points: 100
        bonus: 20
        indicators:
          - id: taux
            label: "Taux"
            rule: {type: linear, floor: 80 %, target: 90 %, cap: 120 %}
          - id: autre
            label: "Autre"
            weight: 2
            rule: {type: linear, floor: 80 %, target: 90 %, cap: 120 %}
  - id: a2
    label: "Axe 2"
    objectives:
      - id: direct-1
        label: "Direct 1"
        points: 50
      - id: direct-2
        label: "Direct 2"
        points: 50
  - id: a3
    label: "Axe 3"
    objectives:
      - id: seul
        label: "Seul de son axe"
        points: 100
"""
PILOT_RESULTS = """
entity: {id: pilote, label: "Caisse pilote"}
grid: desk-simulateur
period: 2017
results:
  date-lancement: 2017-08-12
  conformite: oui
  volume: {numerator: 20, denominator: 25}
  taux: 99 %
  autre: 95 %
  direct-1: 80 %
  direct-2: "-"
  seul: "-"
"""


ILLUSTRATIVE = OBJECTIVES / "results" / "illustrative"


def _review_case(
    stem: str, change: tuple[str, str] | None = None, edits: dict[str, object] | None = None, after: str = ""
) -> Case:
    """A shipped illustrative file with its YAML text changed (`change`: old, new), rendered,
    then its input cells edited (`edits`); what the sheet must show: the file scored with the
    line `after` (the edit, as YAML) added to its results."""
    text = (ILLUSTRATIVE / f"{stem}.yaml").read_text(encoding="utf-8")
    if change is not None:
        assert change[0] in text
        text = text.replace(change[0], change[1], 1)
    grid = load_grid(OBJECTIVES / f"{yaml.safe_load(text)['grid']}.yaml")
    results = load_results(text, grid)
    card = score(grid, results)
    data = render_xlsx([card], "fr", grid=grid, results=[results])
    if not edits:
        return Case([card], data)
    expected = text
    if after:
        key = after.split(":")[0]
        expected = "\n".join(line for line in text.split("\n") if not line.startswith(f"{key}:"))
        expected = expected.replace("\nresults:\n", f"\nresults:\n{after}\n", 1)
    return Case([card], _edit(data, edits), [score(grid, load_results(expected, grid))])


def _review_cases() -> dict[str, Case]:
    """The review's cases: ties a double rounding missed, a refusal, a French date, a date
    changed, months late typed in a date cell, a cleared input."""
    decroche = '  taux-decroche: "87,5 %"'
    cnamts = "maladie-cnamts-2017"
    coaching = "ouverture-e-coaching-dos"
    return {
        "tie-rate": _review_case(
            "maladie-cpam-2017", (decroche, "  taux-decroche: {numerator: 393752, denominator: 450001}")
        ),
        "tie-points": _review_case(
            "maladie-cpam-2017", (decroche, "  taux-decroche: {numerator: 8846293, denominator: 10110001}")
        ),
        "refusal": _review_case(
            "famille-caf-2017",
            ("  validation-comptes:\n    counts: {A: 3, B: 1, C: 1}", "  validation-comptes: refus"),
        ),
        "french-date": _review_case(cnamts),
        "date-changed": _review_case(
            cnamts, edits={coaching: datetime.datetime(2017, 11, 15)}, after=f"  {coaching}: 2017-11-15"
        ),
        "months-typed": _review_case(cnamts, edits={coaching: 2}, after=f"  {coaching}: 2"),
        "cleared": _review_case("maladie-cpam-2017", edits={"delai-ij": None}),
    }


def _pilot_cases(tmp: Path) -> list[tuple[Grid, Results]]:
    """The pilot grid under each policy, with its results."""
    found = []
    for policy in Policy:
        grid_path, results_path = tmp / f"grid-{policy.value}.yaml", tmp / f"results-{policy.value}.yaml"
        grid_path.write_text(PILOT_GRID.replace("POLICY", policy.value), encoding="utf-8")
        results_path.write_text(PILOT_RESULTS, encoding="utf-8")
        grid = load_grid(grid_path)
        found.append((grid, load_results(results_path, grid)))
    return found


def _entity_cases() -> list[tuple[Grid, Results]]:
    """A points variant (CTI 2017), an entity's own bounds under `override` and under
    `most-favourable`."""
    found = []
    cti = load_grid(OBJECTIVES / "maladie-cti-2017.yaml")
    variant = OBJECTIVES / "results" / "illustrative" / "maladie-cti-2017-variant-cicoa.yaml"
    found.append((cti, load_results(variant, cti)))
    entity = load_grid(DATA / "entity" / "grid.yaml")
    text = (DATA / "entity" / "results.yaml").read_text(encoding="utf-8")
    found.append((entity, load_results(text, entity)))
    favourable = text.replace("\nresults:", "\ntarget_policy: most-favourable\nresults:", 1)
    found.append((entity, load_results(favourable, entity)))
    return found


def _changed(grid: Grid, results: Results, seed: int) -> tuple[Results, dict[str, object]] | None:
    """Results with one numeric share result changed and another one neutralised (`-`), and the
    cells' new contents by id; None when the card has no such result."""
    shares = [r for r in results.values if r.exact is not None and not r.written and not r.counts]
    if not shares:
        return None
    target = shares[seed % len(shares)]
    value = Decimal((seed * 37) % 101) / 100
    edits: dict[str, object] = {target.id: value}
    plain = {"numerator": None, "denominator": None, "exclusions": None}
    values = [evolve(r, value=value, **plain) if r.id == target.id else r for r in results.values]
    if len(shares) > 1:
        other = shares[(seed + 1) % len(shares)]
        edits[other.id] = "-"
        values = [ResultValue(id=r.id, neutralised="-") if r.id == other.id else r for r in values]
    return evolve(results, values=values), edits


def _edit(data: bytes, edits: dict[str, object]) -> bytes:
    """The workbook with input cells (column C, found by the id in column A) changed, as a pilot
    would (openpyxl keeps the formulas; LibreOffice recalculates them)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book.worksheets[0]
    for row in ws.iter_rows(min_col=1, max_col=3):
        if row[0].value in edits:
            new = edits[row[0].value]
            row[2].value = float(new) if isinstance(new, Decimal) else new
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Case:
    """One workbook: its card(s), bytes, formulas, and LibreOffice's values."""

    def __init__(self, cards: list[Scorecard], data: bytes, expected: list[Scorecard] | None = None) -> None:
        self.cards = cards
        self.data = data
        self.expected = expected or cards  # what the recalculated sheet must show
        self.calc: Values = {}


@pytest.fixture(scope="module")
def golden(grid_2019: Grid) -> list[Results]:
    return [load_results(RESULTS_2019 / f"{e}.yaml", grid_2019) for e in ENTITIES]


@pytest.fixture(scope="module")
def cases(
    grid_2019: Grid, golden: list[Results], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[Case]]:
    """Every workbook of the module, recalculated in one soffice run."""
    found: dict[str, list[Case]] = {"golden": [], "generated": [], "changed": []}
    pilot = _pilot_cases(tmp_path_factory.mktemp("pilot"))
    cards = [score(grid_2019, r) for r in golden]
    found["golden"].append(Case(cards, render_xlsx(cards, "fr", grid=grid_2019, results=golden)))
    for seed, (grid, results) in enumerate([*pilot, *_entity_cases(), *_generated()]):
        card = score(grid, results)
        data = render_xlsx([card], "fr", grid=grid, results=[results])
        found["generated"].append(Case([card], data))
        change = _changed(grid, results, seed)
        if change is not None:
            changed, edits = change
            found["changed"].append(Case([card], _edit(data, edits), [score(grid, changed)]))
    fraude = _changed(grid_2019, golden[0], 0)
    assert fraude is not None
    co = Case(cards[:1], render_xlsx(cards[:1], "fr", grid=grid_2019, results=golden[:1]))
    found["changed"].append(Case(cards[:1], _edit(co.data, fraude[1]), [score(grid_2019, fraude[0])]))
    review = _review_cases()
    found.update({f"review-{name}": [case] for name, case in review.items()})
    every = [case for group in found.values() for case in group]
    for case, values in zip(every, _recalculate_many([c.data for c in every]), strict=True):
        case.calc = values
    return found


def _close(expected: object, actual: object) -> bool:
    if not isinstance(expected, (int, float)) or not isinstance(actual, (int, float)):
        return expected == actual
    return abs(float(expected) - float(actual)) <= 1e-9 * max(1.0, abs(float(expected)))


def _mismatches(case: Case) -> list[tuple[str, str, object, object]]:
    """The formula cells whose recalculated value is not their cached value."""
    cached = _values(case.data)
    return [
        (sheet, cell, cached[sheet][cell], case.calc[sheet].get(cell))
        for sheet, formulas in _formulas(case.data).items()
        for cell in formulas
        if not _close(cached[sheet][cell], case.calc[sheet].get(cell))
    ]


def _shown(card: Scorecard) -> Iterator[tuple[str, Fraction, Fraction, Fraction]]:
    """(id, rate, points, max) of every objective and indicator of a card, in sheet order."""
    for axis in card.axes:
        for o in axis.objectives:
            yield o.id, o.rate, o.points, o.max
            for i in o.indicators:
                yield i.id, i.rate, i.points, i.max


def _presented(card: Scorecard, rate: Fraction, points: Fraction, maximum: Fraction) -> tuple[float, ...]:
    return (
        float(card.percent(rate) / 100),
        float(card.points(points)),
        float(card.points(maximum)),
    )


def _sheet_figures(values: dict[str, object]) -> dict[str, tuple[Any, ...]]:
    """Rate, points and max shown (columns F, G, H) by the id in column A."""
    ids = {cell[1:]: v for cell, v in values.items() if cell.startswith("A") and v is not None}
    return {str(v): (values.get(f"F{r}"), values.get(f"G{r}"), values.get(f"H{r}")) for r, v in ids.items()}


def _total(values: dict[str, object]) -> tuple[Any, ...]:
    """The total row's rate, points and max: the last row with figures in G."""
    row = max(int(c[1:]) for c, v in values.items() if c[0] == "H" and isinstance(v, (int, float)))
    return values[f"F{row}"], values[f"G{row}"], values[f"H{row}"]


def test_golden_formulas_recalculate_to_their_cached_values(cases: dict[str, list[Case]]) -> None:
    assert [] == _mismatches(cases["golden"][0])


def test_generated_formulas_recalculate_to_their_cached_values(cases: dict[str, list[Case]]) -> None:
    assert [] == [m for case in cases["generated"] for m in _mismatches(case)]


def test_variants_and_entity_bounds_are_among_the_cases(cases: dict[str, list[Case]]) -> None:
    cards = [case.cards[0] for case in cases["generated"]]
    assert any(card.variant is not None for card in cards)
    assert any(i.bounds is not None and i.bounds.grid_rate is not None for c in cards for i in c.indicators)
    assert any(i.bounds is not None and i.bounds.grid_rate is None for c in cards for i in c.indicators)


def test_every_rule_type_and_policy_is_generated(cases: dict[str, list[Case]]) -> None:
    kinds = {i.rule for case in cases["generated"] for i in case.cards[0].indicators}
    policies = {case.cards[0].policy for case in cases["generated"]}
    assert set(EVERY_KIND) <= kinds
    assert set(Policy) == policies


def test_generated_cases_have_neutralised_rows_and_bonus(cases: dict[str, list[Case]]) -> None:
    cards = [case.cards[0] for case in cases["generated"]]
    assert any(i.neutralised and not o.neutralised for c in cards for o in c.objectives for i in o.indicators)
    assert any(o.neutralised for c in cards for o in c.objectives)
    assert any(o.bonus for c in cards for o in c.objectives)


def test_centre_ouest_axis_1_is_98_39_percent(cases: dict[str, list[Case]]) -> None:
    calc = cases["golden"][0].calc["drsm-centre-ouest"]
    axis_row = next(c[1:] for c, v in calc.items() if c[0] == "B" and str(v).startswith("AXE 1"))
    assert 0.9839 == pytest.approx(calc[f"F{axis_row}"], abs=1e-12)


@pytest.mark.parametrize("entity", range(len(ENTITIES)))
def test_golden_every_figure_is_cpg_scores(cases: dict[str, list[Case]], entity: int) -> None:
    case = cases["golden"][0]
    card = case.cards[entity]
    shown = _sheet_figures(case.calc[ENTITIES[entity]])
    expected = {i: _presented(card, r, p, m) for i, r, p, m in _shown(card)}
    assert expected == {i: tuple(pytest.approx(v, abs=1e-12) for v in shown[i]) for i in expected}


def test_golden_total_is_cpg_scores(cases: dict[str, list[Case]]) -> None:
    case = cases["golden"][0]
    for entity, card in zip(ENTITIES, case.cards, strict=True):
        total = card.total
        expected = _presented(card, total.rate, total.points, total.max)
        assert expected == pytest.approx(_total(case.calc[entity]), abs=1e-12)


def test_comparison_sheet_recalculates(cases: dict[str, list[Case]]) -> None:
    case = cases["golden"][0]
    formulas = _formulas(case.data)["Comparaison"]
    rows = len(case.cards[0].axes) + len(case.cards[0].objectives) + len(case.cards[0].indicators) + 1
    assert 3 * len(ENTITIES) * rows == len(formulas)
    assert [] == [m for m in _mismatches(case) if m[0] == "Comparaison"]


def test_generated_figures_are_cpg_scores(cases: dict[str, list[Case]]) -> None:
    wrong = []
    for case in cases["generated"]:
        card = case.cards[0]
        shown = _sheet_figures(case.calc[card.entity.id])
        for item, rate, points, maximum in _shown(card):
            if tuple(pytest.approx(v, abs=1e-12) for v in shown[item]) != _presented(
                card, rate, points, maximum
            ):
                wrong.append((card.grid_id, item))
    assert [] == wrong


def test_changed_inputs_give_cpg_scores_total(cases: dict[str, list[Case]]) -> None:
    assert len(cases["changed"]) >= 10
    for case in cases["changed"]:
        card = case.expected[0]
        total = card.total
        expected = _presented(card, total.rate, total.points, total.max)
        assert expected == pytest.approx(_total(case.calc[card.entity.id]), abs=1e-12)


def test_changed_inputs_give_cpg_scores_figures(cases: dict[str, list[Case]]) -> None:
    wrong = []
    for case in cases["changed"]:
        card = case.expected[0]
        shown = _sheet_figures(case.calc[card.entity.id])
        for item, rate, points, maximum in _shown(card):
            if tuple(pytest.approx(v, abs=1e-12) for v in shown[item]) != _presented(
                card, rate, points, maximum
            ):
                wrong.append((card.grid_id, item))
    assert [] == wrong


def test_a_change_moves_the_total(cases: dict[str, list[Case]]) -> None:
    moved = [case for case in cases["changed"] if case.expected[0].total.points != case.cards[0].total.points]
    assert len(moved) >= len(cases["changed"]) // 2


def test_a_delivery_date_is_months_late(cases: dict[str, list[Case]]) -> None:
    dated = [
        case
        for case in cases["generated"]
        if any(isinstance(v, datetime.datetime) for v in _values(case.data)[case.cards[0].entity.id].values())
    ]
    assert dated
    assert [] == [m for case in dated for m in _mismatches(case)]


def _figures_are_cpg_scores(case: Case) -> list[str]:
    card = case.expected[0]
    shown = _sheet_figures(case.calc[card.entity.id])
    return [
        item
        for item, rate, points, maximum in _shown(card)
        if tuple(pytest.approx(v, abs=1e-12) for v in shown[item]) != _presented(card, rate, points, maximum)
    ]


@pytest.mark.parametrize("name", ["tie-rate", "tie-points", "refusal", "french-date"])
def test_review_cases_recalculate_to_their_cached_values(cases: dict[str, list[Case]], name: str) -> None:
    assert [] == _mismatches(cases[f"review-{name}"][0])


@pytest.mark.parametrize(
    "name", ["tie-rate", "tie-points", "refusal", "french-date", "date-changed", "months-typed"]
)
def test_review_cases_show_cpg_scores_figures(cases: dict[str, list[Case]], name: str) -> None:
    assert [] == _figures_are_cpg_scores(cases[f"review-{name}"][0])


def test_a_date_typed_in_a_delay_cell_is_scored_as_a_date(cases: dict[str, list[Case]]) -> None:
    case = cases["review-date-changed"][0]
    card = case.expected[0]
    assert _presented(card, card.total.rate, card.total.points, card.total.max) == pytest.approx(
        _total(case.calc[card.entity.id]), abs=1e-12
    )


def test_a_cleared_input_leaves_the_total_not_available(cases: dict[str, list[Case]]) -> None:
    calc = cases["review-cleared"][0].calc["cpam-illustrative"]
    total = max(int(c[1:]) for c, v in calc.items() if c[0] == "H" and v is not None)
    assert ("#N/A", "#N/A") == (calc[f"F{total}"], calc[f"G{total}"])
