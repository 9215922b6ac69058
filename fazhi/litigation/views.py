"""Staff screen of litigation response: registering the court's papers. The workspace inbox
and case page do the rest from the declared procedure. No public pages (the court's cases
are not the agency's to publish)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fazhi.cases import procedure as registry
from fazhi.core.errors import DomainError
from fazhi.core.i18n import local
from fazhi.core.schemaforms import SchemaForm, schema_form_class
from fazhi.core.web import staff_actor, staff_nav
from fazhi.litigation import services
from fazhi.litigation.procedure import Papers
from fazhi.org.actors import Actor
from fazhi.org.models import Agency


def papers_form(data=None) -> SchemaForm:  # noqa: ANN001 - a QueryDict
    return schema_form_class(Papers, registry.get("litigation").labels)(data,
                                                                         auto_id="litigation-%s")


def staff_new(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    if not actor.has_any(frozenset({"handler"})):
        raise PermissionDenied("仅承办人可以登记应诉案件")
    if request.method == "GET":
        return _render_new(request, actor, papers_form())
    form = papers_form(request.POST)
    data = form.schema_data()
    if form.errors:
        return _render_new(request, actor, form, status=422)
    try:
        case = services.register(Agency.objects.get(pk=actor.agency_id), actor, data)
    except DomainError as exc:
        form.add_errors(exc)
        return _render_new(request, actor, form, status=exc.status)
    messages.success(request, local("已登记为{number}").format(number=case.number))
    return redirect("workspace:case", pk=case.pk)


def _render_new(request: HttpRequest, actor: Actor, form: SchemaForm,
                status: int = 200) -> HttpResponse:
    return render(request, "litigation/staff_new.html",
                  staff_nav(actor, request) | {"form": form}, status=status)
