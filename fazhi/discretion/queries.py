"""Read side: what is public (published benchmarks and lists), what an agency's staff see,
and the site-search provider."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from fazhi.core.modules import SearchHit, excerpt
from fazhi.discretion.models import PUBLISHED, Benchmark, ExemptionList
from fazhi.org.actors import Actor


def published() -> QuerySet[Benchmark]:
    return Benchmark.objects.filter(status=PUBLISHED)


def published_matching(q: str) -> QuerySet[Benchmark]:
    """Published benchmarks whose code, violation, basis or agency matches `q`."""
    records = published().select_related("agency")
    if q:
        records = records.filter(Q(violation_code__icontains=q) | Q(violation_name__icontains=q)
                                 | Q(basis__icontains=q) | Q(agency__name__icontains=q))
    return records.order_by("agency__code", "violation_code", "-effective_from")


def superseded_on(benchmark: Benchmark) -> date | None:
    """The date a later published version took over, if any."""
    later = (published().filter(agency_id=benchmark.agency_id, violation_code=benchmark.violation_code,
                                effective_from__gt=benchmark.effective_from)
             .order_by("effective_from").values_list("effective_from", flat=True).first())
    return later


def versions(benchmark: Benchmark) -> QuerySet[Benchmark]:
    return published().filter(agency_id=benchmark.agency_id,
                              violation_code=benchmark.violation_code).order_by("-effective_from")


def published_lists() -> QuerySet[ExemptionList]:
    return (ExemptionList.objects.filter(status=PUBLISHED).select_related("agency")
            .prefetch_related("entries").order_by("agency__code", "kind", "-effective_from"))


def for_staff(actor: Actor) -> QuerySet[Benchmark]:
    """An agency's own benchmarks, drafts included; city-wide roles read every agency's."""
    records = Benchmark.objects.select_related("agency").annotate(tier_count=Count("tiers"))
    if not actor.city_wide:
        records = records.filter(agency_id=actor.agency_id)
    return records.order_by("agency__code", "violation_code", "-effective_from")


def lists_for_staff(actor: Actor) -> QuerySet[ExemptionList]:
    records = ExemptionList.objects.select_related("agency").annotate(entry_count=Count("entries"))
    if not actor.city_wide:
        records = records.filter(agency_id=actor.agency_id)
    return records.order_by("agency__code", "kind", "-effective_from")


def search(query: str, limit: int) -> list[SearchHit]:
    """Site search over published benchmarks (public texts: no personal data)."""
    hits = []
    for b in published_matching(query).order_by("-published_on", "-pk")[:limit]:
        hits.append(SearchHit(title=b.violation_name, url=reverse("discretion:detail", args=[b.pk]),
                              snippet=excerpt(f"{b.agency.name} {b.violation_code} {b.basis}", query),
                              kind="行政处罚裁量基准", date=b.published_on))
    return hits
