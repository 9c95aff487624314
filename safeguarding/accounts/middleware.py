"""Sends people who must use two-factor sign-in to set it up or enter their code, and
ends sessions that have lasted too long."""

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Pages a signed-in person may reach before giving their second factor.
ALLOWED_BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:sign-out",
        "accounts:two-factor-setup",
        "accounts:two-factor-verify",
        "core:home",
        "core:cover-your-tracks",
        "core:accessibility",
        "core:healthz",
    }
)


class TwoFactorRequiredMiddleware:
    """Runs after django-otp's middleware, which sets `request.user.is_verified()`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user: Any = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is None or match.view_name in ALLOWED_BEFORE_SECOND_FACTOR:
            return None
        if not user.awaits_second_factor():
            return None
        if user.has_authenticator():
            return redirect_with_next("accounts:two-factor-verify", request)
        return redirect_with_next("accounts:two-factor-setup", request)


def redirect_with_next(url_name: str, request: HttpRequest) -> HttpResponse:
    response = redirect(url_name)
    if request.method == "GET":
        response["Location"] += "?" + urlencode({"next": request.get_full_path()})
    return response


SIGNED_IN_AT = "signed_in_at"


class SessionLifetimeMiddleware:
    """However active, a session ends SESSION_ABSOLUTE_HOURS after signing in, so a
    session taken from an unlocked computer or a stolen cookie does not last for ever."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            now = time.time()
            if started is None:
                request.session[SIGNED_IN_AT] = now
            elif now - float(started) > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                messages.info(
                    request,
                    f"You were signed in for {settings.SESSION_ABSOLUTE_HOURS:g} hours, so you "
                    "have been signed out. Sign in again to go on",
                )
                return redirect_with_next("accounts:sign-in", request)
        return self.get_response(request)
