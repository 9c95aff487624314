"""The analytical queries on DuckDB, over the files of record of tests/insight/records.py.

Every figure is the hand count in that module's docstring: 10 children whose early help
ended in 2024-25, 4 of them referred within 12 months (council 3 of 6, school 1 of 4);
4 referrals in 2025-26, 1 a re-referral; 351 and 412 days from first contact to plan.
Queries are built by `sql` and run by the `Warehouse` exactly as the pages run them, on
the Parquet files `submission_receive` wrote, so a change in how returns are stored, typed
or keyed shows up here. Older files of record (all text, no child keys) must give the same
answers, since the platform never rewrites an accepted file.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from safeguarding.core.models import Agency
from safeguarding.insight import queries, sql
from safeguarding.insight.engine import RecordFile, Warehouse
from safeguarding.insight.outcomes import linked_outcomes
from safeguarding.returns.models import ReturnTemplate
from safeguarding.returns.records import records_root
from safeguarding.returns.validation.keys import child_keys
from tests.insight.records import InsightRecords, event_rows
from tests.returns.builders import pseudonym

FIRST_YEAR = (date(2024, 4, 1), date(2025, 3, 31))
SECOND_YEAR = (date(2025, 4, 1), date(2026, 3, 31))
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

Row = tuple[object, ...]


def plain(value: object) -> object:
    """DuckDB sums come back as DECIMAL(38, 0) in a Polars frame: whole numbers here."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def rows(warehouse: Warehouse, query: str) -> list[Row]:
    """A query's rows, sorted (the queries do not all promise an order)."""
    found = [tuple(plain(v) for v in row) for row in warehouse.frame(query).rows()]
    return sorted(found, key=lambda row: tuple((v is None, str(v)) for v in row))


def child_level_queries() -> list[str]:
    """Every child-level query, with windows and breakdowns that have something in them."""
    whole = (FIRST_YEAR[0], SECOND_YEAR[1])
    return [
        sql.children_with_event(
            event_type="referral", start=whole[0], end=whole[1], breakdown="ethnicity"
        ),
        sql.children_with_event(
            event_type="early_help_end", start=whole[0], end=whole[1], breakdown="age_band"
        ),
        sql.stage_progress(
            stages=["referral", "plan_start"], start=whole[0], end=whole[1], breakdown="sex"
        ),
        sql.referred_after_early_help(
            start=FIRST_YEAR[0], end=FIRST_YEAR[1], breakdown="ethnicity"
        ),
        sql.rereferrals(start=SECOND_YEAR[0], end=SECOND_YEAR[1], breakdown="ethnicity"),
        sql.rereferrals(start=FIRST_YEAR[0], end=FIRST_YEAR[1], breakdown="locality"),
        sql.days_to_plan(start=SECOND_YEAR[0], end=SECOND_YEAR[1], breakdown="ethnicity"),
        sql.event_series(event_type="referral"),
        sql.event_series(event_type="plan_start"),
    ]


def aggregate_queries() -> list[str]:
    return [
        sql.aggregate_series(indicator="referrals"),
        sql.aggregate_series(indicator="told-in-time"),
        sql.aggregate_periods(indicator="referrals", breakdown="ethnicity"),
        sql.aggregate_breakdown(indicator="referrals", breakdown="ethnicity", periods=["2025-06"]),
        sql.population_by(breakdown="ethnicity"),
    ]


def every_query() -> list[str]:
    return child_level_queries() + aggregate_queries()


def legacy_record(
    path: Path, rows: Sequence[dict[str, object]], *, agency: str, period: tuple[date, date]
) -> RecordFile:
    """A child-level file of record as the platform wrote it before child keys: every column
    text as read from the upload (empty cells null), no child_key columns."""
    frame = pl.DataFrame(
        [[str(row[c]) if row[c] != "" else None for c in CHILD_COLUMNS] for row in rows],
        schema=dict.fromkeys(CHILD_COLUMNS, pl.String),
        orient="row",
    )
    frame.write_parquet(path)
    return RecordFile(path=path, agency=agency, period_start=period[0], period_end=period[1])


@pytest.fixture
def warehouse(insight_records: InsightRecords) -> Warehouse:
    return queries.open_warehouse()


@pytest.fixture
def council(agencies: dict[str, Agency]) -> str:
    return agencies["council"].slug


@pytest.fixture
def school(agencies: dict[str, Agency]) -> str:
    return agencies["school"].slug


def test_the_files_of_record_are_typed_as_the_platform_now_writes_them(
    insight_records: InsightRecords,
) -> None:
    # Guards the tests below: they are about the typed files, and the legacy ones differ.
    for submission in insight_records.events:
        schema = pl.read_parquet_schema(records_root() / submission.record_path)
        assert schema["child_key_1"] == pl.Int64 and schema["child_key_2"] == pl.Int64
        assert schema["event_date"] == pl.Date


def test_referred_within_12_months_of_early_help_ending(
    warehouse: Warehouse, council: str, school: str
) -> None:
    # Early help ended 15 June 2024 for children 1-10 (council 1-6, school 7-10). Within
    # 12 months (to 15 June 2025): 1, 2, 3 (10 January 2025) and 7 (1 May 2025); child 8's
    # referral on 1 July 2025 is too late. So council 3 of 6, school 1 of 4: 4 of 10.
    query = sql.referred_after_early_help(
        start=FIRST_YEAR[0], end=FIRST_YEAR[1], breakdown="ethnicity"
    )
    assert rows(warehouse, query) == [(school, "WBRI", 4, 1), (council, "WBRI", 6, 3)]
    # No early help ended in the second year, so nothing to follow up there.
    later = sql.referred_after_early_help(
        start=SECOND_YEAR[0], end=SECOND_YEAR[1], breakdown="ethnicity"
    )
    assert rows(warehouse, later) == []


def test_rereferrals_within_12_months(warehouse: Warehouse, council: str) -> None:
    # 2025-26: children 7 (1 May) and 8 (1 July) are first referrals; child 1 (1 September,
    # previous 10 January 2025, under 12 months) is a re-referral; child 2 (20 February 2026,
    # previous 10 January 2025, over 12 months) is not. 4 referrals, 1 within 12 months.
    query = sql.rereferrals(start=SECOND_YEAR[0], end=SECOND_YEAR[1], breakdown="ethnicity")
    assert rows(warehouse, query) == [(council, "WBRI", 4, 1)]
    # 2024-25: the three referrals of 10 January 2025 are each a child's first.
    earlier = sql.rereferrals(start=FIRST_YEAR[0], end=FIRST_YEAR[1], breakdown="ethnicity")
    assert rows(warehouse, earlier) == [(council, "WBRI", 3, 0)]


def test_days_from_first_contact_to_plan(warehouse: Warehouse) -> None:
    # Child 7: 15 June 2024 to 1 June 2025 = 365 - 14 = 351 days.
    # Child 8: 15 June 2024 to 1 August 2025 = 365 + 16 + 31 = 412 days.
    # Linear interpolation between the two (positions 0 and 1):
    #   median 351 + 0.5 * 61 = 381.5; quartiles 351 + 0.25 * 61 = 366.25 and
    #   351 + 0.75 * 61 = 396.75.
    query = sql.days_to_plan(start=SECOND_YEAR[0], end=SECOND_YEAR[1], breakdown="ethnicity")
    assert rows(warehouse, query) == [("WBRI", 2, 381.5, 366.25, 396.75)]
    # No plan started in 2024-25.
    assert (
        rows(warehouse, sql.days_to_plan(start=FIRST_YEAR[0], end=FIRST_YEAR[1], breakdown="sex"))
        == []
    )


def test_children_with_an_event_count_each_child_once(warehouse: Warehouse) -> None:
    # Referrals over both years: children 1, 2, 3, 7, 8. Children 1 and 2 were referred twice
    # but count once. All White British, decile 1, and born May 2012, so 12 or 13 years old
    # (months 152 to 165) at every referral: age band 10-15.
    whole = sql.children_with_event(
        event_type="referral", start=FIRST_YEAR[0], end=SECOND_YEAR[1], breakdown="ethnicity"
    )
    assert rows(warehouse, whole) == [("WBRI", "10-15", "1", 5)]
    second = sql.children_with_event(
        event_type="referral", start=SECOND_YEAR[0], end=SECOND_YEAR[1], breakdown="locality"
    )
    assert rows(warehouse, second) == [("N", "10-15", "1", 4)]


def test_stage_progress(warehouse: Warehouse) -> None:
    # 2025-26 referrals: children 7, 8, 1, 2. Plans: 7 (1 June, after the 1 May referral) and
    # 8 (1 August, after 1 July). So 4 referred, 2 went on to a plan.
    two = sql.stage_progress(
        stages=["referral", "plan_start"],
        start=SECOND_YEAR[0],
        end=SECOND_YEAR[1],
        breakdown="ethnicity",
    )
    assert rows(warehouse, two) == [("WBRI", 4, 2)]
    # With assessment between them nobody gets past referral: no child was assessed, and a
    # plan without an assessment does not count as reaching the third stage.
    three = sql.stage_progress(
        stages=["referral", "assessment", "plan_start"],
        start=SECOND_YEAR[0],
        end=SECOND_YEAR[1],
        breakdown="ethnicity",
    )
    assert rows(warehouse, three) == [("WBRI", 4, 0, 0)]
    with pytest.raises(ValueError, match="at least two"):
        sql.stage_progress(
            stages=["referral"], start=SECOND_YEAR[0], end=SECOND_YEAR[1], breakdown="sex"
        )


def test_event_series_names_each_quarter_by_its_last_month(
    warehouse: Warehouse, council: str
) -> None:
    # Referrals: 10 Jan 2025 (x3) -> Jan-Mar 2025, "2025-03"; 1 May 2025 -> "2025-06";
    # 1 Jul and 1 Sep 2025 -> "2025-09"; 20 Feb 2026 -> "2026-03".
    assert rows(warehouse, sql.event_series(event_type="referral")) == [
        ("2025-03", council, 3, None),
        ("2025-06", council, 1, None),
        ("2025-09", council, 2, None),
        ("2026-03", council, 1, None),
    ]
    # Plans: 1 June 2025 -> "2025-06", 1 August 2025 -> "2025-09".
    assert rows(warehouse, sql.event_series(event_type="plan_start")) == [
        ("2025-06", council, 1, None),
        ("2025-09", council, 1, None),
    ]


def test_aggregate_series_breakdown_and_periods(warehouse: Warehouse, council: str) -> None:
    # The headline ("all") row of each indicator, with its denominator where it has one.
    assert rows(warehouse, sql.aggregate_series(indicator="referrals")) == [
        ("2025-06", council, 164, None)
    ]
    assert rows(warehouse, sql.aggregate_series(indicator="told-in-time")) == [
        ("2025-06", council, 40, 50)
    ]
    assert rows(warehouse, sql.aggregate_periods(indicator="referrals", breakdown="ethnicity")) == [
        ("2025-06",)
    ]
    # Nobody returns referrals by age band.
    assert rows(warehouse, sql.aggregate_periods(indicator="referrals", breakdown="age_band")) == []
    by_ethnicity = sql.aggregate_breakdown(
        indicator="referrals", breakdown="ethnicity", periods=["2025-06"]
    )
    # The TOTAL row (164) is left out; WROM's 0 is kept.
    assert dict((g, n) for g, n, _ in rows(warehouse, by_ethnicity)) == {
        "WBRI": 90,
        "BCRB": 54,
        "AIND": 9,
        "WIRI": 3,
        "CHNE": 8,
        "WROM": 0,
    }
    told = sql.aggregate_breakdown(indicator="told-in-time", breakdown="sex", periods=["2025-06"])
    assert rows(warehouse, told) == [("1", 18, 25), ("2", 22, 25)]
    other_period = sql.aggregate_breakdown(
        indicator="referrals", breakdown="ethnicity", periods=["2025-03"]
    )
    assert rows(warehouse, other_period) == []


def test_population_by_group_and_stratum(warehouse: Warehouse) -> None:
    # Each ethnicity's children spread evenly over 3 age bands x 3 deciles: 9 cells each.
    found = rows(warehouse, sql.population_by(breakdown="ethnicity"))
    totals: dict[object, int] = {}
    for group, _, _, children in found:
        assert isinstance(children, int)
        totals[group] = totals.get(group, 0) + children
    assert totals == {"WBRI": 9_000, "BCRB": 1_800, "AIND": 2_700, "WIRI": 450, "CHNE": 900}
    assert len(found) == 5 * 9
    assert ("BCRB", "1-4", "5", 200) in found  # 1,800 / 9


def test_aggregate_series_falls_back_to_a_breakdowns_total_row(
    tmp_path: Path, council: str, school: str
) -> None:
    # A return with no "all" row gives its headline through a breakdown's TOTAL row; two
    # agencies' returns for the same period are summed by aggregate_breakdown.
    def aggregate_file(name: str, values: dict[str, int]) -> Path:
        path = tmp_path / name
        pl.DataFrame(
            {
                "indicator": ["referrals"] * len(values),
                "period": ["2025-06"] * len(values),
                "breakdown_type": ["sex"] * len(values),
                "breakdown_value": list(values),
                "count": [str(v) for v in values.values()],
            }
        ).write_parquet(path)
        return path

    quarter = (date(2025, 4, 1), date(2025, 6, 30))
    files = [
        RecordFile(aggregate_file("a.parquet", {"1": 7, "2": 5, "TOTAL": 12}), council, *quarter),
        RecordFile(aggregate_file("b.parquet", {"1": 1, "2": 2, "TOTAL": 3}), school, *quarter),
    ]
    with Warehouse(aggregates=files) as warehouse:
        assert rows(warehouse, sql.aggregate_series(indicator="referrals")) == [
            ("2025-06", school, 3, None),
            ("2025-06", council, 12, None),
        ]
        # 7 + 1 = 8 and 5 + 2 = 7.
        summed = sql.aggregate_breakdown(
            indicator="referrals", breakdown="sex", periods=["2025-06"]
        )
        assert rows(warehouse, summed) == [("1", 8, None), ("2", 7, None)]


def test_the_age_band_from_the_month_of_birth_or_from_the_age(tmp_path: Path) -> None:
    # Each child has its own lead agency code, so each row can be told apart.
    # Months old = event month - birth month (in months), or age x 12 where age is given.
    cases = [
        # (case, event date, month of birth, age, expected band)
        ("A", date(2025, 5, 31), "2015-06", None, "5-9"),  # 2025*12+5 - (2015*12+6) = 119
        ("B", date(2025, 6, 1), "2015-06", None, "10-15"),  # 120: ten in the month of birth
        ("C", date(2025, 6, 1), None, 9, "5-9"),  # 9 * 12 = 108
        ("D", date(2025, 6, 1), "2020-01", 10, "10-15"),  # the age wins: 120, not 65
        ("E", date(2025, 6, 10), "2025-08", None, "UNB"),  # 6 - 8 = -2: not yet born
        ("F", date(2025, 6, 10), "2025-01", None, "0"),  # 5 months
        ("G", date(2025, 6, 10), "2024-06", None, "1-4"),  # 12 months
        ("H", date(2025, 6, 10), None, 16, "16+"),  # 192 months
        ("I", date(2025, 6, 10), None, 0, "0"),
        ("J", date(2025, 6, 10), None, None, None),  # nothing to go on
    ]
    frame = pl.DataFrame(
        {
            "pseudonymous_id": [pseudonym(100 + i) for i in range(len(cases))],
            "event_type": ["referral"] * len(cases),
            "event_date": [case[1] for case in cases],
            "date_of_birth": [case[2] for case in cases],
            "age": [case[3] for case in cases],
            "sex": ["1"] * len(cases),
            "ethnicity": ["WBRI"] * len(cases),
            "locality": ["N"] * len(cases),
            "lead_agency": [case[0] for case in cases],
        },
        schema_overrides={"age": pl.Int64, "date_of_birth": pl.String},
    ).with_columns(child_keys(pl.col("pseudonymous_id")))
    path = tmp_path / "ages.parquet"
    frame.write_parquet(path)
    record = RecordFile(path, "testford-council", date(2025, 4, 1), date(2026, 3, 31))
    with Warehouse(events=[record]) as warehouse:
        bands = dict(warehouse.frame("SELECT lead_agency, age_band FROM child_events").rows())
        assert bands == {case: band for case, _, _, _, band in cases}
        # The same bands through a query: children referred, by age band.
        query = sql.children_with_event(
            event_type="referral",
            start=date(2025, 4, 1),
            end=date(2026, 3, 31),
            breakdown="age_band",
        )
        # 0: F and I; 5-9: A and C; 10-15: B and D; one each of 1-4, 16+, UNB and unknown.
        counted = {grp: n for grp, _, _, n in rows(warehouse, query)}
        assert counted == {"0": 2, "1-4": 1, "5-9": 2, "10-15": 2, "16+": 1, "UNB": 1, None: 1}


def test_legacy_text_only_files_give_the_same_answers(
    warehouse: Warehouse, tmp_path: Path, council: str, school: str
) -> None:
    # The same two years of events as files of record were written before child keys: all
    # text, no child_key columns. The engine works the keys out from the pseudonym.
    first, second = event_rows(council, school)
    legacy = [
        legacy_record(tmp_path / "2024.parquet", first, agency=council, period=FIRST_YEAR),
        legacy_record(tmp_path / "2025.parquet", second, agency=council, period=SECOND_YEAR),
    ]
    schema = pl.read_parquet_schema(legacy[0].path)
    assert "child_key_1" not in schema and schema["event_date"] == pl.String
    typed = queries.accepted_records(kind=ReturnTemplate.Kind.CHILD_LEVEL)
    assert [r.period_start for r in typed] == [FIRST_YEAR[0], SECOND_YEAR[0]]
    aggregates = queries.accepted_records(kind=ReturnTemplate.Kind.AGGREGATE)
    population = queries.population_path()
    keys = "SELECT DISTINCT child_1, child_2 FROM child_events"
    # All legacy; and mixed, legacy 2024-25 with typed 2025-26: children 1, 2, 7 and 8 have
    # events in both files, so the joins work only if computed and stored keys agree.
    for events in (legacy, [legacy[0], typed[1]]):
        with Warehouse(aggregates=aggregates, events=events, population=population) as other:
            assert rows(other, keys) == rows(warehouse, keys)
            assert len(rows(other, keys)) == 10
            for query in every_query():
                assert rows(other, query) == rows(warehouse, query), query


def test_a_warehouse_with_no_files_answers_every_query_with_no_rows() -> None:
    # Before any return is accepted the pages still run their queries: none may fail.
    with Warehouse() as empty:
        for query in every_query():
            assert rows(empty, query) == [], query
        assert not empty.has_events and not empty.has_aggregates


def test_literal_takes_only_dates_whole_numbers_and_codes() -> None:
    assert sql.literal(date(2025, 4, 1)) == "DATE '2025-04-01'"
    assert sql.literal(12) == "12"
    assert sql.literal("early_help_end") == "'early_help_end'"
    assert sql.codes(["referral", "plan_start"]) == "'referral', 'plan_start'"
    with pytest.raises(ValueError, match="not a code"):
        sql.literal("x'; DROP TABLE t; --")
    with pytest.raises(TypeError, match="flag"):
        sql.literal(True)
    with pytest.raises(ValueError, match="at least one"):
        sql.codes([])
    # The builders refuse it before any SQL is written.
    with pytest.raises(ValueError, match="not a code"):
        sql.children_with_event(
            event_type="referral' OR '1'='1",
            start=SECOND_YEAR[0],
            end=SECOND_YEAR[1],
            breakdown="sex",
        )
    with pytest.raises(ValueError, match="not a code"):
        sql.aggregate_breakdown(indicator="referrals", breakdown="sex", periods=["2025-06'--"])


def test_literal_refuses_a_code_with_a_trailing_newline() -> None:
    # A pattern ending in `$` also matches before a final newline. Harmless inside the
    # quotes, but not "a code of the shape the returns accept": the whole value must match.
    with pytest.raises(ValueError, match="not a code"):
        sql.literal("referral\n")


def test_dimension_refuses_unknown_breakdowns_by_name() -> None:
    assert sql.dimension("deprivation_decile") == "deprivation_decile"
    message = (
        "'religion' is not a breakdown: use one of ethnicity, sex, age_band, "
        "deprivation_decile, locality"
    )
    with pytest.raises(ValueError) as refused:
        sql.dimension("religion")
    assert str(refused.value) == message
    with pytest.raises(ValueError, match="is not a breakdown"):
        sql.population_by(breakdown="ethnicity; DROP TABLE population")
    with pytest.raises(ValueError, match="is not a breakdown"):
        sql.rereferrals(start=SECOND_YEAR[0], end=SECOND_YEAR[1], breakdown="pseudonymous_id")


def test_linked_outcomes_are_suppressed_under_the_default_policy(
    warehouse: Warehouse, agencies: dict[str, Agency]
) -> None:
    outcomes = linked_outcomes(warehouse=warehouse, breakdown="ethnicity")
    assert outcomes.explanations == []
    early_help, rereferral = outcomes.tables
    assert early_help.slug == "early-help-then-referral"
    # The window is the year before the latest: endings need 12 months after them.
    assert early_help.window == "1 April 2024 to 31 March 2025"
    assert early_help.by_group is not None and early_help.by_agency is not None
    [white_british] = early_help.by_group.rows
    # 4 of 10 referred: the 4 is hidden (DfE, 1 to 5), the 10 is not; with the count hidden
    # no proportion is given, and White British is the reference, so nothing is compared.
    assert (white_british.count.text, white_british.base_cell and white_british.base_cell.text) == (
        "c",
        "10",
    )
    assert white_british.rate is None
    assert early_help.by_group.total.text == "c"
    assert not early_help.by_group.compared
    # By lead agency: council 3 of 6, school 1 of 4. 3, 1 and 4 are primary; 6 goes too, or
    # it would give the 4 away (10 - 6).
    by_agency = {
        row.code: (row.count.text, row.base_cell.text if row.base_cell else None)
        for row in early_help.by_agency.rows
    }
    assert by_agency == {agencies["council"].slug: ("c", "c"), agencies["school"].slug: ("c", "c")}
    assert all(row.rate is None for row in early_help.by_agency.rows)
    # Re-referrals in 2025-26: 1 of 4, both hidden.
    assert rereferral.slug == "rereferral"
    assert rereferral.window == "1 April 2025 to 31 March 2026"
    assert rereferral.by_group is not None
    [row] = rereferral.by_group.rows
    assert (row.count.text, row.base_cell.text if row.base_cell else None) == ("c", "c")
    # Days to plan: only 2 children, so their median and quartiles are not shown at all.
    assert outcomes.waiting is not None
    [(label, cell, lower, median, upper)] = outcomes.waiting.rows
    assert (label, cell.text, lower, median, upper) == ("White British", "c", None, None, None)
