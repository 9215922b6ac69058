"""Commands of petitions, each through the engine (`open_case`, `advance`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from fazhi.cases.engine import advance, open_case
from fazhi.cases.models import Case
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

PROCEDURE = "petition"


def receive(agency: Agency, actor: Actor, data: dict[str, Any], *, received_on: date | None = None,
            today: date | None = None) -> Case:
    """A matter received by `agency` (the 信访 office, or a body directly, 第二十三条) on
    `received_on`: the 15-day registration and disposition clock starts. The case title is
    the subject only: the petitioner's name stays off lists and exports."""
    today = today or timezone.localdate()
    return open_case(PROCEDURE, agency, actor, data, received_on=received_on or today,
                     title=str(data.get("subject", "")), applicant_name="", today=today)


def act(case: Case | int, action: str, actor: Actor, data: dict[str, Any] | None = None, *,
        today: date | None = None) -> Case:
    return advance(case, action, actor, data or {}, today=today)
