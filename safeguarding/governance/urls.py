from django.urls import path

from safeguarding.governance import assurance_views, report_views, views

app_name = "governance"

urlpatterns = [
    path("plan/", views.PlanView.as_view(), name="plan"),
    path("plan/years/new/", views.YearFormView.as_view(), name="year-create"),
    path("plan/years/<int:pk>/edit/", views.YearFormView.as_view(), name="year-edit"),
    path(
        "plan/years/<int:pk>/publish-report/",
        report_views.AnnualReportPublishView.as_view(),
        name="annual-report-publish",
    ),
    path(
        "annual-report/<str:label>/",
        report_views.AnnualReportView.as_view(),
        name="annual-report",
    ),
    path(
        "annual-report/<str:label>/report.pdf",
        report_views.AnnualReportPdfView.as_view(),
        name="annual-report-pdf",
    ),
    path(
        "annual-report/<str:label>/draft/",
        report_views.AnnualReportView.as_view(draft=True),
        name="annual-report-draft",
    ),
    path(
        "annual-report/<str:label>/editions/<int:edition>/",
        report_views.AnnualReportView.as_view(),
        name="annual-report-edition",
    ),
    path(
        "annual-report/<str:label>/editions/<int:edition>/report.pdf",
        report_views.AnnualReportPdfView.as_view(),
        name="annual-report-edition-pdf",
    ),
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
    path("learning/", views.LearningListView.as_view(), name="learning-list"),
    path("learning/new/", views.LearningFormView.as_view(), name="learning-create"),
    path("learning/<int:pk>/", views.LearningDetailView.as_view(), name="learning-detail"),
    path("learning/<int:pk>/edit/", views.LearningFormView.as_view(), name="learning-edit"),
    path(
        "learning/<int:learning_pk>/actions/new/",
        views.ActionCreateView.as_view(),
        name="action-create",
    ),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action-detail"),
    path("actions/<int:pk>/edit/", views.ActionEditView.as_view(), name="action-edit"),
    path("groups/<slug:slug>/work/", views.GroupWorkView.as_view(), name="group-work"),
    path(
        "groups/<slug:slug>/representation/",
        views.RepresentationView.as_view(),
        name="representation-edit",
    ),
    path(
        "groups/<slug:slug>/assurance/new/",
        assurance_views.RequestCreateView.as_view(),
        name="request-create",
    ),
    path("assurance/", assurance_views.RequestListView.as_view(), name="request-list"),
    path("assurance/<int:pk>/", assurance_views.RequestDetailView.as_view(), name="request-detail"),
    path(
        "assurance/<int:pk>/answer/<int:recipient_pk>/",
        assurance_views.ResponseCreateView.as_view(),
        name="response-create",
    ),
    path(
        "assurance/<int:pk>/judge/", assurance_views.JudgementView.as_view(), name="request-judge"
    ),
    path(
        "assurance/answers/<int:pk>/share/",
        assurance_views.ResponseShareView.as_view(),
        name="response-share",
    ),
    path(
        "assurance/evidence/<int:pk>/",
        assurance_views.EvidenceDownloadView.as_view(),
        name="evidence-download",
    ),
]
