"""The audit trail's pages: search it, check its chain, export it, open one entry.

Searching, exporting and opening an entry are all recorded: they reveal who did what."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.generic import DetailView, ListView, View

from safeguarding.core import queries, services
from safeguarding.core.audit_verbs import verbs
from safeguarding.core.downloads import AuditedDownloadMixin
from safeguarding.core.exports import csv_response
from safeguarding.core.forms import DateInput, PlatformForm
from safeguarding.core.models import AuditEntry
from safeguarding.core.views import SensitiveRecordMixin, StaffPageMixin
from safeguarding.core.wording import record_kind_name


class AuditSearchForm(PlatformForm):
    text = forms.CharField(label="Person, record or record number", required=False, max_length=200)
    action = forms.ChoiceField(
        label="What they did",
        required=False,
        choices=[],
    )
    target_type = forms.ChoiceField(label="Kind of record", required=False, choices=[])
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter the start date as a real date, like 2026-04-01"},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter the end date as a real date, like 2026-04-30"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read when the form is made: apps register their verbs as they start.
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", "Anything"), *((verb.code, verb.label) for verb in verbs())]
        types = queries.audit_target_types()
        target_type = self.fields["target_type"]
        assert isinstance(target_type, forms.ChoiceField)
        target_type.choices = [
            ("", "Any"),
            *sorted(((t, record_kind_name(t)) for t in types), key=lambda choice: choice[1]),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned


class AuditListView(StaffPageMixin, ListView[Any]):
    """Search the audit trail. Searching is itself recorded: it reveals who did what."""

    permission_required = "core.view_audit_trail"
    template_name = "core/audit_list.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_form(self) -> AuditSearchForm:
        if not hasattr(self, "_form"):
            self._form = AuditSearchForm(self.request.GET or None)
        return self._form

    def filters(self) -> dict[str, Any]:
        form = self.get_form()
        if form.is_bound and form.is_valid():
            return {k: v for k, v in form.cleaned_data.items() if v}
        return {}

    def get_queryset(self) -> Any:
        form = self.get_form()
        if form.is_bound and not form.is_valid():
            return queries.audit_entries_none()
        return queries.audit_entries_search(**self.filters())

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.filters():
            services.audit_trail_searched(actor=request.user, filters=self.filters())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = self.get_form()
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        context["verification"] = queries.audit_verification_latest()
        context["can_verify"] = self.request.user.has_perm("core.verify_audit_trail")
        return context


class AuditVerifyView(StaffPageMixin, View):
    """Check the audit trail's hash chain now, and show what was found."""

    permission_required = "core.verify_audit_trail"
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        check = services.audit_trail_verify(actor=request.user)
        if check.intact:
            messages.success(request, f"The audit trail is intact: {check.entries} entries")
        else:
            messages.error(request, f"The audit trail has been tampered with: {check.problem}")
        return redirect("core:audit-list")


class AuditExportView(AuditedDownloadMixin, AuditListView):
    def download_subject(self, request: HttpRequest, **kwargs: Any) -> Any:
        return self.get_queryset()

    def record_download(self, request: HttpRequest, subject: Any) -> None:
        services.audit_trail_exported(actor=request.user, filters=self.filters())

    def download_response(self, request: HttpRequest, subject: Any) -> HttpResponse:
        return csv_response(
            filename="audit-trail.csv",
            header=["when", "who", "action", "record type", "record id", "record", "from"],
            rows=(
                [
                    e.at.isoformat(),
                    e.actor_label,
                    e.action_label,
                    e.target_type,
                    e.target_id,
                    e.target_label,
                    e.ip_address or "",
                ]
                for e in subject.iterator()
            ),
        )


class AuditDetailView(SensitiveRecordMixin, StaffPageMixin, DetailView[AuditEntry]):
    permission_required = "core.view_audit_trail"
    model = AuditEntry
    template_name = "core/audit_detail.html"
    context_object_name = "entry"
