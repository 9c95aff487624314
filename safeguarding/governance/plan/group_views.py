"""A group's page of work, and the kinds of agency the partnership wants on it."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import DetailView, FormView

from safeguarding.accounts.models import PartnershipGroup
from safeguarding.accounts.queries import group_get
from safeguarding.accounts.requests import SignedInPageMixin
from safeguarding.governance.plan import queries, services
from safeguarding.governance.plan.forms import RepresentationForm


class GroupWorkView(SignedInPageMixin, DetailView[PartnershipGroup]):
    """A group's page of work: what it owns, what is overdue, what waits for its judgement."""

    permission_required = "governance.view_plan"
    template_name = "governance/group_work.html"
    context_object_name = "group"

    def get_object(self, queryset: Any = None) -> PartnershipGroup:
        return group_get(slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["work"] = queries.group_work(group=self.object, user=self.person)
        return context


class RepresentationView(SignedInPageMixin, FormView[RepresentationForm]):
    """Declare the kinds of agency the partnership wants on a group."""

    permission_required = "governance.manage_plan"
    template_name = "governance/part_form.html"
    form_class = RepresentationForm

    def group(self) -> PartnershipGroup:
        return group_get(slug=self.kwargs["slug"])

    def get_initial(self) -> dict[str, Any]:
        return {"agency_kinds": queries.representation_wanted_kinds(group=self.group())}

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
