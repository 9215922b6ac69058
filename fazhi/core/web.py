"""Small helpers shared by the staff and public views."""

from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from fazhi.org.actors import Actor


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
