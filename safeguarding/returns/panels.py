"""What returns adds to the staff home: the returns a person's agency owes, and for the
business unit, which agencies are late."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from safeguarding.returns import queries


def returns_owed(request: HttpRequest | None, user: Any) -> str:
    """Returns the person sends that are not yet accepted, soonest first; for those who
    chase the partnership's returns, late returns counted by agency."""
    today = timezone.localdate()
    context = {
        "owed": list(queries.returns_to_send(user=user)[:20]),
        "late_by_agency": (
            queries.late_returns_by_agency(today=today)
            if user.has_perm("returns.chase_returns")
            else []
        ),
        "today": today,
    }
    if not context["owed"] and not context["late_by_agency"]:
        return ""
    return render_to_string("returns/panels/staff_home.html", context, request=request)
