"""Sending a return through the browser's form: problems shown by rule, then accepted."""

import csv
import hashlib
import io
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core.audit_verbs import RECORD_EXPORTED, RECORD_VIEWED
from safeguarding.core.models import AuditEntry
from safeguarding.core.text_limits import LONG_TEXT
from safeguarding.demo.partnership import load_demo_partnership
from safeguarding.demo.returns import load_demo_returns
from safeguarding.returns.models import ReturnObligation, Submission
from tests.conftest import sign_in
from tests.pages import error_summary, one, page, text
from tests.returns.records import ReturnsRecords
from tests.returns.test_resubmission import complete_csv, headline_csv
from tests.returns.test_submissions import police_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(settings: object, tmp_path: Path) -> tuple[Client, ReturnObligation]:
    settings.RECORDS_ROOT = tmp_path / "records"  # type: ignore[attr-defined]
    load_demo_partnership()
    load_demo_returns(today=date(2026, 11, 26))
    obligation = ReturnObligation.objects.get(
        template__code="police-quarterly", period_start=date(2026, 7, 1)
    )
    lead = User.objects.get(email="agency.lead@northgate.example")
    # Demo accounts only sign in with DEMO_MODE on; this one stands for a real agency lead.
    lead.is_demo = False
    lead.save(update_fields=["is_demo"])
    return sign_in(Client(), lead), obligation


def send(client: Client, obligation: ReturnObligation, data: bytes, narrative: str = "") -> Any:
    return client.post(
        reverse("returns:obligation", args=[obligation.pk]),
        {"upload": SimpleUploadedFile("q2.csv", data), "narrative": narrative},
        follow=True,
    )


def test_mistakes_are_shown_then_fixed_and_accepted(
    police: tuple[Client, ReturnObligation],
) -> None:
    client, obligation = police
    calendar = text(client.get(reverse("returns:calendar")))
    assert "Police safeguarding quarterly return" in calendar
    assert "Late" in calendar

    broken = police_csv().replace(b",sex,2,4", b",sex,2,four")
    shown = text(send(client, obligation, broken, "Fewer incidents"))
    assert "Your return has" in shown and "to fix before it can be accepted" in shown
    assert "Wrong type" in shown or "wrong type" in shown.lower()
    document = page(client.get(reverse("returns:obligation", args=[obligation.pk])))
    link = document.select_one("a[href$='problems.csv']")
    assert link is not None
    problems = client.get(str(link["href"]))
    assert problems.status_code == 200 and b"four" in problems.content

    no_story = client.post(
        reverse("returns:obligation", args=[obligation.pk]),
        {"upload": SimpleUploadedFile("q2.csv", police_csv())},
    )
    assert error_summary(no_story) == {
        "q2.csv passed every check. Add your narrative: the evidence of change or challenge "
        "behind these figures": "id_narrative"
    }
    # The page answers the file just sent: the rejected file's problems are not beside it.
    assert "Problems in" not in text(no_story) and "four" not in text(no_story)

    shown = text(send(client, obligation, police_csv(), "Fewer incidents after training"))
    assert "Your return has been accepted" in shown
    obligation.refresh_from_db()
    assert obligation.status == ReturnObligation.Status.ACCEPTED
    assert Submission.objects.filter(obligation=obligation).count() == 2


def test_no_file_chosen_says_so(police: tuple[Client, ReturnObligation]) -> None:
    client, obligation = police
    response = client.post(reverse("returns:obligation", args=[obligation.pk]), {})
    assert error_summary(response) == {"Choose the file of your return": "id_upload"}
    assert not Submission.objects.exists()


def test_an_unreadable_file_is_refused_by_name(police: tuple[Client, ReturnObligation]) -> None:
    client, obligation = police
    response = client.post(
        reverse("returns:obligation", args=[obligation.pk]),
        {"upload": SimpleUploadedFile("photo.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)},
    )
    summary = error_summary(response)
    assert list(summary.values()) == ["id_upload"]
    assert "photo.csv" in next(iter(summary))
    assert not Submission.objects.exists()


def test_downloaded_data_is_safe_in_a_spreadsheet_and_recorded(
    returns_records: ReturnsRecords, client_as: object
) -> None:
    client = client_as("analyst")  # type: ignore[operator]
    response = client.get(reverse("returns:submission-data", args=[returns_records.accepted.pk]))
    body = response.content.decode("utf-8-sig")
    assert "'=3" in body and ",=3" not in body
    assert AuditEntry.objects.filter(
        action=RECORD_EXPORTED, target_id=str(returns_records.accepted.pk)
    ).exists()


def test_templates_download_in_the_shape_the_return_is_checked_against(
    police: tuple[Client, ReturnObligation],
) -> None:
    client, obligation = police
    csv_template = client.get(reverse("returns:template-csv", args=[obligation.pk]) + "?blank=1")
    assert csv_template["Content-Disposition"].endswith('police-quarterly-2026-07.csv"')
    assert csv_template.content.decode("utf-8-sig").splitlines() == [
        "indicator,period,breakdown_type,breakdown_value,count,denominator"
    ]
    workbook = client.get(reverse("returns:template-xlsx", args=[obligation.pk]))
    sheets = openpyxl.load_workbook(io.BytesIO(workbook.content)).sheetnames
    assert sheets[0] == "Return" and "Lists" in sheets


def test_the_catalogue_shows_each_indicators_current_definition(
    police: tuple[Client, ReturnObligation],
) -> None:
    client, _ = police
    shown = text(client.get(reverse("returns:catalogue")))
    assert "Care leavers who are homeless" in shown
    assert "Care leavers aged 18 to 21 known to be homeless on the last day of the period." in shown
    assert "version 1" in shown and "Lower is better" in shown


def test_the_page_names_the_period_and_asks_for_the_narrative(
    police: tuple[Client, ReturnObligation],
) -> None:
    client, obligation = police
    document = page(client.get(reverse("returns:obligation", args=[obligation.pk])))
    assert "Period 1 July 2026 to 30 September 2026" in text(document)
    label = document.select_one("label[for=id_narrative]")
    assert label is not None and label.get_text(strip=True) == "Your narrative"


@pytest.mark.parametrize("role", ["agency_lead", "analyst", "scrutineer"])
def test_opening_a_return_and_its_error_file_is_recorded(
    role: str, returns_records: ReturnsRecords, client_as: Any, people: dict[str, User]
) -> None:
    client = client_as(role)

    assert (
        client.get(reverse("returns:obligation", args=[returns_records.obligation.pk])).status_code
        == 200
    )
    errors = client.get(reverse("returns:submission-errors", args=[returns_records.rejected.pk]))

    assert errors.status_code == 200
    viewed = AuditEntry.objects.get(action=RECORD_VIEWED, actor=people[role])
    assert (viewed.target_type, viewed.target_id) == (
        "returns.returnobligation",
        str(returns_records.obligation.pk),
    )
    exported = AuditEntry.objects.get(action=RECORD_EXPORTED, actor=people[role])
    assert (exported.target_type, exported.target_id) == (
        "returns.submission",
        str(returns_records.rejected.pk),
    )


def test_a_refused_look_at_a_return_records_nothing(
    returns_records: ReturnsRecords, client_as: Any
) -> None:
    client = client_as("practitioner")
    assert (
        client.get(reverse("returns:obligation", args=[returns_records.obligation.pk])).status_code
        == 403
    )
    assert (
        client.get(
            reverse("returns:submission-errors", args=[returns_records.rejected.pk])
        ).status_code
        == 403
    )
    assert not AuditEntry.objects.filter(action__in=[RECORD_VIEWED, RECORD_EXPORTED]).exists()


def test_a_partial_correction_shows_what_it_would_lose_and_waits_for_confirmation(
    police: tuple[Client, ReturnObligation],
) -> None:
    client, obligation = police
    shown = text(send(client, obligation, complete_csv(obligation), "Every breakdown"))
    assert "Your return has been accepted" in shown
    complete = Submission.objects.get()

    url = reverse("returns:obligation", args=[obligation.pk])
    asked = client.post(
        url,
        {"upload": SimpleUploadedFile("q2.csv", headline_csv(obligation)), "narrative": "Totals"},
    )

    assert asked.status_code == 200
    document = page(asked)
    assert one(document, "h2#what-would-be-lost").get_text(strip=True) == "Check what would be lost"
    warning = text(one(document, ".govuk-warning-text"))
    assert f"lose {complete.row_count - 4} of its {complete.row_count} rows" in warning
    assert "q2.csv has 4 rows" in warning
    _, what_is_lost = document.select("dl.govuk-summary-list")  # after the period's
    lost = {
        text(one(row, "dt")): [text(item) for item in row.select("li")]
        for row in what_is_lost.select(".govuk-summary-list__row")
    }
    assert "ce-at-risk by sex" in lost["Breakdowns"]
    token = one(document, "input[name=confirm_loss]")["value"]
    assert token == f"{complete.pk}-{hashlib.sha256(headline_csv(obligation)).hexdigest()}"
    assert one(document, "textarea[name=narrative]").get_text().strip() == "Totals"
    assert one(document, f"a[href='{url}']").get_text(strip=True) == "keep the accepted return"
    assert Submission.objects.count() == 1, "nothing is recorded until the loss is confirmed"

    confirmed = client.post(
        url,
        {
            "upload": SimpleUploadedFile("q2.csv", headline_csv(obligation)),
            "narrative": "Totals",
            "confirm_loss": token,
        },
        follow=True,
    )
    assert "Your return has been accepted" in text(confirmed)
    complete.refresh_from_db()
    assert complete.status == Submission.Status.SUPERSEDED


def test_a_partial_correction_without_its_narrative_asks_for_both(
    police: tuple[Client, ReturnObligation],
) -> None:
    client, obligation = police
    send(client, obligation, complete_csv(obligation), "Every breakdown")
    asked = client.post(
        reverse("returns:obligation", args=[obligation.pk]),
        {"upload": SimpleUploadedFile("q2.csv", headline_csv(obligation))},
    )
    narrative_needed = (
        "q2.csv passed every check. Add your narrative: the evidence of change or challenge "
        "behind these figures"
    )
    assert error_summary(asked) == {narrative_needed: "id_narrative"}
    assert "Check what would be lost" in text(asked)

    # Confirmed, but still without the narrative: asked for it, the loss still shown.
    token = one(page(asked), "input[name=confirm_loss]")["value"]
    confirmed = client.post(
        reverse("returns:obligation", args=[obligation.pk]),
        {"upload": SimpleUploadedFile("q2.csv", headline_csv(obligation)), "confirm_loss": token},
    )
    assert error_summary(confirmed) == {narrative_needed: "id_narrative"}
    assert "Check what would be lost" in text(confirmed)
    assert Submission.objects.count() == 1


def test_after_a_rejected_file_the_next_answer_is_about_the_next_file(
    police: tuple[Client, ReturnObligation],
) -> None:
    client, obligation = police
    send(client, obligation, police_csv().replace(b",sex,2,4", b",sex,2,four"), "Fewer")
    url = reverse("returns:obligation", args=[obligation.pk])
    assert "Problems in q2.csv" in text(client.get(url)), "the rejected file's problems"

    for data, name in ((police_csv(), "q3.csv"), (b"", "empty.csv")):
        answer = client.post(url, {"upload": SimpleUploadedFile(name, data)})
        shown = text(answer)
        assert name in next(iter(error_summary(answer)))
        assert "Problems in" not in shown and "four" not in shown, name
        assert "passed every check" not in shown or name == "q3.csv"


def test_the_template_has_a_row_for_every_indicator_breakdown_and_code(
    police: tuple[Client, ReturnObligation],
) -> None:
    client, obligation = police
    document = page(client.get(reverse("returns:obligation", args=[obligation.pk])))
    assert "fill in only the counts" in text(document)
    csv_template = client.get(reverse("returns:template-csv", args=[obligation.pk]))
    rows = list(csv.reader(io.StringIO(csv_template.content.decode("utf-8-sig"))))
    assert rows[0] == ["indicator", "period", "breakdown_type", "breakdown_value", "count",
                       "denominator"]  # fmt: skip
    body = rows[1:]
    assert {row[1] for row in body} == {"2026-09"}, "the period's last month"
    assert {row[4] for row in body} == {""}, "counts are left to fill in"
    sex = [row[3] for row in body if row[0] == "ce-at-risk" and row[2] == "sex"]
    assert sex == ["1", "2", "0", "9", "TOTAL"], "every code, in the list's order, TOTAL last"
    assert {row[0] for row in body} == {
        "da-children-present", "da-schools-told", "ce-at-risk", "syv-victims"
    }  # fmt: skip

    workbook = client.get(reverse("returns:template-xlsx", args=[obligation.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content))["Return"]
    cells = [[cell.value for cell in row[:4]] for row in sheet.iter_rows(min_row=2)]
    assert [row for row in cells if any(row)] == [row[:4] for row in body]


def test_an_over_long_narrative_gets_the_form_back_with_its_limit(
    police: tuple[Client, ReturnObligation],
) -> None:
    client, obligation = police
    response = send(client, obligation, police_csv(), narrative="x" * (LONG_TEXT + 1))

    assert response.status_code == 200
    assert f"must be {LONG_TEXT:,} characters or fewer" in " ".join(error_summary(response))
    assert not Submission.objects.filter(obligation=obligation).exists()


def test_megabytes_of_narrative_get_a_page_that_says_so(
    police: tuple[Client, ReturnObligation],
) -> None:
    """Past Django's limit for one request's fields the form cannot be read at all."""
    client, obligation = police
    response = send(client, obligation, police_csv(), narrative="x" * 3_000_000)

    assert response.status_code == 400
    assert "What you typed is too long" in text(response)
    assert "Exit this page" in text(response)
    assert not Submission.objects.filter(obligation=obligation).exists()
