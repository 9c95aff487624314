from django.urls import path

from safeguarding.governance.assurance import views

urlpatterns = [
    path(
        "groups/<slug:slug>/assurance/new/",
        views.RequestCreateView.as_view(),
        name="request-create",
    ),
    path("assurance/", views.RequestListView.as_view(), name="request-list"),
    path("assurance/<int:pk>/", views.RequestDetailView.as_view(), name="request-detail"),
    path(
        "assurance/<int:pk>/answer/<int:recipient_pk>/",
        views.ResponseCreateView.as_view(),
        name="response-create",
    ),
    path("assurance/<int:pk>/judge/", views.JudgementView.as_view(), name="request-judge"),
    path(
        "assurance/answers/<int:pk>/share/",
        views.ResponseShareView.as_view(),
        name="response-share",
    ),
    path(
        "assurance/evidence/<int:pk>/",
        views.EvidenceDownloadView.as_view(),
        name="evidence-download",
    ),
]
