"""The two input rules of fazhi.law.inputs, applied where input arrives (issue 10 items 12, 17).

* `clean_data(schema, data)`: every pydantic schema the engine and services validate goes
  through `fazhi.cases.validation.validate`, which calls this first: identifier fields are
  NFKC-normalised, free-text fields refused when they carry control or bidi-override
  characters (line breaks only where the field is long enough to be multi-line), each with
  the field's Chinese label — so no schema repeats the rule.
* `InputGuardMiddleware`: every form post to a page is checked the same way (page-level
  422 naming the field), except views that check their fields themselves and show the
  message next to the field (`@checks_fields`); search and filter parameters (GET) have
  such characters removed, never reaching a query. (Uploaded file names need nothing:
  Django's multipart parser already drops non-printable characters from them.)
* The JSON APIs apply the same rules in their parser (fazhi.api.errors.StrictParser).
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any

from annotated_types import MaxLen
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext
from pydantic import BaseModel

from fazhi.law.inputs import InputError, control_characters, identifier, strip_controls, text

# Field names that hold identifiers typed by people, in every schema and API of every module.
IDENTIFIER_FIELDS = frozenset({"id_number", "phone", "uscc", "party_id",
                               "applicant_id", "petitioner_id"})  # reconsideration, mediation; petitions
SINGLE_LINE_UNDER = 200  # a text field shorter than this is one line (no line breaks)


def clean_value(name: str, value: str, *, multiline: bool = True) -> str:
    """One input by its field name: an identifier normalised, free text checked."""
    if name in IDENTIFIER_FIELDS:
        return identifier(value)
    return text(value, multiline=multiline)


def nested_schema(annotation: Any) -> type[BaseModel] | None:
    """The schema inside `Model`, `list[Model]` or `Model | None`."""
    pending = [annotation]
    while pending:
        ann = pending.pop()
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            return ann
        pending.extend(typing.get_args(ann))
    return None


def refusal(exc: InputError) -> str:
    """The refusal in the request's language (the templates are in the catalogues)."""
    return gettext(exc.template) % exc.params if exc.params else gettext(exc.template)


def clean_data(schema: type[BaseModel], data: Any) -> tuple[Any, list[tuple[str, str]]]:
    """(`data` with identifiers normalised, [(field, Chinese message)] of refused inputs);
    the caller reports these together with the schema's own errors."""
    errors: list[tuple[str, str]] = []
    return _clean_model(schema, data, errors, top=None), errors


def _clean_model(schema: type[BaseModel] | None, data: Any, errors: list, top: str | None):
    if not isinstance(data, dict):
        return data
    fields = schema.model_fields if schema is not None else {}
    out = {}
    for name, value in data.items():
        info = fields.get(name)
        out[name] = _clean_any(str(name), value, info, errors, top or str(name))
    return out


def _clean_any(name: str, value: Any, info, errors: list, top: str) -> Any:
    if isinstance(value, str):
        try:
            return clean_value(name, value, multiline=_multiline(info))
        except InputError as exc:
            label = info.title if info is not None and info.title else name
            errors.append((top, gettext("%(label)s：%(message)s")
                           % {"label": gettext(label), "message": refusal(exc)}))
            return value
    sub = nested_schema(info.annotation) if info is not None else None
    if isinstance(value, list):
        return [_clean_model(sub, v, errors, top) if isinstance(v, dict)
                else _clean_any(name, v, info, errors, top) for v in value]
    if isinstance(value, dict):
        return _clean_model(sub, value, errors, top)
    return value


def _multiline(info) -> bool:
    if info is None:
        return True
    limit = next((m.max_length for m in info.metadata if isinstance(m, MaxLen)), None)
    return limit is None or limit >= SINGLE_LINE_UNDER


# -- pages ----------------------------------------------------------------------------------

def checks_fields(view: Callable) -> Callable:
    """Mark a view whose forms refuse control characters field by field (a form from
    fazhi.portal.forms, or data validated by the engine), so the guard lets the post
    through and the message appears next to the field."""
    view.checks_fields = True  # type: ignore[attr-defined]
    return view


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.namespace.startswith("api-"):
            return None  # the APIs check in their parser and answer in JSON
        if any(control_characters(k + v) for k, v in _items(request.GET)):
            request.GET = _stripped(request.GET)
        if request.method != "POST" or getattr(view_func, "checks_fields", False):
            return None
        problems = [f"“{strip_controls(k)}”" for k, v in _items(request.POST)
                    if control_characters(k + v)]
        if not problems:
            return None
        return render(request, "error.html", {
            "message": f"{'、'.join(dict.fromkeys(problems))}含有不可见的控制字符或文字方向控制符，"
                       "请删除后重新提交（可返回上一页修改）", "status": 422}, status=422)


def _items(data: QueryDict) -> list[tuple[str, str]]:
    return [(k, v) for k, values in data.lists() for v in values if isinstance(v, str)]


def _stripped(data: QueryDict) -> QueryDict:
    out = QueryDict(mutable=True)
    for key, values in data.lists():
        out.setlist(strip_controls(key), [strip_controls(v) for v in values])
    out._mutable = False
    return out
