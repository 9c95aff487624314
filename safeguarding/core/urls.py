from django.urls import path

from safeguarding.core import audit_views, views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("cover-your-tracks/", views.CoverYourTracksView.as_view(), name="cover-your-tracks"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("healthz/", views.healthz, name="healthz"),
    path("staff/", views.StaffHomeView.as_view(), name="staff-home"),
    path("agencies/", views.AgencyListView.as_view(), name="agency-list"),
    path("agencies/new/", views.AgencyFormView.as_view(), name="agency-create"),
    path("agencies/<slug:slug>/", views.AgencyDetailView.as_view(), name="agency-detail"),
    path("agencies/<slug:slug>/edit/", views.AgencyFormView.as_view(), name="agency-edit"),
    path("code-lists/", views.CodeListListView.as_view(), name="code-list-list"),
    path("code-lists/<slug:slug>/", views.CodeListDetailView.as_view(), name="code-list-detail"),
    path(
        "code-lists/<slug:slug>/download/",
        views.CodeListDownloadView.as_view(),
        name="code-list-download",
    ),
    path("settings/partnership/", views.PartnershipEditView.as_view(), name="partnership-edit"),
    path("audit/", audit_views.AuditListView.as_view(), name="audit-list"),
    path("audit/export/", audit_views.AuditExportView.as_view(), name="audit-export"),
    path("audit/verify/", audit_views.AuditVerifyView.as_view(), name="audit-verify"),
    path("audit/<int:pk>/", audit_views.AuditDetailView.as_view(), name="audit-detail"),
]
