"""Who may see and change the partnership's settings, agencies, code lists and audit trail.

Each rule for a record sits beside the queryset of the records a person may see."""

from typing import Any

import rules
from django.db.models import QuerySet

from safeguarding.core.models import Agency, AuditEntry, CodeList
from safeguarding.core.roles import all_or_none, is_business_unit, is_staff_member, reads_everything

rules.add_perm("core.view_staff_pages", is_staff_member)
rules.add_perm("core.view_agencies", is_staff_member)
rules.add_perm("core.manage_agencies", is_business_unit)
rules.add_perm("core.view_code_lists", is_staff_member)
rules.add_perm("core.change_partnership", is_business_unit)
rules.add_perm("core.view_audit_trail", reads_everything)
rules.add_perm("core.verify_audit_trail", is_business_unit)


def agencies_visible_to(user: Any) -> QuerySet[Agency]:
    """Every agency `core.view_agencies` lets this person open: all, for staff."""
    return all_or_none(is_staff_member(user), Agency.objects.all())


def code_lists_visible_to(user: Any) -> QuerySet[CodeList]:
    """Every code list `core.view_code_lists` lets this person read: all, for staff."""
    return all_or_none(is_staff_member(user), CodeList.objects.all())


def audit_entries_visible_to(user: Any) -> QuerySet[AuditEntry]:
    """The audit trail `core.view_audit_trail` lets this person read: all of it, for
    those who read everything."""
    return all_or_none(reads_everything(user), AuditEntry.objects.all())
