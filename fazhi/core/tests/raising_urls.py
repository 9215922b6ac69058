"""The site's URLs plus views that raise (a bug; a domain refusal), with fazhi.urls' handlers."""

from django.urls import path

from fazhi import urls as site
from fazhi.core.errors import NotAllowed


def boom(request):
    raise RuntimeError("a bug in a view")


def refuse(request):
    raise NotAllowed("该申请已办结，不能再补正")


urlpatterns = [path("boom/", boom), path("refuse/", refuse), *site.urlpatterns]
handler404, handler403, handler500 = site.handler404, site.handler403, site.handler500
