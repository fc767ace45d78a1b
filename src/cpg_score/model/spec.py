"""A Monte Carlo spec: the distribution of each uncertain result, and their correlations."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from attrs import field, frozen

from cpg_score._args import expect, expect_exact
from cpg_score._convert import to_tuple
from cpg_score._words import Words

__all__ = ["KINDS", "Distribution", "DistributionKind", "Spec"]


class DistributionKind(Words):
    """The kinds of distribution of a lever's year-end value (written as their value in files)."""

    NORMAL = "normal"
    TRIANGULAR = "triangular"
    UNIFORM = "uniform"
    EMPIRICAL = "empirical"
    FIXED = "fixed"


#: The kinds of distribution, as written in a spec file.
KINDS = tuple(kind.value for kind in DistributionKind)


def _kind(value: Any) -> DistributionKind:
    """A kind from its text (or itself), refusing another text with the choices."""
    if isinstance(value, DistributionKind):
        return value
    if isinstance(value, str) and value in KINDS:
        return DistributionKind(value)
    raise ValueError(f"distribution must be one of {', '.join(KINDS)}, got {value!r}")


@frozen(kw_only=True)
class Distribution:
    """A lever's year-end value as a distribution.

    Attributes:
        kind: `normal`, `triangular`, `uniform`, `empirical` or `fixed` (held at its value); a
            text is converted to its [`DistributionKind`][cpg_score.model.spec.DistributionKind].
        mean: A normal's mean (None: the current value).
        sd: A normal's standard deviation (None: 0.02 for a share, 5 % of the value otherwise).
        low: Lower end (triangular, uniform).
        mode: Mode (triangular).
        high: Upper end (triangular, uniform).
        sample: Values drawn with replacement (empirical).
    """

    kind: DistributionKind = field(converter=_kind)
    mean: Decimal | None = None
    sd: Decimal | None = None
    low: Decimal | None = None
    mode: Decimal | None = None
    high: Decimal | None = None
    sample: tuple[Decimal, ...] = field(default=(), converter=to_tuple)

    def __attrs_post_init__(self) -> None:
        for name in ("mean", "sd", "low", "mode", "high"):
            if getattr(self, name) is not None:
                expect_exact(name, getattr(self, name))
        for index, item in enumerate(self.sample):
            expect_exact(f"sample[{index}]", item)
        if self.kind == "normal" and self.sd is not None and self.sd < 0:
            raise ValueError(f"sd must be >= 0, got {self.sd}")
        if self.kind in ("triangular", "uniform") and (self.low is None or self.high is None):
            raise ValueError(f"a {self.kind} distribution needs low and high")
        if self.kind == "triangular" and self.mode is None:
            raise ValueError("a triangular distribution needs a mode")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low}) must not exceed high ({self.high})")
        if self.kind == "triangular" and not (self.low <= self.mode <= self.high):  # type: ignore[operator]
            raise ValueError(f"mode ({self.mode}) must lie between low ({self.low}) and high ({self.high})")
        if self.kind == "empirical" and not self.sample:
            raise ValueError("an empirical distribution needs a non-empty sample")


@frozen
class Spec:
    """Distributions by lever id, correlations by axis id, and the default for unlisted levers.

    Attributes:
        distributions: By lever id.
        correlations: Pairwise correlation in [0, 1) between the levers of an axis, by axis id.
        default: The distribution of a lever not listed (None: held at its current value).
    """

    distributions: Mapping[str, Distribution] = field(factory=dict)
    correlations: Mapping[str, Decimal] = field(factory=dict)
    default: Distribution | None = Distribution(kind="normal")

    def __attrs_post_init__(self) -> None:
        expect("distributions", self.distributions, Mapping, "a mapping of lever id to Distribution")
        for key, dist in self.distributions.items():
            expect(f"distributions[{key!r}]", dist, Distribution, "a Distribution")
        expect("correlations", self.correlations, Mapping, "a mapping of axis id to a correlation")
        for key, rho in self.correlations.items():
            expect_exact(f"correlations[{key!r}]", rho)
            if not 0 <= rho < 1:
                raise ValueError(f"correlations[{key!r}] must lie in [0, 1), got {rho}")
        expect("default", self.default, (Distribution, type(None)), "a Distribution or None")
