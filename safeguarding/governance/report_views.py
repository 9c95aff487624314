"""The annual report: a public page with the quick exit, a PDF, and publishing it."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView, View

from safeguarding.core.views import DownloadLimitMixin, PublicPageMixin, StaffPageMixin
from safeguarding.governance import services
from safeguarding.governance.models import PartnershipYear
from safeguarding.governance.report import annual_report, annual_report_pdf


def report_year(request: HttpRequest, label: str) -> PartnershipYear:
    """The year, if its report is published or the person may see it before then."""
    year = get_object_or_404(PartnershipYear, label=label)
    if year.report_published_on is None and not request.user.has_perm("governance.manage_plan"):
        raise Http404("This annual report has not been published")
    return year


class AnnualReportView(PublicPageMixin, TemplateView):
    template_name = "governance/report/page.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["report"] = annual_report(year=report_year(self.request, self.kwargs["label"]))
        return context


class AnnualReportPdfView(DownloadLimitMixin, View):
    download_limit = "public_download"

    def get(self, request: HttpRequest, label: str) -> HttpResponse:
        report = annual_report(year=report_year(request, label))
        pdf = annual_report_pdf(report=report, base_url=request.build_absolute_uri("/"))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="annual-report-{label}.pdf"'
        return response


class AnnualReportPublishView(StaffPageMixin, View):
    permission_required = "governance.manage_plan"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        year = get_object_or_404(PartnershipYear, pk=pk)
        services.annual_report_publish(actor=request.user, year=year)
        messages.success(request, f"The annual report for {year.label} is published")
        return redirect("governance:annual-report", label=year.label)
