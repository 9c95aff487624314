"""What a return looks like: its columns, keys, period, totals and code lists.

A `ReturnSpec` is plain data, so rules can be tested with a few lines of Python and no
database. The two builders below describe the two kinds of return in the brief:

- aggregate: indicator x period x breakdown → count, one row per cell of the table;
- child-level: one pseudonymised event per row.

Code lists are read from the files the core app ships and loads into the database,
through `safeguarding.core.code_list_files`, so this module needs no Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import polars as pl

from safeguarding.core.code_list_files import code_list_codes
from safeguarding.core.dimensions import dimension, oldest_age

# The codes of one code list (the name validation's callers know it by).
load_code_list = code_list_codes

Kind = Literal["text", "integer", "date", "month", "code", "pseudonym", "postcode"]

# HMAC-SHA256 written as lower-case hex: the only form of pseudonymous id accepted.
PSEUDONYM_PATTERN = r"^[0-9a-f]{64}$"
# The breakdown value that carries the total for its breakdown type.
TOTAL = "TOTAL"
# The breakdown type of the headline figure (one row per indicator and period).
ALL = "all"
# Oldest age in the age bands (16+ runs to 25, for care leavers).
MAX_AGE = oldest_age()


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a return.

    `max_length` is where a value stops being a code or a number and starts being free
    text, which is refused (see the `free_text_refused` rule). A `month` column with
    `accepts_full_date` also takes YYYY-MM-DD; `minimise` then cuts it to YYYY-MM.
    """

    kind: Kind
    required: bool = True
    code_list: frozenset[str] | None = None
    code_list_title: str = ""
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 50
    accepts_full_date: bool = False


@dataclass(frozen=True)
class DependentCodes:
    """Codes in `column` that depend on the value of `depends_on`.

    For an aggregate return the allowed breakdown values depend on the breakdown type:
    `sex` takes the sex codes, `ethnicity` the ethnicity codes, and so on.
    """

    column: str
    depends_on: str
    code_lists: Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class TotalRule:
    """Rows whose breakdown value is TOTAL must equal the sum of the other rows.

    Grouped by `group_by` (indicator and period) and the breakdown type. Where a
    headline row (breakdown type `all`) exists, every breakdown type's TOTAL must also
    equal it, so that the sex and ethnicity tables describe the same children.
    """

    group_by: tuple[str, ...]
    breakdown_type: str
    breakdown_value: str
    count: str
    total_value: str = TOTAL
    headline_type: str = ALL


@dataclass(frozen=True)
class Coverage:
    """Something a return covers, named by the values of some of its key columns: its
    indicators, an indicator's breakdowns, its months of events.

    `what` names them in the plural ("breakdowns"), and `joiner` joins one's values
    for a person to read: "REFERRALS" + " by " + "sex".
    """

    what: str
    columns: tuple[str, ...]
    joiner: str = " "


@dataclass(frozen=True)
class ReturnSpec:
    """Everything the rules need to know about one kind of return.

    Columns not named in `columns` are refused as unknown columns: that is also the
    free-text policy, since nobody can slip a notes column in. `one_of` lists groups
    of columns of which at least one must be present and filled on every row (a
    child-level return gives age or month of birth).

    `coverage` says what a return covers (its indicators, periods and breakdowns; its
    event types and months of events), so that a resubmission that leaves one out is
    shown what it would lose (see `compare`). A date column in it is compared by month.
    `breakdowns_by_indicator` gives, for an aggregate return, the breakdown types the
    catalogue reports each indicator by, so a template can hold every row the return
    needs; empty, every indicator takes every breakdown type.
    """

    title: str
    columns: Mapping[str, ColumnSpec]
    key_columns: tuple[str, ...]
    period_start: date
    period_end: date
    period_columns: tuple[str, ...] = ()
    one_of: tuple[tuple[str, ...], ...] = ()
    dependent_codes: tuple[DependentCodes, ...] = ()
    total_rule: TotalRule | None = None
    pseudonym_pattern: str = PSEUDONYM_PATTERN
    minimise: bool = False
    coverage: tuple[Coverage, ...] = ()
    breakdowns_by_indicator: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def present(self, df: pl.DataFrame, *kinds: Kind) -> list[str]:
        """Columns of the spec (of these kinds, if given) that are in the frame."""
        return [
            name
            for name, column in self.columns.items()
            if name in df.columns and (not kinds or column.kind in kinds)
        ]


def aggregate_spec(
    period_start: date,
    period_end: date,
    indicator_codes: frozenset[str],
    breakdowns: Mapping[str, frozenset[str]],
    breakdowns_by_indicator: Mapping[str, Sequence[str]] | None = None,
) -> ReturnSpec:
    """An aggregate return: indicator, period (YYYY-MM), breakdown type and value, count,
    and optionally the denominator the count is out of.

    `breakdowns` maps each breakdown type (for example `sex`) to its codes. Every type
    also takes the value TOTAL, and the type `all` (the headline) takes only TOTAL.
    `breakdowns_by_indicator` maps an indicator to the types it is broken down by, in
    the catalogue's order, for templates. The key is indicator x period x breakdown
    type x breakdown value.
    """
    values: dict[str, frozenset[str]] = {t: codes | {TOTAL} for t, codes in breakdowns.items()}
    values[ALL] = frozenset({TOTAL})
    columns = {
        "indicator": ColumnSpec("code", code_list=indicator_codes, code_list_title="indicator"),
        "period": ColumnSpec("month"),
        "breakdown_type": ColumnSpec(
            "code", code_list=frozenset(values), code_list_title="breakdown type"
        ),
        "breakdown_value": ColumnSpec("code"),
        "count": ColumnSpec("integer", minimum=0),
        # For a percentage or an average, the number the count is out of, so the figure
        # can be worked out for any combination of agencies and breakdowns.
        "denominator": ColumnSpec("integer", required=False, minimum=0),
    }
    return ReturnSpec(
        title="Aggregate return",
        columns=columns,
        key_columns=("indicator", "period", "breakdown_type", "breakdown_value"),
        period_start=period_start,
        period_end=period_end,
        period_columns=("period",),
        dependent_codes=(DependentCodes("breakdown_value", "breakdown_type", values),),
        total_rule=TotalRule(
            group_by=("indicator", "period"),
            breakdown_type="breakdown_type",
            breakdown_value="breakdown_value",
            count="count",
        ),
        coverage=(
            Coverage("indicators", ("indicator",)),
            Coverage("periods", ("period",)),
            Coverage("periods of an indicator", ("indicator", "period"), " in "),
            Coverage("breakdowns", ("indicator", "breakdown_type"), " by "),
        ),
        breakdowns_by_indicator=tuple(
            (code, tuple(kinds)) for code, kinds in (breakdowns_by_indicator or {}).items()
        ),
    )


# Child-level columns checked against a shipped code list (the age band is worked out
# from the age, and locality and lead agency come from the database).
CHILD_LEVEL_CODED = ("sex", "ethnicity", "deprivation_decile")


def child_level_spec(
    period_start: date,
    period_end: date,
    event_types: frozenset[str],
    code_lists: Mapping[str, frozenset[str]] | None = None,
) -> ReturnSpec:
    """A child-level return: one pseudonymised event per row.

    Columns: pseudonymous_id, event_type, event_date (inside the period), age or
    date_of_birth (month; a full date is accepted and cut to the month), sex,
    ethnicity, locality, deprivation_decile (optional), lead_agency, postcode
    (optional; cut to the sector). `code_lists` maps a column to its codes and
    overrides the core lists; locality and lead agency come from the database, so
    without a list here they are checked only as short text.
    The key is pseudonymous id x event type x event date: the same event twice.
    """
    lists = {column: dimension(column).codes() for column in CHILD_LEVEL_CODED}
    titles = {column: dimension(column).list_title for column in CHILD_LEVEL_CODED}
    lists.update(code_lists or {})

    def coded(column: str, *, required: bool = True) -> ColumnSpec:
        if column not in lists:
            return ColumnSpec("text", required=required)
        title = titles.get(column, column.replace("_", " "))
        return ColumnSpec("code", required=required, code_list=lists[column], code_list_title=title)

    columns = {
        "pseudonymous_id": ColumnSpec("pseudonym", max_length=128),
        "event_type": ColumnSpec("code", code_list=event_types, code_list_title="event type"),
        "event_date": ColumnSpec("date"),
        "date_of_birth": ColumnSpec("month", required=False, accepts_full_date=True),
        "age": ColumnSpec("integer", required=False, minimum=0, maximum=MAX_AGE),
        "sex": coded("sex"),
        "ethnicity": coded("ethnicity"),
        "locality": coded("locality"),
        "deprivation_decile": coded("deprivation_decile", required=False),
        "lead_agency": coded("lead_agency"),
        "postcode": ColumnSpec("postcode", required=False),
    }
    return ReturnSpec(
        title="Child-level return",
        columns=columns,
        key_columns=("pseudonymous_id", "event_type", "event_date"),
        period_start=period_start,
        period_end=period_end,
        period_columns=("event_date",),
        one_of=(("age", "date_of_birth"),),
        minimise=True,
        coverage=(Coverage("event types", ("event_type",)), Coverage("months", ("event_date",))),
    )
