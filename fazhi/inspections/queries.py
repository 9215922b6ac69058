"""Read side: what the public and each staff member may see."""

from django.db.models import Q, QuerySet

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


def search_results(query: str, limit: int = 50) -> QuerySet[PublicResult]:
    """Published results by exact USCC or by name prefix; both walk an index."""
    text = (query or "").strip()
    if not text:
        return PublicResult.objects.none()
    code = uscc_rules.normalise(text)
    if len(code) == 18 and code.isalnum() and code.isascii():
        qs = PublicResult.objects.filter(uscc=code)
    else:
        qs = PublicResult.objects.filter(entity_name__startswith=text[:100])
    return qs.select_related("plan").order_by("entity_name", "-published_on")[:limit]
