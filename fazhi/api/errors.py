"""One JSON error shape for both APIs: `{"code", "message", "errors": [{"field", "message"}]}`.

Every refusal (domain error, invalid input, missing or invisible object, authentication,
throttling) is rendered here with its status, so no input reaches a 500.
"""

import json
from functools import cache
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.parser import Parser
from pydantic import BaseModel

from fazhi.core.errors import DomainError, InvalidData
from fazhi.core.inputs import clean_value
from fazhi.core.validation import error_text
from fazhi.law.inputs import InputError

# Parts of a ninja error location that name the request part or the parameter, not a field.
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}
_PARAMS = {"payload", "data", "filters"}


def error_body(code: str, message: str, errors: list[tuple[str, str]] = ()) -> dict:
    return {"code": code, "message": message,
            "errors": [{"field": f, "message": m} for f, m in errors]}


def _respond(api: NinjaAPI, request: HttpRequest, status: int, body: dict) -> HttpResponse:
    return api.create_response(request, body, status=status)


def _field(loc: tuple | list) -> str:
    parts = [str(p) for p in loc]
    while parts and parts[0] in _SOURCES | _PARAMS:
        parts = parts[1:]
    return ".".join(parts)


@cache
def _titles() -> dict[str, str]:
    """Chinese labels of the request fields, for messages ("答复内容：必须填写"): the shell's
    parameters and the titles of every app's request bodies."""
    titles = {"identity_proof": "身份证明文件", "from": "起算日", "code": "时限代码",
              "stop": "中止期间", "limit": "每页条数", "offset": "起始位置",
              "case_id": "案件 ID", "record_id": "信息 ID", "receipt_code": "查询码",
              "action": "操作代码", "q": "检索词", "overdue": "是否逾期"}
    for schema in _app_request_schemas():
        titles |= {name: info.title for name, info in schema.model_fields.items() if info.title}
    return titles


def _app_request_schemas() -> list[type[BaseModel]]:
    """The request-body schemas of the apps' routers (`Module.api_private/api_public`)."""
    from fazhi.core import modules

    found = []
    for router in modules.routers("private") + modules.routers("public"):
        for view in router.path_operations.values():
            for operation in view.operations:
                for params in operation.signature.models:
                    found += [info.annotation for info in params.model_fields.values()
                              if isinstance(info.annotation, type)
                              and issubclass(info.annotation, BaseModel)]
    return found


def validation_errors(exc: ValidationError) -> list[tuple[str, str]]:
    out = []
    for err in exc.errors:
        field = _field(err.get("loc", ()))
        text = error_text(err)  # the same Chinese sentence as the forms give
        label = _titles().get(field, field)
        out.append((field, f"{label}：{text}" if label else text))
    return out


def install(api: NinjaAPI) -> None:
    """Register the handlers on an API (both APIs share them)."""

    def domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        errors = list(getattr(exc, "errors", None) or ([(exc.field, exc.message)]
                                                      if exc.field else []))
        return _respond(api, request, exc.status, error_body(exc.code, exc.message, errors))

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = validation_errors(exc)
        message = "；".join(m for _, m in errors) or "请求参数无效"
        return _respond(api, request, 422, error_body("invalid_data", message, errors))

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _respond(api, request, 404, error_body("not_found", "请求的对象不存在"))

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = _respond(api, request, 401, error_body(
            "unauthorized", "请先登录，或在 Authorization 头中提供有效的访问令牌（Bearer）"))
        response["WWW-Authenticate"] = 'Bearer realm="fazhi"'
        return response

    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        response = _respond(api, request, 429, error_body("throttled", "请求过于频繁，请稍后再试"))
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait))
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, DomainError):  # refused while ninja parsed the body
            return domain(request, exc.__cause__)
        if exc.status_code == 403:  # ninja's session auth: CSRF check failed
            body = error_body("csrf_failed", "CSRF 校验失败：使用会话登录时，修改操作须带 X-CSRFToken 头")
        elif exc.status_code == 400:
            body = error_body("bad_request", "请求内容无法解析：应为 JSON 对象，且不得含有 NUL 字符")
        else:
            body = error_body("http_error", str(exc))
        return _respond(api, request, exc.status_code, body)

    api.add_exception_handler(DomainError, domain)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(HttpError, http_error)


class StrictParser(Parser):
    """The input rules before any query runs: NUL (PostgreSQL cannot store it) is a 400 in a
    JSON body; other control and bidi-override characters, and lone surrogates, are refused
    with a 422 naming the field; identifier fields (fazhi.core.inputs.IDENTIFIER_FIELDS) are
    NFKC-normalised, so full-width digits read as ASCII."""

    def parse_body(self, request: HttpRequest) -> dict:
        if b"\x00" in request.body or b"\\u0000" in request.body.lower():
            raise ValueError("NUL character in body")
        return _clean_json(json.loads(request.body), "")

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str],
                        request: HttpRequest) -> dict:
        for key, values in data.lists():
            texts = [v if isinstance(v, str) else getattr(v, "name", "") or "" for v in values]
            if "\x00" in key or any("\x00" in text for text in texts):
                raise InvalidData("参数不得含有 NUL 字符", field=key.replace("\x00", ""))
        cleaned = MultiValueDict()
        for key, values in data.lists():
            # (uploaded file names need nothing: Django's multipart parser drops every
            # non-printable character from them)
            cleaned.setlist(_clean_text("", key), [
                _clean_text(key, v) if isinstance(v, str) else v for v in values])
        return super().parse_querydict(cleaned, list_fields, request)


def _clean_text(field: str, value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidData(f"{_titles().get(field, field) or '请求'}：含有无效的字符（未配对的代理项）",
                          field=field) from None
    try:
        return clean_value(field, value)
    except InputError as exc:
        raise InvalidData(f"{_titles().get(field, field)}：{exc}", field=field) from None


def _clean_json(value: Any, field: str) -> Any:
    """A parsed JSON body with the input rules applied to every string in it."""
    if isinstance(value, str):
        return _clean_text(field, value)
    if isinstance(value, list):
        return [_clean_json(v, field) for v in value]
    if isinstance(value, dict):
        return {_clean_text(field, str(k)): _clean_json(v, str(k)) for k, v in value.items()}
    return value
