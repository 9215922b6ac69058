"""`{% deliveries case %}`: the messages sent about a case and their delivery states, on the
staff case page and the citizen's track page (addresses masked, texts never shown)."""

from django import template

from fazhi.notifications.services import deliveries as deliveries_of

register = template.Library()


@register.inclusion_tag("notifications/_deliveries.html")
def deliveries(case) -> dict:
    return {"deliveries": deliveries_of(f"case:{case.pk}")}
