"""The demonstration partnership: a fictional city shaped like a real partnership's year.

Northgate is invented. Its groups are the ones a partnership's annual report names as
owners of learning (the executive, the performance subgroup, the early help board and so
on), so that later parts of the platform have somewhere real-looking to put their work.
"""

from dataclasses import dataclass

from django.db import transaction

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.core.models import Agency
from safeguarding.core.roles import Role
from safeguarding.demo import factories

DEMO_PASSWORD = "northgate-demo-2026"  # noqa: S105  (published on purpose; refused unless DEBUG)
DEMO_EMAIL_DOMAIN = "northgate.example"

PARTNERSHIP = {
    "name": "Northgate Safeguarding Children Partnership",
    "short_name": "NSCP",
    "area": "Northgate",
    "about": (
        "Northgate City Council, Northshire Police and NHS Northgate Integrated Care Board "
        "are the safeguarding partners for the city's 190,000 children. Together with "
        "schools, health services, probation, housing, youth justice and voluntary groups, "
        "we agree a small number of priorities each year, check that agencies are keeping "
        "children safe, and learn from what goes wrong.\n\n"
        "Equality, diversity and disproportionality run through all of our priorities."
    ),
    "contact_email": "partnership@northgate.example",
    "contact_phone": "0113 496 0000",
    "contact_address": "Northgate Safeguarding Children Partnership\nCivic Hall\nNorthgate NG1 1AA",
    "urgent_help_text": (
        "If a child is in immediate danger, call 999. If you are worried about a child, "
        "call the children's social work service on 0113 496 0001 (any time, day or night)."
    ),
}

AGENCIES = [
    ("Northgate City Council Children and Families", Agency.Kind.CHILDRENS_SERVICES),
    ("Northshire Police", Agency.Kind.POLICE),
    ("NHS Northgate Integrated Care Board", Agency.Kind.INTEGRATED_CARE_BOARD),
    ("Northgate Teaching Hospitals NHS Trust", Agency.Kind.HEALTH_PROVIDER),
    ("Northgate Community Healthcare NHS Trust", Agency.Kind.HEALTH_PROVIDER),
    ("Northgate and District Mental Health NHS Foundation Trust", Agency.Kind.HEALTH_PROVIDER),
    ("Probation Service, Northgate delivery unit", Agency.Kind.PROBATION),
    ("Northgate Youth Justice Service", Agency.Kind.YOUTH_JUSTICE),
    ("Northgate Council Housing", Agency.Kind.HOUSING),
    ("Northgate Learning Trust", Agency.Kind.SCHOOL),
    ("St Hilda's Church of England Primary School", Agency.Kind.SCHOOL),
    ("Northgate College", Agency.Kind.SCHOOL),
    ("Northgate Voluntary Action", Agency.Kind.VOLUNTARY),
    ("Northgate Domestic Abuse Service", Agency.Kind.VOLUNTARY),
]

LOCALITIES = [
    ("City Centre", "CC"),
    ("Inner East", "IE"),
    ("Inner North West", "INW"),
    ("Inner South", "IS"),
    ("Outer East", "OE"),
    ("Outer North West", "ONW"),
    ("Outer South", "OS"),
]

# (name, kind, reports to, purpose)
GROUPS = [
    (
        "Partnership Executive",
        PartnershipGroup.Kind.EXECUTIVE,
        None,
        "The safeguarding partners' leaders: set the priorities, hold the partnership to "
        "account and publish the annual report.",
    ),
    (
        "Performance Management Subgroup",
        PartnershipGroup.Kind.SUBGROUP,
        "Partnership Executive",
        "Reads the partnership's data and agencies' narrative, seeks assurance and "
        "monitors evidence of change.",
    ),
    (
        "Early Help Board",
        PartnershipGroup.Kind.BOARD,
        "Children and Young People Partnership",
        "Oversees the early help strategy and reports on its progress and challenges.",
    ),
    (
        "Education Reference Group",
        PartnershipGroup.Kind.REFERENCE_GROUP,
        "Partnership Executive",
        "Brings schools, academies and colleges into the partnership's work.",
    ),
    (
        "Risk and Vulnerability Subgroup",
        PartnershipGroup.Kind.SUBGROUP,
        "Partnership Executive",
        "Leads on exploitation and extra-familial harm, including the risk assessment tools "
        "and the police partnership intelligence portal.",
    ),
    (
        "Multi-Agency Child Exploitation (MACE) arrangements",
        PartnershipGroup.Kind.ARRANGEMENT,
        "Risk and Vulnerability Subgroup",
        "Monitors the child exploitation strategy and action plan, and meets about "
        "children, places and people of concern.",
    ),
    (
        "Children and Young People Partnership",
        PartnershipGroup.Kind.PARTNERSHIP,
        None,
        "The city's wider partnership for children, including its strategy on child poverty.",
    ),
    (
        "Learning and Improvement Subgroup",
        PartnershipGroup.Kind.SUBGROUP,
        "Partnership Executive",
        "Runs rapid reviews, practice reviews, multi-agency audits and learning events.",
    ),
]

# Keys for the two roles that must use an authenticator app (hex, as django-otp stores them).
DEMO_AUTHENTICATOR_KEYS: dict[str, str] = {
    Role.BUSINESS_UNIT: "4e6f7274686761746544656d6f4b657930303031",
    Role.INTELLIGENCE_OFFICER: "4e6f7274686761746544656d6f4b657930303032",
    Role.ANALYST: "4e6f7274686761746544656d6f4b657930303033",
    Role.SCRUTINEER: "4e6f7274686761746544656d6f4b657930303034",
}


@dataclass(frozen=True)
class DemoPerson:
    role: Role
    local_part: str
    full_name: str
    job_title: str
    agency: str | None
    # (group name, chairs it)
    groups: tuple[tuple[str, bool], ...] = ()

    @property
    def email(self) -> str:
        return f"{self.local_part}@{DEMO_EMAIL_DOMAIN}"


PEOPLE = [
    DemoPerson(
        Role.BUSINESS_UNIT,
        "business.unit",
        "Priya Shah",
        "Partnership business manager",
        "Northgate City Council Children and Families",
        (("Partnership Executive", False), ("Performance Management Subgroup", False)),
    ),
    DemoPerson(
        Role.GROUP_CHAIR,
        "chair",
        "Dr Helen Okafor",
        "Designated doctor for safeguarding children",
        "NHS Northgate Integrated Care Board",
        (("Performance Management Subgroup", True), ("Partnership Executive", False)),
    ),
    DemoPerson(
        Role.GROUP_MEMBER,
        "member",
        "Tom Reilly",
        "Head of safeguarding",
        "Northgate Teaching Hospitals NHS Trust",
        (("Performance Management Subgroup", False), ("Early Help Board", False)),
    ),
    DemoPerson(
        Role.AGENCY_LEAD,
        "agency.lead",
        "Marcus Green",
        "Detective chief inspector, safeguarding",
        "Northshire Police",
    ),
    DemoPerson(
        Role.PRACTITIONER,
        "practitioner",
        "Jo Whitfield",
        "Family support worker",
        "Northgate Voluntary Action",
    ),
    DemoPerson(
        Role.ANALYST,
        "analyst",
        "Sam Patel",
        "Senior performance analyst",
        "Northgate City Council Children and Families",
        (("Performance Management Subgroup", False),),
    ),
    DemoPerson(
        Role.INTELLIGENCE_OFFICER,
        "intelligence",
        "DC Lee Harper",
        "Partnership intelligence officer",
        "Northshire Police",
        (("Multi-Agency Child Exploitation (MACE) arrangements", False),),
    ),
    DemoPerson(
        Role.SCRUTINEER,
        "scrutineer",
        "Ruth Adeyemi",
        "Independent scrutineer",
        None,
    ),
]


@transaction.atomic
def load_demo_partnership() -> list[DemoPerson]:
    """Create the demo partnership, or fill in what is missing. Never removes anything."""
    factories.partnership(**PARTNERSHIP)
    agencies = {name: factories.agency(name, kind) for name, kind in AGENCIES}
    for name, code in LOCALITIES:
        factories.locality(name, code)
    groups = {
        name: factories.group(name, kind, purpose=purpose) for name, kind, _, purpose in GROUPS
    }
    for name, _, parent, _ in GROUPS:
        if parent and groups[name].reports_to_id is None:
            groups[name].reports_to = groups[parent]
            groups[name].save(update_fields=["reports_to"])
    for spec in PEOPLE:
        member = factories.person(
            spec.email,
            spec.role,
            password=DEMO_PASSWORD,
            agency=agencies[spec.agency] if spec.agency else None,
            full_name=spec.full_name,
            job_title=spec.job_title,
            is_demo=True,
        )
        for group_name, chair in spec.groups:
            factories.membership(member, groups[group_name], chair=chair)
        if spec.role in DEMO_AUTHENTICATOR_KEYS:
            factories.authenticator(member, key=DEMO_AUTHENTICATOR_KEYS[spec.role])
    return PEOPLE
