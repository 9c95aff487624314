"""Pages for the year's plan, learning points, actions, group work and assurance."""

from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.core.models import AuditEntry
from safeguarding.core.queries import audit_history_of
from safeguarding.core.services import log_action
from safeguarding.core.views import RecordFormView, StaffPageMixin
from safeguarding.governance import queries, services
from safeguarding.governance.forms import (
    ActionForm,
    AssuranceRequestForm,
    AssuranceResponseForm,
    JudgementForm,
    LearningPointForm,
    PlannedWorkForm,
    PriorityForm,
    YearForm,
)
from safeguarding.governance.models import (
    Action,
    AssuranceRecipient,
    AssuranceRequest,
    EvidenceFile,
    LearningPoint,
    PartnershipYear,
    PlannedWork,
    Priority,
)


class PlanView(StaffPageMixin, TemplateView):
    """The year at a glance: priorities, planned work and learning by theme."""

    permission_required = "governance.view_plan"
    template_name = "governance/plan.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year_pk = self.request.GET.get("year")
        year = (
            PartnershipYear.objects.filter(pk=year_pk).first()
            if year_pk and year_pk.isdigit()
            else queries.year_current()
        )
        context["year"] = year
        context["years"] = PartnershipYear.objects.all()
        if year is not None:
            context["priorities"] = queries.priorities_of(year=year)
            context["planned_work"] = queries.planned_work_of(year=year)
        return context


class YearFormView(RecordFormView):
    permission_required = "governance.manage_plan"
    template_name = "governance/year_form.html"
    form_class = YearForm
    model = PartnershipYear

    def form_valid(self, form: YearForm) -> HttpResponse:
        year = services.year_save(actor=self.request.user, year=form.save(commit=False))
        messages.success(self.request, f"Year {year.label} saved")
        return redirect(f"{reverse('governance:plan')}?year={year.pk}")


class PriorityDetailView(StaffPageMixin, DetailView):
    permission_required = "governance.view_plan"
    template_name = "governance/priority_detail.html"
    model = Priority
    context_object_name = "priority"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page"] = queries.priority_page(priority=self.object)
        context["history"] = audit_history_of(record=self.object)[:20]
        return context


class PriorityFormView(RecordFormView):
    permission_required = "governance.manage_plan"
    template_name = "governance/priority_form.html"
    form_class = PriorityForm
    model: type[Model] = Priority

    def year(self) -> PartnershipYear:
        record = self.get_record()
        if record is not None:
            return record.year
        return get_object_or_404(PartnershipYear, pk=self.kwargs["year_pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["year"] = self.year()
        return context

    def form_valid(self, form: PriorityForm) -> HttpResponse:
        priority = form.save(commit=False)
        priority.year = self.year()
        services.priority_save(actor=self.request.user, priority=priority)
        messages.success(self.request, "Priority saved")
        return redirect("governance:priority-detail", pk=priority.pk)


class PlannedWorkDetailView(StaffPageMixin, DetailView):
    permission_required = "governance.view_plan"
    template_name = "governance/planned_work_detail.html"
    context_object_name = "work"

    def get_queryset(self) -> Any:
        return PlannedWork.objects.select_related(
            "year", "priority", "owner_group", "lead_agency"
        ).prefetch_related("milestones")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["history"] = audit_history_of(record=self.object)[:20]
        return context


class PlannedWorkFormView(PriorityFormView):
    template_name = "governance/planned_work_form.html"
    form_class = PlannedWorkForm  # type: ignore[assignment]
    model = PlannedWork

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["year"] = self.year()
        return kwargs

    def form_valid(self, form: PlannedWorkForm) -> HttpResponse:  # type: ignore[override]
        work = form.save(commit=False)
        work.year = self.year()
        services.planned_work_save(actor=self.request.user, work=work)
        messages.success(self.request, "Planned work saved")
        return redirect("governance:planned-work-detail", pk=work.pk)


class LearningListView(StaffPageMixin, ListView):
    permission_required = "governance.view_plan"
    template_name = "governance/learning_list.html"
    context_object_name = "learning_points"

    def get_queryset(self) -> Any:
        return queries.learning_points_list()


class LearningDetailView(StaffPageMixin, DetailView):
    permission_required = "governance.view_plan"
    template_name = "governance/learning_detail.html"
    context_object_name = "learning_point"

    def get_queryset(self) -> Any:
        return LearningPoint.objects.select_related("owning_group", "year")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["actions"] = self.object.actions.select_related("owner_group", "lead_agency")
        context["requests"] = queries.requests_with_recipients().filter(learning_point=self.object)
        context["history"] = audit_history_of(record=self.object)[:20]
        return context


class LearningFormView(RecordFormView):
    permission_required = "governance.manage_plan"
    template_name = "governance/learning_form.html"
    form_class = LearningPointForm
    model = LearningPoint

    def get_initial(self) -> dict[str, Any]:
        return {"year": queries.year_current()}

    def form_valid(self, form: LearningPointForm) -> HttpResponse:
        point = services.learning_point_save(
            actor=self.request.user, learning_point=form.save(commit=False)
        )
        messages.success(self.request, "Learning point saved")
        return redirect("governance:learning-detail", pk=point.pk)


class ActionCreateView(StaffPageMixin, FormView):
    """Turn a learning point into an action; its owning group owns the action by default."""

    permission_required = "governance.manage_plan"
    template_name = "governance/action_form.html"
    form_class = ActionForm

    def learning_point(self) -> LearningPoint:
        return get_object_or_404(LearningPoint, pk=self.kwargs["learning_pk"])

    def get_initial(self) -> dict[str, Any]:
        point = self.learning_point()
        return {"owner_group": point.owning_group, "golden_thread": point.golden_thread}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["learning_point"] = self.learning_point()
        return context

    def form_valid(self, form: ActionForm) -> HttpResponse:
        action = form.save(commit=False)
        action.learning_point = self.learning_point()
        services.action_save(actor=self.request.user, action=action)
        messages.success(self.request, "Action added")
        return redirect("governance:learning-detail", pk=action.learning_point.pk)


class ActionEditView(RecordFormView):
    """Change an action or record its progress: the owners and the business unit may."""

    permission_required = "governance.update_action"
    template_name = "governance/action_form.html"
    form_class = ActionForm
    model = Action

    def get_permission_object(self) -> Any:
        return self.get_record()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        action = self.get_record()
        context["learning_point"] = action.learning_point
        context["history"] = audit_history_of(record=action)[:20]
        return context

    def form_valid(self, form: ActionForm) -> HttpResponse:
        action = services.action_save(actor=self.request.user, action=form.save(commit=False))
        messages.success(self.request, "Action saved")
        if action.learning_point_id:
            return redirect("governance:learning-detail", pk=action.learning_point_id)
        return redirect("governance:action-edit", pk=action.pk)


class GroupWorkView(StaffPageMixin, DetailView):
    """A group's page of work: what it owns, what is overdue, what waits for its judgement."""

    permission_required = "governance.view_plan"
    template_name = "governance/group_work.html"
    model = PartnershipGroup
    context_object_name = "group"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["work"] = queries.group_work(group=self.object)
        return context


class RequestListView(StaffPageMixin, ListView):
    permission_required = "governance.view_requests"
    template_name = "governance/request_list.html"
    context_object_name = "requests"
    paginate_by = 50

    def get_queryset(self) -> Any:
        return queries.requests_for(user=self.request.user)  # type: ignore[arg-type]


class RequestCreateView(StaffPageMixin, FormView):
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
        learning = self.request.GET.get("learning_point", "")
        return {"learning_point": learning} if learning.isdigit() else {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["group"] = self.group()
        return context

    def form_valid(self, form: AssuranceRequestForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            request = services.assurance_request_create(
                actor=self.request.user,  # type: ignore[arg-type]
                asked_by=form.group,
                question=data["question"],
                due_on=data["due_on"],
                agencies=list(data["agencies"]),
                groups=list(data["groups"]),
                learning_point=data["learning_point"],
                golden_thread=data["golden_thread"],
            )
        except services.GovernanceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, "Request sent. Everyone asked has been emailed")
        return redirect("governance:request-detail", pk=request.pk)


class RequestDetailView(StaffPageMixin, DetailView):
    """A request with every answer. Agencies' narrative is sensitive: each view is recorded."""

    permission_required = "governance.view_request"
    template_name = "governance/request_detail.html"
    context_object_name = "request_"

    def get_queryset(self) -> Any:
        return queries.requests_with_recipients().prefetch_related("recipients__response__files")

    def get_permission_object(self) -> Any:
        return self.get_object()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        log_action(actor=request.user, action=AuditEntry.Action.VIEW, target=self.object)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
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
        context["history"] = audit_history_of(record=self.object)[:20]
        context["today"] = timezone.localdate()
        return context


class ResponseCreateView(StaffPageMixin, FormView):
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
                actor=self.request.user,  # type: ignore[arg-type]
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


class JudgementView(StaffPageMixin, FormView):
    permission_required = "governance.judge_request"
    template_name = "governance/judgement_form.html"
    form_class = JudgementForm

    def assurance_request(self) -> AssuranceRequest:
        return get_object_or_404(queries.requests_with_recipients(), pk=self.kwargs["pk"])

    def get_permission_object(self) -> Any:
        return self.assurance_request()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["request_"] = self.assurance_request()
        return context

    def form_valid(self, form: JudgementForm) -> HttpResponse:
        request = self.assurance_request()
        try:
            services.assurance_judge(
                actor=self.request.user,  # type: ignore[arg-type]
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


class EvidenceDownloadView(StaffPageMixin, View):
    """Evidence is served only through here, to those who may see the request."""

    permission_required = "governance.view_request"

    def evidence(self) -> EvidenceFile:
        return get_object_or_404(
            EvidenceFile.objects.select_related("response__recipient__request"),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self) -> Any:
        return self.evidence().response.recipient.request

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        evidence = self.evidence()
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("The evidence file is missing from storage") from error
        log_action(actor=request.user, action=AuditEntry.Action.VIEW, target=evidence)
        return FileResponse(
            handle,
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type,
        )
