from django.urls import path

from safeguarding.returns import views

app_name = "returns"

urlpatterns = [
    path("returns/", views.CalendarView.as_view(), name="calendar"),
    path("returns/<int:pk>/", views.ObligationView.as_view(), name="obligation"),
    path("returns/indicators/", views.CatalogueView.as_view(), name="catalogue"),
    path(
        "returns/<int:pk>/template.csv",
        views.TemplateDownloadView.as_view(kind="csv"),
        name="template-csv",
    ),
    path(
        "returns/<int:pk>/template.xlsx",
        views.TemplateDownloadView.as_view(kind="xlsx"),
        name="template-xlsx",
    ),
    path("returns/api-keys/", views.ApiKeysView.as_view(), name="api-keys"),
    path(
        "returns/api-keys/<int:pk>/revoke/",
        views.ApiKeyRevokeView.as_view(),
        name="api-key-revoke",
    ),
    path(
        "returns/submissions/<int:pk>/problems.csv",
        views.SubmissionFileView.as_view(what="errors"),
        name="submission-errors",
    ),
    path(
        "returns/submissions/<int:pk>/data.csv",
        views.SubmissionFileView.as_view(what="data"),
        name="submission-data",
    ),
]
