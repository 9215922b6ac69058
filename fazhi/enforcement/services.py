"""Commands of the penalty procedure, each through the engine (`open_case`, `advance`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.cases.engine import advance, open_case
from fazhi.cases.models import Case
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

PROCEDURE = "penalty"


def register_lead(agency: Agency, actor: Actor, data: dict[str, Any], *, discovered_on: date,
                  today: date | None = None) -> Case:
    """A lead (案件线索) discovered or received on `discovered_on`: the verification clock
    starts, and the limitation period is later counted to this day (第三十六条)."""
    title = f"{data.get('party_name', '')} {data.get('violation', '')}".strip()
    return open_case(PROCEDURE, agency, actor, data, received_on=discovered_on, title=title,
                     applicant_name=str(data.get("party_name", "")), today=today)


def act(case: Case | int, action: str, actor: Actor, data: dict[str, Any] | None = None, *,
        today: date | None = None) -> Case:
    return advance(case, action, actor, data or {}, today=today)
