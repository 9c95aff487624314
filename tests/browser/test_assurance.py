"""The assurance cycle in a real browser: a chair asks, an agency lead answers with a
file, and the chair records the group's judgement."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.core.models import Agency
from safeguarding.core.roles import Role
from safeguarding.governance.models import AssuranceRequest, EvidenceFile
from tests.browser.conftest import sign_in_as
from tests.conftest import PASSWORD, with_password

pytestmark = pytest.mark.django_db(transaction=True)


def test_chair_asks_agency_lead_answers_with_a_file_chair_judges(
    browser: Browser,
    live_server: object,
    people: dict[str, User],
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    tmp_path: Path,
) -> None:
    base = str(live_server)
    chair = with_password(people[Role.GROUP_CHAIR])
    lead = with_password(people[Role.AGENCY_LEAD])
    due = timezone.localdate() + timedelta(days=21)

    # The chair asks the council for assurance.
    chair_context = browser.new_context()
    page = chair_context.new_page()
    sign_in_as(page, base, chair.email, PASSWORD)
    page.goto(base + reverse("governance:group-work", args=[group.slug]))
    page.get_by_role("button", name="Ask for assurance").click()
    page.get_by_label("What do you want to be assured of?").fill(
        "How do you know your early help plans make a difference?"
    )
    page.get_by_label(agencies["council"].name).check()
    page.get_by_label("Answer by").fill(due.isoformat())
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Request sent")).to_be_visible()
    request = AssuranceRequest.objects.get()
    assert [str(r) for r in request.recipients.all()] == [agencies["council"].name]

    # The council's agency lead finds it on their home page and answers with a file.
    lead_context = browser.new_context()
    page = lead_context.new_page()
    sign_in_as(page, base, lead.email, PASSWORD)
    expect(page.get_by_text("Requests for assurance to answer")).to_be_visible()
    page.get_by_role("link", name="How do you know your early help plans").click()
    page.get_by_label("Your answer").fill("We review every plan at closure with the family.")
    evidence = tmp_path / "closure-reviews.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% closure reviews\n%%EOF\n")
    page.get_by_label("Evidence files").set_input_files(str(evidence))
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("Your answer has been sent to the group")).to_be_visible()
    expect(page.get_by_role("link", name="closure-reviews.pdf")).to_be_visible()
    assert EvidenceFile.objects.get().original_name == "closure-reviews.pdf"

    # The chair records the group's judgement.
    page = chair_context.new_page()
    page.goto(base + reverse("core:staff-home"))
    expect(page.get_by_text("Answers waiting for your group's judgement")).to_be_visible()
    page.goto(base + reverse("governance:request-detail", args=[request.pk]))
    page.get_by_role("button", name="Record the group's judgement").click()
    page.get_by_label("Partly assured").check()
    page.get_by_label("Why").fill("Reviews happen, but outcomes a year on are not known.")
    page.get_by_label("What happens next").fill("Report re-referrals within 12 months by March.")
    page.get_by_role("button", name="Record judgement").click()
    expect(page.get_by_text("The group's judgement has been recorded")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Partly assured")).to_be_visible()
    request.refresh_from_db()
    assert request.judgement == AssuranceRequest.Judgement.PARTLY_ASSURED
    chair_context.close()
    lead_context.close()
