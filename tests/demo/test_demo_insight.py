"""The Northgate demo gives the insight pages something to show: accepted returns of both
kinds, an illustrative population table and published figures, flagged groups on the family
help priority's golden thread, and linked outcomes by lead agency.

One load of the demo (about 15 seconds) serves every check, so they share one test.
"""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core.roles import Role
from safeguarding.governance.models import Priority
from safeguarding.insight.models import PopulationTable, PublishedFigure, PublishedFigureSet
from safeguarding.returns.models import ReturnTemplate, Submission
from tests.conftest import sign_in
from tests.pages import one, page, text

pytestmark = pytest.mark.django_db

FAMILY_HELP = "Keeping children safe through family help"


def insight_counts() -> dict[str, int]:
    return {
        "submissions": Submission.objects.count(),
        "accepted": Submission.objects.filter(status=Submission.Status.ACCEPTED).count(),
        "population tables": PopulationTable.objects.count(),
        "figure sets": PublishedFigureSet.objects.count(),
        "figures": PublishedFigure.objects.count(),
    }


def load_demo() -> None:
    with override_settings(DEMO_MODE=True):
        call_command("load_demo", stdout=StringIO())


def test_the_demo_fills_the_insight_pages(settings: Any, tmp_path: Path) -> None:
    settings.RECORDS_ROOT = tmp_path / "records"
    load_demo()

    accepted = Submission.objects.filter(status=Submission.Status.ACCEPTED)
    assert accepted.filter(obligation__template__kind=ReturnTemplate.Kind.AGGREGATE).exists()
    assert accepted.filter(obligation__template__kind=ReturnTemplate.Kind.CHILD_LEVEL).exists()
    population = PopulationTable.objects.get(is_current=True)
    assert population.is_illustrative
    assert population.children > 0
    figure_set = PublishedFigureSet.objects.get(is_current=True)
    assert figure_set.is_illustrative
    assert figure_set.figures.exists()

    before = insight_counts()
    load_demo()
    assert insight_counts() == before

    analyst = User.objects.get(role=Role.ANALYST)
    # Demo accounts sign in only with DEMO_MODE on; this one stands for a real analyst.
    User.objects.filter(pk=analyst.pk).update(is_demo=False)
    client = sign_in(Client(), User.objects.get(pk=analyst.pk))

    priority = Priority.objects.get(title=FAMILY_HELP)
    thread = page(client.get(reverse("insight:golden_thread", args=[priority.pk])))
    assert text(one(thread, "h1")) == FAMILY_HELP
    flagged = thread.select("a[href*='#groups-']")
    assert flagged, "no group is flagged on the family help priority's golden thread"
    tags = {text(tag) for tag in thread.select(".govuk-summary-card .govuk-tag")}
    assert tags & {"Higher", "Lower"}
    # A flagged group's link lands on its row, flagged the same way.
    href = str(flagged[0]["href"])
    target = page(client.get(href))
    row = target.find(id=href.split("#", 1)[1])
    assert row is not None
    assert {"Higher", "Lower"} & {text(tag) for tag in row.select(".govuk-tag")}

    outcomes = page(client.get(reverse("insight:outcomes")))
    by_agency = one(outcomes, "table#early-help-then-referral-agency")
    percentages = [
        text(cell)
        for row in by_agency.select("tbody tr")
        for cell in row.select("td")[2:3]
        if "%" in text(cell)
    ]
    assert percentages, "no lead agency's percentage is shown"
