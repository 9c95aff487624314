"""The annual report: a public page with the quick exit, a PDF, and publishing it.

A published report is served as it was published: each edition's text and PDF are kept
and never drawn again. Until a year is published, and for the next edition after, the
business unit sees the report drawn live from the records, as a draft.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView, View

from safeguarding.accounts.requests import SignedInPageMixin
from safeguarding.core.queries import partnership_get
from safeguarding.core.views import DownloadLimitMixin, PublicPageMixin
from safeguarding.governance.models import PartnershipYear, PublishedReport
from safeguarding.governance.plan.queries import year_get
from safeguarding.governance.report import services
from safeguarding.governance.report.documents import annual_report_body, annual_report_pdf
from safeguarding.governance.report.queries import (
    annual_report,
    report_edition,
    report_editions,
    year_by_label,
)


def report_year(request: HttpRequest, label: str) -> PartnershipYear:
    """The year, if its report is published or the person may see it before then."""
    year = year_by_label(label=label)
    if year.report_published_on is None and not request.user.has_perm("governance.manage_plan"):
        raise Http404("This annual report has not been published")
    return year


def _edition(year: PartnershipYear, number: int | None) -> PublishedReport | None:
    edition = report_edition(year=year, edition=number)
    if number is not None and edition is None:
        raise Http404("The annual report has no edition with that number")
    return edition


class AnnualReportView(PublicPageMixin, TemplateView):
    """The published report (its latest edition, or the one the URL names), or for the
    business unit the draft of a report not yet published."""

    template_name = "governance/report/page.html"
    draft = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = report_year(self.request, self.kwargs["label"])
        if self.draft and not self.request.user.has_perm("governance.manage_plan"):
            raise Http404("Only the business unit sees a draft of the report")
        edition = None if self.draft else _edition(year, self.kwargs.get("edition"))
        body: str
        if edition is not None:
            # Drawn by the platform's own escaping templates when it was published.
            body = mark_safe(edition.body_html)  # noqa: S308
        else:
            body = annual_report_body(report=annual_report(year=year))
        context.update(
            year=year,
            partnership=partnership_get(),
            edition=edition,
            editions=report_editions(year=year),
            body=body,
            is_draft=edition is None and (self.draft or year.report_published_on is None),
            can_publish=self.request.user.has_perm("governance.manage_plan"),
        )
        return context


class AnnualReportPdfView(DownloadLimitMixin, View):
    """The PDF of the published report (as stored when published), or of the draft."""

    download_limit = "public_download"

    def get(self, request: HttpRequest, label: str, edition: int | None = None) -> HttpResponseBase:
        year = report_year(request, label)
        published = _edition(year, edition)
        filename = f"annual-report-{year.label}.pdf"
        if published is not None:
            stored = FileResponse(published.pdf.open("rb"), content_type="application/pdf")
            stored["Content-Disposition"] = (
                f'inline; filename="annual-report-{year.label}-edition-{published.edition}.pdf"'
            )
            return stored
        pdf = annual_report_pdf(report=annual_report(year=year), base_url=settings.SITE_URL)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class AnnualReportPublishView(SignedInPageMixin, View):
    permission_required = "governance.manage_plan"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        year = year_get(pk=pk)
        edition = services.annual_report_publish(
            actor=self.person, year=year, base_url=settings.SITE_URL
        )
        messages.success(
            request,
            f"The annual report for {year.label} is published"
            + (f" (edition {edition.edition})" if edition.edition > 1 else ""),
        )
        return redirect("governance:annual-report", label=year.label)
