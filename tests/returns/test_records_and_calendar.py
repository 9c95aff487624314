"""Files of record are written once, by content; the calendar says who owes what."""

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core.models import Agency
from safeguarding.core.roles import Role
from safeguarding.demo.partnership import load_demo_partnership
from safeguarding.demo.returns import (
    EVENT_INDICATORS,
    INDICATORS,
    TEMPLATES,
    load_demo_returns,
    quarter_of,
)
from safeguarding.returns.models import (
    Indicator,
    ReturnObligation,
    ReturnTemplate,
    Submission,
)
from safeguarding.returns.records import record_read, record_write
from safeguarding.returns.services import obligations_create
from tests.pages import page, text
from tests.returns.records import ReturnsRecords


@pytest.fixture
def records_root(settings: object, tmp_path: Path) -> Path:
    settings.RECORDS_ROOT = tmp_path / "records"  # type: ignore[attr-defined]
    return tmp_path / "records"


def frame() -> pl.DataFrame:
    return pl.DataFrame({"indicator": ["eh-partner-led", "eh-partner-led"], "count": [12, 7]})


def test_a_record_is_named_by_its_content_and_written_once(records_root: Path) -> None:
    path, digest = record_write(frame())
    assert path == f"{digest[:2]}/{digest}.parquet"
    stored = records_root / path
    assert stored.stat().st_mode & 0o222 == 0, "a file of record is read-only"
    again_path, again_digest = record_write(frame())
    assert (again_path, again_digest) == (path, digest)
    assert list(records_root.rglob("*.parquet")) == [stored]
    assert not list(records_root.rglob("*.part")), "no half-written file is left behind"
    assert record_read(path).equals(frame())


def test_a_record_that_no_longer_matches_its_hash_is_refused(records_root: Path) -> None:
    path, _ = record_write(frame())
    stored = records_root / path
    stored.chmod(0o640)
    stored.write_bytes(stored.read_bytes() + b"tampered")
    with pytest.raises(ValueError, match="does not match its hash"):
        record_read(path)


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 11, 26), date(2026, 10, 1), date(2026, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 6, 30), date(2026, 4, 1), date(2026, 6, 30)),
    ],
)
def test_quarters(day: date, start: date, end: date) -> None:
    assert quarter_of(day) == (start, end)


@pytest.mark.django_db
def test_the_demo_catalogue_and_calendar(records_root: Path) -> None:
    load_demo_partnership()
    load_demo_returns(today=date(2026, 11, 26))
    load_demo_returns(today=date(2026, 11, 26))  # a second load adds nothing
    assert Indicator.objects.count() == len(INDICATORS) + len(EVENT_INDICATORS)
    assert all(i.current is not None for i in Indicator.objects.all())
    assert ReturnTemplate.objects.count() == len(TEMPLATES)
    police = ReturnTemplate.objects.get(code="police-quarterly")
    owed = ReturnObligation.objects.filter(template=police).order_by("period_start")
    assert [(o.agency.name, o.period_start, o.due_on) for o in owed] == [
        ("Northshire Police", date(2026, 4, 1), date(2026, 7, 30)),
        ("Northshire Police", date(2026, 7, 1), date(2026, 10, 30)),
    ]
    assert all(o.is_late(date(2026, 11, 26)) for o in owed)
    schools = Agency.objects.filter(kind=Agency.Kind.SCHOOL).count()
    partner = ReturnObligation.objects.filter(template__code="partner-quarterly")
    assert partner.filter(agency__kind=Agency.Kind.SCHOOL).count() == 2 * schools


@pytest.mark.django_db
def test_an_obligation_is_owed_once_per_period(agencies: dict[str, Agency]) -> None:
    template = ReturnTemplate.objects.create(
        code="t", title="T", kind=ReturnTemplate.Kind.AGGREGATE, agency_kinds=["police"]
    )

    def owe(due_on: date) -> int:
        return obligations_create(
            template=template,
            period_start=date(2026, 4, 1),
            period_end=date(2026, 6, 30),
            due_on=due_on,
        )

    assert owe(date(2026, 7, 31)) == 1
    assert owe(date(2026, 8, 31)) == 0
    assert ReturnObligation.objects.get().due_on == date(2026, 7, 31)


@pytest.mark.django_db
def test_the_database_refuses_an_accepted_return_without_record_or_narrative(
    agencies: dict[str, Agency], people: dict[str, User]
) -> None:
    template = ReturnTemplate.objects.create(
        code="t", title="T", kind=ReturnTemplate.Kind.AGGREGATE, agency_kinds=["police"]
    )
    obligation = ReturnObligation.objects.create(
        agency=agencies["police"],
        template=template,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        due_on=date(2026, 7, 31),
    )
    fields = {
        "obligation": obligation,
        "submitted_by": people[Role.AGENCY_LEAD],
        "original_name": "q1.csv",
        "upload_sha256": "0" * 64,
        "status": Submission.Status.ACCEPTED,
    }
    for missing in ({"narrative": "Fine"}, {"record_sha256": "a" * 64}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Submission.objects.create(**fields, **missing)
    Submission.objects.create(**fields, narrative="Fine", record_sha256="a" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(**fields, narrative="Again", record_sha256="b" * 64)


def test_the_calendar_filters_by_where_a_return_stands_agency_and_period(
    returns_records: ReturnsRecords, agencies: dict[str, Agency], client_as: Any
) -> None:
    template = returns_records.obligation.template
    late = ReturnObligation.objects.create(
        agency=agencies["police"],
        template=template,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        due_on=date(2026, 10, 31),
    )
    client = client_as("business_unit")
    calendar = reverse("returns:calendar")

    def listed(query: dict[str, str]) -> list[str]:
        response = client.get(calendar, query)
        assert response.status_code == 200
        return [text(row) for row in page(response).select("tbody tr")]

    assert len(listed({})) == 2
    (only_late,) = listed({"status": "late"})
    assert agencies["police"].name in only_late
    (accepted,) = listed({"status": "accepted"})
    assert agencies["council"].name in accepted
    assert len(listed({"agency": str(late.agency_id)})) == 1
    assert len(listed({"period": "2026-06-30"})) == 1
    assert listed({"status": "late", "agency": str(agencies["council"].pk)}) == []

    # A choice the form does not offer is named, and the whole calendar still shows.
    response = client.get(calendar, {"agency": "987654"})
    assert "Select a valid choice" in text(response)
    assert len(page(response).select("tbody tr")) == 2


def test_the_calendar_offers_only_the_agencies_a_person_can_see(
    returns_records: ReturnsRecords, agencies: dict[str, Agency], client_as: Any
) -> None:
    ReturnObligation.objects.create(
        agency=agencies["police"],
        template=returns_records.obligation.template,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        due_on=date(2026, 10, 31),
    )
    response = client_as("agency_lead").get(reverse("returns:calendar"))

    offered = [text(o) for o in page(response).select('select[name="agency"] option')]
    assert offered == ["Any", agencies["council"].name]


def test_an_agency_lead_sees_the_returns_they_owe_on_their_home(
    returns_records: ReturnsRecords, agencies: dict[str, Agency], client_as: Any
) -> None:
    owed = ReturnObligation.objects.create(
        agency=agencies["council"],
        template=returns_records.obligation.template,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        due_on=date(2026, 10, 31),
    )
    home = client_as("agency_lead").get(reverse("core:staff-home"))

    section = page(home).select_one("h3:-soup-contains('Returns your agency owes') + ul")
    assert section is not None
    links = [str(a["href"]) for a in section.select("a")]
    # The accepted return is done; only the one still owed is listed.
    assert links == [reverse("returns:obligation", args=[owed.pk])]
    assert "Late" in text(section)


def test_the_business_unit_sees_late_returns_by_agency(
    returns_records: ReturnsRecords, agencies: dict[str, Agency], client_as: Any
) -> None:
    for start, end, due in [
        (date(2026, 7, 1), date(2026, 9, 30), date(2026, 10, 31)),
        (date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 31)),
    ]:
        ReturnObligation.objects.create(
            agency=agencies["police"],
            template=returns_records.obligation.template,
            period_start=start,
            period_end=end,
            due_on=due,
        )
    home = client_as("business_unit").get(reverse("core:staff-home"))

    table = page(home).select_one("table:has(caption:-soup-contains('Late returns by agency'))")
    assert table is not None
    rows = [[text(cell) for cell in row.select("td")] for row in table.select("tbody tr")]
    assert rows == [[agencies["police"].name, "2", "31 Jul 2026"]]
    assert (
        client_as("practitioner").get(reverse("core:staff-home")).content.count(b"Late returns")
        == 0
    )


@pytest.mark.parametrize("role", ["practitioner", "group_member", "group_chair"])
def test_the_calendar_draws_no_link_a_practitioner_or_member_cannot_open(
    returns_records: ReturnsRecords, client_as: Any, role: str
) -> None:
    """Roles that read no returns are listed none (each link would answer 403), and
    are told who reads them."""
    client = client_as(role)
    response = client.get(reverse("returns:calendar"))

    assert response.status_code == 200
    links = [str(a["href"]) for a in page(response).select("main a[href*='/returns/']")]
    for link in links:
        assert client.get(link).status_code == 200, link
    assert page(response).select("tbody tr") == []
    assert "Ask your agency lead about your agency's returns" in text(response)


def test_an_analyst_with_no_returns_owed_is_not_told_of_their_agency(
    db: None, client_as: Any
) -> None:
    """An analyst reads every return: the empty calendar speaks of the partnership's
    returns, not of an agency's."""
    response = client_as("analyst").get(reverse("returns:calendar"))

    assert "No returns are owed yet." in text(response)
    assert "your agency" not in text(response)
