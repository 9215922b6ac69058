"""Read side: transfers through the one visibility filter, the procuratorate's
supervision lists, the yearly figures (public page and indicators) and the search hit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from fazhi.cases.models import Case, Clock
from fazhi.core.i18n import local
from fazhi.core.modules import SearchHit
from fazhi.org.actors import Actor
from fazhi.transfers.models import Flag, Transfer
from fazhi.transfers.procedure import CODE, DECIDED

SUPERVISING_ROLES = frozenset({"procurator", "supervisor", "admin"})
SENT = Q(transfer__transferred_on__isnull=False)
FILED = Q(transfer__police_decision="filed")
REFUSED = Q(transfer__police_decision="refused")
AGENCY_CLOCKS = ["transfers.head", "transfers.transfer", "transfers.handover"]


def late(today: date) -> Q:
    """The agency missed one of its own limits (the head's decision, the transfer, the
    hand-over), or one is running past its due date."""
    return Q(Exists(Clock.objects.filter(case=OuterRef("pk"), code__in=AGENCY_CLOCKS).filter(
        Q(state=Clock.MISSED) | Q(state=Clock.RUNNING, due_on__lt=today))))


def transfers() -> QuerySet[Case]:
    return Case.objects.filter(procedure=CODE)


def for_actor(actor: Actor) -> QuerySet[Case]:
    """What this staff member may read: their agency's transfers, those sent to their
    police organ, every transfer for the procuratorate (a part on each) and the city-wide
    roles."""
    return (Case.objects.visible_to(actor).filter(procedure=CODE)
            .select_related("agency", "transfer", "transfer__police")
            .order_by("-received_on", "-pk"))


def may_supervise(actor: Actor) -> bool:
    return actor.has_any(SUPERVISING_ROLES)


def overdue(cases: QuerySet[Case], today: date) -> QuerySet[Case]:
    return cases.filter(is_open=True, due_on__lt=today)


def flagged_not_transferred() -> QuerySet[Flag]:
    """Source cases flagged as suspected crimes with no transfer decided (第十一条)."""
    decided = Transfer.objects.filter(source=OuterRef("source"), case__state__in=DECIDED)
    return (Flag.objects.filter(~Exists(decided)).select_related("source", "source__agency")
            .order_by("flagged_on", "pk"))


@dataclass(frozen=True)
class Figures:
    year: int
    reported: int
    not_approved: int
    sent: int
    filed: int
    refused: int
    on_time: int
    decided: int  # transfers whose head decided (the base of the on-time rate)

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.decided, 1) if self.decided else None


def figures(year: int, today: date) -> Figures:
    """Counts of the year's transfers (by report date): never a case detail."""
    rows = transfers().filter(received_on__year=year)
    got = rows.aggregate(
        reported=Count("pk"), not_approved=Count("pk", filter=Q(state="not_approved")),
        sent=Count("pk", filter=SENT), filed=Count("pk", filter=FILED),
        refused=Count("pk", filter=REFUSED),
        decided=Count("pk", filter=~Q(state="reported")),
        on_time=Count("pk", filter=~Q(state="reported") & ~late(today)))
    return Figures(year=year, **got)


def years() -> list[int]:
    return sorted({d.year for d in transfers().dates("received_on", "year")}, reverse=True)


KEYWORDS = ("移送", "两法衔接", "涉嫌犯罪", "公安", "立案", "transfer")


def search(query: str, limit: int) -> list[SearchHit]:
    """The public statistics page (no case is public): found by what it is about."""
    text = query.strip().casefold()
    if not text or limit < 1 or not any(k in text or text in k for k in KEYWORDS):
        return []
    shown = years()[:1]
    today = timezone.localdate()
    year = shown[0] if shown else today.year
    found = figures(year, today)
    snippet = local("{year}年：报告{reported}件，移送公安机关{sent}件，立案{filed}件，不予立案{refused}件。")
    return [SearchHit(title=local("涉嫌犯罪案件移送统计"), url=reverse("transfers:public"),
                      snippet=snippet.format(year=year, reported=found.reported, sent=found.sent,
                                             filed=found.filed, refused=found.refused),
                      kind=local("两法衔接统计"), date=None)]
