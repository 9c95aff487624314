"""The same analytical queries on Spark, over the same files of record, give the same rows.

A region or a nation pools its partnerships' files of record and runs `sql.py`'s queries on
Spark (`spark.spark_views` and `sql.to_spark`). Nothing but running them on a real local
Spark session shows that SQLGlot's rewrite keeps their meaning: MIN_BY over a struct,
interval arithmetic on dates, quarters, exact percentiles, Spark's ANSI casts. Each query is
compared with DuckDB's answer on the same files, and the linked outcomes also with the hand
counts of tests/insight/records.py, so the two engines cannot agree on a wrong answer.

The session starts once for the module (about 10 to 20 seconds) and the number of queries is
kept small.
"""

import shutil
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from safeguarding.core.models import Agency
from safeguarding.insight import queries, sql
from safeguarding.insight.engine import RecordFile, Warehouse
from safeguarding.insight.spark import spark_views
from safeguarding.returns.models import ReturnTemplate
from tests.insight.records import InsightRecords, event_rows
from tests.insight.test_sql import FIRST_YEAR, SECOND_YEAR, legacy_record

pytestmark = [
    # PySpark warns that it has not caught up with pandas 3; nothing here uses pandas.
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]

Row = tuple[object, ...]


def plain(value: object) -> object:
    """Sums are DECIMAL on one engine and BIGINT on the other: compare them as numbers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def ordered(found: list[Row]) -> list[Row]:
    return sorted(found, key=lambda row: tuple((v is None, str(v)) for v in row))


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java 17 or later on PATH: run scripts/install-java")
    from pyspark.sql import SparkSession

    # Empty views are made from a Python list, which Spark hands to a Python worker: it
    # must be this interpreter, not whichever `python3` is first on PATH.
    patch = pytest.MonkeyPatch()
    patch.setenv("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[1]")
        .appName("insight-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    patch.undo()


def on_spark(session: Any, query: str) -> tuple[list[str], list[Row]]:
    frame = session.sql(sql.to_spark(query))
    return list(frame.columns), ordered([tuple(plain(v) for v in row) for row in frame.collect()])


def on_duckdb(warehouse: Warehouse, query: str) -> tuple[list[str], list[Row]]:
    result = warehouse.connection.sql(query)
    return [c[0] for c in result.description], ordered(
        [tuple(plain(v) for v in row) for row in result.fetchall()]
    )


def same_on_both(session: Any, warehouse: Warehouse, query: str) -> list[Row]:
    """The query's rows, after checking Spark gives the same columns and rows as DuckDB."""
    spark_columns, spark_rows = on_spark(session, query)
    duck_columns, duck_rows = on_duckdb(warehouse, query)
    assert spark_columns == duck_columns
    assert spark_rows == duck_rows, query
    return duck_rows


@pytest.fixture
def files(insight_records: InsightRecords) -> dict[str, Any]:
    return {
        "aggregates": queries.accepted_records(kind=ReturnTemplate.Kind.AGGREGATE),
        "events": queries.accepted_records(kind=ReturnTemplate.Kind.CHILD_LEVEL),
        "population": queries.population_path(),
    }


def test_linked_outcomes_on_spark(
    spark: Any, files: dict[str, Any], agencies: dict[str, Agency]
) -> None:
    spark_views(spark, **files)
    council, school = agencies["council"].slug, agencies["school"].slug
    with Warehouse(**files) as warehouse:
        # 4 of 10 referred within 12 months of early help ending: council 3 of 6, school 1 of 4.
        after_early_help = sql.referred_after_early_help(
            start=FIRST_YEAR[0], end=FIRST_YEAR[1], breakdown="ethnicity"
        )
        assert same_on_both(spark, warehouse, after_early_help) == [
            (school, "WBRI", 4, 1),
            (council, "WBRI", 6, 3),
        ]
        # 2025-26: 4 referrals, 1 within 12 months of the child's previous one.
        rereferrals = sql.rereferrals(
            start=SECOND_YEAR[0], end=SECOND_YEAR[1], breakdown="ethnicity"
        )
        assert same_on_both(spark, warehouse, rereferrals) == [(council, "WBRI", 4, 1)]
        # 351 and 412 days: median 381.5, quartiles 366.25 and 396.75 (exact, interpolated:
        # Spark's approximate percentile would give one of the two values instead).
        waiting = sql.days_to_plan(start=SECOND_YEAR[0], end=SECOND_YEAR[1], breakdown="ethnicity")
        assert same_on_both(spark, warehouse, waiting) == [("WBRI", 2, 381.5, 366.25, 396.75)]


def test_disproportionality_queries_on_spark(spark: Any, files: dict[str, Any]) -> None:
    spark_views(spark, **files)
    with Warehouse(**files) as warehouse:
        # The aggregate counts and the population they are rated against.
        counts = sql.aggregate_breakdown(
            indicator="referrals", breakdown="ethnicity", periods=["2025-06"]
        )
        assert {g: n for g, n, _ in same_on_both(spark, warehouse, counts)} == {
            "WBRI": 90,
            "BCRB": 54,
            "AIND": 9,
            "WIRI": 3,
            "CHNE": 8,
            "WROM": 0,
        }
        population = same_on_both(spark, warehouse, sql.population_by(breakdown="ethnicity"))
        assert sum(int(str(n)) for *_, n in population) == 9_000 + 1_800 + 2_700 + 450 + 900
        # Children referred (with the age band worked out from the month of birth) and the
        # quarters they were referred in.
        referred = sql.children_with_event(
            event_type="referral", start=FIRST_YEAR[0], end=SECOND_YEAR[1], breakdown="ethnicity"
        )
        assert same_on_both(spark, warehouse, referred) == [("WBRI", "10-15", "1", 5)]
        quarters = same_on_both(spark, warehouse, sql.event_series(event_type="referral"))
        assert [(period, n) for period, _, n, _ in quarters] == [
            ("2025-03", 3),
            ("2025-06", 1),
            ("2025-09", 2),
            ("2026-03", 1),
        ]


def test_legacy_files_get_the_same_child_keys_on_spark(
    spark: Any, files: dict[str, Any], tmp_path: Path, agencies: dict[str, Agency]
) -> None:
    # The 2024-25 events as an old all-text file without child keys, beside the typed
    # 2025-26 file: Spark works the keys out with CONV, DuckDB with a hex cast, and the typed
    # file has them stored. Children 1, 2, 7 and 8 span both files, so the linked outcome is
    # right only if all three agree.
    council, school = agencies["council"].slug, agencies["school"].slug
    first, _ = event_rows(council, school)
    old: RecordFile = legacy_record(
        tmp_path / "legacy.parquet", first, agency=council, period=FIRST_YEAR
    )
    mixed = {**files, "events": [old, files["events"][1]]}
    spark_views(spark, **mixed)
    with Warehouse(**mixed) as warehouse:
        after_early_help = sql.referred_after_early_help(
            start=FIRST_YEAR[0], end=FIRST_YEAR[1], breakdown="ethnicity"
        )
        assert same_on_both(spark, warehouse, after_early_help) == [
            (school, "WBRI", 4, 1),
            (council, "WBRI", 6, 3),
        ]


def test_no_files_no_rows_on_spark(spark: Any) -> None:
    # Empty views (no returns accepted yet) have the right columns and no rows.
    spark_views(spark)
    columns, found = on_spark(
        spark,
        sql.referred_after_early_help(
            start=date(2024, 4, 1), end=date(2025, 3, 31), breakdown="ethnicity"
        ),
    )
    assert columns == ["lead_agency", "grp", "children", "outcome"]
    assert found == []
