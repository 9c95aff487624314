"""A data return in a real browser: the agency lead downloads the template, sends it with
mistakes, reads them, fixes them, adds the narrative, and the analyst sees it accepted."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from safeguarding.accounts.models import User
from safeguarding.core.roles import Role
from safeguarding.demo.partnership import load_demo_partnership
from safeguarding.demo.returns import load_demo_returns
from safeguarding.returns.models import ReturnObligation
from tests.browser.conftest import BrowserProblems, sign_in_as
from tests.conftest import PASSWORD, with_password
from tests.returns.test_submissions import police_csv

pytestmark = pytest.mark.django_db(transaction=True)


def test_agency_lead_sends_a_return_and_the_analyst_sees_it(
    browser: Browser, live_server: object, tmp_path: Path, settings: object
) -> None:
    settings.RECORDS_ROOT = tmp_path / "records"  # type: ignore[attr-defined]
    load_demo_partnership()
    load_demo_returns(today=date(2026, 11, 26))
    lead = with_password(User.objects.get(email="agency.lead@northgate.example"))
    analyst = with_password(User.objects.get(role=Role.ANALYST))
    User.objects.filter(pk__in=[lead.pk, analyst.pk]).update(is_demo=False)
    obligation = ReturnObligation.objects.get(
        template__code="police-quarterly", period_start=date(2026, 7, 1)
    )
    base = str(live_server)

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    sign_in_as(page, base, lead.email, PASSWORD)
    page.get_by_role("link", name="Returns").first.click()
    page.get_by_role("link", name="Police safeguarding quarterly return").nth(1).click()
    assert page.url.endswith(reverse("returns:obligation", args=[obligation.pk]))
    with page.expect_download() as download:
        page.get_by_role("link", name="blank CSV").click()
    template = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert template.splitlines() == [
        "indicator,period,breakdown_type,breakdown_value,count,denominator"
    ]

    mistaken = tmp_path / "q2.csv"
    mistaken.write_bytes(police_csv().replace(b",sex,2,4", b",sex,2,four"))
    page.get_by_label("Your return").set_input_files(str(mistaken))
    page.get_by_role("button", name="Check and send").click()
    expect(page.get_by_text("to fix before it can be accepted")).to_be_visible()
    expect(page.locator("caption", has_text="Wrong type")).to_be_visible()
    expect(page.get_by_role("cell", name="four").first).to_be_visible()

    fixed = tmp_path / "q2-fixed.csv"
    fixed.write_bytes(police_csv())
    page.get_by_label("Your return").set_input_files(str(fixed))
    page.get_by_label("Your narrative").fill("Fewer incidents since the schools scheme began.")
    page.get_by_role("button", name="Check and send").click()
    expect(page.get_by_text("Your return has been accepted")).to_be_visible()
    context.close()

    context = browser.new_context()
    page = context.new_page()
    problems = BrowserProblems(page)
    sign_in_as(page, base, analyst.email, PASSWORD)
    page.goto(base + reverse("returns:calendar"))
    row = page.locator("tr", has_text="Northshire Police").filter(has_text="1 Jul 2026")
    expect(row.get_by_text("Accepted")).to_be_visible()
    row.get_by_role("link").first.click()
    expect(page.get_by_text("Fewer incidents since the schools scheme began.")).to_be_visible()
    expect(page.get_by_role("link", name="Download the data")).to_be_visible()
    assert problems.messages == []
    context.close()
