"""The figures the insight pages, the staff home and the outcome measures show are kept
(`safeguarding/insight/figures.py`) and worked out again when a return is accepted or
superseded, or a population table loaded: the pages then show the new figures at once.

Every return goes through `submission_receive` and is read back from its real file of
record; the figures are those of tests/insight/records.py.
"""

import shutil
from collections.abc import Callable
from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core.models import Agency
from safeguarding.core.roles import Role
from safeguarding.insight.services import population_load
from safeguarding.returns.models import ReturnObligation, ReturnTemplate, Submission
from safeguarding.returns.services import submission_receive
from tests.insight.records import InsightRecords, csv_bytes, population_csv
from tests.pages import one, page, text

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]
NEEDING_ATTENTION = "Indicators needing attention"


def told_in_time(document_rows: dict[str, list[str]]) -> list[str]:
    return document_rows["Schools told in time"]


def insight_rows(client: Client) -> dict[str, list[str]]:
    """Each indicator's row on the insight home: theme, latest period, figure, status."""
    document = page(client.get(reverse("insight:home")))
    return {
        text(one(row, "th a")): [text(cell) for cell in row.select("td")]
        for row in one(document, "table.govuk-table").select("tbody tr")
    }


def staff_home(client: Client) -> str:
    response = client.get(reverse("core:staff-home"))
    assert response.status_code == 200
    return text(response)


def second_quarter(*, actor: User, council: Agency, told: int, data_name: str) -> Submission:
    """The council's return for July to September 2025 (period 2025-09): 120 referrals, and
    `told` of 50 schools told in time. Sent again, it supersedes the one before."""
    obligation, _ = ReturnObligation.objects.get_or_create(
        agency=council,
        template=ReturnTemplate.objects.get(code="testford-quarterly"),
        period_start=date(2025, 7, 1),
        defaults={"period_end": date(2025, 9, 30), "due_on": date(2025, 10, 31)},
    )
    rows: list[dict[str, object]] = [
        {
            "indicator": indicator,
            "period": "2025-09",
            "breakdown_type": "all",
            "breakdown_value": "TOTAL",
            "count": count,
            "denominator": denominator,
        }
        for indicator, count, denominator in (("referrals", 120, ""), ("told-in-time", told, 50))
    ]
    submission = submission_receive(
        actor=actor,
        obligation=obligation,
        name=data_name,
        data=csv_bytes(rows),
        narrative="Fewer schools were told in time over the summer.",
    )
    assert submission.status == Submission.Status.ACCEPTED, submission.problems
    return submission


def test_figures_are_kept_between_loads_and_change_when_a_return_is_accepted(
    insight_records: InsightRecords,
    client_as: ClientAs,
    agencies: dict[str, Agency],
    people: dict[str, User],
) -> None:
    analyst = client_as(Role.ANALYST)
    # 40 of 50 told in time is 80%: short of the 90% target, not beyond the 70% alert.
    assert NEEDING_ATTENTION not in staff_home(analyst)
    assert told_in_time(insight_rows(analyst)) == [
        "Test",
        "April to June 2025",
        "80%",
        "Short of target",
    ]

    # Kept: with the files of record out of reach, the same figures come back, so
    # neither page read them again.
    records = settings.RECORDS_ROOT
    moved = records.with_name("records-away")
    shutil.move(records, moved)
    try:
        assert told_in_time(insight_rows(analyst)) == [
            "Test",
            "April to June 2025",
            "80%",
            "Short of target",
        ]
        assert NEEDING_ATTENTION not in staff_home(analyst)
    finally:
        shutil.move(moved, records)

    # 30 of 50 in the next quarter is 60%, beyond the alert threshold.
    second_quarter(
        actor=people[Role.BUSINESS_UNIT], council=agencies["council"], told=30, data_name="q2.csv"
    )
    attention = f"{NEEDING_ATTENTION} Schools told in time: 60% in July to September 2025"
    assert attention in staff_home(analyst)
    rows = insight_rows(analyst)
    assert told_in_time(rows) == ["Test", "July to September 2025", "60%", "Needs attention"]
    assert rows["Referrals"] == ["Test", "July to September 2025", "120", "Context only"]

    # Sent again with 45 of 50 (90%), it supersedes the first: the target is met.
    second_quarter(
        actor=people[Role.BUSINESS_UNIT], council=agencies["council"], told=45, data_name="q2b.csv"
    )
    assert NEEDING_ATTENTION not in staff_home(analyst)
    assert told_in_time(insight_rows(analyst)) == [
        "Test",
        "July to September 2025",
        "90%",
        "Meets target",
    ]


def test_an_outcome_measure_and_an_indicator_page_show_a_newly_accepted_return(
    insight_records: InsightRecords,
    client_as: ClientAs,
    agencies: dict[str, Agency],
    people: dict[str, User],
) -> None:
    practitioner = client_as(Role.PRACTITIONER)
    priority_page = reverse("governance:priority-detail", args=[insight_records.priority.pk])
    indicator_page = reverse("insight:indicator", args=["referrals"])
    assert "Latest figure (April to June 2025): 164." in text(practitioner.get(priority_page))
    assert "The latest figure, for April to June 2025, is 164" in text(
        practitioner.get(indicator_page)
    )

    second_quarter(
        actor=people[Role.BUSINESS_UNIT], council=agencies["council"], told=40, data_name="q2.csv"
    )
    assert "Latest figure (July to September 2025): 120." in text(practitioner.get(priority_page))
    assert "The latest figure, for July to September 2025, is 120" in text(
        practitioner.get(indicator_page)
    )


def test_rates_change_when_a_population_table_is_loaded(
    insight_records: InsightRecords, client_as: ClientAs, people: dict[str, User]
) -> None:
    analyst = client_as(Role.ANALYST)
    url = reverse("insight:disproportionality", args=["referrals"]) + "?breakdown=ethnicity"

    def caribbean_rate() -> str:
        row = one(page(analyst.get(url)), "#groups-bcrb")
        return text(row.select("td")[2])

    # 54 Black Caribbean children referred of 1,800: 300 per 10,000.
    assert caribbean_rate().startswith("300.0")
    doubled = population_csv().decode().splitlines()
    header, *lines = doubled
    twice = [",".join([*line.split(",")[:-1], str(2 * int(line.split(",")[-1]))]) for line in lines]
    population_load(
        actor=people[Role.ANALYST],
        name="population-2025.csv",
        data="\r\n".join([header, *twice]).encode() + b"\r\n",
        title="Testford children, doubled",
        source="Made up for tests",
        year=2025,
    )
    assert caribbean_rate().startswith("150.0")
