"""The writes of a document import: keep the proposal, then create what a person accepts.

What is accepted becomes governance's records (a year, priorities, strands, planned work,
learning points); governance knows nothing of assist.
"""

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.assist.importing.extract import ImportRefused, document_text
from safeguarding.assist.importing.proposal import Proposal
from safeguarding.assist.importing.propose import propose
from safeguarding.assist.importing.stored import proposal_to_json
from safeguarding.assist.matching import (
    groups_matched_by_model,
    named_groups_to_match,
    sections_by_meaning,
)
from safeguarding.assist.model import embedder_load, embedder_status
from safeguarding.assist.model_services import embeddings_compute
from safeguarding.assist.models import DocumentImport
from safeguarding.assist.tasks import document_import_embed
from safeguarding.core.audit_verbs import RECORD_CHANGED, RECORD_CREATED
from safeguarding.core.services import log_action
from safeguarding.governance.models import (
    LearningPoint,
    PartnershipYear,
    PlannedWork,
    Priority,
    PriorityStrand,
)
from safeguarding.governance.plan import services as governance_services


@transaction.atomic
def document_import_read(*, actor: User, name: str, data: bytes) -> DocumentImport:
    """Read a document and keep what it proposes for review. Creates nothing else.

    A readable document is kept even when nothing is proposed: the review screen shows
    it whole, for a person to mark up what the rules missed. Raises `ImportRefused` (with
    a message naming the file) only for what cannot be read.
    """
    text = document_text(name=name, data=data)
    group_names = list(PartnershipGroup.objects.values_list("name", flat=True))
    proposal = propose(text, group_names=group_names, headings_read=_headings_read)
    proposal = _with_model(proposal, group_names=group_names)
    document = DocumentImport.objects.create(
        original_name=name[:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        proposal=proposal_to_json(proposal),
        created_by=actor,
    )
    log_action(actor=actor, action=RECORD_CREATED, target=document)
    # The model reads the rest (passages, proposals, records held) in the background, so
    # the upload answers at once; the review screen shows repeats once it has.
    transaction.on_commit(lambda: _embed_later(document.pk))
    return document


def _with_model(proposal: Proposal, *, group_names: list[str]) -> Proposal:
    """The proposal with what the local model adds: the partnership's group for each
    group named in other words. Without the model, the rules' proposal, saying why."""
    named = named_groups_to_match(proposal)
    if not named:
        return proposal
    if embedder_load() is None:
        notice = (
            f"{embedder_status()}, so groups named in other words ({', '.join(named)}) were "
            "matched by the rules alone: choose their groups by hand."
        )
        return dataclasses.replace(proposal, warnings=[*proposal.warnings, notice])
    vectors = embeddings_compute(texts=[*group_names, *named])
    return groups_matched_by_model(proposal, group_names=group_names, vectors=vectors)


def _headings_read(headings: Sequence[str]) -> Mapping[str, str]:
    """The local model reading headings by their meaning. Its embeddings are stored, so a
    heading seen before costs nothing; without the model there are none, and nothing is
    read so."""
    return sections_by_meaning(headings, vectors_of=lambda texts: embeddings_compute(texts=texts))


def _embed_later(document_id: int) -> None:
    document_import_embed.enqueue(document_id)


@dataclass(frozen=True)
class AcceptedItems:
    """What the reviewer kept, as edited. Each list holds the fields of one kind of record."""

    priorities: Sequence[dict[str, Any]] = ()
    strands: Sequence[dict[str, Any]] = ()
    planned_work: Sequence[dict[str, Any]] = ()
    learning_points: Sequence[dict[str, Any]] = ()


@dataclass(frozen=True)
class Accepted:
    """The year the items went into, and how many of each kind were created."""

    year: PartnershipYear
    counts: dict[str, int]


@transaction.atomic
def document_import_accept(
    *, actor: User, document: DocumentImport, year: PartnershipYear, items: AcceptedItems
) -> Accepted:
    """Create every accepted item in `year`, all or nothing, and mark the import accepted.

    `year` is one the partnership has, or a new one (not yet saved) that is made first, in
    the same transaction. A strand names its priority by the title the reviewer gave it.
    """
    document = DocumentImport.objects.select_for_update().get(pk=document.pk)
    if document.status != DocumentImport.Status.PROPOSED:
        raise ImportRefused(
            f"{document.original_name} has already been {document.get_status_display().lower()}"
        )
    if year.pk is None:
        year = governance_services.year_save(actor=actor, year=year)
    start = year.priorities.count()
    priorities: dict[str, Priority] = {}
    for position, fields in enumerate(items.priorities, start=start):
        priority = Priority.objects.create(year=year, position=position, **fields)
        priorities[priority.title] = priority
    for position, fields in enumerate(items.strands):
        named = fields["priority_title"]
        belongs_to = priorities.get(named) or year.priorities.filter(title=named).first()
        if belongs_to is None:
            raise ImportRefused(f"The strand “{fields['title']}” belongs to a priority not kept")
        PriorityStrand.objects.create(priority=belongs_to, position=position, title=fields["title"])
    start = year.planned_work.count()
    for position, fields in enumerate(items.planned_work, start=start):
        PlannedWork.objects.create(year=year, position=position, **fields)
    for fields in items.learning_points:
        LearningPoint.objects.create(
            year=year,
            source=LearningPoint.Source.ANNUAL_REPORT,
            source_reference=document.original_name[:200],
            **fields,
        )
    document.status = DocumentImport.Status.ACCEPTED
    document.year = year
    document.decided_at = timezone.now()
    document.save(update_fields=["status", "year", "decided_at"])
    counts = {
        "priorities": len(items.priorities),
        "strands": len(items.strands),
        "planned work": len(items.planned_work),
        "learning points": len(items.learning_points),
    }
    log_action(
        actor=actor,
        action=RECORD_CHANGED,
        target=document,
        changes={"status": ["proposed", "accepted"], "year": [None, year.label], "created": counts},
    )
    return Accepted(year=year, counts=counts)


@transaction.atomic
def document_import_discard(*, actor: User, document: DocumentImport) -> None:
    """Set a proposal aside without creating anything from it."""
    if document.status != DocumentImport.Status.PROPOSED:
        raise ImportRefused(
            f"{document.original_name} has already been {document.get_status_display().lower()}"
        )
    document.status = DocumentImport.Status.DISCARDED
    document.decided_at = timezone.now()
    document.save(update_fields=["status", "decided_at"])
    log_action(
        actor=actor,
        action=RECORD_CHANGED,
        target=document,
        changes={"status": ["proposed", "discarded"]},
    )
