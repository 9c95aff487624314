"""Rules that look across rows: duplicate keys and breakdowns that must add up."""

from __future__ import annotations

import polars as pl

from safeguarding.returns.validation.rule import (
    combine,
    no_problems,
    numbered,
    row_number,
    rule,
    valid_integer,
)
from safeguarding.returns.validation.spec import ReturnSpec

_FIRST = "\x00first"
_COUNT = "\x00count"
_SUM = "\x00sum"
_HEAD = "\x00head"
_UNUSABLE = "\x00unusable"


@rule("duplicate_key", "Duplicate row")
def duplicate_key(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """A row with the same key as an earlier row (the same indicator, period and
    breakdown; or the same child, event type and date), which would be counted twice.

    Each repeat is reported with the row it repeats. Rows with an empty key value are
    left to `required_value_missing`. Pseudonymous ids are not copied into the report.
    """
    keys = list(spec.key_columns)
    if not keys or any(key not in df.columns for key in keys):
        return no_problems()
    shown = [key for key in keys if spec.columns[key].kind != "pseudonym"]
    value = (
        pl.concat_str(*(pl.col(key) for key in shown), separator=" / ") if shown else pl.lit(None)
    )
    # Find candidate repeats by a 64-bit hash of the key (8 bytes a row, where hashing
    # the strings themselves holds a copy of every key), then group only the
    # candidates by the exact key: a hash collision leaves a group of one, dropped below.
    repeats = (
        numbered(df, keys)
        .filter(pl.all_horizontal(pl.col(key).is_not_null() for key in keys))
        .filter(pl.struct(keys).hash().is_duplicated())
    )
    first = repeats.group_by(keys).agg(row_number().min().alias(_FIRST))
    return (
        repeats.join(first, on=keys, how="inner")
        .filter(row_number() != pl.col(_FIRST))
        .select(
            row_number().alias("row"),
            pl.lit(", ".join(keys)).alias("column"),
            value.cast(pl.String).alias("value"),
            pl.format("repeats row {}: the same {}", pl.col(_FIRST), pl.lit(", ".join(keys))).alias(
                "message"
            ),
        )
    )


@rule("breakdown_total_mismatch", "Breakdown does not add up to its total")
def breakdown_total_mismatch(df: pl.DataFrame, spec: ReturnSpec) -> pl.LazyFrame:
    """A TOTAL row that is not the sum of the other values of its breakdown (for the
    same indicator, period and breakdown type), or that differs from the headline
    figure (breakdown type `all`) for the same indicator and period.

    A breakdown with an unusable row (a count that is not a whole number, an empty
    key) is not added up: the other rules report that row, and a sum over it would
    only repeat the problem. A breakdown with a TOTAL and no other values is fine.
    """
    total_rule = spec.total_rule
    if total_rule is None:
        return no_problems()
    by = list(total_rule.group_by)
    kind, part, count = total_rule.breakdown_type, total_rule.breakdown_value, total_rule.count
    group = [*by, kind]
    if any(column not in df.columns for column in [*group, part, count]):
        return no_problems()
    rows = numbered(df, [*group, part, count]).with_columns(valid_integer(count).alias(_COUNT))
    unusable = pl.any_horizontal(pl.col(c).is_null() for c in [*group, part, _COUNT])
    usable = rows.filter(~unusable.any().over(group))
    is_total = pl.col(part) == total_rule.total_value
    totals = usable.filter(is_total)
    parts = usable.filter(~is_total).group_by(group).agg(pl.col(_COUNT).sum().alias(_SUM))
    unequal = (
        totals.join(parts, on=group, how="inner")
        .filter(pl.col(_COUNT) != pl.col(_SUM))
        .select(
            row_number().alias("row"),
            pl.lit(count).alias("column"),
            pl.col(count).alias("value"),
            pl.format(
                "the TOTAL for {} is {} but its values add up to {}",
                pl.col(kind),
                pl.col(_COUNT),
                pl.col(_SUM),
            ).alias("message"),
        )
    )
    headlines = totals.filter(pl.col(kind) == total_rule.headline_type).select(
        *by, pl.col(_COUNT).alias(_HEAD)
    )
    off_headline = (
        totals.filter(pl.col(kind) != total_rule.headline_type)
        .join(headlines, on=by, how="inner")
        .filter(pl.col(_COUNT) != pl.col(_HEAD))
        .select(
            row_number().alias("row"),
            pl.lit(count).alias("column"),
            pl.col(count).alias("value"),
            pl.format(
                "the TOTAL for {} is {} but the headline ({} {}) is {}",
                pl.col(kind),
                pl.col(_COUNT),
                pl.lit(kind.replace("_", " ")),
                pl.lit(total_rule.headline_type),
                pl.col(_HEAD),
            ).alias("message"),
        )
    )
    return combine([unequal, off_headline])
