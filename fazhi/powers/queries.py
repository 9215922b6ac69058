"""The read side of the registry: what the portal publishes before enforcement (事前公开,
国办发〔2018〕118号; 《行政处罚法》第三十九条) and what the legal office lists.

Public reads show only what the publicity rules name: bodies, their powers and delegations,
the catalogue, and of an officer the name, agency, certificate number, categories, status and
validity (procedures.md §4.1) — nothing more personal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from fazhi.core.modules import SearchHit, excerpt
from fazhi.law.inputs import certificate_number
from fazhi.org.models import Agency
from fazhi.powers import checks
from fazhi.powers.models import Delegation, EnforcementBody, EnforcementItem
from fazhi.subjects.models import Officer


def today() -> date:
    return timezone.localdate()


def items_in_force(on: date) -> QuerySet[EnforcementItem]:
    return (EnforcementItem.objects.filter(valid_from__lte=on)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=on)))


def items_matching(query: str, *, on: date, agency: str = "", category: str = ""
                   ) -> QuerySet[EnforcementItem]:
    """Catalogue items in force on `on` matching the words of `query` (code, name, basis)."""
    found = items_in_force(on)
    for word in query.split():
        found = found.filter(Q(code__icontains=word) | Q(name__icontains=word)
                             | Q(basis__icontains=word))
    if agency:
        found = found.filter(agencies__code=agency)
    if category:
        found = found.filter(category=category)
    return found.prefetch_related("agencies").order_by("code").distinct()


def categories(on: date) -> list[str]:
    return sorted(set(items_in_force(on).values_list("category", flat=True)))


@dataclass(frozen=True)
class BodyRow:
    body: EnforcementBody
    items: int
    held: list[Delegation]  # delegations this body exercises, in force
    given: list[Delegation]  # delegations of this department's powers to teams, in force


def bodies(on: date) -> list[BodyRow]:
    """Every enforcement body with its own items and the delegations in force."""
    counts = dict(items_in_force(on).values("agencies").annotate(n=Count("pk"))
                  .values_list("agencies", "n"))
    active = list(Delegation.objects.filter(valid_from__lte=on)
                  .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=on))
                  .select_related("team", "delegator"))
    return [BodyRow(body, counts.get(body.agency_id, 0),
                    [d for d in active if d.team_id == body.agency_id],
                    [d for d in active if d.delegator_id == body.agency_id])
            for body in EnforcementBody.objects.select_related("agency").order_by("kind", "agency__code")]


normalise_cert_no = certificate_number  # as typed in the public lookup


@dataclass(frozen=True)
class PublicOfficer:
    """What the portal shows of an officer (procedures.md §4.1: name, credential number,
    enforcement category), with the certificate's status and validity."""

    name: str
    agency: str
    cert_no: str
    categories: list[str]
    issuer: str
    valid_from: date | None
    valid_until: date
    status: str
    status_label: str


def lookup_officer(cert_no: str, *, on: date) -> PublicOfficer | None:
    number = normalise_cert_no(cert_no)
    if not number:
        return None
    officer = Officer.objects.select_related("agency").filter(cert_no__iexact=number).first()
    if officer is None:
        return None
    state = checks.standing(officer, on)
    return PublicOfficer(officer.name, officer.agency.name, officer.cert_no,
                         list(officer.cert_categories or []), officer.cert_issuer,
                         officer.cert_valid_from, officer.cert_valid_until, state.status,
                         state.label)


def officers_for_staff(query: str = "") -> QuerySet[Officer]:
    found = Officer.objects.select_related("agency").order_by("agency__code", "code")
    for word in query.split():
        found = found.filter(Q(name__icontains=word) | Q(cert_no__icontains=word)
                             | Q(code__icontains=word) | Q(agency__name__icontains=word))
    return found


def search(query: str, limit: int) -> list[SearchHit]:
    """Site search: catalogue items in force and enforcement bodies (public records only)."""
    on = today()
    url = reverse("powers:items")
    hits = [SearchHit(title=f"{i.code} {i.name}", url=f"{url}?q={i.code}",
                      snippet=excerpt(i.basis, query), kind="权责清单事项", date=i.valid_from)
            for i in items_matching(query, on=on)[:limit]]
    bodies_url = reverse("powers:bodies")
    for body in EnforcementBody.objects.select_related("agency").filter(
            Q(agency__name__icontains=query) | Q(basis__icontains=query))[:max(0, limit - len(hits))]:
        hits.append(SearchHit(title=body.agency.name, url=f"{bodies_url}#body-{body.agency.code}",
                              snippet=excerpt(body.basis, query), kind="行政执法主体"))
    return hits[:limit]


def home_figures() -> dict[str, int]:
    """The home card's counts (cached: the home page is the busiest page)."""
    def compute() -> dict[str, int]:
        on = today()
        return {"powers_bodies": EnforcementBody.objects.count(),
                "powers_items": items_in_force(on).count(),
                "powers_teams": EnforcementBody.objects.exclude(kind=EnforcementBody.DEPARTMENT).count()}
    return cache.get_or_set("powers:home", compute, 300)


def agencies_with_items(on: date) -> QuerySet[Agency]:
    return Agency.objects.filter(enforcement_items__in=items_in_force(on)).distinct().order_by("code")
