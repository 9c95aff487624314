"""charts.js draws charts in a real browser, under the site's Content Security Policy.

Needs build/static (npm run build, which `make test` runs through build/static/.built).
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from safeguarding.accounts.models import User
from safeguarding.core.roles import Role
from tests.browser.conftest import axe_violations, sign_in_as
from tests.conftest import PASSWORD, with_password
from tests.insight.records import InsightRecords

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.browser.chart_urls"),
]

CHARTS_JS = Path(__file__).resolve().parents[2] / "build" / "static" / "charts.js"


@pytest.fixture(autouse=True)
def _built() -> None:
    if not CHARTS_JS.exists():
        pytest.fail("build/static/charts.js is missing: run `npm run build`")


def test_charts_are_drawn_under_the_content_security_policy(
    page: Page, live_server: object
) -> None:
    response = page.goto(str(live_server) + reverse("test-charts"))
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-eval" not in csp
    assert "unsafe-inline" not in csp

    for chart_id in ["re-referrals", "plans-by-ethnicity", "contacts-by-source"]:
        figure = page.locator(f"#chart-{chart_id}")
        expect(figure).to_have_attribute("data-chart-state", "rendered")
        slot = figure.locator("[data-chart-slot]")
        expect(slot).to_be_visible()
        expect(slot.locator("svg")).to_have_count(1)

    trend = page.locator("#chart-re-referrals")
    slot = trend.locator("[data-chart-slot]")
    expect(slot).to_have_attribute("role", "img")
    expect(slot).to_have_attribute("aria-label", re.compile("re-referral rate fell"))
    drawing = slot.locator(".app-chart__drawing")
    expect(drawing).to_have_attribute("aria-hidden", "true")
    svg = drawing.locator("svg")
    # The lines and the target rule are drawn, and the axis shows the periods.
    expect(svg.locator("g.mark-line.role-mark path").first).to_be_attached()
    expect(svg.locator("g.mark-rule.role-mark line")).to_have_count(1)
    expect(svg).to_contain_text("2025-09")
    expect(svg).to_contain_text("Target")
    # Sized to its container, not to a fixed width.
    slot_box, svg_box = slot.bounding_box(), svg.bounding_box()
    assert slot_box is not None and svg_box is not None
    assert svg_box["width"] == pytest.approx(slot_box["width"], abs=2)

    rates = page.locator("#chart-plans-by-ethnicity svg")
    expect(rates).to_contain_text("Same rate as White British")
    expect(rates).to_contain_text("Black Caribbean")
    expect(rates).not_to_contain_text("Roma")
    expect(page.locator("#chart-contacts-by-source svg")).not_to_contain_text("Health")

    table = trend.locator("table.govuk-table")
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_have_text("Data for Re-referrals within 12 months")
    expect(table.locator("tbody tr")).to_have_count(6)
    expect(table).to_contain_text("[c]")
    expect(trend.get_by_role("link", name="Download chart as SVG")).to_be_visible()

    # Nothing injected a <style> element, and the browser reported nothing: a Content
    # Security Policy violation shows as a console error.
    assert page.locator("style").count() == 0
    assert page.problems.messages == []  # type: ignore[attr-defined]
    assert axe_violations(page) == []


def test_without_javascript_the_summary_and_table_remain(
    browser: Browser, live_server: object
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(str(live_server) + reverse("test-charts"))
        figure = page.locator("#chart-re-referrals")
        expect(figure.locator(".app-chart__summary")).to_contain_text("re-referral rate fell")
        expect(figure.locator("[data-chart-slot]")).to_be_hidden()
        expect(figure.locator("table.govuk-table tbody tr")).to_have_count(6)
    finally:
        context.close()


def test_an_indicators_trend_names_its_periods_and_writes_its_percentages(
    page: Page, live_server: object, insight_records: InsightRecords, people: dict[str, User]
) -> None:
    # Schools told in time: 40 of 50 (80%) in April to June 2025, against a 90% target.
    analyst = with_password(people[Role.ANALYST])
    base = str(live_server)
    sign_in_as(page, base, analyst.email, PASSWORD)
    page.goto(base + reverse("insight:indicator", args=["told-in-time"]))

    figure = page.locator("#chart-trend-told-in-time")
    expect(figure).to_have_attribute("data-chart-state", "rendered")
    svg = figure.locator("[data-chart-slot] svg")
    expect(svg).to_contain_text("April to June 2025")
    expect(svg).not_to_contain_text("2025-06")
    ticks = [
        label.strip()
        for label in svg.locator("g.role-axis-label text").all_text_contents()
        if re.fullmatch(r"[\d.,]+%?", label.strip())
    ]
    assert ticks and all(tick.endswith("%") for tick in ticks), ticks

    # The browser's own tooltip (the title Vega sets on hover) writes the figure as the
    # table does.
    drawing = figure.locator(".app-chart__drawing")
    figure.locator("g.mark-symbol.role-mark path").first.hover(force=True)
    expect(drawing).to_have_attribute("title", re.compile(r"Period: April to June 2025"))
    expect(drawing).to_have_attribute("title", re.compile(r"Percentage: 80%"))
    assert page.problems.messages == []  # type: ignore[attr-defined]
