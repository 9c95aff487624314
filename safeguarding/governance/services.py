"""Writes that span the plan and the assurance cycle: chasing whatever is overdue."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safeguarding.core.audit_verbs import REMINDER_SENT
from safeguarding.core.services import log_action
from safeguarding.governance import notifications
from safeguarding.governance.models import OPEN_STATUSES, Action, AssuranceRecipient

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
