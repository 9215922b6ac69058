"""Read side of custody: the lists, the inventory and the overdue report, every one of them
through `Item.objects.visible_to(actor)`."""

import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet, Sum

from fazhi.core.models import Event
from fazhi.custody.models import HELD, STATES, Centre, Item
from fazhi.custody.services import HANDOVERS
from fazhi.org.actors import Actor

DEFAULT_OVERDUE_DAYS = 180  # when no centre holds the item (local parameter, see Centre)


def for_actor(actor: Actor, *, state: str = "", q: str = "") -> QuerySet[Item]:
    items = Item.objects.visible_to(actor).select_related("agency", "centre__agency", "case")
    if state in STATES:
        items = items.filter(state=state)
    if q:
        items = items.filter(Q(code__icontains=q) | Q(description__icontains=q)
                             | Q(case_ref__icontains=q) | Q(case__number__icontains=q))
    return items


def awaiting(actor: Actor) -> QuerySet[Item]:
    """Hand-overs offered to the actor's agency, waiting for someone to accept them."""
    return (Item.objects.visible_to(actor).filter(pending_to_id=actor.agency_id)
            .exclude(pending_by=actor.user_id).select_related("agency"))


ACTIONS = {"seize": "扣押登记", "offer": "提出交接", "accept": "确认接收", "withdraw": "撤回交接",
           "appraise": "登记鉴定", "record_final": "登记生效决定", "photo": "添加照片"}


def events(item: Item) -> list[Event]:
    """The item's chain, each event labelled (the action, and the hand-over it concerns)."""
    found = list(item.events)
    for event in found:
        event.label = ACTIONS.get(event.action, event.action)
        handover = json.loads(event.payload or "{}").get("handover")
        event.handover = HANDOVERS[handover][0] if handover in HANDOVERS else ""
    return found


@dataclass(frozen=True)
class InventoryRow:
    centre: str
    agency: str
    state: str
    items: int
    value: object

    @property
    def label(self) -> str:
        return STATES.get(self.state, self.state)


def inventory(actor: Actor) -> list[InventoryRow]:
    """Items by centre, agency and state (counts and estimated value)."""
    rows = (Item.objects.visible_to(actor)
            .values("centre__agency__short_name", "agency__short_name", "state")
            .annotate(n=Count("id"), v=Sum("value"))
            .order_by("centre__agency__short_name", "agency__short_name", "state"))
    return [InventoryRow(r["centre__agency__short_name"] or "", r["agency__short_name"],
                         r["state"], r["n"], r["v"]) for r in rows]


def overdue(actor: Actor, today: date) -> QuerySet[Item]:
    """Items still held longer than the parameter of their centre (or the default one for
    items an agency keeps itself), oldest first."""
    cond = Q(centre__isnull=True, seized_on__lt=today - timedelta(days=DEFAULT_OVERDUE_DAYS))
    for centre in Centre.objects.all():
        cond |= Q(centre=centre, seized_on__lt=today - timedelta(days=centre.overdue_days))
    return (Item.objects.visible_to(actor).filter(state__in=HELD).filter(cond)
            .select_related("agency", "centre__agency", "case").order_by("seized_on", "pk"))


def held_after_closing(actor: Actor) -> QuerySet[Item]:
    """Items still held though their case is closed: the decision may be final."""
    return (Item.objects.visible_to(actor).filter(state__in=HELD, case__is_open=False)
            .select_related("agency", "case").order_by("seized_on", "pk"))
