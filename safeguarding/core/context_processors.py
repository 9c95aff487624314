from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from safeguarding.core.models import DEFAULT_QUICK_EXIT_URL, Partnership
from safeguarding.core.panels import NAVIGATION


def partnership(request: HttpRequest) -> dict[str, Any]:
    """The partnership, its quick exit destination and the navigation this person may use."""
    current = Partnership.objects.first()
    navigation = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and not user.awaits_second_factor():
        for label, url_name, permission in NAVIGATION:
            if user.has_perm(permission):
                url = reverse(url_name)
                active = request.path == url if url == "/staff/" else request.path.startswith(url)
                navigation.append({"label": label, "url": url, "active": active})
    return {
        "partnership": current,
        "quick_exit_url": current.quick_exit_url if current else DEFAULT_QUICK_EXIT_URL,
        "staff_navigation": navigation,
    }
