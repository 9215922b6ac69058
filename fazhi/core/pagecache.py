"""Whole public pages kept for a short time in each worker's memory, for anonymous visitors.

The busiest public pages (the portal home, a module's public list, the disclosure guides)
are the same for every anonymous visitor in a given language and display mode.
`@public_page` renders such a page once, keeps its bytes for `FAZHI_PAGE_CACHE_SECONDS`
(0 turns it off) and serves later visitors the same bytes: no database, no shared cache,
no template on a hit.

A kept page carries no CSRF token: the only forms of an anonymous visitor's frame are the
language and display-mode switches, which are exempt (they set a preference cookie and
nothing else; docs/decisions/0025). While a page is rendered for keeping, the context
processor `csrf` empties the token (the frame writes its forms' token only when there is
one), so no token, no CSRF cookie and no per-visitor byte is in it. A page with any other form must not be
decorated: its form would fail the CSRF check.

Only what is the same for everyone is kept: GET or HEAD, no query string, no session
cookie (a signed-in user, a tracked case, flash messages) and no messages cookie; the key
is the path, the active language and the display mode. A page may be up to that many
seconds old in one worker (the published figures on the home page were already cached for
30 s); the memory used is bounded (`MAX_PAGES`, oldest dropped).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from threading import Lock

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from fazhi.core.frame import DISPLAY_COOKIE

MAX_PAGES = 256
_FLAG = "_fazhi_page_kept"

_pages: OrderedDict[str, tuple[float, bytes, str]] = OrderedDict()
_lock = Lock()


def csrf(request: HttpRequest) -> dict:
    """Context processor (after Django's own): no token while a page is being rendered for
    keeping, else nothing (Django's lazy token stands)."""
    return {"csrf_token": ""} if getattr(request, _FLAG, False) else {}


def clear() -> None:
    with _lock:
        _pages.clear()


def _key(request: HttpRequest) -> str | None:
    seconds = getattr(settings, "FAZHI_PAGE_CACHE_SECONDS", 0)
    if (seconds <= 0 or request.method not in {"GET", "HEAD"} or request.META.get("QUERY_STRING")
            or settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES):
        return None
    return f"{get_language()}|{request.COOKIES.get(DISPLAY_COOKIE, '')}|{request.path}"


def _served(body: bytes, content_type: str, state: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["X-Page-Cache"] = state
    return response


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's page from this worker's memory when it is the same for everyone."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = _key(request)
        if key is None:
            return view(request, *args, **kwargs)
        now = time.monotonic()
        with _lock:
            held = _pages.get(key)
        if held is not None and held[0] > now:
            return _served(held[1], held[2], "hit")
        setattr(request, _FLAG, True)
        try:
            response = view(request, *args, **kwargs)
        finally:
            setattr(request, _FLAG, False)
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        content_type = response.get("Content-Type", "text/html; charset=utf-8")
        with _lock:
            _pages[key] = (now + settings.FAZHI_PAGE_CACHE_SECONDS, response.content,
                           content_type)
            _pages.move_to_end(key)
            while len(_pages) > MAX_PAGES:
                _pages.popitem(last=False)
        return _served(response.content, content_type, "miss")

    return wrapped
