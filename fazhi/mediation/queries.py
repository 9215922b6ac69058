"""Read side of mediation: the campaign (排查) list within the actor's visibility."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from fazhi.cases.models import Case
from fazhi.org.actors import Actor


def mediations(actor: Actor | None) -> QuerySet[Case]:
    return Case.objects.visible_to(actor).filter(procedure="mediation")


def by_campaign(actor: Actor | None) -> list[dict]:
    """Each screening batch: its cases, those open, those settled by agreement."""
    return list(mediations(actor).filter(mediation__campaign__gt="").order_by()
                .values("mediation__campaign")
                .annotate(n=Count("id"), open=Count("id", filter=Q(is_open=True)),
                          agreed=Count("id", filter=Q(mediation__agreed_on__isnull=False)))
                .order_by("mediation__campaign"))


def campaign_cases(actor: Actor | None, campaign: str, limit: int = 200) -> list[Case]:
    return list(mediations(actor).filter(mediation__campaign=campaign)
                .select_related("mediation").order_by("-received_on", "-id")[:limit])
