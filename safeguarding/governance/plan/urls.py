from django.urls import path

from safeguarding.governance.plan import group_views, learning_views, views

urlpatterns = [
    path("plan/", views.PlanView.as_view(), name="plan"),
    path("plan/years/new/", views.YearFormView.as_view(), name="year-create"),
    path("plan/years/<int:pk>/edit/", views.YearFormView.as_view(), name="year-edit"),
    path(
        "plan/years/<int:year_pk>/priorities/new/",
        views.PriorityFormView.as_view(),
        name="priority-create",
    ),
    path("plan/priorities/<int:pk>/", views.PriorityDetailView.as_view(), name="priority-detail"),
    path("plan/priorities/<int:pk>/edit/", views.PriorityFormView.as_view(), name="priority-edit"),
    path(
        "plan/priorities/<int:pk>/strands/new/", views.StrandAddView.as_view(), name="strand-create"
    ),
    path(
        "plan/priorities/<int:pk>/measures/new/",
        views.MeasureAddView.as_view(),
        name="measure-create",
    ),
    path(
        "plan/work/<int:pk>/milestones/new/",
        views.MilestoneAddView.as_view(),
        name="milestone-create",
    ),
    path(
        "plan/years/<int:year_pk>/work/new/",
        views.PlannedWorkFormView.as_view(),
        name="planned-work-create",
    ),
    path("plan/work/<int:pk>/", views.PlannedWorkDetailView.as_view(), name="planned-work-detail"),
    path("plan/work/<int:pk>/edit/", views.PlannedWorkFormView.as_view(), name="planned-work-edit"),
    path("learning/", learning_views.LearningListView.as_view(), name="learning-list"),
    path("learning/new/", learning_views.LearningFormView.as_view(), name="learning-create"),
    path("learning/<int:pk>/", learning_views.LearningDetailView.as_view(), name="learning-detail"),
    path(
        "learning/<int:pk>/edit/", learning_views.LearningFormView.as_view(), name="learning-edit"
    ),
    path(
        "learning/<int:learning_pk>/actions/new/",
        learning_views.ActionCreateView.as_view(),
        name="action-create",
    ),
    path("actions/<int:pk>/", learning_views.ActionDetailView.as_view(), name="action-detail"),
    path("actions/<int:pk>/edit/", learning_views.ActionEditView.as_view(), name="action-edit"),
    path("groups/<slug:slug>/work/", group_views.GroupWorkView.as_view(), name="group-work"),
    path(
        "groups/<slug:slug>/representation/",
        group_views.RepresentationView.as_view(),
        name="representation-edit",
    ),
]
