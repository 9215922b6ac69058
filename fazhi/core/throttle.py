"""Per-key rate limits, counted in Django's shared cache: one counter per named scope.

A scope (e.g. `SUBMIT`, "disclosure.submit") is the one counter every door to the same
action uses: the portal form and the public API endpoint hit the same scope, so a client
cannot get twice the rate by alternating between them. Counting is django-ratelimit's
(fixed windows, `cache.add` + `cache.incr`); the cache is shared by every worker (Redis, or
the database cache by default, whose increments `fazhi.core.cache` makes atomic), so the
limit holds across processes and servers.

Rates use django-ratelimit's syntax: "30/10m" = 30 hits per 10 minutes; units s, m, h, d.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django_ratelimit.core import get_usage
from ninja.throttling import BaseThrottle

from fazhi.core.web import client_ip

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """(allowed hits, window seconds) of a rate like "10/h" or "30/10m"."""
    found = _RATE.match(rate or "")
    if not found:
        raise ImproperlyConfigured(f"invalid throttle rate {rate!r} (expected e.g. '10/h', '30/10m')")
    count, multiple, unit = found.groups()
    return int(count), int(multiple or 1) * _SECONDS[unit]


def hit(scope: str, key: str, rate: str) -> bool:
    """Count one hit of `key` under `scope`; True while within `rate`, False beyond it.

    A cache failure denies (django-ratelimit's default; set RATELIMIT_FAIL_OPEN to allow),
    and RATELIMIT_ENABLE=False turns every throttle off.
    """
    count, seconds = parse_rate(rate)
    usage = get_usage(None, group=f"fazhi:{scope}", key=lambda _group, _request: key or "-",
                      rate=(count, seconds), increment=True)
    return usage is None or not usage["should_limit"]


def window_seconds(rate: str) -> int:
    """The window length, a safe Retry-After value."""
    return parse_rate(rate)[1]


@dataclass(frozen=True)
class Scope:
    """A named counter whose rate is read from a setting on each hit (operators and tests
    change it without a restart)."""

    name: str
    setting: str

    @property
    def rate(self) -> str:
        return getattr(settings, self.setting)

    def hit(self, key: str) -> bool:
        return hit(self.name, key, self.rate)

    @property
    def retry_after(self) -> int:
        return window_seconds(self.rate)


# The public scopes. Keys: the client address (client_ip) unless the name says otherwise.
SUBMIT = Scope("disclosure.submit", "FAZHI_THROTTLE_SUBMIT")
TRACK = Scope("track", "FAZHI_THROTTLE_TRACK")
TRACK_CODE = Scope("track.code", "FAZHI_THROTTLE_TRACK_CODE")  # key: the receipt code
WITHDRAW = Scope("track.withdraw", "FAZHI_THROTTLE_WITHDRAW")  # key: the case: ID-suffix tries
SEARCH = Scope("search", "FAZHI_THROTTLE_SEARCH")  # the site search: every app's providers


class ScopeThrottle(BaseThrottle):
    """A ninja throttle counting in one of fazhi.core.throttle's scopes, keyed by the client
    address: the API and the portal form of the same action share one counter."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def allow_request(self, request: HttpRequest) -> bool:
        return self.scope.hit(client_ip(request))

    def wait(self) -> float:
        return float(self.scope.retry_after)
