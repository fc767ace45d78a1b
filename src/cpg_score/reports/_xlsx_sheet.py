"""The rows of one entity's simulator sheet: every formula with its cached value.

Each formula is the engine's arithmetic (see `_xlsx_model`'s table of helper columns); its
cached value is computed here with exact rationals, the same way, and written as a float.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

from attrs import evolve

from cpg_score._numbers import F0, F1, to_fraction
from cpg_score.model.grid import Indicator, Policy, Unit
from cpg_score.model.scorecard import AxisScore, IndicatorScore, ObjectiveScore
from cpg_score.reports._text import reason_text
from cpg_score.reports._xlsx_model import (
    RATE_INNER,
    Cell,
    Context,
    Kind,
    Look,
    Row,
    amounts_of,
    blank_guard,
    clamp_one,
    effective_rule,
    grid_items,
    input_of,
    months_late_formula,
    moved_date,
    num,
    own_neutral,
    pct,
    presented,
    result_of,
    rounded,
    rule_bounds,
    rule_formula,
    static_neutral,
    whole_months,
)


def _flag(value: bool) -> int:
    return 1 if value else 0


class SheetBuilder:
    """Builds the rows of one entity's sheet, the header row being `header` (1-based)."""

    def __init__(self, ctx: Context, header: int) -> None:
        """Prepare the layout: every row's number is known before any formula is written."""
        self.ctx = ctx
        self.card = ctx.card
        self.places = (ctx.card.rounding.rate_percent, ctx.card.rounding.points)
        self.objectives, self.indicators = grid_items(ctx)
        self.amounts = amounts_of(ctx)
        self.first = header + 1
        count = sum(1 + sum(1 + len(o.indicators) for o in a.objectives) for a in ctx.card.axes)
        self.total_row = self.first + count
        self.rows: list[Row] = []
        # Cached figures the formulas of later rows use: (V, X) of the total.
        self.scored_total = F0
        self.leftover_total = F0
        self._sums()

    def _sums(self) -> None:
        """The total's V (declared points of scored objectives) and X (points without a taker)."""
        for axis in self.card.axes:
            scored = sum((self._amount(o) for o in axis.objectives if not o.neutralised), F0)
            neutral = sum((self._amount(o) for o in axis.objectives if o.neutralised), F0)
            self.scored_total += scored
            self.leftover_total += neutral if scored == 0 else F0

    def _amount(self, o: ObjectiveScore) -> Fraction:
        return self.amounts.get(o.id, to_fraction(o.base_points))

    def build(self) -> list[Row]:
        """The rows: each axis, its objectives and their indicators, then the total."""
        index = self.first
        axis_rows: list[int] = []
        for axis in self.card.axes:
            axis_rows.append(index)
            index = self._axis(axis, index)
        self.rows.append(self._total(axis_rows))
        return self.rows

    def _visible(self, row: int, rate: Fraction, points: Fraction, maximum: Fraction) -> dict[str, Cell]:
        """The displayed rate, points and maximum: ROUND of the exact helper cells."""
        rp, pp = self.places
        return {
            "F": Cell(presented(f"M{row}", rp + 2, RATE_INNER), pct(rate, rp), "rate"),
            "G": Cell(presented(f"P{row}", pp), rounded(points, pp), "points"),
            "H": Cell(presented(f"O{row}", pp), rounded(maximum, pp), "points"),
        }

    def _axis(self, axis: AxisScore, head: int) -> int:
        """The axis row at `head`, then its objectives; returns the next free row."""
        index = head + 1
        objective_rows: list[int] = []
        scored = sum((self._amount(o) for o in axis.objectives if not o.neutralised), F0)
        neutral = sum((self._amount(o) for o in axis.objectives if o.neutralised), F0)
        placeholder = len(self.rows)
        self.rows.append(Row(kind=Kind.AXIS, index=head, item="", label=axis.label))
        for objective in axis.objectives:
            objective_rows.append(index)
            index = self._objective(objective, index, head)
        refs = ",".join
        r = head
        cells = {
            **self._visible(r, axis.rate, axis.points, axis.max),
            "M": Cell(f"=IF(O{r}=0,0,P{r}/O{r})", float(axis.rate), "exact"),
            "O": Cell("=SUM(" + refs(f"O{o}" for o in objective_rows) + ")", float(axis.max), "exact"),
            "P": Cell("=SUM(" + refs(f"P{o}" for o in objective_rows) + ")", float(axis.points), "exact"),
            "V": Cell("=SUM(" + refs(f"V{o}" for o in objective_rows) + ")", float(scored), "exact"),
            "W": Cell("=SUM(" + refs(f"W{o}" for o in objective_rows) + ")", float(neutral), "exact"),
            "X": Cell(f"=IF(V{r}=0,W{r},0)", float(neutral if scored == 0 else F0), "exact"),
        }
        self.rows[placeholder] = Row(kind=Kind.AXIS, index=head, item="", label=axis.label, cells=cells)
        return index

    def _total(self, axis_rows: list[int]) -> Row:
        r, total = self.total_row, self.card.total
        refs = ",".join
        cells = {
            **self._visible(r, total.rate, total.points, total.max),
            "M": Cell(f"=IF(O{r}=0,0,P{r}/O{r})", float(total.rate), "exact"),
            "O": Cell("=SUM(" + refs(f"O{a}" for a in axis_rows) + ")", float(total.max), "exact"),
            "P": Cell("=SUM(" + refs(f"P{a}" for a in axis_rows) + ")", float(total.points), "exact"),
            "V": Cell("=SUM(" + refs(f"V{a}" for a in axis_rows) + ")", float(self.scored_total), "exact"),
            "X": Cell("=SUM(" + refs(f"X{a}" for a in axis_rows) + ")", float(self.leftover_total), "exact"),
        }
        return Row(kind=Kind.TOTAL, index=r, item="", label="", cells=cells)

    def _maximum(self, o: ObjectiveScore, r: int, axis_row: int) -> Cell:
        """The points the objective can earn after the grid's policy (the engine's `_maxima`)."""
        policy = self.card.policy
        if policy is Policy.ZERO:
            return Cell(f"=S{r}", float(o.max), "exact")
        if policy is Policy.EXCLUDE:
            return Cell(f"=IF(L{r}=1,0,S{r})", float(o.max), "exact")
        a = axis_row
        t = self.total_row
        formula = f"=IF(L{r}=1,0,S{r}+IF(V{a}>0,S{r}*W{a}/V{a},0)+IF(V{t}>0,S{r}*X{t}/V{t},0))"
        return Cell(formula, float(o.max), "exact")

    def _objective(self, o: ObjectiveScore, r: int, axis_row: int) -> int:
        """The objective's row at `r`, then its indicators' rows; returns the next free row."""
        grid_objective = self.objectives.get(o.id)
        amount = self._amount(o)
        static = (
            grid_objective.neutralised is not None
            if grid_objective is not None
            else o.neutralised and not o.indicators
        )
        result = result_of(self.ctx, o.id)
        typed = result is not None and result.neutralised is not None and not static
        shared = {
            "S": Cell(f"={num(amount)}", float(amount), "exact"),
            "O": self._maximum(o, r, axis_row),
            "V": Cell(f"=IF(L{r}=1,0,S{r})", float(F0 if o.neutralised else amount), "exact"),
            "W": Cell(f"=IF(L{r}=1,S{r},0)", float(amount if o.neutralised else F0), "exact"),
            **self._visible(r, o.rate, o.points, o.max),
        }
        comment = "" if o.why is None else reason_text(o.why, self.ctx.lang)
        if not o.indicators:
            return self._direct(o, r, shared, static, comment)
        row = self._composite(o, r, shared, static)
        # The reason is in the notes: a comment beside an empty result would not read back.
        self.rows.append(evolve(row, given="-" if typed else None))
        for offset, indicator in enumerate(o.indicators, start=1):
            self._indicator(indicator, o, r + offset, r)
        return r + len(o.indicators) + 1

    def _composite(self, o: ObjectiveScore, r: int, shared: dict[str, Cell], static: bool) -> Row:
        """An objective scored by its indicators: the weighted mean of their rates, its bonus."""
        first, last = r + 1, r + len(o.indicators)
        n = len(o.indicators)
        excess = self._excess(o)
        cells = {
            **shared,
            "L": Cell(
                f'=IF(OR({_flag(static)},TRIM(C{r})="-",SUM(L{first}:L{last})={n}),1,0)',
                float(_flag(o.neutralised)),
                "flag",
            ),
            "N": Cell(f"=SUM(N{first}:N{last})", float(self._weight_sum(o)), "exact"),
            "M": Cell(f"=IF(OR(L{r}=1,N{r}=0),0,SUM(T{first}:T{last})/N{r})", float(o.rate), "exact"),
            "Q": Cell(f"=SUM(Q{first}:Q{last})", float(excess), "exact"),
            "R": Cell(f"=IF(O{r}>0,{num(to_fraction(o.bonus_max))},0)", float(self._ceiling(o)), "exact"),
            "T": Cell(f"=IF(L{r}=1,0,MIN(Q{r},R{r}))", float(o.bonus), "exact"),
            "P": Cell(f"=IF(L{r}=1,0,SUM(P{first}:P{last})+T{r})", float(o.points), "exact"),
        }
        return Row(kind=Kind.OBJECTIVE, index=r, item=o.id, label=o.label, look=Look.OPTIONAL, cells=cells)

    def _ceiling(self, o: ObjectiveScore) -> Fraction:
        return to_fraction(o.bonus_max) if o.max > 0 else F0

    def _direct(self, o: ObjectiveScore, r: int, shared: dict[str, Cell], static: bool, comment: str) -> int:
        """A directly scored objective: its result is a share, its rate the result in [0, 1]."""
        result = result_of(self.ctx, o.id)
        typed = result is not None and result.neutralised is not None
        value = None if result is None or result.exact is None else result.exact
        given: object = "-" if typed else value
        if given is None and self.ctx.results is None and not o.neutralised:
            given = o.rate
        x = _input_number(given)
        cells = {
            **shared,
            "K": Cell(f"={blank_guard(f'C{r}', f'L{r}')}IF(ISNUMBER(C{r}),C{r},0))", float(x), "exact"),
            "L": Cell(f'=IF(OR({_flag(static)},TRIM(C{r})="-"),1,0)', float(_flag(o.neutralised)), "flag"),
            "M": Cell(f"=IF(L{r}=1,0,MAX(0,MIN(1,K{r})))", float(o.rate), "exact"),
            "P": Cell(f"=O{r}*M{r}", float(o.points), "exact"),
        }
        self.rows.append(
            Row(
                kind=Kind.OBJECTIVE,
                index=r,
                item=o.id,
                label=o.label,
                given=given,
                look=Look.TEXT if typed else Look.SHARE,
                comment=comment if typed or self.ctx.results is None else "",
                share=True,
                cells=cells,
            )
        )
        return r + 1

    def _weight(self, i: IndicatorScore) -> Fraction:
        return self.amounts.get(i.id, to_fraction(i.weight))

    def _counted(self, i: IndicatorScore, own_neutral: bool) -> Fraction:
        """The weight the indicator counts with in its objective's mean (N)."""
        if own_neutral and self.card.policy is not Policy.ZERO:
            return F0
        return self._weight(i)

    def _weight_sum(self, o: ObjectiveScore) -> Fraction:
        return sum((self._counted(i, self._neutral(i)) for i in o.indicators), F0)

    def _neutral(self, i: IndicatorScore) -> bool:
        return own_neutral(self.indicators.get(i.id), result_of(self.ctx, i.id), i)

    def _rate(self, i: IndicatorScore, o: ObjectiveScore) -> Fraction:
        """The indicator's rate: 0 when it or its objective is neutralised."""
        if o.neutralised or self._neutral(i):
            return F0
        indicator = self.indicators.get(i.id)
        result = result_of(self.ctx, i.id)
        if indicator is None or result is None or result.exact is None:
            return i.rate
        return to_fraction(effective_rule(self.ctx, indicator).achievement(result.exact))

    def _share(self, i: IndicatorScore, o: ObjectiveScore) -> Fraction:
        weights = self._weight_sum(o)
        if o.neutralised or weights == 0:
            return F0
        return o.max * self._counted(i, self._neutral(i)) / weights

    def _excess(self, o: ObjectiveScore) -> Fraction:
        total = F0
        for i in o.indicators:
            rate = self._rate(i, o)
            if rate > 1:
                total += self._share(i, o) * (rate - 1)
        return total

    def _indicator(self, i: IndicatorScore, o: ObjectiveScore, r: int, o_row: int) -> None:
        """One indicator's row: its input, its rule's formula and its share of the points."""
        indicator: Indicator | None = self.indicators.get(i.id)
        result = result_of(self.ctx, i.id)
        own = self._neutral(i)
        static = static_neutral(indicator, result, i)
        given, look = input_of(self.ctx, i, indicator)
        rate = self._rate(i, o)
        rule = effective_rule(self.ctx, indicator) if indicator is not None else None
        expression = None if rule is None else rule_formula(rule, f"K{r}")
        live = expression is not None
        if expression is None:
            expression = num(i.rate)
        floor, target = (None, None) if rule is None else rule_bounds(rule)
        x = _input_number(given)
        share = self._share(i, o)
        excess = share * (rate - 1) if rate > 1 else F0
        paid = i.bonus
        weight = self._weight(i)
        counted = self._counted(i, own)
        n = "S" if self.card.policy is Policy.ZERO else f"IF(L{r}=1,0,S{r})"
        cells = {
            "K": Cell(_reading(r, o_row), float(x), "exact"),
            "L": Cell(f'=IF(OR({_flag(static)},TRIM(C{r})="-"),1,0)', float(_flag(own)), "flag"),
            "M": Cell(f"=IF(OR(L{r}=1,L{o_row}=1),0,{expression})", float(rate), "exact"),
            "S": Cell(f"={num(weight)}", float(weight), "exact"),
            "N": Cell(f"={n}{r}" if n == "S" else f"={n}", float(counted), "exact"),
            "T": Cell(f"=N{r}*MIN(M{r},1)", float(counted * clamp_one(rate)), "exact"),
            "O": Cell(f"=IF(OR(L{o_row}=1,N{o_row}=0),0,O{o_row}*N{r}/N{o_row})", float(share), "exact"),
            "P": Cell(f"=O{r}*MIN(M{r},1)", float(share * clamp_one(rate)), "exact"),
            "Q": Cell(f"=IF(M{r}>1,O{r}*(M{r}-1),0)", float(excess), "exact"),
            "R": Cell(
                f"=IF(Q{o_row}>R{o_row},IF(R{o_row}>0,Q{r}*R{o_row}/Q{o_row},0),Q{r})", float(paid), "exact"
            ),
            **self._visible(r, rate, share * clamp_one(rate), share),
        }
        due = getattr(rule, "due", None)
        if look is Look.DATE and isinstance(given, datetime.date) and isinstance(due, datetime.date):
            x = to_fraction(result.exact) if result is not None and result.exact is not None else F0
            flag = f"L{r}+L{o_row}"
            cells["K"] = Cell(months_late_formula(due, f"C{r}", f"U{r}", flag), float(x), "exact")
            cells["U"] = Cell(whole_months(due, f"C{r}"), float(_whole(due, given)), "exact")
        self.rows.append(
            Row(
                kind=Kind.INDICATOR,
                index=r,
                item=i.id,
                label=i.label,
                given=given,
                look=look,
                floor=floor,
                target=target,
                comment=_comment(i, given, self.ctx),
                share=indicator is not None and indicator.unit is Unit.SHARE,
                baseline=None if result is None else result.baseline,
                cells=cells,
                live=live,
            )
        )


def _reading(r: int, o_row: int) -> str:
    """The K column of an indicator: the input as a number (yes 1, no 0, a refusal -1); #N/A
    when it is empty and neither the indicator nor its objective is neutralised."""
    c = f"C{r}"
    yes = f'OR({c}="oui",{c}="yes")'
    refusal = f'OR({c}="refus",{c}="refused",{c}="refusal")'
    return f"={blank_guard(c, f'L{r}+L{o_row}')}IF(ISNUMBER({c}),{c},IF({yes},1,IF({refusal},-1,0))))"


def _comment(i: IndicatorScore, given: object, ctx: Context) -> str:
    """The reason beside a `-` typed in the input (read back as the neutralisation's reason);
    with results, "" beside anything else: the reason is in the notes, and a comment beside an
    empty result would not read back."""
    if i.why is None or (given != "-" and ctx.results is not None):
        return ""
    return reason_text(i.why, ctx.lang)


def _whole(due: datetime.date, delivered: datetime.date) -> int:
    """The whole months late as the U column computes them (its cached value)."""
    m = (delivered.year - due.year) * 12 + delivered.month - due.month
    return m - (1 if moved_date(due, m) > delivered else 0)


def _input_number(given: object) -> Fraction:
    """What the K column reads from the input cell: a number, yes 1, no 0, a date's serial."""
    if isinstance(given, (Fraction, Decimal, int)):
        return to_fraction(given)
    if isinstance(given, datetime.date):
        return Fraction((given - datetime.date(1899, 12, 30)).days)
    if isinstance(given, str) and given in ("oui", "yes"):
        return F1
    if given == "refus":
        return -F1
    return F0
