"""The URLconf: Django's admin, the language switch and the frame's display mode, then every
app's URLs as the app declares them (`fazhi.core.modules`; shells and procedure apps alike).
"""

from django.contrib import admin
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from fazhi.core import frame, modules

urlpatterns = [
    path("admin/", admin.site.urls),
    # The language switch sets a preference cookie only: exempt from CSRF, so public pages
    # kept whole for every visitor carry no token (fazhi/core/pagecache.py, ADR 0025).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("display/", frame.display_mode, name="display_mode"),
    *modules.url_patterns(),
]

# Chinese error pages inside the site frame (JSON under /api/).
handler404 = "fazhi.core.frame.page_not_found"
handler403 = "fazhi.core.frame.permission_denied"
handler500 = "fazhi.core.frame.server_error"
