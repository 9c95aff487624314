"""Pages for the year's plan, learning points, actions, group work and assurance."""

from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView, FormView, ListView, TemplateView

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.accounts.requests import SignedInPageMixin
from safeguarding.core.queries import audit_history_of
from safeguarding.core.query_params import query_id
from safeguarding.core.views import RecordFormView, RecordHistoryMixin
from safeguarding.governance import queries, services
from safeguarding.governance.forms import (
    ActionForm,
    ActionProgressForm,
    LearningPointForm,
    MilestoneForm,
    OutcomeMeasureForm,
    PlannedWorkForm,
    PriorityForm,
    RepresentationForm,
    StrandForm,
    YearForm,
)
from safeguarding.governance.models import (
    Action,
    LearningPoint,
    PartnershipYear,
    PlannedWork,
    Priority,
)


class PlanView(SignedInPageMixin, TemplateView):
    """The year at a glance: priorities, planned work and learning by theme."""

    permission_required = "governance.view_plan"
    template_name = "governance/plan.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year_pk = query_id(self.request, "year")
        year = (
            get_object_or_404(PartnershipYear, pk=year_pk)
            if year_pk is not None
            else queries.year_current()
        )
        context["year"] = year
        context["years"] = PartnershipYear.objects.all()
        if year is not None:
            context["priorities"] = queries.priorities_of(year=year)
            context["planned_work"] = queries.planned_work_of(year=year)
        return context


class YearFormView(SignedInPageMixin, RecordFormView):
    permission_required = "governance.manage_plan"
    template_name = "governance/year_form.html"
    form_class = YearForm
    model = PartnershipYear

    def form_valid(self, form: YearForm) -> HttpResponse:
        year = services.year_save(actor=self.person, year=form.save(commit=False))
        messages.success(self.request, f"Year {year.label} saved")
        return redirect(f"{reverse('governance:plan')}?year={year.pk}")


class PriorityDetailView(RecordHistoryMixin, SignedInPageMixin, DetailView[Priority]):
    permission_required = "governance.view_plan"
    template_name = "governance/priority_detail.html"
    model = Priority
    context_object_name = "priority"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page"] = queries.priority_page(priority=self.object, user=self.person)
        return context


class PriorityFormView(SignedInPageMixin, RecordFormView):
    permission_required = "governance.manage_plan"
    template_name = "governance/priority_form.html"
    form_class = PriorityForm
    model: type[Model] = Priority

    def year(self) -> PartnershipYear:
        record = self.get_record()
        if record is not None:
            found: PartnershipYear = record.year
            return found
        year: PartnershipYear = get_object_or_404(PartnershipYear, pk=self.kwargs["year_pk"])
        return year

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["year"] = self.year()
        return context

    def form_valid(self, form: PriorityForm) -> HttpResponse:
        priority = form.save(commit=False)
        priority.year = self.year()
        services.priority_save(actor=self.person, priority=priority)
        messages.success(self.request, "Priority saved")
        return redirect("governance:priority-detail", pk=priority.pk)


class PlannedWorkDetailView(RecordHistoryMixin, SignedInPageMixin, DetailView[Any]):
    permission_required = "governance.view_plan"
    template_name = "governance/planned_work_detail.html"
    context_object_name = "work"

    def get_queryset(self) -> Any:
        return PlannedWork.objects.select_related(
            "year", "priority", "owner_group", "lead_agency"
        ).prefetch_related("milestones")


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
        services.planned_work_save(actor=self.person, work=work)
        messages.success(self.request, "Planned work saved")
        return redirect("governance:planned-work-detail", pk=work.pk)


class LearningListView(SignedInPageMixin, ListView[Any]):
    permission_required = "governance.view_plan"
    template_name = "governance/learning_list.html"
    context_object_name = "learning_points"

    def get_queryset(self) -> Any:
        return queries.learning_points_list()


class LearningDetailView(RecordHistoryMixin, SignedInPageMixin, DetailView[Any]):
    permission_required = "governance.view_plan"
    template_name = "governance/learning_detail.html"
    context_object_name = "learning_point"

    def get_queryset(self) -> Any:
        return LearningPoint.objects.select_related("owning_group", "year")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["actions"] = self.object.actions.select_related("owner_group", "lead_agency")
        context["requests"] = queries.requests_for(user=self.person).filter(
            learning_point=self.object
        )
        return context


class LearningFormView(SignedInPageMixin, RecordFormView):
    permission_required = "governance.manage_plan"
    template_name = "governance/learning_form.html"
    form_class = LearningPointForm
    model = LearningPoint

    def get_initial(self) -> dict[str, Any]:
        return {"year": queries.year_current()}

    def form_valid(self, form: LearningPointForm) -> HttpResponse:
        point = services.learning_point_save(
            actor=self.person, learning_point=form.save(commit=False)
        )
        messages.success(self.request, "Learning point saved")
        return redirect("governance:learning-detail", pk=point.pk)


class ActionCreateView(SignedInPageMixin, FormView[ActionForm]):
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
        services.action_save(actor=self.person, action=action)
        messages.success(self.request, "Action added")
        return redirect("governance:learning-detail", pk=action.learning_point.pk)


class ActionDetailView(RecordHistoryMixin, SignedInPageMixin, DetailView[Any]):
    """An action as everyone who reads the plan sees it; those who work on it are
    offered the change page from here."""

    permission_required = "governance.view_plan"
    template_name = "governance/action_detail.html"
    context_object_name = "action"

    def get_queryset(self) -> Any:
        return Action.objects.select_related(
            "owner_group", "lead_agency", "learning_point", "priority"
        )


class ActionEditView(SignedInPageMixin, RecordFormView):
    """Change an action or record its progress: the owners and the business unit may."""

    permission_required = "governance.update_action"
    template_name = "governance/action_form.html"
    form_class = ActionForm
    model = Action

    def get_permission_object(self) -> Any:
        return self.get_record()

    def get_form_class(self) -> Any:
        # Those who report progress see only what they may change.
        if self.person.has_perm("governance.reassign_action", self.get_record()):
            return ActionForm
        return ActionProgressForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        action = self.get_record()
        context["learning_point"] = action.learning_point
        context["action"] = action
        context["history"] = audit_history_of(record=action)[:20]
        return context

    def form_valid(self, form: ActionForm) -> HttpResponse:
        try:
            action = services.action_save(actor=self.person, action=form.save(commit=False))
        except services.GovernanceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, "Action saved")
        if action.learning_point_id:
            return redirect("governance:learning-detail", pk=action.learning_point_id)
        return redirect("governance:action-detail", pk=action.pk)


class GroupWorkView(SignedInPageMixin, DetailView[PartnershipGroup]):
    """A group's page of work: what it owns, what is overdue, what waits for its judgement."""

    permission_required = "governance.view_plan"
    template_name = "governance/group_work.html"
    model = PartnershipGroup
    context_object_name = "group"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["work"] = queries.group_work(group=self.object, user=self.person)
        return context


class PartAddView(SignedInPageMixin, FormView[Any]):
    """Add a part (a strand, an outcome measure, a milestone) to the record the URL names."""

    permission_required = "governance.manage_plan"
    template_name = "governance/part_form.html"
    parent_model: type[Model]
    heading = ""
    added_message = ""
    fields: list[str]

    def parent(self) -> Any:
        return get_object_or_404(self.parent_model, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["parent"] = self.parent()
        context["heading"] = self.heading
        context["back"] = self.back_url(context["parent"])
        return context

    def back_url(self, parent: Any) -> str:
        raise NotImplementedError

    def attach(self, part: Any, parent: Any) -> None:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        parent = self.parent()
        part = form.save(commit=False)
        self.attach(part, parent)
        services.part_add(actor=self.person, part=part, parent=parent, fields=self.fields)
        messages.success(self.request, self.added_message)
        return redirect(self.back_url(parent))


class StrandAddView(PartAddView):
    form_class = StrandForm
    parent_model = Priority
    heading = "Add a strand"
    added_message = "Strand added"
    fields = ["title"]

    def back_url(self, parent: Any) -> str:
        return reverse("governance:priority-detail", args=[parent.pk])

    def attach(self, part: Any, parent: Any) -> None:
        part.priority = parent
        part.position = parent.strands.count()


class MeasureAddView(StrandAddView):
    form_class = OutcomeMeasureForm  # type: ignore[assignment]
    heading = "Add an outcome measure"
    added_message = "Outcome measure added"
    fields = ["description", "indicator_code"]

    def attach(self, part: Any, parent: Any) -> None:
        part.priority = parent


class MilestoneAddView(PartAddView):
    form_class = MilestoneForm
    parent_model = PlannedWork
    heading = "Add a milestone"
    added_message = "Milestone added"
    fields = ["title", "due_on", "done_on"]

    def back_url(self, parent: Any) -> str:
        return reverse("governance:planned-work-detail", args=[parent.pk])

    def attach(self, part: Any, parent: Any) -> None:
        part.planned_work = parent


class RepresentationView(SignedInPageMixin, FormView[RepresentationForm]):
    """Declare the kinds of agency the partnership wants on a group."""

    permission_required = "governance.manage_plan"
    template_name = "governance/part_form.html"
    form_class = RepresentationForm

    def group(self) -> PartnershipGroup:
        return get_object_or_404(PartnershipGroup, slug=self.kwargs["slug"])

    def get_initial(self) -> dict[str, Any]:
        wanted = self.group().representation_wanted.values_list("agency_kind", flat=True)
        return {"agency_kinds": list(wanted)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        group = self.group()
        context.update(
            parent=group,
            heading="Agencies wanted on this group",
            back=reverse("governance:group-work", args=[group.slug]),
        )
        return context

    def form_valid(self, form: RepresentationForm) -> HttpResponse:
        group = self.group()
        services.representation_wanted_set(
            actor=self.person, group=group, agency_kinds=form.cleaned_data["agency_kinds"]
        )
        messages.success(self.request, "Agencies wanted saved")
        return redirect("governance:group-work", slug=group.slug)
