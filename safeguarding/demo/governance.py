"""Northgate's year: priorities, planned work, learning, actions and assurance in flight.

Shaped like a real partnership's annual report and written in the platform's own words.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.core.models import Agency
from safeguarding.core.roles import Role
from safeguarding.governance.models import (
    Action,
    AssuranceRecipient,
    AssuranceRequest,
    AssuranceResponse,
    LearningPoint,
    OutcomeMeasure,
    PartnershipYear,
    PlannedWork,
    Priority,
    PriorityStrand,
    RepresentationWanted,
    WorkStatus,
)
from safeguarding.governance.report.services import annual_report_publish

YEAR = ("2025-26", date(2025, 4, 1), date(2026, 3, 31))

# (title, statement, outcome measures)
PRIORITIES = [
    (
        "Putting the national children's social care reforms into practice",
        "Build family help, multi-agency child protection and family-led decisions with "
        "every partner, not only the council.",
        ["Children whose family had a family network meeting before a plan was made"],
    ),
    (
        "Children who live with domestic abuse",
        "Recognise children as victims in their own right and respond to them as such.",
        ["Police domestic abuse incidents with children present that are shared with schools"],
    ),
    (
        "Teenagers at risk of serious youth violence and exploitation",
        "Keep adolescents safe from harm outside the home, in every setting they spend time.",
        ["Children identified at risk of exploitation"],
    ),
    (
        "Keeping children safe through family help",
        "Help families early, with a lead professional from whichever agency knows them best.",
        [
            "Early help episodes led by partners other than the council",
            "Children referred to children's social care",
            "Children referred to social care within 12 months of early help ending",
        ],
    ),
]

# Measures already tied to an indicator of the returns catalogue, so the report shows them.
INDICATORS = {
    "Children whose family had a family network meeting before a plan was made": "fnm-before-plan",
    "Police domestic abuse incidents with children present that are shared with schools": (
        "da-schools-told"
    ),
    "Children identified at risk of exploitation": "ce-at-risk",
    "Early help episodes led by partners other than the council": "eh-partner-led",
    "Children referred to children's social care": "csc-referrals",
    "Children referred to social care within 12 months of early help ending": "eh-rereferral-12m",
}

REFORM_STRANDS = [
    "Start integrated family help services",
    "Set up multi-agency child protection teams",
    "Make family network meetings and family group conferences usual practice",
    "Treat kinship care as the first option when a child cannot live at home",
]

# (title, kind, priority index or None, owner group, status)
PLANNED_WORK = [
    (
        "Keep safeguarding strong while health funding falls",
        "development",
        None,
        "Partnership Executive",
        "in_progress",
    ),
    (
        "Finish the research review on domestic abuse and adolescent safeguarding",
        "audit",
        1,
        "Learning and Improvement Subgroup",
        "in_progress",
    ),
    (
        "Make the partnership better known to frontline staff and managers",
        "development",
        None,
        "Partnership Executive",
        "not_started",
    ),
    (
        "Act on the national panel's reviews of sexual abuse and of race and racism",
        "audit",
        None,
        "Learning and Improvement Subgroup",
        "in_progress",
    ),
    (
        "Run the multi-agency audit and review programme",
        "audit",
        None,
        "Learning and Improvement Subgroup",
        "in_progress",
    ),
    (
        "Prepare for new duties towards electively home educated children",
        "legal_duty",
        None,
        "Education Reference Group",
        "not_started",
    ),
    (
        "Prepare for mandatory reporting of child sexual abuse by safeguarding leads",
        "legal_duty",
        None,
        "Partnership Executive",
        "not_started",
    ),
    (
        "Hold another partnership self-assessment event",
        "event",
        None,
        "Learning and Improvement Subgroup",
        "not_started",
    ),
    (
        "Complete the local response to the national panel's publications",
        "development",
        None,
        "Learning and Improvement Subgroup",
        "in_progress",
    ),
    (
        "A partnership event on children as victims of domestic abuse",
        "event",
        1,
        "Partnership Executive",
        "not_started",
    ),
    (
        "A partnership event to shape the family help model",
        "event",
        3,
        "Early Help Board",
        "not_started",
    ),
    (
        "A joint event with the adults' board and the community safety partnership",
        "event",
        None,
        "Partnership Executive",
        "not_started",
    ),
    (
        "Continue the contextual safeguarding work on the city's response to exploitation",
        "development",
        2,
        "Risk and Vulnerability Subgroup",
        "in_progress",
    ),
    (
        "Explore how artificial intelligence could support practice",
        "development",
        None,
        "Learning and Improvement Subgroup",
        "not_started",
    ),
    (
        "Raise the profile of partnership members",
        "development",
        None,
        "Partnership Executive",
        "complete",
    ),
]

# (theme, summary, owner group or None, expectation, golden thread)
LEARNING = [
    (
        "Poverty",
        "Seek assurance on the city's plan to lessen the effects of child poverty",
        "Children and Young People Partnership",
        "seek_assurance",
        True,
    ),
    (
        "Children in care and care leavers",
        "Monitor how partners support care leavers into adulthood, including housing and custody",
        "Performance Management Subgroup",
        "monitor",
        True,
    ),
    (
        "Early help",
        "Report progress on the early help strategy to the wider partnership",
        "Early Help Board",
        "present_progress",
        False,
    ),
    (
        "Early help",
        "Gather partners' own data and narrative on the difference early help makes",
        "Performance Management Subgroup",
        "seek_assurance",
        False,
    ),
    (
        "Early help",
        "Plans must take account of the money and housing pressures on parents",
        None,
        "note",
        True,
    ),
    (
        "Education",
        "Seek assurance on support for children in schools outside the clusters",
        "Education Reference Group",
        "seek_assurance",
        False,
    ),
    (
        "Education",
        "The executive has no education representative",
        "Partnership Executive",
        "review",
        False,
    ),
    (
        "Exploitation",
        "Monitor the refreshed child exploitation strategy and its outcomes",
        "Multi-Agency Child Exploitation (MACE) arrangements",
        "monitor",
        True,
    ),
    (
        "Exploitation",
        "Encourage agencies to share intelligence through the police portal",
        "Risk and Vulnerability Subgroup",
        "promote",
        False,
    ),
    (
        "Exploitation",
        "Review the exploitation risk assessment tools",
        "Risk and Vulnerability Subgroup",
        "review",
        False,
    ),
    (
        "Voice of children and families",
        "Seek assurance through a Section 11 audit that agencies act on what children tell them",
        "Partnership Executive",
        "seek_assurance",
        True,
    ),
]


def _group(name: str) -> PartnershipGroup:
    return PartnershipGroup.objects.get(name=name)


@transaction.atomic
def load_demo_governance(*, today: date | None = None) -> None:
    """Fill in the demo year if it is missing. An existing year is left as it is."""
    today = today or timezone.localdate()
    label, starts, ends = YEAR
    if PartnershipYear.objects.filter(label=label).exists():
        return
    year = PartnershipYear.objects.create(
        label=label,
        starts_on=starts,
        ends_on=ends,
        is_current=True,
        report_introduction=(
            "This is the partnership's account of its year: what it set out to do, what it "
            "learned, what it asked agencies to show, and what it found.\n\n"
            "Where the evidence is not yet good enough, the report says so."
        ),
        report_published_on=today,
    )
    priorities = []
    for position, (title, statement, measures) in enumerate(PRIORITIES):
        priority = Priority.objects.create(
            year=year, title=title, statement=statement, position=position, golden_thread=True
        )
        for description in measures:
            OutcomeMeasure.objects.create(
                priority=priority,
                description=description,
                indicator_code=INDICATORS.get(description, ""),
            )
        priorities.append(priority)
    for position, title in enumerate(REFORM_STRANDS):
        PriorityStrand.objects.create(priority=priorities[0], title=title, position=position)
    for position, (title, kind, priority_index, owner, status) in enumerate(PLANNED_WORK):
        PlannedWork.objects.create(
            year=year,
            title=title,
            kind=kind,
            priority=priorities[priority_index] if priority_index is not None else None,
            owner_group=_group(owner),
            status=status,
            position=position,
            golden_thread="race" in title,
        )
    points = []
    for theme, summary, owning_group, expectation, golden in LEARNING:
        points.append(
            LearningPoint.objects.create(
                year=year,
                theme=theme,
                summary=summary,
                source=LearningPoint.Source.ANNUAL_REPORT,
                source_reference=f"Annual report {label}",
                owning_group=_group(owning_group) if owning_group else None,
                expectation=expectation,
                golden_thread=golden,
            )
        )
    RepresentationWanted.objects.get_or_create(
        group=_group("Partnership Executive"),
        agency_kind=Agency.Kind.SCHOOL,
        defaults={"reason": "education at a strategic level"},
    )
    _demo_actions_and_assurance(points, priorities, today)


def _demo_actions_and_assurance(
    points: list[LearningPoint], priorities: list[Priority], today: date
) -> None:
    performance = _group("Performance Management Subgroup")
    police = Agency.objects.get(name="Northshire Police")
    hospitals = Agency.objects.get(name="Northgate Teaching Hospitals NHS Trust")
    Action.objects.create(
        learning_point=points[3],
        priority=priorities[3],
        title="Agree the early help measures each partner will report every quarter",
        owner_group=performance,
        due_on=today - timedelta(days=20),
        status=WorkStatus.IN_PROGRESS,
    )
    Action.objects.create(
        learning_point=points[1],
        title="Add care leavers' housing and custody figures to the performance report",
        owner_group=performance,
        lead_agency=Agency.objects.get(name="Northgate Council Housing"),
        due_on=today + timedelta(days=45),
        golden_thread=True,
    )
    Action.objects.create(
        learning_point=points[8],
        priority=priorities[2],
        title="Sign up every secondary school to the police intelligence portal",
        owner_group=_group("Risk and Vulnerability Subgroup"),
        lead_agency=police,
        due_on=today + timedelta(days=90),
    )
    chair = User.objects.filter(memberships__group=performance, memberships__is_chair=True).first()
    if chair is None:
        return
    request = AssuranceRequest.objects.create(
        asked_by=performance,
        learning_point=points[3],
        priority=priorities[3],
        question=(
            "When your agency leads an early help plan, how do you know it made a difference "
            "for the family? Please send your figures for the last two quarters and what "
            "they tell you."
        ),
        due_on=today + timedelta(days=14),
        created_by=chair,
    )
    answered = AssuranceRecipient.objects.create(request=request, agency=hospitals)
    # The police's agency lead has this to answer when they sign in.
    AssuranceRecipient.objects.create(request=request, agency=police)
    lead = User.objects.filter(agency=hospitals).first() or chair
    AssuranceResponse.objects.create(
        recipient=answered,
        narrative=(
            "Our midwives and health visitors led 212 early help plans in the last two "
            "quarters. Four in five closed with the family's needs met; we do not yet know how "
            "many families came back within a year, and are working with the council to link "
            "the records."
        ),
        responded_by=lead,
    )
    _demo_request_to_judge(performance, chair, hospitals, points, today)


def _demo_request_to_judge(
    group: PartnershipGroup,
    chair: User,
    hospitals: Agency,
    points: list[LearningPoint],
    today: date,
) -> None:
    """A request whose answer is in and whose date has passed: the group's chair has a
    judgement to make when they sign in."""
    request = AssuranceRequest.objects.create(
        asked_by=group,
        learning_point=points[1],
        question=(
            "How many care leavers in your services were homeless or in custody in the last "
            "quarter, and what did you do about it?"
        ),
        due_on=today - timedelta(days=3),
        created_by=chair,
        golden_thread=True,
    )
    asked = AssuranceRecipient.objects.create(request=request, agency=hospitals)
    AssuranceResponse.objects.create(
        recipient=asked,
        narrative=(
            "Eleven care leavers were seen in our emergency department with no fixed address; "
            "each was referred to the leaving care team the same day. We cannot yet say how "
            "many were in custody: that figure sits with the police and probation."
        ),
        responded_by=User.objects.filter(agency=hospitals).first() or chair,
    )


def publish_demo_report() -> None:
    """Publish the demo year's annual report through the business unit, once its returns
    and figures are in, so the demo shows a published edition as a partnership would."""
    year = PartnershipYear.objects.filter(label=YEAR[0]).first()
    business_unit = User.objects.filter(role=Role.BUSINESS_UNIT, is_demo=True).first()
    if year is None or business_unit is None or year.editions.exists():
        return
    annual_report_publish(actor=business_unit, year=year, base_url=settings.SITE_URL)
