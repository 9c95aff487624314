"""Places on core and accounts pages where later apps add their own panels.

`core` and `accounts` may not import the apps built on them, so those apps register a
panel here (in their AppConfig.ready) and the page draws whatever is registered.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

# A panel gets the request (None where a page is drawn without one, as for a PDF) and the
# page's subject, and returns its HTML, or "" for nothing.
Panel = Callable[[HttpRequest | None, Any], str]

# outcome_measure: beside a priority's outcome measure, on its page and in the annual report.
# plan: among the links for running the plan, on the plan page (its subject is the year
# shown, or None before there is one), such as assist's document import.
PLACES = ("staff_home", "group", "public_home", "outcome_measure", "plan")
_registered: dict[str, list[Panel]] = defaultdict(list)


def register(place: str, panel: Panel) -> None:
    """Add a panel to a place; registering the same panel again changes nothing."""
    if place not in PLACES:
        raise ValueError(f"Unknown panel place {place!r}; expected one of {', '.join(PLACES)}")
    if panel not in _registered[place]:
        _registered[place].append(panel)


def render(place: str, request: HttpRequest | None, subject: Any) -> SafeString:
    """Every panel registered for `place`, in the order they were registered."""
    # Each panel renders through Django's templates, which escape what they show.
    html = "".join(panel(request, subject).strip() for panel in _registered[place])
    return mark_safe(html)  # noqa: S308


# (label, url name, permission) for the service navigation, in the order shown.
NAVIGATION: list[tuple[str, str, str]] = []


def register_navigation(label: str, url_name: str, permission: str, *, after: str = "") -> None:
    """Add an item to the staff navigation, after the item labelled `after` if given."""
    item = (label, url_name, permission)
    if item in NAVIGATION:
        return
    labels = [existing[0] for existing in NAVIGATION]
    position = labels.index(after) + 1 if after in labels else len(NAVIGATION)
    NAVIGATION.insert(position, item)
