"""Disclosure commands: each goes through the case engine (the single write path)."""

from datetime import date
from typing import Any

from fazhi.cases.engine import advance, open_case
from fazhi.cases.models import Case
from fazhi.cases.validation import validate
from fazhi.core.errors import InvalidData
from fazhi.disclosure import eservice, notices
from fazhi.disclosure.procedure import CHANNEL_DATES, Application, Intake
from fazhi.org.actors import Actor
from fazhi.org.models import Agency


def _after_open(case: Case, app: Application, actor: Actor, today: date) -> None:
    """Inside the engine's transaction: the receipt copy, and the consent to electronic service."""
    notices.receipt_copy(case, today)
    if app.e_service:
        eservice.consent(case, app, actor)


def submit_request(agency: Agency, actor: Actor, data: dict | Application, *,
                   received_on: date | None = None, identity_proof=None,
                   today: date | None = None) -> Case:
    """Register a request (条例第三十一条 fixes its receipt date by channel).

    From the portal (a public actor, channel online) the platform confirms receipt at once,
    so it is received today (`received_on` only backdates simulated or imported requests).
    By staff from a visit, letter or fax the data is an `Intake`: the date its channel
    names (submission, signing, confirmation) is the receipt date, and a `received_on`
    given as well must agree with it."""
    from django.utils import timezone

    today = today or timezone.localdate()
    app = _parse(data, Intake if actor.kind == "staff" else Application)
    if isinstance(app, Intake):
        if received_on is not None and received_on != app.received_on:
            raise InvalidData(f"收到申请日期（{received_on}）与按申请渠道确定的日期"
                              f"（{app.received_on}）不一致（条例第三十一条）",
                              field="received_on")
        received_on = app.received_on
    files = [(identity_proof, "identity_proof")] if identity_proof is not None else []
    try:
        return open_case("disclosure", agency, actor, app, received_on=received_on or today,
                         title=app.description[:60], applicant_name=app.applicant_name,
                         files=files, today=today,
                         then=lambda case: _after_open(case, app, actor, today))
    except InvalidData as exc:
        if isinstance(app, Intake) and exc.field == "received_on":
            exc.field = CHANNEL_DATES[app.channel]  # the date the person typed
        raise


def act(actor: Actor, case: Case | int, action: str, data: dict | None = None,
        *, files: list | None = None, today: date | None = None) -> Case:
    return advance(case, action, actor, data, files=files, today=today)


def _parse(data: dict[str, Any] | Application, schema: type[Application]) -> Application:
    if isinstance(data, schema):
        return data
    if isinstance(data, Application):
        data = data.model_dump()
    return validate(schema, data)
