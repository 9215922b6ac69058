"""The URLconf: Django's admin, the language switch and the frame's display mode, then every
app's URLs as the app declares them (`fazhi.core.modules`; shells and procedure apps alike).
"""

from django.contrib import admin
from django.urls import include, path

from fazhi.core import frame, modules

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("display/", frame.display_mode, name="display_mode"),
    *modules.url_patterns(),
]

# Chinese error pages inside the site frame (JSON under /api/).
handler404 = "fazhi.core.frame.page_not_found"
handler403 = "fazhi.core.frame.permission_denied"
handler500 = "fazhi.core.frame.server_error"
