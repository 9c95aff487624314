"""Emails about assurance requests and overdue work, and who receives them."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse

from safeguarding.accounts.models import PartnershipGroup, Role, User
from safeguarding.core.models import Agency
from safeguarding.governance.models import (
    Action,
    AssuranceRecipient,
    AssuranceRequest,
    AssuranceResponse,
)


def agency_leads(agency: Agency | None) -> QuerySet[User]:
    """The people who answer for an agency."""
    if agency is None:
        return User.objects.none()
    return User.objects.filter(agency=agency, role=Role.AGENCY_LEAD, is_active=True)


def chairs(group: PartnershipGroup | None) -> QuerySet[User]:
    """The people who chair a group."""
    if group is None:
        return User.objects.none()
    return User.objects.filter(memberships__group=group, memberships__is_chair=True, is_active=True)


def recipient_people(recipient: AssuranceRecipient) -> QuerySet[User]:
    """Who must answer for this recipient: an agency's leads, or a group's chairs."""
    return agency_leads(recipient.agency) if recipient.agency_id else chairs(recipient.group)


def agencies_without_leads(agencies: Iterable[Agency]) -> list[Agency]:
    """Of these agencies, those with no active agency lead: nobody could answer them."""
    agencies = list(agencies)
    answered = set(
        User.objects.filter(agency__in=agencies, role=Role.AGENCY_LEAD, is_active=True).values_list(
            "agency_id", flat=True
        )
    )
    return [agency for agency in agencies if agency.pk not in answered]


def groups_without_chairs(groups: Iterable[PartnershipGroup]) -> list[PartnershipGroup]:
    """Of these groups, those with no active chair: nobody could answer for them."""
    groups = list(groups)
    chaired = set(
        User.objects.filter(
            memberships__group__in=groups, memberships__is_chair=True, is_active=True
        ).values_list("memberships__group_id", flat=True)
    )
    return [group for group in groups if group.pk not in chaired]


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_to_people(
    *, subject: str, template: str, context: dict[str, object], to: Iterable[User]
) -> int:
    """Email each person once (the body rendered from `template`); return how many."""
    addresses = sorted({person.email for person in to})
    if not addresses:
        return 0
    body = render_to_string(template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
    return len(addresses)


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
