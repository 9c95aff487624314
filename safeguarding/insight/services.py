"""Every write in `insight`: loading population tables and published figures, and the
disclosure policy. Each is one transaction with its audit entry; a refused file changes
nothing."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from safeguarding.accounts.models import User
from safeguarding.core.audit_verbs import (
    RECORD_CHANGED,
    RECORD_CREATED,
    RECORD_EXPORTED,
    RECORD_VIEWED,
)
from safeguarding.core.dimensions import DIMENSIONS, age_bands
from safeguarding.core.models import AuditEntry, Locality
from safeguarding.core.services import log_action, record_read
from safeguarding.insight import sql
from safeguarding.insight.figures import figures_changed
from safeguarding.insight.models import (
    InsightSettings,
    PopulationTable,
    PublishedFigure,
    PublishedFigureSet,
)
from safeguarding.insight.suppression import POLICIES
from safeguarding.returns.models import Indicator
from safeguarding.returns.records import record_write
from safeguarding.returns.validation import (
    ColumnSpec,
    ReturnRefused,
    ReturnSpec,
    read_table,
    validate,
)

# Problems listed on the page when a file is refused; the rest are counted.
SHOWN_PROBLEMS = 20
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass
class ReferenceDataRefused(ValueError):
    """A reference data file that cannot be loaded, with every problem found."""

    summary: str
    problems: list[str]

    def __str__(self) -> str:
        return self.summary


def population_codes() -> dict[str, frozenset[str]]:
    """The codes each population dimension takes. Unborn children have no population."""
    codes = {d.name: d.codes() for d in DIMENSIONS if d.code_list}
    codes["age_band"] -= {band.code for band in age_bands() if band.unborn}
    codes["locality"] = frozenset(Locality.objects.values_list("code", flat=True))
    return codes


def population_spec(header: list[str]) -> ReturnSpec:
    """What a population table must look like: any of the dimensions, each coded, and
    `children`; one row per combination of the dimensions it has."""
    titles = {d.name: d.list_title for d in DIMENSIONS}
    lists = population_codes()
    present = [d for d in sql.DIMENSIONS if d in header]
    columns = {
        d: ColumnSpec("code", code_list=lists[d], code_list_title=titles[d]) for d in present
    }
    columns["children"] = ColumnSpec("integer", minimum=0, maximum=10_000_000)
    return ReturnSpec(
        title="Population table",
        columns=columns,
        key_columns=tuple(present),
        period_start=date(1900, 1, 1),
        period_end=date(2999, 12, 31),
    )


def _describe(report: Any) -> list[str]:
    return [
        f"Row {row['row']}, column {row['column']}: {row['message']}"
        if row["column"]
        else f"Row {row['row']}: {row['message']}"
        for row in report.problems.head(SHOWN_PROBLEMS).iter_rows(named=True)
    ]


@transaction.atomic
def population_load(
    *,
    actor: User,
    name: str,
    data: bytes,
    title: str,
    source: str,
    year: int,
    is_illustrative: bool = False,
) -> PopulationTable:
    """Check a population table (CSV or Excel) and make it the current one.

    Raises `ReferenceDataRefused` naming each problem by row and column; nothing changes
    then. The table is kept as a Parquet file of record, and the one before stays on file.
    """
    try:
        frame = read_table(name=name, data=data)
    except ReturnRefused as error:
        raise ReferenceDataRefused(str(error), []) from error
    present = [d for d in sql.DIMENSIONS if d in frame.columns]
    if not present:
        raise ReferenceDataRefused(
            f"{name} has no breakdown column: give at least one of "
            f"{', '.join(sql.DIMENSIONS)}, beside the column children",
            [],
        )
    report = validate(frame, population_spec(frame.columns))
    if not report.is_valid:
        raise ReferenceDataRefused(
            f"{name} has {report.total_problems:,} problem"
            f"{'s' if report.total_problems != 1 else ''}: nothing was loaded",
            _describe(report),
        )
    typed = frame.select(*present, pl.col("children").cast(pl.Int64))
    record_path, record_sha256 = record_write(typed)
    PopulationTable.objects.filter(is_current=True).update(is_current=False)
    table = PopulationTable.objects.create(
        title=title,
        source=source,
        year=year,
        is_illustrative=is_illustrative,
        dimensions=present,
        children=int(typed["children"].sum()),
        row_count=typed.height,
        original_name=name[:255],
        record_path=record_path,
        record_sha256=record_sha256,
        loaded_by=actor,
    )
    log_action(
        actor=actor,
        action=RECORD_CREATED,
        target=table,
        changes={
            "rows": [None, table.row_count],
            "children": [None, table.children],
            "file of record": [None, record_sha256],
        },
    )
    # Every rate is worked out against the current table.
    figures_changed()
    return table


FIGURE_COLUMNS = ("indicator", "period", "comparator", "value")


def _figure_problems(rows: list[tuple[int, dict[str, str]]], known: set[str]) -> list[str]:
    comparators = {c.value for c in PublishedFigure.Comparator}
    problems = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, row in rows:
        indicator = (row.get("indicator") or "").strip()
        period = (row.get("period") or "").strip()
        comparator = (row.get("comparator") or "").strip()
        value = (row.get("value") or "").strip()
        if indicator not in known:
            problems.append(
                f"Row {number}, column indicator: {indicator!r} is not an indicator in the "
                "catalogue; use its code, such as cl-eet"
            )
        if not MONTH.match(period):
            problems.append(
                f"Row {number}, column period: {period!r} is not a month; give the last "
                "month the figure covers as YYYY-MM, such as 2025-03"
            )
        if comparator not in comparators:
            problems.append(
                f"Row {number}, column comparator: {comparator!r} is not one of "
                f"{', '.join(sorted(comparators))}"
            )
        try:
            number_value = Decimal(value.replace(",", ""))
            if not number_value.is_finite() or abs(number_value) >= Decimal("1e10"):
                raise InvalidOperation
        except InvalidOperation:
            problems.append(f"Row {number}, column value: {value!r} is not a number")
        key = (indicator, period, comparator)
        if key in seen:
            problems.append(
                f"Row {number}: the same indicator, period and comparator as row {seen[key]}"
            )
        seen.setdefault(key, number)
    return problems


@transaction.atomic
def published_figures_load(
    *, actor: User, name: str, data: bytes, title: str, source: str, is_illustrative: bool
) -> PublishedFigureSet:
    """Load a CSV of published figures (columns indicator, period, comparator, value) and
    make it the set pages compare with. Raises `ReferenceDataRefused`, changing nothing,
    when any row is wrong."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReferenceDataRefused(f"{name} is not a UTF-8 CSV file", []) from error
    if not text.strip():
        raise ReferenceDataRefused(f"{name} is empty: expected a CSV file with a header", [])
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in FIGURE_COLUMNS if c not in header]
    if missing:
        raise ReferenceDataRefused(
            f"{name} has no column {', '.join(missing)}: expected the columns "
            f"{', '.join(FIGURE_COLUMNS)}",
            [],
        )
    # Numbered by the line each row ends on, so blank lines skipped by the reader do not
    # shift the row numbers given in messages.
    rows = [(reader.line_num, {k.strip(): v for k, v in row.items() if k}) for row in reader]
    if not rows:
        raise ReferenceDataRefused(f"{name} has a header but no figures", [])
    problems = _figure_problems(rows, set(Indicator.objects.values_list("code", flat=True)))
    if problems:
        raise ReferenceDataRefused(
            f"{name} has {len(problems):,} problem{'s' if len(problems) != 1 else ''}: "
            "nothing was loaded",
            problems[:SHOWN_PROBLEMS],
        )
    PublishedFigureSet.objects.filter(is_current=True).update(is_current=False)
    figure_set = PublishedFigureSet.objects.create(
        title=title,
        source=source,
        is_illustrative=is_illustrative,
        original_name=name[:255],
        row_count=len(rows),
        loaded_by=actor,
    )
    PublishedFigure.objects.bulk_create(
        PublishedFigure(
            figure_set=figure_set,
            indicator_code=row["indicator"].strip(),
            period=row["period"].strip(),
            comparator=row["comparator"].strip(),
            value=Decimal(row["value"].strip().replace(",", "")),
        )
        for _, row in rows
    )
    log_action(
        actor=actor,
        action=RECORD_CREATED,
        target=figure_set,
        changes={"figures": [None, len(rows)]},
    )
    return figure_set


def insight_settings() -> InsightSettings:
    """The partnership's insight settings (made with the defaults on first use)."""
    found, _ = InsightSettings.objects.get_or_create(pk=1)
    return found


@transaction.atomic
def disclosure_policy_set(*, actor: User, policy: str) -> InsightSettings:
    """Choose the disclosure policy every insight page and export applies."""
    if policy not in POLICIES:
        raise ValueError(f"{policy!r} is not a disclosure policy: use {', '.join(POLICIES)}")
    found = InsightSettings.objects.select_for_update().get(pk=insight_settings().pk)
    before = found.disclosure_policy
    if before != policy:
        found.disclosure_policy = policy
        found.updated_at = timezone.now()
        found.updated_by = actor
        found.save()
        log_action(
            actor=actor,
            action=RECORD_CHANGED,
            target=found,
            changes={"disclosure policy": [before, policy]},
        )
    return found


def narratives_read(*, actor: User, submissions: list[Any]) -> None:
    """Record that a person was shown agencies' narratives: each is an agency's own
    account of its return, so reading it is recorded like opening the return."""
    for submission in submissions:
        log_action(
            actor=actor,
            action=RECORD_VIEWED,
            target=submission,
            changes={"read": "narrative on an insight page"},
        )


def insight_table_exported(*, actor: User, title: str, fmt: str) -> AuditEntry:
    """Record that a person downloaded a table of figures (CSV or Excel)."""
    return log_action(
        actor=actor,
        action=RECORD_EXPORTED,
        target_type="insight.table",
        target_label=f"{title} ({fmt})",
    )


def reference_file_downloaded(*, actor: User, table: PopulationTable) -> AuditEntry:
    """Record that a person downloaded a population table as it was loaded."""
    return record_read(actor=actor, record=table, exported=True)
