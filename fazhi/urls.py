"""The URLconf: Django's admin and language switch, then every app's URLs as the app
declares them (`fazhi.core.modules`; shells and procedure apps alike)."""

from django.contrib import admin
from django.urls import include, path

from fazhi.core import modules

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    *modules.url_patterns(),
]
