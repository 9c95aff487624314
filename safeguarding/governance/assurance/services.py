"""Every write in the assurance cycle: a group asks, agencies and groups answer with
evidence, the group shares answers and judges whether it is assured.

Each function is one transaction and records what it did in the audit trail.
"""

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.accounts.queries import agencies_without_leads, groups_without_chairs
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_CREATED, RECORD_VIEWED
from safeguarding.core.models import Agency
from safeguarding.core.services import log_action
from safeguarding.core.storage import EncryptedFileSystemStorage
from safeguarding.core.wording import in_words
from safeguarding.governance import notifications
from safeguarding.governance.errors import GovernanceError
from safeguarding.governance.models import (
    AssuranceRecipient,
    AssuranceRequest,
    AssuranceResponse,
    EvidenceFile,
    LearningPoint,
    Priority,
)

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
    assurance = AssuranceRequest.objects.create(
        asked_by=asked_by,
        question=question.strip(),
        due_on=due_on,
        learning_point=learning_point,
        priority=priority,
        golden_thread=golden_thread,
        created_by=actor,
    )
    recipients = [AssuranceRecipient(request=assurance, agency=agency) for agency in agencies]
    recipients += [AssuranceRecipient(request=assurance, group=group) for group in groups]
    AssuranceRecipient.objects.bulk_create(recipients)
    log_action(
        actor=actor,
        action=RECORD_CREATED,
        target=assurance,
        changes={
            "asked by": [None, asked_by.name],
            "question": [None, assurance.question],
            "due on": [None, due_on.isoformat()],
            "asked": [None, [str(r) for r in recipients]],
        },
    )
    transaction.on_commit(lambda: notifications.request_sent(assurance=assurance))
    return assurance


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
    answer = AssuranceResponse.objects.create(
        recipient=recipient, narrative=narrative.strip(), links=links.strip(), responded_by=actor
    )
    stored = []
    for upload, content_type in zip(files, kinds, strict=True):
        data = upload.read()
        evidence = EvidenceFile(
            response=answer,
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
        target=answer,
        changes={"answered for": [None, str(recipient)], "files": [None, stored]},
    )
    # Also on the request, so its history shows who has answered and when.
    log_action(
        actor=actor,
        action=RECORD_CHANGED,
        target=recipient.request,
        changes={"answered by": [None, str(recipient)]},
    )
    transaction.on_commit(lambda: notifications.response_received(answer=answer))
    return answer


@transaction.atomic
def assurance_judge(
    *,
    actor: User,
    assurance: AssuranceRequest,
    judgement: str,
    reason: str,
    follow_up: str = "",
    today: date | None = None,
) -> AssuranceRequest:
    """The asking group records whether it is assured, why, and what happens next."""
    assurance = AssuranceRequest.objects.select_for_update().get(pk=assurance.pk)
    if judgement not in AssuranceRequest.Judgement.values:
        raise GovernanceError("Select assured, partly assured or not assured")
    if waits_for := assurance.judgement_waits_for(today):
        raise GovernanceError(waits_for)
    if not reason.strip():
        raise GovernanceError("Enter the reasons for your judgement")
    if judgement != AssuranceRequest.Judgement.ASSURED and not follow_up.strip():
        raise GovernanceError("Enter what will happen next, since the group is not fully assured")
    assurance.judgement = judgement
    assurance.judgement_reason = reason.strip()
    assurance.follow_up = follow_up.strip()
    assurance.judged_by = actor
    assurance.judged_at = timezone.now()
    assurance.save()
    log_action(
        actor=actor,
        action=RECORD_CHANGED,
        target=assurance,
        changes={
            "judgement": [None, assurance.get_judgement_display()],
            "reasons": [None, assurance.judgement_reason],
            "follow-up": [None, assurance.follow_up],
        },
    )
    return assurance


@transaction.atomic
def assurance_response_share(
    *, actor: User, answer: AssuranceResponse, shared: bool
) -> AssuranceResponse:
    """The asking group lets the other agencies asked read an answer (or stops it).

    Answers are private to whoever gave them until this deliberate choice, which is
    recorded on the answer and on the request.
    """
    answer = AssuranceResponse.objects.select_for_update().get(pk=answer.pk)
    if answer.shared_with_recipients == shared:
        return answer
    answer.shared_with_recipients = shared
    answer.save(update_fields=["shared_with_recipients"])
    change = {"shared with everyone asked": [not shared, shared]}
    log_action(actor=actor, action=RECORD_CHANGED, target=answer, changes=change)
    log_action(
        actor=actor,
        action=RECORD_CHANGED,
        target=answer.recipient.request,
        changes={f"answer from {answer.recipient} shared": [not shared, shared]},
    )
    return answer


def evidence_opened(*, actor: User, evidence: EvidenceFile) -> None:
    """Record that someone opened an evidence file: answers are sensitive, so every read is
    in the audit trail."""
    log_action(actor=actor, action=RECORD_VIEWED, target=evidence)


def evidence_files_rotate() -> int:
    """Encrypt every evidence file again with the first configured key."""
    files = list(EvidenceFile.objects.all())
    for evidence in files:
        storage = evidence.file.storage
        assert isinstance(storage, EncryptedFileSystemStorage)
        storage.save_encrypted_again(str(evidence.file.name))
    return len(files)
