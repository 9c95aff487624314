"""The warehouse reads the files of record it was given, and nothing else."""

from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from safeguarding.insight.engine import RecordFile, Warehouse


def test_queries_cannot_reach_other_files_or_change_the_settings(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    path = folder / "one.parquet"
    pl.DataFrame({"indicator": ["a"], "period": ["2025-06"], "count": ["3"]}).write_parquet(path)
    outside = tmp_path / "secret.csv"
    outside.write_text("name\nsomeone\n")
    aggregates = [RecordFile(path, "council", date(2025, 4, 1), date(2025, 6, 30))]
    with Warehouse(aggregates=aggregates) as warehouse:
        assert warehouse.frame('SELECT SUM("count") AS n FROM aggregate_returns')["n"][0] == 3
        with pytest.raises(duckdb.PermissionException):
            # A query trying to read a file outside the records folder.
            warehouse.frame(f"SELECT * FROM read_csv('{outside}')")  # noqa: S608
        with pytest.raises(duckdb.Error):
            warehouse.connection.execute("SET enable_external_access = true")
