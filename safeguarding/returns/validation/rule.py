"""What a rule is, and the shared pieces rules are made of.

A rule is a small named unit: a code, a title, a description (the docstring of its
check) and a check. A check takes the uploaded frame and the spec and returns a lazy
frame of problems with the columns `row`, `column`, `value` and `message`. It is built
from vectorised Polars expressions only, never a Python loop over rows, and it is lazy
so that `validate` can run every rule in one parallel `collect_all`.

Row numbers are the file's: the header is row 1, so the first data row is row 2.
A problem about a column itself (unknown, missing) is reported on row 1.

Each cell is reported by one rule only. Values that look like free text are reported
by `free_text_refused` and skipped by the type and code rules, and those rules skip
missing values, which `required_value_missing` reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import polars as pl

from safeguarding.returns.validation.spec import ColumnSpec, ReturnSpec

Severity = Literal["error", "notice"]
Check = Callable[[pl.DataFrame, ReturnSpec], pl.LazyFrame]

HEADER_ROW = 1
FIRST_DATA_ROW = 2
ROW = "row"
PROBLEM_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "row": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "message": pl.String,
}
# Shown instead of a value that must not be copied into reports: free text may hold
# case notes, and a malformed pseudonymous id may be a real identifier.
NOT_SHOWN = "(not shown)"
# Internal name of the row number; dropped from the frame before any rule sees
# the file's own columns, so a column called "row" in an upload cannot collide.
_ROW = "\x00row"

INTEGER = r"^-?[0-9]{1,18}$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
# Postcodes in any case and spacing (values are trimmed): a full postcode such as
# AB1 2CD, and a sector such as AB1 2 (the space is needed to tell it from AB12).
POSTCODE = r"(?i)^[A-Z]{1,2}[0-9][A-Z0-9]? *[0-9][A-Z]{2}$"
SECTOR = r"(?i)^[A-Z]{1,2}[0-9][A-Z0-9]? +[0-9]$"


@dataclass(frozen=True)
class Rule:
    """A named check; `description` says what it finds and why it matters."""

    code: str
    title: str
    description: str
    check: Check
    severity: Severity = "error"

    def lazy(self, df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
        """The problems as a lazy frame with the problem schema, in no set order."""
        return self.check(df, spec).select(
            pl.col(name).cast(dtype) for name, dtype in PROBLEM_SCHEMA.items()
        )

    def failures(
        self, df: pl.DataFrame, spec: ReturnSpec, *, limit: int | None = None
    ) -> pl.DataFrame:
        """The problems this rule finds (at most `limit`), sorted by row and column."""
        lazy = self.lazy(df, spec)
        if limit is not None:
            lazy = lazy.head(limit)  # stops Polars building rows that would be dropped
        return lazy.collect().sort(ROW, "column", nulls_last=True)

    def count(self, df: pl.DataFrame, spec: ReturnSpec) -> int:
        """How many problems this rule finds, without building them."""
        return int(self.check(df, spec).select(pl.len()).collect().item())


def rule(code: str, title: str, severity: Severity = "error") -> Callable[[Check], Rule]:
    """Make a check function into a `Rule`, its docstring becoming the description."""

    def make(check: Check) -> Rule:
        description = " ".join((check.__doc__ or "").split())
        return Rule(code=code, title=title, description=description, check=check, severity=severity)

    return make


def no_problems() -> pl.LazyFrame:
    """An empty problem frame."""
    return pl.LazyFrame(schema=PROBLEM_SCHEMA)


def numbered(df: pl.DataFrame, columns: Iterable[str]) -> pl.LazyFrame:
    """The given columns of the frame, lazily, with the file row number of each row."""
    return (
        df.lazy()
        .select(list(columns))
        .with_row_index(_ROW, offset=FIRST_DATA_ROW)
        .with_columns(pl.col(_ROW).cast(pl.Int64))
    )


def row_number() -> pl.Expr:
    """The file row number in a frame made by `numbered`."""
    return pl.col(_ROW)


def cell_problems(
    df: pl.DataFrame,
    column: str,
    failing: pl.Expr,
    message: pl.Expr | str,
    *,
    show_value: bool = True,
) -> pl.LazyFrame:
    """One problem per row where `failing` holds for this column."""
    value = pl.col(column) if show_value else pl.lit(NOT_SHOWN)
    return (
        numbered(df, [column])
        .filter(failing)
        .select(
            row_number().alias(ROW),
            pl.lit(column).alias("column"),
            value.alias("value"),
            (pl.lit(message) if isinstance(message, str) else message).alias("message"),
        )
    )


def column_problems(rows: Sequence[tuple[str, str | None, str]]) -> pl.LazyFrame:
    """Problems about columns themselves (column, value, message), all on the header row."""
    if not rows:
        return no_problems()
    return pl.LazyFrame(
        {
            ROW: [HEADER_ROW] * len(rows),
            "column": [column for column, _, _ in rows],
            "value": [value for _, value, _ in rows],
            "message": [message for _, _, message in rows],
        },
        schema=PROBLEM_SCHEMA,
    )


def combine(frames: list[pl.LazyFrame]) -> pl.LazyFrame:
    """Problems from several columns as one lazy frame."""
    return pl.concat(frames) if frames else no_problems()


def free_text(column: str, spec: ColumnSpec) -> pl.Expr:
    """True where a value looks like free text rather than what the column expects.

    Longer than the column allows, or (outside text columns) a line break or three
    spaces or more: four words make a sentence, never a code. Labels such as "White
    and Black Caribbean" count too, which is right, since a code is expected. Literal
    searches, not a regular expression: they run over every value of every column.
    """
    value = pl.col(column)
    too_long = value.str.len_chars() > spec.max_length
    if spec.kind == "text":
        return too_long
    words = value.str.count_matches(" ", literal=True) >= 3
    return too_long | words | value.str.contains("\n", literal=True)


def checkable(column: str, spec: ColumnSpec) -> pl.Expr:
    """True where a value is present and not free text: what the value rules look at."""
    return pl.col(column).is_not_null() & ~free_text(column, spec)


def valid_date(column: str) -> pl.Expr:
    """The value as a date where it is a real YYYY-MM-DD date, else null."""
    value = pl.col(column)
    return pl.when(value.str.contains(DATE)).then(value.str.to_date("%Y-%m-%d", strict=False))


def valid_integer(column: str) -> pl.Expr:
    """The value as an integer where it is a whole number, else null."""
    value = pl.col(column)
    return pl.when(value.str.contains(INTEGER)).then(value.cast(pl.Int64, strict=False))


def is_full_postcode(column: str) -> pl.Expr:
    """True where the value is a full postcode (AB1 2CD, any spacing or case)."""
    return pl.col(column).str.contains(POSTCODE)


def is_sector(column: str) -> pl.Expr:
    """True where the value is a postcode sector (AB1 2, any spacing or case)."""
    return pl.col(column).str.contains(SECTOR)


def sector_of(column: str) -> pl.Expr:
    """The sector of a full postcode or a sector, in upper case with one space.

    The outward code, a space, and the first digit of the inward code: AB1 2CD → AB1 2.
    """
    compact = pl.col(column).str.replace_all(" ", "", literal=True).str.to_uppercase()
    inward = pl.when(is_full_postcode(column)).then(3).otherwise(1)
    outward_length = compact.str.len_chars() - inward
    return pl.concat_str(
        compact.str.slice(0, outward_length), pl.lit(" "), compact.str.slice(outward_length, 1)
    )


def quoted(expr: pl.Expr) -> pl.Expr:
    """A value in quotes for a message."""
    return pl.concat_str(pl.lit("'"), expr, pl.lit("'"))
