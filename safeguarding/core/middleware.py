"""Carries who and where a request came from to the audit trail."""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


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
            ip_address=request.META.get("REMOTE_ADDR") or None,
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            path=request.get_full_path()[:500],
        )
        token = current_origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            current_origin.reset(token)
