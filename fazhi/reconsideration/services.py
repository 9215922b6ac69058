"""Commands of the reconsideration procedure, each through the engine (`open_case`, `advance`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from fazhi.cases.engine import advance, open_case
from fazhi.cases.models import Case
from fazhi.cases.validation import validate
from fazhi.core.errors import InvalidData
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.reconsideration.procedure import Application, Intake

PROCEDURE = "reconsideration"


def office_for(body: Agency) -> Agency:
    """The reconsideration office that registers applications made to `body`: the legal
    office of the body's region (demo: 厦门市人民政府 → 厦门市司法局), else the body itself."""
    if body.is_legal_office:
        return body
    return (Agency.objects.filter(region_id=body.region_id, is_legal_office=True).first()
            or body)


def apply(body: Agency, actor: Actor, data: dict[str, Any] | Application, *,
          received_on: date | None = None, today: date | None = None) -> Case:
    """An application to the reconsideration body `body`. From the portal (a public actor)
    it is received today; staff register in-person, posted and oral applications with the
    day they arrived (`received_on`)."""
    today = today or timezone.localdate()
    app = _parse(data, Intake if actor.kind == "staff" else Application)
    app = app.model_copy(update={"body_code": body.code})  # the body the applicant chose
    office = office_for(body)
    return open_case(PROCEDURE, office, actor, app, received_on=received_on or today,
                     title=app.act[:60], applicant_name=app.applicant_name, today=today)


def act(case: Case | int, action: str, actor: Actor, data: dict[str, Any] | None = None, *,
        today: date | None = None) -> Case:
    return advance(case, action, actor, data or {}, today=today)


def _parse(data: dict[str, Any] | Application, schema: type[Application]) -> Application:
    if isinstance(data, schema):
        return data
    if isinstance(data, Application):
        data = data.model_dump()
    parsed = validate(schema, data)
    if parsed is None:
        raise InvalidData("申请内容不能为空")
    return parsed
