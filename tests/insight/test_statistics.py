"""Rates, proportions and ratios with their 95% intervals, checked against numbers worked by hand.

The expected values are literals worked out in the comments (chi-squared quantiles are quoted
from tables), never a second call to the library under test, so a change of method shows up.
"""

import pytest

from safeguarding.insight.statistics import (
    Z_95,
    Estimate,
    directly_standardised_rate,
    proportion,
    rate_per_10000,
    relative_proportion,
    relative_rate,
    significance,
)


def approx(value: float) -> object:
    return pytest.approx(value, rel=1e-4)


def assert_estimate(estimate: Estimate | None, value: float, lower: float, upper: float) -> None:
    assert estimate is not None
    assert estimate.value == approx(value)
    assert estimate.lower == approx(lower)
    assert estimate.upper == approx(upper)


def test_z_is_the_two_sided_95_percent_normal_quantile() -> None:
    # Tables: Phi(1.959964) = 0.975.
    assert pytest.approx(1.959964, abs=1e-6) == Z_95


def test_rate_per_10000_uses_garwoods_exact_poisson_interval() -> None:
    # 12 events among 4,000 children: 12 * 10,000 / 4,000 = 30.0 per 10,000.
    # Garwood: lower = chi2.ppf(0.025, 2*12) / 2 = 12.40115 / 2 = 6.200575
    #          upper = chi2.ppf(0.975, 2*12 + 2) / 2 = 41.92317 / 2 = 20.961585
    # Scaled by 10,000 / 4,000 = 2.5: 15.501438 and 52.403963.
    assert_estimate(rate_per_10000(count=12, population=4_000), 30.0, 15.501438, 52.403963)


def test_a_zero_count_has_a_rate_of_zero_and_a_positive_upper_limit() -> None:
    # Upper = chi2.ppf(0.975, 2) / 2 = -ln(0.025) = 3.688879; per 10,000 of 2,500: * 4 = 14.755518.
    estimate = rate_per_10000(count=0, population=2_500)
    assert_estimate(estimate, 0.0, 0.0, 14.755518)
    assert estimate is not None and estimate.lower == 0.0


@pytest.mark.parametrize("population", [0, -5])
def test_no_rate_without_a_population(population: int) -> None:
    assert rate_per_10000(count=3, population=population) is None


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        rate_per_10000(count=-1, population=100)


def test_proportion_uses_the_wilson_score_interval() -> None:
    # 3 of 20, p = 0.15, z^2 = 3.841459, z^2 / n = 0.192073, so the denominator is 1.192073.
    # Centre    = (p + z^2 / 2n) / 1.192073 = (0.15 + 0.096036) / 1.192073 = 0.206394
    # Half-width = z / 1.192073 * sqrt(p(1-p)/n + z^2/4n^2)
    #            = 1.644162 * sqrt(0.006375 + 0.002401) = 0.154025
    # Interval 0.052369 to 0.360419. The normal approximation, 0.15 ± 1.96 * sqrt(0.006375),
    # would give -0.006491 to 0.306491, so this fails if the method changed.
    assert_estimate(proportion(count=3, total=20), 0.15, 0.052369, 0.360419)


def test_wilson_interval_at_the_edges_stays_within_zero_and_one() -> None:
    # 0 of 10: centre = (z^2/20) / (1 + z^2/10) = 0.192073 / 1.384146 = 0.138767 and the
    # half-width is the same (p = 0), so 0 to 0.277533.
    assert_estimate(proportion(count=0, total=10), 0.0, 0.0, 0.277533)
    # 10 of 10 mirrors it: 0.722467 to 1.
    assert_estimate(proportion(count=10, total=10), 1.0, 0.722467, 1.0)


def test_no_proportion_of_nothing_and_no_count_above_the_total() -> None:
    assert proportion(count=0, total=0) is None
    with pytest.raises(ValueError, match="exceed"):
        proportion(count=5, total=4)


def test_relative_rate_has_a_log_scale_interval() -> None:
    # 30 in 6,000 (50 per 10,000) against 100 in 40,000 (25 per 10,000): RR = 2.
    # SE(ln RR) = sqrt(1/30 + 1/100) = sqrt(0.043333) = 0.208167; z * SE = 0.407999.
    # 2 * exp(-0.407999) = 2 * 0.664980 = 1.329959; 2 * exp(0.407999) = 3.007611.
    estimate = relative_rate(
        count=30, population=6_000, reference_count=100, reference_population=40_000
    )
    assert_estimate(estimate, 2.0, 1.329959, 3.007611)
    assert significance(estimate) == "higher"


@pytest.mark.parametrize(
    ("count", "population", "reference_count", "reference_population"),
    [(0, 6_000, 100, 40_000), (30, 6_000, 0, 40_000), (30, 0, 100, 40_000), (30, 6_000, 100, 0)],
)
def test_no_relative_rate_with_a_zero_count_or_population(
    count: int, population: int, reference_count: int, reference_population: int
) -> None:
    assert (
        relative_rate(
            count=count,
            population=population,
            reference_count=reference_count,
            reference_population=reference_population,
        )
        is None
    )


def test_relative_proportion_uses_the_katz_log_interval() -> None:
    # 20 of 80 (0.25) against 30 of 240 (0.125): RR = 2.
    # SE^2 = 1/20 - 1/80 + 1/30 - 1/240 = 0.05 - 0.0125 + 0.033333 - 0.004167 = 0.066667
    # SE = 0.258199; z * SE = 0.506061; 2 * exp(-0.506061) = 1.205732, 2 * exp(0.506061) = 3.317487.
    estimate = relative_proportion(count=20, total=80, reference_count=30, reference_total=240)
    assert_estimate(estimate, 2.0, 1.205732, 3.317487)
    # With 1/a + 1/b alone (ignoring the totals) the SE would be 0.288675 and the lower limit
    # 2 * exp(-0.565792) = 1.135822: the Katz terms -1/n1 - 1/n2 matter here.
    assert estimate is not None and estimate.lower != approx(1.135822)


def test_no_relative_proportion_with_a_zero_count_or_total() -> None:
    assert relative_proportion(count=0, total=80, reference_count=30, reference_total=240) is None
    assert relative_proportion(count=20, total=80, reference_count=0, reference_total=240) is None
    assert relative_proportion(count=0, total=0, reference_count=30, reference_total=240) is None
    assert relative_proportion(count=20, total=80, reference_count=0, reference_total=0) is None


# Two age bands by two deprivation groups, in the order
# (under 10, more deprived), (under 10, less deprived), (10 to 17, more), (10 to 17, less).
COUNTS = [10, 20, 5, 15]
POPULATIONS = [2_000, 4_000, 1_000, 2_500]
STANDARD = [3_000, 2_000, 4_000, 1_000]


def test_directly_standardised_rate_with_dobsons_interval() -> None:
    # Weights w = standard / 10,000 = 0.3, 0.2, 0.4, 0.1.
    # Per-event weight k = 10,000 * w / population = 1.5, 0.5, 4.0, 0.4.
    # DSR = sum k * count = 15 + 10 + 20 + 6 = 51.0 per 10,000.
    # var = sum k^2 * count = 2.25*10 + 0.25*20 + 16*5 + 0.16*15 = 22.5 + 5 + 80 + 2.4 = 109.9
    # O = 50; exact limits for O: chi2.ppf(0.025, 100)/2 = 37.110964,
    #                             chi2.ppf(0.975, 102)/2 = 65.918767.
    # sqrt(var / O) = sqrt(2.198) = 1.482565.
    # Lower = 51 + 1.482565 * (37.110964 - 50) = 51 - 19.108838 = 31.891162
    # Upper = 51 + 1.482565 * (65.918767 - 50) = 51 + 23.600612 = 74.600612
    estimate = directly_standardised_rate(counts=COUNTS, populations=POPULATIONS, standard=STANDARD)
    assert_estimate(estimate, 51.0, 31.891162, 74.600612)


def test_a_standardised_rate_of_nothing_has_an_upper_limit_from_the_heaviest_stratum() -> None:
    # O = 0: rate 0, lower 0; upper = max k * exact upper for 0 = 4.0 * 3.688879 = 14.755518.
    estimate = directly_standardised_rate(
        counts=[0, 0, 0, 0], populations=POPULATIONS, standard=STANDARD
    )
    assert_estimate(estimate, 0.0, 0.0, 14.755518)


def test_strata_without_population_are_left_out_and_the_weights_renormalised() -> None:
    # The third stratum has no children and no events. The remaining standard is
    # 3,000 + 2,000 + 1,000 = 6,000, so w = 1/2, 1/3, 1/6 and k = 10,000 * w / population
    # = 2.5, 0.833333, 0.666667. DSR = 25 + 16.666667 + 10 = 51.666667.
    estimate = directly_standardised_rate(
        counts=[10, 20, 0, 15], populations=[2_000, 4_000, 0, 2_500], standard=STANDARD
    )
    assert estimate is not None
    assert estimate.value == approx(51.666667)


def test_impossible_or_empty_strata_give_no_standardised_rate() -> None:
    # Events in a stratum with no population cannot be.
    assert (
        directly_standardised_rate(
            counts=[10, 20, 5, 15], populations=[2_000, 4_000, 0, 2_500], standard=STANDARD
        )
        is None
    )
    assert directly_standardised_rate(counts=[0, 0], populations=[0, 0], standard=[10, 10]) is None
    assert directly_standardised_rate(counts=[], populations=[], standard=[]) is None


def test_strata_sequences_must_match_in_length() -> None:
    with pytest.raises(ValueError, match="one entry per stratum"):
        directly_standardised_rate(counts=[1, 2], populations=[10, 20], standard=[5])


def test_significance_flags() -> None:
    assert significance(Estimate(2.0, 1.33, 3.01)) == "higher"
    assert significance(Estimate(0.5, 0.3, 0.8)) == "lower"
    assert significance(Estimate(1.1, 0.9, 1.4)) == "not significant"
    # An interval touching the null is not significant.
    assert significance(Estimate(1.5, 1.0, 2.0)) == "not significant"
    assert significance(None) == ""
    # Against a comparator rate: 30.0 (15.50 to 52.40) per 10,000 against England's 12.
    assert significance(Estimate(30.0, 15.5, 52.4), null=12.0) == "higher"
    assert significance(Estimate(30.0, 15.5, 52.4), null=40.0) == "not significant"


def test_excludes() -> None:
    estimate = Estimate(2.0, 1.33, 3.01)
    assert estimate.excludes(1.0)
    assert estimate.excludes(3.5)
    assert not estimate.excludes(2.5)
    assert not estimate.excludes(1.33)
