"""Rules about single values: free text, types, codes, pseudonyms, ranges and the period."""

from __future__ import annotations

import polars as pl

from safeguarding.returns.validation.rule import (
    MONTH,
    cell_problems,
    checkable,
    combine,
    free_text,
    is_full_postcode,
    is_sector,
    numbered,
    quoted,
    row_number,
    rule,
    valid_date,
    valid_integer,
)
from safeguarding.returns.validation.spec import ColumnSpec, ReturnSpec

# What each kind of column expects, for messages.
EXPECTS = {
    "integer": "a whole number, such as 12",
    "date": "a date as YYYY-MM-DD, such as 2025-04-01",
    "month": "a month as YYYY-MM, such as 2025-04",
    "postcode": "a postcode (AB1 2CD) or a postcode sector (AB1 2)",
    "pseudonym": "64 lower-case hex characters (an HMAC-SHA256)",
}
_OK = "\x00ok"


def _expects(column: ColumnSpec) -> str:
    if column.kind == "code":
        return f"a code from the {column.code_list_title or 'code'} list"
    if column.kind == "text":
        return f"at most {column.max_length} characters"
    if column.kind == "month" and column.accepts_full_date:
        return EXPECTS["month"] + " (or a date as YYYY-MM-DD)"
    return EXPECTS[column.kind]


@rule("free_text_refused", "Free text refused")
def free_text_refused(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """A value that looks like free text: longer than the column allows, or (outside
    text columns) four words or more.

    Free text is refused because it can hold names, addresses and case notes that a
    minimised return must not carry. The value is never copied into the report.
    """
    frames = [
        cell_problems(
            df,
            name,
            pl.col(name).is_not_null() & free_text(name, column),
            pl.format(
                "looks like free text ({} characters), which is not accepted: expected {}",
                pl.col(name).str.len_chars(),
                pl.lit(_expects(column)),
            ),
            show_value=False,
        )
        for name, column in spec.columns.items()
        if name in df.columns
    ]
    return combine(frames)


def _well_formed(name: str, column: ColumnSpec) -> pl.Expr | None:
    """True where a value has the form its column's kind needs; None if no form applies."""
    value = pl.col(name)
    if column.kind == "integer":
        return valid_integer(name).is_not_null()
    if column.kind == "date":
        return valid_date(name).is_not_null()
    if column.kind == "month":
        month = value.str.contains(MONTH)
        return month | valid_date(name).is_not_null() if column.accepts_full_date else month
    if column.kind == "postcode":
        return is_full_postcode(name) | is_sector(name)
    return None  # text, code and pseudonym columns have rules of their own


@rule("wrong_type", "Wrong type of value")
def wrong_type(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """A value that is not a whole number, a real YYYY-MM-DD date, a YYYY-MM month or a
    postcode, where the column expects one.

    Dates must exist (2025-02-30 does not) and be written the ISO way, so that day
    and month cannot be swapped.
    """
    frames = []
    for name, column in spec.columns.items():
        well_formed = _well_formed(name, column)
        if name not in df.columns or well_formed is None:
            continue
        message = pl.concat_str(quoted(pl.col(name)), pl.lit(f" is not {_expects(column)}"))
        frames.append(cell_problems(df, name, checkable(name, column) & ~well_formed, message))
    return combine(frames)


@rule("code_not_in_list", "Code not in the list")
def code_not_in_list(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """A code that is not in the column's code list, or (for a breakdown value) not in
    the list for the row's breakdown type.

    Codes are case-sensitive, as in the national returns; the message points out a
    code that would match in upper case.
    """
    frames = []
    for name, column in spec.columns.items():
        if name not in df.columns or column.code_list is None:
            continue
        codes = sorted(column.code_list)
        hint = (
            pl.when(pl.col(name).str.to_uppercase().is_in(codes))
            .then(pl.lit(" (codes are in upper case)"))
            .otherwise(pl.lit(""))
        )
        message = pl.concat_str(
            quoted(pl.col(name)),
            pl.lit(f" is not a code in the {column.code_list_title} list"),
            hint,
        )
        failing = checkable(name, column) & ~pl.col(name).is_in(codes)
        frames.append(cell_problems(df, name, failing, message))
    for dependent in spec.dependent_codes:
        name, on = dependent.column, dependent.depends_on
        if name not in df.columns or on not in df.columns:
            continue
        allowed = pl.LazyFrame(
            [(key, code) for key, codes in dependent.code_lists.items() for code in sorted(codes)],
            schema={on: pl.String, name: pl.String},
            orient="row",
        ).with_columns(pl.lit(True).alias(_OK))
        frames.append(
            numbered(df, [on, name])
            .filter(
                checkable(name, spec.columns[name]) & pl.col(on).is_in(list(dependent.code_lists))
            )
            .join(allowed, on=[on, name], how="left")
            .filter(pl.col(_OK).is_null())
            .select(
                row_number().alias("row"),
                pl.lit(name).alias("column"),
                pl.col(name).alias("value"),
                pl.format(
                    "'{}' is not a code for the {} {}",
                    pl.col(name),
                    pl.lit(on.replace("_", " ")),
                    pl.col(on),
                ).alias("message"),
            )
        )
    return combine(frames)


@rule("pseudonym_wrong_form", "Pseudonymous id of the wrong form")
def pseudonym_wrong_form(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """A pseudonymous id that is not 64 lower-case hex characters (an HMAC-SHA256).

    A wrong id may be a real identifier (an NHS number, a case number, a name), so the
    value is never copied into the report; the message says what it looks like.
    """
    frames = []
    for name in spec.present(df, "pseudonym"):
        value = pl.col(name)
        message = (
            pl.when(value.str.contains(r"^[0-9a-fA-F]{64}$"))
            .then(pl.lit("has upper-case letters: expected "))
            .when(value.str.replace_all(r"[\s-]", "").str.contains(r"^[0-9]{10}$"))
            .then(pl.lit("looks like an NHS number: never send it; expected "))
            .otherwise(
                pl.format(
                    "is not a pseudonymous id ({} characters): expected ", value.str.len_chars()
                )
            )
        )
        failing = checkable(name, spec.columns[name]) & ~value.str.contains(spec.pseudonym_pattern)
        frames.append(
            cell_problems(
                df, name, failing, message + pl.lit(EXPECTS["pseudonym"]), show_value=False
            )
        )
    return combine(frames)


@rule("negative_count", "Negative number")
def negative_count(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """A negative whole number in a column that cannot be negative (a count, an age)."""
    frames = [
        cell_problems(
            df,
            name,
            valid_integer(name) < 0,
            pl.concat_str(quoted(pl.col(name)), pl.lit(" is negative: it cannot be below 0")),
        )
        for name in spec.present(df, "integer")
        if (minimum := spec.columns[name].minimum) is not None and minimum >= 0
    ]
    return combine(frames)


@rule("number_out_of_range", "Number out of range")
def number_out_of_range(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """A whole number below the column's minimum or above its maximum (an age over 25).

    Negative numbers where none are allowed are left to `negative_count`.
    """
    frames = []
    for name in spec.present(df, "integer"):
        column = spec.columns[name]
        number = valid_integer(name)
        low = number < column.minimum if column.minimum is not None else pl.lit(False)
        if column.minimum is not None and column.minimum >= 0:
            low = low & (number >= 0)
        high = number > column.maximum if column.maximum is not None else pl.lit(False)
        lowest = "any" if column.minimum is None else column.minimum
        highest = "any" if column.maximum is None else column.maximum
        bounds = f"{lowest} to {highest}"
        message = pl.concat_str(quoted(pl.col(name)), pl.lit(f" is outside the range {bounds}"))
        frames.append(cell_problems(df, name, (low | high).fill_null(False), message))
    return combine(frames)


@rule("date_outside_period", "Date outside the period")
def date_outside_period(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """A date (or month) in a period column that falls outside the return's period.

    Only well-formed values are checked here; the rest are `wrong_type`.
    """
    start, end = spec.period_start, spec.period_end
    message = f" is outside the period {start.isoformat()} to {end.isoformat()}"
    frames = []
    for name in spec.period_columns:
        if name not in df.columns:
            continue
        if spec.columns[name].kind == "month":
            month = pl.when(pl.col(name).str.contains(MONTH)).then(pl.col(name))
            outside = (month < start.strftime("%Y-%m")) | (month > end.strftime("%Y-%m"))
        else:
            day = valid_date(name)
            outside = (day < start) | (day > end)
        frames.append(
            cell_problems(
                df,
                name,
                outside.fill_null(False),
                pl.concat_str(quoted(pl.col(name)), pl.lit(message)),
            )
        )
    return combine(frames)
