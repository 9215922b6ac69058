"""`{{ value|local }}`: a label declared in Chinese in code, in the reader's language
(fazhi.core.i18n.local, ADR 0027)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from fazhi.core.i18n import local as _local

register = template.Library()


@register.filter
def local(value: object) -> str:
    return _local(str(value)) if value not in (None, "") else ""


@register.simple_tag
def chinese_only() -> str:
    """The small marker after the heading of a legal text kept in Chinese (a statute quotation,
    a document's body), shown on pages in another language; the text itself is marked
    lang="zh-Hans" by the template (ADR 0027)."""
    if (get_language() or "").startswith("zh"):
        return ""
    return format_html('<small class="zh-only">(<span lang="zh-Hans">{}</span> / {})</small>',
                       "中文原文", "Chinese only")
