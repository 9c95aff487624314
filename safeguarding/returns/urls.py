from django.urls import path

from safeguarding.returns import views

app_name = "returns"

urlpatterns = [
    path("returns/", views.CalendarView.as_view(), name="calendar"),
    path("returns/<int:pk>/", views.ObligationView.as_view(), name="obligation"),
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
