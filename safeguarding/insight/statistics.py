"""Rates, proportions and relative rates with 95% confidence intervals.

Partnership reports compare small areas and small groups of children, where a count of a dozen
can double or halve by chance from one year to the next. Every figure therefore carries an
interval, and the methods follow Public Health England's (now OHID's) Fingertips tools so our
numbers can be set beside theirs: Wilson score limits for proportions, Dobson's method for
directly standardised rates, log-scale limits for ratios, and exact (Garwood) Poisson limits for
rates, which Byar's approximation in PHE's tools closely follows.

Pure Python with SciPy's special functions and no Django, so it can be tested and reused on its
own. (statsmodels has the same methods, but takes seconds to import in every web worker; the
two formulas it would give are short enough to write out here.)
Functions return None where no estimate can honestly be given (nothing to divide by, or a ratio
with a zero count) and raise ValueError for input that cannot be a count at all.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.special import gammaincinv

Z_95 = 1.959963984540054
"""The standard normal quantile for a two-sided 95% interval."""

PER = 10_000
"""Rates are given per 10,000 of the population, as the Department for Education gives them."""


@dataclass(frozen=True)
class Estimate:
    """A point estimate with the lower and upper limits of its 95% confidence interval."""

    value: float
    lower: float
    upper: float

    def excludes(self, null: float) -> bool:
        """Whether the whole interval lies above or below `null` (a significant difference)."""
        return self.lower > null or self.upper < null


def _exact_poisson_limits(count: int) -> tuple[float, float]:
    """Garwood's exact limits for a Poisson count: chi-squared quantiles on 2x and 2x+2 df."""
    # chi2.ppf(q, 2k) / 2 is the inverse of the regularised lower incomplete gamma
    # function at q with shape k; a zero count has a lower limit of exactly 0.
    lower = float(gammaincinv(count, 0.025)) if count > 0 else 0.0
    return lower, float(gammaincinv(count + 1, 0.975))


def _check_count(name: str, value: int) -> None:
    if value < 0:
        raise ValueError(f"{name} cannot be negative (got {value})")


def rate_per_10000(*, count: int, population: int) -> Estimate | None:
    """The rate per 10,000 with the exact (Garwood) Poisson interval for the count.

    None when the population is zero or less, since no rate can be given. A count of 0 gives a
    rate of 0 with a lower limit of 0 and a positive upper limit.
    """
    _check_count("count", count)
    if population <= 0:
        return None
    scale = PER / population
    lower, upper = _exact_poisson_limits(count)
    return Estimate(count * scale, lower * scale, upper * scale)


def proportion(*, count: int, total: int) -> Estimate | None:
    """The share (0 to 1) of `total` that `count` is, with the Wilson score interval.

    Wilson rather than the normal approximation because the normal interval runs below 0 and
    collapses to a width of nothing for small counts, which are the usual case here. None when
    the total is zero or less.
    """
    _check_count("count", count)
    if total <= 0:
        return None
    if count > total:
        raise ValueError(f"count ({count}) cannot exceed total ({total})")
    share = count / total
    z2 = Z_95 * Z_95
    centre = (share + z2 / (2 * total)) / (1 + z2 / total)
    half = Z_95 / (1 + z2 / total) * math.sqrt(share * (1 - share) / total + z2 / (4 * total**2))
    return Estimate(share, max(0.0, centre - half), min(1.0, centre + half))


def _log_ratio(ratio: float, standard_error: float) -> Estimate:
    """A ratio with the interval exp(ln ratio ± z * SE), symmetric on the log scale."""
    margin = Z_95 * standard_error
    return Estimate(ratio, ratio * math.exp(-margin), ratio * math.exp(margin))


def relative_rate(
    *, count: int, population: int, reference_count: int, reference_population: int
) -> Estimate | None:
    """The rate ratio of a group against a reference group, with a log-scale interval.

    SE(ln RR) = sqrt(1/a + 1/b) for counts a and b. None when either count is 0 (the log of
    the ratio and its standard error are then infinite) or either population is zero or less.
    """
    _check_count("count", count)
    _check_count("reference_count", reference_count)
    if count == 0 or reference_count == 0 or population <= 0 or reference_population <= 0:
        return None
    ratio = (count / population) / (reference_count / reference_population)
    return _log_ratio(ratio, math.sqrt(1 / count + 1 / reference_count))


def relative_proportion(
    *, count: int, total: int, reference_count: int, reference_total: int
) -> Estimate | None:
    """The risk ratio of two proportions, with the Katz log interval.

    SE(ln RR) = sqrt(1/a - 1/n1 + 1/b - 1/n2). None when either count or either total is 0.
    """
    _check_count("count", count)
    _check_count("reference_count", reference_count)
    if count == 0 or reference_count == 0 or total <= 0 or reference_total <= 0:
        return None
    if count > total or reference_count > reference_total:
        raise ValueError("a count cannot exceed its total")
    ratio = (count / total) / (reference_count / reference_total)
    variance = 1 / count - 1 / total + 1 / reference_count - 1 / reference_total
    return _log_ratio(ratio, math.sqrt(variance))


def directly_standardised_rate(
    *, counts: Sequence[int], populations: Sequence[int], standard: Sequence[int]
) -> Estimate | None:
    """A directly standardised rate per 10,000 over strata, with Dobson's interval.

    The strata are, for example, age band by deprivation decile; `standard` is the standard
    population in each (such as England's). DSR = sum of w * count / population with the
    weights w = standard / sum(standard). Dobson's method, as in PHE's tools, scales the exact
    Poisson limits of the total count O: limit = DSR + sqrt(var / O) * (O_limit - O), where
    var = sum of w^2 * count / population^2.

    A stratum with no population and no count is left out and the weights are taken over the
    strata that remain, so the rate is standardised to the standard population of the strata
    the area has rather than being pulled down by strata it has none of. A stratum with a count
    but no population is impossible data and gives None, as does having no stratum with a
    population (or only strata with no standard population).

    When no events were observed (O = 0) the rate is 0 with a lower limit of 0, and Dobson's
    factor sqrt(var / O) is 0/0. The upper limit then uses the largest weight per event,
    max(w / population), times the exact upper limit for a count of 0 (3.689): the widest the
    factor can be for any spread of events across strata, so the interval never claims more
    certainty than the data give.

    Raises ValueError when the three sequences differ in length.
    """
    if not len(counts) == len(populations) == len(standard):
        raise ValueError("counts, populations and standard must have one entry per stratum")
    strata: list[tuple[int, int, int]] = []
    for count, population, weight in zip(counts, populations, standard, strict=True):
        _check_count("count", count)
        _check_count("population", population)
        _check_count("standard", weight)
        if population == 0:
            if count > 0:
                return None
            continue
        strata.append((count, population, weight))
    standard_total = sum(weight for _, _, weight in strata)
    if standard_total == 0:
        return None

    # Per-event weight of each stratum (its contribution to the DSR per event), per 10,000.
    per_event = [
        (PER * weight / standard_total / population, count) for count, population, weight in strata
    ]
    dsr = sum(k * count for k, count in per_event)
    variance = sum(k * k * count for k, count in per_event)
    observed = sum(count for _, count in per_event)
    lower_count, upper_count = _exact_poisson_limits(observed)
    if observed == 0:
        return Estimate(0.0, 0.0, max(k for k, _ in per_event) * upper_count)
    factor = math.sqrt(variance / observed)
    return Estimate(
        dsr,
        dsr + factor * (lower_count - observed),
        dsr + factor * (upper_count - observed),
    )


def significance(estimate: Estimate | None, *, null: float = 1.0) -> str:
    """How an estimate compares with `null`: "higher", "lower" or "not significant".

    "higher" when the whole interval is above `null`, "lower" when it is all below, and an
    empty string when there is no estimate. For a rate, pass the comparator's rate as `null`.
    """
    if estimate is None:
        return ""
    if estimate.lower > null:
        return "higher"
    if estimate.upper < null:
        return "lower"
    return "not significant"
