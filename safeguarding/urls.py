from django.urls import include, path

from safeguarding.returns.api import api

urlpatterns = [
    path("", include("safeguarding.core.urls")),
    path("", include("safeguarding.accounts.urls")),
    path("", include("safeguarding.governance.urls")),
    path("", include("safeguarding.returns.urls")),
    path("", include("safeguarding.insight.urls")),
    path("", include("safeguarding.assist.urls")),
    path("api/", api.urls),
]

handler400 = "safeguarding.core.views.bad_request"
handler403 = "safeguarding.core.views.permission_denied"
handler404 = "safeguarding.core.views.page_not_found"
handler500 = "safeguarding.core.views.server_error"
