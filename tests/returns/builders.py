"""Valid returns to break: specs, frames, CSV and .xlsx bytes for the validation tests.

Plain functions rather than fixtures, so that hypothesis tests can use them too.
"""

import csv
import hashlib
import hmac
import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime

import openpyxl
import polars as pl

from safeguarding.returns.validation import aggregate_spec, child_level_spec, load_code_list
from safeguarding.returns.validation.spec import ReturnSpec

PERIOD_START = date(2025, 4, 1)
PERIOD_END = date(2026, 3, 31)
EVENT_TYPES = frozenset({"REFERRAL", "ASSESSMENT", "CP_PLAN"})
LOCALITIES = frozenset({"NORTH", "SOUTH", "EAST", "WEST"})
AGENCIES = frozenset({"LA", "POLICE", "NHS"})
INDICATORS = frozenset({"REFERRALS", "CP_PLANS"})

CHILD_COLUMNS = (
    "pseudonymous_id",
    "event_type",
    "event_date",
    "date_of_birth",
    "age",
    "sex",
    "ethnicity",
    "locality",
    "deprivation_decile",
    "lead_agency",
    "postcode",
)
AGGREGATE_COLUMNS = ("indicator", "period", "breakdown_type", "breakdown_value", "count")


def pseudonym(number: int) -> str:
    """A pseudonymous id as a partner's pseudonymisation would make it (HMAC-SHA256)."""
    return hmac.new(b"test key", str(number).encode(), hashlib.sha256).hexdigest()


def child_spec() -> ReturnSpec:
    """The child-level spec with locality and lead agency lists, as the returns app gives."""
    return child_level_spec(
        PERIOD_START, PERIOD_END, EVENT_TYPES, {"locality": LOCALITIES, "lead_agency": AGENCIES}
    )


def aggregate() -> ReturnSpec:
    """An aggregate spec with sex and deprivation decile breakdowns."""
    return aggregate_spec(
        PERIOD_START,
        PERIOD_END,
        INDICATORS,
        {"sex": load_code_list("sex"), "deprivation_decile": load_code_list("deprivation-decile")},
    )


def child_rows(count: int = 3) -> list[dict[str, str | None]]:
    """Valid child-level rows: one event per child."""
    ethnicities = sorted(load_code_list("ethnicity"))
    return [
        {
            "pseudonymous_id": pseudonym(number),
            "event_type": sorted(EVENT_TYPES)[number % 3],
            "event_date": f"2025-{4 + number % 9:02d}-{1 + number % 28:02d}",
            "date_of_birth": f"{2010 + number % 10}-{1 + number % 12:02d}",
            "age": str(5 + number % 10),
            "sex": "1" if number % 2 else "2",
            "ethnicity": ethnicities[number % len(ethnicities)],
            "locality": sorted(LOCALITIES)[number % 4],
            "deprivation_decile": str(1 + number % 10),
            "lead_agency": sorted(AGENCIES)[number % 3],
            "postcode": f"AB{1 + number % 9} {number % 10}",
        }
        for number in range(count)
    ]


def aggregate_rows() -> list[dict[str, str | None]]:
    """A valid aggregate return: a headline, sex and deprivation breakdowns that add up."""
    rows = [("all", "TOTAL", "10"), ("sex", "1", "6"), ("sex", "2", "4"), ("sex", "TOTAL", "10")]
    rows += [("deprivation_decile", "1", "7"), ("deprivation_decile", "10", "3")]
    rows += [("deprivation_decile", "TOTAL", "10")]
    return [
        {
            "indicator": "REFERRALS",
            "period": "2025-05",
            "breakdown_type": kind,
            "breakdown_value": value,
            "count": count,
        }
        for kind, value, count in rows
    ]


def frame(
    rows: Sequence[dict[str, str | None]], columns: Sequence[str] | None = None
) -> pl.DataFrame:
    """Rows as a frame of text columns, as `read_table` returns them."""
    names = list(columns or (rows[0] if rows else []))
    return pl.DataFrame(
        [[row.get(name) for name in names] for row in rows],
        schema=dict.fromkeys(names, pl.String),
        orient="row",
    )


def child_frame(count: int = 3, /, **changes: Sequence[str | None]) -> pl.DataFrame:
    """A valid child-level frame, with some columns' values replaced."""
    return frame(child_rows(count)).with_columns(
        pl.Series(name, values, dtype=pl.String) for name, values in changes.items()
    )


def aggregate_frame(**changes: Sequence[str | None]) -> pl.DataFrame:
    """A valid aggregate frame, with some columns' values replaced."""
    return frame(aggregate_rows()).with_columns(
        pl.Series(name, values, dtype=pl.String) for name, values in changes.items()
    )


def csv_bytes(rows: Sequence[Sequence[str | None]], encoding: str = "utf-8") -> bytes:
    """Rows (header first) as CSV, the way a spreadsheet program writes it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def child_csv(count: int = 3) -> list[list[str | None]]:
    """A valid child-level return as CSV rows, header first."""
    header: list[str | None] = list(CHILD_COLUMNS)
    return [header] + [[row[c] for c in CHILD_COLUMNS] for row in child_rows(count)]


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    """Rows (header first) as an .xlsx workbook made by openpyxl."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def replace_in_zip(
    data: bytes, name: str, content: bytes | None = None, *, zeros: int = 0
) -> bytes:
    """A copy of a zip with one entry replaced: by content, or streamed zeros (fast)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        with target.open(name, "w", force_zip64=True) as entry:
            if content is not None:
                entry.write(content)
            block = bytes(1024 * 1024)
            for _ in range(zeros // len(block)):
                entry.write(block)
    return buffer.getvalue()


EXCEL_DATE = datetime(2025, 5, 1)


def large_child_frame(count: int) -> pl.DataFrame:
    """A valid child-level frame of `count` rows, built with vectorised expressions.

    Full dates of birth and full postcodes, so the minimising notices are exercised too.
    """
    number = pl.int_range(count)
    ethnicities = sorted(load_code_list("ethnicity"))
    hashed = number.hash(seed=1).cast(pl.String).str.pad_start(20, "0").str.encode("hex")
    return pl.select(
        pl.concat_str(hashed, hashed).str.slice(0, 64).alias("pseudonymous_id"),
        pl.lit(sorted(EVENT_TYPES)).list.get(number % 3).alias("event_type"),
        (pl.lit(PERIOD_START) + pl.duration(days=number % 365)).cast(pl.String).alias("event_date"),
        pl.format("201{}-0{}-1{}", number % 10, number % 9 + 1, number % 9).alias("date_of_birth"),
        (number % 2 + 1).cast(pl.String).alias("sex"),
        pl.lit(ethnicities).list.get(number % len(ethnicities)).alias("ethnicity"),
        pl.lit(sorted(LOCALITIES)).list.get(number % 4).alias("locality"),
        (number % 10 + 1).cast(pl.String).alias("deprivation_decile"),
        pl.lit(sorted(AGENCIES)).list.get(number % 3).alias("lead_agency"),
        pl.format("AB{} {}CD", number % 9 + 1, number % 10).alias("postcode"),
    )
