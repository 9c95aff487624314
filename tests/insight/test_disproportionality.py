"""Disproportionality tables: rates against the population, relative rates against a reference
group, standardised rates and stage-to-stage comparisons, all after suppression.

Pure Python, no database. The expected figures are worked by hand in the comments (exact
Poisson limits are the lambda solving the Poisson sums, found by bisection outside the test),
never by calling the statistics module a second time, so a change of method or of the order
"suppress first, then compute" shows up here.

The main example is the aggregate return of tests/insight/records.py: referrals by ethnicity
WBRI 90, BCRB 54, AIND 9, WIRI 3, CHNE 8, WROM 0 against a population of WBRI 9,000,
BCRB 1,800, AIND 2,700, WIRI 450 and CHNE 900 (WROM has no children in the table).
"""

from typing import cast

import pytest

from safeguarding.insight.disproportionality import (
    ALL_OTHERS,
    Comparison,
    GroupRow,
    Stratum,
    compare_proportions,
    compare_stages,
    compare_with_population,
)
from safeguarding.insight.statistics import Estimate
from safeguarding.insight.suppression import DFE, NHS

COUNTS = {"WBRI": 90, "BCRB": 54, "AIND": 9, "WIRI": 3, "CHNE": 8, "WROM": 0}
POPULATIONS = {"WBRI": 9_000, "BCRB": 1_800, "AIND": 2_700, "WIRI": 450, "CHNE": 900}
LABELS = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WROM": "Roma",
    "BCRB": "Black Caribbean",
    "AIND": "Indian",
    "CHNE": "Chinese",
}


def approx(value: float) -> object:
    return pytest.approx(value, rel=1e-5)


def assert_estimate(estimate: Estimate | None, value: float, lower: float, upper: float) -> None:
    assert estimate is not None
    assert (estimate.value, estimate.lower, estimate.upper) == (
        approx(value),
        approx(lower),
        approx(upper),
    )


def row_of(comparison: Comparison, code: str) -> GroupRow:
    return next(row for row in comparison.rows if row.code == code)


def by_ethnicity(**changes: object) -> Comparison:
    arguments: dict[str, object] = {
        "counts": COUNTS,
        "populations": POPULATIONS,
        "labels": LABELS,
        "reference": "WBRI",
        "policy": DFE,
    }
    arguments.update(changes)
    return compare_with_population(**arguments)  # type: ignore[arg-type]


def test_rates_per_10000_and_relative_rates_against_white_british() -> None:
    comparison = by_ethnicity()
    # Rows follow the code list's order (the labels), with every group counted or in the
    # population table.
    assert [row.code for row in comparison.rows] == ["WBRI", "WIRI", "WROM", "BCRB", "AIND", "CHNE"]
    assert comparison.measure == "rate"
    assert comparison.reference_label == "White British"
    wbri, bcrb, aind = (row_of(comparison, c) for c in ("WBRI", "BCRB", "AIND"))
    # WBRI: 90 * 10,000 / 9,000 = 100.0. Exact Poisson limits for 90: 72.370628 and
    # 110.625280, times 10,000 / 9,000 = 1.111111: 80.411809 and 122.916978.
    assert_estimate(wbri.rate, 100.0, 80.411809, 122.916978)
    assert wbri.is_reference and wbri.relative is None and wbri.flag == ""
    # BCRB: 54 * 10,000 / 1,800 = 300.0. Limits for 54: 40.566462 and 70.458286, times
    # 10,000 / 1,800 = 5.555556: 225.369233 and 391.434924.
    assert_estimate(bcrb.rate, 300.0, 225.369233, 391.434924)
    # RR = 300 / 100 = 3.0; SE(ln RR) = sqrt(1/54 + 1/90) = sqrt(0.0296296) = 0.172133;
    # z * SE = 1.959964 * 0.172133 = 0.337374; 3 * exp(-0.337374) = 2.140926 and
    # 3 * exp(0.337374) = 4.203788. The whole interval is above 1: "higher".
    assert_estimate(bcrb.relative, 3.0, 2.140926, 4.203788)
    assert bcrb.flag == "higher"
    # AIND: 9 * 10,000 / 2,700 = 33.333333; RR = 33.333333 / 100 = 0.333333.
    # SE = sqrt(1/9 + 1/90) = sqrt(0.122222) = 0.349603; z * SE = 0.685209;
    # 0.333333 * exp(-0.685209) = 0.167995, 0.333333 * exp(0.685209) = 0.661396: "lower".
    assert aind.rate is not None and aind.rate.value == approx(33.333333)
    assert_estimate(aind.relative, 0.333333, 0.167995, 0.661396)
    assert aind.flag == "lower"
    assert [row.code for row in comparison.flagged] == ["BCRB", "AIND"]
    assert comparison.compared
    assert comparison.total.text == "164"
    assert comparison.explanations == []


def test_a_small_count_and_its_complement_are_suppressed_and_get_no_rate() -> None:
    comparison = by_ethnicity()
    wiri, chne = row_of(comparison, "WIRI"), row_of(comparison, "CHNE")
    # DfE: 3 is in 1..5, so primary; with only one hidden cell and the total (164) shown,
    # 3 = 164 - the rest, so the smallest other non-zero count, CHNE's 8, goes too.
    assert (wiri.count.text, wiri.count.reason) == ("c", "primary")
    assert (chne.count.text, chne.count.reason) == ("c", "secondary")
    for row in (wiri, chne):
        # A rate (3 * 10,000 / 450 = 66.7) would give the count back: none is worked out.
        assert row.rate is None and row.relative is None and row.flag == ""
        assert row.note == "Count suppressed: no rate shown"
        assert row.base is not None and row.base > 0


def test_a_group_with_no_population_gets_a_note_not_a_zero_rate() -> None:
    # WROM has no children in the population table; one group has referrals but no
    # population at all. A rate of 0 (or infinity) would mislead: neither gets one.
    comparison = by_ethnicity(counts={**COUNTS, "Not recorded": 12})
    for code in ("WROM", "Not recorded"):
        row = row_of(comparison, code)
        assert row.base == 0
        assert row.rate is None and row.relative is None
        assert row.note == "No children of this group in the population table: no rate"
    # A code not in the code list keeps its code as its label and comes after the listed ones.
    assert comparison.rows[-1].code == "Not recorded"
    assert comparison.rows[-1].label == "Not recorded"


def test_a_group_with_children_but_none_counted_has_a_zero_rate_and_no_ratio() -> None:
    # CHNE with 0 referrals among 900 children is a real zero: the rate is 0 with an upper
    # limit of 3.688879 * 10,000 / 900 = 40.987549. The log ratio of 0 is undefined.
    comparison = by_ethnicity(counts={"WBRI": 90, "BCRB": 54, "CHNE": 0})
    chne = row_of(comparison, "CHNE")
    assert_estimate(chne.rate, 0.0, 0.0, 40.987549)
    assert chne.relative is None
    assert chne.note == "No children counted, so no relative rate"


def test_a_reference_group_with_no_children_is_explained_not_blamed_on_the_others() -> None:
    # White British 0 of 9,000: a real zero (rate 0, shown), but no ratio can be taken
    # against it, since ln(RR) would be infinite.
    comparison = by_ethnicity(counts={"WBRI": 0, "BCRB": 54, "AIND": 9})
    bcrb = row_of(comparison, "BCRB")
    assert bcrb.rate is not None and bcrb.rate.value == approx(300.0)
    assert bcrb.relative is None
    # Whatever is said must be true of the row it is said about: BCRB had 54 children.
    assert "No children counted" not in bcrb.note
    assert any("White British" in text for text in [*comparison.explanations, bcrb.note])


def test_without_population_figures_only_counts_are_shown() -> None:
    comparison = by_ethnicity(populations=None)
    assert all(row.rate is None and row.relative is None for row in comparison.rows)
    assert all(row.base is None for row in comparison.rows)
    assert not comparison.compared
    # Suppression still applies to the counts.
    assert [row.count.text for row in comparison.rows] == ["90", "c", "0", "54", "9", "c"]
    [explanation] = comparison.explanations
    assert explanation.startswith("The population table has no figures for this breakdown")
    assert "counts only" in explanation


def test_a_suppressed_reference_group_gives_no_relative_rates() -> None:
    # WBRI's 4 is suppressed (primary) and AIND's 9 with it (secondary, the smallest other).
    comparison = by_ethnicity(counts={"WBRI": 4, "BCRB": 54, "AIND": 9})
    assert row_of(comparison, "WBRI").count.text == "c"
    assert row_of(comparison, "AIND").count.reason == "secondary"
    bcrb = row_of(comparison, "BCRB")
    # BCRB's own rate is still shown (54 * 10,000 / 1,800 = 300), but nothing to compare with.
    assert bcrb.rate is not None and bcrb.rate.value == approx(300.0)
    assert bcrb.relative is None
    assert not comparison.compared
    [explanation] = comparison.explanations
    assert explanation.startswith("The reference group (White British) has no rate")
    assert "Choose another reference group" in explanation


def test_relative_rates_against_all_other_children() -> None:
    comparison = by_ethnicity(reference=ALL_OTHERS)
    assert comparison.reference_label == "all other children"
    bcrb = row_of(comparison, "BCRB")
    # Others: count 164 - 54 = 110 (the total is shown); population
    # 9,000 + 1,800 + 2,700 + 450 + 900 + 0 - 1,800 = 13,050.
    # Their rate: 110 * 10,000 / 13,050 = 84.291188; RR = 300 / 84.291188 = 3.559091.
    # SE = sqrt(1/54 + 1/110) = sqrt(0.0276094) = 0.166161; z * SE = 0.325669;
    # 3.559091 * exp(-0.325669) = 2.569820 and * exp(0.325669) = 4.929189.
    assert_estimate(bcrb.relative, 3.559091, 2.569820, 4.929189)
    assert bcrb.flag == "higher"
    # No row is "the reference", and suppressed rows are still not compared.
    assert not any(row.is_reference for row in comparison.rows)
    assert row_of(comparison, "WIRI").relative is None


def test_against_all_others_a_suppressed_total_gives_no_relative_rates() -> None:
    # 3 and 0: the 3 is primary, and so is the total of 3.
    comparison = by_ethnicity(counts={"WBRI": 3, "BCRB": 0}, reference=ALL_OTHERS)
    assert comparison.total.text == "c"
    assert not comparison.compared
    assert comparison.explanations == [
        "Every count above zero in this table is below the disclosure threshold, so none is "
        "shown, and no rate can be worked out from them.",
        "The total is suppressed, so rates against all other children cannot be shown.",
    ]


def test_nhs_policy_rounds_counts_and_works_rates_out_from_the_rounded_count() -> None:
    comparison = by_ethnicity(policy=NHS)
    # Rounded to the nearest 5: 90 -> 90, 54 -> 55, 9 -> 10, 0 -> 0, total 164 -> 165.
    # 3 is in 1..7 (primary, "*"); 8 is shown as 10 on its own but is hidden as the
    # complement of the 3 (secondary).
    texts = {row.code: row.count.text for row in comparison.rows}
    assert texts == {
        "WBRI": "90",
        "WIRI": "*",
        "WROM": "0",
        "BCRB": "55",
        "AIND": "10",
        "CHNE": "*",
    }
    assert comparison.total.text == "165"
    bcrb, aind = row_of(comparison, "BCRB"), row_of(comparison, "AIND")
    # BCRB from 55, not 54: 55 * 10,000 / 1,800 = 305.555556 (300 would give 54 back).
    # Exact limits for 55: 41.433527 and 71.590060, times 5.555556: 230.186261, 397.722555.
    assert_estimate(bcrb.rate, 305.555556, 230.186261, 397.722555)
    # RR = 305.555556 / 100 = 3.055556; SE = sqrt(1/55 + 1/90) = 0.171152; z * SE = 0.335451;
    # 3.055556 * exp(-0.335451) = 2.184769 and * exp(0.335451) = 4.273413.
    assert_estimate(bcrb.relative, 3.055556, 2.184769, 4.273413)
    # AIND from 10: 10 * 10,000 / 2,700 = 37.037037; RR = 0.370370;
    # SE = sqrt(1/10 + 1/90) = 0.333333; z * SE = 0.653321;
    # 0.370370 * exp(-0.653321) = 0.192709 and * exp(0.653321) = 0.711820.
    assert aind.rate is not None and aind.rate.value == approx(37.037037)
    assert_estimate(aind.relative, 0.370370, 0.192709, 0.711820)
    assert aind.flag == "lower"


# Two strata, (age band, deprivation decile). White British children are mostly young and
# Black Caribbean children mostly older, and older children are referred three times as often
# in both groups: the crude rates differ, the standardised ones do not.
YOUNG: Stratum = ("1-4", "1")
OLDER: Stratum = ("10-15", "1")
STRATA_POPULATIONS = {"WBRI": {YOUNG: 4_000, OLDER: 1_000}, "BCRB": {YOUNG: 1_000, OLDER: 4_000}}
STRATA_COUNTS = {"WBRI": {YOUNG: 40, OLDER: 30}, "BCRB": {YOUNG: 10, OLDER: 120}}


def standardised(**changes: object) -> Comparison:
    arguments: dict[str, object] = {
        "counts": {"WBRI": 70, "BCRB": 130},
        "populations": {"WBRI": 5_000, "BCRB": 5_000},
        "labels": {"WBRI": "White British", "BCRB": "Black Caribbean"},
        "reference": "WBRI",
        "policy": DFE,
        "strata_counts": STRATA_COUNTS,
        "strata_populations": STRATA_POPULATIONS,
    }
    arguments.update(changes)
    return compare_with_population(**arguments)  # type: ignore[arg-type]


def test_directly_standardised_rates_remove_the_difference_in_age() -> None:
    comparison = standardised()
    wbri, bcrb = row_of(comparison, "WBRI"), row_of(comparison, "BCRB")
    # Crude: WBRI 70 * 10,000 / 5,000 = 140, BCRB 130 * 10,000 / 5,000 = 260; RR 1.857143.
    assert wbri.rate is not None and wbri.rate.value == approx(140.0)
    assert bcrb.relative is not None and bcrb.relative.value == approx(1.857143)
    assert bcrb.flag == "higher"
    # Standard population: both groups together, 5,000 young and 5,000 older, weights 1/2.
    # WBRI: per-event weights k = 10,000 * 0.5 / 4,000 = 1.25 (young), 10,000 * 0.5 / 1,000
    #   = 5.0 (older); DSR = 1.25 * 40 + 5 * 30 = 50 + 150 = 200.0.
    #   var = 1.25^2 * 40 + 5^2 * 30 = 62.5 + 750 = 812.5; O = 70; sqrt(812.5 / 70) = 3.406926.
    #   Exact limits for 70: 54.568434 and 88.440789.
    #   Dobson: 200 + 3.406926 * (54.568434 - 70) = 147.425801,
    #           200 + 3.406926 * (88.440789 - 70) = 262.826398.
    assert_estimate(wbri.standardised, 200.0, 147.425801, 262.826398)
    # BCRB: k = 10,000 * 0.5 / 1,000 = 5.0 (young), 10,000 * 0.5 / 4,000 = 1.25 (older);
    #   DSR = 5 * 10 + 1.25 * 120 = 50 + 150 = 200.0.
    #   var = 25 * 10 + 1.5625 * 120 = 250 + 187.5 = 437.5; O = 130;
    #   sqrt(437.5 / 130) = 1.834498. Exact limits for 130: 108.614659 and 154.364443.
    #   Dobson: 200 + 1.834498 * (108.614659 - 130) = 160.768624,
    #           200 + 1.834498 * (154.364443 - 130) = 244.696534.
    assert_estimate(bcrb.standardised, 200.0, 160.768624, 244.696534)
    # 200 / 200: once age is allowed for, no difference at all.
    assert bcrb.standardised_relative == approx(1.0)
    assert wbri.standardised_relative is None
    assert comparison.standardised_by == ("age band", "deprivation decile")
    assert comparison.explanations == []


def test_children_with_no_stratum_are_left_out_of_the_standardised_rates_and_said_so() -> None:
    # Three more Black Caribbean children whose age band was not recorded (None, as the
    # query gives it): the typed signature says str, the data says otherwise.
    unplaced = cast(Stratum, (None, "1"))
    counts = {**STRATA_COUNTS, "BCRB": {**STRATA_COUNTS["BCRB"], unplaced: 3}}
    comparison = standardised(counts={"WBRI": 70, "BCRB": 133}, strata_counts=counts)
    assert comparison.explanations == [
        "3 children had no age band or deprivation decile recorded and are left out of the "
        "standardised rates."
    ]
    # The crude rate counts them (133 * 10,000 / 5,000 = 266); the DSR is still 200.
    bcrb = row_of(comparison, "BCRB")
    assert bcrb.rate is not None and bcrb.rate.value == approx(266.0)
    assert bcrb.standardised is not None and bcrb.standardised.value == approx(200.0)


def test_a_suppressed_group_gets_no_standardised_rate_either() -> None:
    # 4 White Irish children, all in the young stratum: suppressed (primary), and 6 Chinese
    # children with them (secondary, the smallest other count). Neither gets a DSR: with one
    # stratum it would be 4 * 10,000 / 400 = 100, which gives the 4 back. The others are
    # still standardised and compared: their rates in each stratum are the same (100 young,
    # 300 older per 10,000), so whatever the standard their ratio is 1.0.
    comparison = standardised(
        counts={"WBRI": 70, "BCRB": 130, "WIRI": 4, "CHNE": 6},
        populations={"WBRI": 5_000, "BCRB": 5_000, "WIRI": 400, "CHNE": 300},
        labels=LABELS,
        strata_counts={**STRATA_COUNTS, "WIRI": {YOUNG: 4}, "CHNE": {OLDER: 6}},
        strata_populations={**STRATA_POPULATIONS, "WIRI": {YOUNG: 400}, "CHNE": {OLDER: 300}},
    )
    for code, reason in (("WIRI", "primary"), ("CHNE", "secondary")):
        row = row_of(comparison, code)
        assert (row.count.text, row.count.reason) == ("c", reason)
        assert row.standardised is None and row.standardised_relative is None
    assert row_of(comparison, "BCRB").standardised_relative == approx(1.0)


def test_under_rounding_the_standardised_rate_does_not_give_the_exact_count_back() -> None:
    # One stratum per group (a group that lives in a single age band and decile): the DSR is
    # then the crude rate. BCRB: 54 children, published as 55 under NHS rounding.
    comparison = compare_with_population(
        counts={"WBRI": 90, "BCRB": 54},
        populations={"WBRI": 9_000, "BCRB": 1_800},
        labels={"WBRI": "White British", "BCRB": "Black Caribbean"},
        reference="WBRI",
        policy=NHS,
        strata_counts={"WBRI": {OLDER: 90}, "BCRB": {OLDER: 54}},
        strata_populations={"WBRI": {OLDER: 9_000}, "BCRB": {OLDER: 1_800}},
    )
    bcrb = row_of(comparison, "BCRB")
    assert bcrb.count.text == "55"
    # The crude rate keeps the secret: 55 * 10,000 / 1,800 = 305.555556, and
    # 305.555556 * 1,800 / 10,000 = 55.
    assert bcrb.rate is not None and bcrb.rate.value == approx(305.555556)
    # The standardised one must too. From the exact count it would be 54 * 10,000 / 1,800 =
    # 300.0, and 300 * 1,800 / 10,000 = 54, the count the rounding hides. From the rounded
    # stratum count it is the crude rate again, and its Dobson interval (which, through
    # the exact Poisson limits, also pins down the count it was worked from) is that of 55:
    # limits 41.433527 and 71.590060, var = 5.555556^2 * 55, sqrt(var / 55) = 5.555556,
    # so 305.555556 + 5.555556 * (41.433527 - 55) = 230.186261 and
    #    305.555556 + 5.555556 * (71.590060 - 55) = 397.722555.
    assert_estimate(bcrb.standardised, 305.555556, 230.186261, 397.722555)


def test_proportions_with_wilson_intervals_and_katz_relative_proportions() -> None:
    # Schools told in time, by sex: 18 of 25 and 22 of 25 (tests/insight/records.py).
    comparison = compare_proportions(
        counts={"1": 18, "2": 22},
        totals={"1": 25, "2": 25},
        labels={"1": "Male", "2": "Female"},
        reference=ALL_OTHERS,
        policy=DFE,
    )
    assert comparison.measure == "proportion"
    male, female = comparison.rows
    # Wilson for 18 of 25: p = 0.72, z^2 = 3.841459, denominator 1 + z^2/25 = 1.153658.
    # Centre = (0.72 + z^2/50) / 1.153658 = (0.72 + 0.076829) / 1.153658 = 0.690698.
    # Half-width = z / 1.153658 * sqrt(0.72 * 0.28 / 25 + z^2 / 2,500)
    #            = 1.698915 * sqrt(0.008064 + 0.001537) = 0.166464.
    # So 0.524234 to 0.857161.
    assert_estimate(male.rate, 0.72, 0.524234, 0.857161)
    # Against all other children: (40 - 18) of (50 - 25) = 22 of 25 = 0.88.
    # RR = 0.72 / 0.88 = 0.818182. Katz: SE^2 = 1/18 - 1/25 + 1/22 - 1/25 = 0.021010,
    # SE = 0.144949; z * SE = 0.284094; 0.818182 * exp(-0.284094) = 0.615842,
    # 0.818182 * exp(0.284094) = 1.087002. Crosses 1: not significant.
    assert_estimate(male.relative, 0.818182, 0.615842, 1.087002)
    assert male.flag == "not significant"
    # And the mirror image: 0.88 / 0.72 = 1.222222, limits 1 / 1.087002 = 0.919961 and
    # 1 / 0.615842 = 1.623793.
    assert_estimate(female.relative, 1.222222, 0.919961, 1.623793)
    assert [row.base_cell.text if row.base_cell else None for row in comparison.rows] == [
        "25",
        "25",
    ]
    assert comparison.total.text == "40"


def test_a_proportion_is_not_shown_where_its_total_is_suppressed() -> None:
    # Totals 20, 4, 30: the 4 is primary and the 20 secondary (the smallest other), so group N
    # has its count (10) shown but not the total it is out of.
    comparison = compare_proportions(
        counts={"N": 10, "S": 0, "E": 15},
        totals={"N": 20, "S": 4, "E": 30},
        labels={"N": "North", "S": "South", "E": "East"},
        reference=ALL_OTHERS,
        policy=DFE,
    )
    north, south, east = comparison.rows
    assert north.count.text == "10"
    assert north.base_cell is not None and north.base_cell.text == "c"
    assert north.base_cell.reason == "secondary"
    assert south.base_cell is not None and south.base_cell.reason == "primary"
    for row in (north, south):
        # 10 of 20 would give the hidden total back (and 0 of 4 too).
        assert row.rate is None and row.relative is None
        assert row.note == "Count suppressed: no proportion shown"
    # East: 15 of 30 = 0.5; Wilson: z^2 / 30 = 0.128049, centre 0.5, half-width
    # z / 1.128049 * sqrt(0.25 / 30 + z^2 / 3,600) = 1.737482 * 0.096955 = 0.168459,
    # so 0.331541 to 0.668459.
    assert_estimate(east.rate, 0.5, 0.331541, 0.668459)
    # Against the others: (25 - 15) of (54 - 30) = 10 of 24 = 0.416667; RR = 1.2.
    # Katz: SE^2 = 1/15 - 1/30 + 1/10 - 1/24 = 0.091667, SE = 0.302765, z * SE = 0.593409;
    # 1.2 * exp(-0.593409) = 0.662929, 1.2 * exp(0.593409) = 2.172178.
    assert_estimate(east.relative, 1.2, 0.662929, 2.172178)


def test_a_reference_group_without_a_proportion_is_explained() -> None:
    # White British: 2 of 40, so the 2 is hidden and there is nothing to compare with.
    comparison = compare_proportions(
        counts={"WBRI": 2, "BCRB": 20},
        totals={"WBRI": 40, "BCRB": 40},
        labels=LABELS,
        reference="WBRI",
        policy=DFE,
    )
    assert not comparison.compared
    [explanation] = comparison.explanations
    assert explanation.startswith("The reference group (White British) has no proportion")


def test_stage_to_stage_relative_rates() -> None:
    # Of 100 White British children referred, 60 were assessed and 30 got a plan; of 50 Black
    # Caribbean children, 40 and 10.
    steps = compare_stages(
        stage_titles=("Referral", "Assessment", "Plan"),
        reached={"WBRI": [100, 60, 30], "BCRB": [50, 40, 10]},
        labels=LABELS,
        reference="WBRI",
        policy=DFE,
    )
    assert [step.title for step in steps] == ["Referral to assessment", "Assessment to plan"]
    assessed, planned = (row_of(step.comparison, "BCRB") for step in steps)
    # Referral to assessment: 40 / 50 = 0.8 against 60 / 100 = 0.6, RR 1.333333.
    # Katz: SE^2 = 1/40 - 1/50 + 1/60 - 1/100 = 0.011667, SE = 0.108012, z * SE = 0.211700;
    # 1.333333 * exp(-0.2117) = 1.078943, 1.333333 * exp(0.2117) = 1.647703: "higher".
    assert_estimate(assessed.relative, 1.333333, 1.078943, 1.647703)
    assert assessed.flag == "higher"
    # Assessment to plan: 10 / 40 = 0.25 against 30 / 60 = 0.5, RR 0.5.
    # Katz: SE^2 = 1/10 - 1/40 + 1/30 - 1/60 = 0.091667, SE = 0.302765, z * SE = 0.593409;
    # 0.5 * exp(-0.593409) = 0.276221, 0.5 * exp(0.593409) = 0.905074: "lower".
    assert_estimate(planned.relative, 0.5, 0.276221, 0.905074)
    assert planned.flag == "lower"
    # Each step's base is the stage before it.
    assert planned.base == 40 and planned.count.count == 10
    wbri = row_of(steps[0].comparison, "WBRI")
    assert wbri.is_reference and wbri.rate is not None and wbri.rate.value == approx(0.6)
