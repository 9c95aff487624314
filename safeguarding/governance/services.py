"""Every write in `governance`: the plan, learning and actions, and the assurance cycle.

Each function is one transaction and records what it did in the audit trail.
"""

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.text import slugify

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.accounts.queries import agencies_without_leads, groups_without_chairs
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_CREATED, REMINDER_SENT
from safeguarding.core.models import Agency
from safeguarding.core.services import log_action, save_with_audit
from safeguarding.core.storage import EncryptedFileSystemStorage
from safeguarding.core.wording import in_words
from safeguarding.governance import notifications
from safeguarding.governance.models import (
    OPEN_STATUSES,
    Action,
    AssuranceRecipient,
    AssuranceRequest,
    AssuranceResponse,
    EvidenceFile,
    LearningPoint,
    PartnershipYear,
    PlannedWork,
    Priority,
    PublishedReport,
    RepresentationWanted,
    WorkStatus,
)
from safeguarding.governance.report import annual_report, annual_report_body, annual_report_pdf

YEAR_FIELDS = ["label", "starts_on", "ends_on", "is_current", "report_introduction"]
PRIORITY_FIELDS = ["year", "title", "statement", "position", "golden_thread"]
PLANNED_WORK_FIELDS = [
    "year",
    "priority",
    "title",
    "description",
    "kind",
    "owner_group",
    "lead_agency",
    "status",
    "evidence_of_completion",
    "golden_thread",
]
LEARNING_POINT_FIELDS = [
    "year",
    "theme",
    "summary",
    "detail",
    "source",
    "source_reference",
    "owning_group",
    "expectation",
    "golden_thread",
    "is_closed",
]
ACTION_FIELDS = [
    "learning_point",
    "priority",
    "title",
    "owner_group",
    "lead_agency",
    "due_on",
    "status",
    "completed_on",
    "progress_note",
    "golden_thread",
]

# Evidence: what may be sent, by extension and by the bytes a real file of that kind starts with.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_FILES = 5
EVIDENCE_FIELD = "evidence_files"
ZIP = b"PK\x03\x04"
EVIDENCE_KINDS: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (ZIP,),
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (ZIP,),
    ),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".csv": ("text/csv", ()),
    ".txt": ("text/plain", ()),
}


class GovernanceError(ValueError):
    """A request the platform refuses; the message says what is wrong and what to do.

    `field` names the form field the message belongs beside, if any.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@transaction.atomic
def year_save(*, actor: User, year: PartnershipYear) -> PartnershipYear:
    """Create or change a year. Making it current makes every other year not current."""
    if year.is_current:
        PartnershipYear.objects.filter(is_current=True).exclude(pk=year.pk).update(is_current=False)
    save_with_audit(actor=actor, instance=year, fields=YEAR_FIELDS)
    return year


def annual_report_publish(
    *, actor: User, year: PartnershipYear, base_url: str, today: date | None = None
) -> PublishedReport:
    """Publish the year's annual report as it stands now: a new edition, its text and PDF
    frozen and kept for ever, superseding (never replacing) any earlier edition.

    The report and its PDF are drawn before the transaction, so the database is held only
    for the moment it takes to store them.
    """
    drawn = annual_report(year=year, today=today)
    body = annual_report_body(report=drawn)
    pdf = annual_report_pdf(report=drawn, base_url=base_url, body=body)
    with transaction.atomic():
        year = PartnershipYear.objects.select_for_update().get(pk=year.pk)
        latest = year.editions.order_by("-edition").first()
        edition = PublishedReport(
            year=year,
            edition=(latest.edition + 1) if latest else 1,
            published_by=actor,
            body_html=body,
            body_sha256=hashlib.sha256(body.encode()).hexdigest(),
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        )
        edition.pdf.save(
            f"{slugify(year.label)}-edition-{edition.edition}-{edition.pdf_sha256[:12]}.pdf",
            ContentFile(pdf),
            save=False,
        )
        edition.save()
        before = year.report_published_on
        year.report_published_on = today or timezone.localdate()
        year.save(update_fields=["report_published_on"])
        log_action(
            actor=actor,
            action=RECORD_CHANGED,
            target=year,
            changes={
                "report published on": [
                    before.isoformat() if before else None,
                    year.report_published_on.isoformat(),
                ],
                "edition": [latest.edition if latest else None, edition.edition],
            },
        )
        log_action(
            actor=actor,
            action=RECORD_CREATED,
            target=edition,
            changes={"pdf sha256": [None, edition.pdf_sha256]},
        )
    return edition


def priority_save(*, actor: User, priority: Priority) -> Priority:
    """Create or change a priority, recording what changed."""
    save_with_audit(actor=actor, instance=priority, fields=PRIORITY_FIELDS)
    return priority


@transaction.atomic
def part_add(*, actor: User, part: Model, parent: Model, fields: Sequence[str]) -> Model:
    """Add a strand or outcome measure to a priority, or a milestone to planned work.

    Recorded on the part and on its parent, so the parent's history shows it.
    """
    save_with_audit(actor=actor, instance=part, fields=fields)
    log_action(
        actor=actor,
        action=RECORD_CHANGED,
        target=parent,
        changes={str(part._meta.verbose_name): [None, str(part)]},
    )
    return part


@transaction.atomic
def representation_wanted_set(
    *, actor: User, group: PartnershipGroup, agency_kinds: Sequence[str]
) -> list[str]:
    """Declare which kinds of agency the partnership wants on a group."""
    before = sorted(group.representation_wanted.values_list("agency_kind", flat=True))
    group.representation_wanted.exclude(agency_kind__in=agency_kinds).delete()
    for kind in agency_kinds:
        RepresentationWanted.objects.get_or_create(group=group, agency_kind=kind)
    after = sorted(agency_kinds)
    if before != after:
        log_action(
            actor=actor,
            action=RECORD_CHANGED,
            target=group,
            changes={"agencies wanted": [before, after]},
        )
    return after


def planned_work_save(*, actor: User, work: PlannedWork) -> PlannedWork:
    """Create or change an item of planned work, recording what changed."""
    save_with_audit(actor=actor, instance=work, fields=PLANNED_WORK_FIELDS)
    return work


def learning_point_save(*, actor: User, learning_point: LearningPoint) -> LearningPoint:
    """Create or change a learning point, recording what changed."""
    save_with_audit(actor=actor, instance=learning_point, fields=LEARNING_POINT_FIELDS)
    return learning_point


# What only those who may reassign an action change (the rest of ACTION_FIELDS is its
# progress), in the words a refusal uses.
ACTION_FIELD_WORDS = {
    "learning_point": "learning point",
    "priority": "priority",
    "title": "description",
    "owner_group": "owning group",
    "lead_agency": "lead agency",
    "due_on": "due date",
    "golden_thread": "golden thread",
}


def action_save(*, actor: User, action: Action, today: date | None = None) -> Action:
    """Create or change an action. Completing it stamps the day; reopening clears it.

    Only those who may reassign an action (`governance.reassign_action`) change anything
    but its status and progress; anyone else is refused and nothing is saved.
    """
    today = today or timezone.localdate()
    if action.pk is not None and not actor.has_perm("governance.reassign_action", action):
        stored = Action.objects.get(pk=action.pk)
        moved = [
            words
            for name, words in ACTION_FIELD_WORDS.items()
            if getattr(stored, name) != getattr(action, name)
        ]
        if moved:
            raise GovernanceError(
                "Only the chair of the group that owns this action, or the business unit, "
                f"can change its {' and '.join(moved)}"
            )
    if action.status == WorkStatus.COMPLETE and action.completed_on is None:
        action.completed_on = today
    elif action.status != WorkStatus.COMPLETE:
        action.completed_on = None
    save_with_audit(actor=actor, instance=action, fields=ACTION_FIELDS)
    return action


@transaction.atomic
def assurance_request_create(
    *,
    actor: User,
    asked_by: PartnershipGroup,
    question: str,
    due_on: date,
    agencies: Sequence[Agency] = (),
    groups: Sequence[PartnershipGroup] = (),
    learning_point: LearningPoint | None = None,
    priority: Priority | None = None,
    golden_thread: bool = False,
    today: date | None = None,
) -> AssuranceRequest:
    """A group asks agencies and/or other groups a question, to be answered by `due_on`.

    Each recipient is told by email once the request is saved.
    """
    today = today or timezone.localdate()
    if not agencies and not groups:
        raise GovernanceError("Select at least one agency or group to ask")
    if due_on <= today:
        raise GovernanceError("The date to answer by must be in the future")
    if asked_by in groups:
        raise GovernanceError("A group cannot ask itself for assurance")
    # A request to nobody would wait for ever, and the chair would be told it was sent.
    if unled := agencies_without_leads(agencies):
        names = in_words([str(agency) for agency in unled])
        raise GovernanceError(
            f"{names} {'has' if len(unled) == 1 else 'have'} no agency lead "
            "to answer. Untick them, or ask the business unit to make someone there an "
            "agency lead first",
            field="agencies",
        )
    if unchaired := groups_without_chairs(groups):
        names = in_words([str(group) for group in unchaired])
        raise GovernanceError(
            f"{names} {'has' if len(unchaired) == 1 else 'have'} no "
            "chair to answer. Untick them, or ask the business unit to name a chair first",
            field="groups",
        )
    request = AssuranceRequest.objects.create(
        asked_by=asked_by,
        question=question.strip(),
        due_on=due_on,
        learning_point=learning_point,
        priority=priority,
        golden_thread=golden_thread,
        created_by=actor,
    )
    recipients = [AssuranceRecipient(request=request, agency=agency) for agency in agencies]
    recipients += [AssuranceRecipient(request=request, group=group) for group in groups]
    AssuranceRecipient.objects.bulk_create(recipients)
    log_action(
        actor=actor,
        action=RECORD_CREATED,
        target=request,
        changes={
            "asked by": [None, asked_by.name],
            "question": [None, request.question],
            "due on": [None, due_on.isoformat()],
            "asked": [None, [str(r) for r in recipients]],
        },
    )
    transaction.on_commit(lambda: notifications.request_sent(request=request))
    return request


def _evidence_kind(upload: UploadedFile[bytes]) -> str:
    """The content type of an acceptable evidence file; refuse anything else by name."""
    name = upload.name or "the file"
    extension = PurePath(name).suffix.lower()
    if extension not in EVIDENCE_KINDS:
        accepted = ", ".join(sorted(e.lstrip(".").upper() for e in EVIDENCE_KINDS))
        raise GovernanceError(
            f"{name} is not a kind of file we accept. Send {accepted}", field=EVIDENCE_FIELD
        )
    if upload.size is None or upload.size == 0:
        raise GovernanceError(f"{name} is empty", field=EVIDENCE_FIELD)
    if upload.size > EVIDENCE_MAX_BYTES:
        raise GovernanceError(
            f"{name} is larger than {EVIDENCE_MAX_BYTES // (1024 * 1024)} MB. "
            "Send a smaller file or a link to it",
            field=EVIDENCE_FIELD,
        )
    content_type, signatures = EVIDENCE_KINDS[extension]
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if signatures and not any(head.startswith(signature) for signature in signatures):
        raise GovernanceError(
            f"{name} is not a real {extension.lstrip('.').upper()} file", field=EVIDENCE_FIELD
        )
    return content_type


@transaction.atomic
def assurance_response_submit(
    *,
    actor: User,
    recipient: AssuranceRecipient,
    narrative: str,
    links: str = "",
    files: Iterable[UploadedFile[bytes]] = (),
) -> AssuranceResponse:
    """An agency or group answers a request with narrative, links and evidence files.

    Every file is checked before anything is saved, so a bad file changes nothing.
    """
    files = list(files)
    if recipient.request.judgement:
        raise GovernanceError("This request has already been judged, so it takes no more answers")
    if AssuranceResponse.objects.filter(recipient=recipient).exists():
        raise GovernanceError(f"{recipient} has already answered this request")
    if not narrative.strip():
        raise GovernanceError("Enter your answer", field="narrative")
    if len(files) > EVIDENCE_MAX_FILES:
        raise GovernanceError(f"Send at most {EVIDENCE_MAX_FILES} files", field=EVIDENCE_FIELD)
    kinds = [_evidence_kind(upload) for upload in files]
    response = AssuranceResponse.objects.create(
        recipient=recipient, narrative=narrative.strip(), links=links.strip(), responded_by=actor
    )
    stored = []
    for upload, content_type in zip(files, kinds, strict=True):
        data = upload.read()
        evidence = EvidenceFile(
            response=response,
            original_name=PurePath(upload.name or "evidence").name[:255],
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        # A random stored name: the sender's file name never reaches the file system.
        suffix = PurePath(evidence.original_name).suffix.lower()
        evidence.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(data), save=False)
        evidence.save()
        stored.append(evidence.original_name)
    log_action(
        actor=actor,
        action=RECORD_CREATED,
        target=response,
        changes={"answered for": [None, str(recipient)], "files": [None, stored]},
    )
    # Also on the request, so its history shows who has answered and when.
    log_action(
        actor=actor,
        action=RECORD_CHANGED,
        target=recipient.request,
        changes={"answered by": [None, str(recipient)]},
    )
    transaction.on_commit(lambda: notifications.response_received(response=response))
    return response


@transaction.atomic
def assurance_judge(
    *,
    actor: User,
    request: AssuranceRequest,
    judgement: str,
    reason: str,
    follow_up: str = "",
    today: date | None = None,
) -> AssuranceRequest:
    """The asking group records whether it is assured, why, and what happens next."""
    request = AssuranceRequest.objects.select_for_update().get(pk=request.pk)
    if judgement not in AssuranceRequest.Judgement.values:
        raise GovernanceError("Select assured, partly assured or not assured")
    if waits_for := request.judgement_waits_for(today):
        raise GovernanceError(waits_for)
    if not reason.strip():
        raise GovernanceError("Enter the reasons for your judgement")
    if judgement != AssuranceRequest.Judgement.ASSURED and not follow_up.strip():
        raise GovernanceError("Enter what will happen next, since the group is not fully assured")
    request.judgement = judgement
    request.judgement_reason = reason.strip()
    request.follow_up = follow_up.strip()
    request.judged_by = actor
    request.judged_at = timezone.now()
    request.save()
    log_action(
        actor=actor,
        action=RECORD_CHANGED,
        target=request,
        changes={
            "judgement": [None, request.get_judgement_display()],
            "reasons": [None, request.judgement_reason],
            "follow-up": [None, request.follow_up],
        },
    )
    return request


@transaction.atomic
def assurance_response_share(
    *, actor: User, response: AssuranceResponse, shared: bool
) -> AssuranceResponse:
    """The asking group lets the other agencies asked read an answer (or stops it).

    Answers are private to whoever gave them until this deliberate choice, which is
    recorded on the answer and on the request.
    """
    response = AssuranceResponse.objects.select_for_update().get(pk=response.pk)
    if response.shared_with_recipients == shared:
        return response
    response.shared_with_recipients = shared
    response.save(update_fields=["shared_with_recipients"])
    change = {"shared with everyone asked": [not shared, shared]}
    log_action(actor=actor, action=RECORD_CHANGED, target=response, changes=change)
    log_action(
        actor=actor,
        action=RECORD_CHANGED,
        target=response.recipient.request,
        changes={f"answer from {response.recipient} shared": [not shared, shared]},
    )
    return response


# Each overdue answer or action is chased at most this often.
CHASE_EVERY_DAYS = 7


@transaction.atomic
def overdue_chase(*, today: date | None = None) -> dict[str, int]:
    """Remind whoever owes an overdue answer or action, at most once a week each.

    Returns how many answers and actions were chased and how many emails went out.
    """
    today = today or timezone.localdate()
    not_lately = Q(last_chased_on__isnull=True) | Q(
        last_chased_on__lte=today - timedelta(days=CHASE_EVERY_DAYS)
    )
    recipients = list(
        AssuranceRecipient.objects.filter(
            not_lately,
            request__due_on__lt=today,
            request__judgement="",
            response__isnull=True,
        ).select_related("request__asked_by", "agency", "group")
    )
    actions = list(
        Action.objects.filter(
            not_lately, status__in=OPEN_STATUSES, due_on__lt=today
        ).select_related("owner_group", "lead_agency")
    )
    emails = sum(notifications.recipient_chased(recipient=r) for r in recipients)
    emails += sum(notifications.action_chased(action=a) for a in actions)
    AssuranceRecipient.objects.filter(pk__in=[r.pk for r in recipients]).update(
        last_chased_on=today
    )
    Action.objects.filter(pk__in=[a.pk for a in actions]).update(last_chased_on=today)
    summary = {"answers": len(recipients), "actions": len(actions), "emails": emails}
    if recipients or actions:
        log_action(
            actor=None,
            action=REMINDER_SENT,
            target_type="governance.chase",
            target_label=(
                f"Chased {len(recipients)} overdue answers and {len(actions)} overdue actions"
            ),
            changes={
                "answers": [str(r.request_id) + ": " + str(r) for r in recipients],
                "actions": [a.pk for a in actions],
                "emails": emails,
            },
        )
    return summary


def evidence_files_rotate() -> int:
    """Encrypt every evidence file again with the first configured key."""
    files = list(EvidenceFile.objects.all())
    for evidence in files:
        storage = evidence.file.storage
        assert isinstance(storage, EncryptedFileSystemStorage)
        storage.save_encrypted_again(str(evidence.file.name))
    return len(files)
