"""Governance's addresses, each sub-domain's under the one `governance:` namespace."""

from django.urls import path

from safeguarding.governance.assurance import urls as assurance_urls
from safeguarding.governance.importing import views as import_views
from safeguarding.governance.plan import urls as plan_urls
from safeguarding.governance.report import urls as report_urls

app_name = "governance"

urlpatterns = [
    *plan_urls.urlpatterns,
    path("plan/import/", import_views.ImportUploadView.as_view(), name="import"),
    path("plan/import/<int:pk>/", import_views.ImportReviewView.as_view(), name="import-review"),
    *report_urls.urlpatterns,
    *assurance_urls.urlpatterns,
]
