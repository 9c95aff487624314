"""A disproportionality page asked for a period it cannot show says so, and offers the
periods it can, instead of showing another period's figures in its place.

The figures are those of tests/insight/records.py: the council's aggregate return for
April to June 2025 (period 2025-06) and child-level returns to March 2026.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core.models import Agency
from safeguarding.core.roles import Role
from safeguarding.returns.models import ReturnObligation, ReturnTemplate, Submission
from safeguarding.returns.services import submission_receive
from tests.insight.records import InsightRecords, csv_bytes
from tests.pages import error_summary, one, page, text

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]


def referrals_page(client: Client, query: str) -> Any:
    return client.get(reverse("insight:disproportionality", args=["referrals"]) + query)


def send_second_quarter(
    *, actor: User, council: Agency, by_ethnicity: dict[str, int] | None
) -> Submission:
    """The council's return for July to September 2025: 120 referrals, by ethnicity where
    given. Sent again, it supersedes the one before, its sender confirming any rows lost."""
    obligation, _ = ReturnObligation.objects.get_or_create(
        agency=council,
        template=ReturnTemplate.objects.get(code="testford-quarterly"),
        period_start=date(2025, 7, 1),
        defaults={"period_end": date(2025, 9, 30), "due_on": date(2025, 10, 31)},
    )

    def row(kind: str, value: str, count: int) -> dict[str, object]:
        return {
            "indicator": "referrals",
            "period": "2025-09",
            "breakdown_type": kind,
            "breakdown_value": value,
            "count": count,
            "denominator": "",
        }

    rows = [row("all", "TOTAL", 120)]
    if by_ethnicity is not None:
        rows += [row("ethnicity", code, n) for code, n in by_ethnicity.items()]
        rows += [row("ethnicity", "TOTAL", 120)]
    submission = submission_receive(
        actor=actor,
        obligation=obligation,
        name=f"q2-{'full' if by_ethnicity else 'partial'}.csv",
        data=csv_bytes(rows),
        narrative="The summer quarter.",
        confirm_loss=True,
    )
    assert submission.status == Submission.Status.ACCEPTED, submission.problems
    return submission


def test_a_period_a_partial_return_took_away_is_refused_with_the_periods_that_have_figures(
    insight_records: InsightRecords,
    client_as: ClientAs,
    agencies: dict[str, Agency],
    people: dict[str, User],
) -> None:
    analyst = client_as(Role.ANALYST)
    actor, council = people[Role.BUSINESS_UNIT], agencies["council"]
    query = "?breakdown=ethnicity&reference=WBRI&period=2025-09"
    send_second_quarter(actor=actor, council=council, by_ethnicity={"WBRI": 100, "BCRB": 20})
    shown = page(referrals_page(analyst, query))
    assert one(shown, "#period option[selected]")["value"] == "2025-09"
    assert [text(cell) for cell in one(shown, "#groups-bcrb").select("td")][:1] == ["20"]

    # Sent again without its ethnicity breakdown, the quarter has no figures by ethnicity.
    send_second_quarter(actor=actor, council=council, by_ethnicity=None)
    response = referrals_page(analyst, query)

    assert response.status_code == 200
    document = page(response)
    message = (
        "No figures for July to September 2025: no accepted return gives this indicator by "
        "ethnicity for that period. The latest period with figures is April to June 2025."
    )
    assert error_summary(document) == {message: "period"}
    assert text(one(document, "#period-error")) == f"Error: {message}"
    assert text(one(document, "title")).startswith("Error: Referrals by ethnicity")
    # No figures at all, rather than April to June's under the quarter asked for.
    assert not document.select("table#groups, figure.app-chart")
    assert "Children counted" not in text(document)
    # The form offers the periods there are, the latest chosen; so do the links.
    options = [(o["value"], text(o)) for o in document.select("#period option")]
    assert options == [("2025-06", "April to June 2025")]
    assert one(document, "#period option[selected]")["value"] == "2025-06"
    offered = one(document, "#periods-with-figures + ul")
    page_url = reverse("insight:disproportionality", args=["referrals"])
    assert [(text(a), a["href"]) for a in offered.select("a")] == [
        ("April to June 2025", f"{page_url}?breakdown=ethnicity&reference=WBRI&period=2025-06")
    ]
    # The download says the same, with no groups in it.
    download = analyst.get(
        reverse("insight:disproportionality_download", args=["referrals", "csv"]) + query
    )
    assert download.status_code == 200
    assert download.content.decode("utf-8-sig").splitlines() == ["Explanation", f"Note: {message}"]


def test_text_that_is_not_a_period_is_refused(
    insight_records: InsightRecords, client_as: ClientAs
) -> None:
    document = page(referrals_page(client_as(Role.ANALYST), "?period=nonsense"))

    assert error_summary(document) == {
        "No figures for \u201cnonsense\u201d: a period is named by its last month, as YYYY-MM. "
        "The latest period with figures is April to June 2025.": "period"
    }
    assert not document.select("table#groups")


def test_a_period_asked_of_a_measure_from_child_level_returns_is_refused(
    insight_records: InsightRecords, client_as: ClientAs
) -> None:
    url = reverse("insight:disproportionality", args=["children-referred"])
    document = page(client_as(Role.ANALYST).get(f"{url}?breakdown=sex&period=2026-03"))

    assert error_summary(document) == {
        "No figures for the period ending March 2026: this measure is counted from the "
        "child-level returns over the latest 12 months only, 1 April 2025 to 31 March 2026, "
        "not one period at a time.": "periods-with-figures"
    }
    assert not document.select("table#groups")
    offered = one(document, "#periods-with-figures + ul")
    assert [(text(a), a["href"]) for a in offered.select("a")] == [
        ("1 April 2025 to 31 March 2026", f"{url}?breakdown=sex&reference=others")
    ]
