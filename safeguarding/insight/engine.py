"""DuckDB, in-process, over the files of record.

A `Warehouse` opens an in-memory DuckDB database and defines the views `sql.py` reads:
`raw_aggregates` and `raw_events` over the accepted returns' Parquet files (each file with
the agency that sent it), `aggregate_returns` and `child_events` on top of them, and
`population` over the current population table. Nothing is copied: DuckDB reads the
Parquet files where they lie, and only the columns and row groups a query needs.

A column a return left out (the optional ones, such as deprivation decile) is read as NULL
for that file, so files of different shapes stack into one view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import duckdb
import polars as pl

from safeguarding.insight import sql

# Each column of the raw views and its type. A file of record that lacks a column gives
# NULL; one that stores it as text is cast.
AGGREGATE_COLUMNS = {
    "indicator": "VARCHAR",
    "period": "VARCHAR",
    "breakdown_type": "VARCHAR",
    "breakdown_value": "VARCHAR",
    "count": "BIGINT",
    "denominator": "BIGINT",
}
EVENT_COLUMNS = {
    "child_key_1": "BIGINT",
    "child_key_2": "BIGINT",
    "event_type": "VARCHAR",
    "event_date": "DATE",
    "date_of_birth": "VARCHAR",
    "age": "INTEGER",
    "sex": "VARCHAR",
    "ethnicity": "VARCHAR",
    "deprivation_decile": "VARCHAR",
    "locality": "VARCHAR",
    "lead_agency": "VARCHAR",
}
# Files of record written before the child keys were stored get them worked out here,
# from the same hex digits as `returns.validation.keys`.
KEY_FROM_PSEUDONYM = {
    "child_key_1": "CAST(('0x' || SUBSTR(pseudonymous_id, 1, 15)) AS BIGINT)",
    "child_key_2": "CAST(('0x' || SUBSTR(pseudonymous_id, 16, 15)) AS BIGINT)",
}
POPULATION_COLUMNS = (*sql.DIMENSIONS, "children")


@dataclass(frozen=True)
class RecordFile:
    """One accepted return's file of record and who sent it."""

    path: Path
    agency: str
    period_start: date
    period_end: date


@lru_cache(maxsize=4096)
def _columns(path: Path) -> frozenset[str]:
    # A file of record is named by its content hash and never changes, so its columns can
    # be read once per process rather than on every page.
    return frozenset(pl.read_parquet_schema(path))


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _column(name: str, kind: str, present: frozenset[str]) -> str:
    if name in present:
        return f'TRY_CAST("{name}" AS {kind}) AS "{name}"'
    if name in KEY_FROM_PSEUDONYM and "pseudonymous_id" in present:
        return f'{KEY_FROM_PSEUDONYM[name]} AS "{name}"'
    return f'CAST(NULL AS {kind}) AS "{name}"'


def _stacked(files: Sequence[RecordFile], columns: Mapping[str, str]) -> str:
    """One SELECT per file, each naming every column (NULL where the file lacks it)."""
    if not files:
        nulls = ", ".join(_column(c, kind, frozenset()) for c, kind in columns.items())
        return f"SELECT CAST(NULL AS VARCHAR) AS agency, {nulls} WHERE FALSE"
    parts = []
    for record in files:
        present = _columns(record.path)
        chosen = ", ".join(_column(c, kind, present) for c, kind in columns.items())
        parts.append(
            f"SELECT {_quoted(record.agency)} AS agency, {chosen} "
            f"FROM read_parquet({_quoted(str(record.path))})"
        )
    return "\nUNION ALL\n".join(parts)


def _population(path: Path | None) -> str:
    if path is None:
        nulls = ", ".join(f"CAST(NULL AS VARCHAR) AS {c}" for c in sql.DIMENSIONS)
        return f"SELECT {nulls}, CAST(0 AS BIGINT) AS children WHERE FALSE"
    present = _columns(path)
    chosen = ", ".join(
        f"CAST({c} AS VARCHAR) AS {c}" if c in present else f"CAST(NULL AS VARCHAR) AS {c}"
        for c in sql.DIMENSIONS
    )
    return (
        f"SELECT {chosen}, CAST(children AS BIGINT) AS children "
        f"FROM read_parquet({_quoted(str(path))})"
    )


class FrameSource(Protocol):
    """What the reads need of a warehouse: a query's result as a Polars frame. A
    `Warehouse` is one, and so is `figures.Figures`, which keeps the results."""

    def frame(self, query: str) -> pl.DataFrame: ...


class Warehouse:
    """An in-memory DuckDB database with views over the given files."""

    def __init__(
        self,
        *,
        aggregates: Sequence[RecordFile] = (),
        events: Sequence[RecordFile] = (),
        population: Path | None = None,
        threads: int | None = None,
    ) -> None:
        self.connection = duckdb.connect(":memory:")
        if threads:
            self.connection.execute(f"SET threads = {int(threads)}")
        # Only the folders holding these files may be read, and the settings are then
        # locked, so no query can reach any other file or the network.
        folders = sorted(
            {str(f.path.parent) + "/" for f in (*aggregates, *events)}
            | ({str(population.parent) + "/"} if population else set())
        )
        self.connection.execute(
            "SET allowed_directories = [" + ", ".join(_quoted(f) for f in folders) + "]"
        )
        self.connection.execute("SET enable_external_access = false")
        self.connection.execute("SET lock_configuration = true")
        self.connection.execute(
            f"CREATE VIEW raw_aggregates AS {_stacked(aggregates, AGGREGATE_COLUMNS)}"
        )
        self.connection.execute(f"CREATE VIEW raw_events AS {_stacked(events, EVENT_COLUMNS)}")
        self.connection.execute(f"CREATE VIEW population AS {_population(population)}")
        self.connection.execute(f"CREATE VIEW aggregate_returns AS {sql.AGGREGATE_RETURNS}")
        self.connection.execute(f"CREATE VIEW child_events AS {sql.CHILD_EVENTS}")
        self.has_events = bool(events)
        self.has_aggregates = bool(aggregates)

    def frame(self, query: str) -> pl.DataFrame:
        """Run a query and return its result as a Polars frame."""
        return self.connection.sql(query).pl()

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
