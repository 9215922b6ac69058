"""The transfer's commands, each through the engine, and the answers other apps read.

Interface for the enforcement procedure (BRIEF-shared-floor.md):
`suspected(violation_code, facts, on=)`, `open_transfer(source, actor=, report=,
officers=, on=)`, `settled(source)`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from fazhi.cases.engine import advance, open_case
from fazhi.cases.models import Case
from fazhi.org.actors import Actor
from fazhi.transfers import thresholds
from fazhi.transfers.models import Flag, Transfer
from fazhi.transfers.procedure import CODE, DECIDED


def suspected(violation_code: str, facts: Mapping[str, object], *, on: date) -> tuple[str, ...]:
    """The Chinese reasons why the facts reach a threshold of a suspected crime for this
    violation, from the thresholds in force on `on` (empty: no suspicion)."""
    return thresholds.reasons(violation_code, facts, on)


def flag(source: Case, violation_code: str, facts: Mapping[str, object], *,
         on: date) -> tuple[str, ...]:
    """`suspected`, and the source case flagged when it is (the procuratorate sees flags
    that no transfer decision settled)."""
    found = suspected(violation_code, facts, on=on)
    if found:
        Flag.objects.get_or_create(source=source, defaults={"reasons": list(found),
                                                           "flagged_on": on})
    return found


def _officer_name(officer: Any) -> str:
    return str(getattr(officer, "name", officer))


def open_transfer(source: Case | None, *, actor: Actor, report: str, officers: Sequence[Any],
                  on: date, violation_code: str = "", facts: Mapping[str, object] | None = None,
                  reference: str = "", police_code: str = "") -> Case:
    """The team's written report to the head (第五条第一款): a transfer case of the source
    case's agency, linked to it (or to a free `reference` when there is no source case)."""
    reasons = suspected(violation_code, facts or {}, on=on) if violation_code else ()
    title = f"涉嫌犯罪案件移送：{source.number if source else reference or '未关联案件'}"
    agency = source.agency if source is not None else None
    if agency is None:
        from fazhi.org.models import Agency

        agency = Agency.objects.get(pk=actor.agency_id)
    data = {"report": report, "officers": [_officer_name(o) for o in officers],
            "source_id": source.pk if source else None, "source_reference": reference,
            "violation_code": violation_code, "suspicion": list(reasons),
            "police_code": police_code}
    return open_case(CODE, agency, actor, data, received_on=on, title=title, today=on)


def settled(source: Case) -> bool:
    """Whether a transfer of this case was decided: approved (and transferred), or not
    approved with the reasons recorded (第五条第二款, 第十一条)."""
    return Transfer.objects.filter(source=source, case__state__in=DECIDED).exists()


def act(case: Case | int, action: str, actor: Actor, data: dict | None = None, *,
        on: date | None = None, files: list | None = None) -> Case:
    return advance(case, action, actor, data or {}, today=on, files=files)
