"""Every write to the plan: years, priorities and their parts, planned work, learning
points and the actions that answer them, and the agencies wanted on each group.

Each function is one transaction and records what it did in the audit trail. Each record
is saved with the fields its model lists (`EDITABLE`, `AUDITED`), the same list its form
shows, so nothing a form changes goes unrecorded.
"""

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.core.audit_verbs import RECORD_CHANGED
from safeguarding.core.services import log_action, save_with_audit
from safeguarding.governance.errors import GovernanceError
from safeguarding.governance.models import (
    Action,
    LearningPoint,
    Milestone,
    OutcomeMeasure,
    PartnershipYear,
    PlannedWork,
    Priority,
    PriorityStrand,
    RepresentationWanted,
    WorkStatus,
)


@transaction.atomic
def year_save(*, actor: User, year: PartnershipYear) -> PartnershipYear:
    """Create or change a year. Making it current makes every other year not current."""
    if year.is_current:
        PartnershipYear.objects.filter(is_current=True).exclude(pk=year.pk).update(is_current=False)
    save_with_audit(actor=actor, instance=year, fields=PartnershipYear.AUDITED)
    return year


def priority_save(*, actor: User, priority: Priority) -> Priority:
    """Create or change a priority, recording what changed."""
    save_with_audit(actor=actor, instance=priority, fields=Priority.AUDITED)
    return priority


@transaction.atomic
def part_add(
    *, actor: User, part: PriorityStrand | OutcomeMeasure | Milestone, parent: Model
) -> Model:
    """Add a strand or outcome measure to a priority, or a milestone to planned work.

    Recorded on the part and on its parent, so the parent's history shows it.
    """
    save_with_audit(actor=actor, instance=part, fields=part.AUDITED)
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
    save_with_audit(actor=actor, instance=work, fields=PlannedWork.AUDITED)
    return work


def learning_point_save(*, actor: User, learning_point: LearningPoint) -> LearningPoint:
    """Create or change a learning point, recording what changed."""
    save_with_audit(actor=actor, instance=learning_point, fields=LearningPoint.AUDITED)
    return learning_point


# What only those who may reassign an action change (the rest of Action.EDITABLE is its
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
    save_with_audit(actor=actor, instance=action, fields=Action.AUDITED)
    return action
