"""Read side of reporting: task lists, supervision, drill-down rows and the dashboard.

Case records behind a figure are always filtered through `visible_q(actor)` on staff pages;
the public sees only the rows frozen at publication (`public_rows`), which carry case
numbers, agencies and links to already-redacted published records, never applicant data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from fazhi.cases.querysets import visible_q
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.publication.models import PublishedRecord
from fazhi.reporting import indicators as ind
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


def staff_records(indicator: ind.Indicator, value: ind.IndicatorValue,
                  actor: Actor) -> QuerySet:
    """The records behind a figure that this actor may see (the same visibility filter)."""
    records = value.records
    if indicator.record_kind == "case":
        return records.filter(visible_q(actor)).select_related("agency").order_by("pk")
    if actor.city_wide:
        return records.order_by("pk")
    return records.filter(**{f"{value.agency_field}_id": actor.agency_id}).order_by("pk")


def record_row(indicator: ind.Indicator, record: Any) -> dict[str, Any]:
    """What a staff drill-down table shows of one record."""
    if indicator.record_kind == "case":
        return {"key": record.pk, "label": record.number, "agency": record.agency.name,
                "date": record.received_on, "state": record.state, "outcome": record.outcome,
                "case_id": record.pk}
    agency = getattr(record, "agency", None) or getattr(record, "issuer", None)
    return {"key": record.pk, "label": str(record), "agency": str(agency or ""), "date": None,
            "state": getattr(record, "status", getattr(record, "state", "")), "outcome": "",
            "case_id": None}


def public_rows(indicator: ind.Indicator | None, records: QuerySet) -> list[dict]:
    """The public drill-down frozen at publication: case numbers, agencies and links to the
    published (already redacted) record where there is one; never applicant data."""
    if indicator is None:
        return []
    if indicator.record_kind == "case":
        published = dict(PublishedRecord.objects.live()
                         .filter(case__in=records.values("pk")).values_list("case_id", "pk"))
        return [{"key": pk, "label": number, "agency": agency, "published": published.get(pk)}
                for pk, number, agency in records.order_by("pk")
                .values_list("pk", "number", "agency__name")]
    return [{"key": r.pk, "label": str(r), "agency": str(getattr(r, "agency", "")
                                                       or getattr(r, "issuer", "") or ""),
             "published": None} for r in records.order_by("pk")]


# -- dashboard ------------------------------------------------------------------------------


def dashboard(year: int, codes: list[str] | None = None) -> dict[str, Any]:
    """Per indicator: the city value and one grouped query by agency."""
    chosen = [i for i in ind.available() if codes is None or i.code in codes]
    names = dict(Agency.objects.values_list("pk", "name"))
    rows: dict[int, dict[str, Any]] = {}
    city = {}
    for indicator in chosen:
        value = indicator.compute(year, None)
        city[indicator.code] = value.value
        for agency_id, (v, _, _) in ind.by_agency(value).items():
            rows.setdefault(agency_id, {"agency": names.get(agency_id, "?")})[indicator.code] = v
    ordered = sorted(rows.values(), key=lambda r: r["agency"])
    chart = {"agencies": [r["agency"] for r in ordered],
             "series": [{"name": f"{i.name}（{i.unit}）",
                         "data": [r.get(i.code) for r in ordered]} for i in chosen]}
    table = [(r["agency"], [r.get(i.code) for i in chosen]) for r in ordered]
    return {"indicators": chosen, "city": city, "rows": ordered, "chart": chart,
            "table": table, "city_row": [city[i.code] for i in chosen]}


def task_summary(year: int, today: date) -> list[dict[str, Any]]:
    """Tasks per lead agency: total, done, overdue (one grouped query)."""
    return list(KeyTask.objects.filter(year=year).values("lead_agency__name").annotate(
        total=Count("pk"), done=Count("pk", filter=Q(status=KeyTask.DONE)),
        overdue=Count("pk", filter=Q(due_on__lt=today) & ~Q(status=KeyTask.DONE)),
    ).order_by("lead_agency__name"))
