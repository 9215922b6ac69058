"""Small template helpers for the staff workspace."""

from django import template
from django.http import HttpRequest

register = template.Library()


@register.simple_tag
def query_with(request: HttpRequest, **changes: object) -> str:
    """The current query string with some parameters replaced (for pager links)."""
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = str(value)
    return "?" + params.urlencode()


@register.inclusion_tag("workspace/_breadcrumbs.html")
def breadcrumbs(*labels: str) -> dict:
    """Breadcrumbs of a staff page one level below the workspace: 工作台 › … › this page."""
    from django.urls import reverse
    from django.utils.translation import gettext

    return {"crumbs": [(gettext("Workspace"), reverse("workspace:inbox")),
                       *((str(label), "") for label in labels)]}
