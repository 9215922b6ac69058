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


@register.inclusion_tag("workspace/_breadcrumbs.html", takes_context=True)
def module_breadcrumbs(context: template.Context) -> dict:
    """工作台 › the staff section this page belongs to (the current link of the staff
    navigation, from every app's declaration), linked when this is a page within it."""
    from django.urls import reverse
    from django.utils.translation import gettext

    from fazhi.core import modules
    from fazhi.org.actors import Actor

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"crumbs": []}
    home = reverse("workspace:inbox")
    crumbs = [(gettext("Workspace"), home)]
    current = next((link for link in modules.staff_nav(Actor.for_user(request.user),
                                                       request.path)
                    if link["current"] and link["href"] != home), None)
    if current is not None:
        crumbs.append((str(current["label"]), "" if current["href"] == request.path
                       else current["href"]))
    return {"crumbs": crumbs}
