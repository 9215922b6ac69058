"""The public portal shell: the home page, receipt-code tracking, the site search and the
ledger checkpoints. No login. Each procedure's own public pages (applying, its published
records, the party's actions) live in its app; the home page, the navigation, the track
page and the site search show what the apps declare (`fazhi.core.modules`), and no code
here names a procedure.

The receipt code is the party's key: after it is entered on the track page only the case
id is remembered in the session, for a limited time (`fazhi.cases.tracking`).
"""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.cases import tracking
from fazhi.core import modules, throttle
from fazhi.core.i18n import local
from fazhi.core.inputs import checks_fields
from fazhi.core.models import Checkpoint
from fazhi.core.pagecache import public_page
from fazhi.core.web import client_ip
from fazhi.law.inputs import search_text
from fazhi.portal.forms import TrackForm

HOME_CACHE_SECONDS = 30
NOT_FOUND_CODE = "查询码不存在或已失效"
SEARCH_MAX_QUERY = 100
SEARCH_PER_MODULE = 10


# -- home -----------------------------------------------------------------------------------

@require_GET
@public_page
def home(request: HttpRequest) -> HttpResponse:
    """The sections every app declares for the home page, in their order."""
    sections = [(s, render_to_string(s.template, _section_context(s), request=request))
                for s in modules.home_sections()]
    return render(request, "portal/home.html", {
        "city": settings.FAZHI_CITY_NAME,
        "lead": [html for s, html in sections if s.lead],
        "cards": [html for s, html in sections if not s.lead],
        # every app's public section and its pages, so no section lacks a way in
        "sections": [s for s in modules.site_map() if s["href"] != request.path]})


def _section_context(section: modules.HomeSection) -> dict:
    return {"city": settings.FAZHI_CITY_NAME} | (section.context() if section.context else {})


def checkpoint_figure() -> dict:
    """The ledger card's figure, cached briefly (the busiest public page)."""
    figures = cache.get("portal.home.checkpoint")
    if figures is None:
        figures = {"checkpoint": Checkpoint.objects.order_by("-upto_event_id").first()}
        cache.set("portal.home.checkpoint", figures, HOME_CACHE_SECONDS)
    return figures


# -- track ----------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@checks_fields
def track(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _track_lookup(request)
    case = tracking.tracked_case(request)
    if case is None:
        return render(request, "portal/track.html", {"form": TrackForm()})
    return tracking.render_case(request, case)


def _track_lookup(request: HttpRequest) -> HttpResponse:
    if not throttle.TRACK.hit(client_ip(request)):
        return tracking.throttled(request, throttle.TRACK)
    form = TrackForm(request.POST)
    try:
        case = tracking.case_for_code(request.POST.get("code", ""))
    except tracking.CodeThrottled:
        return tracking.throttled(request, throttle.TRACK_CODE)
    if case is None:
        return render(request, "portal/track.html",
                      {"form": TrackForm(), "error": local(NOT_FOUND_CODE), "submitted": bool(form.data)},
                      status=404)
    tracking.remember(request, case)
    return redirect("portal:track")


@require_POST
def track_exit(request: HttpRequest) -> HttpResponse:
    tracking.forget(request)
    return redirect("portal:track")


# -- site search ----------------------------------------------------------------------------

@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Every app's published records matching the query, by app (each app's provider
    searches only what it has already published, redacted)."""
    query = search_text(request.GET.get("q", ""), SEARCH_MAX_QUERY)
    groups = []
    if query:
        if not throttle.SEARCH.hit(client_ip(request)):
            return tracking.throttled(request, throttle.SEARCH)
        for module, provider in modules.search_providers():
            hits = provider(query, SEARCH_PER_MODULE)
            if hits:
                groups.append((module.title, hits))
    return render(request, "portal/search.html", {
        "q": query, "groups": groups, "per_module": SEARCH_PER_MODULE})


# -- ledger ---------------------------------------------------------------------------------

@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    checkpoints = Checkpoint.objects.order_by("-upto_event_id")
    page = Paginator(checkpoints, 50).get_page(request.GET.get("page"))
    return render(request, "portal/ledger.html", {"page": page})
