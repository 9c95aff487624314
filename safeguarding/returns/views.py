"""The returns calendar, a return's page with its upload form, and downloads."""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView, ListView, View

from safeguarding.accounts.requests import SignedInPageMixin
from safeguarding.core.downloads import AuditedDownloadMixin, DownloadLimitMixin
from safeguarding.core.views import SensitiveRecordMixin
from safeguarding.returns import queries, refusals, services
from safeguarding.returns.forms import ApiKeyForm, CalendarFilterForm, SubmissionForm
from safeguarding.returns.models import (
    ReturnObligation,
    ReturnTemplate,
    Submission,
)
from safeguarding.returns.permissions import calendar_scope
from safeguarding.returns.records import record_csv_response
from safeguarding.returns.template_files import expected_rows, template_csv, template_xlsx


class CalendarView(SignedInPageMixin, ListView[Any]):
    permission_required = "returns.view_calendar"
    template_name = "returns/calendar.html"
    context_object_name = "obligations"
    paginate_by = 100

    def filters(self) -> CalendarFilterForm:
        if not hasattr(self, "_filters"):
            agencies, periods = queries.calendar_choices(user=self.person)
            self._filters = CalendarFilterForm(
                self.request.GET or None, agencies=agencies, periods=periods
            )
        return self._filters

    def get_queryset(self) -> Any:
        form = self.filters()
        chosen = form.cleaned_data if form.is_valid() else {}
        return queries.obligations_for(
            user=self.person,
            status=chosen.get("status", ""),
            agency_id=int(chosen["agency"]) if chosen.get("agency") else None,
            period_end=date.fromisoformat(chosen["period"]) if chosen.get("period") else None,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = self.filters()
        context["today"] = timezone.localdate()
        context["scope"] = calendar_scope(self.person)
        context["filters"] = form
        context["filtered"] = form.is_bound and form.is_valid() and any(form.cleaned_data.values())
        if context["filtered"]:
            context["query_string"] = urlencode({k: v for k, v in form.cleaned_data.items() if v})
        return context


class ObligationView(SensitiveRecordMixin, SignedInPageMixin, FormView[SubmissionForm]):
    """A return owed: what was sent, what was wrong, and the form to send it. Its page
    shows agencies' narratives and rejected rows' values, so each view is recorded."""

    permission_required = "returns.view_return"
    template_name = "returns/obligation.html"
    form_class = SubmissionForm

    def obligation(self) -> ReturnObligation:
        return queries.obligation_get(pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.obligation()

    def audited_record(self) -> Any:
        return self.obligation()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obligation = self.obligation()
        submissions = list(queries.submissions_of(obligation=obligation))
        form = context["form"]
        context.update(
            obligation=obligation,
            submissions=submissions,
            latest=submissions[0] if submissions else None,
            # Answering a file just sent: an earlier upload's problems are not its own.
            answering_upload=form.is_bound and bool(form.files.get("upload")),
            can_send=self.person.has_perm("returns.send_return", obligation),
            period=f"{obligation.period_start:%-d %B %Y} to {obligation.period_end:%-d %B %Y}",
            today=timezone.localdate(),
            prefilled=obligation.template.kind == ReturnTemplate.Kind.AGGREGATE,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obligation = self.obligation()
        # Reading a return is wider than sending one: only its agency's leads send it.
        if not request.user.has_perm("returns.send_return", obligation):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: SubmissionForm) -> HttpResponse:
        upload = form.cleaned_data["upload"]
        try:
            submission = services.submission_receive(
                actor=self.person,
                obligation=self.obligation(),
                name=upload.name,
                data=upload.read(),
                narrative=form.cleaned_data["narrative"],
                confirm_loss=form.cleaned_data["confirm_loss"],
            )
        except refusals.SubmissionNeedsConfirmation as needed:
            return self.confirm_loss(needed, file_name=upload.name)
        except refusals.SubmissionRefused as error:
            form.add_error(error.field, str(error))
            return self.form_invalid(form)
        if submission.status == Submission.Status.ACCEPTED:
            messages.success(self.request, "Your return has been accepted")
        else:
            messages.error(
                self.request,
                f"Your return has {submission.problem_count} problem"
                f"{'' if submission.problem_count == 1 else 's'} to fix before it can be accepted",
            )
        return redirect("returns:obligation", pk=submission.obligation_id)

    def confirm_loss(
        self, needed: refusals.SubmissionNeedsConfirmation, *, file_name: str
    ) -> HttpResponse:
        """The page that shows what the file would lose, with the form to send it anyway.

        The same form, carrying the token that confirms this loss for this file. The file
        must be chosen again: no browser fills in a file field for the person.
        """
        data = self.request.POST.copy()
        data["confirm_loss"] = needed.token
        form = SubmissionForm(data, self.request.FILES)
        form.is_valid()
        if needed.narrative_missing:
            form.add_error("narrative", refusals.narrative_needed(file_name))
        context = self.get_context_data(form=form, loss=needed.loss, loss_file=file_name)
        return self.render_to_response(context)


class SubmissionFileView(AuditedDownloadMixin, SignedInPageMixin, View):
    """A submission's error file, or an accepted version's data, for those who may see it.

    Either carries child-level values (the error file those of rejected rows), so each
    download is recorded."""

    permission_required = "returns.view_return"
    what = "errors"

    def submission(self) -> Submission:
        return queries.submission_get(pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.submission().obligation

    def download_subject(self, request: HttpRequest, **kwargs: Any) -> Submission:
        submission = self.submission()
        if self.what == "errors":
            if not services.error_file_exists(submission):
                raise Http404("This upload has no error file")
        elif not submission.record_path:
            raise Http404("This upload was not accepted, so it has no data")
        return submission

    def record_download(self, request: HttpRequest, subject: Submission) -> None:
        services.submission_file_downloaded(actor=self.person, submission=subject)

    def download_response(self, request: HttpRequest, subject: Submission) -> HttpResponse:
        if self.what == "errors":
            errors = services.error_file_read(subject)
            if errors is None:
                raise Http404("This upload has no error file")
            response = HttpResponse(errors, content_type="text/csv")
            response["Content-Disposition"] = f'attachment; filename="problems-{subject.pk}.csv"'
            return response
        return record_csv_response(subject.record_path, filename=f"return-{subject.pk}.csv")


class ApiKeysView(SignedInPageMixin, FormView[ApiKeyForm]):
    """Issue API keys to agency leads' systems, see them used, and revoke them."""

    permission_required = "returns.manage_api_keys"
    template_name = "returns/api_keys.html"
    form_class = ApiKeyForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tokens"] = queries.api_tokens_list(user=self.person)
        return context

    def form_valid(self, form: ApiKeyForm) -> HttpResponse:
        try:
            key, token = services.api_token_issue(
                actor=self.person,
                person=form.cleaned_data["person"],
                name=form.cleaned_data["name"],
            )
        except refusals.SubmissionRefused as error:
            form.add_error("person", str(error))
            return self.form_invalid(form)
        # The key is shown on this one page and never again: only its hash is kept.
        context = self.get_context_data(form=ApiKeyForm(), new_key=key, new_token=token)
        return self.render_to_response(context)


class ApiKeyRevokeView(SignedInPageMixin, View):
    permission_required = "returns.manage_api_keys"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = queries.api_token_get(pk=pk)
        services.api_token_revoke(actor=self.person, token=token)
        messages.success(request, f"The key for {token.name} no longer works")
        return redirect("returns:api-keys")


class TemplateDownloadView(DownloadLimitMixin, SignedInPageMixin, View):
    """A return to fill in: CSV, or Excel with drop-down lists from the code lists.

    An aggregate return's comes with a row for every indicator, breakdown and code, the
    counts left to fill in; `?blank=1` gives only the header row.
    """

    permission_required = "returns.view_return"
    kind = "csv"

    def obligation(self) -> ReturnObligation:
        return queries.obligation_get(pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.obligation()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obligation = self.obligation()
        spec = services.return_spec(obligation)
        rows = [] if request.GET.get("blank") else expected_rows(spec)
        stem = f"{obligation.template.code}-{obligation.period_start:%Y-%m}"
        if self.kind == "csv":
            response = HttpResponse(
                template_csv(spec, rows=rows), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
            return response
        workbook = template_xlsx(spec, title=obligation.template.title, rows=rows)
        response = HttpResponse(workbook, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CatalogueView(SignedInPageMixin, ListView[Any]):
    """The indicator catalogue: what each indicator means now, and how it has changed."""

    permission_required = "returns.view_calendar"
    template_name = "returns/catalogue.html"
    context_object_name = "indicators"

    def get_queryset(self) -> Any:
        return queries.indicator_catalogue()
