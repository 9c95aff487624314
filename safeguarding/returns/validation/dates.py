"""Dates as spreadsheets hand them over, read as the date and month columns take them.

Excel turns 2026-09 typed into a cell formatted General into the date 1 September 2026,
which the reader gives as 2026-09-01; a cell with a time gives 2026-09-01 00:00:00; and a
date whose formatting was lost (pasted as values, or the column set to General) arrives as
its serial number, 46266. Refusing these would give an agency one identical problem per
row for a file whose meaning is plain, so before the rules run:

- in a `month` column, a date, a date and time, or a date serial becomes its month
  (2026-09), except where the column takes full dates (a date of birth), which keeps the
  date for `minimise` to cut, with its notice;
- in a `date` column, a date and time, or a date serial, becomes its date.

Anything else is left as it is, for the rules to report. Serials are read only between
1990 and 2099, so a number that was never a date (a count pasted into the wrong column,
202609 for 2026-09) is reported rather than turned into a date nobody meant.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from safeguarding.returns.validation.rule import DATE
from safeguarding.returns.validation.spec import ReturnSpec

# Day 0 of Excel's (1900) date system, as Excel counts (it believes 1900 was a leap year,
# so serials from March 1900 on count from the last day of 1899).
EXCEL_EPOCH = date(1899, 12, 30)
# The serials of 1 January 1990 and 31 December 2099.
FIRST_SERIAL, LAST_SERIAL = 32874, 73050
SERIAL = r"^[0-9]{5}(\.[0-9]+)?$"
DATE_AND_TIME = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?$"


def read_dates(df: pl.DataFrame, spec: ReturnSpec) -> pl.DataFrame:
    """The frame with dates in its date and month columns as those columns take them."""
    changes = []
    for name in spec.present(df, "date", "month"):
        column = spec.columns[name]
        day = _as_day(name)
        if column.kind == "month" and not column.accepts_full_date:
            day = pl.when(_is_real_date(day)).then(day.str.slice(0, 7)).otherwise(day)
        changes.append(day.alias(name))
    return df.with_columns(changes) if changes else df


def _as_day(name: str) -> pl.Expr:
    """The value with a date and time cut to its date and a date serial made a date;
    any other value unchanged."""
    value = pl.col(name)
    serial = (
        pl.when(value.str.contains(SERIAL))
        .then(value.str.extract(r"^([0-9]{5})", 1).cast(pl.Int64, strict=False))
        .otherwise(None)
    )
    from_serial = pl.when(serial.is_between(FIRST_SERIAL, LAST_SERIAL)).then(
        (pl.lit(EXCEL_EPOCH) + pl.duration(days=serial)).dt.strftime("%Y-%m-%d")
    )
    from_date_and_time = value.str.extract(DATE_AND_TIME, 1)
    from_date_and_time = pl.when(_is_real_date(from_date_and_time)).then(from_date_and_time)
    return pl.coalesce(from_date_and_time, from_serial, value)


def _is_real_date(text: pl.Expr) -> pl.Expr:
    """True where the text is a real YYYY-MM-DD date (not 2026-02-30)."""
    return text.str.contains(DATE) & text.str.to_date("%Y-%m-%d", strict=False).is_not_null()
