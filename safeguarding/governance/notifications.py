"""Emails about assurance requests and overdue work, and who receives them."""

from django.db.models import QuerySet
from django.urls import reverse

from safeguarding.accounts.models import User
from safeguarding.accounts.queries import agency_leads, chairs
from safeguarding.core.mail import absolute, send_to_people
from safeguarding.governance.models import (
    Action,
    AssuranceRecipient,
    AssuranceRequest,
    AssuranceResponse,
)


def recipient_people(recipient: AssuranceRecipient) -> QuerySet[User]:
    """Who must answer for this recipient: an agency's leads, or a group's chairs."""
    return agency_leads(recipient.agency) if recipient.agency_id else chairs(recipient.group)


def request_sent(*, assurance: AssuranceRequest) -> int:
    """Tell everyone asked that a request is waiting for their answer."""
    link = absolute(reverse("governance:request-detail", args=[assurance.pk]))
    sent = 0
    for recipient in assurance.recipients.select_related("agency", "group"):
        sent += send_to_people(
            subject=f"{assurance.asked_by} asks for assurance by {assurance.due_on:%-d %B %Y}",
            template="governance/email/request_sent.txt",
            context={"request": assurance, "recipient": recipient, "link": link},
            to=recipient_people(recipient),
        )
    return sent


def response_received(*, answer: AssuranceResponse) -> int:
    """Tell the asking group's chairs that an answer has arrived."""
    assurance = answer.recipient.request
    return send_to_people(
        subject=f"{answer.recipient} has answered your request for assurance",
        template="governance/email/response_received.txt",
        context={
            "request": assurance,
            "response": answer,
            "waits_for": assurance.judgement_waits_for(),
            "link": absolute(reverse("governance:request-detail", args=[assurance.pk])),
        },
        to=chairs(assurance.asked_by),
    )


def recipient_chased(*, recipient: AssuranceRecipient) -> int:
    """Remind the people who answer for a recipient that their answer is overdue."""
    assurance = recipient.request
    return send_to_people(
        subject=f"Overdue: {assurance.asked_by} is waiting for your answer",
        template="governance/email/recipient_chased.txt",
        context={
            "request": assurance,
            "recipient": recipient,
            "link": absolute(reverse("governance:request-detail", args=[assurance.pk])),
        },
        to=recipient_people(recipient),
    )


def action_chased(*, action: Action) -> int:
    """Remind the owning group's chairs and the lead agency's leads of an overdue action."""
    people = list(chairs(action.owner_group)) + list(agency_leads(action.lead_agency))
    return send_to_people(
        subject=f"Overdue action: {action.title[:80]}",
        template="governance/email/action_chased.txt",
        context={
            "action": action,
            "link": absolute(reverse("governance:action-detail", args=[action.pk])),
        },
        to=people,
    )
