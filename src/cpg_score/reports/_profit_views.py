"""Profit-sharing as tables: one branch (PINI, PILI, TRN, TRL, MTID) or a weighted mean."""

from __future__ import annotations

from decimal import Decimal

from cpg_score._numbers import Exact, number_text, to_fraction
from cpg_score.model.profit_sharing import WeightedMeanResult
from cpg_score.reports._simulate import Table, fmt, given
from cpg_score.reports._text import TEXT, sim_percent
from cpg_score.simulate import ProfitSharingResult

__all__ = ["profit_sharing_table", "weighted_mean_table"]

_NBSP = "\u00a0"


def _number_lang(fmt_name: str, lang: str) -> str:
    # CSV is for machines: its numbers are plain decimal text whatever the language.
    return "en" if fmt_name == "csv" else lang


def money(value: Exact, lang: str, *, csv: bool = False) -> str:
    """An amount to the cent, rounded half up once: `2 400 000,00 €` in French, `€2,400,000.00`
    in English; plain `2400000.00` for CSV (`csv`).

    Examples:
        >>> money(Decimal("2400000"), "en")
        '€2,400,000.00'
    """
    if csv:
        return fmt(value, 2, lang=lang)
    text = number_text(value, 2, lang=lang, grouped=True)
    if lang == "fr":
        return text + _NBSP + "€"
    return f"-€{text[1:]}" if text.startswith("-") else f"€{text}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _count(value: Exact, lang: str) -> str:
    """A FTE count as written (grouped in French: `14 738,5`)."""
    if isinstance(value, (Decimal, int)):
        return number_text(value, None, lang=lang, grouped=lang == "fr")
    return fmt(value, 2, lang=lang)


def _percent(w: dict[str, str], rate: Exact | None, lang: str) -> str:
    return w["p_undefined"] if rate is None else sim_percent(fmt(to_fraction(rate) * 100, lang=lang), lang)


def _trigger(w: dict[str, str], share: Exact, out_of: int | None, pays_at: bool, lang: str) -> str:
    text = sim_percent(given(to_fraction(share) * 100, lang=lang), lang)
    if out_of is not None:
        text = f"{given(to_fraction(share) * out_of, 2, lang)} / {out_of}"
    return text + " " + (w["p_pays_at"] if pays_at else w["p_pays_above"])


def _rate_rows(result: ProfitSharingResult, w: dict[str, str], nl: str) -> list[tuple[str, str]]:
    """The rates: national (themes), local, their triggers and what applies."""
    p = result.parameters
    rows = [
        (f"{w['p_theme']} {t}", f"{given(wt, 2, nl)} × {_percent(w, p.rates.get(t), nl)}")
        for t, wt in p.weights.items()
    ]
    rows += [
        ("p_national", _percent(w, result.national_rate, nl)),
        ("p_national_trigger", _trigger(w, p.national_trigger, p.out_of, p.pays_at_trigger, nl)),
        ("p_national_applied", _percent(w, result.national_applied, nl)),
    ]
    if result.points is not None and result.max is not None:
        points, most = (number_text(v, 2, lang=nl, grouped=True) for v in (result.points, result.max))
        rows.append(("p_points", f"{points} / {most}"))
    rows += [
        ("p_local_rate", _percent(w, result.local_rate, nl)),
        ("p_trigger", _trigger(w, p.trigger, p.out_of, p.pays_at_trigger, nl)),
        ("p_local_applied", _percent(w, result.local_applied, nl)),
    ]
    if p.out_of is not None:
        notes = (
            result.national_rate * p.out_of,
            None if result.local_rate is None else result.local_rate * p.out_of,
        )
        rows.append(
            (
                "p_notes",
                " / ".join(f"{fmt(n, lang=nl)} / {p.out_of}" if n is not None else "-" for n in notes),
            )
        )
    return rows


def _amount_rows(result: ProfitSharingResult, w: dict[str, str], nl: str, csv: bool) -> list[tuple[str, str]]:
    """The masse, its parts, the maxima per FTE and the amounts."""
    p = result.parameters

    def cash(value: Exact, lang: str) -> str:
        return money(value, lang, csv=csv)

    rows = []
    if p.salary_bill is not None:
        rows.append(
            (
                "p_salary_bill",
                f"{cash(p.salary_bill, nl)} × {_percent(w, p.masse_rate, nl)}",
            )
        )
    rows += [
        ("p_masse", cash(p.envelope, nl)),
        ("p_split", f"{_percent(w, p.national_share, nl)} / {_percent(w, p.local_share, nl)}"),
        ("p_masses", f"{cash(p.national_masse, nl)} / {cash(p.local_masse, nl)}"),
        ("p_fte", _count(p.fte, nl)),
        ("p_maximum", cash(p.maximum, nl)),
        ("p_pini_pili", f"{cash(p.pini, nl)} / {cash(p.pili, nl)}"),
        ("p_amounts", f"{cash(result.national_amount, nl)} / {cash(result.local_amount, nl)}"),
        ("p_rate", _percent(w, result.rate, nl)),
        ("p_per_fte", cash(result.per_fte, nl)),
    ]
    fte = p.fte if p.organisation_fte is None else p.organisation_fte
    rows.append((f"{w['p_paid']} ({_count(fte, nl)} {w['p_fte_unit']})", cash(result.total, nl)))
    if p.time_share != 1 or p.presence_share != 1:
        shares = f"{_percent(w, p.time_share, nl)} × {_percent(w, p.presence_share, nl)}"
        rows.append(("p_individual", f"{cash(result.individual, nl)} ({shares})"))
    return rows


def profit_sharing_table(result: ProfitSharingResult, fmt_name: str, lang: str) -> Table:
    """One branch's profit-sharing: the rates, the masse, PINI, PILI and MTID, one per line."""
    w, nl = TEXT[lang], _number_lang(fmt_name, lang)
    values = _rate_rows(result, w, nl) + _amount_rows(result, w, nl, fmt_name == "csv")
    notes = [w["p_no_points"]] if result.local_rate is None else []
    description = result.parameters.description
    if description and result.entity:
        notes.append(description)
    return Table(
        title=w["p_title"].format(entity=result.entity or description or "-"),
        headers=[w["s_item"], w["s_value"]],
        rows=[[_cap(w.get(key, key)), text] for key, text in values],
        data=result.to_dict(),
        notes=notes,
    )


def weighted_mean_table(result: WeightedMeanResult, fmt_name: str, lang: str) -> Table:
    """A body paid as the FTE-weighted mean of branches: each branch, then the means."""
    w, nl = TEXT[lang], _number_lang(fmt_name, lang)

    def cash(value: Exact, lang: str) -> str:
        return money(value, lang, csv=fmt_name == "csv")

    rows = []
    for a in result.branches:
        b = a.branch
        rows.append(
            [
                _cap(b.id),
                _count(b.fte, nl),
                _percent(w, b.national_rate, nl),
                cash(a.national_amount, nl),
                _percent(w, a.local_rate, nl),
                cash(a.local_amount, nl),
                cash(a.national_amount + a.local_amount, nl),
            ]
        )
    fte = _count(sum((a.branch.fte for a in result.branches), Decimal(0)), nl)
    rows.append(
        [
            w["p_mean"],
            fte,
            "",
            cash(result.national, nl),
            "",
            cash(result.local, nl),
            cash(result.per_fte, nl),
        ]
    )
    headers = [
        _cap(w[k])
        for k in (
            "p_branch",
            "p_fte_unit",
            "p_col_trn",
            "p_col_mnid",
            "p_col_trl",
            "p_col_mlid",
            "p_col_mtid",
        )
    ]
    description = result.parameters.description
    notes = [description] if description and result.entity else []
    return Table(
        title=w["p_title_branches"].format(entity=result.entity or description or "-"),
        headers=headers,
        rows=rows,
        data=result.to_dict(),
        notes=notes,
    )
