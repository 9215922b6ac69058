"""Staff screen of litigation response: registering the court's papers. The workspace inbox
and case page do the rest from the declared procedure. No public pages (the court's cases
are not the agency's to publish)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from fazhi.cases import procedure as registry
from fazhi.core.schemaforms import SchemaForm, schema_form_class
from fazhi.core.web import staff_intake
from fazhi.litigation import services
from fazhi.litigation.procedure import Papers


def papers_form(data=None) -> SchemaForm:  # noqa: ANN001 - a QueryDict
    return schema_form_class(Papers, registry.get("litigation").labels)(data,
                                                                         auto_id="litigation-%s")


def staff_new(request: HttpRequest) -> HttpResponse:
    return staff_intake(
        request, roles=frozenset({"handler"}), refusal="仅承办人可以登记应诉案件",
        template="litigation/staff_new.html", form=lambda actor, data: papers_form(data),
        register=lambda agency, actor, data, form: services.register(agency, actor, data))
