"""The insight journey in a real browser: from a priority's golden thread to the group it
flags, its row on the disproportionality page, the chart drawn, and the suppressed table
downloaded."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from safeguarding.accounts.models import User
from safeguarding.core.roles import Role
from tests.browser.conftest import BrowserProblems, axe_violations, sign_in_as
from tests.conftest import PASSWORD, with_password
from tests.insight.records import InsightRecords

pytestmark = pytest.mark.django_db(transaction=True)

CHARTS_JS = Path(__file__).resolve().parents[2] / "build" / "static" / "charts.js"


def test_analyst_follows_a_flagged_group_from_the_golden_thread_to_its_figures(
    browser: Browser,
    live_server: object,
    insight_records: InsightRecords,
    people: dict[str, User],
) -> None:
    if not CHARTS_JS.exists():
        pytest.fail("build/static/charts.js is missing: run `npm run build`")
    analyst = with_password(people[Role.ANALYST])
    base = str(live_server)
    context = browser.new_context(accept_downloads=True, locale="en-GB")
    try:
        page = context.new_page()
        problems = BrowserProblems(page)
        sign_in_as(page, base, analyst.email, PASSWORD)

        page.get_by_role("link", name="Insight", exact=True).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Insight")
        page.get_by_role("link", name="Family help").click()
        expect(page).to_have_url(
            base + reverse("insight:golden_thread", args=[insight_records.priority.pk])
        )
        expect(page.get_by_role("heading", level=1)).to_have_text("Family help")
        assert axe_violations(page) == []

        page.get_by_role("link", name="Caribbean", exact=True).click()
        disproportionality = reverse("insight:disproportionality", args=["referrals"])
        expect(page).to_have_url(
            base
            + disproportionality
            + "?breakdown=ethnicity&reference=WBRI&period=2025-06#groups-bcrb"
        )
        row = page.locator("tr#groups-bcrb")
        expect(row).to_have_count(1)
        expect(row.locator("th")).to_have_text("Caribbean")
        expect(row.locator(".govuk-tag")).to_have_text("Higher")
        expect(row).to_contain_text("3.00 (2.14 to 4.20)")
        expect(page.locator("tr#groups-wiri td").first).to_have_text("c")

        # charts.js draws the relative rates from the spec in the page.
        figure = page.locator("#chart-relative-referrals-ethnicity")
        expect(figure).to_have_attribute("data-chart-state", "rendered")
        slot = figure.locator("[data-chart-slot]")
        expect(slot).to_be_visible()
        expect(slot.locator("svg")).to_have_count(1)
        expect(slot.locator("svg")).to_contain_text("Caribbean")
        assert axe_violations(page) == []

        with page.expect_download() as downloading:
            page.get_by_role("link", name="Download this table as CSV (suppressed)").click()
        download = downloading.value
        assert download.suggested_filename == "referrals-ethnicity-disproportionality.csv"
        body = Path(download.path()).read_text(encoding="utf-8-sig")
        rows = {row[1]: row for row in csv.reader(io.StringIO(body)) if len(row) > 1}
        assert rows["BCRB"][2] == "54"
        assert rows["BCRB"][10] == "higher"
        for code in ("WIRI", "CHNE"):
            assert rows[code][2] == "c"
            assert "3" not in rows[code] and "8" not in rows[code]

        assert problems.messages == []
    finally:
        context.close()


def test_an_indicator_whose_every_figure_is_suppressed_shows_why_and_no_empty_chart(
    browser: Browser,
    live_server: object,
    insight_records: InsightRecords,
    people: dict[str, User],
) -> None:
    analyst = with_password(people[Role.ANALYST])
    base = str(live_server)
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        problems = BrowserProblems(page)
        sign_in_as(page, base, analyst.email, PASSWORD)
        page.goto(base + reverse("insight:indicator", args=["children-referred"]))
        expect(page.get_by_role("heading", level=1)).to_have_text("Children referred")

        hidden = "Every figure for this indicator is below the disclosure threshold"
        expect(page.locator(".govuk-inset-text", has_text=hidden)).to_be_visible()
        figure = page.locator("#chart-trend-children-referred")
        expect(figure.locator(".app-chart__summary")).to_contain_text(hidden)
        # No drawing at all, rather than empty axes; the table gives every period.
        expect(figure.locator("[data-chart-slot], svg")).to_have_count(0)
        expect(figure).not_to_have_attribute("data-chart-state", re.compile("."))
        rows = figure.locator("table tbody tr")
        expect(rows).to_have_count(4)
        expect(rows.first).to_have_text(re.compile(r"January to March 2025\s*c"))
        expect(figure.get_by_role("link", name=re.compile("Download chart"))).to_have_count(0)
        assert axe_violations(page) == []
        assert problems.messages == []
    finally:
        context.close()
