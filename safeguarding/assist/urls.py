from django.urls import path

from safeguarding.assist import views

app_name = "assist"

# Under /plan/, where document import has always been, so bookmarks still open.
urlpatterns = [
    path("plan/import/", views.ImportUploadView.as_view(), name="import"),
    path("plan/import/<int:pk>/", views.ImportReviewView.as_view(), name="import-review"),
]
