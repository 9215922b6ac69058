"""`{{ value|local }}`: a label declared in Chinese in code, in the reader's language
(fazhi.core.i18n.local, ADR 0027)."""

from django import template

from fazhi.core.i18n import local as _local

register = template.Library()


@register.filter
def local(value: object) -> str:
    return _local(str(value)) if value not in (None, "") else ""
