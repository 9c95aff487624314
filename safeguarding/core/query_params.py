"""Numbers, ids and search text read from a query string, through one door.

`str.isdigit()` accepts superscript and other Unicode digits ("²", "١٢") that `int()`
then refuses or reads differently, and `int()` refuses more than 4,300 digits with an
error of its own; either became a server error. Here only ASCII digits of a sane length
are an id; anything else is "not found".
"""

import unicodedata

from django.http import Http404, HttpRequest

# Ids are database keys: 18 digits is past any BigAutoField.
MAX_ID_DIGITS = 18


def parse_id(raw: str) -> int | None:
    """The id `raw` spells with ASCII digits, or None if it spells none."""
    if not raw or len(raw) > MAX_ID_DIGITS or not raw.isascii() or not raw.isdigit():
        return None
    return int(raw)


def query_id(request: HttpRequest, name: str) -> int | None:
    """The id in query parameter `name`: None when it is absent or empty; 404 when it is
    anything but a whole number."""
    raw = request.GET.get(name, "")
    if raw == "":
        return None
    found = parse_id(raw)
    if found is None:
        raise Http404(f"The {name} in the address must be a whole number")
    return found


def query_text(request: HttpRequest, name: str) -> str:
    """The text in query parameter `name`, trimmed, with control characters taken out:
    nobody types them into a search box, and PostgreSQL refuses NUL in any text it is
    asked to compare."""
    raw = request.GET.get(name, "")
    kept = "".join(c for c in raw if unicodedata.category(c) != "Cc")
    return kept.strip()
