"""How fast a million-row child-level return is read, validated, minimised and stored.

Generates a child-level CSV of 1,000,000 rows (about 125 MB) with vectorised Polars, valid
except for a known number of planted errors, then runs it through the validation engine
the way `submission_receive` does: `read_table` on the upload's bytes, `validate` against
`child_level_spec`, `minimise`, and `record_write` (Parquet named by its content hash).
The file has errors, so the app would reject it; it is minimised and stored all the same,
so that one run pays for every step.

The named baseline, run in the same benchmark: the same checks written plainly with pandas
(`read_csv` with dtype=str and vectorised pandas checks), cutting dates of birth to the
month and postcodes to the sector, then writing Parquet if pyarrow is installed. Both must
find exactly the planted errors, and both must minimise to the same values.

Each run is a child process of this script, so each peak (the child's own ru_maxrss) is
one implementation's alone. The peak includes the interpreter, the libraries and the
upload's bytes held in memory, as in the app. Prints the median of 3 runs, the peak, the
problems found and the ratio pandas / ours.

Target: ours under 15 s (median) with a peak under 1.5 GB on this machine.

    make bench
    .venv/bin/python bench/returns_validation.py
"""

import hashlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROWS = 1_000_000
RUNS = 3
TARGET_SECONDS = 15.0
TARGET_MB = 1.5 * 1024
SEED = 20250401
CSV_NAME = "return.csv"
SPEC_NAME = "spec.json"

PERIOD_START = date(2025, 4, 1)
PERIOD_END = date(2026, 3, 31)
EVENT_TYPES = ("ASSESSMENT", "CP_PLAN", "REFERRAL")
LOCALITIES = ("EAST", "NORTH", "SOUTH", "WEST")
AGENCIES = ("LA", "NHS", "POLICE")
OUTWARD = ("AB1", "B23", "CR0", "LS6", "M14", "NE2", "SW1A", "W1K")

# Planted errors: (rule, column, rows, what the value becomes). Each set of rows is
# disjoint from the others, so each rule finds exactly the rows planted for it.
# "upper" upper-cases the value, None empties it.
PLANTS: tuple[tuple[str, str, int, str | None], ...] = (
    ("code_not_in_list", "ethnicity", 50, "WBRITISH"),
    ("code_not_in_list", "event_type", 50, "referral"),
    ("date_outside_period", "event_date", 50, "2025-03-31"),
    ("date_outside_period", "event_date", 50, "2026-04-01"),
    ("wrong_type", "event_date", 50, "2025-02-29"),
    ("wrong_type", "age", 50, "twelve"),
    ("required_value_missing", "sex", 100, None),
    ("pseudonym_wrong_form", "pseudonymous_id", 100, "upper"),
    ("number_out_of_range", "age", 100, "30"),
)
DUPLICATES = 50  # clean rows repeated at the end of the file: duplicate_key


def planted() -> dict[str, int]:
    counts = {"duplicate_key": DUPLICATES}
    for code, _, rows, _ in PLANTS:
        counts[code] = counts.get(code, 0) + rows
    return counts


def generate(path: Path) -> None:
    """Write the CSV: ROWS rows, valid but for PLANTS and DUPLICATES."""
    import numpy as np
    import polars as pl

    from safeguarding.returns.validation import load_code_list

    base = ROWS - DUPLICATES
    step = base // max(rows for _, _, rows, _ in PLANTS)
    n = pl.int_range(base, dtype=pl.Int64)

    def pick(values: list[str], by: pl.Expr) -> pl.Expr:
        return pl.lit(values).list.get(by % len(values))

    def two(expr: pl.Expr) -> pl.Expr:
        return expr.cast(pl.String).str.pad_start(2, "0")

    # Random HMAC-like ids: 32 random bytes a row as 64 lower-case hex characters.
    hex_ids = np.random.default_rng(SEED).bytes(base * 32).hex().encode("ascii")
    ids = pl.Series("pseudonymous_id", np.frombuffer(hex_ids, dtype="S64")).cast(pl.String)
    deciles = (n % 10 + 1).cast(pl.String)
    postcode_area = pick(list(OUTWARD), n // 7)
    frame = pl.select(
        ids,
        pick(list(EVENT_TYPES), n).alias("event_type"),
        (pl.lit(PERIOD_START) + pl.duration(days=n % 365)).cast(pl.String).alias("event_date"),
        # Half full dates of birth (cut to the month when stored), half months.
        pl.when(n % 2 == 0)
        .then(pl.format("{}-{}-{}", 2008 + n % 17, two(n % 12 + 1), two(n % 28 + 1)))
        .otherwise(pl.format("{}-{}", 2008 + n % 17, two(n % 12 + 1)))
        .alias("date_of_birth"),
        (n % 18 + 1).cast(pl.String).alias("age"),
        pick(sorted(load_code_list("sex")), n).alias("sex"),
        pick(sorted(load_code_list("ethnicity")), n // 3).alias("ethnicity"),
        pick(list(LOCALITIES), n // 5).alias("locality"),
        pl.when(n % 20 == 0).then(None).otherwise(deciles).alias("deprivation_decile"),
        pick(list(AGENCIES), n // 2).alias("lead_agency"),
        # Half full postcodes (cut to the sector when stored), half sectors.
        pl.when(n % 2 == 1)
        .then(pl.format("{} {}{}", postcode_area, n % 10, pick(["AB", "XY", "QT"], n // 11)))
        .otherwise(pl.format("{} {}", postcode_area, n % 10))
        .alias("postcode"),
    )
    changes: dict[str, pl.Expr] = {}
    for offset, (_, column, rows, value) in enumerate(PLANTS, start=1):
        rows_here = (n % step == offset) & (n // step < rows)
        current = changes.get(column, pl.col(column))
        new = pl.col(column).str.to_uppercase() if value == "upper" else pl.lit(value, pl.String)
        changes[column] = pl.when(rows_here).then(new).otherwise(current)
    frame = frame.with_columns(expr.alias(column) for column, expr in changes.items())
    clean = frame.gather_every(step, offset=step - 1).head(DUPLICATES)
    pl.concat([frame, clean]).write_csv(path)


def spec_as_json(path: Path) -> None:
    """The child-level spec as plain data, so that the pandas run need not import Polars."""
    from safeguarding.returns.validation import child_level_spec

    spec = child_level_spec(
        PERIOD_START,
        PERIOD_END,
        frozenset(EVENT_TYPES),
        {"locality": frozenset(LOCALITIES), "lead_agency": frozenset(AGENCIES)},
    )
    columns = {
        name: {
            "kind": column.kind,
            "required": column.required,
            "codes": sorted(column.code_list) if column.code_list is not None else None,
            "minimum": column.minimum,
            "maximum": column.maximum,
            "max_length": column.max_length,
            "accepts_full_date": column.accepts_full_date,
        }
        for name, column in spec.columns.items()
    }
    path.write_text(
        json.dumps(
            {
                "columns": columns,
                "key_columns": list(spec.key_columns),
                "period_start": spec.period_start.isoformat(),
                "period_end": spec.period_end.isoformat(),
                "period_columns": list(spec.period_columns),
                "one_of": [list(group) for group in spec.one_of],
            }
        )
    )


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB.

    On Linux, VmHWM: ru_maxrss would do, but a child starts with its parent's peak as its
    own (the kernel carries it over the fork and exec), and the parent has just built the
    file. Elsewhere, ru_maxrss (KiB on Linux, bytes on macOS).
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return kib / 1024 / (1024 if sys.platform == "darwin" else 1)
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    assert match, "no VmHWM in /proc/self/status"
    return int(match.group(1)) / 1024


# --- ours: the validation engine ----------------------------------------------------------


def run_ours(folder: Path) -> dict[str, Any]:
    os.environ["SAFEGUARDING_VAR_DIR"] = str(folder / "var")
    os.environ["RECORDS_ROOT"] = str(folder / "records")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguarding.settings")
    import polars as pl

    from safeguarding.returns.records import record_write, records_root
    from safeguarding.returns.validation import (
        child_level_spec,
        minimise,
        read_table,
        validate,
    )

    spec = child_level_spec(
        PERIOD_START,
        PERIOD_END,
        frozenset(EVENT_TYPES),
        {"locality": frozenset(LOCALITIES), "lead_agency": frozenset(AGENCIES)},
    )
    records_root()  # settings loaded before the clock starts
    data = (folder / CSV_NAME).read_bytes()
    start_mb = peak_mb()

    started = time.perf_counter()
    frame = read_table(name=CSV_NAME, data=data)
    report = validate(frame, spec)
    stored = minimise(frame, spec)
    relative, _ = record_write(stored)
    seconds = time.perf_counter() - started
    peak = peak_mb()

    minimised = stored.select(
        pl.concat_str(
            pl.col("date_of_birth").fill_null(""), pl.lit("|"), pl.col("postcode").fill_null("")
        ).str.join("\n")
    ).item()
    size = (records_root() / relative).stat().st_size
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "start_mb": start_mb,
        "rows": report.rows,
        "counts": report.counts,
        "stored": f"Parquet, {size / 1e6:.1f} MB",
        "minimised": hashlib.sha256(minimised.encode()).hexdigest(),
    }


# --- the baseline: the same checks written plainly with pandas -----------------------------

DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
MONTH = r"[0-9]{4}-(0[1-9]|1[0-2])"
INTEGER = r"-?[0-9]{1,18}"
POSTCODE = r"[A-Z]{1,2}[0-9][A-Z0-9]? *[0-9][A-Z]{2}"
SECTOR = r"[A-Z]{1,2}[0-9][A-Z0-9]? +[0-9]"
PSEUDONYM = r"[0-9a-f]{64}"


def pandas_checks(df: Any, spec: dict[str, Any]) -> dict[str, int]:
    """Problems per rule, each cell reported by one rule only, as the engine does."""
    import pandas as pd

    columns: dict[str, dict[str, Any]] = spec["columns"]
    present = [name for name in columns if name in df.columns]

    def valid_date(s: Any) -> Any:
        return pd.to_datetime(s.where(s.str.fullmatch(DATE)), format="%Y-%m-%d", errors="coerce")

    def valid_integer(s: Any) -> Any:
        return pd.to_numeric(s.where(s.str.fullmatch(INTEGER)), errors="coerce")

    free, checkable = {}, {}
    for name in present:
        s, column = df[name], columns[name]
        too_long = s.str.len() > column["max_length"]
        if column["kind"] == "text":
            free[name] = too_long & s.notna()
        else:
            words = s.str.count(" ") >= 3
            free[name] = (too_long | words | s.str.contains("\n", regex=False)) & s.notna()
        checkable[name] = s.notna() & ~free[name]

    counts = {"no_rows": int(len(df) == 0)}
    counts["unknown_column"] = sum(name not in columns for name in df.columns)
    missing = [n for n, c in columns.items() if c["required"] and n not in df.columns]
    groups = [g for g in spec["one_of"] if not any(n in df.columns for n in g)]
    counts["missing_column"] = len(missing) + len(groups)
    required = sum(int(df[n].isna().sum()) for n in present if columns[n]["required"])
    for group in spec["one_of"]:
        here = [n for n in group if n in df.columns]
        if here:
            required += int(df[here].isna().all(axis=1).sum())
    counts["required_value_missing"] = required
    counts["free_text_refused"] = sum(int(free[n].sum()) for n in present)

    dates = {n: valid_date(df[n]) for n in present if columns[n]["kind"] in ("date", "month")}
    integers = {n: valid_integer(df[n]) for n in present if columns[n]["kind"] == "integer"}
    wrong = 0
    for name in present:
        s, kind = df[name], columns[name]["kind"]
        if kind == "integer":
            well = integers[name].notna()
        elif kind == "date":
            well = dates[name].notna()
        elif kind == "month":
            well = s.str.fullmatch(MONTH)
            if columns[name]["accepts_full_date"]:
                well = well | dates[name].notna()
        elif kind == "postcode":
            well = s.str.fullmatch(POSTCODE, case=False) | s.str.fullmatch(SECTOR, case=False)
        else:
            continue
        wrong += int((checkable[name] & ~well.fillna(False).astype(bool)).sum())
    counts["wrong_type"] = wrong

    counts["code_not_in_list"] = sum(
        int((checkable[n] & ~df[n].isin(columns[n]["codes"])).sum())
        for n in present
        if columns[n]["codes"] is not None
    )
    counts["pseudonym_wrong_form"] = sum(
        int((checkable[n] & ~df[n].str.fullmatch(PSEUDONYM).fillna(False).astype(bool)).sum())
        for n in present
        if columns[n]["kind"] == "pseudonym"
    )
    negative = out_of_range = 0
    for name, number in integers.items():
        low, high = columns[name]["minimum"], columns[name]["maximum"]
        if low is not None and low >= 0:
            negative += int((number < 0).sum())
            outside = (number < low) & (number >= 0)
        else:
            outside = number < low if low is not None else pd.Series(False, index=number.index)
        if high is not None:
            outside = outside | (number > high)
        out_of_range += int(outside.sum())
    counts["negative_count"], counts["number_out_of_range"] = negative, out_of_range
    start, end = pd.Timestamp(spec["period_start"]), pd.Timestamp(spec["period_end"])
    counts["date_outside_period"] = sum(
        int(((dates[n] < start) | (dates[n] > end)).sum())
        for n in spec["period_columns"]
        if n in dates
    )
    keys = spec["key_columns"]
    if all(key in df.columns for key in keys):
        keyed = df.loc[df[keys].notna().all(axis=1), keys]
        counts["duplicate_key"] = int(keyed.duplicated(keep="first").sum())
    else:
        counts["duplicate_key"] = 0
    counts["date_of_birth_not_month"] = sum(
        int((checkable[n] & dates[n].notna()).sum())
        for n in present
        if columns[n]["kind"] == "month" and columns[n]["accepts_full_date"]
    )
    counts["postcode_not_sector"] = sum(
        int((checkable[n] & df[n].str.fullmatch(POSTCODE, case=False).astype(bool)).sum())
        for n in present
        if columns[n]["kind"] == "postcode"
    )
    return counts


def pandas_minimise(df: Any) -> Any:
    """Dates of birth cut to the month, postcodes to the sector (AB1 2CD → AB1 2)."""
    import pandas as pd

    dob = df["date_of_birth"]
    shaped = dob.where(dob.str.fullmatch(DATE))
    full_date = pd.to_datetime(shaped, format="%Y-%m-%d", errors="coerce").notna()
    df["date_of_birth"] = dob.where(~full_date, dob.str.slice(0, 7))
    postcode = df["postcode"]
    full = postcode.str.fullmatch(POSTCODE, case=False).astype(bool)
    sector = postcode.str.fullmatch(SECTOR, case=False).astype(bool)
    compact = postcode.str.replace(" ", "", regex=False).str.upper()
    cut = compact.where(~full, compact.str.replace(r"^(.+)([0-9])[A-Z]{2}$", r"\1 \2", regex=True))
    cut = cut.where(~sector, compact.str.replace(r"^(.+)([0-9])$", r"\1 \2", regex=True))
    df["postcode"] = postcode.where(~(full | sector), cut)
    return df


def run_pandas(folder: Path) -> dict[str, Any]:
    import io

    import pandas as pd

    spec = json.loads((folder / SPEC_NAME).read_text())
    data = (folder / CSV_NAME).read_bytes()
    try:
        import pyarrow  # noqa: F401

        writer = True
    except ImportError:
        writer = False
    start_mb = peak_mb()

    started = time.perf_counter()
    df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_values=[""])
    df.columns = [re.sub(r"[\s\-]+", "_", str(name).strip()).lower() for name in df.columns]
    for name in df.columns:  # trim values, as read_table does; empty after trimming is missing
        if df[name].str.contains(r"^\s|\s\Z", regex=True, na=False).any():
            trimmed = df[name].str.strip()
            df[name] = trimmed.where(trimmed != "")
    counts = pandas_checks(df, spec)
    df = pandas_minimise(df)
    stored = "not written: pyarrow is not installed"
    if writer:
        path = folder / "pandas.parquet"
        df.to_parquet(path, compression="zstd", index=False)
        hashlib.sha256(path.read_bytes()).hexdigest()  # named by its hash, as record_write does
        stored = f"Parquet, {path.stat().st_size / 1e6:.1f} MB"
    seconds = time.perf_counter() - started
    peak = peak_mb()

    minimised = (df["date_of_birth"].fillna("") + "|" + df["postcode"].fillna("")).str.cat(sep="\n")
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "start_mb": start_mb,
        "rows": len(df),
        "counts": counts,
        "stored": stored,
        "minimised": hashlib.sha256(minimised.encode()).hexdigest(),
    }


# --- the benchmark ------------------------------------------------------------------------

IMPLEMENTATIONS = {"ours": run_ours, "pandas": run_pandas}
LABELS = {"ours": "ours (Polars engine)", "pandas": "pandas baseline"}


def child(implementation: str, folder: Path) -> dict[str, Any]:
    """One run in a fresh process, so that its peak memory is its own."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", implementation, str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"{implementation} run failed:\n{result.stderr}")
    outcome: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return outcome


def main() -> int:
    from safeguarding.returns.validation import RULES_BY_CODE

    folder = Path(tempfile.mkdtemp(prefix="bench-returns-"))
    try:
        started = time.perf_counter()
        generate(folder / CSV_NAME)
        spec_as_json(folder / SPEC_NAME)
        size = (folder / CSV_NAME).stat().st_size
        print(
            f"Generated {CSV_NAME}: {ROWS:,} rows, {size / 1e6:.1f} MB, "
            f"in {time.perf_counter() - started:.1f} s; {RUNS} runs of each, one process a run"
        )
        runs = {name: [child(name, folder) for _ in range(RUNS)] for name in IMPLEMENTATIONS}
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    expected = planted()
    ours, theirs = runs["ours"][0], runs["pandas"][0]
    print(f"\n{'rule':<26}{'planted':>9}{'ours':>11}{'pandas':>11}  agree")
    disagree = []
    for code, rule in RULES_BY_CODE.items():
        mine, other = ours["counts"].get(code), theirs["counts"].get(code)
        if other is None:
            print(f"{code:<26}{'':>9}{mine:>11,}{'n/a':>11}  (aggregate returns only)")
            continue
        plant = expected.get(code, 0) if rule.severity == "error" else None
        agree = mine == other and (plant is None or mine == plant)
        if not agree:
            disagree.append(code)
        print(
            f"{code:<26}{'notice' if plant is None else plant:>9}{mine:>11,}{other:>11,}  "
            f"{'yes' if agree else 'NO'}"
        )
    same_output = ours["minimised"] == theirs["minimised"]
    print(f"minimised dates of birth and postcodes the same: {'yes' if same_output else 'NO'}")

    print(
        f"\n{'implementation':<22}{'median s':>9}{'peak MB':>9}{'problems':>10}{'notices':>11}"
        f"   runs (s)            stored"
    )
    summary = {}
    for name, results in runs.items():
        seconds = statistics.median(r["seconds"] for r in results)
        peak = max(r["peak_mb"] for r in results)
        counts = results[0]["counts"]
        problems = sum(c for code, c in counts.items() if RULES_BY_CODE[code].severity == "error")
        notices = sum(c for code, c in counts.items() if RULES_BY_CODE[code].severity == "notice")
        times = ", ".join(f"{r['seconds']:.1f}" for r in results)
        summary[name] = (seconds, peak)
        print(
            f"{LABELS[name]:<22}{seconds:>9.2f}{peak:>9.0f}{problems:>10,}{notices:>11,}"
            f"   {times:<20}{results[0]['stored']}"
        )
    print(
        "Peak memory includes the interpreter, libraries and the upload's bytes: "
        f"{ours['start_mb']:.0f} MB (ours) and {theirs['start_mb']:.0f} MB (pandas) "
        "before the clock starts."
    )
    (seconds, peak), (base_seconds, base_peak) = summary["ours"], summary["pandas"]
    print(
        f"\npandas / ours: {base_seconds / seconds:.2f}x the time, "
        f"{base_peak / peak:.2f}x the peak memory"
    )
    time_ok, memory_ok = seconds < TARGET_SECONDS, peak < TARGET_MB
    print(
        f"target: {seconds:.2f} s {'met' if time_ok else 'MISSED'} (<{TARGET_SECONDS:.0f} s), "
        f"{peak:,.0f} MB {'met' if memory_ok else 'MISSED'} (<1.5 GB)"
    )
    assert ours["rows"] == theirs["rows"] == ROWS, (ours["rows"], theirs["rows"])
    assert not disagree, f"ours and pandas do not agree on {', '.join(disagree)}"
    assert same_output, "ours and pandas minimise to different values"
    return 0 if time_ok and memory_ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(IMPLEMENTATIONS[sys.argv[2]](Path(sys.argv[3]))))
        raise SystemExit(0)
    raise SystemExit(main())
