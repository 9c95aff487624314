"""Email from the platform: one way to send a templated message to people, and to write
the links in it, for every app."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def absolute(path: str) -> str:
    """A path on this site as the full address an email can carry (from SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + path


def send_to_people(
    *, subject: str, template: str, context: dict[str, object], to: Iterable[Any]
) -> int:
    """Email each person once (the body rendered from `template`); return how many."""
    addresses = sorted({person.email for person in to})
    if not addresses:
        return 0
    body = render_to_string(template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
    return len(addresses)
