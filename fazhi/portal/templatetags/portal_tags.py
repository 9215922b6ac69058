"""Template helpers for the public portal."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def city_name() -> str:
    """The city the portal serves (FAZHI_CITY_NAME), for the header and headings."""
    return settings.FAZHI_CITY_NAME


@register.filter
def label_of(value: str, labels: dict | None) -> str:
    """The Chinese label of a coded value (e.g. "electronic" → 电子文档), else the value."""
    return (labels or {}).get(value, value)
