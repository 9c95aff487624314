"""Return files in a real browser: the agency lead fills in the pre-filled Excel template
(whose periods Excel has made into dates) and sends it; later a correction that leaves out
the breakdowns is shown what it would lose and replaces the return only once confirmed."""

import io
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from safeguarding.accounts.models import User
from safeguarding.demo.partnership import load_demo_partnership
from safeguarding.demo.returns import load_demo_returns
from safeguarding.returns.models import ReturnObligation, Submission
from safeguarding.returns.records import record_read
from safeguarding.returns.services import submission_receive
from tests.browser.conftest import BrowserProblems, axe_violations, sign_in_as
from tests.conftest import PASSWORD, with_password
from tests.returns.test_resubmission import complete_csv, headline_csv

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def police(settings: object, tmp_path: Path) -> tuple[User, ReturnObligation]:
    settings.RECORDS_ROOT = tmp_path / "records"  # type: ignore[attr-defined]
    load_demo_partnership()
    load_demo_returns(today=date(2026, 11, 26))
    lead = with_password(User.objects.get(email="agency.lead@northgate.example"))
    User.objects.filter(pk=lead.pk).update(is_demo=False)
    obligation = ReturnObligation.objects.get(
        template__code="police-quarterly", period_start=date(2026, 7, 1)
    )
    return lead, obligation


@pytest.fixture
def lead_page(browser: Browser) -> Iterator[Page]:
    """A page of the agency lead's own browser, closed (and its connections with it) after."""
    context = browser.new_context(accept_downloads=True)
    yield context.new_page()
    context.close()


def open_return(page: Page, base: str, lead: User, obligation: ReturnObligation) -> Page:
    sign_in_as(page, base, lead.email, PASSWORD)
    page.goto(base + reverse("returns:obligation", args=[obligation.pk]))
    return page


def test_the_prefilled_excel_template_needs_only_the_counts(
    lead_page: Page, live_server: object, tmp_path: Path, police: tuple[User, ReturnObligation]
) -> None:
    lead, obligation = police
    page = open_return(lead_page, str(live_server), lead, obligation)
    problems = BrowserProblems(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel, with lists of the codes").click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = workbook["Return"]
    header = [cell.value for cell in sheet[1]]
    count, period = header.index("count") + 1, header.index("period") + 1
    assert sheet.cell(row=2, column=period).number_format == "@", "kept as typed, not a date"
    # Filled in as a person does: all of each breakdown's children in its first code. In
    # the first rows the period is retyped in a cell that lost its text format, so Excel
    # made 2026-09 the date 1 September 2026.
    seen = set()
    filled = 0
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if not row[0]:
            continue
        breakdown = (row[0], row[2])
        first = breakdown not in seen
        seen.add(breakdown)
        sheet.cell(row=number, column=count, value=9 if first or row[3] == "TOTAL" else 0)
        if number < 12:
            cell = sheet.cell(row=number, column=period, value=datetime(2026, 9, 1))
            cell.number_format = "mmm-yy"
        filled += 1
    assert filled > 200
    buffer = io.BytesIO()
    workbook.save(buffer)
    (tmp_path / "filled.xlsx").write_bytes(buffer.getvalue())

    page.get_by_label("Your return").set_input_files(str(tmp_path / "filled.xlsx"))
    page.get_by_label("Your narrative").fill("Every breakdown, from the template.")
    page.get_by_role("button", name="Check and send").click()
    expect(page.get_by_text("Your return has been accepted")).to_be_visible()

    accepted = Submission.objects.get(status=Submission.Status.ACCEPTED)
    assert accepted.row_count == filled
    assert set(record_read(accepted.record_path)["period"]) == {"2026-09"}
    assert problems.messages == []


def test_a_correction_without_the_breakdowns_waits_for_the_sender_to_confirm(
    lead_page: Page, live_server: object, tmp_path: Path, police: tuple[User, ReturnObligation]
) -> None:
    lead, obligation = police
    complete = submission_receive(
        actor=lead,
        obligation=obligation,
        name="complete.csv",
        data=complete_csv(obligation),
        narrative="Every breakdown",
    )
    partial = tmp_path / "totals.csv"
    partial.write_bytes(headline_csv(obligation))
    page = open_return(lead_page, str(live_server), lead, obligation)
    problems = BrowserProblems(page)

    page.get_by_label("Your return").set_input_files(str(partial))
    page.get_by_label("Your narrative").fill("Only the totals are known.")
    page.get_by_role("button", name="Check and send").click()

    expect(page.get_by_role("heading", name="Check what would be lost")).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        f"lose {complete.row_count - 4} of its {complete.row_count} rows"
    )
    expect(page.get_by_text("ce-at-risk by ethnicity", exact=True)).to_be_visible()
    expect(page.get_by_label("Your narrative")).to_have_value("Only the totals are known.")
    assert axe_violations(page) == []
    complete.refresh_from_db()
    assert complete.status == Submission.Status.ACCEPTED, "nothing replaced yet"

    page.get_by_label("Your return").set_input_files(str(partial))
    page.get_by_role("button", name="Replace the accepted return").click()
    expect(page.get_by_text("Your return has been accepted")).to_be_visible()
    complete.refresh_from_db()
    assert complete.status == Submission.Status.SUPERSEDED
    assert problems.messages == []
