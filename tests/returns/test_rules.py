"""Every rule on its own: a small frame that breaks it, and one that passes."""

import polars as pl
import pytest

from safeguarding.returns.validation import RULES, Rule
from safeguarding.returns.validation.checks_columns import (
    missing_column,
    no_rows,
    required_value_missing,
    unknown_column,
)
from safeguarding.returns.validation.checks_minimise import (
    date_of_birth_not_month,
    postcode_not_sector,
)
from safeguarding.returns.validation.checks_rows import breakdown_total_mismatch, duplicate_key
from safeguarding.returns.validation.checks_values import (
    code_not_in_list,
    date_outside_period,
    free_text_refused,
    negative_count,
    number_out_of_range,
    pseudonym_wrong_form,
    wrong_type,
)
from safeguarding.returns.validation.rule import NOT_SHOWN
from safeguarding.returns.validation.spec import ReturnSpec
from tests.returns.builders import aggregate, aggregate_frame, child_frame, child_spec, pseudonym

CHILD = child_spec()
AGGREGATE = aggregate()


def found(rule: Rule, df: pl.DataFrame, spec: ReturnSpec = CHILD) -> list[tuple[int, str]]:
    """(row, column) of each problem the rule finds."""
    failures = rule.failures(df, spec)
    assert failures.columns == ["row", "column", "value", "message"]
    assert failures["message"].null_count() == 0, "every problem says what is wrong"
    return list(zip(failures["row"], failures["column"], strict=True))


def messages(rule: Rule, df: pl.DataFrame, spec: ReturnSpec = CHILD) -> list[str]:
    return rule.failures(df, spec)["message"].to_list()


def values(rule: Rule, df: pl.DataFrame, spec: ReturnSpec = CHILD) -> list[str | None]:
    return rule.failures(df, spec)["value"].to_list()


def test_every_rule_is_named_documented_and_unique() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES:
        assert rule.title and len(rule.description) > 40, rule.code
        assert rule.severity in ("error", "notice")


def test_valid_frames_pass_every_rule() -> None:
    for rule in RULES:
        assert found(rule, child_frame(), CHILD) == [], rule.code
        assert found(rule, aggregate_frame(), AGGREGATE) == [], rule.code


# --- columns ------------------------------------------------------------------------


def test_no_rows() -> None:
    assert found(no_rows, child_frame().head(0)) == [(1, "")]
    assert found(no_rows, child_frame(1)) == []


def test_unknown_column_is_reported_on_the_header_with_a_suggestion() -> None:
    df = child_frame().rename({"event_date": "event_dat"}).with_columns(notes=pl.lit("x"))
    assert found(unknown_column, df) == [(1, "event_dat"), (1, "notes")]
    assert "did you mean event_date?" in messages(unknown_column, df)[0]
    assert found(unknown_column, child_frame()) == []


def test_missing_column_and_missing_alternatives() -> None:
    df = child_frame().drop("sex", "age", "date_of_birth", "postcode")
    assert found(missing_column, df) == [(1, "age or date_of_birth"), (1, "sex")]
    assert found(missing_column, child_frame().drop("age", "postcode")) == []


def test_required_value_missing_including_alternatives() -> None:
    df = child_frame(
        sex=["1", None, "2"], age=["5", None, None], date_of_birth=[None, None, "2015-01"]
    )
    assert found(required_value_missing, df) == [(3, "age or date_of_birth"), (3, "sex")]
    optional_blank = child_frame(deprivation_decile=[None] * 3, postcode=[None] * 3)
    assert found(required_value_missing, optional_blank) == []


# --- values -------------------------------------------------------------------------


def test_free_text_refused_and_never_copied_into_the_report() -> None:
    note = "Mum disclosed domestic abuse; police attended"
    df = child_frame(ethnicity=["WBRI", note, "WBRI"], locality=["NORTH", "NORTH", "x" * 51])
    assert found(free_text_refused, df) == [(3, "ethnicity"), (4, "locality")]
    assert values(free_text_refused, df) == [NOT_SHOWN, NOT_SHOWN]
    assert note not in " ".join(messages(free_text_refused, df))
    multi_line = child_frame(sex=["1", "2", "1\nsee notes"])
    assert found(free_text_refused, multi_line) == [(4, "sex")]
    assert found(free_text_refused, child_frame(ethnicity=["WBRI", "Any other", "WBRI"])) == []


def test_free_text_is_left_to_its_own_rule() -> None:
    df = child_frame(ethnicity=["WBRI", "White and Black Caribbean", "WBRI"])
    assert found(free_text_refused, df) == [(3, "ethnicity")]
    assert found(code_not_in_list, df) == [], "one rule per cell"


@pytest.mark.parametrize(
    ("column", "bad"),
    [
        ("event_date", "01/05/2025"),
        ("event_date", "2025-02-30"),
        ("event_date", "2025-5-1"),
        ("date_of_birth", "2015-13"),
        ("date_of_birth", "March 2015"),
        ("age", "twelve"),
        ("age", "12.5"),
        ("age", "99999999999999999999"),
        ("postcode", "AB12"),
        ("postcode", "NOT A CODE"),
    ],
)
def test_wrong_type(column: str, bad: str) -> None:
    df = child_frame(**{column: [bad, *child_frame()[column].to_list()[1:]]})
    assert found(wrong_type, df) == [(2, column)]
    assert bad in messages(wrong_type, df)[0]


def test_wrong_type_passes_full_dates_of_birth_and_postcodes_in_any_case() -> None:
    df = child_frame(date_of_birth=["2015-03-14", "2015-03", "2016-02-29"])
    df = df.with_columns(postcode=pl.Series(["ab1 2cd", "AB12CD", "sw1a  1"]))
    assert found(wrong_type, df) == []


def test_code_not_in_list_with_upper_case_hint() -> None:
    df = child_frame(ethnicity=["WBRI", "wbri", "XXXX"], sex=["1", "3", "2"])
    assert found(code_not_in_list, df) == [(3, "ethnicity"), (3, "sex"), (4, "ethnicity")]
    assert "(codes are in upper case)" in messages(code_not_in_list, df)[0]


def test_code_not_in_list_for_the_breakdown_type() -> None:
    # 10 is a deprivation decile, not a sex code; "all" takes only TOTAL.
    df = aggregate_frame(breakdown_value=["TOTAL", "10", "2", "TOTAL", "1", "10", "TOTAL"])
    assert found(code_not_in_list, df, AGGREGATE) == [(3, "breakdown_value")]
    assert "for the breakdown type sex" in messages(code_not_in_list, df, AGGREGATE)[0]
    headline = aggregate_frame(breakdown_value=["1", "1", "2", "TOTAL", "1", "10", "TOTAL"])
    assert found(code_not_in_list, headline, AGGREGATE) == [(2, "breakdown_value")]


def test_pseudonym_wrong_form_never_shows_the_value() -> None:
    ids = [pseudonym(1).upper(), "943 476 5919", "ABC-123", pseudonym(2)]
    df = child_frame(4, pseudonymous_id=ids)
    assert found(pseudonym_wrong_form, df) == [
        (2, "pseudonymous_id"),
        (3, "pseudonymous_id"),
        (4, "pseudonymous_id"),
    ]
    assert set(values(pseudonym_wrong_form, df)) == {NOT_SHOWN}
    upper, nhs, other = messages(pseudonym_wrong_form, df)
    assert "upper-case" in upper and "NHS number" in nhs and "7 characters" in other
    assert "9434765919" not in nhs and "943 476 5919" not in nhs


def test_negative_count() -> None:
    df = aggregate_frame(count=["10", "-6", "4", "10", "7", "3", "10"])
    assert found(negative_count, df, AGGREGATE) == [(3, "count")]
    assert found(negative_count, child_frame(age=["-1", "0", "3"])) == [(2, "age")]
    assert found(negative_count, aggregate_frame(count=["0"] * 7), AGGREGATE) == []


def test_number_out_of_range() -> None:
    df = child_frame(age=["26", "25", "-1"])
    assert found(number_out_of_range, df) == [(2, "age")], "a negative age is negative_count's"
    assert "0 to 25" in messages(number_out_of_range, df)[0]


def test_date_outside_period() -> None:
    df = child_frame(event_date=["2025-03-31", "2025-04-01", "2026-04-01"])
    assert found(date_outside_period, df) == [(2, "event_date"), (4, "event_date")]
    months = aggregate_frame(
        period=["2025-03", "2025-04", "2026-03", "2026-04", "x", None, "2025-05"]
    )
    assert found(date_outside_period, months, AGGREGATE) == [(2, "period"), (5, "period")]
    assert found(date_outside_period, child_frame(event_date=["2026-03-31"] * 3)) == []


# --- rows ---------------------------------------------------------------------------


def test_duplicate_key_names_the_first_row_and_hides_pseudonyms() -> None:
    df = child_frame(
        4,
        pseudonymous_id=[pseudonym(1)] * 4,
        event_type=["REFERRAL"] * 4,
        event_date=["2025-05-01"] * 3 + ["2025-05-02"],
    )
    key = "pseudonymous_id, event_type, event_date"
    assert found(duplicate_key, df) == [(3, key), (4, key)]
    assert messages(duplicate_key, df)[0].startswith("repeats row 2")
    assert values(duplicate_key, df)[0] == "REFERRAL / 2025-05-01"
    blank_ids = child_frame(
        2, pseudonymous_id=[None, None], event_type=["REFERRAL"] * 2, event_date=["2025-05-01"] * 2
    )
    assert found(duplicate_key, blank_ids) == [], "an empty key is required_value_missing's"


def test_duplicate_key_in_an_aggregate_return() -> None:
    df = pl.concat([aggregate_frame(), aggregate_frame().tail(1)])
    assert found(duplicate_key, df, AGGREGATE) == [
        (9, "indicator, period, breakdown_type, breakdown_value")
    ]


def test_breakdown_total_mismatch() -> None:
    # sex 6 + 5 = 11, but its TOTAL says 10.
    df = aggregate_frame(count=["10", "6", "5", "10", "7", "3", "10"])
    assert found(breakdown_total_mismatch, df, AGGREGATE) == [(5, "count")]
    assert "add up to 11" in messages(breakdown_total_mismatch, df, AGGREGATE)[0]


def test_breakdown_total_that_differs_from_the_headline() -> None:
    # Both breakdowns add up, but to 11 where the headline says 10.
    df = aggregate_frame(count=["10", "6", "5", "11", "8", "3", "11"])
    assert found(breakdown_total_mismatch, df, AGGREGATE) == [(5, "count"), (8, "count")]
    assert "headline" in messages(breakdown_total_mismatch, df, AGGREGATE)[0]


def test_breakdown_with_an_unusable_count_is_not_added_up() -> None:
    df = aggregate_frame(count=["10", "six", "5", "10", "7", "3", "10"])
    assert found(breakdown_total_mismatch, df, AGGREGATE) == []
    total_only = aggregate_frame().filter(pl.col("breakdown_value") == "TOTAL")
    assert found(breakdown_total_mismatch, total_only, AGGREGATE) == []


# --- notices ------------------------------------------------------------------------


def test_date_of_birth_not_month_is_a_notice_that_hides_the_date() -> None:
    df = child_frame(date_of_birth=["2015-03-14", "2015-03", None])
    assert date_of_birth_not_month.severity == "notice"
    assert found(date_of_birth_not_month, df) == [(2, "date_of_birth")]
    assert values(date_of_birth_not_month, df) == [NOT_SHOWN]
    assert found(date_of_birth_not_month, child_frame()) == []


def test_postcode_not_sector_is_a_notice() -> None:
    df = child_frame(postcode=["AB1 2CD", "AB1 2", "sw1a1aa"])
    assert postcode_not_sector.severity == "notice"
    assert found(postcode_not_sector, df) == [(2, "postcode"), (4, "postcode")]
    assert found(postcode_not_sector, child_frame()) == []


def test_a_column_called_row_does_not_confuse_row_numbers() -> None:
    df = child_frame(sex=["1", "7", "2"]).with_columns(row=pl.lit("99"))
    assert found(code_not_in_list, df) == [(3, "sex")]
