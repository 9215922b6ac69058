"""Cross-cutting request handling: domain refusals as responses, the request-body cap and
the staff session limits, so no view repeats them."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from fazhi.core.errors import DomainError
from fazhi.core.i18n import local
from fazhi.core.web import LoginRequired

BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, LoginRequired):
            return exc.response
        if isinstance(exc, DomainError):
            return render(request, "error.html", {"message": local(exc.message), "status": exc.status},
                          status=exc.status)
        return None


def _refusal(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return JsonResponse({"code": code, "message": message, "errors": []}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    return render(request, "error.html", {"message": local(message), "status": status},
                  status=status)


class RequestSizeMiddleware:
    """Refuse a request body over the cap from its Content-Length, before anything reads
    it (Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves multipart files out), and a body
    streamed without a length (411), which could not be measured first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self._check(request)
        return refused or self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        meta = request.META
        if "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower():
            return _refusal(request, 411, "length_required",
                            "请求须注明内容长度（Content-Length），不接受分块传输的请求体")
        try:
            length = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refusal(request, 400, "bad_request", "请求的内容长度（Content-Length）无效")
        staff = request.user.is_authenticated
        limit = settings.FAZHI_STAFF_REQUEST_MAX_BYTES if staff else settings.FAZHI_REQUEST_MAX_BYTES
        if length > limit:
            return _refusal(request, 413, "too_large",
                            local("请求内容过大（{size:.1f} MB），上限为 {limit:.1f} MB；请压缩或拆分上传的文件")
                            .format(size=length / 1048576, limit=limit / 1048576))
        return None


SIGNED_IN_AT, SEEN_AT = "fazhi.signed_in_at", "fazhi.seen_at"
SEEN_GRANULARITY = 60  # seconds: the session is written at most once a minute for activity


class StaffSessionMiddleware:
    """A signed-in session ends FAZHI_SESSION_MAX_SECONDS after sign-in however busy, and
    after FAZHI_SESSION_IDLE_SECONDS without a request; the person then signs in again and
    is told why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    @staticmethod
    def _check(request: HttpRequest) -> None:
        now, session = time.time(), request.session
        signed_in = session.setdefault(SIGNED_IN_AT, now)
        seen = session.get(SEEN_AT, now)
        if now - signed_in > settings.FAZHI_SESSION_MAX_SECONDS:
            reason = local("登录已超过 {} 小时").format(settings.FAZHI_SESSION_MAX_SECONDS // 3600)
        elif now - seen > settings.FAZHI_SESSION_IDLE_SECONDS:
            reason = local("长时间未操作（超过 {} 分钟）").format(
                settings.FAZHI_SESSION_IDLE_SECONDS // 60)
        else:
            if now - seen >= SEEN_GRANULARITY or SEEN_AT not in session:
                session[SEEN_AT] = now
            return
        logout(request)
        messages.info(request, local("{}，已自动退出登录，请重新登录。").format(reason))


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Chinese unless the visitor chose English in the language menu (its cookie);
    a browser's Accept-Language alone does not switch the HTML interface (ADR 0027: a site for
    Chinese citizens, and many browsers send en-US). The API keeps Accept-Language."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        translation.activate(_chosen_language(request) or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        return None


def _chosen_language(request: HttpRequest) -> str | None:
    """The language of the visitor's language cookie, if it names a supported one."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if not chosen or not translation.check_for_language(chosen):
        return None
    try:
        return translation.get_supported_language_variant(chosen)
    except LookupError:
        return None
