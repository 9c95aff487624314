from django.urls import path

from safeguarding.governance.report import views

urlpatterns = [
    path(
        "plan/years/<int:pk>/publish-report/",
        views.AnnualReportPublishView.as_view(),
        name="annual-report-publish",
    ),
    path("annual-report/<str:label>/", views.AnnualReportView.as_view(), name="annual-report"),
    path(
        "annual-report/<str:label>/report.pdf",
        views.AnnualReportPdfView.as_view(),
        name="annual-report-pdf",
    ),
    path(
        "annual-report/<str:label>/draft/",
        views.AnnualReportView.as_view(draft=True),
        name="annual-report-draft",
    ),
    path(
        "annual-report/<str:label>/editions/<int:edition>/",
        views.AnnualReportView.as_view(),
        name="annual-report-edition",
    ),
    path(
        "annual-report/<str:label>/editions/<int:edition>/report.pdf",
        views.AnnualReportPdfView.as_view(),
        name="annual-report-edition-pdf",
    ),
]
