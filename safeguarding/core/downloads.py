"""Downloads: each is rate limited, and one that hands out what the audit trail must
know about is recorded before the file leaves, the same way on every page."""

from typing import Any

from django.http import HttpRequest, HttpResponse

from safeguarding.core.rate_limits import rate_limit


class DownloadLimitMixin:
    """A download: each person (or address, for the public) may take only so many a
    minute (RATE_LIMITS), so a script cannot tie up the server building files."""

    download_limit = "staff_download"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        key = "ip" if self.download_limit == "public_download" else "user_or_ip"
        limited = rate_limit(self.download_limit, key=key)(super().dispatch)  # type: ignore[misc]
        return limited(request, *args, **kwargs)


class AuditedDownloadMixin(DownloadLimitMixin):
    """A rate-limited download that goes into the audit trail.

    A view finds what it hands out (`download_subject`, after the permission check, so a
    refused or missing file records nothing), names the service that records it
    (`record_download`: views never write the trail themselves) and builds the file
    (`download_response`). Recording comes first: a file that failed half way through
    was still asked for by that person.
    """

    def download_subject(self, request: HttpRequest, **kwargs: Any) -> Any:
        raise NotImplementedError

    def record_download(self, request: HttpRequest, subject: Any) -> None:
        raise NotImplementedError

    def download_response(self, request: HttpRequest, subject: Any) -> HttpResponse:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        subject = self.download_subject(request, **kwargs)
        self.record_download(request, subject)
        return self.download_response(request, subject)
