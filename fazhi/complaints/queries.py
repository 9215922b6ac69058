"""Read side of complaints: repeat-complaint statistics per business (in the last 12 months,
by kind), within the actor's visibility for the staff page; the plain counts for an
entity's credit view; the site-search entry."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Max, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse

from fazhi.cases.models import Case
from fazhi.complaints.limits import REPEAT_MONTHS
from fazhi.core.modules import SearchHit
from fazhi.law.workdays import corresponding_date
from fazhi.org.actors import Actor

PROCEDURES = ("complaint", "consumer_report")
REPEAT_AT = 2  # a business complained about or reported at least this often is a repeat one


def since(today: date, months: int = REPEAT_MONTHS) -> date:
    """The first day of the window: the corresponding date `months` back (民法典第二百零二条)."""
    return corresponding_date(today, -months)


def matters(actor: Actor | None) -> QuerySet[Case]:
    return Case.objects.visible_to(actor).filter(procedure__in=PROCEDURES)


def _by_business(cases: QuerySet[Case], rel: str) -> QuerySet:
    """Grouped by the business: its credit code when known, else its name."""
    return (cases.order_by()
            .annotate(key=Coalesce(NullIf(F(f"{rel}__business_uscc"), Value("")),
                                   F(f"{rel}__business_name")))
            .values("key")
            .annotate(n=Count("id"), uscc=Max(f"{rel}__business_uscc"),
                      name=Max(f"{rel}__business_name")))


def repeat_stats(actor: Actor | None, today: date, *, q: str = "", limit: int = 100) -> list[dict]:
    """Per business, complaints and reports received in the window, most first; `repeat`
    marks a business with at least REPEAT_AT of them."""
    found = matters(actor).filter(received_on__gte=since(today), received_on__lte=today)
    if q:
        found = found.filter(Q(complaint__business_name__contains=q)
                             | Q(complaint__business_uscc=q.upper())
                             | Q(consumer_report__business_name__contains=q)
                             | Q(consumer_report__business_uscc=q.upper()))
    rows: dict[str, dict] = {}
    for kind, proc, rel in (("complaints", "complaint", "complaint"),
                            ("reports", "consumer_report", "consumer_report")):
        for r in _by_business(found.filter(procedure=proc), rel):
            row = rows.setdefault(r["key"], {"key": r["key"], "uscc": r["uscc"], "name": r["name"],
                                             "complaints": 0, "reports": 0})
            row[kind] += r["n"]
    out = sorted(rows.values(), key=lambda r: (-(r["complaints"] + r["reports"]), r["name"]))
    for r in out:
        r["total"] = r["complaints"] + r["reports"]
        r["repeat"] = r["total"] >= REPEAT_AT
    return out[:limit]


def entity_counts(uscc: str, today: date) -> dict[str, int]:
    """Complaints and reports against one directory entity in the window (counts only: no
    case, no complainant), for its credit view."""
    window = {"received_on__gte": since(today), "received_on__lte": today}
    return {"complaints": Case.objects.filter(procedure="complaint", complaint__business_uscc=uscc,
                                              **window).count(),
            "reports": Case.objects.filter(procedure="consumer_report",
                                           consumer_report__business_uscc=uscc, **window).count()}


def business_cases(actor: Actor | None, key: str, today: date, limit: int = 200) -> list[Case]:
    """One business's matters in the window (by credit code or name), newest first."""
    found = matters(actor).filter(received_on__gte=since(today), received_on__lte=today).filter(
        Q(complaint__business_uscc=key) | Q(consumer_report__business_uscc=key)
        | Q(complaint__business_name=key, complaint__business_uscc="")
        | Q(consumer_report__business_name=key, consumer_report__business_uscc=""))
    return list(found.order_by("-received_on", "-id")[:limit])


WORDS = ("投诉", "举报", "消费", "维权", "12315", "complaint", "report", "consumer")


def search(query: str, limit: int) -> list[SearchHit]:
    """Complaints are never published: the search finds only the page where one is made."""
    q = (query or "").strip().lower()
    if not q or not any(w in q or q in w for w in WORDS) or limit < 1:
        return []
    return [SearchHit(title="消费投诉举报", url=reverse("complaints:submit"),
                      snippet="在线投诉经营者或者举报违法行为；市场监督管理部门自收到投诉之日起七个工作日内"
                              "决定是否受理，并组织调解。",
                      kind="办事指南")]
