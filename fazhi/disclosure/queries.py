"""Read side of disclosure: named querysets, all behind the one visibility filter."""

from datetime import date

from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.cases.querysets import visible_q
from fazhi.core.modules import SearchHit, excerpt
from fazhi.disclosure.models import DisclosureRequest
from fazhi.org.actors import Actor
from fazhi.publication.models import PublishedRecord


def for_actor(actor: Actor | None) -> QuerySet[DisclosureRequest]:
    return DisclosureRequest.objects.filter(visible_q(actor, "case__")).select_related(
        "case", "case__agency")


def cases_for(actor: Actor | None) -> QuerySet[Case]:
    return Case.objects.visible_to(actor).filter(procedure="disclosure")


def overdue(actor: Actor | None, today: date) -> QuerySet[Case]:
    return cases_for(actor).open().filter(due_on__lt=today)


def published() -> QuerySet[PublishedRecord]:
    return PublishedRecord.objects.live().filter(kind="disclosure.reply").select_related("agency")


def published_matching(q: str) -> QuerySet[PublishedRecord]:
    """Published replies whose title, text, request, answer, number or (masked) applicant
    holds `q`; all of them when `q` is empty."""
    records = published()
    if not q:
        return records
    return records.filter(
        Q(title__icontains=q) | Q(body__icontains=q) | Q(data__request__icontains=q)
        | Q(data__answer__icontains=q) | Q(data__number__icontains=q)
        | Q(data__applicant__icontains=q))


def search(query: str, limit: int) -> list[SearchHit]:
    """The site search's provider: the guides and catalogues of the agencies the query
    names (or all, for a query about guides or catalogues), then published replies
    (redacted when published), newest first."""
    from django.urls import reverse

    guides = guide_hits(query, limit)
    found = (published_matching(query).select_related(None)
             .only("pk", "title", "body", "published_at").order_by("-published_at", "-pk"))
    return guides + [SearchHit(title=r.title, url=reverse("disclosure:reply", args=[r.pk]),
                               snippet=excerpt(r.body, query), kind="政府信息公开答复",
                               date=timezone.localtime(r.published_at).date())
                     for r in found[:max(limit - len(guides), 0)]]


GUIDE_WORDS = ("指南", "目录", "主动公开", "信息公开")


def guide_hits(query: str, limit: int) -> list[SearchHit]:
    """An agency's disclosure guide and catalogue, found by its name or by what they are."""
    from django.urls import reverse

    from fazhi.org.models import Agency

    agencies = Agency.objects.order_by("code").only("code", "name")
    if not any(word in query for word in GUIDE_WORDS):
        agencies = agencies.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    hits = []
    for agency in agencies[:max(limit // 2, 1)]:
        hits += [SearchHit(title=f"{agency.name}政府信息公开指南",
                           url=reverse("disclosure:guide", args=[agency.code]),
                           snippet="申请方式、受理机构、办理期限、收费标准和救济途径。",
                           kind="政府信息公开指南"),
                 SearchHit(title=f"{agency.name}主动公开目录",
                           url=reverse("disclosure:catalogue", args=[agency.code]),
                           snippet="按《政府信息公开条例》第二十条分类列出本机关主动公开的信息。",
                           kind="主动公开目录")]
    return hits[:limit]


def items_before(case: Case) -> int:
    """Items the same applicant (same NFKC-normalised ID number) made at this agency earlier
    in the calendar month in which this request was received, for per-request fees
    (国办函〔2020〕109号第四条: 同一申请人一个自然月内累计申请…). Each earlier request counts
    once, or as the items it was billed for per request ("一事一申请"). "Earlier" is by
    receipt date, then registration order, so it does not depend on billing order.
    Counting at the billing agency only is this platform's reading (UNVERIFIED)."""
    detail = case.disclosure
    earlier = DisclosureRequest.objects.filter(
        id_number=detail.id_number, case__agency_id=case.agency_id,
        case__received_on__gte=case.received_on.replace(day=1),
    ).filter(Q(case__received_on__lt=case.received_on)
             | Q(case__received_on=case.received_on, case_id__lt=case.pk))
    split = earlier.filter(fee_basis="per_request", fee_quantity__gt=1).aggregate(
        extra=Sum(F("fee_quantity") - 1))["extra"]
    return earlier.count() + (split or 0)
