"""Read side: the published decisions and the search provider. The public reads only what
`fazhi.publication` stored at service (redacted there, 《行政复议法》第七十九条); a decision's
public address is its reconsideration record's number, as before."""

from __future__ import annotations

from datetime import date

from django.db.models import F, Q, QuerySet

from fazhi.core.modules import SearchHit, excerpt
from fazhi.publication.models import PublishedRecord

KIND = "reconsideration.decision"  # effects.PUBLISHED_KIND


def published() -> QuerySet[PublishedRecord]:
    return (PublishedRecord.objects.live().filter(kind=KIND)
            .annotate(recon_pk=F("case__reconsideration__pk"))
            .order_by("-data__decided_on", "-pk"))


def published_matching(q: str) -> QuerySet[PublishedRecord]:
    found = published()
    if q:
        found = found.filter(Q(title__icontains=q) | Q(data__respondent__icontains=q)
                             | Q(body__icontains=q))
    return found


def by_pk(pk: int) -> PublishedRecord | None:
    return published().filter(case__reconsideration__pk=pk).first()


def public_row(record: PublishedRecord) -> dict:
    """What the public sees of a decision: as published (the applicant's name masked, no
    identifiers or contact details)."""
    d = record.data
    decided = d.get("decided_on")
    return {"pk": record.recon_pk, "decision_no": d.get("decision_no", ""),
            "decided_on": date.fromisoformat(decided) if decided else None, "applicant": d.get("applicant", ""),
            "respondent": d.get("respondent", ""), "body": d.get("body", ""),
            "act_kind": d.get("act_kind", ""), "decision": d.get("decision", ""),
            "redo": bool(d.get("redo")), "content": record.body, "committee": d.get("committee") or {},
            "opinion": d.get("opinion", False), "review": d.get("review", "")}


def search(query: str, limit: int) -> list[SearchHit]:
    from django.urls import reverse

    return [SearchHit(title=r.title, url=reverse("reconsideration:decision", args=[r.recon_pk]),
                      snippet=excerpt(r.body, query), kind="行政复议决定",
                      date=date.fromisoformat(r.data["decided_on"]) if r.data.get("decided_on")
                      else None)
            for r in published_matching(query)[:limit]]
