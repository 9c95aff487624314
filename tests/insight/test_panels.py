"""What insight adds to other apps' pages: the figure beside each outcome measure (on the
priority's page, in the annual report and its PDF) and indicators needing attention."""

from collections.abc import Callable
from datetime import date
from io import BytesIO

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from safeguarding.governance.models import OutcomeMeasure, PartnershipYear, Priority
from safeguarding.returns.models import IndicatorVersion
from tests.insight.records import InsightRecords
from tests.pages import text


def test_a_measure_shows_its_indicators_latest_figure_on_the_priority_page(
    insight_records: InsightRecords, client_as: Callable[[str], Client]
) -> None:
    page = text(
        client_as("practitioner").get(
            reverse("governance:priority-detail", args=[insight_records.priority.pk])
        )
    )
    # 164 referrals in April to June 2025 (tests/insight/records.py), against a target of
    # 150 with no direction: context only.
    assert (
        "Fewer referrals (indicator referrals) Latest figure (April to June 2025): 164. "
        "Context only."
    ) in page
    # The child-level measure's four referrals in the latest quarter are suppressed.
    assert (
        "Children referred (indicator children-referred) Latest figure (January to March "
        "2026): c. No target set."
    ) in page
    assert "2025-06" not in page and "2026-03" not in page


def test_the_published_annual_report_and_its_pdf_show_the_figures(
    insight_records: InsightRecords, client_as: Callable[[str], Client]
) -> None:
    year = insight_records.priority.year
    year.report_published_on = timezone.localdate()
    year.save()
    anonymous = client_as("anonymous")
    report = text(anonymous.get(reverse("governance:annual-report", args=[year.label])))
    assert (
        "Fewer referrals (indicator referrals) Latest figure (April to June 2025): 164." in report
    )
    pdf = anonymous.get(reverse("governance:annual-report-pdf", args=[year.label]))
    words = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf.content)).pages
    )
    assert "Latest figure (April to June 2025): 164." in words


def test_staff_home_lists_indicators_beyond_their_alert_threshold(
    insight_records: InsightRecords, client_as: Callable[[str], Client]
) -> None:
    home = reverse("core:staff-home")
    # 40 of 50 told in time is 80%: short of the 90% target, not beyond the 70% alert.
    assert "Indicators needing attention" not in text(client_as("analyst").get(home))
    IndicatorVersion.objects.filter(indicator=insight_records.told).update(alert_threshold=85)
    shown = text(client_as("analyst").get(home))
    assert "Indicators needing attention Schools told in time: 80% in April to June 2025" in shown


def test_a_years_measure_shows_the_years_figure_never_a_later_one(
    insight_records: InsightRecords, client_as: Callable[[str], Client]
) -> None:
    earlier = PartnershipYear.objects.create(
        label="2024-25", starts_on=date(2024, 4, 1), ends_on=date(2025, 3, 31)
    )
    priority = Priority.objects.create(year=earlier, title="Last year's priority")
    for description, code in (("Fewer referrals", "referrals"), ("Referred", "children-referred")):
        OutcomeMeasure.objects.create(
            priority=priority, description=description, indicator_code=code
        )

    page = text(
        client_as("practitioner").get(reverse("governance:priority-detail", args=[priority.pk]))
    )

    # Referrals were first returned for 2025-06, after the year ended.
    assert (
        "Fewer referrals (indicator referrals) No accepted return has a figure for it for a "
        "period ending by 31 March 2025."
    ) in page
    # Child-level events go on to March 2026; this year's last quarter ends in March 2025.
    assert "Latest figure (January to March 2025)" in page
    assert "January to March 2026" not in page and "2026-03" not in page
