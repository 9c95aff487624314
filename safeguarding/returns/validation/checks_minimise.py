"""Notices about values that `minimise` will cut down before the return is stored.

The brief says child-level returns are minimised, not refused, for a full date of
birth or a full postcode: agencies' systems export them, and asking for a re-export
would delay the return without protecting anyone more than cutting them here does.
So these rules are notices: they are counted and shown, but a return with them is
still valid. Neither copies the full value into the report.
"""

from __future__ import annotations

import polars as pl

from safeguarding.returns.validation.rule import (
    cell_problems,
    checkable,
    combine,
    is_full_postcode,
    rule,
    valid_date,
)
from safeguarding.returns.validation.spec import ReturnSpec


@rule("date_of_birth_not_month", "Date of birth will be stored as a month", severity="notice")
def date_of_birth_not_month(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """A full date (YYYY-MM-DD) in a month column that accepts one, such as the date of
    birth: only the month (YYYY-MM) is kept.
    """
    frames = [
        cell_problems(
            df,
            name,
            checkable(name, spec.columns[name]) & valid_date(name).is_not_null(),
            "is a full date: only the month (YYYY-MM) will be kept",
            show_value=False,
        )
        for name in spec.present(df, "month")
        if spec.columns[name].accepts_full_date
    ]
    return combine(frames)


@rule("postcode_not_sector", "Postcode will be stored as its sector", severity="notice")
def postcode_not_sector(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """A full postcode: only its sector (outward code and the first digit of the inward
    code, such as AB1 2) is kept.
    """
    frames = [
        cell_problems(
            df,
            name,
            checkable(name, spec.columns[name]) & is_full_postcode(name),
            "is a full postcode: only its sector (such as AB1 2 for AB1 2CD) will be kept",
            show_value=False,
        )
        for name in spec.present(df, "postcode")
    ]
    return combine(frames)
