"""Template filters of the reporting pages."""

from __future__ import annotations

from datetime import UTC, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def audit_time(value: str) -> datetime | None:
    """An event's `at` (UTC text, part of the hashed record) as an aware datetime in
    settings.TIME_ZONE, to the second; None when it cannot be read."""
    try:
        moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None
    return timezone.localtime(moment, timezone.get_default_timezone()).replace(microsecond=0)
