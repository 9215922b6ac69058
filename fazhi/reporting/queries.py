"""Read side of reporting: task lists, supervision, drill-down rows and the dashboard.

The records behind a figure are filtered on staff pages by the visibility rule of the app
that owns them; the public sees only the rows frozen at publication (`public_rows`), which
carry public identifiers, agencies and links to already-redacted published records, never
applicant data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from fazhi.core import indicators as ind
from fazhi.core.modules import SearchHit, excerpt
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.reporting import charts
from fazhi.reporting.models import AnnualReport, KeyTask, SupervisionFinding

# -- tasks and findings ---------------------------------------------------------------------


def tasks(year: int | None = None, agency_id: int | None = None, status: str = "",
          today: date | None = None) -> QuerySet[KeyTask]:
    """Key tasks; all staff may read the work plan. status "overdue" is derived."""
    qs = KeyTask.objects.select_related("lead_agency", "suggested_lead").order_by(
        "year", "area_number", "id")
    if year:
        qs = qs.filter(year=year)
    if agency_id:
        qs = qs.filter(Q(lead_agency_id=agency_id) | Q(co_agencies=agency_id)).distinct()
    if status == "overdue" and today:
        qs = overdue_tasks(qs, today)
    elif status:
        qs = qs.filter(status=status)
    return qs


def overdue_tasks(qs: QuerySet[KeyTask] | None, today: date) -> QuerySet[KeyTask]:
    """Overdue is derived: a due date before today and not done."""
    qs = KeyTask.objects.all() if qs is None else qs
    return qs.filter(due_on__lt=today).exclude(status=KeyTask.DONE)


def findings_for(actor: Actor) -> QuerySet[SupervisionFinding]:
    qs = SupervisionFinding.objects.select_related("agency", "task")
    if actor.city_wide or actor.kind == "system":
        return qs
    return qs.filter(agency_id=actor.agency_id)


def reports_for(actor: Actor) -> QuerySet[AnnualReport]:
    qs = AnnualReport.objects.select_related("scope", "owner")
    if actor.city_wide:
        return qs
    return qs.filter(Q(owner_id=actor.agency_id) | Q(status=AnnualReport.PUBLISHED))


def published_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(status=AnnualReport.PUBLISHED).select_related("scope")


# -- drill-down -----------------------------------------------------------------------------
# The records behind a figure are the owning app's: its RecordKind (declared with the
# indicator) filters them by that app's own visibility rule and formats their rows.


def staff_records(indicator: ind.Indicator, value: ind.IndicatorValue,
                  actor: Actor) -> QuerySet:
    """The records behind a figure that this actor may see (the owning app's filter)."""
    kind = indicator.kind
    return kind.visible(value.records, actor).select_related(*kind.related).order_by("pk")


def record_row(indicator: ind.Indicator, record: Any) -> dict[str, Any]:
    """What a staff drill-down table shows of one record, with Chinese state labels."""
    return {"key": record.pk, "date": None, "state": "", "outcome": "", "url": None,
            "agency": ""} | indicator.kind.row(record)


def public_rows(indicator: ind.Indicator | None, records: QuerySet) -> list[dict]:
    """The public drill-down frozen at publication: public identifiers, agencies and links
    to the published (already redacted) record where there is one; never applicant data."""
    return indicator.kind.public_rows(records) if indicator is not None else []


# -- dashboard ------------------------------------------------------------------------------


def dashboard(year: int, codes: list[str] | None = None) -> list[charts.Family]:
    """Every available indicator for the city and by agency (one grouped query each), in
    families of one module and one unit: one chart and one table per family."""
    chosen = [i for i in ind.available() if codes is None or i.code in codes]
    agencies = {pk: charts.AgencyRef(pk, name, short or name) for pk, name, short in
                Agency.objects.order_by("code").values_list("pk", "name", "short_name")}

    def link(indicator: ind.Indicator, agency_id: int | None) -> str:
        url = reverse("reporting:indicator", args=[indicator.code]) + f"?year={year}"
        return url + (f"&scope={agency_id}" if agency_id else "")

    values = ((i, i.compute(year, None)) for i in chosen)
    return charts.dashboard_families(values, agencies, link)


def task_summary(year: int, today: date) -> list[dict[str, Any]]:
    """Tasks per lead agency: total, done, overdue (one grouped query)."""
    return list(KeyTask.objects.filter(year=year).values("lead_agency__name").annotate(
        total=Count("pk"), done=Count("pk", filter=Q(status=KeyTask.DONE)),
        overdue=Count("pk", filter=Q(due_on__lt=today) & ~Q(status=KeyTask.DONE)),
    ).order_by("lead_agency__name"))


def site_search(query: str, limit: int) -> list[SearchHit]:
    """The portal site search's provider: published annual reports whose title or frozen
    text holds the query, newest first."""
    from django.utils import timezone


    found = published_reports().filter(Q(title__icontains=query)
                                       | Q(published_text__icontains=query))
    return [SearchHit(title=r.title, url=reverse("reporting:public_report", args=[r.pk]),
                      snippet=excerpt(r.published_text, query), kind="法治政府建设年度报告",
                      date=timezone.localtime(r.published_at).date() if r.published_at else None)
            for r in found.order_by("-published_at", "-pk")[:limit]]
