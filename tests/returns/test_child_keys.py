"""Child keys and typed columns in a child-level file of record.

Analytical queries join and group hundreds of millions of events by child, so each file of
record stores two 60-bit whole numbers cut from the pseudonym (hex digits 1-15 and 16-30)
beside it, the event date as a date and the age as a number. Files written before that are
still read: the engine works the same keys out in SQL. Both must give the same numbers for
every pseudonym, including those whose leading hex digit is 8 or more (the top bit of a
16-digit key, where a signed 64-bit reading would turn negative).
"""

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from safeguarding.accounts.models import User
from safeguarding.core.models import Agency, Locality
from safeguarding.core.roles import Role
from safeguarding.insight.engine import KEY_FROM_PSEUDONYM
from safeguarding.returns.models import ReturnObligation, ReturnTemplate, Submission
from safeguarding.returns.records import record_read
from safeguarding.returns.services import submission_receive
from safeguarding.returns.validation.keys import KEY_COLUMNS, child_keys, typed_record
from tests.returns.builders import aggregate, aggregate_frame, child_frame, child_spec, csv_bytes
from tests.returns.builders import pseudonym as hmac_pseudonym

# pseudonym(1) of tests/returns/builders.py, written out so the expected keys are worked from
# a literal here and not from the code under test.
CHILD_1 = "9ba3457ed8c77d32ed3a8fbb2540dd7e50bd4a251c9176c54b5b9e520c0b608b"
# Digits 1-15 and 16-30 all f: each key is 16^15 - 1 = 2^60 - 1 = 1,152,921,504,606,846,975.
ALL_F = "f" * 64
# A leading 8 then zeros: 8 * 16^14 = 2^59 = 576,460,752,303,423,488 for both keys.
EIGHT = ("8" + "0" * 14) * 2 + "0" * 34


def test_the_keys_are_the_first_and_second_15_hex_digits() -> None:
    frame = pl.DataFrame({"pseudonymous_id": [CHILD_1, ALL_F, EIGHT]})
    keyed = frame.with_columns(child_keys(pl.col("pseudonymous_id")))
    assert keyed.schema["child_key_1"] == pl.Int64
    assert keyed.schema["child_key_2"] == pl.Int64
    assert keyed["child_key_1"].to_list() == [
        int("9ba3457ed8c77d3", 16),  # = 700,930,244,261,738,451
        2**60 - 1,
        2**59,
    ]
    assert keyed["child_key_2"].to_list() == [
        int("2ed3a8fbb2540dd", 16),  # = 210,889,146,550,796,509
        2**60 - 1,
        2**59,
    ]
    assert int("9ba3457ed8c77d3", 16) == 700_930_244_261_738_451


def test_typed_record_adds_the_keys_and_types_dates_and_ages() -> None:
    # Three valid rows from the builders, the second with no age (only a month of birth).
    frame = child_frame(3, age=["5", None, "16"])
    typed = typed_record(frame, child_spec())
    ids = frame["pseudonymous_id"].to_list()
    assert typed["child_key_1"].to_list() == [int(p[0:15], 16) for p in ids]
    assert typed["child_key_2"].to_list() == [int(p[15:30], 16) for p in ids]
    assert typed.schema["event_date"] == pl.Date
    assert typed.schema["age"] == pl.Int64
    assert typed["age"].to_list() == [5, None, 16]
    # child_rows: day 1 + n % 28 of month 4 + n % 9 of 2025.
    assert typed["event_date"].to_list() == [date(2025, 4, 1), date(2025, 5, 2), date(2025, 6, 3)]
    # The pseudonym stays as sent, and the month of birth stays text (it is not a date).
    assert typed["pseudonymous_id"].to_list() == ids
    assert typed.schema["date_of_birth"] == pl.String
    assert typed.columns == [*frame.columns, *KEY_COLUMNS]


def test_other_returns_are_kept_as_text() -> None:
    frame = aggregate_frame()
    typed = typed_record(frame, aggregate())
    assert typed.equals(frame)
    assert set(typed.schema.values()) == {pl.String}
    # And a child-level frame without a pseudonym column (refused anyway) is left alone.
    no_ids = child_frame(2).drop("pseudonymous_id")
    assert typed_record(no_ids, child_spec()).equals(no_ids)


@pytest.mark.django_db
def test_an_accepted_child_level_return_stores_the_typed_columns(
    settings: Any, tmp_path: Path, agencies: dict[str, Agency], people: dict[str, User]
) -> None:
    settings.RECORDS_ROOT = tmp_path / "records"
    Locality.objects.get_or_create(code="N", defaults={"name": "North"})
    council = agencies["council"]
    template = ReturnTemplate.objects.create(
        code="keys-events",
        title="Child-level events",
        kind=ReturnTemplate.Kind.CHILD_LEVEL,
        event_types=["referral"],
        agency_kinds=[Agency.Kind.CHILDRENS_SERVICES],
    )
    obligation = ReturnObligation.objects.create(
        agency=council,
        template=template,
        period_start=date(2025, 4, 1),
        period_end=date(2026, 3, 31),
        due_on=date(2026, 4, 30),
    )
    header = [
        "pseudonymous_id", "event_type", "event_date", "date_of_birth", "age", "sex",
        "ethnicity", "locality", "lead_agency",
    ]  # fmt: skip
    rows = [header]
    rows += [[CHILD_1, "referral", "2025-05-01", "2012-05", "", "1", "WBRI", "N", council.slug]]
    rows += [[ALL_F, "referral", "2025-06-30", "", "7", "2", "WBRI", "N", council.slug]]
    submission = submission_receive(
        actor=people[Role.BUSINESS_UNIT],
        obligation=obligation,
        name="events.csv",
        data=csv_bytes(rows),
        narrative="Two referrals.",
    )
    assert submission.status == Submission.Status.ACCEPTED, submission.problems
    stored = record_read(submission.record_path)
    assert stored.schema["child_key_1"] == pl.Int64
    assert stored.schema["child_key_2"] == pl.Int64
    assert stored.schema["event_date"] == pl.Date
    assert stored.schema["age"] == pl.Int64
    assert stored.select("child_key_1", "child_key_2", "event_date", "age").rows() == [
        (int("9ba3457ed8c77d3", 16), int("2ed3a8fbb2540dd", 16), date(2025, 5, 1), None),
        (2**60 - 1, 2**60 - 1, date(2025, 6, 30), 7),
    ]
    assert stored["pseudonymous_id"].to_list() == [CHILD_1, ALL_F]


def test_duckdb_works_out_the_same_keys_as_the_file_of_record() -> None:
    # Real HMAC pseudonyms, plus the edge cases above. Guard the sample: it must include
    # keys whose leading hex digit is 8 or more, in both halves, and below 8.
    pseudonyms = [hmac_pseudonym(n) for n in range(1, 41)] + [CHILD_1, ALL_F, EIGHT]
    for start in (0, 15):
        leading = {int(p[start], 16) >= 8 for p in pseudonyms}
        assert leading == {True, False}
    stored = (
        pl.DataFrame({"pseudonymous_id": pseudonyms})
        .with_columns(child_keys(pl.col("pseudonymous_id")))
        .rows()
    )
    expected = {p: (first, second) for p, first, second in stored}
    # And by hand, for every one: Python's own base-16 reading.
    assert expected == {p: (int(p[0:15], 16), int(p[15:30], 16)) for p in pseudonyms}
    connection = duckdb.connect(":memory:")
    connection.execute("CREATE TABLE events (pseudonymous_id VARCHAR)")
    connection.executemany("INSERT INTO events VALUES (?)", [[p] for p in pseudonyms])
    # The engine's own key expressions, no outside value: nothing to inject.
    keys = ", ".join(KEY_FROM_PSEUDONYM[name] for name in KEY_COLUMNS)
    found = connection.sql(f"SELECT pseudonymous_id, {keys} FROM events").fetchall()  # noqa: S608
    connection.close()
    computed = {p: (first, second) for p, first, second in found}
    assert computed == expected
    assert all(key >= 0 for pair in computed.values() for key in pair)
