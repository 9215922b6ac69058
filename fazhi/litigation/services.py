"""Commands of litigation response, each through the engine (`open_case`, `advance`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from fazhi.cases.engine import advance, open_case
from fazhi.cases.models import Case
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

PROCEDURE = "litigation"


def register(agency: Agency, actor: Actor, data: dict[str, Any], *,
             today: date | None = None) -> Case:
    """The court's papers received by `agency`, the defendant: the 15-day defence clock runs
    from the day the complaint copy was received (《行政诉讼法》第六十七条). The case title is
    the court's case number and the challenged act; the plaintiff's name stays off lists."""
    today = today or timezone.localdate()
    received_on = _date(data.get("served_on")) or today  # a bad date: the schema refuses it
    title = f"{data.get('court_case_no', '')} {data.get('act', '')}".strip()[:200]
    return open_case(PROCEDURE, agency, actor, data, received_on=min(received_on, today),
                     title=title, applicant_name="", today=today)


def act(case: Case | int, action: str, actor: Actor, data: dict[str, Any] | None = None, *,
        today: date | None = None) -> Case:
    return advance(case, action, actor, data or {}, today=today)


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
