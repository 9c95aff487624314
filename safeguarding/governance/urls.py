"""Governance's addresses, each sub-domain's under the one `governance:` namespace."""

from safeguarding.governance.assurance import urls as assurance_urls
from safeguarding.governance.plan import urls as plan_urls
from safeguarding.governance.report import urls as report_urls

app_name = "governance"

urlpatterns = [
    *plan_urls.urlpatterns,
    *report_urls.urlpatterns,
    *assurance_urls.urlpatterns,
]
