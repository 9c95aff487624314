"""Every write in `returns`: the calendar of returns owed, and receiving submissions."""

from datetime import date

from django.db import transaction

from safeguarding.core.models import Agency
from safeguarding.returns.models import ReturnObligation, ReturnTemplate


@transaction.atomic
def obligations_create(
    *, template: ReturnTemplate, period_start: date, period_end: date, due_on: date
) -> int:
    """Every active agency of the kinds a template is for owes it for the period.

    Existing obligations are kept as they are; returns how many were added.
    """
    added = 0
    for agency in Agency.objects.filter(is_active=True, kind__in=template.agency_kinds):
        _, created = ReturnObligation.objects.get_or_create(
            agency=agency,
            template=template,
            period_start=period_start,
            defaults={"period_end": period_end, "due_on": due_on},
        )
        added += created
    return added
