"""The history of reporting's objects (key tasks, findings, annual reports): one
hash-chained event per command (core.Event), verified and read back here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fazhi.core.chains import append_event, chain_problems, history_models
from fazhi.core.models import Event
from fazhi.org.actors import Actor
from fazhi.reporting.models import AnnualReport, KeyTask, SupervisionFinding


def audit(owner: KeyTask | SupervisionFinding | AnnualReport, action: str, actor: Actor,
          payload: Mapping[str, Any] | None = None) -> Event:
    """Append one hash-chained event to the owner's history and store its new head (call
    inside the transaction that made the change, with the owner row locked and saved)."""
    event = append_event(owner, action, actor, dict(payload or {}))
    owner.save(update_fields=["event_count", "head_hash"])
    return event


def verify_audit(subject: str, subject_id: int) -> bool:
    """Re-check one history's chain, head and state."""
    owner = history_models()[subject].objects.filter(pk=subject_id).first()
    return owner is not None and not chain_problems(owner)


def history(subject: str, subject_id: int) -> list[Event]:
    return list(Event.objects.filter(kind=subject, owner_id=subject_id).order_by("seq"))
