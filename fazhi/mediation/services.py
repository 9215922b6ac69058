"""Commands of people's mediation, each through the engine (`open_case`, `advance`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from fazhi.cases.engine import advance, open_case
from fazhi.cases.models import Case
from fazhi.core.errors import InvalidData
from fazhi.mediation.models import Committee
from fazhi.org.actors import Actor

PROCEDURE = "mediation"


def receive(actor: Actor, data: dict[str, Any], *, received_on: date | None = None,
            today: date | None = None) -> Case:
    """An application (or referral) to a committee: the case belongs to the committee's host
    agency. The title is the dispute only: the parties' names stay off lists and exports."""
    today = today or timezone.localdate()
    committee = Committee.objects.select_related("host").filter(
        pk=data.get("committee_id") or 0).first()
    if committee is None:
        raise InvalidData("人民调解委员会不存在", field="committee_id")
    return open_case(PROCEDURE, committee.host, actor, data, received_on=received_on or today,
                     title=str(data.get("subject", "")), applicant_name="", today=today)


def act(case: Case | int, action: str, actor: Actor, data: dict[str, Any] | None = None, *,
        today: date | None = None) -> Case:
    return advance(case, action, actor, data or {}, today=today)
