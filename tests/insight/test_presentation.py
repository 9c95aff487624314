"""How the insight pages and panels write their figures, through real HTTP: no empty chart
for an indicator whose every figure is suppressed, "%" on every percentage, thousands
separators on every count, and periods in words, never `YYYY-MM`.

The figures are those of tests/insight/records.py, with, where a test says so, a second
quarter (July to September 2025) large enough to need thousands separators.
"""

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from bs4 import Tag
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core.models import Agency
from safeguarding.core.roles import Role
from safeguarding.governance.models import OutcomeMeasure
from safeguarding.returns.models import IndicatorVersion, ReturnObligation, ReturnTemplate
from safeguarding.returns.services import submission_receive
from tests.insight.records import InsightRecords, csv_bytes
from tests.pages import one, page, text

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]
# A period written as its last month, as a page must never show one.
LAST_MONTH = re.compile(r"\b\d{4}-(0[1-9]|1[0-2])\b")
EVERY_FIGURE_HIDDEN = (
    "Every figure for this indicator is below the disclosure threshold, so none is shown."
)


@pytest.fixture
def analyst(client_as: ClientAs) -> Client:
    return client_as(Role.ANALYST)


def cells(row: Tag) -> list[str]:
    return [text(cell) for cell in row.select("th, td")]


def send_a_large_quarter(*, actor: User, council: Agency) -> None:
    """July to September 2025: 2,345 referrals (White British 1,200, Caribbean 1,145), and
    625 of 1,000 schools told in time (62.5%, beyond the 70% alert threshold)."""
    obligation = ReturnObligation.objects.create(
        agency=council,
        template=ReturnTemplate.objects.get(code="testford-quarterly"),
        period_start=date(2025, 7, 1),
        period_end=date(2025, 9, 30),
        due_on=date(2025, 10, 31),
    )

    def row(
        indicator: str, kind: str, value: str, count: int, out_of: object = ""
    ) -> dict[str, Any]:
        return {
            "indicator": indicator,
            "period": "2025-09",
            "breakdown_type": kind,
            "breakdown_value": value,
            "count": count,
            "denominator": out_of,
        }

    rows = [
        row("referrals", "all", "TOTAL", 2345),
        row("referrals", "ethnicity", "WBRI", 1200),
        row("referrals", "ethnicity", "BCRB", 1145),
        row("referrals", "ethnicity", "TOTAL", 2345),
        row("told-in-time", "all", "TOTAL", 625, 1000),
    ]
    submission = submission_receive(
        actor=actor,
        obligation=obligation,
        name="q2-large.csv",
        data=csv_bytes(rows),
        narrative="A busy summer.",
    )
    assert submission.status == "accepted", submission.problems


@pytest.fixture
def large_quarter(
    insight_records: InsightRecords, agencies: dict[str, Agency], people: dict[str, User]
) -> InsightRecords:
    send_a_large_quarter(actor=people[Role.BUSINESS_UNIT], council=agencies["council"])
    return insight_records


def spec_of(document: Tag, chart_id: str) -> dict[str, Any]:
    spec = json.loads(one(document, f"script#chart-{chart_id}-spec").get_text())
    assert isinstance(spec, dict)
    return spec


def summary_list(document: Tag) -> dict[str, str]:
    return {
        text(one(row, "dt")): text(one(row, "dd"))
        for row in document.select(".govuk-summary-list__row")
    }


# 1. Every figure suppressed: no chart -------------------------------------------------------


def test_an_indicator_whose_every_figure_is_suppressed_draws_no_chart_and_says_why(
    insight_records: InsightRecords, analyst: Client
) -> None:
    # Children referred: 3, 1, 2 and 1 children in its four quarters, every one hidden.
    document = page(analyst.get(reverse("insight:indicator", args=["children-referred"])))

    assert EVERY_FIGURE_HIDDEN in [text(inset) for inset in document.select(".govuk-inset-text")]
    figure = one(document, "figure#chart-trend-children-referred")
    # Nothing for charts.js to draw, and no drawing to download.
    assert not figure.has_attr("data-vega-lite-spec")
    assert not figure.select("[data-chart-slot], script")
    assert not document.select("script[src$='charts.js']")
    assert [text(a) for a in figure.select("a")] == [
        "Download data as CSV: Children referred: trend"
    ]
    # The summary says why, and the table still gives every period, its count hidden.
    assert text(one(figure, ".app-chart__summary")) == (
        "Children referred: 4 periods, the earliest January to March 2025 and the latest "
        f"January to March 2026. {EVERY_FIGURE_HIDDEN} No chart is drawn."
    )
    assert [cells(row) for row in figure.select("tbody tr")] == [
        ["January to March 2025", "c"],
        ["April to June 2025", "c"],
        ["July to September 2025", "c"],
        ["January to March 2026", "c"],
    ]
    assert summary_list(document)["Latest figure (January to March 2026)"] == "c"


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_an_indicator_whose_every_figure_is_suppressed_has_no_chart_to_download(
    insight_records: InsightRecords, analyst: Client, fmt: str
) -> None:
    url = reverse("insight:indicator_download", args=["children-referred", fmt])
    assert analyst.get(url).status_code == 404
    # One figure shown is enough to draw.
    drawn = analyst.get(reverse("insight:indicator_download", args=["referrals", fmt]))
    assert drawn.status_code == 200


def test_a_breakdown_whose_every_count_is_suppressed_says_so(
    insight_records: InsightRecords, analyst: Client
) -> None:
    hidden = (
        "Every count above zero in this table is below the disclosure threshold, so none is "
        "shown, and no rate can be worked out from them."
    )
    url = reverse("insight:disproportionality", args=["children-referred"])
    document = page(analyst.get(url + "?breakdown=ethnicity"))
    insets = [text(inset) for inset in document.select(".govuk-inset-text")]
    assert hidden in insets
    # The referrals by ethnicity have counts to show, so they do not say it.
    shown = page(analyst.get(reverse("insight:disproportionality", args=["referrals"])))
    assert hidden not in text(shown)

    thread = page(analyst.get(reverse("insight:golden_thread", args=[insight_records.priority.pk])))
    card = next(
        card
        for card in thread.select(".govuk-summary-card")
        if text(one(card, ".govuk-summary-card__title")) == "Children referred"
    )
    assert hidden in text(card)


# 2. Percentages carry "%" ------------------------------------------------------------------


def test_a_percentage_indicator_shows_its_figures_and_target_with_percent_signs(
    large_quarter: InsightRecords, analyst: Client
) -> None:
    document = page(analyst.get(reverse("insight:indicator", args=["told-in-time"])))

    listed = summary_list(document)
    assert listed["Latest figure (July to September 2025)"] == "62.5%"
    assert listed["Target"] == "90% (higher is better)"
    figure = one(document, "figure#chart-trend-told-in-time")
    assert [text(th) for th in figure.select("thead th")] == [
        "Period",
        "Count",
        "Out of",
        "Percentage",
    ]
    assert [cells(row) for row in figure.select("tbody tr")] == [
        ["April to June 2025", "40", "50", "80%"],
        ["July to September 2025", "625", "1,000", "62.5%"],
    ]
    assert "The latest figure, for July to September 2025, is 62.5% against a target of 90% " in (
        text(one(figure, ".app-chart__summary"))
    )
    by_agency = document.select("table.govuk-table")[-1]
    assert [cells(row)[-1] for row in by_agency.select("tbody tr")] == ["80%", "62.5%"]
    # The chart's value axis and tooltips say "%" too.
    line = spec_of(document, "trend-told-in-time")["layer"][0]
    assert line["encoding"]["y"]["axis"]["labelExpr"] == "datum.label + '%'"
    assert [row["text"] for row in line["data"]["values"]] == ["80%", "62.5%"]


def test_percentages_carry_their_sign_on_the_home_page_and_in_the_panels(
    large_quarter: InsightRecords, analyst: Client
) -> None:
    home = page(analyst.get(reverse("insight:home")))
    rows = {
        text(one(row, "th a")): cells(row)[1:]
        for row in one(home, "table.govuk-table").select("tbody tr")
    }
    assert rows["Schools told in time"] == [
        "Test",
        "July to September 2025",
        "62.5%",
        "Needs attention",
    ]

    staff = text(analyst.get(reverse("core:staff-home")))
    assert (
        "Indicators needing attention Schools told in time: 62.5% in July to September 2025, "
        "beyond its alert threshold"
    ) in staff

    OutcomeMeasure.objects.create(
        priority=large_quarter.priority, description="Told in time", indicator_code="told-in-time"
    )
    priority = text(
        analyst.get(reverse("governance:priority-detail", args=[large_quarter.priority.pk]))
    )
    assert "Latest figure (July to September 2025): 62.5%. Needs attention." in priority


def test_a_proportion_on_the_disproportionality_page_carries_its_sign(
    insight_records: InsightRecords, analyst: Client
) -> None:
    document = page(analyst.get(reverse("insight:disproportionality", args=["told-in-time"])))
    # 18 of 25 girls' schools, 22 of 25 boys'.
    table = one(document, "table#groups")
    assert cells(one(table, "#groups-1"))[1:4] == ["18", "25", "72.0% (52.4% to 85.7%)"]


# 3. Counts have thousands separators --------------------------------------------------------


def test_counts_have_thousands_separators_on_every_page(
    large_quarter: InsightRecords, analyst: Client
) -> None:
    home = page(analyst.get(reverse("insight:home")))
    referrals = next(
        row
        for row in one(home, "table.govuk-table").select("tbody tr")
        if text(one(row, "th")) == "Referrals"
    )
    assert cells(referrals)[2:4] == ["July to September 2025", "2,345"]

    IndicatorVersion.objects.filter(indicator=large_quarter.referrals).update(target=1500)
    document = page(analyst.get(reverse("insight:indicator", args=["referrals"])))
    listed = summary_list(document)
    assert listed["Latest figure (July to September 2025)"] == "2,345"
    assert listed["Target"] == "1,500 (neither: context only)"
    figure = one(document, "figure#chart-trend-referrals")
    assert cells(figure.select("tbody tr")[-1]) == ["July to September 2025", "2,345"]
    assert (
        "The latest figure, for July to September 2025, is 2,345 against a target of 1,500"
    ) in text(one(figure, ".app-chart__summary"))
    by_agency = document.select("table.govuk-table")[-1]
    assert cells(by_agency.select("tbody tr")[-1])[-2:] == ["July to September 2025", "2,345"]
    line = spec_of(document, "trend-referrals")["layer"][0]
    assert line["encoding"]["y"]["axis"]["format"] == ",~f"
    assert [row["text"] for row in line["data"]["values"]] == ["164", "2,345"]

    rates = page(analyst.get(reverse("insight:disproportionality", args=["referrals"])))
    assert cells(one(rates, "#groups-wbri"))[1:4] == [
        "1,200",
        "9,000",
        "1,333.3 (1,259.0 to 1,411.0)",
    ]
    assert cells(one(rates, "#groups-bcrb"))[1:3] == ["1,145", "1,800"]
    assert cells(one(rates, "table#groups").select("tbody tr")[-1])[:2] == ["All", "2,345"]

    panel = text(
        analyst.get(reverse("governance:priority-detail", args=[large_quarter.priority.pk]))
    )
    assert "Latest figure (July to September 2025): 2,345." in panel


def test_the_reference_data_pages_count_with_thousands_separators(
    insight_records: InsightRecords, analyst: Client
) -> None:
    document = page(analyst.get(reverse("insight:population")))
    first = document.select("table.govuk-table tbody tr")[0]
    # 9,000 + 1,800 + 2,700 + 450 + 900 children.
    assert "14,850" in cells(first)


# 4. Periods in words ------------------------------------------------------------------------


def test_the_disproportionality_page_and_golden_thread_name_the_period(
    insight_records: InsightRecords, analyst: Client
) -> None:
    document = page(analyst.get(reverse("insight:disproportionality", args=["referrals"])))
    assert (
        "Children counted: April to June 2025, from the aggregate returns of every agency."
        in text(document)
    )
    chart = one(document, "figure#chart-relative-referrals-ethnicity")
    assert "against White British, April to June 2025: " in text(one(chart, ".app-chart__summary"))

    thread = page(analyst.get(reverse("insight:golden_thread", args=[insight_records.priority.pk])))
    assert "By ethnicity (April to June 2025)" in text(thread)


def test_the_trend_chart_names_its_periods_on_its_axis(
    large_quarter: InsightRecords, analyst: Client
) -> None:
    document = page(analyst.get(reverse("insight:indicator", args=["referrals"])))
    x = spec_of(document, "trend-referrals")["layer"][0]["encoding"]["x"]
    assert x["field"] == "label"
    assert x["scale"]["domain"] == ["April to June 2025", "July to September 2025"]


def test_no_insight_page_or_panel_shows_a_period_as_its_last_month(
    large_quarter: InsightRecords, analyst: Client
) -> None:
    priority = large_quarter.priority.pk
    pages = [
        reverse("insight:home"),
        *(
            reverse("insight:indicator", args=[code])
            for code in ("referrals", "told-in-time", "children-referred")
        ),
        *(
            reverse("insight:disproportionality", args=[code])
            for code in ("referrals", "told-in-time", "children-referred")
        ),
        reverse("insight:golden_thread", args=[priority]),
        reverse("insight:outcomes"),
        reverse("governance:priority-detail", args=[priority]),
    ]
    for url in pages:
        response = analyst.get(url)
        assert response.status_code == 200, url
        shown = text(response)
        assert not LAST_MONTH.search(shown), (url, LAST_MONTH.findall(shown))
    staff = page(analyst.get(reverse("core:staff-home")))
    panel = one(staff, "h2:-soup-contains('Indicators needing attention')").find_next("ul")
    assert isinstance(panel, Tag)
    assert text(panel) and not LAST_MONTH.search(text(panel))
