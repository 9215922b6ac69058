"""Input parsing for the reporting pages.

The pages post plain fields that `views` hands to the command modules, which validate them with
Chinese messages (a missing agency, a bad percentage, …); this module holds the few
reusable parsers so views stay thin."""

from datetime import date
from typing import Any

from django.http import HttpRequest

from fazhi.core.errors import InvalidData
from fazhi.core.i18n import local


def parse_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_date(value: str, what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidData(local("{}格式不正确（应为 YYYY-MM-DD）").format(local(what)),
                          field="date") from None


def uploaded_files(request: HttpRequest, name: str = "files") -> list[tuple[str, bytes]]:
    return [(f.name, f.read()) for f in request.FILES.getlist(name)]
