"""How large a request each URL takes, checked before any of it is read.

Without this, an upload of 300 MB was read whole before a 10 MB limit refused it. Every
URL takes at most `DEFAULT_BODY_BYTES`; an app registers a larger allowance for its
upload URLs (in its AppConfig.ready), sized from its own file limits. A request that
declares more is answered 413 at once, with a page (or, for the API, JSON) saying how
much the URL takes, and nothing is read or changed.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.urls import Resolver404, resolve

# Forms of text and choices: room for the longest narrative and more.
DEFAULT_BODY_BYTES = 2 * 1024 * 1024
# A multipart request carries its files' headers and the form's other fields too.
MULTIPART_ALLOWANCE = 1024 * 1024

_allowed: dict[str, int] = {}


def allow_body(url_name: str, *, files_bytes: int) -> None:
    """Let the URL named `url_name` (with its namespace) take files of up to
    `files_bytes` in all, plus the rest of the form."""
    _allowed[url_name] = files_bytes + MULTIPART_ALLOWANCE


def body_limit(url_name: str | None) -> int:
    """The most a request to this URL may send."""
    return _allowed.get(url_name or "", DEFAULT_BODY_BYTES)


def size_text(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.0f} MB" if megabytes >= 1 else f"{size // 1024} KB"


class RequestBodyLimitMiddleware:
    """Refuses a request whose declared size is over its URL's limit, before anything
    (the CSRF check included) reads its body. Comes first among the middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = _declared_length(request)
        if declared:
            try:
                url_name = resolve(request.path_info).view_name
            except Resolver404:
                url_name = None
            limit = body_limit(url_name)
            if declared > limit:
                return _too_large(request, limit)
        return self.get_response(request)


def _declared_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
    message = (
        f"What you sent is too large: this page takes at most {size_text(limit)}. "
        "Nothing has been saved; send a smaller file."
    )
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message, "field": "upload"}, status=413)
    context: dict[str, Any] = {
        "error_title": "What you sent is too large",
        "error_body": [message],
        "public_page": True,
    }
    html = loader.get_template("error_page.html").render(context, request)
    response = HttpResponse(html, status=413)
    # The rest of the body is never read, so the connection cannot be reused.
    response["Connection"] = "close"
    return response
