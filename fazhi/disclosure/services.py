"""Disclosure commands: each goes through the case engine (the single write path)."""

from datetime import date
from typing import Any

from fazhi.cases.engine import advance, open_case
from fazhi.cases.models import Case
from fazhi.cases.validation import validate
from fazhi.disclosure.procedure import Application
from fazhi.org.actors import Actor
from fazhi.org.models import Agency


def submit_request(agency: Agency, actor: Actor, data: dict | Application, *,
                   received_on: date | None = None, identity_proof=None,
                   today: date | None = None) -> Case:
    """Register a request: from the portal (actor public, received today: the platform
    confirms receipt at once, 条例第三十一条) or by staff from a letter, visit or fax with the
    receipt date the channel's rule gives."""
    from django.utils import timezone

    today = today or timezone.localdate()
    app = data if isinstance(data, Application) else _parse(data)
    files = [(identity_proof, "identity_proof")] if identity_proof is not None else []
    return open_case("disclosure", agency, actor, app, received_on=received_on or today,
                     title=app.description[:60], applicant_name=app.applicant_name,
                     files=files, today=today)


def act(actor: Actor, case: Case | int, action: str, data: dict | None = None,
        *, files: list | None = None, today: date | None = None) -> Case:
    return advance(case, action, actor, data, files=files, today=today)


def _parse(data: dict[str, Any]) -> Application:
    return validate(Application, data)
