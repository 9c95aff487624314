"""Pages of the assurance cycle: requests, answers with evidence, judgements."""

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView, View

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.accounts.requests import SignedInPageMixin
from safeguarding.core.audit_verbs import RECORD_VIEWED
from safeguarding.core.query_params import query_id
from safeguarding.core.services import log_action
from safeguarding.core.views import DownloadLimitMixin, RecordHistoryMixin, SensitiveRecordMixin
from safeguarding.governance import queries, services
from safeguarding.governance.forms import (
    AssuranceRequestForm,
    AssuranceResponseForm,
    JudgementForm,
)
from safeguarding.governance.models import (
    AssuranceRecipient,
    AssuranceRequest,
    AssuranceResponse,
    EvidenceFile,
)


class RequestListView(SignedInPageMixin, ListView[Any]):
    permission_required = "governance.view_requests"
    template_name = "governance/request_list.html"
    context_object_name = "requests"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return queries.requests_for(user=self.person)


class RequestCreateView(SignedInPageMixin, FormView[AssuranceRequestForm]):
    permission_required = "governance.ask_assurance"
    template_name = "governance/request_form.html"
    form_class = AssuranceRequestForm

    def group(self) -> PartnershipGroup:
        return get_object_or_404(PartnershipGroup, slug=self.kwargs["slug"])

    def get_permission_object(self) -> Any:
        return self.group()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["group"] = self.group()
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        learning = query_id(self.request, "learning_point")
        return {"learning_point": learning} if learning is not None else {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["group"] = self.group()
        return context

    def form_valid(self, form: AssuranceRequestForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            request = services.assurance_request_create(
                actor=self.person,
                asked_by=form.group,
                question=data["question"],
                due_on=data["due_on"],
                agencies=list(data["agencies"]),
                groups=list(data["groups"]),
                learning_point=data["learning_point"],
                golden_thread=data["golden_thread"],
            )
        except services.GovernanceError as error:
            form.add_error(error.field, str(error))
            return self.form_invalid(form)
        messages.success(self.request, "Request sent. Everyone asked has been emailed")
        return redirect("governance:request-detail", pk=request.pk)


class RequestDetailView(
    SensitiveRecordMixin, RecordHistoryMixin, SignedInPageMixin, DetailView[Any]
):
    """A request with every answer. Agencies' narrative is sensitive: each view is recorded."""

    permission_required = "governance.view_request"
    template_name = "governance/request_detail.html"
    context_object_name = "request_"

    def get_queryset(self) -> Any:
        return queries.requests_with_recipients().prefetch_related("recipients__response__files")

    def get_permission_object(self) -> Any:
        return self.get_object()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.person
        context["answerable"] = [
            r
            for r in self.object.recipients.all()
            if not hasattr(r, "response") and user.has_perm("governance.answer_request", r)
        ]
        context["can_judge"] = (
            not self.object.judgement
            and self.object.is_ready_for_judgement()
            and user.has_perm("governance.judge_request", self.object)
        )
        context["readable"] = queries.answers_readable_by(user=user, request=self.object)
        context["can_share"] = user.has_perm("governance.share_responses", self.object)
        context["today"] = timezone.localdate()
        return context


class ResponseCreateView(SignedInPageMixin, FormView[AssuranceResponseForm]):
    permission_required = "governance.answer_request"
    template_name = "governance/response_form.html"
    form_class = AssuranceResponseForm

    def recipient(self) -> AssuranceRecipient:
        return get_object_or_404(
            AssuranceRecipient.objects.select_related("request__asked_by", "agency", "group"),
            pk=self.kwargs["recipient_pk"],
            request__pk=self.kwargs["pk"],
        )

    def get_permission_object(self) -> Any:
        return self.recipient()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["recipient"] = self.recipient()
        return context

    def form_valid(self, form: AssuranceResponseForm) -> HttpResponse:
        recipient = self.recipient()
        try:
            services.assurance_response_submit(
                actor=self.person,
                recipient=recipient,
                narrative=form.cleaned_data["narrative"],
                links=form.cleaned_data["links"],
                files=form.cleaned_data["evidence_files"],
            )
        except services.GovernanceError as error:
            form.add_error(error.field, str(error))
            return self.form_invalid(form)
        messages.success(self.request, "Your answer has been sent to the group")
        return redirect("governance:request-detail", pk=recipient.request_id)


class JudgementView(SignedInPageMixin, FormView[JudgementForm]):
    permission_required = "governance.judge_request"
    template_name = "governance/judgement_form.html"
    form_class = JudgementForm

    def assurance_request(self) -> AssuranceRequest:
        return get_object_or_404(queries.requests_with_recipients(), pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.assurance_request()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The form is offered only once the group can use it.
        assurance = self.assurance_request()
        if waits_for := assurance.judgement_waits_for():
            messages.info(request, waits_for)
            return redirect("governance:request-detail", pk=assurance.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["request_"] = self.assurance_request()
        return context

    def form_valid(self, form: JudgementForm) -> HttpResponse:
        request = self.assurance_request()
        try:
            services.assurance_judge(
                actor=self.person,
                request=request,
                judgement=form.cleaned_data["judgement"],
                reason=form.cleaned_data["reason"],
                follow_up=form.cleaned_data["follow_up"],
            )
        except services.GovernanceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, "The group's judgement has been recorded")
        return redirect("governance:request-detail", pk=request.pk)


class ResponseShareView(SignedInPageMixin, View):
    """The asking group shares an answer with the other agencies asked, or stops sharing it."""

    permission_required = "governance.share_responses"
    http_method_names = ["post"]

    def answer(self) -> AssuranceResponse:
        return get_object_or_404(
            AssuranceResponse.objects.select_related("recipient__request__asked_by"),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self) -> Any:
        return self.answer().recipient.request

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        answer = self.answer()
        shared = request.POST.get("shared") == "yes"
        services.assurance_response_share(actor=self.person, response=answer, shared=shared)
        messages.success(
            request,
            f"The answer from {answer.recipient} is now "
            + ("shared with everyone asked" if shared else "seen only by the group and its sender"),
        )
        return redirect("governance:request-detail", pk=answer.recipient.request_id)


class EvidenceDownloadView(DownloadLimitMixin, SignedInPageMixin, View):
    """Evidence is served only through here, to those who may read the answer it came with."""

    permission_required = "governance.view_response"

    def evidence(self) -> EvidenceFile:
        return get_object_or_404(
            EvidenceFile.objects.select_related("response__recipient__request__asked_by"),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self) -> Any:
        return self.evidence().response

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        evidence = self.evidence()
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("The evidence file is missing from storage") from error
        log_action(actor=self.person, action=RECORD_VIEWED, target=evidence)
        return FileResponse(
            handle,
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type,
        )
