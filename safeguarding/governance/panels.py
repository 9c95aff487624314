"""What governance adds to the staff home, the group pages and the navigation."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.template.loader import render_to_string

from safeguarding.core.panels import register, register_navigation
from safeguarding.governance import queries
from safeguarding.governance.assurance.queries import answers_owed_by, judgements_owed_by
from safeguarding.governance.plan.queries import actions_overdue_for, group_work
from safeguarding.governance.report.queries import published_reports


def waiting_for_you(request: HttpRequest | None, user: Any) -> str:
    """Answers this person owes, judgements their groups owe, and overdue actions."""
    context = {
        "answers_owed": list(answers_owed_by(user=user)[:50]),
        "judgements_owed": judgements_owed_by(user=user)[:50],
        "actions_overdue": list(actions_overdue_for(user=user)[:50]),
        # The business unit keeps the whole partnership's work moving: who to chase.
        "chase": queries.chase_list() if user.has_perm("governance.manage_plan") else None,
    }
    return render_to_string("governance/panels/staff_home.html", context, request=request)


def group_summary(request: HttpRequest | None, group: Any) -> str:
    """A short account of the group's work, linking to its full page of work."""
    user: Any = getattr(request, "user", None) or AnonymousUser()
    work = group_work(group=group, user=user)
    return render_to_string("governance/panels/group.html", {"work": work}, request=request)


def public_priorities(request: HttpRequest | None, partnership: Any) -> str:
    """This year's priorities and the published annual reports, for the public home page."""
    year = queries.year_current()
    context = {
        "year": year,
        "priorities": list(year.priorities.all()) if year else [],
        "reports": published_reports(),
    }
    return render_to_string("governance/panels/public_home.html", context, request=request)


register("staff_home", waiting_for_you)
register("public_home", public_priorities)
register("group", group_summary)
register_navigation("Plan", "governance:plan", "governance.view_plan", after="Home")
register_navigation("Learning", "governance:learning-list", "governance.view_plan", after="Plan")
register_navigation(
    "Assurance", "governance:request-list", "governance.view_requests", after="Learning"
)
