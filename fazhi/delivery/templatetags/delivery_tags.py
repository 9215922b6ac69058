from django import template

from fazhi.core.i18n import local
from fazhi.delivery.models import CHANNELS

register = template.Library()
LABELS = dict(CHANNELS)


@register.filter
def channel_label(code: str) -> str:
    """A channel's label in the active language."""
    return local(LABELS.get(code, code))
