"""A small partnership whose figures can be worked out by hand, for the insight tests.

Every return goes through `submission_receive`, as an agency's would.

Population (ethnicity x age band x deprivation decile, no locality): each ethnicity's
children spread evenly over 3 age bands x 3 deciles (9 cells):
    WBRI 9,000; BCRB 1,800; AIND 2,700; WIRI 450; CHNE 900. WROM has no children.

Aggregate return (council, April to June 2025, period 2025-06), indicator `referrals`:
    by ethnicity WBRI 90, BCRB 54, AIND 9, WIRI 3, CHNE 8, WROM 0 (total 164);
    by sex 1: 80, 2: 84; by locality N: 100, S: 64.
  Rates per 10,000: WBRI 100, BCRB 300, AIND 33.3. Against White British: BCRB 3.0
  (95% 2.14 to 4.20, higher), AIND 0.333 (0.168 to 0.661, lower). WIRI's 3 is suppressed
  (DfE policy), and CHNE's 8, the smallest other count, with it (secondary).
  Indicator `told-in-time` (a percentage): 40 of 50; by sex 18 of 25 and 22 of 25.

Child-level returns (council, 2024-25 and 2025-26; children numbered as in
`tests.returns.builders.pseudonym`; all White British, sex 1, decile 1, age 10-15):
    children 1-10: early help ended 15 June 2024 (lead: council for 1-6, school 7-10);
    children 1, 2, 3: referred 10 January 2025;   child 7: referred 1 May 2025;
    child 8: referred 1 July 2025 (over 12 months after early help ended);
    child 1: referred again 1 September 2025 (a re-referral within 12 months);
    child 2: referred again 20 February 2026 (not within 12 months);
    child 7: plan started 1 June 2025 (351 days after first contact);
    child 8: plan started 1 August 2025 (412 days).
  So of the 10 whose early help ended in 2024-25, 4 were referred within 12 months
  (council 3 of 6, school 1 of 4); 2025-26 has 4 referrals, 1 a re-referral; the median
  from first contact to plan is 381.5 days.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from safeguarding.accounts.models import User
from safeguarding.core.models import Agency, Locality
from safeguarding.core.roles import Role
from safeguarding.governance.models import OutcomeMeasure, PartnershipYear, Priority
from safeguarding.insight.models import PopulationTable
from safeguarding.insight.services import population_load
from safeguarding.returns.models import (
    Indicator,
    IndicatorVersion,
    ReturnObligation,
    ReturnTemplate,
    Submission,
)
from safeguarding.returns.services import submission_receive
from tests.returns.builders import pseudonym

POPULATION = {"WBRI": 9000, "BCRB": 1800, "AIND": 2700, "WIRI": 450, "CHNE": 900}
AGE_BANDS = ("1-4", "5-9", "10-15")
DECILES = ("1", "5", "10")
REFERRALS_BY_ETHNICITY = {"WBRI": 90, "BCRB": 54, "AIND": 9, "WIRI": 3, "CHNE": 8, "WROM": 0}
EVENT_TYPES = ["early_help_start", "early_help_end", "referral", "assessment", "plan_start"]


@dataclass
class InsightRecords:
    referrals: Indicator
    told: Indicator
    children_referred: Indicator
    no_returns: Indicator
    priority: Priority
    population: PopulationTable
    aggregate: Submission
    events: list[Submission]


def csv_bytes(rows: list[dict[str, object]]) -> bytes:
    """Rows as a CSV upload."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def population_csv() -> bytes:
    """The population table above, one row per ethnicity, age band and decile."""
    rows: list[dict[str, object]] = [
        {"ethnicity": code, "age_band": band, "deprivation_decile": decile, "children": n // 9}
        for code, n in POPULATION.items()
        for band in AGE_BANDS
        for decile in DECILES
    ]
    return csv_bytes(rows)


def _indicator(code: str, title: str, **version: object) -> Indicator:
    indicator = Indicator.objects.create(code=code, title=title, theme="Test")
    IndicatorVersion.objects.create(
        indicator=indicator,
        definition=f"{title}.",
        numerator=title,
        agency_kinds=[Agency.Kind.CHILDRENS_SERVICES],
        **version,
    )
    return indicator


def _aggregate_rows() -> list[dict[str, object]]:
    def row(
        indicator: str, kind: str, value: str, count: int, denominator: object = ""
    ) -> dict[str, Any]:
        return {
            "indicator": indicator,
            "period": "2025-06",
            "breakdown_type": kind,
            "breakdown_value": value,
            "count": count,
            "denominator": denominator,
        }

    rows = [row("referrals", "all", "TOTAL", 164)]
    rows += [row("referrals", "ethnicity", c, n) for c, n in REFERRALS_BY_ETHNICITY.items()]
    rows += [row("referrals", "ethnicity", "TOTAL", 164)]
    rows += [row("referrals", "sex", "1", 80), row("referrals", "sex", "2", 84)]
    rows += [row("referrals", "sex", "TOTAL", 164)]
    rows += [row("referrals", "locality", "N", 100), row("referrals", "locality", "S", 64)]
    rows += [row("referrals", "locality", "TOTAL", 164)]
    rows += [row("told-in-time", "all", "TOTAL", 40, 50)]
    rows += [row("told-in-time", "sex", "1", 18, 25), row("told-in-time", "sex", "2", 22, 25)]
    rows += [row("told-in-time", "sex", "TOTAL", 40, 50)]
    return rows


def _event(number: int, event_type: str, day: date, lead: str) -> dict[str, object]:
    return {
        "pseudonymous_id": pseudonym(number),
        "event_type": event_type,
        "event_date": day.isoformat(),
        "date_of_birth": "2012-05",
        "age": "",
        "sex": "1",
        "ethnicity": "WBRI",
        "locality": "N",
        "deprivation_decile": "1",
        "lead_agency": lead,
        "postcode": "",
    }


def event_rows(council: str, school: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The two years of child-level events described above."""
    first = [
        _event(n, "early_help_end", date(2024, 6, 15), council if n <= 6 else school)
        for n in range(1, 11)
    ]
    first += [_event(n, "referral", date(2025, 1, 10), council) for n in (1, 2, 3)]
    second = [
        _event(7, "referral", date(2025, 5, 1), council),
        _event(8, "referral", date(2025, 7, 1), council),
        _event(1, "referral", date(2025, 9, 1), council),
        _event(2, "referral", date(2026, 2, 20), council),
        _event(7, "plan_start", date(2025, 6, 1), council),
        _event(8, "plan_start", date(2025, 8, 1), council),
    ]
    return first, second


def build_insight_records(
    *, agencies: dict[str, Agency], people: dict[str, User]
) -> InsightRecords:
    Locality.objects.get_or_create(code="N", defaults={"name": "North"})
    Locality.objects.get_or_create(code="S", defaults={"name": "South"})
    actor = people[Role.BUSINESS_UNIT]
    equality = ["ethnicity", "sex", "age-band", "deprivation-decile", "locality"]
    referrals = _indicator(
        "referrals", "Referrals", breakdowns=["ethnicity", "sex", "locality"], target=150
    )
    told = _indicator(
        "told-in-time",
        "Schools told in time",
        unit=IndicatorVersion.Unit.PERCENTAGE,
        polarity=IndicatorVersion.Polarity.HIGHER_IS_BETTER,
        breakdowns=["sex"],
        target=90,
        alert_threshold=70,
    )
    children_referred = _indicator(
        "children-referred", "Children referred", breakdowns=equality, event_type="referral"
    )
    no_returns = _indicator("no-returns", "Nobody reports this", breakdowns=["ethnicity"])
    aggregate_template = ReturnTemplate.objects.create(
        code="testford-quarterly",
        title="Council quarterly",
        kind=ReturnTemplate.Kind.AGGREGATE,
        agency_kinds=[Agency.Kind.CHILDRENS_SERVICES],
    )
    aggregate_template.indicators.set([referrals, told, no_returns])
    events_template = ReturnTemplate.objects.create(
        code="testford-events",
        title="Child-level events",
        kind=ReturnTemplate.Kind.CHILD_LEVEL,
        event_types=EVENT_TYPES,
        agency_kinds=[Agency.Kind.CHILDRENS_SERVICES],
    )
    council = agencies["council"]

    def owed(template: ReturnTemplate, start: date, end: date) -> ReturnObligation:
        return ReturnObligation.objects.create(
            agency=council, template=template, period_start=start, period_end=end, due_on=end
        )

    aggregate = submission_receive(
        actor=actor,
        obligation=owed(aggregate_template, date(2025, 4, 1), date(2025, 6, 30)),
        name="q1.csv",
        data=csv_bytes(_aggregate_rows()),
        narrative="Referrals of Black Caribbean children rose; we are looking into why.",
    )
    first, second = event_rows(council.slug, agencies["school"].slug)
    events = [
        submission_receive(
            actor=actor,
            obligation=owed(events_template, start, end),
            name=f"events-{start.year}.csv",
            data=csv_bytes(rows),
            narrative="Events for the year.",
        )
        for rows, start, end in (
            (first, date(2024, 4, 1), date(2025, 3, 31)),
            (second, date(2025, 4, 1), date(2026, 3, 31)),
        )
    ]
    for submission in (aggregate, *events):
        assert submission.status == Submission.Status.ACCEPTED, submission.problems
    population = population_load(
        actor=actor,
        name="population.csv",
        data=population_csv(),
        title="Testford children",
        source="Made up for tests",
        year=2024,
    )
    year, _ = PartnershipYear.objects.get_or_create(
        label="2025-26",
        defaults={"starts_on": date(2025, 4, 1), "ends_on": date(2026, 3, 31), "is_current": True},
    )
    priority = Priority.objects.create(year=year, title="Family help", golden_thread=True)
    for description, code in (
        ("Fewer referrals", "referrals"),
        ("Children referred", "children-referred"),
        ("Something unmeasured", ""),
        ("A code not in the catalogue", "not-a-code"),
    ):
        OutcomeMeasure.objects.create(
            priority=priority, description=description, indicator_code=code
        )
    return InsightRecords(
        referrals=referrals,
        told=told,
        children_referred=children_referred,
        no_returns=no_returns,
        priority=priority,
        population=population,
        aggregate=aggregate,
        events=events,
    )
