"""Northgate's indicator catalogue and the returns its agencies owe, shaped by the themes of
the partnership's year: early help, care leavers, domestic abuse, exploitation and serious
youth violence, elective home education, mandatory reporting, family networks and kinship
care, and intelligence sharing."""

from datetime import date, timedelta

from django.db import transaction

from safeguarding.core.dimensions import DIMENSIONS
from safeguarding.core.models import Agency
from safeguarding.returns.models import Indicator, IndicatorVersion, ReturnTemplate
from safeguarding.returns.services import obligations_create

K = Agency.Kind
U = IndicatorVersion.Unit
P = IndicatorVersion.Polarity
# Every breakdown of the golden thread, as the catalogue names them.
EQUALITY = [d.code_list or d.name for d in DIMENSIONS]

# code, title, theme, definition, numerator, denominator, unit, polarity, frequency, kinds
INDICATORS = [
    (
        "eh-partner-led",
        "Early help episodes led by partner agencies",
        "Early help",
        "Early help episodes open in the period whose lead professional is not from the council.",
        "Early help episodes led by the agency",
        "",
        U.COUNT,
        P.HIGHER_IS_BETTER,
        "quarterly",
        [K.HEALTH_PROVIDER, K.SCHOOL, K.VOLUNTARY, K.POLICE],
    ),
    (
        "eh-rereferral-12m",
        "Referred to social care within 12 months of early help",
        "Early help",
        "Children whose early help episode ended and who were referred to children's social "
        "care within 12 months.",
        "Children referred within 12 months",
        "Children whose early help episode ended",
        U.PERCENTAGE,
        P.LOWER_IS_BETTER,
        "quarterly",
        [K.CHILDRENS_SERVICES],
    ),
    (
        "cl-homeless",
        "Care leavers who are homeless",
        "Children in care and care leavers",
        "Care leavers aged 18 to 21 known to be homeless on the last day of the period.",
        "Care leavers homeless",
        "Care leavers aged 18 to 21",
        U.COUNT,
        P.LOWER_IS_BETTER,
        "quarterly",
        [K.CHILDRENS_SERVICES, K.HOUSING],
    ),
    (
        "cl-custody",
        "Care leavers in custody",
        "Children in care and care leavers",
        "Care leavers aged 18 to 21 in custody on the last day of the period.",
        "Care leavers in custody",
        "Care leavers aged 18 to 21",
        U.COUNT,
        P.LOWER_IS_BETTER,
        "quarterly",
        [K.CHILDRENS_SERVICES, K.PROBATION],
    ),
    (
        "cl-eet",
        "Care leavers in education, employment or training",
        "Children in care and care leavers",
        "Care leavers aged 19 to 21 in education, employment or training.",
        "Care leavers in education, employment or training",
        "Care leavers aged 19 to 21",
        U.PERCENTAGE,
        P.HIGHER_IS_BETTER,
        "annual",
        [K.CHILDRENS_SERVICES],
    ),
    (
        "da-children-present",
        "Domestic abuse incidents with children present",
        "Domestic abuse",
        "Police-recorded domestic abuse incidents where a child was present.",
        "Incidents with a child present",
        "",
        U.COUNT,
        P.NEITHER,
        "quarterly",
        [K.POLICE],
    ),
    (
        "da-schools-told",
        "Domestic abuse notifications to schools by the next school day",
        "Domestic abuse",
        "Incidents with a child of school age present that were shared with the school by the "
        "start of the next school day.",
        "Notifications in time",
        "Incidents with a pupil present",
        U.PERCENTAGE,
        P.HIGHER_IS_BETTER,
        "quarterly",
        [K.POLICE],
    ),
    (
        "ce-at-risk",
        "Children identified at risk of exploitation",
        "Exploitation",
        "Children newly assessed as at risk of criminal or sexual exploitation.",
        "Children newly at risk",
        "",
        U.COUNT,
        P.NEITHER,
        "quarterly",
        [K.CHILDRENS_SERVICES, K.POLICE, K.YOUTH_JUSTICE],
    ),
    (
        "syv-victims",
        "Under-18 victims of serious violence",
        "Serious youth violence",
        "Children who were victims of violence with injury or a weapon.",
        "Child victims of serious violence",
        "",
        U.COUNT,
        P.LOWER_IS_BETTER,
        "quarterly",
        [K.POLICE],
    ),
    (
        "ehe-safeguarding",
        "Electively home educated children with safeguarding needs",
        "Elective home education",
        "Children electively home educated who are on a child in need or child protection plan.",
        "Children home educated with a plan",
        "Children electively home educated",
        U.COUNT,
        P.NEITHER,
        "quarterly",
        [K.CHILDRENS_SERVICES, K.SCHOOL],
    ),
    (
        "csa-mandatory-reports",
        "Mandatory reports of child sexual abuse concerns",
        "Mandatory reporting",
        "Reports of suspected child sexual abuse made by named and designated safeguarding leads.",
        "Reports made",
        "",
        U.COUNT,
        P.NEITHER,
        "quarterly",
        [K.SCHOOL, K.HEALTH_PROVIDER, K.VOLUNTARY],
    ),
    (
        "fnm-before-plan",
        "Family network meetings before a plan",
        "National reforms",
        "Children whose family had a family network meeting before a child protection plan.",
        "Children with a meeting first",
        "Children starting a plan",
        U.PERCENTAGE,
        P.HIGHER_IS_BETTER,
        "quarterly",
        [K.CHILDRENS_SERVICES],
    ),
    (
        "kinship-placements",
        "Children cared for by kinship carers",
        "National reforms",
        "Children in care placed with family or friends.",
        "Children with kinship carers",
        "Children in care",
        U.PERCENTAGE,
        P.HIGHER_IS_BETTER,
        "quarterly",
        [K.CHILDRENS_SERVICES],
    ),
    (
        "pip-submissions",
        "Partnership intelligence portal submissions",
        "Exploitation",
        "Submissions to the police partnership intelligence portal, by the agency that sent them.",
        "Submissions",
        "",
        U.COUNT,
        P.HIGHER_IS_BETTER,
        "quarterly",
        [K.HEALTH_PROVIDER, K.SCHOOL, K.VOLUNTARY, K.HOUSING, K.YOUTH_JUSTICE],
    ),
]

# Targets and alert thresholds the partnership has set: (target, alert threshold).
TARGETS = {
    "da-schools-told": (95, 80),
    "eh-rereferral-12m": (18, 23),
    "fnm-before-plan": (50, 35),
    "kinship-placements": (20, 15),
    "cl-homeless": (5, 7),
    "cl-eet": (60, 50),
}

# Measures counted from child-level returns: children with at least one such event.
# code, title, theme, definition, event type
EVENT_INDICATORS = [
    (
        "eh-starts",
        "Children starting early help",
        "Early help",
        "Children with an early help episode starting in the period, whichever agency leads it.",
        "early_help_start",
    ),
    (
        "csc-referrals",
        "Children referred to children's social care",
        "Children's social care",
        "Children with at least one referral to children's social care in the period.",
        "referral",
    ),
    (
        "csc-assessments",
        "Children assessed by children's social care",
        "Children's social care",
        "Children with at least one social care assessment completed in the period.",
        "assessment",
    ),
    (
        "csc-plans",
        "Children starting a child in need or child protection plan",
        "Children's social care",
        "Children with a child in need or child protection plan starting in the period.",
        "plan_start",
    ),
]

# code, title, kind, indicators (aggregate) or event types (child-level), agency kinds
TEMPLATES = [
    (
        "partner-quarterly",
        "Partner agency quarterly return",
        ReturnTemplate.Kind.AGGREGATE,
        ["eh-partner-led", "csa-mandatory-reports", "pip-submissions"],
        [K.HEALTH_PROVIDER, K.SCHOOL, K.VOLUNTARY],
    ),
    (
        "police-quarterly",
        "Police safeguarding quarterly return",
        ReturnTemplate.Kind.AGGREGATE,
        ["da-children-present", "da-schools-told", "ce-at-risk", "syv-victims"],
        [K.POLICE],
    ),
    (
        "council-quarterly",
        "Children's services quarterly return",
        ReturnTemplate.Kind.AGGREGATE,
        [
            "eh-rereferral-12m",
            "cl-homeless",
            "cl-custody",
            "ehe-safeguarding",
            "fnm-before-plan",
            "kinship-placements",
        ],
        [K.CHILDRENS_SERVICES],
    ),
    (
        "child-events",
        "Child-level early help and social care events",
        ReturnTemplate.Kind.CHILD_LEVEL,
        [
            "early_help_start",
            "early_help_end",
            "referral",
            "assessment",
            "plan_start",
            "plan_end",
            "care_start",
            "care_end",
        ],
        [K.CHILDRENS_SERVICES, K.HEALTH_PROVIDER, K.VOLUNTARY],
    ),
]


def quarter_of(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    next_start = date(day.year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1)
    return start, next_start - timedelta(days=1)


@transaction.atomic
def load_demo_returns(*, today: date) -> None:
    """The catalogue, the templates, and the last two quarters' obligations (idempotent)."""
    for (
        code,
        title,
        theme,
        definition,
        numerator,
        denominator,
        unit,
        polarity,
        frequency,
        kinds,
    ) in INDICATORS:
        indicator, created = Indicator.objects.get_or_create(
            code=code, defaults={"title": title, "theme": theme}
        )
        if created:
            IndicatorVersion.objects.create(
                indicator=indicator,
                definition=definition,
                numerator=numerator,
                denominator=denominator,
                unit=unit,
                polarity=polarity,
                frequency=frequency,
                agency_kinds=[str(k) for k in kinds],
                breakdowns=EQUALITY,
                target=TARGETS.get(code, (None, None))[0],
                alert_threshold=TARGETS.get(code, (None, None))[1],
            )
    for code, title, theme, definition, event_type in EVENT_INDICATORS:
        indicator, created = Indicator.objects.get_or_create(
            code=code, defaults={"title": title, "theme": theme}
        )
        if created:
            IndicatorVersion.objects.create(
                indicator=indicator,
                definition=definition,
                numerator="Children with the event in the period",
                unit=U.COUNT,
                polarity=P.NEITHER,
                frequency="quarterly",
                agency_kinds=[str(K.CHILDRENS_SERVICES)],
                breakdowns=EQUALITY,
                event_type=event_type,
            )
    templates = []
    for code, title, kind, contents, kinds in TEMPLATES:
        template, created = ReturnTemplate.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "kind": kind,
                "agency_kinds": [str(k) for k in kinds],
                "event_types": contents if kind == ReturnTemplate.Kind.CHILD_LEVEL else [],
            },
        )
        if created and kind == ReturnTemplate.Kind.AGGREGATE:
            template.indicators.set(Indicator.objects.filter(code__in=contents))
        templates.append(template)
    this_start, _ = quarter_of(today)
    last_start, last_end = quarter_of(this_start - timedelta(days=1))
    before_start, before_end = quarter_of(last_start - timedelta(days=1))
    for template in templates:
        for start, end in ((before_start, before_end), (last_start, last_end)):
            obligations_create(
                template=template,
                period_start=start,
                period_end=end,
                due_on=end + timedelta(days=30),
            )
