"""How fast the disproportionality and linked-outcome queries run over a city's and a
nation's child-level returns.

Generates child-level files of record shaped as the platform writes them (the columns a
valid return keeps, the child keys worked out by `returns.validation.keys`, the event date
as a date and the age as a whole number, written by Polars as zstd Parquet without
statistics, as `record_write` does), one file per region and financial year, and a
population table, for two sizes:

- city: 190,000 children, 2,000,000 events, 3 files (one a year);
- nation: 12,000,000 children, 60,000,000 events, 27 files (9 regions, 3 years).

Events are generated with DuckDB SQL as children's journeys over three years (April 2022
to March 2025): early help that ends and is sometimes followed by a referral, referrals
with assessments, plans and care, and re-referrals. A child's ethnicity, sex, month of
birth, deprivation decile and locality are fixed; some groups and the more deprived
deciles are given more journeys and more referrals after early help, so the rates differ
for a reason. Files are kept under var/bench/ by size and reused when present.

The queries, each through `Warehouse` and `sql.py` as the insight pages run them, over
the year April 2023 to March 2024:

- disproportionality: `children_with_event` (referrals by ethnicity, with age band and
  deprivation decile) and `population_by`, then `compare_with_population` for the rates
  per 10,000, the rates relative to White British and the standardised rates;
- linked outcome: `referred_after_early_help` (early help ending in the year, referred
  within 12 months after);
- and as extra lines without a target: `stage_progress` (referral, assessment, plan) and
  `rereferrals`.

The named baseline, run in the same benchmark over the same files: the same computation
in pandas, reading only the columns needed with pyarrow (rows filtered by the reader, as
DuckDB filters them), then the same `compare_with_population`. Its results must equal
DuckDB's row for row, or the benchmark stops.

Each run is a child process of this script, so each peak memory (VmHWM) is that run's
alone; it includes the interpreter and the libraries. A run does the work once untimed
(a running server has loaded its libraries, and the machine has the files in its cache),
then once on the clock: for DuckDB, opening a fresh warehouse (the pages open one per
request), the queries and, for disproportionality, the comparison. Prints the median of
5 runs at city size and 3 at nation size (2 for pandas, which takes 20 s or more a run
there), the peak, and pandas / DuckDB for both.

Target: each of the two queries under 0.2 s at city size and under 5 s at nation size
(median) on this machine.

    make bench
    .venv/bin/python bench/insight_queries.py --quick          # city only
    .venv/bin/python bench/insight_queries.py --sizes nation
"""

# The SQL here is built from this file's own constants and numbers, never from input.
# ruff: noqa: S608
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CACHE = ROOT / "var" / "bench"
GENERATOR = 1  # bump when the generated data changes, so cached files are made again

DATA_START = date(2022, 4, 1)
DATA_END = date(2025, 3, 31)
YEAR_STARTS = (date(2022, 4, 1), date(2023, 4, 1), date(2024, 4, 1))
START, END = date(2023, 4, 1), date(2024, 3, 31)  # the year the queries look at
POPULATION_MONTH = (2023, 6)  # the population table's age bands: a mid-year estimate
STAGES = ("referral", "assessment", "plan_start")
REFERENCE = "WBRI"


@dataclass(frozen=True)
class Size:
    name: str
    children: int
    events: int
    localities: int
    regions: int  # files of record a year: one per region
    duckdb_runs: int
    pandas_runs: int
    target_seconds: float


SIZES = {
    "city": Size("city", 190_000, 2_000_000, 12, 1, 5, 5, 0.2),
    "nation": Size("nation", 12_000_000, 60_000_000, 150, 9, 3, 2, 5.0),
}

# Ethnicity: share of children (%), how many more journeys than White British children,
# and how far the group leans to the more deprived deciles (1 none, 2 strongly).
ETHNICITIES = (
    ("WBRI", 62.0, 1.0, 1.0),
    ("WIRI", 0.4, 0.9, 0.9),
    ("WIRT", 0.2, 1.8, 2.0),
    ("WOTH", 6.5, 0.8, 1.1),
    ("WROM", 0.5, 1.8, 2.0),
    ("MWBC", 1.6, 1.6, 1.5),
    ("MWBA", 0.9, 1.2, 1.3),
    ("MWAS", 1.7, 1.0, 1.0),
    ("MOTH", 2.1, 1.3, 1.2),
    ("AIND", 3.2, 0.5, 0.9),
    ("APKN", 4.4, 0.8, 1.8),
    ("ABAN", 1.8, 0.7, 1.8),
    ("AOTH", 2.1, 0.7, 1.2),
    ("BCRB", 0.9, 1.4, 1.5),
    ("BAFR", 4.3, 1.0, 1.5),
    ("BOTH", 0.8, 1.5, 1.4),
    ("CHNE", 0.7, 0.4, 0.9),
    ("OOTH", 2.3, 1.0, 1.2),
    ("REFU", 0.6, 1.0, 1.0),
    ("NOBT", 3.0, 1.2, 1.0),
)
EARLY_HELP_LEADS = (("LA", 40.0), ("SCHOOL", 30.0), ("HEALTH", 20.0), ("POLICE", 10.0))
QUERIES = {
    "disproportionality": "disproportionality",
    "linked_outcome": "linked outcome",
    "stage_progress": "stage progress (extra)",
    "rereferrals": "re-referrals (extra)",
}
MAIN_QUERIES = ("disproportionality", "linked_outcome")


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (VmHWM on Linux; see
    returns_validation.py for why not ru_maxrss there)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return kib / 1024 / (1024 if sys.platform == "darwin" else 1)
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    assert match, "no VmHWM in /proc/self/status"
    return int(match.group(1)) / 1024


def cpu_seconds() -> tuple[float, float, float]:
    """Seconds since boot: the machine's CPU time busy and in all, over every core, and
    the CPU time of this process's finished children (Linux only; zeros elsewhere)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        fields = [int(n) for n in Path("/proc/stat").read_text().split("\n")[0].split()[1:8]]
    except (OSError, ValueError):
        return 0.0, 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    busy = sum(fields) - fields[3] - fields[4]
    return busy / tick, sum(fields) / tick, children.ru_utime + children.ru_stime


class OtherWork:
    """How much of the machine other processes took while the runs ran, since they slow
    every figure here (the runs' own CPU time is left out)."""

    def __init__(self) -> None:
        self.busy = self.total = self.ours = 0.0

    def run(self, approach: str, query: str, folder: Path) -> dict[str, Any]:
        busy, total, ours = cpu_seconds()
        outcome = child(approach, query, folder)
        after = cpu_seconds()
        self.busy += after[0] - busy
        self.total += after[1] - total
        self.ours += after[2] - ours
        return outcome

    @property
    def share(self) -> float:
        return max(0.0, self.busy - self.ours) / self.total if self.total else 0.0


# --- the data --------------------------------------------------------------------------


def _unit(number: str, salt: int) -> str:
    """SQL for a uniform number in [0, 1), the same for the same number and salt on every
    run. (DuckDB's hash of several values is not independent of the hash of the first.)"""
    assert 0 <= salt < 64
    return f"((hash(({number}) * 64 + {salt}) >> 11)::DOUBLE / 9007199254740992.0)"


def _pick(unit: str, choices: tuple[tuple[str, float], ...]) -> str:
    """SQL that picks a choice with the given weights."""
    total = sum(weight for _, weight in choices)
    arms, running = [], 0.0
    for value, weight in choices[:-1]:
        running += weight / total
        arms.append(f"WHEN {unit} < {running!r} THEN '{value}'")
    return f"CASE {' '.join(arms)} ELSE '{choices[-1][0]}' END"


def _by_ethnicity(column: int) -> str:
    arms = " ".join(f"WHEN '{row[0]}' THEN {row[column]!r}" for row in ETHNICITIES)
    return f"CASE ethnicity {arms} END"


def _children_sql(size: Size) -> str:
    """One row per child: fixed characteristics, and how prone to journeys they are."""
    days_of_childhood = 6_390  # 17.5 years before the data start
    return f"""
SELECT *,
       eth_factor * (1 + 0.15 * (10 - CAST(deprivation_decile AS INTEGER))) AS mult
FROM (
    SELECT child, ethnicity, sex, locality_index, date_of_birth, u_journeys, u_round,
           CAST(1 + LEAST(9, FLOOR(10 * POW(u_decile, {_by_ethnicity(3)}))) AS INTEGER)::VARCHAR
               AS deprivation_decile,
           {_by_ethnicity(2)} AS eth_factor,
           printf('L%03d', locality_index + 1) AS locality
    FROM (
        SELECT
            i AS child,
            {_pick(_unit("i", 1), tuple((e[0], e[1]) for e in ETHNICITIES))} AS ethnicity,
            CASE WHEN {_unit("i", 2)} < 0.512 THEN '1' ELSE '2' END AS sex,
            {_unit("i", 3)} AS u_decile,
            CAST(FLOOR({_unit("i", 4)} * {size.localities}) AS INTEGER) AS locality_index,
            strftime(DATE '{DATA_START}'
                     - CAST(FLOOR({_unit("i", 5)} * {days_of_childhood}) AS INTEGER),
                     '%Y-%m') AS date_of_birth,
            {_unit("i", 6)} AS u_journeys,
            {_unit("i", 7)} AS u_round
        FROM range({size.children}) AS t(i)
    )
)
"""


def _events_sql(journeys_per_child: float, sample: int) -> str:
    """Events of every journey of the children (every `sample`-th child), one row per
    child, event type and day, inside the three years of the returns."""
    span = (DATA_END - DATA_START).days + 1

    def u(salt: int) -> str:
        return _unit("jid", salt)

    def days(salt: int, low: int, spread: int) -> str:
        return f"({low} + CAST(FLOOR({u(salt)} * {spread}) AS INTEGER))"

    return f"""
WITH journeys AS (
    SELECT child, mult, child * 100 + j AS jid
    FROM (
        SELECT child, mult,
               UNNEST(RANGE(CAST(FLOOR({journeys_per_child!r} * mult * 2 * u_journeys
                                       + u_round) AS INTEGER))) AS j
        FROM children
        WHERE child % {sample} = 0
    )
),
shaped AS (
    SELECT
        child,
        {u(10)} < 0.45 AS early_help,
        DATE '{DATA_START}' - 365 + CAST(FLOOR({u(11)} * {span + 365}) AS INTEGER) AS t0,
        {_pick(u(12), EARLY_HELP_LEADS)} AS early_help_lead,
        {days(13, 30, 240)} AS early_help_days,
        {u(14)} < LEAST(0.9, 0.2 * mult) AS referred_after,
        {days(15, 7, 500)} AS gap,
        {u(16)} < 0.85 AS assessed,
        {days(17, 3, 42)} AS to_assessment,
        {u(18)} < 0.3 AS planned,
        {days(19, 10, 50)} AS to_plan,
        {u(20)} < 0.9 AS plan_ended,
        {days(21, 90, 450)} AS plan_days,
        {u(22)} < LEAST(0.5, 0.04 * mult) AS in_care,
        {days(23, 20, 180)} AS to_care,
        {u(24)} < 0.85 AS care_ended,
        {days(25, 60, 840)} AS care_days,
        {u(26)} < 0.15 AS rereferred,
        {days(27, 60, 270)} AS to_rereferral
    FROM journeys
),
dated AS (
    SELECT *,
        t0 + early_help_days AS early_help_end,
        CASE WHEN early_help THEN t0 + early_help_days + gap ELSE t0 END AS referral,
        NOT early_help OR referred_after AS referred,
        (NOT early_help OR referred_after) AND assessed AS assessed_,
        CASE WHEN early_help THEN t0 + early_help_days + gap ELSE t0 END + to_assessment
            AS assessment
    FROM shaped
),
steps AS (
    SELECT child, UNNEST([
        {{'t': 'early_help_start', 'd': t0, 'ok': early_help, 'lead': early_help_lead}},
        {{'t': 'early_help_end', 'd': early_help_end, 'ok': early_help,
          'lead': early_help_lead}},
        {{'t': 'referral', 'd': referral, 'ok': referred, 'lead': 'LA'}},
        {{'t': 'assessment', 'd': assessment, 'ok': assessed_, 'lead': 'LA'}},
        {{'t': 'plan_start', 'd': assessment + to_plan, 'ok': assessed_ AND planned,
          'lead': 'LA'}},
        {{'t': 'plan_end', 'd': assessment + to_plan + plan_days,
          'ok': assessed_ AND planned AND plan_ended, 'lead': 'LA'}},
        {{'t': 'care_start', 'd': assessment + to_care, 'ok': assessed_ AND in_care,
          'lead': 'LA'}},
        {{'t': 'care_end', 'd': assessment + to_care + care_days,
          'ok': assessed_ AND in_care AND care_ended, 'lead': 'LA'}},
        {{'t': 'referral', 'd': referral + to_rereferral, 'ok': referred AND rereferred,
          'lead': 'LA'}}
    ], recursive := true)
    FROM dated
)
SELECT child, t AS event_type, d AS event_date, MIN(lead) AS lead_agency
FROM steps
WHERE ok AND d BETWEEN DATE '{DATA_START}' AND DATE '{DATA_END}'
GROUP BY child, t, d
"""


def scalar(connection: Any, query: str) -> int:
    value: int = connection.sql(query).fetchall()[0][0]
    return value


def generate(size: Size, folder: Path) -> dict[str, Any]:
    """Write the files of record and the population table; return the manifest."""
    import duckdb
    import polars as pl

    from safeguarding.returns.validation.keys import child_keys

    started = time.perf_counter()
    work = folder / "work"
    shutil.rmtree(folder, ignore_errors=True)
    work.mkdir(parents=True)
    connection = duckdb.connect(str(work / "generate.duckdb"))
    connection.execute("SET memory_limit = '12GB'")
    connection.execute(f"SET temp_directory = '{work / 'spill'}'")
    connection.execute("SET preserve_insertion_order = false")
    connection.execute("SET enable_progress_bar = false")
    connection.execute(f"CREATE TABLE children AS {_children_sql(size)}")
    # Journeys a child has grow in proportion to this number: try it on a sample of the
    # children, then set it so that a little more than the events wanted come out, and
    # drop the surplus at random (by a hash of the event).
    sample = max(1, size.children // 400_000)
    trial = scalar(connection, f"SELECT COUNT(*) FROM ({_events_sql(1.0, sample)})")
    per_child = 1.015 * size.events / (trial * sample)
    connection.execute(
        f"CREATE TABLE candidates AS SELECT *, hash(child, event_type, event_date) AS h "
        f"FROM ({_events_sql(per_child, 1)})"
    )
    found = scalar(connection, "SELECT COUNT(*) FROM candidates")
    assert found > size.events, (found, size.events)
    surplus = found - size.events
    connection.execute(
        "CREATE TABLE events AS SELECT * EXCLUDE (h) FROM candidates WHERE h < ("
        f"SELECT MIN(h) FROM (SELECT h FROM candidates ORDER BY h DESC LIMIT {surplus}))"
    )
    connection.execute("DROP TABLE candidates")
    kept = scalar(connection, "SELECT COUNT(*) FROM events")
    assert kept == size.events, (kept, size.events)

    # One file a region and financial year, as each would be sent as a return.
    year = " ".join(
        f"WHEN event_date >= DATE '{s}' THEN {i}" for i, s in reversed(list(enumerate(YEAR_STARTS)))
    )
    parts = work / "parts"
    connection.execute(
        f"""
COPY (
    SELECT
        (c.locality_index % {size.regions}) * {len(YEAR_STARTS)} + CASE {year} END AS part,
        sha256(CAST(c.child AS VARCHAR)) AS pseudonymous_id,
        e.event_type, e.event_date, c.date_of_birth, CAST(NULL AS BIGINT) AS age, c.sex,
        c.ethnicity, c.locality, c.deprivation_decile, e.lead_agency
    FROM events AS e JOIN children AS c USING (child)
) TO '{parts}' (FORMAT parquet, PARTITION_BY (part), COMPRESSION zstd)
"""
    )
    events_folder = folder / "events"
    events_folder.mkdir()
    files: list[dict[str, Any]] = []
    for region in range(size.regions):
        for index, period_start in enumerate(YEAR_STARTS):
            part = parts / f"part={region * len(YEAR_STARTS) + index}"
            agency = "city" if size.regions == 1 else f"region-{region + 1}"
            path = events_folder / f"{agency}-{period_start.year}.parquet"
            frame = (
                pl.read_parquet(part / "*.parquet", hive_partitioning=False)
                .sort("event_date", "pseudonymous_id", "event_type")
                .with_columns(child_keys(pl.col("pseudonymous_id")))
            )
            # As record_write writes a file of record.
            frame.write_parquet(path, compression="zstd", statistics=False)
            files.append(
                {
                    "path": str(path.relative_to(folder)),
                    "agency": agency,
                    "period_start": period_start.isoformat(),
                    "period_end": (
                        period_start.replace(year=period_start.year + 1) - timedelta(days=1)
                    ).isoformat(),
                    "rows": frame.height,
                }
            )
    # The population table: every child, by age band in the middle of the year looked at.
    months = POPULATION_MONTH[0] * 12 + POPULATION_MONTH[1]
    population = connection.sql(
        f"""
SELECT ethnicity, sex,
       CASE
           WHEN months_old < 12 THEN '0'
           WHEN months_old < 60 THEN '1-4'
           WHEN months_old < 120 THEN '5-9'
           WHEN months_old < 192 THEN '10-15'
           ELSE '16+'
       END AS age_band,
       deprivation_decile, locality, COUNT(*) AS children
FROM (
    SELECT *, {months} - CAST(SUBSTR(date_of_birth, 1, 4) AS INTEGER) * 12
              - CAST(SUBSTR(date_of_birth, 6, 2) AS INTEGER) AS months_old
    FROM children
)
GROUP BY ALL
ORDER BY ALL
"""
    ).pl()
    population.with_columns(pl.col("children").cast(pl.Int64)).write_parquet(
        folder / "population.parquet", compression="zstd", statistics=False
    )
    connection.close()
    shutil.rmtree(work)
    assert sum(f["rows"] for f in files) == size.events
    manifest = {
        "generator": GENERATOR,
        "size": size.name,
        "children": size.children,
        "events": size.events,
        "files": files,
        "population": "population.parquet",
        "population_rows": population.height,
        "seconds": round(time.perf_counter() - started, 1),
        "made": datetime.now().isoformat(timespec="seconds"),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def data_for(size: Size) -> tuple[Path, dict[str, Any], bool]:
    """The generated files for a size, made now or reused from an earlier run."""
    folder = CACHE / f"insight-{size.name}-{size.children}c-{size.events}e-v{GENERATOR}"
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        manifest: dict[str, Any] = json.loads(manifest_path.read_text())
        if all((folder / f["path"]).exists() for f in manifest["files"]):
            return folder, manifest, True
    print(f"Generating {size.name} data in {folder.relative_to(ROOT)} ...", file=sys.stderr)
    return folder, generate(size, folder), False


# --- shared by both: the comparison the disproportionality page makes --------------------


def ethnicity_labels() -> dict[str, str]:
    path = ROOT / "safeguarding" / "core" / "code_lists" / "ethnicity.csv"
    with path.open(newline="") as handle:
        return {row["code"]: row["label"] for row in csv.DictReader(handle)}


def warm_up() -> None:
    """Imports a running server has made before any page (scipy, for the
    comparison, about 1 s), and the labels it reads from the database."""
    import safeguarding.insight.disproportionality  # noqa: F401

    ethnicity_labels()


def compare(counts_rows: list[list[Any]], population_rows: list[list[Any]]) -> list[list[Any]]:
    """Rates, relative rates and standardised rates, as `comparisons._from_events` works
    them out from the two queries' rows, summed up as plain values."""
    from safeguarding.insight.disproportionality import compare_with_population
    from safeguarding.insight.suppression import DFE

    counts: dict[str, int] = defaultdict(int)
    strata_counts: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for grp, age_band, decile, children in counts_rows:
        group = grp or "Not recorded"
        counts[group] += int(children)
        stratum = (age_band, decile)
        strata_counts[group][stratum] = strata_counts[group].get(stratum, 0) + int(children)
    populations: dict[str, int] = defaultdict(int)
    strata_populations: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for grp, age_band, decile, children in population_rows:
        populations[grp] += int(children)
        strata_populations[grp][(age_band, decile)] = int(children)
    comparison = compare_with_population(
        counts=dict(counts),
        populations=dict(populations),
        labels=ethnicity_labels(),
        reference=REFERENCE,
        policy=DFE,
        strata_counts=dict(strata_counts),
        strata_populations=dict(strata_populations),
    )
    return [
        [
            row.code,
            row.count.count,
            row.rate.value if row.rate else None,
            row.relative.value if row.relative else None,
            row.flag,
            row.standardised.value if row.standardised else None,
            row.standardised_relative,
        ]
        for row in comparison.rows
    ]


def canonical(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows in one order whatever the engine, with missing values as None and DuckDB's
    128-bit sums (Decimal in Python) as whole numbers, as the pages read them."""
    clean = [
        [
            None if value != value else int(value) if isinstance(value, Decimal) else value
            for value in row
        ]
        for row in rows
    ]
    return sorted(clean, key=lambda row: [(value is None, str(value)) for value in row])


# --- DuckDB: the warehouse and sql.py, as the pages run them -------------------------------


def measured(once: Callable[[], tuple[list[list[Any]], list[list[Any]], float]]) -> dict[str, Any]:
    """Run the work once untimed, as a running server has already loaded its libraries
    and the machine has the files in its cache, then once on the clock. The peak covers
    both; the memory before the first is the interpreter's and the libraries'."""
    warm_up()
    start_mb = peak_mb()
    once()
    started = time.perf_counter()
    rows, summary, query_seconds = once()
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "query_seconds": query_seconds,
        "peak_mb": peak_mb(),
        "start_mb": start_mb,
        "rows": canonical(rows),
        "summary": summary,
    }


def run_duckdb(query: str, folder: Path) -> dict[str, Any]:
    import pyarrow  # noqa: F401  (DuckDB hands its results to Polars through it)

    from safeguarding.insight import sql
    from safeguarding.insight.engine import RecordFile, Warehouse

    manifest = json.loads((folder / "manifest.json").read_text())
    files = [
        RecordFile(
            path=folder / f["path"],
            agency=f["agency"],
            period_start=date.fromisoformat(f["period_start"]),
            period_end=date.fromisoformat(f["period_end"]),
        )
        for f in manifest["files"]
    ]
    population = folder / manifest["population"]

    def once() -> tuple[list[list[Any]], list[list[Any]], float]:
        """A fresh warehouse, as each page opens one, and the page's queries."""
        started = time.perf_counter()
        summary: list[list[Any]] = []
        with Warehouse(events=files, population=population) as warehouse:
            if query == "disproportionality":
                counts = sql.children_with_event(
                    event_type="referral", start=START, end=END, breakdown="ethnicity"
                )
                rows = [list(r) for r in warehouse.frame(counts).rows()]
                people = warehouse.frame(sql.population_by(breakdown="ethnicity"))
                queried = time.perf_counter()
                summary = compare(rows, [list(r) for r in people.rows()])
            else:
                if query == "linked_outcome":
                    text = sql.referred_after_early_help(
                        start=START, end=END, breakdown="ethnicity"
                    )
                elif query == "stage_progress":
                    text = sql.stage_progress(
                        stages=STAGES, start=START, end=END, breakdown="ethnicity"
                    )
                else:
                    text = sql.rereferrals(start=START, end=END, breakdown="ethnicity")
                frame = warehouse.frame(text)
                if query != "stage_progress":
                    frame = frame.select("lead_agency", "grp", "children", "outcome")
                rows = [list(r) for r in frame.rows()]
                queried = time.perf_counter()
        return rows, summary, queried - started

    return measured(once)


# --- the baseline: the same computation in pandas -----------------------------------------

KEYS = ["child_key_1", "child_key_2"]


def read_events(folder: Path, columns: list[str], filters: list[Any]) -> Any:
    """Only the columns needed, rows filtered as pyarrow reads them; dates as datetime64."""
    import pandas as pd

    frame = pd.read_parquet(
        folder / "events",
        columns=columns,
        filters=filters,
        to_pandas_kwargs={"date_as_object": False},
    )
    # One whole number per child for the groupings that follow.
    frame["child"] = frame.groupby(KEYS, sort=False).ngroup()
    return frame


def firsts(frame: Any, by: str, columns: list[str], *, last: bool = False) -> Any:
    """Each child's value of each column on their first (or last) event, ties going to
    the smallest (largest) value, missing values passed over: `sql.first` and `sql.last`,
    which are MIN_BY and MAX_BY over (event_date, value) and skip NULL values. Values are
    compared as their sorted codes (pd.factorize), which order as the text does."""
    import numpy as np
    import pandas as pd

    how = "max" if last else "min"
    child = frame[by].to_numpy()
    dates = frame["event_date"]
    on_edge = (dates == dates.groupby(child).transform(how)).to_numpy()
    found = {}
    for column in columns:
        codes, values = pd.factorize(frame[column], sort=True)  # -1 where missing
        chosen = on_edge
        if (codes < 0).any():
            known = dates.where(codes >= 0)
            chosen = (known == known.groupby(child).transform(how)).to_numpy()
        picked = pd.Series(codes[chosen]).groupby(child[chosen]).agg(how)
        found[column] = pd.Series(np.asarray(values)[picked.to_numpy()], index=picked.index)
    return pd.DataFrame(found).reindex(pd.Index(np.unique(child), name=by))


def age_bands(frame: Any) -> Any:
    """The age band of each event, as `sql.CHILD_EVENTS` works it out (each month of
    birth parsed once)."""
    import numpy as np
    import pandas as pd

    codes, months_of_birth = pd.factorize(frame["date_of_birth"])  # -1 where missing
    text = pd.Series(np.asarray(months_of_birth, dtype=object), dtype="str")
    # A last NaN, which the code -1 picks for a missing month of birth.
    year = np.append(pd.to_numeric(text.str.slice(0, 4), errors="coerce"), np.nan)[codes]
    month = np.append(pd.to_numeric(text.str.slice(5, 7), errors="coerce"), np.nan)[codes]
    when = frame["event_date"]
    worked_out = when.dt.year * 12 + when.dt.month - year * 12 - month
    months = (frame["age"] * 12).fillna(worked_out)
    bands = np.select(
        [months < 0, months < 12, months < 60, months < 120, months < 192],
        ["UNB", "0", "1-4", "5-9", "10-15"],
        default="16+",
    )
    return pd.Series(bands, index=frame.index).where(months.notna())


def one_year_on(dates: Any) -> Any:
    import pandas as pd

    return dates + pd.DateOffset(years=1)  # 29 February to 28 February, as DuckDB does


def frame_rows(frame: Any, columns: list[str]) -> list[list[Any]]:
    return [
        [v.item() if hasattr(v, "item") else v for v in row]
        for row in frame[columns].astype(object).itertuples(index=False, name=None)
    ]


def pandas_disproportionality(folder: Path) -> tuple[list[list[Any]], list[list[Any]]]:
    import pandas as pd

    events = read_events(
        folder,
        [*KEYS, "event_date", "date_of_birth", "age", "ethnicity", "deprivation_decile"],
        [("event_type", "==", "referral"), ("event_date", ">=", START), ("event_date", "<=", END)],
    )
    events["age_band"] = age_bands(events)
    per_child = firsts(events, "child", ["ethnicity", "age_band", "deprivation_decile"])
    counted = (
        per_child.groupby(["ethnicity", "age_band", "deprivation_decile"], dropna=False)
        .size()
        .reset_index(name="children")
    )
    population = (
        pd.read_parquet(
            folder / "population.parquet",
            columns=["ethnicity", "age_band", "deprivation_decile", "children"],
        )
        .groupby(["ethnicity", "age_band", "deprivation_decile"], dropna=False)["children"]
        .sum()
        .reset_index()
    )
    return (
        frame_rows(counted, ["ethnicity", "age_band", "deprivation_decile", "children"]),
        frame_rows(population, ["ethnicity", "age_band", "deprivation_decile", "children"]),
    )


def pandas_linked_outcome(folder: Path) -> list[list[Any]]:
    events = read_events(
        folder,
        [*KEYS, "event_type", "event_date", "lead_agency", "ethnicity"],
        [
            [
                ("event_type", "==", "early_help_end"),
                ("event_date", ">=", START),
                ("event_date", "<=", END),
            ],
            # Referrals after an ending in the year, up to a year after the last day.
            [
                ("event_type", "==", "referral"),
                ("event_date", ">", START),
                ("event_date", "<=", END.replace(year=END.year + 1)),
            ],
        ],
    )
    endings = events[events["event_type"] == "early_help_end"]
    ended = endings.groupby("child")["event_date"].max().rename("ended")
    people = firsts(endings, "child", ["lead_agency", "ethnicity"], last=True).join(ended)
    referrals = events.loc[events["event_type"] == "referral", ["child", "event_date"]]
    pairs = referrals.merge(ended, left_on="child", right_index=True)
    within = (pairs["event_date"] > pairs["ended"]) & (
        pairs["event_date"] <= one_year_on(pairs["ended"])
    )
    people["outcome"] = people.index.isin(pairs.loc[within, "child"].unique()).astype(int)
    table = (
        people.groupby(["lead_agency", "ethnicity"], dropna=False)["outcome"]
        .agg(children="size", outcome="sum")
        .reset_index()
    )
    return frame_rows(table, ["lead_agency", "ethnicity", "children", "outcome"])


def pandas_stage_progress(folder: Path) -> list[list[Any]]:
    events = read_events(
        folder,
        [*KEYS, "event_type", "event_date", "ethnicity"],
        [
            ("event_type", "in", list(STAGES)),
            ("event_date", ">=", START),
            ("event_date", "<=", END),
        ],
    )
    people = firsts(events, "child", ["ethnicity"])
    stages = events.groupby(["child", "event_type"])["event_date"].min().unstack()
    people = people.join(stages.reindex(columns=list(STAGES)))
    people = people[people[STAGES[0]].notna()]
    reached = people[STAGES[0]].notna()
    columns = ["reached_0"]
    people["reached_0"] = reached.astype(int)
    for i in range(1, len(STAGES)):
        reached = reached & (people[STAGES[i]] >= people[STAGES[i - 1]])
        people[f"reached_{i}"] = reached.astype(int)
        columns.append(f"reached_{i}")
    table = people.groupby("ethnicity", dropna=False)[columns].sum().reset_index()
    return frame_rows(table, ["ethnicity", *columns])


def pandas_rereferrals(folder: Path) -> list[list[Any]]:
    import pandas as pd

    events = read_events(
        folder,
        [*KEYS, "event_date", "lead_agency", "ethnicity"],
        # A referral after the year is no one's previous referral.
        [("event_type", "==", "referral"), ("event_date", "<=", END)],
    )
    # One row per child and day; on a day, sql.first is the smallest value of the day.
    days = events.groupby(["child", "event_date"])[["lead_agency", "ethnicity"]].min().reset_index()
    previous = days.groupby("child")["event_date"].shift()
    days["within"] = (previous.notna() & (days["event_date"] <= one_year_on(previous))).astype(int)
    days = days[days["event_date"].between(pd.Timestamp(START), pd.Timestamp(END))]
    table = (
        days.groupby(["lead_agency", "ethnicity"], dropna=False)["within"]
        .agg(children="size", outcome="sum")
        .reset_index()
    )
    return frame_rows(table, ["lead_agency", "ethnicity", "children", "outcome"])


def run_pandas(query: str, folder: Path) -> dict[str, Any]:
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401

    def once() -> tuple[list[list[Any]], list[list[Any]], float]:
        started = time.perf_counter()
        summary: list[list[Any]] = []
        if query == "disproportionality":
            rows, population_rows = pandas_disproportionality(folder)
            queried = time.perf_counter()
            summary = compare(rows, population_rows)
        else:
            work = {
                "linked_outcome": pandas_linked_outcome,
                "stage_progress": pandas_stage_progress,
                "rereferrals": pandas_rereferrals,
            }[query]
            rows = work(folder)
            queried = time.perf_counter()
        return rows, summary, queried - started

    return measured(once)


# --- the benchmark ------------------------------------------------------------------------

APPROACHES = {"duckdb": run_duckdb, "pandas": run_pandas}


def child(approach: str, query: str, folder: Path) -> dict[str, Any]:
    """One run in a fresh process, so that its peak memory is its own."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", approach, query, str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"{approach} {query} run failed:\n{result.stderr}")
    outcome: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return outcome


def describe(folder: Path, manifest: dict[str, Any], reused: bool) -> str:
    size = sum((folder / f["path"]).stat().st_size for f in manifest["files"])
    where = folder.relative_to(ROOT)
    made = (
        f"reused from {where} (made {manifest['made'][:10]} in {manifest['seconds']:.0f} s; "
        "delete the folder to make it again)"
        if reused
        else f"generated in {manifest['seconds']:.1f} s into {where}"
    )
    return (
        f"{manifest['size'].capitalize()}: {manifest['children']:,} children, "
        f"{manifest['events']:,} events in {len(manifest['files'])} files of record "
        f"({size / 1e6:,.0f} MB), population table of {manifest['population_rows']:,} rows; "
        f"{made}"
    )


def highlights(summary: list[list[Any]]) -> str:
    """The groups furthest from the reference, to show the planted differences."""
    shown = [row for row in summary if row[3] is not None and row[1] >= 100]
    shown.sort(key=lambda row: row[3])
    reference = next(row for row in summary if row[0] == REFERENCE)
    ends = [*shown[:2], *shown[-3:]]
    parts = [f"{row[0]} {row[3]:.2f}x ({row[6]:.2f}x standardised)" for row in ends]
    return (
        f"referrals per 10,000 children: {REFERENCE} {reference[2]:,.0f}; against it, "
        + ", ".join(parts)
    )


def bench_size(size: Size) -> bool:
    folder, manifest, reused = data_for(size)
    print(describe(folder, manifest, reused))
    print(
        f"Year {START:%-d %B %Y} to {END:%-d %B %Y}; DuckDB {size.duckdb_runs} runs, pandas "
        f"{size.pandas_runs} runs of each query, one process a run, each timing its second go"
    )
    print(
        f"\n{'query':<26}{'DuckDB s':>9}{'peak MB':>9}{'pandas s':>10}{'peak MB':>9}"
        f"{'time x':>8}{'memory x':>10}  same  target"
    )
    other = OtherWork()
    met = True
    notes = []
    for query, label in QUERIES.items():
        runs: dict[str, list[dict[str, Any]]] = {}
        for approach, count in (("duckdb", size.duckdb_runs), ("pandas", size.pandas_runs)):
            runs[approach] = []
            for n in range(count):
                print(f"  {size.name} {query} {approach} {n + 1}/{count}", file=sys.stderr)
                runs[approach].append(other.run(approach, query, folder))
        ours, theirs = runs["duckdb"], runs["pandas"]
        same = all(r["rows"] == ours[0]["rows"] for r in ours + theirs) and all(
            r["summary"] == ours[0]["summary"] for r in ours + theirs
        )
        seconds = statistics.median(r["seconds"] for r in ours)
        peak = max(r["peak_mb"] for r in ours)
        base_seconds = statistics.median(r["seconds"] for r in theirs)
        base_peak = max(r["peak_mb"] for r in theirs)
        if query in MAIN_QUERIES:
            ok = seconds < size.target_seconds
            met = met and ok
            target = f"{'PASS' if ok else 'MISS'} (<{size.target_seconds:g} s)"
        else:
            target = "(no target)"
        print(
            f"{label:<26}{seconds:>9.3f}{peak:>9.0f}{base_seconds:>10.3f}{base_peak:>9.0f}"
            f"{base_seconds / seconds:>7.2f}x{base_peak / peak:>9.2f}x  "
            f"{'yes' if same else 'NO':<4}  {target}"
        )
        alone = ""
        if query == "disproportionality":
            queries = statistics.median(r["query_seconds"] for r in ours)
            alone = f" (the queries alone {queries:.3f} s, then the comparison)"
        notes.append(
            f"{label}: DuckDB runs {', '.join(f'{r["seconds"]:.3f}' for r in ours)} s{alone}; "
            f"pandas {', '.join(f'{r["seconds"]:.2f}' for r in theirs)} s"
        )
        if query == "disproportionality":
            notes.append(highlights(ours[0]["summary"]))
        if query == "linked_outcome":
            children = sum(row[2] for row in ours[0]["rows"])
            outcome = sum(row[3] for row in ours[0]["rows"])
            notes.append(
                f"early help ended for {children:,} children in the year; "
                f"{outcome / children:.1%} were referred within 12 months"
            )
        if not same:
            raise AssertionError(f"DuckDB and pandas disagree on {query} at {size.name} size")
    print(
        "Peak memory includes the interpreter and libraries: "
        f"{ours[0]['start_mb']:.0f} MB (DuckDB) and {theirs[0]['start_mb']:.0f} MB (pandas) "
        "before the clock starts."
    )
    print(
        f"Other processes took {other.share:.0%} of the machine's CPU time while the runs ran"
        + (": the figures are slower than on an idle machine." if other.share > 0.05 else ".")
    )
    for note in notes:
        print(f"  {note}")
    print()
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="city size only: a smoke run")
    parser.add_argument("--sizes", default="city,nation", help="comma-separated: city,nation")
    arguments = parser.parse_args()
    names = ["city"] if arguments.quick else arguments.sizes.split(",")
    unknown = [name for name in names if name not in SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)}: use city, nation")
    import duckdb
    import pandas as pd

    print(f"DuckDB {duckdb.__version__}, pandas {pd.__version__}\n")
    met = [bench_size(SIZES[name]) for name in names]
    return 0 if all(met) else 1


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        print(json.dumps(APPROACHES[sys.argv[2]](sys.argv[3], Path(sys.argv[4]))))
        raise SystemExit(0)
    raise SystemExit(main())
