"""Read side of petitions: the backlog (积案) — open matters past their limits — by agency,
within the actor's visibility.

At city scale (ADR 0047) the receiving office holds a part on every matter it registered —
a million rows — so the shared visibility filter (`agency = X OR id IN (parts of X)`)
would read all of them on every page. The backlog is small by comparison (open and past
due, found through the `case_open_due` index), so its matters are found first and each one
checked with an indexed probe (`fazhi.cases.querysets.visible_q(..., probe=True)`: the
same rule as `Case.objects.visible_to`, another plan).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, QuerySet
from django.db.models.functions import Coalesce

from fazhi.cases.models import Case
from fazhi.cases.querysets import visible_q
from fazhi.org.actors import Actor
from fazhi.petitions.models import Petition


def open_petitions(actor: Actor | None) -> QuerySet[Case]:
    return Case.objects.visible_to(actor).filter(procedure="petition", is_open=True)


def backlog(actor: Actor | None, today: date, campaign: str = "") -> QuerySet[Case]:
    """Open matters whose nearest limit has passed (积案), oldest first."""
    found = Case.objects.open().filter(due_on__lt=today, procedure="petition") \
        .filter(visible_q(actor, probe=True))
    if campaign:
        found = found.filter(petition__campaign=campaign)
    return found.order_by("due_on", "id")


def rows(cases: QuerySet[Case], limit: int = 100) -> list[Case]:
    """The oldest matters, with only what the list shows."""
    return list(cases.select_related("petition")
                .only("id", "number", "title", "due_on", "due_provisional", "petition__campaign")[:limit])


def backlog_by_agency(cases: QuerySet[Case]) -> list[dict]:
    """By the body that must act: the competent body once transferred, else the receiver."""
    return list(cases.order_by().annotate(body=Coalesce("petition__competent__name", "agency__name"))
                .values("body").annotate(n=Count("id")).order_by("-n", "body"))


def campaigns(actor: Actor | None) -> list[str]:
    """The campaign tags of the open matters the actor sees (labels the offices set): the
    tagged matters first (index on the tag), then the visibility probe."""
    return list(Petition.objects.filter(campaign__gt="", case__is_open=True)
                .filter(visible_q(actor, "case__", probe=True))
                .order_by("campaign").values_list("campaign", flat=True).distinct())
