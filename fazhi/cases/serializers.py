"""Case → response dict conversions shared by the API shell and the procedures' routers
(plain functions, no queries beyond what the caller prefetched, except where named)."""

import json
from datetime import date
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.forms.models import model_to_dict

from fazhi.cases import procedure as registry
from fazhi.cases.clocks import limit_for
from fazhi.cases.engine import actions_for
from fazhi.cases.models import Case, Clock
from fazhi.core.models import Event
from fazhi.law import timelimits
from fazhi.org.actors import Actor


def proc_of(case: Case) -> registry.Procedure | None:
    try:
        return registry.get(case.procedure, case.procedure_version)
    except KeyError:
        return None


def case_summary(case: Case, today: date) -> dict[str, Any]:
    proc = proc_of(case)
    return {
        "id": case.pk, "number": case.number, "procedure": case.procedure,
        "procedure_title": proc.title if proc else case.procedure,
        "title": case.title, "applicant_name": case.applicant_name,
        "agency_code": case.agency.code, "agency_name": case.agency.name,
        "state": case.state, "state_label": proc.state_label(case.state) if proc else case.state,
        "is_open": case.is_open, "received_on": case.received_on, "due_on": case.due_on,
        "due_provisional": case.due_provisional, "overdue": case.is_overdue(today),
        "outcome": case.outcome,
        "outcome_label": proc.outcomes.get(case.outcome, case.outcome) if proc else case.outcome,
    }


def clock_out(clock: Clock, proc: registry.Procedure | None) -> dict[str, Any]:
    try:
        limit = limit_for(clock, proc) if proc else timelimits.get(clock.code, clock.started_on)
        label, citation = limit.label, limit.citation
    except KeyError:
        label, citation = clock.code, ""
    return {
        "code": clock.code, "label": label, "citation": citation,
        "started_on": clock.started_on, "due_on": clock.due_on,
        "provisional": clock.provisional, "paused": clock.paused, "extended": clock.extended,
        "state": clock.state, "finished_on": clock.finished_on,
        "party": clock.party,
        "stops": [{key: row.get(key) for key in ("start", "end", "reason", "bound")}
                  | {"bound_reason": row.get("bound_reason", "")} for row in clock.stops],
        "explanation": clock.explanation,
    }


def running_clock(case: Case) -> Clock | None:
    """The running clock the case's due date comes from (else its first running one)."""
    clocks = case.clocks.filter(state=Clock.RUNNING).order_by("due_on", "id")
    return clocks.filter(due_on=case.due_on).first() or clocks.first()


def detail_of(case: Case) -> dict[str, Any]:
    """The procedure's one-to-one detail row; by convention its accessor is the code."""
    try:
        row = getattr(case, case.procedure, None)
    except ObjectDoesNotExist:
        row = None
    if row is None or not hasattr(row, "_meta"):
        return {}
    return model_to_dict(row, exclude=["case"])


def allowed_actions(case: Case, actor: Actor) -> list[dict[str, Any]]:
    """What this actor may do now (the engine's `actions_for`)."""
    if proc_of(case) is None:
        return []
    return [{"action": t.action, "label": t.label, "primary": t.primary,
             "target_state": t.dst if isinstance(t.dst, str) else None,  # a set: the effect chooses
             "data_schema": t.schema.model_json_schema() if t.schema else {"type": "object"}}
            for t in actions_for(case, actor)]


def case_detail(case: Case, actor: Actor, today: date) -> dict[str, Any]:
    proc = proc_of(case)
    clocks = case.clocks.order_by("due_on", "id")
    return case_summary(case, today) | {
        "procedure_version": case.procedure_version,
        "opened_at": case.opened_at, "closed_at": case.closed_at,
        "event_count": case.event_count, "head_hash": case.head_hash,
        "detail": detail_of(case), "clocks": [clock_out(c, proc) for c in clocks],
        "actions": allowed_actions(case, actor),
    }


def action_label(proc: registry.Procedure | None, action: str) -> str:
    transition = proc.transition(action) if proc else None
    return transition.label if transition else action


def event_out(event: Event, proc: registry.Procedure | None) -> dict[str, Any]:
    return {
        "seq": event.seq, "action": event.action, "action_label": action_label(proc, event.action),
        "actor": event.actor, "actor_kind": event.actor_kind, "at": event.at,
        "payload": json.loads(event.payload or "{}"),
        "state": json.loads(event.state) if event.state else None, "format": event.format,
        "prev_hash": event.prev_hash, "hash": event.hash,
    }


def limit_out(limit: timelimits.Limit) -> dict[str, Any]:
    ext = limit.extension
    return {
        "code": limit.code, "label": limit.label, "value": limit.value,
        "unit": str(limit.unit), "unit_label": timelimits.Unit(limit.unit).label,
        "trigger": limit.trigger, "citation": limit.citation,
        "effective_from": limit.effective_from, "effective_to": limit.effective_to,
        "extension": {"value": ext.value, "unit": str(ext.unit), "approver": ext.approver,
                      "citation": ext.citation} if ext else None,
        "note": limit.note,
    }
