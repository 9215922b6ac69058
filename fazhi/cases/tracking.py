"""The portal's tracking frame, shared by the track page and every procedure's party
actions (e.g. a disclosure applicant's correction or withdrawal); it lives below both
(ADR 0023), the portal shell keeps its pages.

The receipt code is the party's key: after it is entered on the track page only the case
id is remembered in the session, for a limited time, never the code and never in a URL.
The case page shows the shell's facts (state, agency, due dates with their explanation,
the steps) and the procedure's declared party view (`fazhi.core.modules.PartyView`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.cases import procedure as registry
from fazhi.cases.clocks import limit_for
from fazhi.cases.engine import normalise_receipt_code
from fazhi.cases.models import Case, Clock
from fazhi.core import modules, throttle
from fazhi.core.errors import DomainError
from fazhi.core.i18n import local

SESSION_TRACK = "portal.track"  # {"case": id, "until": epoch seconds}
TRACK_SECONDS = 30 * 60  # the party's unmasked view lasts this long without a new code
MAX_PK = 2**63 - 1  # larger ids would overflow the database integer: treat as absent
CODE_LENGTH = 19  # "XXXX-XXXX-XXXX-XXXX"


class CodeThrottled(Exception):
    """This code's own counter is spent (throttle.TRACK_CODE): guessing one code from many
    addresses is slowed as guessing from one."""


def case_for_code(raw: str) -> Case | None:
    """The case a typed receipt code names (normalised as the engine issues codes), or None.
    Every well-formed code counts against its own throttle first (CodeThrottled when spent);
    the track page, the public API and the delivery inbox all look codes up here."""
    code = normalise_receipt_code(raw) if len(raw) <= 64 else ""
    if len(code) != CODE_LENGTH:
        return None
    if not throttle.TRACK_CODE.hit(code):
        raise CodeThrottled
    return Case.objects.select_related("agency").filter(receipt_code=code).first()


def as_pk(value: str | int | None) -> int | None:
    try:
        pk = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk <= MAX_PK else None


# -- the receipt, shown once -------------------------------------------------------------------

SESSION_RECEIPT = "portal.receipt"  # {"case": id}: popped by the one receipt display


def hold_receipt(request: HttpRequest, case: Case) -> None:
    """After a public submission: the next receipt page shows this case's code, once."""
    request.session[SESSION_RECEIPT] = {"case": case.pk}


def take_receipt(request: HttpRequest, procedure: str) -> Case | None:
    """The case whose receipt is held for this session, if it is of `procedure`; the hold is
    used up either way (a reload shows no code)."""
    held = request.session.pop(SESSION_RECEIPT, None)
    pk = as_pk(held.get("case")) if isinstance(held, dict) else None
    if pk is None:
        return None
    return Case.objects.select_related("agency").filter(pk=pk, procedure=procedure).first()


# -- the tracked case -------------------------------------------------------------------------

def remember(request: HttpRequest, case: Case) -> None:
    """The code was right: the session may show this case for TRACK_SECONDS."""
    request.session[SESSION_TRACK] = {"case": case.pk, "until": time.time() + TRACK_SECONDS}


def forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_TRACK, None)


def tracked_case(request: HttpRequest) -> Case | None:
    held = request.session.get(SESSION_TRACK)
    if not isinstance(held, dict) or float(held.get("until", 0)) < time.time():
        forget(request)
        return None
    return Case.objects.select_related("agency").filter(pk=as_pk(held.get("case")),
                                                        receipt_code__isnull=False).first()


# -- responses --------------------------------------------------------------------------------

def throttled(request: HttpRequest, scope: throttle.Scope) -> HttpResponse:
    response = render(request, "portal/throttled.html", status=429)
    response["Retry-After"] = str(scope.retry_after)
    return response


def not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "portal/not_found.html", {"message": local(message)}, status=404)


def expired(request: HttpRequest) -> HttpResponse:
    return not_found(request, "查询已过期，请重新输入查询码")


def refused(request: HttpRequest, case: Case, exc: DomainError) -> HttpResponse:
    """The engine refused the party's action (the state changed meanwhile): say why, on the
    case page."""
    case.refresh_from_db()
    messages.error(request, exc.message)
    return render_case(request, case, status=exc.status)


# -- the case page ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ClockView:
    label: str
    due_on: date
    explanation: str
    provisional: bool
    paused: bool


def running_clocks(case: Case, proc: registry.Procedure) -> list[ClockView]:
    clocks = Clock.objects.filter(case=case, state=Clock.RUNNING).order_by("due_on")
    return [ClockView(limit_for(c, proc).label, c.due_on, c.explanation, c.provisional,
                      c.paused) for c in clocks]


@dataclass(frozen=True)
class Step:
    label: str
    at: datetime
    by: str


def timeline(case: Case, proc: registry.Procedure) -> list[Step]:
    """Public-facing steps: the action and its date; the agency stands for its staff."""
    steps = []
    for event in case.events.order_by("seq").only("action", "at", "actor_kind"):
        if registry.is_record(event.action):  # internal: documents, sign-off steps
            continue
        transition = proc.transition(event.action)
        by = "申请人" if event.actor_kind == "public" else case.agency.name
        steps.append(Step(transition.label if transition else event.action,
                          event.at_datetime, by))
    return steps


def last_payload(case: Case, action: str) -> dict:
    """The data recorded with the case's latest `action` event ({} when there is none)."""
    event = case.events.filter(action=action).order_by("-seq").only("payload").first()
    return json.loads(event.payload) if event else {}


def render_case(request: HttpRequest, case: Case, *, bound: Mapping[str, Any] | None = None,
                status: int = 200) -> HttpResponse:
    """The party's page of a case: the shell's facts and the procedure's party view
    (`bound`: the party's forms with their errors, by name, shown again)."""
    proc = registry.get(case.procedure, case.procedure_version)
    context: dict[str, Any] = {
        "case": case, "proc": proc, "state_label": proc.state_label(case.state),
        "outcome_label": proc.outcomes.get(case.outcome, "") if not case.is_open else "",
        "clocks": running_clocks(case, proc), "timeline": timeline(case, proc),
    }
    party = modules.screens(case.procedure).party
    if party is not None:
        context |= party.context(request, case, proc, bound or {}) | {
            "party_template": party.template, "party_actions": party.actions_template}
    return render(request, "portal/track_case.html", context, status=status)
