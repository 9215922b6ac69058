"""Read side: published decisions (事后公开), the search provider, home figures."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fazhi.core.modules import SearchHit, excerpt
from fazhi.enforcement.models import PublishedDecision
from fazhi.law.inputs import InputError, identifier


def published_matching(q: str) -> QuerySet[PublishedDecision]:
    """By party name, USCC or decision number (issue 13 part 10); withdrawn ones stay listed,
    marked as withdrawn."""
    rows = PublishedDecision.objects.all()
    q = (q or "").strip()[:100]
    if not q:
        return rows
    try:
        folded = identifier(q).upper()
    except InputError:
        folded = q
    return rows.filter(Q(party_name__icontains=q) | Q(uscc=folded) | Q(decision_no=q)
                       | Q(decision_no__icontains=q))


def search(query: str, limit: int) -> list[SearchHit]:
    from django.urls import reverse

    hits = []
    for row in published_matching(query)[:limit]:
        text = f"{row.party_name} {row.violation} {row.penalty}"
        hits.append(SearchHit(title=f"{row.decision_no} {row.party_name}",
                              url=reverse("enforcement:decision", args=[row.pk]),
                              snippet=excerpt(text, query), kind="行政处罚决定",
                              date=row.published_on))
    return hits
