"""Assist's records for tests: a document read and waiting for review."""

import dataclasses
from dataclasses import dataclass
from typing import Any

from safeguarding.accounts.models import User
from safeguarding.assist.importing import Proposal, ProposedPriority
from safeguarding.assist.importing.stored import proposal_to_json
from safeguarding.assist.models import DocumentImport
from safeguarding.core.roles import Role


@dataclass
class AssistRecords:
    document: DocumentImport


def proposal(**fields: Any) -> Proposal:
    """A small proposal: one priority, nothing else, unless `fields` say otherwise."""
    small = Proposal(
        priorities=[ProposedPriority("Family help")],
        strands=[],
        planned_work=[],
        learning_points=[],
        year_label=None,
        golden_thread_statement=None,
        warnings=[],
    )
    return dataclasses.replace(small, **fields)


def build_assist_records(*, people: dict[str, User]) -> AssistRecords:
    """A plan the business unit has uploaded and not yet reviewed."""
    document = DocumentImport.objects.create(
        original_name="plan.txt",
        size=10,
        sha256="0" * 64,
        text="Priorities\n• Family help",
        proposal=proposal_to_json(proposal()),
        created_by=people[Role.BUSINESS_UNIT],
    )
    return AssistRecords(document=document)
