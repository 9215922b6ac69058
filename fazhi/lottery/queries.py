"""Read side of lotteries: what the public sees, what each staff member sees."""

from collections.abc import Callable

from django.db.models import Q, QuerySet

from fazhi.core.modules import SearchHit, excerpt
from fazhi.lottery.models import EntryChange, Lottery, Registration, Selection
from fazhi.lottery.procedure import ADMIN, NOTARY
from fazhi.org.actors import Actor
from fazhi.org.models import Agency, Staff


def public() -> QuerySet[Lottery]:
    """Every announced round is public (the announcement is a public act)."""
    return Lottery.objects.select_related("agency", "notary_agency")


def staff_q(actor: Actor) -> Q:
    """Organiser admins see their agency's rounds; notaries only those their office
    supervises (a round that named no office has no notary)."""
    q = Q(pk__in=[])
    if ADMIN in actor.roles:
        q |= Q(agency_id=actor.agency_id)
    if NOTARY in actor.roles:
        q |= Q(notary_agency_id=actor.agency_id)
    return q


def notary_offices() -> QuerySet[Agency]:
    """Agencies with at least one notary among their staff: the offices an announcement
    can name. (Roles are a JSON list; filtered here, as SQLite has no JSON containment.)"""
    ids = {agency for agency, roles in Staff.objects.values_list("agency_id", "roles")
           if NOTARY in (roles or [])}
    return Agency.objects.filter(pk__in=ids)


def held_phone(lot: Lottery, change_id: int | None) -> str | None:
    """The phone stored on the entry a held change is waiting for (None: nothing held)."""
    return EntryChange.objects.filter(pk=change_id or 0, registration__lottery=lot).values_list(
        "registration__phone", flat=True).first()


def for_staff(actor: Actor) -> QuerySet[Lottery]:
    return public().filter(staff_q(actor))


def rounds_of(lot: Lottery) -> list[Lottery]:
    """The other rounds of the same daily lottery (walks `previous` both ways, bounded)."""
    rounds, cur = [], lot.previous
    while cur is not None and len(rounds) < 60:
        rounds.insert(0, cur)
        cur = cur.previous
    cur = lot.following.first()
    while cur is not None and len(rounds) < 120:
        rounds.append(cur)
        cur = cur.following.first()
    return rounds


def result_table(lot: Lottery, mask: Callable[[str], str]) -> list[dict]:
    """Per pool, winners and alternates by code with masked names and claim status."""
    names = dict(Registration.objects.filter(lottery=lot, code__in=Selection.objects.filter(
        lottery=lot).values("code")).values_list("code", "name"))
    out = []
    for pool in lot.pools:
        rows = Selection.objects.filter(lottery=lot, pool=pool["name"]).order_by("kind", "rank")
        out.append({
            "label": pool.get("label") or pool["name"],
            "winners": [(s, mask(names.get(s.code, ""))) for s in rows if s.kind == "winner"],
            "alternates": [(s, mask(names.get(s.code, ""))) for s in rows
                           if s.kind == "alternate"],
        })
    return out


def site_search(query: str, limit: int) -> list[SearchHit]:
    """The portal site search's provider: announced rounds whose name holds the query (the
    announcement is public; results show only masked names), newest first."""
    from django.urls import reverse


    found = public().filter(title__icontains=query).order_by("-draw_at", "-pk")[:limit]
    return [SearchHit(title=lot.title,
                      url=reverse("lottery:results" if lot.state == Lottery.PUBLISHED
                                  else "lottery:detail", args=[lot.pk]),
                      snippet=f"{lot.agency.name} · {lot.state_label} · " + excerpt(lot.rules, query, 80),
                      kind="公证摇号", date=lot.draw_at.date())
            for lot in found]


def catalogue(agency, limit: int):
    """The 主动公开目录's entries for the agency's notarised lotteries (published results
    of public-resource allocation; 《政府信息公开条例》第二十条第（十五）项)."""
    from django.urls import reverse

    from fazhi.core.modules import CatalogueEntry

    rounds = public().filter(agency=agency, state=Lottery.PUBLISHED)
    return [CatalogueEntry(category=15, title=lot.title,
                           url=reverse("lottery:results", args=[lot.pk]),
                           summary=f"公证摇号结果（{lot.state_label}）", date=lot.draw_at.date())
            for lot in rounds.order_by("-draw_at", "-pk")[:limit]], rounds.count()
