"""Minimise a child-level return before it is stored.

- A date of birth given as YYYY-MM-DD is cut to YYYY-MM (any `month` column that
  accepts full dates).
- A full postcode is cut to its sector (AB1 2CD → AB1 2); sectors are tidied to upper
  case with one space.
- Nothing else is dropped or changed. Free text is not minimised but refused by
  validation (`free_text_refused`), so call this on a return that passed `validate`:
  values of the wrong form are left as they are.
"""

from __future__ import annotations

import polars as pl

from safeguarding.returns.validation.rule import (
    is_full_postcode,
    is_sector,
    sector_of,
    valid_date,
)
from safeguarding.returns.validation.spec import ReturnSpec


def minimise(df: pl.DataFrame, spec: ReturnSpec) -> pl.DataFrame:
    """The frame with dates of birth cut to the month and postcodes cut to the sector."""
    changes = []
    for name in spec.present(df, "month"):
        if spec.columns[name].accepts_full_date:
            column = pl.col(name)
            changes.append(
                pl.when(valid_date(name).is_not_null())
                .then(column.str.slice(0, 7))
                .otherwise(column)
                .alias(name)
            )
    for name in spec.present(df, "postcode"):
        changes.append(
            pl.when(is_full_postcode(name) | is_sector(name))
            .then(sector_of(name))
            .otherwise(pl.col(name))
            .alias(name)
        )
    return df.with_columns(changes) if changes else df
