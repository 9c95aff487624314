"""Northgate's figures: six quarters of accepted returns, two years of child-level events,
an illustrative population table and illustrative published figures to compare with.

Every return goes through `submission_receive`, so the demo is validated and stored as
real returns are. The figures are made up, with disproportionality planted where research
finds it (some ethnic groups and the most deprived areas over-represented at referral),
so the insight pages have something to show. Nothing here is real data.
"""

import csv
import hashlib
import hmac
import io
import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction

from safeguarding.accounts.models import User
from safeguarding.core.dimensions import DIMENSIONS
from safeguarding.core.models import Agency, Code, Locality
from safeguarding.core.roles import Role
from safeguarding.demo.returns import quarter_of
from safeguarding.insight.models import PopulationTable, PublishedFigureSet
from safeguarding.insight.services import population_load, published_figures_load
from safeguarding.returns.models import ReturnObligation, ReturnTemplate, Submission
from safeguarding.returns.services import submission_receive

DATA = Path(__file__).resolve().parent / "data"
POPULATION_CSV = DATA / "population.csv"
PUBLISHED_CSV = DATA / "published-figures.csv"
DEMO_KEY = b"northgate demo pseudonymisation key"

# Who sends which return in the demo, for how many quarters back from the last one ended.
AGGREGATE_SENDERS = {
    "police-quarterly": ["northshire-police"],
    "council-quarterly": ["northgate-city-council-children-and-families"],
    "partner-quarterly": [
        "northgate-teaching-hospitals-nhs-trust",
        "northgate-community-healthcare-nhs-trust",
        "northgate-voluntary-action",
        "st-hildas-church-of-england-primary-school",
    ],
}
EVENT_SENDERS = [
    "northgate-city-council-children-and-families",
    "northgate-community-healthcare-nhs-trust",
    "northgate-voluntary-action",
]
QUARTERS = 6
EVENT_QUARTERS = 8

# Illustrative over- and under-representation (a multiplier on the chance of a referral).
ETHNIC_PROPENSITY = {
    "MWBC": 2.1,
    "BCRB": 1.8,
    "BOTH": 1.6,
    "WROM": 2.4,
    "WIRT": 2.2,
    "MOTH": 1.3,
    "AIND": 0.5,
    "CHNE": 0.4,
    "APKN": 0.8,
    "ABAN": 0.8,
}
DECILE_PROPENSITY = {
    1: 2.2,
    2: 1.8,
    3: 1.5,
    4: 1.2,
    5: 1.0,
    6: 0.85,
    7: 0.7,
    8: 0.6,
    9: 0.5,
    10: 0.4,
}

# (indicator, per-agency headline for a quarter, proportion for percentages)
HEADLINES = {
    "eh-partner-led": (40, None),
    "csa-mandatory-reports": (6, None),
    "pip-submissions": (14, None),
    "da-children-present": (420, None),
    "da-schools-told": (410, 0.86),
    "ce-at-risk": (38, None),
    "syv-victims": (55, None),
    "eh-rereferral-12m": (300, 0.19),
    "cl-homeless": (9, None),
    "cl-custody": (4, None),
    "ehe-safeguarding": (22, None),
    "fnm-before-plan": (110, 0.42),
    "kinship-placements": (620, 0.17),
}
NARRATIVES = [
    "Figures are broadly steady this quarter. We have checked the breakdowns against our case "
    "management system and are confident in them.",
    "The rise this quarter follows the training we ran for front-line staff, which we expected "
    "to increase identification. We will report on quality in the next return.",
    "Numbers fell this quarter. We are reviewing whether this reflects a real change or a "
    "recording issue after the system upgrade, and will confirm next quarter.",
]


def pseudonym(number: int) -> str:
    """A child's pseudonymous id, as an agency's pseudonymisation would make it."""
    return hmac.new(DEMO_KEY, f"child-{number}".encode(), hashlib.sha256).hexdigest()


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split a whole number in proportion to weights, summing exactly (largest remainder)."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _population() -> list[dict[str, str]]:
    with POPULATION_CSV.open(newline="") as handle:
        return list(csv.DictReader(handle))


def _csv(rows: list[dict[str, object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _weights(
    breakdown: str, codes: list[str], population: list[dict[str, str]], rng: random.Random
) -> list[float]:
    """How a figure spreads over a breakdown's codes: the population, the planted
    propensities, and some noise."""
    by_code: dict[str, float] = defaultdict(float)
    for row in population:
        value = row.get(breakdown)
        if value is None:
            continue
        weight = float(row["children"]) * ETHNIC_PROPENSITY.get(row["ethnicity"], 1.0)
        weight *= DECILE_PROPENSITY[int(row["deprivation_decile"])]
        by_code[value] += weight
    if not by_code:  # locality: the population table does not have it
        return [rng.uniform(0.6, 1.4) for _ in codes]
    return [by_code.get(code, 0.0) * rng.uniform(0.85, 1.15) for code in codes]


def _aggregate_rows(
    *,
    obligation: ReturnObligation,
    population: list[dict[str, str]],
    codes: dict[str, list[str]],
    rng: random.Random,
) -> list[dict[str, object]]:
    period = f"{obligation.period_end:%Y-%m}"
    rows: list[dict[str, object]] = []
    for indicator in obligation.template.indicators.prefetch_related("versions"):
        base, share = HEADLINES.get(indicator.code, (10, None))
        denominator = max(1, round(base * rng.uniform(0.85, 1.15)))
        count = round(denominator * share * rng.uniform(0.9, 1.1)) if share else denominator
        count = min(count, denominator)
        rows.append(_row(indicator.code, period, "all", "TOTAL", count, denominator, share))
        version = indicator.current
        for slug in version.breakdowns if version else []:
            breakdown = slug.replace("-", "_")
            values = codes[breakdown]
            weights = _weights(breakdown, values, population, rng)
            group_counts = allocate(count, weights)
            group_denominators = allocate(denominator, weights) if share else group_counts
            for value, n, d in zip(values, group_counts, group_denominators, strict=True):
                rows.append(_row(indicator.code, period, breakdown, value, n, max(n, d), share))
            rows.append(_row(indicator.code, period, breakdown, "TOTAL", count, denominator, share))
    return rows


def _row(
    indicator: str, period: str, kind: str, value: str, count: int, denominator: int, share: object
) -> dict[str, object]:
    return {
        "indicator": indicator,
        "period": period,
        "breakdown_type": kind,
        "breakdown_value": value,
        "count": count,
        "denominator": denominator if share else "",
    }


def _quarters(last_end: date, count: int) -> list[tuple[date, date]]:
    quarters = []
    start, end = quarter_of(last_end)
    for _ in range(count):
        quarters.append((start, end))
        start, end = quarter_of(start - timedelta(days=1))
    return list(reversed(quarters))


def _obligation(
    agency: Agency, template: ReturnTemplate, start: date, end: date
) -> ReturnObligation:
    obligation, _ = ReturnObligation.objects.get_or_create(
        agency=agency,
        template=template,
        period_start=start,
        defaults={"period_end": end, "due_on": end + timedelta(days=30)},
    )
    return obligation


def _send(actor: User, obligation: ReturnObligation, data: bytes, narrative: str) -> None:
    if obligation.submissions.filter(status=Submission.Status.ACCEPTED).exists():
        return
    submission = submission_receive(
        actor=actor,
        obligation=obligation,
        name=f"{obligation.template.code}-{obligation.period_start:%Y-%m}.csv",
        data=data,
        narrative=narrative,
    )
    if submission.status != Submission.Status.ACCEPTED:
        raise RuntimeError(f"The demo return for {obligation} was refused: {submission.problems}")


def _send_aggregates(actor: User, today: date, codes: dict[str, list[str]]) -> None:
    population = _population()
    rng = random.Random(20251)
    _, last_end = quarter_of(quarter_of(today)[0] - timedelta(days=1))
    agencies = {a.slug: a for a in Agency.objects.all()}
    for template_code, senders in AGGREGATE_SENDERS.items():
        template = ReturnTemplate.objects.get(code=template_code)
        for start, end in _quarters(last_end, QUARTERS):
            for slug in senders:
                obligation = _obligation(agencies[slug], template, start, end)
                rows = _aggregate_rows(
                    obligation=obligation, population=population, codes=codes, rng=rng
                )
                _send(actor, obligation, _csv(rows), rng.choice(NARRATIVES))


def _children(
    population: list[dict[str, str]], rng: random.Random, count: int
) -> list[dict[str, Any]]:
    """Children known to services, drawn from the population with the planted propensities."""
    weights = [
        float(row["children"])
        * ETHNIC_PROPENSITY.get(row["ethnicity"], 1.0)
        * DECILE_PROPENSITY[int(row["deprivation_decile"])]
        for row in population
    ]
    drawn = rng.choices(population, weights=weights, k=count)
    return [dict(row, number=str(i)) for i, row in enumerate(drawn)]


AGE_YEARS = {"0": (0, 0), "1-4": (1, 4), "5-9": (5, 9), "10-15": (10, 15), "16+": (16, 17)}


def _journey(
    child: dict[str, Any], rng: random.Random, first: date, last: date
) -> list[tuple[str, date, str]]:
    """A child's events (type, day, lead agency) between two days."""
    span = (last - first).days
    day = first + timedelta(days=rng.randrange(span))
    lead = rng.choices(EVENT_SENDERS, weights=[5, 3, 2])[0]
    council = EVENT_SENDERS[0]
    events = []
    if rng.random() < 0.55:  # early help first
        events.append(("early_help_start", day, lead))
        day += timedelta(days=rng.randint(60, 240))
        events.append(("early_help_end", day, lead))
        # Episodes led by the community health trust are planted to be followed by more
        # referrals, so the linked outcome differs by lead agency.
        if rng.random() > (0.35 if lead == EVENT_SENDERS[1] else 0.18):
            return events
        day += timedelta(days=rng.randint(20, 330))
    events.append(("referral", day, council))
    if rng.random() < 0.78:
        day += timedelta(days=rng.randint(5, 45))
        events.append(("assessment", day, council))
        # Some groups are planted to move on to a plan less often after assessment.
        plan_chance = 0.22 if child["ethnicity"] in ("AIND", "APKN") else 0.34
        if rng.random() < plan_chance:
            day += timedelta(days=rng.randint(10, 60))
            events.append(("plan_start", day, council))
            if rng.random() < 0.6:
                day += timedelta(days=rng.randint(90, 300))
                events.append(("plan_end", day, council))
    if rng.random() < 0.16:
        day += timedelta(days=rng.randint(30, 330))
        events.append(("referral", day, council))
    return [e for e in events if e[1] <= last]


def _send_events(actor: User, today: date) -> None:
    rng = random.Random(20252)
    population = _population()
    _, last_end = quarter_of(quarter_of(today)[0] - timedelta(days=1))
    quarters = _quarters(last_end, EVENT_QUARTERS)
    first, last = quarters[0][0], quarters[-1][1]
    localities = sorted(Locality.objects.values_list("code", flat=True))
    by_return: dict[tuple[str, date], list[dict[str, object]]] = defaultdict(list)
    for child in _children(population, rng, 5200):
        low, high = AGE_YEARS[child["age_band"]]
        born = first - timedelta(days=365 * rng.randint(low, high) + rng.randrange(365))
        locality = rng.choice(localities)
        seen = set()
        for event_type, day, lead in _journey(child, rng, first, last):
            if (event_type, day) in seen:
                continue
            seen.add((event_type, day))
            quarter = quarter_of(day)[0]
            sender = lead if event_type.startswith("early_help") else EVENT_SENDERS[0]
            by_return[(sender, quarter)].append(
                {
                    "pseudonymous_id": pseudonym(int(child["number"])),
                    "event_type": event_type,
                    "event_date": day.isoformat(),
                    "date_of_birth": f"{born:%Y-%m}",
                    "age": "",
                    "sex": child["sex"],
                    "ethnicity": child["ethnicity"],
                    "locality": locality,
                    "deprivation_decile": child["deprivation_decile"],
                    "lead_agency": lead,
                    "postcode": "",
                }
            )
    template = ReturnTemplate.objects.get(code="child-events")
    agencies = {a.slug: a for a in Agency.objects.filter(slug__in=EVENT_SENDERS)}
    for start, end in quarters:
        for slug in EVENT_SENDERS:
            rows = by_return.get((slug, start))
            if rows:
                obligation = _obligation(agencies[slug], template, start, end)
                _send(
                    actor,
                    obligation,
                    _csv(rows),
                    "Events recorded this quarter, checked "
                    "against the case management system before sending.",
                )


def _codes() -> dict[str, list[str]]:
    lists = {d.name: d.code_list for d in DIMENSIONS if d.code_list}
    codes = {
        breakdown: list(
            Code.objects.filter(code_list__slug=slug)
            .order_by("sort_order")
            .values_list("code", flat=True)
        )
        for breakdown, slug in lists.items()
    }
    # Unknown sex and the unborn are left out of the made-up breakdowns.
    codes["sex"] = [c for c in codes["sex"] if c in ("1", "2")]
    codes["age_band"] = [c for c in codes["age_band"] if c != "UNB"]
    codes["locality"] = sorted(Locality.objects.values_list("code", flat=True))
    return codes


@transaction.atomic
def load_demo_insight(*, today: date) -> None:
    """The population table, published figures and accepted returns (idempotent)."""
    actor = User.objects.filter(role=Role.BUSINESS_UNIT).order_by("pk").first()
    if actor is None:
        return
    if not PopulationTable.objects.exists():
        population_load(
            actor=actor,
            name=POPULATION_CSV.name,
            data=POPULATION_CSV.read_bytes(),
            title="Northgate children, illustrative",
            source="Made-up figures shaped like ONS mid-year estimates and Census 2021",
            year=2024,
            is_illustrative=True,
        )
    if not PublishedFigureSet.objects.exists():
        published_figures_load(
            actor=actor,
            name=PUBLISHED_CSV.name,
            data=PUBLISHED_CSV.read_bytes(),
            title="England and statistical neighbours, illustrative",
            source="Made-up figures shaped like the children in need and looked-after statistics",
            is_illustrative=True,
        )
    _send_aggregates(actor, today, _codes())
    _send_events(actor, today)
