"""Commands of complaints and reports, each through the engine (`open_case`, `advance`).

`receive` splits a submission: a complaint opens the complaint case, a report the report
case, and one that is both opens the two in one transaction (the report names the
complaint it came with); either both are written or neither."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from fazhi.cases.engine import advance, open_case
from fazhi.cases.models import Case
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.subjects.models import MarketEntity

COMPLAINT, REPORT = "complaint", "consumer_report"
REPORT_FIELDS = ("channel", "complainant_name", "applicant_id", "complainant_contact", "uscc",
                 "business_name", "business_address", "violation", "facts")


def _title(data: dict[str, Any], what: str) -> str:
    """The business and the matter: no personal data on lists and exports."""
    name = str(data.get("business_name") or "").strip()
    code = str(data.get("uscc") or "").strip()
    if not name and code:
        name = MarketEntity.objects.filter(uscc=code).values_list("name", flat=True).first() or code
    return f"{name} {what}".strip()


def receive(agency: Agency, actor: Actor, data: dict[str, Any], *,
            received_on: date | None = None, today: date | None = None) -> Case:
    """Register a submission; returns the complaint case (the report case, when it is only a
    report). A report that came with a complaint is `case.split_reports.get().case`."""
    today = today or timezone.localdate()
    received_on = received_on or today
    kind = data.get("kind") or "complaint"
    if kind == "report":
        return _report(agency, actor, data, received_on, today, None)

    def split(case: Case) -> None:
        if kind == "both":
            _report(agency, actor, data, received_on, today, case.pk)

    return open_case(COMPLAINT, agency, actor, data, received_on=received_on,
                     title=_title(data, str(data.get("subject", ""))), today=today, then=split)


def _report(agency: Agency, actor: Actor, data: dict[str, Any], received_on: date, today: date,
            complaint: int | None) -> Case:
    part = {k: data[k] for k in REPORT_FIELDS if k in data} | {"complaint_case": complaint}
    return open_case(REPORT, agency, actor, part, received_on=received_on,
                     title=_title(data, str(data.get("violation", ""))), today=today)


def act(case: Case | int, action: str, actor: Actor, data: dict[str, Any] | None = None, *,
        today: date | None = None) -> Case:
    return advance(case, action, actor, data or {}, today=today)
