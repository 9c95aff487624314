"""Pages for the public, the staff home, agencies, code lists and settings (the audit
trail's pages are in audit_views.py)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from safeguarding.core import queries, services
from safeguarding.core.downloads import DownloadLimitMixin as DownloadLimitMixin
from safeguarding.core.exports import csv_response
from safeguarding.core.forms import AgencyForm, PartnershipForm
from safeguarding.core.models import (
    DEFAULT_QUICK_EXIT_URL,
    Agency,
    CodeList,
    Partnership,
)
from safeguarding.core.text_limits import LONG_TEXT


class PublicPageMixin:
    """A page anyone can reach: it always carries the quick exit."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["public_page"] = True
        return context


class RecordHistoryMixin:
    """Adds a detail page's history panel: what was done to the record, from the audit trail."""

    history_limit = 20

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        record = self.object  # type: ignore[attr-defined]
        context["history"] = queries.audit_history_of(record=record)[: self.history_limit]
        return context


class SensitiveRecordMixin:
    """A page of a sensitive record: every view of it goes into the audit trail.

    The record is the page's object unless `audited_record` names another."""

    def audited_record(self) -> Model:
        record: Model = self.object  # type: ignore[attr-defined]
        return record

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().get(request, *args, **kwargs)  # type: ignore[misc]
        services.record_read(actor=request.user, record=self.audited_record())
        return response


class StaffPageMixin(PermissionRequiredMixin):
    """A page behind the sign-in; anonymous people are sent to sign in, others get 403."""

    permission_required = "core.view_staff_pages"


class HomeView(PublicPageMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["partners"] = queries.agencies_active(partners=True)
        context["agencies"] = queries.agencies_active(partners=False)
        return context


class CoverYourTracksView(PublicPageMixin, TemplateView):
    template_name = "core/cover_your_tracks.html"


class AccessibilityView(PublicPageMixin, TemplateView):
    template_name = "core/accessibility.html"


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and uptime checks: answers once the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


class StaffHomeView(StaffPageMixin, TemplateView):
    template_name = "core/staff_home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["memberships"] = queries.memberships_of(user=user)
        context["has_two_factor"] = user.has_authenticator()  # type: ignore[union-attr]
        return context


class AgencyListView(StaffPageMixin, ListView[Any]):
    permission_required = "core.view_agencies"
    template_name = "core/agency_list.html"
    context_object_name = "agencies"

    def get_queryset(self) -> Any:
        return queries.agencies_list()


class AgencyDetailView(RecordHistoryMixin, StaffPageMixin, DetailView[Any]):
    permission_required = "core.view_agencies"
    template_name = "core/agency_detail.html"
    context_object_name = "agency"

    def get_queryset(self) -> Any:
        return queries.agencies_list()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["people"] = queries.agency_people(agency=self.object)
        return context


class RecordFormView(StaffPageMixin, FormView[Any]):
    """A form page that adds a record, or changes the one the URL names.

    `lookup` is the URL keyword (and model field) that names the record.
    """

    model: type[Model]
    lookup = "pk"

    def get_record(self) -> Any:
        value = self.kwargs.get(self.lookup)
        return get_object_or_404(self.model, **{self.lookup: value}) if value else None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_record()
        return kwargs


class AgencyFormView(RecordFormView):
    """Add an agency, or change one when the URL names it."""

    permission_required = "core.manage_agencies"
    template_name = "core/agency_form.html"
    form_class = AgencyForm
    model = Agency
    lookup = "slug"

    def form_valid(self, form: AgencyForm) -> HttpResponse:
        adding = form.instance.pk is None
        agency = services.agency_save(actor=self.request.user, agency=form.save(commit=False))
        messages.success(self.request, f"{agency.name} {'added' if adding else 'updated'}")
        return redirect("core:agency-detail", slug=agency.slug)


class CodeListListView(StaffPageMixin, ListView[Any]):
    permission_required = "core.view_code_lists"
    template_name = "core/code_list_list.html"
    context_object_name = "code_lists"

    def get_queryset(self) -> Any:
        return queries.code_lists_list()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["localities"] = queries.localities_list()
        return context


class CodeListDetailView(StaffPageMixin, DetailView[CodeList]):
    permission_required = "core.view_code_lists"
    model = CodeList
    template_name = "core/code_list_detail.html"
    context_object_name = "code_list"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        codes = list(queries.codes_in_list(code_list=self.object))
        context["codes"] = codes
        context["has_groups"] = any(code.group for code in codes)
        context["attribute_names"] = sorted({key for code in codes for key in code.attributes})
        return context


class CodeListDownloadView(DownloadLimitMixin, CodeListDetailView):
    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        names = context["attribute_names"]
        return csv_response(
            filename=f"{self.object.slug}.csv",
            header=["code", "label", "group", *names],
            rows=(
                [code.code, code.label, code.group, *(code.attributes.get(n, "") for n in names)]
                for code in context["codes"]
            ),
        )


class PartnershipEditView(RecordFormView):
    """The partnership's details; the first save creates the partnership."""

    permission_required = "core.change_partnership"
    template_name = "core/partnership_form.html"
    form_class = PartnershipForm

    def get_record(self) -> Partnership | None:
        return queries.partnership_get()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        current = queries.partnership_get()
        if current is not None:
            context["history"] = queries.audit_history_of(record=current)[:20]
        return context

    def form_valid(self, form: PartnershipForm) -> HttpResponse:
        services.partnership_update(actor=self.request.user, partnership=form.save(commit=False))
        messages.success(self.request, "Partnership details saved")
        return redirect("core:partnership-edit")


ERROR_PAGES: dict[int | str, tuple[str, list[str]]] = {
    403: (
        "You do not have permission to see this page",
        [
            "Your role does not allow you to see or do this.",
            "If you think you should be able to, ask your partnership's business unit.",
        ],
    ),
    404: (
        "Page not found",
        [
            "If you typed the web address, check it is correct.",
            "If you pasted the web address, check you copied the entire address.",
        ],
    ),
    400: (
        "What you sent could not be read",
        [
            "The page you sent had something the platform could not take in.",
            "Nothing has been saved. Go back, check what you entered and send it again.",
        ],
    ),
    # A form whose text is over Django's limit for the fields of one request.
    "too_much_text": (
        "What you typed is too long",
        [
            f"A text box takes at most {LONG_TEXT:,} characters. What you sent held far more.",
            "Nothing has been saved. Go back, shorten the text and send it again.",
        ],
    ),
    429: (
        "Too many requests",
        [
            "You have sent more requests than the platform allows in a short time.",
            "Wait a minute, then try again. Nothing you had already saved has been lost.",
        ],
    ),
    500: (
        "Sorry, there is a problem with the service",
        ["Try again later. Nothing you had already saved has been lost."],
    ),
}


def _error_response(
    request: HttpRequest | None, status: int, *, page: int | str | None = None
) -> HttpResponse:
    title, body = ERROR_PAGES[page or status]
    context: dict[str, Any] = {"error_title": title, "error_body": body, "public_page": True}
    if request is None:
        # Without a request no context processor runs: the database may be what failed.
        context["quick_exit_url"] = DEFAULT_QUICK_EXIT_URL
    html = loader.get_template("error_page.html").render(context, request)
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request the platform could not read: said in words, with what to do."""
    if isinstance(exception, RequestDataTooBig):
        return _error_response(request, 400, page="too_much_text")
    return _error_response(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_response(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_response(request, 404)


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """What a rate limit answers (RATELIMIT_VIEW): a public page, so it has the exit."""
    response = _error_response(request, 429)
    response["Retry-After"] = "60"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_response(None, 500)
