"""Check findings as facts, worded by the rendering layer in French and in English."""

from __future__ import annotations

from decimal import Decimal

from cpg_score import (
    Entity,
    Figure,
    PublishedTotal,
    Results,
    ResultValue,
    Unit,
    check,
    render,
)
from cpg_score.scoring import Breach, FindingKind, Unchecked

D = Decimal


def _entity(
    name: str, *values: ResultValue, figures: tuple[Figure, ...] = (), parent: str | None = None
) -> Results:
    return Results(entity=Entity(name), grid="g", period=2019, values=values, figures=figures, parent=parent)


def _fr(report: object) -> list[str]:
    return [line.strip() for line in render(report, "table", "fr").splitlines() if line.startswith("  - ")]


def test_a_rate_above_100_percent_is_a_fact() -> None:
    (finding,) = check([_entity("a", ResultValue(id="r", value=D("1.05"), unit=Unit.SHARE))]).findings
    expected = (FindingKind.OUT_OF_DOMAIN, Breach.RATE, (D("105.0000"),))
    assert expected == (finding.kind, finding.breach, finding.values)


def test_finding_kind_keeps_its_words_in_json() -> None:
    (finding,) = check([_entity("a", ResultValue(id="r", value=D("1.05"), unit=Unit.SHARE))]).findings
    assert "out-of-domain" == finding.to_dict()["kind"]


def test_a_rate_above_100_percent_in_french() -> None:
    report = check([_entity("a", ResultValue(id="r", value=D("1.05"), unit=Unit.SHARE))])
    expected = ["- a r\u00a0: un taux de 105\u00a0% est hors de 0-100\u00a0%"]
    assert expected == _fr(report)


def test_a_negative_count_in_french() -> None:
    report = check([_entity("a", figures=(Figure(id="n", value=D(-3), unit=Unit.COUNT),))])
    expected = ["- a n\u00a0: un nombre négatif (-3)"]
    assert expected == _fr(report)


def test_a_numerator_above_its_denominator_in_french() -> None:
    report = check([_entity("a", ResultValue(id="r", numerator=D(12), denominator=D(10)))])
    expected = ["- a r\u00a0: numérateur 12 au-dessus de son dénominateur 10"]
    assert expected == _fr(report)


def test_exclusions_above_the_denominator_in_french() -> None:
    report = check([_entity("a", ResultValue(id="r", numerator=D(1), denominator=D(10), exclusions=D(12)))])
    expected = "- a r\u00a0: exclusions 12 au-dessus du dénominateur 10"
    assert expected == _fr(report)[0]


def test_identical_figures_in_french() -> None:
    values = [ResultValue(id=i, value=D("0.5")) for i in ("x", "y", "z")]
    report = check([_entity("a", *values), _entity("b", *values)])
    expected = [
        "- a et b donnent des valeurs identiques sur 3 chiffres (x = 0,5, y = 0,5, z = 0,5)\u00a0: un copier-coller\u00a0?"
    ]
    assert expected == _fr(report)


def test_identical_figures_in_english_as_the_message() -> None:
    values = [ResultValue(id=i, value=D("0.5")) for i in ("x", "y", "z")]
    report = check([_entity("a", *values), _entity("b", *values)])
    expected = "a and b give identical values on 3 figures (x = 0.5, y = 0.5, z = 0.5): a copy-paste?"
    assert expected == report.findings[0].message


def test_a_total_mismatch_in_french() -> None:
    total = PublishedTotal(entity="p", id="n", value=D(100), unit=Unit.COUNT)
    children = [_entity(c, figures=(Figure(id="n", value=D(45), unit=Unit.COUNT),), parent="p") for c in "ab"]
    report = check(children, totals=[total])
    expected = ["- p n\u00a0: publié 100, somme de 2 entités 90, écart -10 (-10\u00a0%)"]
    assert expected == _fr(report)


def test_a_total_mismatch_in_english_as_the_message() -> None:
    total = PublishedTotal(entity="p", id="n", value=D(100), unit=Unit.COUNT)
    children = [_entity(c, figures=(Figure(id="n", value=D(45), unit=Unit.COUNT),), parent="p") for c in "ab"]
    (finding,) = check(children, totals=[total]).findings
    expected = "p n: published 100, sum of 2 entities 90, gap -10 (-10 %)"
    assert expected == finding.message


def test_a_confirmed_total_in_french() -> None:
    total = PublishedTotal(entity="p", id="n", value=D("90.5"), unit=Unit.COUNT)
    children = [
        _entity(c, figures=(Figure(id="n", value=D("45.25"), unit=Unit.COUNT),), parent="p") for c in "ab"
    ]
    report = check(children, totals=[total])
    expected = ["- p n\u00a0: publié 90,5, somme de 2 entités 90,50, écart 0 (0\u00a0%)"]
    assert expected == _fr(report)


def test_an_unchecked_total_is_a_fact() -> None:
    total = PublishedTotal(entity="nowhere", id="x", value=D(1), unit=Unit.COUNT)
    report = check([_entity("a", ResultValue(id="x", value=D(1)))], totals=[total])
    expected = [(total, Unchecked.NO_MEMBERS, False)]
    assert expected == [(n.total, n.why, n.placed) for n in report.unchecked]


def test_an_unchecked_total_in_french() -> None:
    total = PublishedTotal(entity="nowhere", id="x", value=D(1), unit=Unit.COUNT)
    report = check([_entity("a", ResultValue(id="x", value=D(1)))], totals=[total])
    expected = [
        "- nowhere x\u00a0: aucune entité sous « nowhere » parmi les fichiers "
        "(donner un arbre des entités pour la placer)"
    ]
    assert expected == _fr(report)


def test_a_total_no_entity_gives_in_french() -> None:
    total = PublishedTotal(entity="p", id="n", value=D(1), unit=Unit.COUNT)
    report = check(
        [_entity("a", figures=(Figure(id="m", value=D(1), unit=Unit.COUNT),), parent="p")], totals=[total]
    )
    expected = ["- p n\u00a0: aucune entité en dessous ne donne ce chiffre"]
    assert expected == _fr(report)


# -- the first line's counts, singular and plural ----------------------------------------------


def _first_line(report: object, lang: str) -> str:
    return render(report, "table", lang).splitlines()[0]


def _clean(*names: str) -> object:
    return check([_entity(n, ResultValue(id="r", value=D("0.5"), unit=Unit.SHARE)) for n in names])


def _one_finding() -> object:
    return check([_entity("a", ResultValue(id="r", value=D("1.05"), unit=Unit.SHARE))])


def test_one_entity_and_no_finding_in_french_are_singular() -> None:
    assert "1 entité vérifiée\u00a0: 0 constat" == _first_line(_clean("a"), "fr")


def test_one_finding_in_french_is_singular() -> None:
    assert "1 entité vérifiée\u00a0: 1 constat" == _first_line(_one_finding(), "fr")


def test_several_entities_in_french_are_plural() -> None:
    assert "2 entités vérifiées\u00a0: 0 constat" == _first_line(_clean("a", "b"), "fr")


def test_one_entity_in_english_is_singular_and_no_finding_plural() -> None:
    assert "checked 1 entity: 0 findings" == _first_line(_clean("a"), "en")


def test_one_finding_in_english_is_singular() -> None:
    assert "checked 1 entity: 1 finding" == _first_line(_one_finding(), "en")


def test_several_findings_in_english_are_plural() -> None:
    values = [ResultValue(id=i, value=D("1.05"), unit=Unit.SHARE) for i in ("x", "y")]
    assert "checked 1 entity: 2 findings" == _first_line(check([_entity("a", *values)]), "en")
