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


def request_sent(*, request: AssuranceRequest) -> int:
    """Tell everyone asked that a request is waiting for their answer."""
    link = absolute(reverse("governance:request-detail", args=[request.pk]))
    sent = 0
    for recipient in request.recipients.select_related("agency", "group"):
        sent += send_to_people(
            subject=f"{request.asked_by} asks for assurance by {request.due_on:%-d %B %Y}",
            template="governance/email/request_sent.txt",
            context={"request": request, "recipient": recipient, "link": link},
            to=recipient_people(recipient),
        )
    return sent


def response_received(*, response: AssuranceResponse) -> int:
    """Tell the asking group's chairs that an answer has arrived."""
    request = response.recipient.request
    return send_to_people(
        subject=f"{response.recipient} has answered your request for assurance",
        template="governance/email/response_received.txt",
        context={
            "request": request,
            "response": response,
            "waits_for": request.judgement_waits_for(),
            "link": absolute(reverse("governance:request-detail", args=[request.pk])),
        },
        to=chairs(request.asked_by),
    )


def recipient_chased(*, recipient: AssuranceRecipient) -> int:
    """Remind the people who answer for a recipient that their answer is overdue."""
    request = recipient.request
    return send_to_people(
        subject=f"Overdue: {request.asked_by} is waiting for your answer",
        template="governance/email/recipient_chased.txt",
        context={
            "request": request,
            "recipient": recipient,
            "link": absolute(reverse("governance:request-detail", args=[request.pk])),
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
