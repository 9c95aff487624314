"""A small year of governance records for tests: one of everything, linked up."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.core.models import Agency
from safeguarding.core.roles import Role
from safeguarding.governance.models import (
    Action,
    AssuranceRecipient,
    AssuranceRequest,
    AssuranceResponse,
    EvidenceFile,
    LearningPoint,
    PartnershipYear,
    PlannedWork,
    Priority,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class GovernanceRecords:
    year: PartnershipYear
    priority: Priority
    work: PlannedWork
    learning_point: LearningPoint
    action: Action
    request: AssuranceRequest
    council_asked: AssuranceRecipient
    police_asked: AssuranceRecipient
    evidence: EvidenceFile


def build_governance_records(
    *,
    group: PartnershipGroup,
    agencies: dict[str, Agency],
    people: dict[str, User],
    today: date | None = None,
) -> GovernanceRecords:
    """`group` asks the council and the police for assurance; the police have answered."""
    today = today or timezone.localdate()
    year = PartnershipYear.objects.create(
        label="2025-26", starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31), is_current=True
    )
    priority = Priority.objects.create(year=year, title="Family help", golden_thread=True)
    work = PlannedWork.objects.create(
        year=year, priority=priority, title="A family help event", owner_group=group
    )
    point = LearningPoint.objects.create(
        year=year,
        theme="Early help",
        summary="Gather partners' evidence that early help works",
        source=LearningPoint.Source.ANNUAL_REPORT,
        owning_group=group,
        expectation=LearningPoint.Expectation.SEEK_ASSURANCE,
    )
    action = Action.objects.create(
        learning_point=point,
        priority=priority,
        title="Agree the measures",
        owner_group=group,
        lead_agency=agencies["police"],
        due_on=today + timedelta(days=30),
    )
    request = AssuranceRequest.objects.create(
        asked_by=group,
        learning_point=point,
        priority=priority,
        question="How do you know your early help plans work?",
        due_on=today + timedelta(days=14),
        created_by=people[Role.GROUP_CHAIR],
    )
    council = AssuranceRecipient.objects.create(request=request, agency=agencies["council"])
    police = AssuranceRecipient.objects.create(request=request, agency=agencies["police"])
    response = AssuranceResponse.objects.create(
        recipient=police,
        narrative="Our figures are attached.",
        responded_by=people[Role.INTELLIGENCE_OFFICER],
    )
    evidence = EvidenceFile(
        response=response,
        original_name="figures.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )
    evidence.file.save("figures.pdf", ContentFile(PDF_BYTES), save=False)
    evidence.save()
    return GovernanceRecords(
        year=year,
        priority=priority,
        work=work,
        learning_point=point,
        action=action,
        request=request,
        council_asked=council,
        police_asked=police,
        evidence=evidence,
    )
