"""Small helpers shared by the staff and public views."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fazhi.core.errors import DomainError
from fazhi.core.i18n import local
from fazhi.org.actors import Actor
from fazhi.org.models import Agency


def staff_actor(request: HttpRequest) -> Actor:
    """The staff actor of the request; anonymous users go to login, non-staff get 403."""
    if not request.user.is_authenticated:
        raise LoginRequired(request)
    actor = Actor.for_user(request.user)
    if actor is None:
        raise PermissionDenied("仅限工作人员访问")
    return actor


class LoginRequired(Exception):
    def __init__(self, request: HttpRequest):
        super().__init__("login required")
        self.response = redirect_to_login(request.get_full_path())


def client_ip(request: HttpRequest) -> str:
    """The caller's address for throttling. Behind a reverse proxy, set
    FAZHI_TRUSTED_PROXY_HEADER (e.g. HTTP_X_REAL_IP) to the header the proxy sets, or every
    client would share the proxy's address; the header is trusted only when configured."""
    header = settings.FAZHI_TRUSTED_PROXY_HEADER
    if header:
        forwarded = request.META.get(header, "").split(",")[0].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def staff_nav(actor: Actor, request: HttpRequest) -> dict[str, Any]:
    """The context of the staff header, on the workspace and every app's staff pages (the
    apps' links come from the registry)."""
    user = request.user
    return {"actor": actor, "can_supervise": actor.city_wide,
            "can_admin": bool(user.is_staff and user.is_superuser)}


def staff_intake(request: HttpRequest, *, roles: frozenset[str], refusal: str, template: str,
                 form: Callable[[Actor, Any], Any], register: Callable[[Agency, Actor, dict, Any], Any],
                 context: Callable[[Actor], dict] | None = None,
                 done: Callable[[Any], str] | None = None) -> HttpResponse:
    """A staff registration page that opens a case: GET shows `form(actor, None)`; POST binds
    `form(actor, request.POST)` and calls `register(agency, actor, data, bound_form)`, then
    goes to the new case; invalid input (422) or a refusal (its status) shows the form again
    with the reasons, and nothing is written. `refusal` is the 403 text for other roles."""
    actor = staff_actor(request)
    if not actor.has_any(roles):
        raise PermissionDenied(local(refusal))

    def page(bound: Any, status: int = 200) -> HttpResponse:
        extra = context(actor) if context else {}
        return render(request, template, staff_nav(actor, request) | {"form": bound} | extra,
                      status=status)

    if request.method != "POST":
        return page(form(actor, None))
    bound = form(actor, request.POST)
    data = bound.schema_data()
    if bound.errors:
        return page(bound, 422)
    try:
        case = register(Agency.objects.get(pk=actor.agency_id), actor, data, bound)
    except DomainError as exc:
        bound.add_errors(exc)
        return page(bound, exc.status)
    messages.success(request, done(case) if done else local("已登记为{number}").format(
        number=case.number))
    return redirect("workspace:case", pk=case.pk)
