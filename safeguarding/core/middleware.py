"""Carries who and where a request came from to the audit trail, and keeps what is behind
the sign-in out of every cache."""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from safeguarding.core.addresses import client_address


@dataclass(frozen=True)
class RequestOrigin:
    ip_address: str | None
    user_agent: str
    path: str


current_origin: ContextVar[RequestOrigin | None] = ContextVar("current_origin", default=None)


class AuditContextMiddleware:
    """Make the request's origin available to `log_action` without passing the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        origin = RequestOrigin(
            ip_address=client_address(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            path=request.get_full_path()[:500],
        )
        token = current_origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            current_origin.reset(token)


class PrivatePagesMiddleware:
    """Everything served to a signed-in person or an API key (pages, downloads, answers
    to a form) carries `Cache-Control: no-store`, so no browser, proxy or shared computer
    keeps a copy of children's data after the person has gone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) or "HTTP_AUTHORIZATION" in request.META:
            add_never_cache_headers(response)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
