"""Reads for `core` pages and exports."""

from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Model, Q, QuerySet
from django.utils import timezone

from safeguarding.core import audit_verbs
from safeguarding.core.models import (
    Agency,
    AuditEntry,
    AuditVerification,
    Code,
    CodeList,
    Locality,
    Partnership,
)


def partnership_get() -> Partnership | None:
    """The partnership this installation serves, or None before it is set up."""
    return Partnership.objects.first()


def agencies_list() -> QuerySet[Agency]:
    """Every agency, partners first, with how many people each has on the platform."""
    return Agency.objects.annotate(people_count=Count("people", filter=Q(people__is_active=True)))


def agencies_active(*, partners: bool) -> QuerySet[Agency]:
    """The agencies taking part now: the safeguarding partners, or (False) the others."""
    return agencies_list().filter(is_safeguarding_partner=partners, is_active=True)


def agency_people(*, agency: Agency) -> QuerySet[Any]:
    """The people of an agency who can still sign in, by name."""
    return agency.people.filter(is_active=True).order_by("full_name")


def memberships_of(*, user: Any) -> QuerySet[Any]:
    """A person's group memberships with their groups, for the staff home.

    Typed loosely: core sits below accounts, which owns people and groups."""
    return user.memberships.select_related("group")  # type: ignore[no-any-return]


def localities_list() -> QuerySet[Locality]:
    """The partnership's localities, used to break figures down by area."""
    return Locality.objects.order_by("name")


def code_lists_list() -> QuerySet[CodeList]:
    """Every code list with the number of codes in it."""
    return CodeList.objects.annotate(code_count=Count("codes"))


def codes_in_list(*, code_list: CodeList) -> QuerySet[Code]:
    """The codes of one list in their published order."""
    return code_list.codes.order_by("sort_order", "code")


def audit_entries_search(
    *,
    text: str = "",
    action: str = "",
    target_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """Audit entries matching every filter given, newest first.

    `text` matches the person who acted, the record acted on, or its id.
    """
    entries = AuditEntry.objects.select_related("actor")
    if text:
        entries = entries.filter(
            Q(actor_label__icontains=text)
            | Q(actor__full_name__icontains=text)
            | Q(target_label__icontains=text)
            | Q(target_id=text)
        )
    if action:
        entries = entries.filter(action=action)
    if target_type:
        entries = entries.filter(target_type=target_type)
    zone = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to:
        entries = entries.filter(at__lte=datetime.combine(date_to, time.max, tzinfo=zone))
    return entries.order_by("-at", "-id")


def audit_entries_none() -> QuerySet[AuditEntry]:
    """No entries: what a search with a faulty filter shows."""
    return AuditEntry.objects.none()


def audit_target_types() -> list[str]:
    """The kinds of record that appear in the audit trail, for the search filter."""
    return list(
        AuditEntry.objects.exclude(target_type="")
        .order_by("target_type")
        .values_list("target_type", flat=True)
        .distinct()
    )


def audit_history_of(*, record: Model) -> QuerySet[AuditEntry]:
    """What was done to one record, newest first, for its history panel.

    Views are left out: they stay in the audit trail, but the panel tells how the record
    came to be as it is.
    """
    return (
        AuditEntry.objects.filter(target_type=record._meta.label_lower, target_id=str(record.pk))
        .exclude(action=audit_verbs.RECORD_VIEWED)
        .select_related("actor")
        .order_by("-at", "-id")
    )


def audit_verification_latest() -> AuditVerification | None:
    """The latest check of the audit trail's hash chain, if there has been one."""
    return AuditVerification.objects.select_related("checked_by").first()
