"""Read side of petitions: the backlog (积案) — open matters past their limits — by agency,
within the actor's visibility."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, QuerySet
from django.db.models.functions import Coalesce

from fazhi.cases.models import Case
from fazhi.org.actors import Actor
from fazhi.petitions.models import Petition


def open_petitions(actor: Actor | None) -> QuerySet[Case]:
    return Case.objects.visible_to(actor).filter(procedure="petition", is_open=True)


def backlog(actor: Actor | None, today: date, campaign: str = "") -> QuerySet[Case]:
    """Open matters whose nearest limit has passed (积案), oldest first."""
    found = open_petitions(actor).filter(due_on__lt=today)
    if campaign:
        found = found.filter(petition__campaign=campaign)
    return found.order_by("due_on", "id")


def rows(cases: QuerySet[Case], limit: int = 100) -> list[Case]:
    """The oldest matters, with only what the list shows."""
    return list(cases.select_related("petition")
                .only("id", "number", "title", "due_on", "petition__campaign")[:limit])


def backlog_by_agency(cases: QuerySet[Case]) -> list[dict]:
    """By the body that must act: the competent body once transferred, else the receiver."""
    return list(cases.order_by().annotate(body=Coalesce("petition__competent__name", "agency__name"))
                .values("body").annotate(n=Count("id")).order_by("-n", "body"))


def campaigns(actor: Actor | None) -> list[str]:
    """The campaign tags of the open matters the actor sees (labels the offices set)."""
    return list(Petition.objects.filter(campaign__gt="", case__in=open_petitions(actor))
                .order_by("campaign").values_list("campaign", flat=True).distinct())
