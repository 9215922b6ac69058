"""The shells' navigation, read from the app registry (fazhi.core.modules)."""

from typing import Any

from django import template

from fazhi.core import modules
from fazhi.org.actors import Actor

register = template.Library()


def _actor(context: template.Context) -> Actor | None:
    user = getattr(context.get("request"), "user", None)
    return Actor.for_user(user) if user is not None else None


def _path(context: template.Context) -> str:
    return getattr(context.get("request"), "path", "")


@register.simple_tag(takes_context=True)
def staff_nav(context: template.Context) -> list[dict[str, Any]]:
    """Every app's staff link this user may see, the current one marked."""
    return modules.staff_nav(_actor(context), _path(context))


@register.simple_tag(takes_context=True)
def public_nav(context: template.Context) -> list[dict[str, Any]]:
    return modules.public_nav(_path(context))


@register.simple_tag(takes_context=True)
def staff_intakes(context: template.Context) -> list[dict[str, Any]]:
    """The "register a new case" links of the procedures this user may register."""
    return modules.intakes(_actor(context))


@register.simple_tag
def modules_key() -> str:
    """Which apps are installed, for cache keys of fragments that show every app's links
    (a cached header must not outlive adding or removing an app)."""
    return "-".join(m.label for m in modules.registered())
