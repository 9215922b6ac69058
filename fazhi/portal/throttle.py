"""Per-key rate limits for public endpoints, counted in Django's cache.

A thin wrapper over django-ratelimit's counting (fixed windows, `cache.add` + `cache.incr`,
so concurrent app servers sharing a cache share the count) that needs no request object,
so views and API endpoints can throttle on whatever key they choose (usually the client IP).
Rates use django-ratelimit's syntax: "30/10m" = 30 hits per 10 minutes; units s, m, h, d.
"""

import re

from django.core.exceptions import ImproperlyConfigured
from django_ratelimit.core import get_usage

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
