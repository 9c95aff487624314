"""The insight pages through real HTTP, read as the analyst reads them, against the figures
worked out by hand in tests/insight/records.py."""

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from bs4 import Tag
from django.test import Client
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_EXPORTED, RECORD_VIEWED
from safeguarding.core.models import AuditEntry
from safeguarding.core.roles import Role
from safeguarding.insight.models import InsightSettings
from safeguarding.insight.services import insight_settings, published_figures_load
from tests.insight.records import InsightRecords, csv_bytes
from tests.pages import error_summary, one, page, text

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]
DASH = "\u2013"  # what a table shows where it has no figure
NOT_SHOWN = f"not shown{DASH}"  # the same, with its words for screen readers


@pytest.fixture
def analyst(client_as: ClientAs) -> Client:
    return client_as(Role.ANALYST)


def cells(row: Tag) -> list[str]:
    """The text of each cell of a table row, its header cell first."""
    return [text(cell) for cell in row.select("th, td")]


def group_row(document: Tag, row_id: str) -> list[str]:
    """A group's row in a disproportionality table, by the id the golden thread links to."""
    found = document.find(id=row_id)
    assert isinstance(found, Tag), f"no row with id {row_id}"
    return cells(found)


def spec_of(document: Tag, chart_id: str) -> dict[str, Any]:
    """A chart's Vega-Lite spec, read back from its json_script element."""
    script = one(document, f"script#chart-{chart_id}-spec")
    assert script["type"] == "application/json"
    figure = one(document, f"figure#chart-{chart_id}")
    assert figure["data-vega-lite-spec"] == f"chart-{chart_id}-spec"
    spec = json.loads(script.get_text())
    assert isinstance(spec, dict)
    return spec


def walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def plotted(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every data row in a spec, from any layer."""
    return [row for key, value in walk(spec) if key == "values" for row in value]


def series(spec: dict[str, Any]) -> set[tuple[str, str, float]]:
    """Each point of each line in a trend spec (the target rule is not a series)."""
    return {
        (row["series"], row["period"], row["value"]) for row in plotted(spec) if "series" in row
    }


def disproportionality(client: Client, code: str, query: str = "") -> Any:
    return client.get(reverse("insight:disproportionality", args=[code]) + query)


# Insight home -------------------------------------------------------------------------------


def test_home_lists_every_indicator_with_its_latest_figure_and_status(
    insight_records: InsightRecords, analyst: Client
) -> None:
    response = analyst.get(reverse("insight:home"))

    assert response.status_code == 200
    document = page(response)
    rows = {
        text(one(row, "th a")): cells(row)[1:]
        for row in one(document, "table.govuk-table").select("tbody tr")
    }
    # Periods in words; a percentage's figure with its sign.
    assert rows == {
        "Children referred": ["Test", "January to March 2026", "c", "No target set"],
        "Nobody reports this": ["Test", "No returns yet", "", "No target set"],
        "Referrals": ["Test", "April to June 2025", "164", "Context only"],
        "Schools told in time": ["Test", "April to June 2025", "80%", "Short of target"],
    }
    told = one(document, f"a[href='{reverse('insight:indicator', args=['told-in-time'])}']")
    assert text(told) == "Schools told in time"
    thread = one(
        document,
        f"a[href='{reverse('insight:golden_thread', args=[insight_records.priority.pk])}']",
    )
    assert text(thread) == "Family help"


# An indicator's page ------------------------------------------------------------------------


def test_indicator_page_shows_the_trend_target_narrative_and_chart(
    insight_records: InsightRecords, analyst: Client
) -> None:
    response = analyst.get(reverse("insight:indicator", args=["referrals"]))

    assert response.status_code == 200
    document = page(response)
    assert text(one(document, "h1")) == "Referrals"
    summary = {
        text(one(row, "dt")): text(one(row, "dd"))
        for row in document.select(".govuk-summary-list__row")
    }
    assert summary["Latest figure (April to June 2025)"] == "164"
    assert summary["Target"].startswith("150 ")
    assert summary["Status"] == "Context only"

    figure = one(document, "figure#chart-trend-referrals")
    assert text(one(figure, "caption")) == "Data for Referrals: trend"
    assert [cells(row) for row in figure.select("tbody tr")] == [["April to June 2025", "164"]]
    assert text(one(figure, ".app-chart__summary")) == (
        "Referrals: 1 period, April to June 2025. The latest figure, for April to June 2025, "
        "is 164 against a target of 150 (context only)."
    )
    spec = spec_of(document, "trend-referrals")
    partnership = [row for row in plotted(spec) if row.get("series") == "Partnership"]
    assert [(row["period"], row["value"]) for row in partnership] == [("2025-06", 164.0)]
    # The axis names the period as the table does.
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == ["April to June 2025"]
    assert {"target": 150.0, "label": "Target"} in plotted(spec)

    link = one(document, f"a[href='{reverse('insight:disproportionality', args=['referrals'])}']")
    assert text(link) == "Disproportionality: referrals by group"
    cards = document.select(".govuk-summary-card")
    assert len(cards) == 1
    assert "Testford Council" in text(one(cards[0], ".govuk-summary-card__title"))
    assert text(one(cards[0], ".govuk-summary-card__content")) == (
        "Referrals of Black Caribbean children rose; we are looking into why."
    )


NARRATIVE = "Referrals of Black Caribbean children rose; we are looking into why."
# The narrative is the council's: its agency lead, analysts and those who read everything.
READS_NARRATIVE = {Role.AGENCY_LEAD, Role.ANALYST, Role.BUSINESS_UNIT, Role.SCRUTINEER}


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_an_agencys_narrative_is_shown_only_to_those_who_may_open_its_return(
    role: str, insight_records: InsightRecords, client_as: ClientAs, people: dict[str, User]
) -> None:
    response = client_as(role).get(reverse("insight:indicator", args=["referrals"]))

    assert response.status_code == 200
    assert (NARRATIVE in text(response)) == (role in READS_NARRATIVE)
    reads = AuditEntry.objects.filter(
        action=RECORD_VIEWED, target_type="returns.submission", actor=people[role]
    )
    assert reads.count() == (1 if role in READS_NARRATIVE else 0)


def test_published_figures_are_drawn_as_comparison_series(
    insight_records: InsightRecords, analyst: Client, people: dict[str, User]
) -> None:
    url = reverse("insight:indicator", args=["told-in-time"])
    before = page(analyst.get(url))
    assert "Dashed lines show" not in text(before)
    assert series(spec_of(before, "trend-told-in-time")) == {("Partnership", "2025-06", 80.0)}

    published_figures_load(
        actor=people[Role.ANALYST],
        name="benchmarks.csv",
        data=csv_bytes(
            [
                {"indicator": "told-in-time", "period": "2025-06", "comparator": c, "value": v}
                for c, v in (("england", "85.5"), ("statistical_neighbours", "82"))
            ]
        ),
        title="Benchmarks",
        source="Made up for tests",
        is_illustrative=True,
    )

    document = page(analyst.get(url))
    summary = text(one(document, "#chart-trend-told-in-time-summary"))
    assert "Dashed lines show England, Statistical neighbours for comparison" in summary
    assert "(illustrative figures)" in summary
    assert series(spec_of(document, "trend-told-in-time")) == {
        ("Partnership", "2025-06", 80.0),
        ("England", "2025-06", 85.5),
        ("Statistical neighbours", "2025-06", 82.0),
    }
    assert "The comparison figures are illustrative, not published ones." in text(document)
    # Another indicator's page is not given them.
    referrals = page(analyst.get(reverse("insight:indicator", args=["referrals"])))
    assert series(spec_of(referrals, "trend-referrals")) == {("Partnership", "2025-06", 164.0)}


def test_the_by_agency_table_names_the_agency(
    insight_records: InsightRecords, analyst: Client
) -> None:
    document = page(analyst.get(reverse("insight:indicator", args=["referrals"])))
    table = one(document, "table[class='govuk-table']")
    assert [cells(row) for row in table.select("tbody tr")] == [
        ["Testford Council", "April to June 2025", "164"]
    ]


def test_an_unknown_indicator_is_not_found(
    insight_records: InsightRecords, analyst: Client
) -> None:
    assert analyst.get(reverse("insight:indicator", args=["no-such-code"])).status_code == 404
    assert disproportionality(analyst, "no-such-code").status_code == 404
    assert (
        analyst.get(reverse("insight:indicator_download", args=["no-such-code", "csv"])).status_code
        == 404
    )


@pytest.mark.parametrize(
    "path",
    [
        "/insight/indicators/referrals/trend.exe",
        "/insight/indicators/referrals/trend.pdf",
        "/insight/indicators/referrals/disproportionality.html",
        "/insight/linked-outcomes.svg",
    ],
)
def test_unsupported_download_formats_are_not_found(
    insight_records: InsightRecords, analyst: Client, path: str
) -> None:
    assert analyst.get(path).status_code == 404
    assert not AuditEntry.objects.filter(action=RECORD_EXPORTED).exists()


# Disproportionality -------------------------------------------------------------------------


def test_disproportionality_flags_groups_against_white_british(
    insight_records: InsightRecords, analyst: Client
) -> None:
    response = disproportionality(analyst, "referrals")

    assert response.status_code == 200
    document = page(response)
    assert text(one(document, "h1")) == "Referrals by ethnicity"
    table = one(document, "table#groups")
    assert "Relative rate against White British" in text(one(table, "thead"))
    assert group_row(table, "groups-wbri") == [
        "White British Reference",
        "90",
        "9,000",
        "100.0 (80.4 to 122.9)",
        "1.00",
        "",
    ]
    assert group_row(table, "groups-bcrb") == [
        "Caribbean",
        "54",
        "1,800",
        "300.0 (225.4 to 391.4)",
        "3.00 (2.14 to 4.20)",
        "Higher",
    ]
    assert one(table, "#groups-bcrb .govuk-tag--red").get_text() == "Higher"
    assert group_row(table, "groups-aind")[4:] == ["0.33 (0.17 to 0.66)", "Lower"]
    # White Irish's 3 is hidden, and Chinese's 8 with it, so 3 cannot be had by subtraction;
    # neither gets a rate that would give its count away.
    for row_id, label in (("groups-wiri", "White Irish"), ("groups-chne", "Chinese")):
        row = group_row(table, row_id)
        assert row[0] == f"{label}Count suppressed: no rate shown"
        assert row[1] == "c"
        assert row[3:] == [NOT_SHOWN, NOT_SHOWN, ""]
    roma = group_row(table, "groups-wrom")
    assert roma[0] == "Gypsy/RomaNo children of this group in the population table: no rate"
    assert roma[1:3] == ["0", "0"]
    assert cells(table.select("tbody tr")[-1])[:2] == ["All", "164"]

    chart = one(document, "figure#chart-relative-referrals-ethnicity")
    assert "Caribbean significantly higher (3.00 times)" in text(chart)
    drawn = {
        row["group"]: row["flag"]
        for row in plotted(spec_of(document, "relative-referrals-ethnicity"))
    }
    assert drawn == {"Indian": "lower", "Caribbean": "higher"}
    download = reverse("insight:disproportionality_download", args=["referrals", "csv"])
    assert document.select(
        f"a[href='{download}?breakdown=ethnicity&reference=WBRI&period=2025-06']"
    )


def test_a_breakdown_the_population_table_lacks_is_explained(
    insight_records: InsightRecords, analyst: Client
) -> None:
    document = page(disproportionality(analyst, "referrals", "?breakdown=locality"))

    assert text(one(document, "h1")) == "Referrals by locality"
    assert (
        "The current population table (Testford children) has no locality column, so rates "
        "per 10,000 children cannot be worked out for this breakdown."
    ) in text(document)
    table = one(document, "table#groups")
    assert group_row(table, "groups-n")[:2] == ["North", "100"]
    assert group_row(table, "groups-s")[:2] == ["South", "64"]
    assert not table.select(".govuk-tag--red, .govuk-tag--blue")


def test_a_breakdown_with_nothing_compared_does_not_claim_no_difference(
    insight_records: InsightRecords, analyst: Client
) -> None:
    document = page(disproportionality(analyst, "referrals", "?breakdown=locality"))
    assert "No group is significantly different" not in text(document)
    # Nothing can be drawn, so no empty chart is offered.
    assert not document.select("figure.app-chart")


def test_nonsense_choices_fall_back_to_the_defaults(
    insight_records: InsightRecords, analyst: Client
) -> None:
    # A breakdown or reference group that does not exist gives the defaults, named on the
    # page; a period that does not is refused (tests/insight/test_periods.py).
    response = disproportionality(analyst, "referrals", "?breakdown=nonsense&reference=nonsense")

    assert response.status_code == 200
    document = page(response)
    assert text(one(document, "h1")) == "Referrals by ethnicity"
    assert one(document, "#breakdown option[selected]")["value"] == "ethnicity"
    assert one(document, "#reference option[selected]")["value"] == "WBRI"
    assert one(document, "#period option[selected]")["value"] == "2025-06"
    assert group_row(document, "groups-bcrb")[4] == "3.00 (2.14 to 4.20)"


def test_all_other_children_can_be_the_reference(
    insight_records: InsightRecords, analyst: Client
) -> None:
    document = page(disproportionality(analyst, "referrals", "?reference=others"))

    table = one(document, "table#groups")
    assert "Relative rate against all other children" in text(one(table, "thead"))
    assert one(document, "#reference option[selected]")["value"] == "others"
    # White British is an ordinary group now: 100 per 10,000 against the other 74 in 5,850.
    assert group_row(table, "groups-wbri")[0] == "White British"
    assert group_row(table, "groups-wbri")[4:] == ["0.79 (0.58 to 1.08)", "Not significant"]
    assert group_row(table, "groups-bcrb")[4:] == ["3.56 (2.57 to 4.93)", "Higher"]
    assert group_row(table, "groups-aind")[4:] == ["0.26 (0.13 to 0.51)", "Lower"]


def test_a_reference_group_whose_count_is_hidden_is_explained(
    insight_records: InsightRecords, analyst: Client
) -> None:
    document = page(disproportionality(analyst, "referrals", "?reference=WIRI"))

    assert one(document, "#reference option[selected]")["value"] == "WIRI"
    assert (
        "The reference group (White Irish) has no rate that can be shown (no children in it, "
        "no population, or its count is suppressed), so no relative rates are given. Choose "
        "another reference group."
    ) in [text(inset) for inset in document.select(".govuk-inset-text")]
    table = one(document, "table#groups")
    assert not table.select(".govuk-tag--red, .govuk-tag--blue")
    assert group_row(table, "groups-wiri")[1] == "c"
    # Rates need no reference, so they are still shown.
    assert group_row(table, "groups-bcrb")[3] == "300.0 (225.4 to 391.4)"


def test_an_indicator_without_returns_says_there_are_none(
    insight_records: InsightRecords, analyst: Client
) -> None:
    response = disproportionality(analyst, "no-returns")

    assert response.status_code == 200
    document = page(response)
    assert text(one(document, ".govuk-inset-text")) == (
        "No accepted return gives this indicator by ethnicity yet, so there is nothing to compare."
    )
    assert not document.select("table#groups")
    assert not document.select("figure.app-chart")


def test_a_child_level_measure_is_standardised_and_followed_stage_to_stage(
    insight_records: InsightRecords, analyst: Client
) -> None:
    document = page(disproportionality(analyst, "children-referred"))

    assert "Children counted: 1 April 2025 to 31 March 2026, from the child-level returns" in text(
        document
    )
    table = one(document, "table#groups")
    headers = [text(th) for th in table.select("thead th")]
    assert "Standardised rate per 10,000 (95% interval)" in headers
    assert "Standardised relative rate" in headers
    # Four White British children were referred in 2025-26: fewer than 6, so hidden.
    assert group_row(table, "groups-wbri")[1] == "c"
    assert group_row(table, "groups-wiri")[1:6] == [
        "0",
        "450",
        "0.0 (0.0 to 82.0)",
        NOT_SHOWN,
        "",
    ]
    # Too few children to standardise (fewer than 10), as Public Health England's tools.
    assert group_row(table, "groups-wiri")[6] == DASH
    assert "Fewer than 10: not standardised" in text(one(table, "#groups-wiri th"))

    heading = one(document, "h2.govuk-heading-l")
    assert text(heading) == "From one stage to the next"
    stages = document.select("h2.govuk-heading-l ~ div table")
    assert [text(one(table, "caption")) for table in stages] == [
        "Referral to assessment",
        "Assessment to plan",
    ]
    # None of the four referred had an assessment recorded; the four are hidden.
    assert cells(stages[0].select("tbody tr")[0])[:3] == [
        "White British ReferenceCount suppressed: no proportion shown",
        "0",
        "c",
    ]


def test_stage_tables_have_their_own_ids(insight_records: InsightRecords, analyst: Client) -> None:
    document = page(disproportionality(analyst, "children-referred"))
    assert text(one(document, "table#stage-1 caption")) == "Referral to assessment"
    assert text(one(document, "table#stage-2 caption")) == "Assessment to plan"
    assert group_row(document, "stage-1-wbri")[1:3] == ["0", "c"]
    ids = [str(element["id"]) for element in document.select("[id]")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


# Golden thread ------------------------------------------------------------------------------


def test_golden_thread_links_flagged_groups_and_explains_the_rest(
    insight_records: InsightRecords, analyst: Client
) -> None:
    response = analyst.get(reverse("insight:golden_thread", args=[insight_records.priority.pk]))

    assert response.status_code == 200
    document = page(response)
    assert text(one(document, "h1")) == "Family help"
    cards = {
        text(one(card, ".govuk-summary-card__title")): card
        for card in document.select(".govuk-summary-card")
    }
    assert list(cards) == [
        "Fewer referrals",
        "Children referred",
        "Something unmeasured",
        "A code not in the catalogue",
    ]
    base = reverse("insight:disproportionality", args=["referrals"])
    query = "?breakdown=ethnicity&reference=WBRI&period=2025-06"
    caribbean = one(cards["Fewer referrals"], f"a[href='{base}{query}#groups-bcrb']")
    assert text(caribbean) == "Caribbean"
    assert "Caribbean: Higher 3.00 times the rate of White British (95% interval 2.14 to 4.20)" in (
        text(cards["Fewer referrals"])
    )
    indian = one(cards["Fewer referrals"], f"a[href='{base}{query}#groups-aind']")
    assert text(indian) == "Indian"
    flagged = [str(a["href"]) for a in document.select("a[href*='#groups-']")]
    assert len(flagged) == 2
    assert text(cards["Something unmeasured"]).endswith(
        "No indicator is named for this measure, so it has no figures."
    )
    assert text(cards["A code not in the catalogue"]).endswith(
        "No indicator in the catalogue has the code not-a-code."
    )
    # The linked row is on the page the link goes to, flagged the same way.
    target = page(analyst.get(base + query))
    assert group_row(target, "groups-bcrb")[-1] == "Higher"


def test_an_unknown_priority_is_not_found(insight_records: InsightRecords, analyst: Client) -> None:
    missing = insight_records.priority.pk + 1000
    assert analyst.get(reverse("insight:golden_thread", args=[missing])).status_code == 404


# Linked outcomes ----------------------------------------------------------------------------


def test_linked_outcomes_are_suppressed(insight_records: InsightRecords, analyst: Client) -> None:
    response = analyst.get(reverse("insight:outcomes"))

    assert response.status_code == 200
    document = page(response)
    # Of 10 whose early help ended in 2024-25, 3 of the council's 6 and 1 of the school's 4
    # were referred within 12 months: all small, so all hidden, and no percentage shown.
    agency = one(document, "table#early-help-then-referral-agency")
    rows = {cells(row)[0]: cells(row)[1:4] for row in agency.select("tbody tr")}
    assert rows == {
        "Testford CouncilCount suppressed: no proportion shown": ["c", "c", NOT_SHOWN],
        "Testford AcademyCount suppressed: no proportion shown": ["c", "c", NOT_SHOWN],
        "All": ["c", ""],
    }
    group = one(document, "table#early-help-then-referral-group")
    assert group_row(group, "early-help-then-referral-group-wbri")[1:4] == [
        "c",
        "10",
        NOT_SHOWN,
    ]
    assert group_row(document, "rereferral-agency-testford-council")[1:3] == ["c", "c"]
    days = one(document, "#days-to-plan").find_next("table")
    assert isinstance(days, Tag)
    assert [cells(row) for row in days.select("tbody tr")] == [
        ["White British", "c", DASH, DASH, DASH]
    ]
    shown = [cell for row in document.select("tbody tr") for cell in cells(row)]
    assert not [cell for cell in shown if "%" in cell]


def test_linked_outcomes_without_child_level_returns_say_so(
    people: dict[str, User], client_as: ClientAs
) -> None:
    response = client_as(Role.ANALYST).get(reverse("insight:outcomes"))

    assert response.status_code == 200
    document = page(response)
    assert [text(inset) for inset in document.select(".govuk-inset-text")] == [
        "No child-level return has been accepted yet, so no outcome can be linked."
    ]
    assert not document.select("table")


# The disclosure policy ----------------------------------------------------------------------


def test_the_nhs_policy_changes_the_symbol_and_rounds_counts(
    insight_records: InsightRecords, client_as: ClientAs, people: dict[str, User]
) -> None:
    business_unit = client_as(Role.BUSINESS_UNIT)
    assert insight_settings().disclosure_policy == "dfe"

    response = business_unit.post(reverse("insight:settings"), {"policy": "nhs"}, follow=True)

    assert response.redirect_chain == [(reverse("insight:settings"), 302)]
    assert "The disclosure policy has been saved" in text(response)
    assert InsightSettings.objects.get().disclosure_policy == "nhs"
    entry = AuditEntry.objects.get(action=RECORD_CHANGED, target_type="insight.insightsettings")
    assert entry.actor == people[Role.BUSINESS_UNIT]
    assert entry.changes == {"disclosure policy": ["dfe", "nhs"]}

    table = one(page(disproportionality(business_unit, "referrals")), "table#groups")
    # 54 rounds to 55, 9 to 10, 164 to 165; 3 is hidden as "*", and 8 with it.
    assert group_row(table, "groups-wbri")[1] == "90"
    assert group_row(table, "groups-bcrb")[1] == "55"
    assert group_row(table, "groups-aind")[1] == "10"
    assert group_row(table, "groups-wiri")[1] == "*"
    assert group_row(table, "groups-chne")[1] == "*"
    assert cells(table.select("tbody tr")[-1])[:2] == ["All", "165"]
    assert "c" not in [group_row(table, f"groups-{code}")[1] for code in ("wiri", "chne")]
    home = page(business_unit.get(reverse("insight:home")))
    assert "NHS: 1 to 7 shown as *" in text(home)


def test_an_invalid_policy_is_refused_and_changes_nothing(
    insight_records: InsightRecords, client_as: ClientAs
) -> None:
    business_unit = client_as(Role.BUSINESS_UNIT)
    entries = AuditEntry.objects.count()

    response = business_unit.post(reverse("insight:settings"), {"policy": "nonsense"})

    assert response.status_code == 200
    summary = error_summary(response)
    assert len(summary) == 1
    message, target = next(iter(summary.items()))
    assert target == "id_policy_0"
    assert message == "Select one of the disclosure policies listed"
    assert text(one(page(response), "title")).startswith("Error: ")
    assert insight_settings().disclosure_policy == "dfe"
    assert AuditEntry.objects.count() == entries
    assert group_row(page(disproportionality(business_unit, "referrals")), "groups-wiri")[1] == "c"

    nothing = business_unit.post(reverse("insight:settings"), {})
    assert error_summary(nothing) == {"Select a disclosure policy": "id_policy_0"}
    assert insight_settings().disclosure_policy == "dfe"


def test_saving_the_same_policy_again_records_no_change(
    insight_records: InsightRecords, client_as: ClientAs
) -> None:
    business_unit = client_as(Role.BUSINESS_UNIT)

    response = business_unit.post(reverse("insight:settings"), {"policy": "dfe"})

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action=RECORD_CHANGED).exists()


@pytest.mark.parametrize("role", [Role.AGENCY_LEAD, Role.PRACTITIONER, Role.GROUP_CHAIR])
def test_only_the_business_unit_and_analysts_set_the_policy(
    insight_records: InsightRecords, client_as: ClientAs, role: str
) -> None:
    client = client_as(role)

    assert client.get(reverse("insight:settings")).status_code == 403
    assert client.post(reverse("insight:settings"), {"policy": "nhs"}).status_code == 403
    assert insight_settings().disclosure_policy == "dfe"
    # Every member of staff reads insight.
    assert client.get(reverse("insight:home")).status_code == 200


def test_insight_is_behind_the_sign_in(
    insight_records: InsightRecords, client_as: ClientAs
) -> None:
    response = client_as("anonymous").get(reverse("insight:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_home_and_plan_agree_on_the_year_when_none_is_marked_current(
    governance_records: Any, analyst: Client
) -> None:
    """With no year marked current, insight takes the latest year, as the plan does."""
    year = governance_records.year
    type(year).objects.update(is_current=False)

    home = page(analyst.get(reverse("insight:home")))
    plan = page(analyst.get(reverse("governance:plan")))

    threads = [text(a) for a in home.select("a[href*='golden-thread']")]
    assert threads == ["Family help"]
    assert "Family help" in text(plan)
