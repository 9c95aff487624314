"""The audit trail: what is recorded, that nothing can rewrite it, and searching it."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core import services
from safeguarding.core.audit_verbs import (
    RECORD_CHANGED,
    RECORD_CREATED,
    RECORD_EXPORTED,
    RECORD_VIEWED,
)
from safeguarding.core.models import DEFAULT_QUICK_EXIT_URL, Agency, AuditEntry, Partnership
from safeguarding.core.roles import Role
from tests.core.conftest import partnership_form_data
from tests.pages import error_summary, one, text

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TABLE = AuditEntry._meta.db_table


def london(
    year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=LONDON)


@pytest.fixture
def entry() -> AuditEntry:
    return services.log_action(
        actor=None, action=RECORD_VIEWED, target_type="test.record", target_label="kept"
    )


# --- What is recorded ------------------------------------------------------------------


def test_settings_change_records_old_and_new_values(
    partnership: Partnership, people: dict[str, User], business_unit_client: Client
) -> None:
    url = reverse("core:partnership-edit")
    data = partnership_form_data(
        partnership,
        name="Testford Children Partnership",
        quick_exit_url="https://www.example.org/weather",
    )

    response = business_unit_client.post(url, data, REMOTE_ADDR="192.0.2.10")

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=RECORD_CHANGED)
    assert entry.target_type == "core.partnership"
    assert entry.target_id == str(partnership.pk)
    assert entry.target_label == "Testford Children Partnership"
    assert entry.actor == people[Role.BUSINESS_UNIT]
    assert entry.actor_label == people[Role.BUSINESS_UNIT].email
    assert entry.changes == {
        "name": ["Testford Safeguarding Children Partnership", "Testford Children Partnership"],
        "quick_exit_url": [DEFAULT_QUICK_EXIT_URL, "https://www.example.org/weather"],
    }
    # Where the change came from is kept with it.
    assert entry.ip_address == "192.0.2.10"
    assert entry.path == url


def test_saving_settings_unchanged_records_no_change(
    partnership: Partnership, business_unit_client: Client
) -> None:
    response = business_unit_client.post(
        reverse("core:partnership-edit"), partnership_form_data(partnership)
    )

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action=RECORD_CHANGED).exists()


def test_old_values_are_read_from_the_database_not_the_stale_copy(
    partnership: Partnership, people: dict[str, User]
) -> None:
    stale = Partnership.objects.get(pk=partnership.pk)
    fresh = Partnership.objects.get(pk=partnership.pk)
    fresh.area = "Greater Testford"
    services.partnership_update(actor=people[Role.BUSINESS_UNIT], partnership=fresh)

    stale.short_name = "TCP"
    services.partnership_update(actor=people[Role.BUSINESS_UNIT], partnership=stale)

    latest = AuditEntry.objects.filter(action=RECORD_CHANGED).order_by("-id").first()
    assert latest is not None
    # The stale copy put the old area back: the entry says so, because "before" came
    # from the database, not from the copy.
    assert latest.changes == {
        "short_name": ["TSCP", "TCP"],
        "area": ["Greater Testford", "Testford"],
    }


def test_creating_a_record_records_every_field_as_new(
    agencies: dict[str, Agency], people: dict[str, User]
) -> None:
    agency = Agency(name="Testford Youth Trust", slug="testford-youth", kind=Agency.Kind.VOLUNTARY)

    services.agency_save(actor=people[Role.BUSINESS_UNIT], agency=agency)

    entry = AuditEntry.objects.get(action=RECORD_CREATED, target_id=str(agency.pk))
    assert entry.target_type == "core.agency"
    assert entry.changes == {
        "name": [None, "Testford Youth Trust"],
        "slug": [None, "testford-youth"],
        "kind": [None, "voluntary"],
        "is_safeguarding_partner": [None, False],
        "is_active": [None, True],
        "website": [None, ""],
    }


def test_a_save_that_fails_validation_records_nothing_and_changes_nothing(
    agencies: dict[str, Agency], people: dict[str, User]
) -> None:
    police = agencies["police"]
    police.name = ""
    entries = AuditEntry.objects.count()

    with pytest.raises(Exception, match="name"):
        services.agency_save(actor=people[Role.BUSINESS_UNIT], agency=police)

    assert AuditEntry.objects.count() == entries
    assert Agency.objects.get(pk=police.pk).name == "Testshire Police"


def test_viewing_a_persons_record_is_recorded(
    people: dict[str, User], business_unit_client: Client
) -> None:
    person = people[Role.PRACTITIONER]

    response = business_unit_client.get(reverse("accounts:person-detail", args=[person.pk]))

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=RECORD_VIEWED, target_type="accounts.user")
    assert entry.target_id == str(person.pk)
    assert entry.actor == people[Role.BUSINESS_UNIT]
    assert entry.path == reverse("accounts:person-detail", args=[person.pk])


def test_log_action_without_a_request_or_a_person(entry: AuditEntry) -> None:
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.actor is None
    assert stored.actor_label == ""
    assert stored.ip_address is None
    assert stored.path == ""
    assert stored.target_label == "kept"


def test_log_action_cuts_a_long_label_to_fit() -> None:
    entry = services.log_action(actor=None, action=RECORD_VIEWED, target_label="x" * 400)
    assert len(AuditEntry.objects.get(pk=entry.pk).target_label) == 300


# --- Nothing can rewrite it -------------------------------------------------------------


def test_saving_an_existing_entry_is_refused(entry: AuditEntry) -> None:
    entry.target_label = "rewritten"

    with pytest.raises(PermissionError):
        entry.save()

    assert AuditEntry.objects.get(pk=entry.pk).target_label == "kept"


def test_deleting_an_entry_is_refused(entry: AuditEntry) -> None:
    with pytest.raises(PermissionError):
        entry.delete()

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_and_delete_are_refused(entry: AuditEntry) -> None:
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(target_label="rewritten")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(target_label="rewritten")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.target_label = "rewritten"
    # bulk_update runs in a transaction of its own: keep the test's usable after it fails.
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["target_label"])

    assert AuditEntry.objects.get(pk=entry.pk).target_label == "kept"


def test_raw_sql_update_is_refused_by_the_database(entry: AuditEntry) -> None:
    with (
        pytest.raises(DatabaseError, match="Audit entries cannot be changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"UPDATE {TABLE} SET target_label = %s WHERE id = %s",  # noqa: S608
            ["rewritten", entry.pk],
        )

    assert AuditEntry.objects.get(pk=entry.pk).target_label == "kept"


def test_an_update_that_bypasses_the_model_is_refused_by_the_database(entry: AuditEntry) -> None:
    # The base manager has none of the model's guards: only the database stops it.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry._base_manager.filter(pk=entry.pk).update(target_label="rewritten")

    assert AuditEntry.objects.get(pk=entry.pk).target_label == "kept"


def test_raw_sql_delete_is_refused_by_postgresql(entry: AuditEntry) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Only PostgreSQL refuses deletes in the database (see migration 0002)")
    with (
        pytest.raises(DatabaseError, match="Audit entries cannot be changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])  # noqa: S608

    assert AuditEntry.objects.get(pk=entry.pk).target_label == "kept"


def test_a_person_with_entries_cannot_be_deleted(people: dict[str, User]) -> None:
    actor = people[Role.BUSINESS_UNIT]
    services.log_action(actor=actor, action=RECORD_VIEWED, target_label="something")

    with pytest.raises(ProtectedError), transaction.atomic():
        actor.delete()

    assert AuditEntry.objects.filter(actor=actor).exists()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_url_changes_an_entry(
    method: str, entry: AuditEntry, business_unit_client: Client
) -> None:
    url = reverse("core:audit-detail", args=[entry.pk])

    response = getattr(business_unit_client, method)(url, {"target_label": "rewritten"})

    assert response.status_code == 405
    assert AuditEntry.objects.get(pk=entry.pk).target_label == "kept"


def test_reading_an_entry_shows_its_changes_and_is_recorded(
    partnership: Partnership, people: dict[str, User], business_unit_client: Client
) -> None:
    business_unit_client.post(
        reverse("core:partnership-edit"), partnership_form_data(partnership, area="Old Testford")
    )
    change = AuditEntry.objects.get(action=RECORD_CHANGED)

    response = business_unit_client.get(reverse("core:audit-detail", args=[change.pk]))

    assert response.status_code == 200
    rows = one(response, "tbody").select("tr")
    assert [[text(cell) for cell in row.select("td")] for row in rows] == [
        ["Area", "Testford", "Old Testford"]
    ]
    assert AuditEntry.objects.filter(
        action=RECORD_VIEWED, target_type="core.auditentry", target_id=str(change.pk)
    ).exists()


# --- Searching and exporting ------------------------------------------------------------


@pytest.fixture
def history(db: None) -> dict[str, AuditEntry]:
    """Entries from January 2020 and around a midnight in summer time (UTC+1)."""
    made = {
        name: AuditEntry.objects.create(
            at=london(2020, 1, day, 12),
            actor_label=f"{actor}@testford.example",
            action=action,
            target_type=target_type,
            target_id=target_id,
            target_label=f"Record {name.title()}",
        )
        for name, day, actor, action, target_type, target_id in [
            ("alpha", 5, "alice", RECORD_VIEWED, "test.record", "101"),
            ("bravo", 15, "bob", RECORD_CHANGED, "test.record", "102"),
            ("charlie", 25, "carol", RECORD_EXPORTED, "test.other", "103"),
        ]
    }
    for name, at in {
        "june-late": london(2020, 6, 30, 23, 50),
        "july-first-minute": london(2020, 7, 1, 0, 0),
        "july-early": london(2020, 7, 1, 0, 30),
        "july-late": london(2020, 7, 1, 23, 59, 59),
        "july-second": london(2020, 7, 2, 0, 15),
    }.items():
        made[name] = AuditEntry.objects.create(
            at=at, action=RECORD_VIEWED, target_type="test.summer", target_label=name
        )
    return made


def search(client: Client, **query: str) -> set[str]:
    """The record labels the audit trail page lists for this search."""
    response = client.get(reverse("core:audit-list"), query)
    assert response.status_code == 200
    listed = {entry.target_label for entry in response.context["entries"]}
    shown = text(response)
    for label in listed:
        assert label in shown
    return listed


def test_search_by_text_matches_record_person_or_record_number(
    history: dict[str, AuditEntry], business_unit_client: Client
) -> None:
    assert search(business_unit_client, text="bravo") == {"Record Bravo"}
    assert search(business_unit_client, text="alice@") == {"Record Alpha"}
    assert search(business_unit_client, text="103") == {"Record Charlie"}


def test_search_by_action(history: dict[str, AuditEntry], business_unit_client: Client) -> None:
    assert search(business_unit_client, action=RECORD_EXPORTED) == {"Record Charlie"}
    assert search(business_unit_client, action=RECORD_CHANGED) == {"Record Bravo"}


def test_search_by_kind_of_record(
    history: dict[str, AuditEntry], business_unit_client: Client
) -> None:
    assert search(business_unit_client, target_type="test.other") == {"Record Charlie"}


def test_search_by_date_range(history: dict[str, AuditEntry], business_unit_client: Client) -> None:
    assert search(business_unit_client, date_from="2020-01-10", date_to="2020-01-20") == {
        "Record Bravo"
    }
    assert search(business_unit_client, date_from="2020-01-01", date_to="2020-01-15") == {
        "Record Alpha",
        "Record Bravo",
    }


def test_search_dates_are_whole_local_days(
    history: dict[str, AuditEntry], business_unit_client: Client
) -> None:
    found = search(business_unit_client, date_from="2020-07-01", date_to="2020-07-01")

    assert found == {"july-first-minute", "july-early", "july-late"}


def test_filters_combine(history: dict[str, AuditEntry], business_unit_client: Client) -> None:
    assert search(
        business_unit_client, text="Record", action=RECORD_VIEWED, date_to="2020-01-31"
    ) == {"Record Alpha"}


def test_end_date_before_start_date_is_explained(
    history: dict[str, AuditEntry], business_unit_client: Client
) -> None:
    response = business_unit_client.get(
        reverse("core:audit-list"), {"date_from": "2020-01-20", "date_to": "2020-01-10"}
    )

    assert response.status_code == 200
    assert error_summary(response) == {
        "The end date must be the same as or after the start date": "id_date_to"
    }
    assert text(one(response, "p#id_date_to_error")) == (
        "Error: The end date must be the same as or after the start date"
    )
    assert list(response.context["entries"]) == []


def test_a_date_that_is_not_a_date_is_explained(business_unit_client: Client) -> None:
    response = business_unit_client.get(reverse("core:audit-list"), {"date_from": "2020-13-45"})

    assert response.status_code == 200
    [(message, target)] = error_summary(response).items()
    assert target == "id_date_from"
    assert "Enter the start date as a real date" in message


def test_a_search_is_itself_recorded(
    history: dict[str, AuditEntry], people: dict[str, User], scrutineer_client: Client
) -> None:
    search(scrutineer_client, text="bravo", action=RECORD_CHANGED)

    logged = AuditEntry.objects.get(target_label="Audit trail search")
    assert logged.action == RECORD_VIEWED
    assert logged.target_type == "core.auditentry"
    assert logged.actor == people[Role.SCRUTINEER]
    assert logged.changes == {"text": "bravo", "action": RECORD_CHANGED}


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode()), "CSV must start with a byte order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_export_is_recorded_and_formula_safe(
    history: dict[str, AuditEntry], people: dict[str, User], business_unit_client: Client
) -> None:
    AuditEntry.objects.create(
        action=RECORD_CHANGED,
        actor_label="@attacker",
        target_type="test.record",
        target_id="-1",
        target_label='=HYPERLINK("https://evil.example","Click")',
    )

    response = business_unit_client.get(reverse("core:audit-export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="audit-trail.csv"' in response["Content-Disposition"]
    rows = read_csv(response.content)
    assert rows[0] == ["when", "who", "action", "record type", "record id", "record", "from"]
    hostile = next(row for row in rows[1:] if "HYPERLINK" in row[5])
    assert hostile[5] == '\'=HYPERLINK("https://evil.example","Click")'
    assert hostile[1] == "'@attacker"
    assert hostile[4] == "'-1"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    exported = AuditEntry.objects.get(action=RECORD_EXPORTED, target_label="Audit trail export")
    assert exported.actor == people[Role.BUSINESS_UNIT]
    assert exported.target_type == "core.auditentry"


def test_export_follows_the_search_and_records_it(
    history: dict[str, AuditEntry], business_unit_client: Client
) -> None:
    response = business_unit_client.get(
        reverse("core:audit-export"), {"text": "record", "date_from": "2020-01-10"}
    )

    rows = read_csv(response.content)
    assert sorted(row[5] for row in rows[1:]) == ["Record Bravo", "Record Charlie"]
    exported = AuditEntry.objects.get(target_label="Audit trail export")
    assert exported.action == RECORD_EXPORTED
    assert exported.changes == {"text": "record", "date_from": "2020-01-10"}


def test_practitioner_cannot_search_or_export(
    history: dict[str, AuditEntry], practitioner_client: Client
) -> None:
    assert practitioner_client.get(reverse("core:audit-list"), {"text": "bravo"}).status_code == 403
    assert practitioner_client.get(reverse("core:audit-export")).status_code == 403

    assert not AuditEntry.objects.filter(target_type="core.auditentry").exists()
