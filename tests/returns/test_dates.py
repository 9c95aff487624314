"""Dates as spreadsheets hand them over: a period Excel made into a date is read as its
month, a date and time or a date serial as its date; anything else is left to the rules."""

from datetime import date, datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from safeguarding.accounts.models import User
from safeguarding.demo.partnership import load_demo_partnership
from safeguarding.demo.returns import load_demo_returns
from safeguarding.returns.models import ReturnObligation, Submission
from safeguarding.returns.records import record_read
from safeguarding.returns.services import submission_receive
from safeguarding.returns.validation import read_dates, validate
from tests.returns.builders import aggregate, aggregate_frame, child_frame, child_spec
from tests.returns.test_submissions import police_csv


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("2025-05", "2025-05"),
        ("2025-05-01", "2025-05"),
        ("2025-05-31", "2025-05"),
        ("2025-05-01 00:00:00", "2025-05"),
        ("2025-05-01T00:00:00", "2025-05"),
        ("45778", "2025-05"),  # the serial of 1 May 2025
        ("45778.5", "2025-05"),
        # Not dates: left for the rules to report as they are.
        ("202505", "202505"),
        ("2025-02-30", "2025-02-30"),
        ("May-25", "May-25"),
        ("12", "12"),
    ],
)
def test_a_date_in_a_period_column_is_read_as_its_month(sent: str, read: str) -> None:
    frame = read_dates(aggregate_frame(period=[sent] * 7), aggregate())
    assert frame["period"].to_list() == [read] * 7


def test_dates_read_as_months_pass_and_others_are_still_reported() -> None:
    spec = aggregate()
    good = read_dates(aggregate_frame(period=["2025-05-01 00:00:00"] * 7), spec)
    assert validate(good, spec).is_valid
    bad = read_dates(aggregate_frame(period=["202505"] * 7), spec)
    assert validate(bad, spec).counts["wrong_type"] == 7


def test_a_date_and_time_or_a_serial_in_a_date_column_is_read_as_its_date() -> None:
    frame = child_frame(3, event_date=["2025-05-01 09:30:00", "45778", "2025-05-01"])
    frame = frame.with_columns(pl.lit("2014-06-17").alias("date_of_birth"))
    read = read_dates(frame, child_spec())
    assert read["event_date"].to_list() == ["2025-05-01"] * 3
    # A date of birth keeps its day, for minimising to cut with its notice.
    assert read["date_of_birth"].to_list() == ["2014-06-17"] * 3


@pytest.mark.django_db
def test_an_excel_return_whose_periods_became_dates_is_accepted_with_its_months(
    settings: object, tmp_path: Path
) -> None:
    settings.RECORDS_ROOT = tmp_path / "records"  # type: ignore[attr-defined]
    load_demo_partnership()
    load_demo_returns(today=date(2026, 11, 26))
    obligation = ReturnObligation.objects.get(
        template__code="police-quarterly", period_start=date(2026, 7, 1)
    )
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    lines = police_csv().decode().splitlines()
    sheet.append(lines[0].split(","))
    for line in lines[1:]:
        indicator, _, kind, value, count = line.split(",")
        sheet.append([indicator, datetime(2026, 8, 1), kind, value, int(count)])
        sheet.cell(row=sheet.max_row, column=2).number_format = "mmm-yy"
    workbook.save(tmp_path / "q2.xlsx")

    submission = submission_receive(
        actor=User.objects.get(email="agency.lead@northgate.example"),
        obligation=obligation,
        name="q2.xlsx",
        data=(tmp_path / "q2.xlsx").read_bytes(),
        narrative="Fewer incidents",
    )

    assert submission.status == Submission.Status.ACCEPTED, submission.problems
    assert set(record_read(submission.record_path)["period"]) == {"2026-08"}
