"""The analytical queries, as SQL over three relations, so any engine can run them.

Every query here reads only these views, which an engine defines over the files of record
(see `engine.py` for DuckDB; the tests build the same views on Spark):

- `raw_aggregates`: the accepted aggregate returns, one row per cell, every column text,
  plus the agency that sent it;
- `raw_events`: the accepted child-level returns, one pseudonymised event per row, every
  column text, plus the agency;
- `population`: children in the area by age band, sex, ethnicity, deprivation decile and
  locality (a dimension the table does not have is NULL).

The queries are written in DuckDB's dialect and kept to what Spark SQL also has (no ASOF
joins, no DuckDB-only functions); `to_spark` rewrites them with SQLGlot. Values are put
into the text as literals by `literal`, which only takes dates, whole numbers and codes of
the shape the returns accept, so nothing a person typed reaches the SQL unchecked.
"""

import re
from collections.abc import Sequence
from datetime import date

import sqlglot
from sqlglot import exp

from safeguarding.core.dimensions import DIMENSION_NAMES, age_bands


def first(column: str) -> str:
    """A child's value of a column on their first event. Ties on the day go to the
    smallest value, so the answer is the same on every engine and every run."""
    return f"MIN_BY({column}, STRUCT_PACK(d := event_date, v := {column}))"


def last(column: str) -> str:
    """A child's value of a column on their last event (ties: the largest value)."""
    return f"MAX_BY({column}, STRUCT_PACK(d := event_date, v := {column}))"


# Dimensions a breakdown or a stratum may be: columns of `child_events` and `population`.
DIMENSIONS = DIMENSION_NAMES
CODE = re.compile(r"[A-Za-z0-9_+\-]{1,50}")


def literal(value: date | int | str) -> str:
    """A value written into SQL: a date, a whole number, or a code (letters, digits, _+-)."""
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, bool):
        raise TypeError("A flag is not a SQL literal here")
    if isinstance(value, int):
        return str(value)
    if not CODE.fullmatch(value):
        raise ValueError(f"{value!r} is not a code the analytical queries accept")
    return f"'{value}'"


def codes(values: Sequence[str]) -> str:
    """A list of codes for an IN (...) clause."""
    if not values:
        raise ValueError("An IN list needs at least one code")
    return ", ".join(literal(v) for v in values)


def age_band_case(months_old: str) -> str:
    """SQL giving the age band of an age in months, from the bands of `age-band.csv`
    (as the children in need statistics use them); the oldest band takes every older
    age, and a negative age is a child not yet born."""
    bands = age_bands()
    born = [band for band in bands if not band.unborn]
    lines = [f"WHEN {months_old} IS NULL THEN NULL"]
    lines += [f"WHEN {months_old} < 0 THEN {literal(band.code)}" for band in bands if band.unborn]
    lines += [
        f"WHEN {months_old} < {((band.oldest or 0) + 1) * 12} THEN {literal(band.code)}"
        for band in born[:-1]
    ]
    lines.append(f"ELSE {literal(born[-1].code)}")
    return "CASE\n        " + "\n        ".join(lines) + "\n    END"


# Typed, tidy events: the age band is worked out from the age, or from the month of birth
# at the month of the event.
CHILD_EVENTS = f"""
SELECT
    child_key_1 AS child_1,
    child_key_2 AS child_2,
    event_type,
    event_date,
    {age_band_case("months_old")} AS age_band,
    sex,
    ethnicity,
    deprivation_decile,
    locality,
    lead_agency,
    agency
FROM (
    SELECT
        *,
        COALESCE(
            age * 12,
            YEAR(event_date) * 12 + MONTH(event_date)
            - TRY_CAST(SUBSTR(date_of_birth, 1, 4) AS INTEGER) * 12
            - TRY_CAST(SUBSTR(date_of_birth, 6, 2) AS INTEGER)
        ) AS months_old
    FROM raw_events
) AS typed
"""

AGGREGATE_RETURNS = """
SELECT
    agency,
    indicator,
    period,
    breakdown_type,
    breakdown_value,
    "count",
    denominator
FROM raw_aggregates
"""


def dimension(name: str) -> str:
    if name not in DIMENSIONS:
        raise ValueError(f"{name!r} is not a breakdown: use one of {', '.join(DIMENSIONS)}")
    return name


def children_with_event(*, event_type: str, start: date, end: date, breakdown: str) -> str:
    """Children with at least one event of a type in the period, counted by the breakdown
    and by age band and deprivation decile (the strata standardisation needs).

    A child counts once, with the characteristics recorded on their first such event.
    """
    return f"""
SELECT grp, age_band, deprivation_decile, COUNT(*) AS children
FROM (
    SELECT
        child_1,
        child_2,
        {first(dimension(breakdown))} AS grp,
        {first("age_band")} AS age_band,
        {first("deprivation_decile")} AS deprivation_decile
    FROM child_events
    WHERE event_type = {literal(event_type)}
      AND event_date BETWEEN {literal(start)} AND {literal(end)}
    GROUP BY child_1, child_2
) AS firsts
GROUP BY grp, age_band, deprivation_decile
"""


def population_by(*, breakdown: str) -> str:
    """Children in the population table by the breakdown, age band and deprivation decile."""
    return f"""
SELECT {dimension(breakdown)} AS grp, age_band, deprivation_decile,
       SUM(children) AS population
FROM population
GROUP BY {breakdown}, age_band, deprivation_decile
"""


def stage_progress(*, stages: Sequence[str], start: date, end: date, breakdown: str) -> str:
    """How many children reached each stage of a sequence (such as referral, assessment,
    plan), by the breakdown. A child reaches a stage when its first event of that type in
    the period is on or after the day they reached the stage before."""
    if len(stages) < 2:
        raise ValueError("A sequence of stages needs at least two")
    firsts = ",\n        ".join(
        f"MIN(CASE WHEN event_type = {literal(s)} THEN event_date END) AS stage_{i}"
        for i, s in enumerate(stages)
    )
    reached = []
    condition = "stage_0 IS NOT NULL"
    reached.append(f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS reached_0")
    for i in range(1, len(stages)):
        condition += f" AND stage_{i} >= stage_{i - 1}"
        reached.append(f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS reached_{i}")
    return f"""
SELECT grp, {", ".join(reached)}
FROM (
    SELECT
        child_1,
        child_2,
        {first(dimension(breakdown))} AS grp,
        {firsts}
    FROM child_events
    WHERE event_type IN ({codes(stages)})
      AND event_date BETWEEN {literal(start)} AND {literal(end)}
    GROUP BY child_1, child_2
) AS journeys
WHERE stage_0 IS NOT NULL
GROUP BY grp
"""


def referred_after_early_help(*, start: date, end: date, breakdown: str) -> str:
    """Children whose early help episode ended in the period, and how many of them were
    referred to children's social care within 12 months of the end, by lead agency and
    the breakdown. A child counts once, with their last ending in the period."""
    return f"""
WITH endings AS (
    SELECT
        child_1,
        child_2,
        MAX(event_date) AS ended,
        {last("lead_agency")} AS lead_agency,
        {last(dimension(breakdown))} AS grp
    FROM child_events
    WHERE event_type = 'early_help_end'
      AND event_date BETWEEN {literal(start)} AND {literal(end)}
    GROUP BY child_1, child_2
),
referred AS (
    SELECT DISTINCT endings.child_1, endings.child_2
    FROM endings
    JOIN child_events AS later
      ON later.child_1 = endings.child_1 AND later.child_2 = endings.child_2
    WHERE later.event_type = 'referral'
      AND later.event_date > {literal(start)}
      AND later.event_date <= {literal(end)} + INTERVAL 1 YEAR
      AND later.event_date > endings.ended
      AND later.event_date <= endings.ended + INTERVAL 1 YEAR
)
SELECT
    endings.lead_agency,
    endings.grp,
    COUNT(*) AS children,
    COUNT(referred.child_1) AS outcome
FROM endings
LEFT JOIN referred
  ON referred.child_1 = endings.child_1 AND referred.child_2 = endings.child_2
GROUP BY endings.lead_agency, endings.grp
"""


def rereferrals(*, start: date, end: date, breakdown: str) -> str:
    """Referrals in the period, and how many came within 12 months of the same child's
    previous referral (the re-referral measure of the children in need statistics). Two
    agencies recording the same child's referral on the same day count it once (with the
    smallest of their codes). Only referrals from a year before the period can matter."""
    return f"""
SELECT lead_agency, grp, COUNT(*) AS children, SUM(within) AS outcome
FROM (
    SELECT
        lead_agency,
        grp,
        CASE
            WHEN previous IS NOT NULL AND event_date <= previous + INTERVAL 1 YEAR THEN 1
            ELSE 0
        END AS within,
        event_date
    FROM (
        SELECT
            lead_agency,
            grp,
            event_date,
            LAG(event_date) OVER (PARTITION BY child_1, child_2 ORDER BY event_date) AS previous
        FROM (
            SELECT
                child_1,
                child_2,
                event_date,
                MIN(lead_agency) AS lead_agency,
                MIN({dimension(breakdown)}) AS grp
            FROM child_events
            WHERE event_type = 'referral'
              AND event_date BETWEEN {literal(start)} - INTERVAL 1 YEAR AND {literal(end)}
            GROUP BY child_1, child_2, event_date
        ) AS referral_days
    ) AS ordered
    WHERE event_date BETWEEN {literal(start)} AND {literal(end)}
) AS referrals
GROUP BY lead_agency, grp
"""


def days_to_plan(*, start: date, end: date, breakdown: str, plan: str = "plan_start") -> str:
    """For children whose first plan started in the period: the days from their first
    recorded contact (any event) to that plan, as a median and quartiles, by the
    breakdown."""
    return f"""
SELECT grp, COUNT(*) AS children,
       QUANTILE_CONT(days, 0.5) AS median_days,
       QUANTILE_CONT(days, 0.25) AS lower_quartile,
       QUANTILE_CONT(days, 0.75) AS upper_quartile
FROM (
    SELECT
        {first(dimension(breakdown))} AS grp,
        DATE_DIFF('day', MIN(event_date),
                  MIN(CASE WHEN event_type = {literal(plan)} THEN event_date END)) AS days,
        MIN(CASE WHEN event_type = {literal(plan)} THEN event_date END) AS planned
    FROM child_events
    GROUP BY child_1, child_2
) AS journeys
WHERE planned BETWEEN {literal(start)} AND {literal(end)}
GROUP BY grp
"""


def aggregate_series(*, indicator: str) -> str:
    """An indicator's headline figures from aggregate returns, per period and agency: the
    row of breakdown type `all`, or where a return has none, a breakdown's TOTAL row."""
    return f"""
SELECT period, agency,
       COALESCE(
           MAX(CASE WHEN breakdown_type = 'all' THEN "count" END),
           MAX(CASE WHEN breakdown_value = 'TOTAL' THEN "count" END)
       ) AS "count",
       COALESCE(
           MAX(CASE WHEN breakdown_type = 'all' THEN denominator END),
           MAX(CASE WHEN breakdown_value = 'TOTAL' THEN denominator END)
       ) AS denominator
FROM aggregate_returns
WHERE indicator = {literal(indicator)} AND (breakdown_type = 'all' OR breakdown_value = 'TOTAL')
GROUP BY period, agency
ORDER BY period, agency
"""


def event_series(*, event_type: str, by_agency: bool = True) -> str:
    """Children with an event of a type in each quarter (named by its last month, as every
    period is): the trend of a measure counted from child-level returns. By agency, each
    agency's children in the events it sent; otherwise each child once, whoever sent it."""
    agency = "agency, " if by_agency else ""
    return f"""
SELECT period, {agency}COUNT(*) AS "count", CAST(NULL AS BIGINT) AS denominator
FROM (
    SELECT DISTINCT
        STRFTIME(DATE_TRUNC('quarter', event_date) + INTERVAL 2 MONTH, '%Y-%m') AS period,
        {agency}child_1,
        child_2
    FROM child_events
    WHERE event_type = {literal(event_type)}
) AS quarterly
GROUP BY period{", agency" if by_agency else ""}
ORDER BY period{", agency" if by_agency else ""}
"""


def aggregate_periods(*, indicator: str, breakdown: str) -> str:
    """The periods for which aggregate returns give an indicator by a breakdown."""
    return f"""
SELECT DISTINCT period
FROM aggregate_returns
WHERE indicator = {literal(indicator)} AND breakdown_type = {literal(dimension(breakdown))}
ORDER BY period
"""


def aggregate_breakdown(*, indicator: str, breakdown: str, periods: Sequence[str]) -> str:
    """An indicator's counts by one breakdown, summed over agencies and the periods given
    (the TOTAL row of each breakdown is left out)."""
    return f"""
SELECT breakdown_value AS grp, SUM("count") AS "count", SUM(denominator) AS denominator
FROM aggregate_returns
WHERE indicator = {literal(indicator)}
  AND breakdown_type = {literal(dimension(breakdown))}
  AND breakdown_value <> 'TOTAL'
  AND period IN ({codes(periods)})
GROUP BY breakdown_value
"""


def _exact_percentile(node: exp.Expression) -> exp.Expression:
    # SQLGlot writes an exact quantile as Spark's approximate one; Spark's PERCENTILE is
    # the exact, interpolated quantile DuckDB's QUANTILE_CONT gives.
    if isinstance(node, exp.PercentileCont) and node.expression is not None:
        return exp.Anonymous(this="PERCENTILE", expressions=[node.this, node.expression])
    return node


def to_spark(query: str) -> str:
    """The same query in Spark SQL."""
    tree = sqlglot.parse_one(query, read="duckdb").transform(_exact_percentile)
    return tree.sql(dialect="spark")
