"""What assist adds to other apps' pages: the way into document import from the plan."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from safeguarding.core.panels import register


def import_link(request: HttpRequest | None, year: Any) -> str:
    """A link to import a partnership document, for those who may."""
    if request is None or not request.user.has_perm("assist.import_document"):
        return ""
    return render_to_string("assist/panels/plan.html", request=request)


register("plan", import_link)
