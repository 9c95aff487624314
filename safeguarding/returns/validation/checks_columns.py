"""Rules about the shape of the file: its rows, its columns and the values they must have."""

from __future__ import annotations

import difflib

import polars as pl

from safeguarding.returns.validation.rule import (
    cell_problems,
    column_problems,
    combine,
    no_problems,
    numbered,
    row_number,
    rule,
)
from safeguarding.returns.validation.spec import ReturnSpec


@rule("no_rows", "No rows of data")
def no_rows(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """The file has a header but no rows of data, so there is nothing to accept.

    The reader already refuses such files; this rule keeps a frame built any other
    way from being accepted empty.
    """
    if df.height:
        return no_problems()
    return column_problems([("", None, "the file has a header but no rows of data")])


@rule("unknown_column", "Unknown column")
def unknown_column(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """A column the return does not have.

    Refused rather than ignored: an extra column is how free text (case notes, names,
    addresses) gets into a return, and a misspelt column hides the data it should hold.
    The message suggests the nearest column name.
    """
    problems = []
    for column in df.columns:
        if column in spec.columns:
            continue
        nearest = difflib.get_close_matches(column, list(spec.columns), n=1)
        hint = f"; did you mean {nearest[0]}?" if nearest else ""
        problems.append(
            (
                column,
                column,
                f"is not a column of this return (the columns are {', '.join(spec.columns)}){hint}",
            )
        )
    return column_problems(problems)


@rule("missing_column", "Missing column")
def missing_column(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """A required column is not in the file, or none of a set of alternatives is."""
    problems: list[tuple[str, str | None, str]] = [
        (name, None, "is required but the file has no such column")
        for name, column in spec.columns.items()
        if column.required and name not in df.columns
    ]
    for group in spec.one_of:
        if not any(name in df.columns for name in group):
            problems.append(
                (" or ".join(group), None, f"the file needs one of the columns {', '.join(group)}")
            )
    return column_problems(problems)


@rule("required_value_missing", "Required value missing")
def required_value_missing(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """A required column is empty on a row, or every column of a set of alternatives is.

    For example a child-level row needs an age or a month of birth.
    """
    frames = [
        cell_problems(df, name, pl.col(name).is_null(), "is empty: a value is required")
        for name, column in spec.columns.items()
        if column.required and name in df.columns
    ]
    for group in spec.one_of:
        present = [name for name in group if name in df.columns]
        if not present:
            continue  # reported once by missing_column, not on every row
        frames.append(
            numbered(df, present)
            .filter(pl.all_horizontal(pl.col(name).is_null() for name in present))
            .select(
                row_number().alias("row"),
                pl.lit(" or ".join(group)).alias("column"),
                pl.lit(None, dtype=pl.String).alias("value"),
                pl.lit(f"is empty: give {' or '.join(group)}").alias("message"),
            )
        )
    return combine(frames)
