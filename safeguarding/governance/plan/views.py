"""Pages for the year's plan: the year, its priorities and their parts, planned work."""

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import DetailView, FormView, TemplateView

from safeguarding.accounts.requests import SignedInPageMixin
from safeguarding.core.query_params import query_id
from safeguarding.core.views import RecordFormView, RecordHistoryMixin
from safeguarding.governance import queries as governance_queries
from safeguarding.governance.models import (
    Milestone,
    OutcomeMeasure,
    PartnershipYear,
    PlannedWork,
    Priority,
    PriorityStrand,
)
from safeguarding.governance.plan import queries, services
from safeguarding.governance.plan.forms import (
    MilestoneForm,
    OutcomeMeasureForm,
    PlannedWorkForm,
    PriorityForm,
    StrandForm,
    YearForm,
)


class PlanView(SignedInPageMixin, TemplateView):
    """The year at a glance: priorities, planned work and learning by theme."""

    permission_required = "governance.view_plan"
    template_name = "governance/plan.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year_pk = query_id(self.request, "year")
        year = (
            queries.year_get(pk=year_pk)
            if year_pk is not None
            else governance_queries.year_current()
        )
        context["year"] = year
        context["years"] = queries.years_list()
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


class InYearMixin:
    """A form page for a record that belongs to a year: the year of the record the URL
    names, or for a new record the year in the URL."""

    kwargs: dict[str, Any]
    if TYPE_CHECKING:

        def get_record(self) -> Any: ...

    def year(self) -> PartnershipYear:
        record = self.get_record()
        if record is not None:
            found: PartnershipYear = record.year
            return found
        return queries.year_get(pk=self.kwargs["year_pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["year"] = self.year()
        return context


class PriorityDetailView(RecordHistoryMixin, SignedInPageMixin, DetailView[Priority]):
    permission_required = "governance.view_plan"
    template_name = "governance/priority_detail.html"
    context_object_name = "priority"

    def get_object(self, queryset: Any = None) -> Priority:
        return queries.priority_get(pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page"] = queries.priority_page(priority=self.object, user=self.person)
        return context


class PriorityFormView(InYearMixin, SignedInPageMixin, RecordFormView):
    permission_required = "governance.manage_plan"
    template_name = "governance/priority_form.html"
    form_class = PriorityForm
    model = Priority

    def form_valid(self, form: PriorityForm) -> HttpResponse:
        priority = form.save(commit=False)
        priority.year = self.year()
        services.priority_save(actor=self.person, priority=priority)
        messages.success(self.request, "Priority saved")
        return redirect("governance:priority-detail", pk=priority.pk)


class PlannedWorkDetailView(RecordHistoryMixin, SignedInPageMixin, DetailView[PlannedWork]):
    permission_required = "governance.view_plan"
    template_name = "governance/planned_work_detail.html"
    context_object_name = "work"

    def get_object(self, queryset: Any = None) -> PlannedWork:
        return queries.planned_work_get(pk=self.kwargs["pk"])


class PlannedWorkFormView(InYearMixin, SignedInPageMixin, RecordFormView):
    permission_required = "governance.manage_plan"
    template_name = "governance/planned_work_form.html"
    form_class = PlannedWorkForm
    model = PlannedWork

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["year"] = self.year()
        return kwargs

    def form_valid(self, form: PlannedWorkForm) -> HttpResponse:
        work = form.save(commit=False)
        work.year = self.year()
        services.planned_work_save(actor=self.person, work=work)
        messages.success(self.request, "Planned work saved")
        return redirect("governance:planned-work-detail", pk=work.pk)


class PartAddView(SignedInPageMixin, FormView[Any]):
    """Add a part (a strand, an outcome measure, a milestone) to the record the URL names.

    Each kind of part says how to find its parent, attach itself and go back."""

    permission_required = "governance.manage_plan"
    template_name = "governance/part_form.html"
    heading = ""
    added_message = ""

    def parent(self) -> Any:
        raise NotImplementedError

    def back_url(self, parent: Any) -> str:
        raise NotImplementedError

    def attach(self, part: Any, parent: Any) -> None:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["parent"] = self.parent()
        context["heading"] = self.heading
        context["back"] = self.back_url(context["parent"])
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        parent = self.parent()
        part = form.save(commit=False)
        self.attach(part, parent)
        services.part_add(actor=self.person, part=part, parent=parent)
        messages.success(self.request, self.added_message)
        return redirect(self.back_url(parent))


class StrandAddView(PartAddView):
    form_class = StrandForm
    heading = "Add a strand"
    added_message = "Strand added"

    def parent(self) -> Priority:
        return queries.priority_get(pk=self.kwargs["pk"])

    def back_url(self, parent: Priority) -> str:
        return reverse("governance:priority-detail", args=[parent.pk])

    def attach(self, part: PriorityStrand, parent: Priority) -> None:
        part.priority = parent
        part.position = queries.strands_count(priority=parent)


class MeasureAddView(PartAddView):
    form_class = OutcomeMeasureForm
    heading = "Add an outcome measure"
    added_message = "Outcome measure added"

    def parent(self) -> Priority:
        return queries.priority_get(pk=self.kwargs["pk"])

    def back_url(self, parent: Priority) -> str:
        return reverse("governance:priority-detail", args=[parent.pk])

    def attach(self, part: OutcomeMeasure, parent: Priority) -> None:
        part.priority = parent


class MilestoneAddView(PartAddView):
    form_class = MilestoneForm
    heading = "Add a milestone"
    added_message = "Milestone added"

    def parent(self) -> PlannedWork:
        return queries.planned_work_get(pk=self.kwargs["pk"])

    def back_url(self, parent: PlannedWork) -> str:
        return reverse("governance:planned-work-detail", args=[parent.pk])

    def attach(self, part: Milestone, parent: PlannedWork) -> None:
        part.planned_work = parent
