"""Read side: what the public and each staff member may see."""

from django.db import connection
from django.db.models import Q, QuerySet

from fazhi.core.modules import SearchHit
from fazhi.inspections.models import Plan, PublicResult, Target
from fazhi.law import uscc as uscc_rules
from fazhi.org.actors import Actor


def public_plans() -> QuerySet[Plan]:
    """Plans are public from the freeze on (the commitment must be seen before the seed)."""
    return Plan.objects.exclude(state=Plan.DRAFT).select_related("lead_agency")


def for_staff(actor: Actor) -> QuerySet[Plan]:
    """Lead or participating agency, the named (or any, if none named) notary, city-wide."""
    qs = Plan.objects.select_related("lead_agency")
    if actor.city_wide:
        return qs
    q = Q(lead_agency_id=actor.agency_id) | Q(agencies__id=actor.agency_id)
    if "notary" in actor.roles:
        q |= Q(notary_agency_id=actor.agency_id) | Q(notary_agency__isnull=True)
    return qs.filter(q).distinct()


def my_targets(actor: Actor) -> QuerySet[Target]:
    """Targets where the actor (as an inspector) is an active team member."""
    if actor.user_id is None:
        return Target.objects.none()
    return (Target.objects.filter(members__inspector__staff__user_id=actor.user_id,
                                  members__active=True)
            .select_related("plan", "entity").order_by("plan_id", "order"))


def search_results(query: str, limit: int = 50) -> list[PublicResult]:
    """Published results by exact USCC or by name prefix; both walk an index.

    The first `limit` matches are taken in index order (no ORDER BY, so a broad prefix
    never sorts thousands of rows; PostgreSQL's pattern index has no usable order) and
    then sorted for display.
    """
    text = (query or "").strip()
    if not text:
        return []
    code = uscc_rules.normalise(text)
    if len(code) == 18 and code.isalnum() and code.isascii():
        qs = PublicResult.objects.filter(uscc=code)
    elif connection.vendor == "postgresql":
        # LIKE 'x%' walks the varchar_pattern_ops index Django adds to indexed CharFields.
        qs = PublicResult.objects.filter(entity_name__startswith=text[:100])
    else:
        # SQLite's LIKE ignores a BINARY index; a code-point range is the same prefix test.
        prefix = text[:100]
        qs = PublicResult.objects.filter(entity_name__gte=prefix,
                                         entity_name__lt=prefix + "\U0010ffff")
    found = list(qs.select_related("plan").order_by()[:limit])
    found.sort(key=lambda r: (r.entity_name, -r.published_on.toordinal()))
    return found


def site_search(query: str, limit: int) -> list[SearchHit]:
    """The portal site search's provider: published inspection results by exact USCC or
    name prefix (`search_results`), each linking to the public results lookup."""
    from urllib.parse import urlencode

    from django.urls import reverse


    url = reverse("inspections:results")
    return [SearchHit(title=r.entity_name, url=f"{url}?{urlencode({'q': r.uscc})}",
                      snippet=f"{r.agencies}：{r.result}", kind="双随机抽查结果",
                      date=r.published_on)
            for r in search_results(query, limit)]


def catalogue(agency, limit: int):
    """The 主动公开目录's entries for the random inspections the agency led whose draw was
    published (监督检查情况, 《政府信息公开条例》第二十条第（十三）项)."""
    from django.urls import reverse

    from fazhi.core.modules import CatalogueEntry
    from fazhi.inspections.models import Plan

    plans = Plan.objects.filter(lead_agency=agency, state=Plan.PUBLISHED)
    return [CatalogueEntry(category=13, title=p.title, url=reverse("inspections:plan", args=[p.pk]),
                           summary="双随机抽查计划及抽取结果",
                           date=(p.published_at or p.created_at).date())
            for p in plans.order_by("-published_at", "-pk")[:limit]], plans.count()
