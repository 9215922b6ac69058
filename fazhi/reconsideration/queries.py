"""Read side: the published decisions (masked), the search provider."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fazhi.core.modules import SearchHit, excerpt
from fazhi.law.redaction import PUBLIC, mask_name, redact
from fazhi.reconsideration import models as m


def published() -> QuerySet[m.Reconsideration]:
    return (m.Reconsideration.objects.filter(published=True, case__is_open=False)
            .select_related("case", "body", "respondent").order_by("-decided_on", "-pk"))


def published_matching(q: str) -> QuerySet[m.Reconsideration]:
    found = published()
    if q:
        found = found.filter(Q(decision_no__icontains=q) | Q(respondent__name__icontains=q)
                             | Q(act__icontains=q))
    return found


def public_row(r: m.Reconsideration) -> dict:
    """What the public sees of a decision: the applicant's name masked, no identifiers or
    contact details (《行政复议法》第七十九条: published as the original act was)."""
    return {"pk": r.pk, "decision_no": r.decision_no, "decided_on": r.decided_on,
            "applicant": mask_name(r.applicant_name), "respondent": r.respondent.name,
            "body": r.body.name, "act_kind": r.get_act_kind_display(),
            "decision": m.DECISIONS.get(r.decision, r.decision), "redo": r.redo_ordered,
            "content": redact(r.decision_text, PUBLIC, [r.applicant_name]),
            "committee": r.committee, "opinion": bool(r.committee_opinion)}


def search(query: str, limit: int) -> list[SearchHit]:
    from django.urls import reverse

    return [SearchHit(title=f"{r.decision_no} {m.DECISIONS.get(r.decision, '')}",
                      url=reverse("reconsideration:decision", args=[r.pk]),
                      snippet=excerpt(redact(r.decision_text, PUBLIC, [r.applicant_name]), query), kind="行政复议决定",
                      date=r.decided_on)
            for r in published_matching(query)[:limit]]
