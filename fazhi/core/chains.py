"""The one write path of history: `append_event` for every object that changes.

Cases append through the engine; lottery rounds and inspection plans through `run_command`;
key tasks, findings, reports and public comments through their services. Each owner row
carries `event_count` and `head_hash` (fazhi.core.models.Chained) so a truncated history
is visible, and each event records the state it produced.
"""

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone

from fazhi.core import checkpoints
from fazhi.core.errors import NotAllowed, NotFound
from fazhi.core.i18n import local
from fazhi.core.models import Chained, Event
from fazhi.law import ledger
from fazhi.org.actors import Actor


def append_event(owner: Chained, action: str, actor: Actor, payload: dict) -> Event:
    """Append one event to `owner`'s chain: one INSERT. The caller holds the owner's row
    lock, has already set the fields the event changes, and saves the owner afterwards (its
    event_count and head_hash are updated here)."""
    at = timezone.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    body = ledger.canonical_payload(payload)
    state = owner.ledger_state()
    label = ledger.clean_label(actor.label)
    prev = owner.head_hash or ledger.GENESIS
    seq = owner.event_count + 1
    kind = owner.history_kind
    digest = ledger.event_hash(kind, owner.pk, seq, action, label, at, body, state, prev)
    # positional, in the order of Event's fields (_EVENT_ORDER): half the cost of keywords
    event = Event(None, kind, owner.pk, seq, action, label, actor.kind, actor.user_id, at, body,
                  state, prev, digest)
    _insert(event)
    owner.event_count, owner.head_hash = seq, digest
    checkpoints.after_append(event.pk)
    return event


_EVENT_ORDER = ("id", "kind", "owner_id", "seq", "action", "actor", "actor_kind",
                "actor_user_id", "at", "payload", "state", "prev_hash", "hash")
if tuple(f.attname for f in Event._meta.concrete_fields) != _EVENT_ORDER:
    raise RuntimeError("core.Event's fields changed: update append_event's positional row")


@cache
def _insert_sql(vendor: str) -> tuple[str, tuple[models.Field, ...]]:
    fields = tuple(f for f in Event._meta.concrete_fields if not f.primary_key)
    q = connection.ops.quote_name
    return (f"INSERT INTO {q(Event._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {q(Event._meta.pk.column)}",
            fields)


def _insert(event: Event) -> None:
    """One INSERT … RETURNING id, compiled once: every change of every history runs it.
    (Event has no signal receivers; its columns are plain text and numbers.)"""
    db = connections[DEFAULT_DB_ALIAS]  # once: the `connection` proxy is a lookup per use
    sql, fields = _insert_sql(db.vendor)
    with db.cursor() as cursor:
        cursor.execute(sql, [f.get_db_prep_save(getattr(event, f.attname), db) for f in fields])
        event.pk = cursor.fetchone()[0]
    event._state.adding, event._state.db = False, db.alias


@cache
def history_models() -> dict[str, type[Chained]]:
    """Every model with a history, by kind (each Chained subclass names its own)."""
    found: dict[str, type[Chained]] = {}
    for model in apps.get_models():
        if issubclass(model, Chained):
            if model.history_kind in found:
                raise RuntimeError(f"two models claim history kind {model.history_kind!r}")
            found[model.history_kind] = model
    return dict(sorted(found.items()))


def chain_problems(owner: Chained) -> list[str]:
    """Problems in one owner's chain (empty when intact), in Chinese for staff pages."""
    noun = owner.history_label
    events = list(owner.events)
    problems, prev, last = [], ledger.GENESIS, None
    for n, ev in enumerate(events, 1):
        try:
            digest = ledger.event_hash(ev.kind, ev.owner_id, ev.seq, ev.action, ev.actor, ev.at,
                                       ev.payload, ev.state, prev, fmt=ev.format)
        except ValueError:  # an unknown format: the row was altered
            digest = ""
        if ev.seq != n:
            problems.append(local("第 {n} 条记录缺失或顺序错误").format(n=n))
        if ev.prev_hash != prev or ev.hash != digest:
            problems.append(local("第 {n} 条记录（{action}）被改动").format(n=ev.seq, action=ev.action))
        prev, last = ev.hash, ev
    if len(events) != owner.event_count or prev != (owner.head_hash or ledger.GENESIS):
        problems.append(local("记录条数或链头与{noun}不一致（可能被删除）").format(noun=local(noun)))
    elif last is not None and last.format == ledger.V2 and last.state != owner.ledger_state():
        problems.append(f"{noun}的当前状态与最新一条记录不一致（可能被直接改动）")
    return problems


@dataclass(frozen=True)
class Command:
    """One state change of a chained object (lottery round, inspection plan)."""

    label: str  # Chinese, used in "cannot …" messages and buttons
    src: frozenset[str]
    dst: str | None
    roles: frozenset[str]


def run_command(model: type[Chained], pk: int, action: str, command: Command, actor: Actor, *,
                noun: str, authorise: Callable[[Chained], None],
                change: Callable[[Chained], dict | None],
                defer: Sequence[str] = ()) -> Chained:
    """The one write path of a chained object: lock the row, check the state, authorise,
    apply the change, move to the command's state and append the event, in one transaction
    (`change` may itself choose another state, which then stands).

    `defer` names large fields left unread by the lock (an inspection plan's frozen
    directory is tens of megabytes); only fields that `change` altered are written back."""
    with transaction.atomic():
        owner = model.objects.select_for_update().defer(*defer).filter(pk=pk).first()
        if owner is None:
            raise NotFound(local("{}不存在").format(local(noun)))
        if owner.state not in command.src:
            raise NotAllowed(local("{noun}当前为“{state}”，不能{action}").format(
                noun=local(noun), state=local(owner.state_label), action=local(command.label)))
        authorise(owner)
        before = _loaded(owner)
        payload = change(owner) or {}
        if command.dst and owner.state in command.src:
            owner.state = command.dst
        payload["state"] = owner.state
        append_event(owner, action, actor, payload)
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
