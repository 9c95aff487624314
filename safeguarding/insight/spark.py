"""The same views on Spark, for a region or a nation that pools its files of record.

`spark_views` defines `raw_aggregates`, `raw_events`, `population`, `aggregate_returns`
and `child_events` in a Spark session over the same Parquet files the `Warehouse` reads,
so every query in `sql.py`, rewritten by `sql.to_spark`, runs there unchanged. PySpark is
not a dependency of the platform itself: a pooled deployment installs it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from safeguarding.insight import sql
from safeguarding.insight.engine import AGGREGATE_COLUMNS, EVENT_COLUMNS, RecordFile
from safeguarding.returns.validation.keys import KEY_DIGITS

# Where each child key starts in the pseudonym (1-based, as SUBSTRING counts).
KEY_DIGITS_FROM = {"child_key_1": 1, "child_key_2": 1 + KEY_DIGITS}


SPARK_TYPES = {"VARCHAR": "string", "BIGINT": "bigint", "DATE": "date", "INTEGER": "int"}


def _stacked(session: Any, files: Sequence[RecordFile], columns: Mapping[str, str]) -> Any:
    from pyspark.sql import functions as F

    frames = []
    for record in files:
        frame = session.read.parquet(str(record.path))
        present = set(frame.columns)
        chosen = []
        for name, kind in columns.items():
            if name in present:
                column = F.col(f"`{name}`")
            elif name in KEY_DIGITS_FROM and "pseudonymous_id" in present:
                start = KEY_DIGITS_FROM[name]
                column = F.conv(F.substring("pseudonymous_id", start, KEY_DIGITS), 16, 10)
            else:
                column = F.lit(None)
            chosen.append(column.cast(SPARK_TYPES[kind]).alias(name))
        frames.append(frame.select(F.lit(record.agency).alias("agency"), *chosen))
    if not frames:
        schema = ", ".join(
            [
                "`agency` STRING",
                *(f"`{c}` {SPARK_TYPES[kind].upper()}" for c, kind in columns.items()),
            ]
        )
        return session.createDataFrame([], schema)
    stacked = frames[0]
    for frame in frames[1:]:
        stacked = stacked.unionByName(frame)
    return stacked


def spark_views(
    session: Any,
    *,
    aggregates: Sequence[RecordFile] = (),
    events: Sequence[RecordFile] = (),
    population: Path | None = None,
) -> None:
    """Define the analytical views in a Spark session."""
    from pyspark.sql import functions as F

    _stacked(session, aggregates, AGGREGATE_COLUMNS).createOrReplaceTempView("raw_aggregates")
    _stacked(session, events, EVENT_COLUMNS).createOrReplaceTempView("raw_events")
    if population is None:
        schema = ", ".join(f"{c} STRING" for c in sql.DIMENSIONS) + ", children BIGINT"
        table = session.createDataFrame([], schema)
    else:
        table = session.read.parquet(str(population))
        present = set(table.columns)
        table = table.select(
            *(
                (F.col(c) if c in present else F.lit(None)).cast("string").alias(c)
                for c in sql.DIMENSIONS
            ),
            F.col("children").cast("bigint").alias("children"),
        )
    table.createOrReplaceTempView("population")
    session.sql(
        f"CREATE OR REPLACE TEMP VIEW aggregate_returns AS {sql.to_spark(sql.AGGREGATE_RETURNS)}"
    )
    session.sql(f"CREATE OR REPLACE TEMP VIEW child_events AS {sql.to_spark(sql.CHILD_EVENTS)}")
