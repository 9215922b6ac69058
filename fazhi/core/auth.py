"""Sign-in throttling with django-axes: per account and per address.

axes records every failed sign-in (AccessAttempt, per username + address; AccessFailureLog
for the audit trail) and refuses an account once it has FAZHI_LOGIN_FAILURES_PER_ACCOUNT
failures within the cool-off period. The per-address limit is the failure-limit hook below:
once an address has FAZHI_LOGIN_FAILURES_PER_ADDRESS failures over any accounts, every
sign-in from it is refused for the same period (it is higher than the account limit, since
an office shares one address). Successful sign-ins never count, and do not reset the
counts: an attacker with one valid account could otherwise clear them between guesses.

Administrators lift a lockout in the admin (访问尝试) or with `fazhi axes-reset-username
NAME` / `fazhi axes-reset-ip ADDRESS`.
"""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def cool_off(request: HttpRequest | None = None) -> timedelta:
    return timedelta(minutes=settings.FAZHI_LOGIN_LOCKOUT_MINUTES)


def address_failures(address: str) -> int:
    """Failed sign-ins from `address`, over all accounts, within the cool-off period."""
    since = timezone.now() - cool_off()
    found = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return found.aggregate(n=Sum("failures_since_start"))["n"] or 0


def failure_limit(request: HttpRequest, credentials: dict | None = None) -> int:
    """axes compares an account's failures with this limit; an address over its own limit
    gets 0, so every account is refused from there."""
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    if address and address_failures(address) >= settings.FAZHI_LOGIN_FAILURES_PER_ADDRESS:
        return 0
    return settings.FAZHI_LOGIN_FAILURES_PER_ACCOUNT


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict | None = None) -> HttpResponse:
    """The page a locked-out person sees: until when, and whom to ask (429)."""
    period = get_cool_off(request) or cool_off()
    retry_at = timezone.localtime(timezone.now() + period)
    return render(request, "registration/locked_out.html", {
        "minutes": int(period.total_seconds() // 60), "retry_at": retry_at}, status=429)


class LoginGuard(AxesStandaloneBackend):
    """axes' check before the password is tried. Sign-ins without a request (the test
    client's `login()`, the shell) have no address to count and pass through; every sign-in
    over HTTP carries its request."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
