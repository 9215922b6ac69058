"""The site frame around every page: the footer's site facts, the large-text (适老化) display
mode, and the 404/403/500 and CSRF-failure pages in the frame (Chinese, right status).

Nothing here reads the database, so the frame costs no query and the 500 page can still
render when the database is the reason for the error; if rendering fails anyway, a plain
page in the same words is returned instead.
"""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from fazhi.core.errors import InvalidData
from fazhi.core.i18n import local

log = logging.getLogger(__name__)

DISPLAY_COOKIE = "fazhi_display"
LARGE = "large"  # the large-text, high-contrast mode (适老化模式)
STANDARD = "standard"
DISPLAY_COOKIE_SECONDS = 365 * 24 * 3600


def site(request: HttpRequest) -> dict:
    """Template context for the frame: the site facts from settings and the display mode."""
    return {
        "site": {
            "owner": settings.FAZHI_SITE_OWNER,
            "address": settings.FAZHI_SITE_ADDRESS,
            "phone": settings.FAZHI_SITE_PHONE,
            "email": settings.FAZHI_SITE_EMAIL,
            "record": settings.FAZHI_SITE_RECORD,
            "code": settings.FAZHI_SITE_CODE,
        },
        "large_text": large_text(request),
    }


def large_text(request: HttpRequest) -> bool:
    return request.COOKIES.get(DISPLAY_COOKIE) == LARGE


@csrf_exempt  # a preference cookie only: kept public pages carry no token (ADR 0025)
@require_POST
def display_mode(request: HttpRequest) -> HttpResponse:
    """Switch the large-text mode on or off, remembered in a cookie, and go back to the page
    the visitor was on: a plain form post, so it works without JavaScript."""
    mode = request.POST.get("mode", "")
    if mode not in (LARGE, STANDARD):
        raise InvalidData("未知的显示模式，请从页面顶部的“适老化模式”按钮切换", field="mode")
    response = redirect(back_to(request))
    if mode == LARGE:
        response.set_cookie(DISPLAY_COOKIE, LARGE, max_age=DISPLAY_COOKIE_SECONDS,
                            samesite="Lax", httponly=True, secure=request.is_secure())
    else:
        response.delete_cookie(DISPLAY_COOKIE, samesite="Lax")
    return response


def back_to(request: HttpRequest) -> str:
    """The `next` page of a frame form when it is on this site, else the home page."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "/"


# -- error pages (fazhi/urls.py handler404/403/500, settings.CSRF_FAILURE_VIEW) -------------

TITLES = {404: "页面不存在", 403: "无权访问", 500: "服务器内部错误"}
DEFAULT_MESSAGES = {
    404: "您访问的页面不存在，可能已被移除、更名或暂时不可用，请检查网址是否正确。",
    403: "您没有访问此页面的权限。",
    500: "服务器处理您的请求时出错，我们已记录此问题，请稍后再试。",
}
CSRF_MESSAGE = ("页面已过期或安全校验未通过，表单未提交。请返回上一页，刷新后重新提交；"
                "如果浏览器禁用了 Cookie，请先启用。")
API_CODES = {404: "not_found", 403: "forbidden", 500: "server_error"}


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 404, _own_message(exception))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(request, 403, _own_message(exception))


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(request, 403, CSRF_MESSAGE)


def _own_message(exception: Exception | None) -> str:
    """The Chinese message a view raised (Http404("摇号不存在")); never the resolver's
    details of an unmatched URL, which list the site's routes."""
    if exception is None or isinstance(exception, Resolver404):
        return ""
    first = exception.args[0] if exception.args else ""
    return first if isinstance(first, str) else ""


def error_page(request: HttpRequest, status: int, message: str = "") -> HttpResponse:
    """`message`: the view's own reason, else the page's general (translated) text."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"code": API_CODES[status],
                             "message": message or DEFAULT_MESSAGES[status], "errors": []},
                            status=status, json_dumps_params={"ensure_ascii": False})
    try:
        return render(request, f"{status}.html", {"message": local(message)}, status=status)
    except Exception:  # the frame itself failed (e.g. no database): still answer in Chinese
        log.exception("error page %s could not be rendered in the site frame", status)
        plain = _PLAIN.format(title=TITLES[status],
                              message=escape(message or DEFAULT_MESSAGES[status]))
        return HttpResponse(plain, status=status, content_type="text/html; charset=utf-8")


_PLAIN = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
          '<meta name="viewport" content="width=device-width, initial-scale=1">'
          "<title>{title}</title></head><body><main><h1>{title}</h1><p>{message}</p>"
          '<p><a href="/">返回首页</a></p></main></body></html>')
