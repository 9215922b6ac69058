from django.contrib import admin
from django.urls import include, path

from fazhi.core import frame

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("display/", frame.display_mode, name="display_mode"),
    path("workspace/disclosure/stats/", include("fazhi.disclosure.urls")),
    path("workspace/", include("fazhi.workspace.urls")),
    path("accounts/", include("fazhi.workspace.account_urls")),
    path("api/", include("fazhi.api.urls")),
    path("normative/", include("fazhi.normative.urls")),
    path("lottery/", include("fazhi.lottery.urls")),
    path("reporting/", include("fazhi.reporting.urls")),
    path("inspections/", include("fazhi.inspections.urls")),
    path("library/", include("fazhi.normative.search_urls")),
    path("", include("fazhi.portal.urls")),
]

# Chinese error pages inside the site frame (JSON under /api/).
handler404 = "fazhi.core.frame.page_not_found"
handler403 = "fazhi.core.frame.permission_denied"
handler500 = "fazhi.core.frame.server_error"
