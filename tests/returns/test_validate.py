"""The report, the error file, minimising, the specs, and validation at scale."""

import codecs
import csv
import io
import subprocess
import sys
import time
from datetime import date

import polars as pl
import pytest

from safeguarding.core.spreadsheet_cells import spreadsheet_safe
from safeguarding.returns.validation import (
    RULES,
    ColumnSpec,
    aggregate_spec,
    child_level_spec,
    error_file,
    load_code_list,
    minimise,
    read_table,
    validate,
)
from tests.returns.builders import (
    EVENT_TYPES,
    PERIOD_END,
    PERIOD_START,
    aggregate,
    aggregate_frame,
    child_frame,
    child_spec,
    csv_bytes,
    large_child_frame,
)


def error_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(codecs.BOM_UTF8), "Excel needs the byte order mark"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


# --- the report ---------------------------------------------------------------------


def test_valid_returns_have_no_problems() -> None:
    for df, spec in [(child_frame(), child_spec()), (aggregate_frame(), aggregate())]:
        report = validate(df, spec)
        assert report.is_valid
        assert report.total_problems == 0
        assert set(report.counts) == {rule.code for rule in RULES}
        assert report.failed == ()
        assert report.problems.height == 0


def test_report_counts_every_problem_and_keeps_the_first_examples() -> None:
    df = child_frame(30, sex=["7"] * 30).with_columns(
        pl.when(pl.int_range(30) == 0)
        .then(pl.lit("2015-03-14"))
        .otherwise("date_of_birth")
        .alias("date_of_birth")
    )
    report = validate(df, child_spec(), examples=5)
    assert not report.is_valid
    assert report.counts["code_not_in_list"] == 30
    assert report.total_problems == 30
    assert report.total_notices == 1
    codes = [result.code for result in report.failed]
    assert codes == ["code_not_in_list", "date_of_birth_not_month"], "errors before notices"
    examples = report.failed[0].examples
    assert [problem.row for problem in examples] == [2, 3, 4, 5, 6]
    assert examples[0].column == "sex" and examples[0].value == "7"


def test_notices_alone_leave_a_return_valid() -> None:
    df = child_frame(date_of_birth=["2015-03-14"] * 3, postcode=["AB1 2CD"] * 3)
    report = validate(df, child_spec())
    assert report.is_valid
    assert report.total_notices == 6
    assert report.problems.height == 0, "notices are not problems"


def test_an_empty_frame_is_never_valid() -> None:
    assert not validate(child_frame().head(0), child_spec()).is_valid


def test_problems_beyond_the_limit_are_counted_not_kept() -> None:
    report = validate(child_frame(20, sex=["7"] * 20), child_spec(), max_problems=5)
    assert report.total_problems == 20
    assert report.problems.height == 5
    assert report.problems_not_kept == 15
    rows = error_rows(error_file(report))
    assert len(rows) == 6
    assert rows[-1]["message"].startswith("and 15 more problems")


# --- the error file -----------------------------------------------------------------


def test_error_file_lists_every_error_with_where_and_what() -> None:
    df = child_frame(sex=["1", "7", "8"]).with_columns(age=pl.Series(["5", "-3", "4"]))
    rows = error_rows(error_file(validate(df, child_spec())))
    assert [(row["rule"], row["row"], row["column"]) for row in rows] == [
        ("code_not_in_list", "3", "sex"),
        ("code_not_in_list", "4", "sex"),
        ("negative_count", "3", "age"),
    ]
    assert rows[2]["value"] == "-3", "a genuine negative number stays a number"
    assert set(rows[0]) == {"rule", "row", "column", "value", "message"}


@pytest.mark.parametrize(
    "risky", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("x")']
)
def test_error_file_neutralises_formulas_in_values_and_column_names(risky: str) -> None:
    df = child_frame(ethnicity=[risky, "WBRI", "WBRI"]).with_columns(pl.lit("1").alias(risky))
    rows = error_rows(error_file(validate(df, child_spec())))
    cells = [cell for row in rows for cell in (row["column"], row["value"], row["message"])]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert "'" + risky in cells
    assert spreadsheet_safe(risky) == "'" + risky, "agrees with the core app's exports"


def test_error_file_of_a_valid_return_is_just_the_header() -> None:
    assert error_rows(error_file(validate(child_frame(), child_spec()))) == []


# --- minimising ---------------------------------------------------------------------


def test_minimise_cuts_dates_of_birth_and_postcodes_and_nothing_else() -> None:
    df = child_frame(
        4,
        date_of_birth=["2015-03-14", "2015-03", None, "2016-02-29"],
        postcode=["ab1 2cd", "AB12CD", "sw1a  1", None],
    )
    minimised = minimise(df, child_spec())
    assert minimised["date_of_birth"].to_list() == ["2015-03", "2015-03", None, "2016-02"]
    assert minimised["postcode"].to_list() == ["AB1 2", "AB1 2", "SW1A 1", None]
    assert minimised.columns == df.columns
    assert minimised.drop("date_of_birth", "postcode").equals(df.drop("date_of_birth", "postcode"))
    assert validate(minimised, child_spec()).total_notices == 0


def test_minimise_leaves_an_aggregate_return_alone() -> None:
    assert minimise(aggregate_frame(), aggregate()).equals(aggregate_frame())


# --- specs and code lists -----------------------------------------------------------


def test_code_lists_are_read_from_the_core_files() -> None:
    assert load_code_list("sex") == {"0", "1", "2", "9"}
    assert "WBRI" in load_code_list("ethnicity") and len(load_code_list("ethnicity")) == 20
    assert load_code_list("deprivation-decile") == {str(n) for n in range(1, 11)}
    with pytest.raises(KeyError):
        load_code_list("no-such-list")
    with pytest.raises(KeyError):
        load_code_list("ethnicity-crosswalk")


def test_child_level_spec_without_locality_list_checks_short_text() -> None:
    spec = child_level_spec(PERIOD_START, PERIOD_END, EVENT_TYPES)
    assert spec.columns["locality"] == ColumnSpec("text")
    assert spec.columns["sex"].code_list == load_code_list("sex")
    assert validate(child_frame(locality=["Anywhere", "North", "South"]), spec).is_valid


def test_aggregate_spec_takes_total_for_every_breakdown_and_all_for_the_headline() -> None:
    spec = aggregate_spec(
        date(2025, 4, 1), date(2025, 6, 30), frozenset({"X"}), {"sex": frozenset({"1"})}
    )
    (dependent,) = spec.dependent_codes
    assert dependent.code_lists == {"sex": {"1", "TOTAL"}, "all": {"TOTAL"}}
    assert spec.columns["breakdown_type"].code_list == frozenset({"sex", "all"})


def test_the_engine_runs_without_django() -> None:
    code = (
        "import sys; import safeguarding.returns.validation as v; "
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)  # noqa: S603


# --- scale --------------------------------------------------------------------------


def test_200000_child_level_rows_validate_in_a_few_seconds() -> None:
    df = large_child_frame(200_000)
    started = time.perf_counter()
    report = validate(df, child_spec())
    elapsed = time.perf_counter() - started
    assert report.is_valid, report.counts
    assert report.total_notices == 400_000
    assert elapsed < 5, f"validated in {elapsed:.2f} s"


def test_200000_row_csv_reads_and_validates_in_a_few_seconds() -> None:
    df = large_child_frame(200_000)
    data = csv_bytes([df.columns, *df.rows()])
    started = time.perf_counter()
    report = validate(read_table(name="big.csv", data=data), child_spec())
    elapsed = time.perf_counter() - started
    assert report.is_valid and report.rows == 200_000
    assert elapsed < 5, f"read and validated in {elapsed:.2f} s"
