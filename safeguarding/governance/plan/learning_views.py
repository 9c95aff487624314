"""Pages for learning points and the actions that answer them."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView, ListView

from safeguarding.accounts.requests import SignedInPageMixin
from safeguarding.core.queries import audit_history_of
from safeguarding.core.views import RecordFormView, RecordHistoryMixin
from safeguarding.governance import queries as governance_queries
from safeguarding.governance.assurance.queries import requests_following
from safeguarding.governance.errors import GovernanceError
from safeguarding.governance.models import Action, LearningPoint
from safeguarding.governance.plan import queries, services
from safeguarding.governance.plan.forms import ActionForm, ActionProgressForm, LearningPointForm


class LearningListView(SignedInPageMixin, ListView[LearningPoint]):
    permission_required = "governance.view_plan"
    template_name = "governance/learning_list.html"
    context_object_name = "learning_points"

    def get_queryset(self) -> Any:
        return queries.learning_points_list()


class LearningDetailView(RecordHistoryMixin, SignedInPageMixin, DetailView[LearningPoint]):
    permission_required = "governance.view_plan"
    template_name = "governance/learning_detail.html"
    context_object_name = "learning_point"

    def get_object(self, queryset: Any = None) -> LearningPoint:
        return queries.learning_point_get(pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["actions"] = queries.actions_of(learning_point=self.object)
        context["requests"] = requests_following(user=self.person, learning_point=self.object)
        return context


class LearningFormView(SignedInPageMixin, RecordFormView):
    permission_required = "governance.manage_plan"
    template_name = "governance/learning_form.html"
    form_class = LearningPointForm
    model = LearningPoint

    def get_initial(self) -> dict[str, Any]:
        return {"year": governance_queries.year_current()}

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
        return queries.learning_point_get(pk=self.kwargs["learning_pk"])

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


class ActionDetailView(RecordHistoryMixin, SignedInPageMixin, DetailView[Action]):
    """An action as everyone who reads the plan sees it; those who work on it are
    offered the change page from here."""

    permission_required = "governance.view_plan"
    template_name = "governance/action_detail.html"
    context_object_name = "action"

    def get_object(self, queryset: Any = None) -> Action:
        return queries.action_get(pk=self.kwargs["pk"])


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
        except GovernanceError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, "Action saved")
        if action.learning_point_id:
            return redirect("governance:learning-detail", pk=action.learning_point_id)
        return redirect("governance:action-detail", pk=action.pk)
