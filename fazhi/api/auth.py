"""Staff authentication for /api/v1/: a bearer token, or the Django session with CSRF.

Both resolve to the staff Actor (fazhi.org.actors), which every endpoint uses to filter
cases through `Case.objects.visible_to(actor)`.
"""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from fazhi.api.models import ApiToken, hash_token
from fazhi.core.errors import Forbidden
from fazhi.org.actors import Actor

LAST_USED_GRANULARITY = timedelta(minutes=1)  # avoid a write on every request


def _staff(user) -> Actor:
    actor = Actor.for_user(user)
    if actor is None:
        raise Forbidden("该账号不是工作人员，不能使用工作人员接口")
    return actor


class BearerToken(HttpBearer):
    """`Authorization: Bearer fz_…`; only the SHA-256 of the token is looked up."""

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        if not token or len(token) > 200:
            return None
        found = (ApiToken.objects.active().select_related("user", "user__staff")
                 .filter(token_hash=hash_token(token)).first())
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return _staff(found.user)


class StaffSession(APIKeyCookie):
    """The workspace's login session; unsafe methods must carry the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # No session, no CSRF question: let the request fail as unauthenticated (401).
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        if not request.user.is_authenticated:
            return None
        return _staff(request.user)


def staff_docs_only(view):
    """The staff API's OpenAPI document describes every internal endpoint: in production
    (FAZHI_ENV=production) only a signed-in staff member or a bearer token may read it."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if settings.PRODUCTION and not _staff_request(request):
            return JsonResponse({"code": "unauthorized", "errors": [],
                                 "message": "工作人员接口的文档仅向已登录的工作人员提供"},
                                status=401, json_dumps_params={"ensure_ascii": False})
        return view(request, *args, **kwargs)
    return wrapped


def _staff_request(request: HttpRequest) -> bool:
    try:
        if request.user.is_authenticated:
            return _staff(request.user) is not None
        return BearerToken()(request) is not None
    except Forbidden:
        return False
