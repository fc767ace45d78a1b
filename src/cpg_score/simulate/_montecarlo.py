"""Monte Carlo: each indicator's year-end value as a distribution; the distribution of the score.

A spec file (YAML) gives each lever (an indicator, or an objective rated directly) a
distribution, and optionally a correlation between the levers of an axis:

```yaml
default: {distribution: normal, sd: 2 %}     # levers not listed (leave out: held at their value)
indicators:
  arrets-travail: {distribution: normal, mean: 57.4 %, sd: 3 %}
  fraude: {distribution: triangular, low: 92 %, mode: 94.5 %, high: 97 %}
  teleservices: {distribution: uniform, low: 90 %, high: 95 %}
  satisfaction-client: {distribution: empirical, sample: [66 %, 68 %, 70 %]}
  performance-sociale: {distribution: fixed}
correlation:
  axe-2: 0.5                                  # pairwise, between the levers of the axis
```

A normal's `mean` defaults to the current value. Without a spec, every lever is normal around
its current value with a standard deviation of 0.02 for a share (2 points of percent) and 5 %
of the value otherwise. Draws are clipped to the value's domain ([0, 1] for a share, >= 0 for a
count or days). A correlation `rho` within an axis is a Gaussian copula: each lever's normal
score is `sqrt(rho) x common + sqrt(1 - rho) x own`, mapped through its distribution's
quantile function.

**Reproducibility.** With NumPy installed (the `fast` extra), draws come from
`numpy.random.Generator(PCG64(seed))`, in chunks of a fixed size (`CHUNK`), so a seed gives the
same figures on every machine. Without NumPy, a pure-Python path draws from
`random.Random(seed)`: also reproducible, but its draws differ from NumPy's, so the two paths
give different (statistically equivalent) figures for the same seed. `backend` names the path.

**Exactness.** Every draw's points are the exact current points plus a float change computed
by the fast path (`_fast`), which agrees with the exact scorer to 1e-9; a draw equal to the
current values changes nothing, so zero-variance distributions give exactly the deterministic score.
A value, factor or threshold of 10^15 or more in magnitude is refused with a message (the range
every number read has; a float there is still exact to an eighth of a unit, and to better than
1e-6 below 10^9), and so is a figure that overflows floats.

**Memory.** Draws are made and summarised chunk by chunk (`StreamingStats`): memory does not grow
with the number of draws (about 60 MB at any size). The mean, the standard deviation, the extremes
and the probabilities are those of every draw; the percentiles are exact up to `EXACT_DRAWS`
draws, and beyond come from a histogram of `BINS` bins whose bin width bounds their error: each
`Stats` gives that bound in `error` (`percentile_error` in JSON; a note under the table), a few
thousandths of a point for the 2019 grid.
"""

from __future__ import annotations

import array
import contextlib
import math
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from attrs import field, frozen

from cpg_score._args import describe, expect, expect_exact, expect_int
from cpg_score._convert import to_tuple
from cpg_score._display import check_lang, frame, html
from cpg_score._display import pandas as frame_module
from cpg_score._numbers import CONTEXT, Exact, decimal_text, to_fraction
from cpg_score.errors import CpgScoreError, SpecError
from cpg_score.model.grid import Grid, Results, Unit
from cpg_score.model.scorecard import Scorecard
from cpg_score.model.spec import Distribution, DistributionKind, Spec
from cpg_score.scoring import score
from cpg_score.simulate._common import NONE, ZERO, Words, json_head
from cpg_score.simulate._fast import (
    BINS,
    EXACT_DRAWS,
    FloatOverflowError,
    Kernel,
    StreamingStats,
    compile_lever,
    numpy_or_none,
)
from cpg_score.simulate._levers import Lever, Levers, levers

__all__ = [
    "BINS",
    "CHUNK",
    "EXACT_DRAWS",
    "MAX_DRAWS",
    "MAX_FIGURE",
    "MAX_KEEP",
    "MAX_SEED",
    "PERCENTILES",
    "Backend",
    "Distribution",
    "MonteCarlo",
    "Spec",
    "SpecError",
    "Stats",
    "simulate",
]

#: Draws per chunk (fixed: the NumPy stream depends on it).
CHUNK = 65_536
#: Most draws of one run (10^9: about 2 minutes with NumPy).
MAX_DRAWS = 10**9
#: Largest seed (seeds are 0 to 2^63 - 1).
MAX_SEED = 2**63 - 1
#: Most simulated totals kept in `MonteCarlo.sample`.
MAX_KEEP = 1_000_000
#: Magnitude no value, factor or threshold of the float fast path may reach (10^15, the range of
#: every number read; a float there is still exact to an eighth of a unit).
MAX_FIGURE = 10**15
#: Percentiles reported.
PERCENTILES = (1, 5, 10, 25, 50, 75, 90, 95, 99)
#: The JSON shape of a Monte Carlo run.
MONTECARLO_FORMAT = "cpg-score/montecarlo@1"
#: The statistics of a Monte Carlo record (`MonteCarlo.to_records`), in column order.
STATISTICS = ("mean", "sd", "min", "max", *(f"p{q}" for q in PERCENTILES), "percentile_error")
#: The keys of a Monte Carlo run's records, in column order.
MONTECARLO_COLUMNS = ("kind", "id", "label", *STATISTICS, "threshold", "probability")


class Backend(Words):
    """The path a Monte Carlo run took (its draws differ between `numpy` and `python`)."""

    NUMPY = "numpy"
    PYTHON = "python"
    #: Every draw scored by the exact scorer (results that are not a sum of per-lever points).
    EXACT = "exact"


@frozen(kw_only=True)
class Stats:
    """The distribution of a figure over the draws (exact current points + float changes).

    Attributes:
        mean: Mean.
        sd: Standard deviation (population).
        min: Smallest draw.
        max: Largest draw.
        percentiles: `(q, value)` pairs, linear interpolation between order statistics.
        error: Each percentile is within this many points of the exact one (0: exact; see
            `simulate`).
    """

    mean: Fraction
    sd: Fraction
    min: Fraction
    max: Fraction
    percentiles: tuple[tuple[int, Fraction], ...] = field(converter=to_tuple)
    error: Fraction = NONE

    def percentile(self, q: int) -> Fraction:
        """The q-th percentile."""
        return dict(self.percentiles)[q]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: exact numbers as decimal text (see `decimal_text`)."""
        return {
            "mean": decimal_text(self.mean),
            "sd": decimal_text(self.sd),
            "min": decimal_text(self.min),
            "max": decimal_text(self.max),
            "percentiles": {str(q): decimal_text(v) for q, v in self.percentiles},
            "percentile_error": decimal_text(self.error),
        }


@frozen(kw_only=True)
class MonteCarlo:
    """A Monte Carlo run's figures.

    Attributes:
        draws: Number of draws.
        seed: The seed.
        backend: `Backend.NUMPY` or `Backend.PYTHON` (the draws differ between them; see the
            module docstring), or `Backend.EXACT` for results only the exact scorer evaluates.
        start: The current total (exact).
        total: The total's distribution.
        objectives: `(id, label, stats)` per objective.
        thresholds: `(threshold, probability of reaching it)` pairs.
        extra: Other distributions computed from the total (e.g. profit-sharing), by name.
        sample: The first simulated totals, as floats (a picture: see `keep` in `simulate`).
    """

    grid_id: str
    entity: str
    places: int
    draws: int
    seed: int
    backend: Backend
    start: Fraction
    total: Stats
    objectives: tuple[tuple[str, str, Stats], ...] = field(converter=to_tuple)
    thresholds: tuple[tuple[Exact, Fraction], ...] = field(converter=to_tuple)
    extra: tuple[tuple[str, Stats], ...] = field(default=(), converter=to_tuple)
    sample: tuple[float, ...] = field(default=(), converter=to_tuple, repr=False)

    def probability(self, threshold: Exact) -> Fraction:
        """The probability of reaching a threshold given to the run."""
        return dict(self.thresholds)[threshold]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: exact numbers as decimal text (see `decimal_text`)."""
        return {
            **json_head(MONTECARLO_FORMAT, self.grid_id, self.entity),
            "draws": self.draws,
            "seed": self.seed,
            "backend": self.backend.value,
            "start": decimal_text(self.start),
            "total": self.total.to_dict(),
            "thresholds": [
                {"threshold": decimal_text(t), "probability": decimal_text(p)} for t, p in self.thresholds
            ],
            "objectives": [{"id": i, "label": label, **s.to_dict()} for i, label, s in self.objectives],
            **{name: s.to_dict() for name, s in self.extra},
        }

    def to_records(self, *, lang: str | None = None) -> list[dict[str, Any]]:
        """The run's summary as plain dicts, exact (`MONTECARLO_COLUMNS`); never one per draw.

        One record for the total (`kind` `total`), one per objective (`objective`), one per
        other figure (`extra`, e.g. profit-sharing), with `mean`, `sd`, `min`, `max`, the
        percentiles `p1`... `p99` and `percentile_error`; then one per threshold (`kind`
        `threshold`, `id` `total`) with `threshold` and `probability` (of reaching it). The
        keys a record does not use are None.

        Args:
            lang: `fr` or `en` to label the total (« Total »); None: no words.

        Raises:
            ValueError: `lang` is not `fr` or `en`.
        """
        if lang is not None:
            check_lang(lang)
        empty = dict.fromkeys(MONTECARLO_COLUMNS)

        def figure(kind: str, fid: str, label: str | None, stats: Stats) -> dict[str, Any]:
            numbers = {"mean": stats.mean, "sd": stats.sd, "min": stats.min, "max": stats.max}
            numbers.update({f"p{q}": value for q, value in stats.percentiles})
            return {
                **empty,
                "kind": kind,
                "id": fid,
                "label": label,
                **numbers,
                "percentile_error": stats.error,
            }

        out = [figure("total", "total", None if lang is None else "Total", self.total)]
        out.extend(figure("objective", oid, label, stats) for oid, label, stats in self.objectives)
        out.extend(figure("extra", name, None, stats) for name, stats in self.extra)
        out.extend(
            {**empty, "kind": "threshold", "id": "total", "threshold": t, "probability": p}
            for t, p in self.thresholds
        )
        return out

    def to_frame(self, *, exact: bool = False, lang: str | None = None, sample: bool = False) -> Any:
        """The summary as a `pandas.DataFrame` (see `to_records`), or the totals kept.

        Args:
            exact: Keep exact numbers (object columns of `Fraction`); by default floats.
            lang: `fr` or `en` to label the total.
            sample: Give the simulated totals kept (`keep` in `simulate`) instead: one float
                column, `total`, one row per draw kept.

        Raises:
            MissingExtraError: pandas is not installed.
            ValueError: `sample` with no draw kept.
        """
        if sample:
            if not self.sample:
                raise ValueError("no draw was kept: run simulate(..., keep=N) to keep the first N totals")
            return frame_module().DataFrame({"total": self.sample}, dtype="float64")
        return frame(self.to_records(lang=lang), MONTECARLO_COLUMNS, exact=exact)

    def _repr_html_(self) -> str | None:
        """The run's summary in a notebook, as the reports print it."""
        return html(self)


# -- marginals -----------------------------------------------------------------------------


@frozen(kw_only=True)
class _Marginal:
    kernel: Kernel
    kind: DistributionKind
    a: float  # normal: mean; triangular/uniform: low
    b: float  # normal: sd; triangular/uniform: high
    c: float  # triangular: mode
    sample: tuple[float, ...]
    low: float  # domain
    high: float
    rho: float  # correlation within its axis (0: independent)


def _short(value: Any) -> str:
    """An exact number in a message: in full when short, else to 6 significant digits."""
    with localcontext(CONTEXT):
        exact = value if isinstance(value, Decimal) else Decimal(value.numerator) / Decimal(value.denominator)
        text = format(exact.normalize(), "f" if abs(exact.adjusted()) < 16 else "g")
        return text if len(text) <= 20 else format(exact, ".6g")


def _check_carried(lever: str, name: str, value: Any) -> None:
    """Refuse a figure the float path cannot carry."""
    if value is not None and abs(value) >= MAX_FIGURE:
        raise CpgScoreError(
            f"simulate: lever {lever!r}: {name} {_short(value)} is too large for the simulation "
            "(its figures must lie within ±10^15)"
        )


def _check_lever(lever: Lever, dist: Distribution) -> None:
    _check_carried(lever.id, "points per unit of rate", lever.factor)
    _check_carried(lever.id, "current value", lever.value)
    for name in ("mean", "sd", "low", "mode", "high"):
        _check_carried(lever.id, name, getattr(dist, name))
    for index, item in enumerate(dist.sample):
        _check_carried(lever.id, f"sample[{index}]", item)


def _marginals(found: Levers, spec: Spec) -> list[_Marginal]:
    out = []
    for lever in found.items:
        dist = spec.distributions.get(lever.id, spec.default)
        if dist is None or dist.kind is DistributionKind.FIXED:
            continue
        _check_lever(lever, dist)
        value = float(lever.value)
        low, high = lever.domain()
        if dist.kind is DistributionKind.NORMAL:
            mean = float(dist.mean) if dist.mean is not None else value
            if dist.sd is not None:
                sd = float(dist.sd)
            else:
                sd = 0.02 if lever.unit is Unit.SHARE else 0.05 * abs(value)
            a, b, c = mean, sd, 0.0
        else:
            a = float(dist.low) if dist.low is not None else 0.0
            b = float(dist.high) if dist.high is not None else 0.0
            c = float(dist.mode) if dist.mode is not None else 0.0
        out.append(
            _Marginal(
                kernel=compile_lever(lever),
                kind=dist.kind,
                a=a,
                b=b,
                c=c,
                sample=tuple(float(x) for x in dist.sample),
                low=-math.inf if low is None else float(low),
                high=math.inf if high is None else float(high),
                rho=float(spec.correlations.get(lever.axis, ZERO)),
            )
        )
    return out


def _phi(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def _quantile(m: _Marginal, u: float, z: float) -> float:
    """The marginal's value at normal score z (u = Phi(z)), pure Python."""
    if m.kind is DistributionKind.NORMAL:
        return m.a + m.b * z
    if m.kind is DistributionKind.UNIFORM:
        return m.a + u * (m.b - m.a)
    if m.kind is DistributionKind.TRIANGULAR:
        span = m.b - m.a
        if span == 0:
            return m.a
        if u < (m.c - m.a) / span:
            return m.a + math.sqrt(u * span * (m.c - m.a))
        return m.b - math.sqrt((1.0 - u) * span * (m.b - m.c))
    return m.sample[min(int(u * len(m.sample)), len(m.sample) - 1)]


def _draw_python(rng: random.Random, m: _Marginal, common: dict[str, float]) -> float:
    if m.rho > 0:
        axis = m.kernel.lever.axis
        if axis not in common:
            common[axis] = rng.gauss(0.0, 1.0)
        z = math.sqrt(m.rho) * common[axis] + math.sqrt(1.0 - m.rho) * rng.gauss(0.0, 1.0)
        x = _quantile(m, _phi(z), z)
    elif m.kind is DistributionKind.NORMAL:
        x = m.a + m.b * rng.gauss(0.0, 1.0)
    elif m.kind is DistributionKind.UNIFORM:
        x = m.a + rng.random() * (m.b - m.a)
    elif m.kind is DistributionKind.TRIANGULAR:
        x = m.a if m.a == m.b else rng.triangular(m.a, m.b, m.c)
    else:
        x = m.sample[rng.randrange(len(m.sample))]
    return min(max(x, m.low), m.high)


def _draw_numpy(np: Any, rng: Any, m: _Marginal, n: int, common: dict[str, Any]) -> Any:
    if m.rho > 0:
        axis = m.kernel.lever.axis
        if axis not in common:
            common[axis] = rng.standard_normal(n)
        z = math.sqrt(m.rho) * common[axis] + math.sqrt(1.0 - m.rho) * rng.standard_normal(n)
        if m.kind is DistributionKind.NORMAL:
            x = m.a + m.b * z
        else:
            u = 0.5 * (1.0 + np.frompyfunc(math.erf, 1, 1)(z / math.sqrt(2.0)).astype(float))
            x = _quantiles_numpy(np, m, u)
    elif m.kind is DistributionKind.NORMAL:
        x = rng.normal(m.a, m.b, n) if m.b > 0 else np.full(n, m.a)
    elif m.kind is DistributionKind.UNIFORM:
        x = rng.uniform(m.a, m.b, n) if m.b > m.a else np.full(n, m.a)
    elif m.kind is DistributionKind.TRIANGULAR:
        x = rng.triangular(m.a, m.c, m.b, n) if m.b > m.a else np.full(n, m.a)
    else:
        x = np.asarray(m.sample)[rng.integers(0, len(m.sample), n)]
    return np.clip(x, m.low, m.high)


def _quantiles_numpy(np: Any, m: _Marginal, u: Any) -> Any:
    if m.kind is DistributionKind.UNIFORM:
        return m.a + u * (m.b - m.a)
    if m.kind is DistributionKind.TRIANGULAR:
        span = m.b - m.a
        if span == 0:
            return np.full(u.shape, m.a)
        left = m.a + np.sqrt(u * span * (m.c - m.a))
        right = m.b - np.sqrt((1.0 - u) * span * (m.b - m.c))
        return np.where(u < (m.c - m.a) / span, left, right)
    sample = np.asarray(m.sample)
    return sample[np.minimum((u * len(sample)).astype(int), len(sample) - 1)]


# -- statistics ----------------------------------------------------------------------------


def _exact(base: Exact, change: float) -> Fraction:
    """The exact figure plus a float change: the exact figure itself when nothing changed."""
    if change == 0:
        return to_fraction(base)
    return to_fraction(base) + Fraction(repr(float(change)))


def _stats(base: Exact, figure: StreamingStats) -> Stats:
    return Stats(
        mean=_exact(base, figure.mean_change()),
        sd=Fraction(repr(figure.sd())),
        min=_exact(base, figure.low),
        max=_exact(base, figure.high),
        percentiles=[
            (q, _exact(base, v)) for q, v in zip(PERCENTILES, figure.percentiles(PERCENTILES), strict=True)
        ],
        error=Fraction(repr(figure.error)),
    )


def _fixed(figure: Exact) -> Stats:
    """The distribution of a figure that no draw moves."""
    fixed = to_fraction(figure)
    return Stats(mean=fixed, sd=NONE, min=fixed, max=fixed, percentiles=[(q, fixed) for q in PERCENTILES])


# -- the run -------------------------------------------------------------------------------

#: Another figure per draw (profit-sharing...): `f(numpy or None, total changes, scorecard)` returns
#: the figure's exact value at the current results and its float change for each draw. It is
#: called once per chunk of at most `CHUNK` draws.
Derived = Callable[[Any, Any, Scorecard], tuple[Decimal, Any]]


class _Collector:
    """Receives each chunk of draws and keeps only streaming statistics (flat memory)."""

    def __init__(
        self,
        np: Any,
        card: Scorecard,
        moved: Sequence[str],
        thresholds: Sequence[Any],
        derived: Mapping[str, Derived],
        keep: int,
    ) -> None:
        self.np = np
        self.card = card
        self.total = StreamingStats(np)
        self.objectives = {oid: StreamingStats(np) for oid in moved}
        self.thresholds = tuple(thresholds)
        start = to_fraction(card.total.points)
        self.gaps = [float(to_fraction(t) - start) for t in self.thresholds]
        self.hits = [0] * len(self.gaps)
        self.derived = {name: (function, StreamingStats(np)) for name, function in derived.items()}
        self.bases: dict[str, Any] = {}
        self.keep = keep
        self.sample: list[float] = []

    def __call__(self, totals: Any, per_objective: Mapping[str, Any]) -> None:
        try:
            self.total.add(totals)
            for oid, changes in per_objective.items():
                self.objectives[oid].add(changes)
        except FloatOverflowError as exc:
            raise CpgScoreError(f"simulate: {exc}; check the grid's points and the spec's values") from None
        for name, (function, figure) in self.derived.items():
            try:
                with self.np.errstate(all="ignore") if self.np is not None else contextlib.nullcontext():
                    self.bases[name], changes = function(self.np, totals, self.card)
                figure.add(changes)
            except ArithmeticError:  # a division by zero or an overflow in floats
                raise CpgScoreError(
                    f"simulate: {name} cannot be computed in floats (a division by zero, or a figure "
                    "too large); check its parameters"
                ) from None
        for index, gap in enumerate(self.gaps):
            if self.np is not None:
                self.hits[index] += int((totals >= gap).sum())
            else:
                self.hits[index] += sum(1 for t in totals if t >= gap)
        if len(self.sample) < self.keep:
            start = float(self.card.total.points)
            self.sample.extend(start + float(t) for t in totals[: self.keep - len(self.sample)])


def _check(
    grid: Grid, results: Results, spec: Spec | None, draws: int, seed: int, thresholds: Sequence[Decimal]
) -> None:
    expect("grid", grid, Grid, "a Grid (see load_grid)")
    expect("results", results, Results, "a Results (see load_results)")
    expect("spec", spec, (Spec, type(None)), "a Spec (see load_spec) or None")
    expect_int("draws", draws, 1, MAX_DRAWS)
    expect_int("seed", seed, 0, MAX_SEED)
    expect("thresholds", thresholds, (list, tuple), "a list of totals (exact numbers)")
    for index, threshold in enumerate(thresholds):
        expect_exact(f"thresholds[{index}]", threshold)
        if abs(threshold) >= MAX_FIGURE:
            raise ValueError(f"thresholds[{index}] must lie within ±10^15 points, got {threshold}")


def _numpy_for(backend: str, progress: Any, derived: Any, keep: int) -> Any:
    """Check the other arguments of `simulate`; NumPy when the backend uses it, else None."""
    expect("backend", backend, str, "'auto', 'numpy' or 'python'")
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be a function of (done, draws) or None, got {describe(progress)}")
    expect("derived", derived, (Mapping, type(None)), "a mapping of name to figure function, or None")
    expect_int("keep", keep, 0, MAX_KEEP)
    np = numpy_or_none()
    if backend == "numpy" and np is None:
        raise CpgScoreError(
            "backend 'numpy' needs NumPy: install the fast extra "
            "(python -m pip install '.[fast]' in a clone of cpg-score)"
        )
    if backend not in ("auto", "numpy", "python"):
        raise CpgScoreError(f"backend must be auto, numpy or python, got {backend!r}")
    return np if backend != "python" else None


def simulate(
    grid: Grid,
    results: Results,
    spec: Spec | None = None,
    *,
    draws: int = 10_000,
    seed: int = 0,
    thresholds: Sequence[Decimal] = (),
    backend: str = "auto",
    progress: Callable[[int, int], None] | None = None,
    derived: Mapping[str, Derived] | None = None,
    keep: int = 0,
) -> MonteCarlo:
    """Run a Monte Carlo simulation of the score, in memory flat in the number of draws.

    Statistics are streamed chunk by chunk (see `StreamingStats`): the mean, the standard
    deviation, the extremes and the thresholds' probabilities are those of every draw; the
    percentiles are exact up to `EXACT_DRAWS` draws, and beyond within the bound each `Stats`
    gives in `error` (one bin of a histogram of `BINS` bins; typically a few thousandths of a point).

    Args:
        grid: The grid.
        results: The entity's current results (the base of every distribution).
        spec: Distributions (default: normal around each current value, see the module).
        draws: Number of draws, 1 to `MAX_DRAWS`.
        seed: The seed, 0 to `MAX_SEED`.
        thresholds: Totals whose probability of being reached is reported.
        backend: `auto` (NumPy when installed), `numpy` or `python`.
        progress: Called with (draws done, draws) after each chunk.
        derived: Extra figures per draw, by name (see `Derived`; e.g.
            `profit_sharing_figure`).
        keep: Keep the first `keep` simulated totals (floats) in `sample`, for a histogram
            (at most `MAX_KEEP`).

    Returns:
        The distribution of the total and of each objective, and the thresholds' probabilities.

    Raises:
        TypeError: An argument has the wrong type (the message names it).
        ValueError: `draws`, `seed`, `keep` or a threshold is out of its range.
        CpgScoreError: `backend='numpy'` without NumPy, or a figure too large for the float path.
    """
    _check(grid, results, spec, draws, seed, thresholds)
    np = _numpy_for(backend, progress, derived, keep)
    found = levers(grid, results)
    marginals = _marginals(found, spec or Spec())
    if not found.additive:
        moved = [o.id for o in found.card.objectives]
        sink = _Collector(None, found.card, moved, thresholds, derived or {}, keep)
        _run_exact(found, marginals, _chunks(draws, progress), seed, sink)
        return _summarise(found, sink, draws, seed, Backend.EXACT)
    moved = sorted({m.kernel.lever.objective for m in marginals})
    sink = _Collector(np, found.card, moved, thresholds, derived or {}, keep)
    if np is not None:
        _run_numpy(np, marginals, _chunks(draws, progress), seed, sink)
        return _summarise(found, sink, draws, seed, Backend.NUMPY)
    _run_python(marginals, _chunks(draws, progress), seed, sink)
    return _summarise(found, sink, draws, seed, Backend.PYTHON)


def _chunks(draws: int, progress: Callable[[int, int], None] | None) -> Iterator[int]:
    """The size of each chunk of `draws`; `progress` is told once each chunk is summarised."""
    done = 0
    while done < draws:
        n = min(CHUNK, draws - done)
        yield n
        done += n
        if progress is not None:
            progress(done, draws)


def _run_numpy(
    np: Any, marginals: Sequence[_Marginal], chunks: Iterator[int], seed: int, sink: _Collector
) -> None:
    rng = np.random.Generator(np.random.PCG64(seed))
    moved = list(sink.objectives)
    for n in chunks:
        common: dict[str, Any] = {}
        totals = np.zeros(n)
        per_objective = {oid: np.zeros(n) for oid in moved}
        with np.errstate(all="ignore"):  # a non-finite figure is refused by the sink, with a message
            for m in marginals:
                change = m.kernel.points_changes(np, _draw_numpy(np, rng, m, n, common))
                totals += change
                per_objective[m.kernel.lever.objective] += change
        sink(totals, per_objective)


def _run_python(marginals: Sequence[_Marginal], chunks: Iterator[int], seed: int, sink: _Collector) -> None:
    rng = random.Random(seed)
    plan = [
        (m, m.kernel.scalar, m.kernel.factor, m.kernel.current, m.kernel.lever.objective) for m in marginals
    ]
    for n in chunks:
        totals = array.array("d")
        per_objective = {oid: array.array("d") for oid in sink.objectives}
        for _ in range(n):
            common: dict[str, float] = {}
            total = 0.0
            changes = dict.fromkeys(per_objective, 0.0)
            for m, rate, factor, current, objective in plan:
                change = factor * (rate(_draw_python(rng, m, common)) - current)
                total += change
                changes[objective] += change
            totals.append(total)
            for oid, change in changes.items():
                per_objective[oid].append(change)
        sink(totals, per_objective)


def _run_exact(
    found: Levers, marginals: Sequence[_Marginal], chunks: Iterator[int], seed: int, sink: _Collector
) -> None:
    """The generic fallback: every draw scored by the exact scorer (slow; pure-Python draws)."""
    rng = random.Random(seed)
    base = found.card
    start = to_fraction(base.total.points)
    currents = [to_fraction(o.points) for o in base.objectives]
    for n in chunks:
        totals = array.array("d")
        per_objective = {o.id: array.array("d") for o in base.objectives}
        for _ in range(n):
            common: dict[str, float] = {}
            values = {m.kernel.lever.id: Decimal(repr(_draw_python(rng, m, common))) for m in marginals}
            card = score(found.grid, found.results.replace_values(**values))
            totals.append(float(to_fraction(card.total.points) - start))
            for drawn, current in zip(card.objectives, currents, strict=True):
                per_objective[drawn.id].append(float(to_fraction(drawn.points) - current))
        sink(totals, per_objective)


def _summarise(found: Levers, sink: _Collector, draws: int, seed: int, backend: Backend) -> MonteCarlo:
    card = found.card
    start = to_fraction(card.total.points)
    objectives = [
        (
            o.id,
            o.label,
            _stats(o.points, sink.objectives[o.id]) if o.id in sink.objectives else _fixed(o.points),
        )
        for o in card.objectives
    ]
    probabilities = [(t, Fraction(hits, draws)) for t, hits in zip(sink.thresholds, sink.hits, strict=True)]
    extra = [(name, _stats(sink.bases[name], figure)) for name, (_, figure) in sink.derived.items()]
    return MonteCarlo(
        grid_id=found.grid.id,
        entity=found.results.entity.id,
        places=found.grid.rounding.points,
        draws=draws,
        seed=seed,
        backend=backend,
        start=start,
        total=_stats(start, sink.total),
        objectives=objectives,
        thresholds=probabilities,
        extra=extra,
        sample=sink.sample,
    )
