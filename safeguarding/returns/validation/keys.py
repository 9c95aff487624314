"""Typed columns and child keys for a child-level file of record.

Analytical queries group and join hundreds of millions of events by child. Doing that on
64-character pseudonyms means hashing and comparing long strings; two whole numbers taken
from the pseudonym do the same job many times faster. The pseudonym is an HMAC-SHA256, so
any of its bits are uniformly random: the first 15 hex digits and the next 15 give two
60-bit keys (120 bits together; two children share a key pair with a chance of about
1 in 10^22 even among 12 million children). Each fits a signed 64-bit integer, which
every engine that reads Parquet has.

The pseudonym itself stays in the file as sent. The event date is stored as a date and
the age as a whole number, so readers need not parse text.
"""

from __future__ import annotations

import polars as pl

from safeguarding.returns.validation.rule import valid_date, valid_integer
from safeguarding.returns.validation.spec import ReturnSpec

KEY_DIGITS = 15
KEY_COLUMNS = ("child_key_1", "child_key_2")


def child_keys(pseudonym: pl.Expr) -> list[pl.Expr]:
    """The two child keys from a pseudonym column."""
    return [
        pseudonym.str.slice(start, KEY_DIGITS).str.to_integer(base=16).cast(pl.Int64).alias(name)
        for start, name in zip((0, KEY_DIGITS), KEY_COLUMNS, strict=True)
    ]


def typed_record(df: pl.DataFrame, spec: ReturnSpec) -> pl.DataFrame:
    """A valid child-level return as its file of record stores it: dates as dates, whole
    numbers as numbers, and the child keys beside the pseudonym. Other returns are kept as
    text, as sent."""
    if "pseudonymous_id" not in spec.columns or "pseudonymous_id" not in df.columns:
        return df
    changes = [*child_keys(pl.col("pseudonymous_id"))]
    changes += [valid_date(name).alias(name) for name in spec.present(df, "date")]
    changes += [valid_integer(name).alias(name) for name in spec.present(df, "integer")]
    return df.with_columns(changes)
