"""Hash-chained, append-only histories (fazhi.law.ledger encoding) kept in Django tables.

Cases keep theirs through the engine; objects that are not cases — lottery rounds and
inspection plans — keep theirs with the same two functions. The owner row carries
`event_count` and `head_hash` so a truncated history is visible.
"""

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from fazhi.core.errors import NotAllowed, NotFound
from fazhi.law import ledger
from fazhi.org.actors import Actor


def append_event(owner: models.Model, event_model: type[models.Model], owner_field: str,
                 action: str, actor: Actor, payload: dict, **extra) -> models.Model:
    """Append one event to `owner`'s chain; the caller holds the owner's row lock and saves
    the owner afterwards (its event_count and head_hash are updated here)."""
    at = timezone.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    body = ledger.canonical_payload(payload)
    label = ledger.clean_label(actor.label)
    prev = owner.head_hash or ledger.GENESIS
    seq = owner.event_count + 1
    digest = ledger.event_hash(owner.pk, seq, action, label, at, body, prev)
    event = event_model.objects.create(**{owner_field: owner}, seq=seq, action=action,
                                       actor=label, actor_kind=actor.kind, at=at,
                                       payload=body, prev_hash=prev, hash=digest, **extra)
    owner.event_count, owner.head_hash = seq, digest
    return event


def chain_problems(owner: models.Model, events: list, noun: str) -> list[str]:
    """Problems in one owner's chain (empty when intact), in Chinese for staff pages."""
    problems, prev = [], ledger.GENESIS
    for n, ev in enumerate(events, 1):
        digest = ledger.event_hash(owner.pk, ev.seq, ev.action, ev.actor, ev.at, ev.payload,
                                   prev)
        if ev.seq != n:
            problems.append(f"第 {n} 条记录缺失或顺序错误")
        if ev.prev_hash != prev or ev.hash != digest:
            problems.append(f"第 {ev.seq} 条记录（{ev.action}）被改动")
        prev = ev.hash
    if len(events) != owner.event_count or prev != (owner.head_hash or ledger.GENESIS):
        problems.append(f"记录条数或链头与{noun}不一致（可能被删除）")
    return problems


@dataclass(frozen=True)
class Command:
    """One state change of a chained object (lottery round, inspection plan)."""

    label: str  # Chinese, used in "cannot …" messages and buttons
    src: frozenset[str]
    dst: str | None
    roles: frozenset[str]


def run_command(model: type[models.Model], event_model: type[models.Model], owner_field: str,
                pk: int, action: str, command: Command, actor: Actor, *, noun: str,
                authorise: Callable[[models.Model], None],
                change: Callable[[models.Model], dict | None],
                defer: Sequence[str] = ()) -> models.Model:
    """The one write path of a chained object: lock the row, check the state, authorise,
    apply the change, move to the command's state and append the event, in one transaction
    (`change` may itself choose another state, which then stands).

    `defer` names large fields left unread by the lock (an inspection plan's frozen
    directory is tens of megabytes); only fields that `change` altered are written back."""
    with transaction.atomic():
        owner = model.objects.select_for_update().defer(*defer).filter(pk=pk).first()
        if owner is None:
            raise NotFound(f"{noun}不存在")
        if owner.state not in command.src:
            raise NotAllowed(f"{noun}当前为“{owner.state_label}”，不能{command.label}")
        authorise(owner)
        before = _loaded(owner)
        payload = change(owner) or {}
        if command.dst and owner.state in command.src:
            owner.state = command.dst
        payload["state"] = owner.state
        append_event(owner, event_model, owner_field, action, actor, payload)
        owner.save(update_fields=_changed(owner, before))
    return owner


def _loaded(owner: models.Model) -> dict:
    """Loaded field values; mutable ones copied, so changes made in place show."""
    return {f.attname: copy.deepcopy(v) if isinstance(v := owner.__dict__[f.attname],
                                                      (dict, list)) else v
            for f in owner._meta.concrete_fields
            if not f.primary_key and f.attname in owner.__dict__}


def _changed(owner: models.Model, before: dict) -> list[str]:
    """Fields assigned or altered since `_loaded` (a deferred field read meanwhile counts
    as altered: read those with `deferred_value` instead)."""
    return [f.attname for f in owner._meta.concrete_fields
            if not f.primary_key and f.attname in owner.__dict__
            and (f.attname not in before or owner.__dict__[f.attname] != before[f.attname])]


def deferred_value(owner: models.Model, name: str) -> object:
    """A field's value without loading it into `owner` when the lock deferred it."""
    if name in owner.get_deferred_fields():
        return type(owner).objects.filter(pk=owner.pk).values_list(name, flat=True).get()
    return getattr(owner, name)
