"""Read side of reporting: task lists, supervision, drill-down rows and the dashboard.

Case records behind a figure are always filtered through `visible_q(actor)` on staff pages;
the public sees only the rows frozen at publication (`public_rows`), which carry case
numbers, agencies and links to already-redacted published records, never applicant data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from fazhi.cases import procedure
from fazhi.cases.procedure import Procedure
from fazhi.cases.querysets import visible_q
from fazhi.org.actors import Actor
from fazhi.org.models import Agency
from fazhi.publication.models import PublishedRecord
from fazhi.reporting import charts
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


# rows of each non-case record kind read these relations (one query per page, not per row)
_RELATED = {"normative": ("issuer",),
            "inspection_target": ("plan__lead_agency", "entity", "record"),
            "inspection_record": ("target__plan__lead_agency", "target__entity"),
            "lottery": ("agency",)}


def staff_records(indicator: ind.Indicator, value: ind.IndicatorValue,
                  actor: Actor) -> QuerySet:
    """The records behind a figure that this actor may see (the same visibility filter)."""
    records = value.records
    if indicator.record_kind == "case":
        return records.filter(visible_q(actor)).select_related("agency").order_by("pk")
    if related := _RELATED.get(indicator.record_kind):
        records = records.select_related(*related)
    if actor.city_wide:
        return records.order_by("pk")
    return records.filter(**{f"{value.agency_field}_id": actor.agency_id}).order_by("pk")


def _procedure(code: str, version: str) -> Procedure | None:
    """The case's own procedure version (labels may change between versions)."""
    for ver in (version, None):
        try:
            return procedure.get(code, ver)
        except KeyError:
            continue
    return None


def case_labels(case: Any) -> tuple[str, str]:
    """(state label, outcome label) of a case in its procedure's Chinese terms."""
    proc = _procedure(case.procedure, case.procedure_version)
    if proc is None:
        return case.state, case.outcome or ""
    return proc.state_label(case.state), proc.outcomes.get(case.outcome, case.outcome or "")


def _status_label(record: Any) -> str:
    """A non-case record's Chinese state: `state_label`, else its choices' display."""
    for attr in ("state_label", "status_label", "result_label"):
        if isinstance(label := getattr(record, attr, None), str):
            return label
    if hasattr(record, "get_status_display"):
        return record.get_status_display()
    return str(getattr(record, "status", getattr(record, "state", "")))


def record_row(indicator: ind.Indicator, record: Any) -> dict[str, Any]:
    """What a staff drill-down table shows of one record, with Chinese state labels."""
    if indicator.record_kind == "case":
        state, outcome = case_labels(record)
        return {"key": record.pk, "label": record.number, "agency": record.agency.name,
                "date": record.received_on, "state": state, "outcome": outcome,
                "case_id": record.pk}
    row = _ROWS.get(indicator.record_kind, _generic_row)(record)
    return {"key": record.pk, "date": None, "outcome": "", "case_id": None} | row


def _generic_row(record: Any) -> dict[str, Any]:
    agency = getattr(record, "agency", None) or getattr(record, "issuer", None)
    return {"label": str(record), "agency": str(agency or ""), "state": _status_label(record)}


def _normative_row(doc: Any) -> dict[str, Any]:
    return {"label": str(doc), "agency": doc.issuer.name, "date": doc.published_at,
            "state": doc.status_label, "case_id": doc.pk}


def _target_row(target: Any) -> dict[str, Any]:
    record = getattr(target, "record", None)  # reverse one-to-one: None when not inspected
    return {"label": f"{target.plan.draw_id} {target.entity.name}",
            "agency": target.plan.lead_agency.name, "date": target.plan.plan_date,
            "state": target.get_status_display(),
            "outcome": record.result_label if record else "未录入检查结果"}


def _inspection_row(record: Any) -> dict[str, Any]:
    plan = record.target.plan
    published = "未公示"
    if record.published_on:
        published = f"{record.published_on:%Y-%m-%d} 公示" + ("（逾期）" * record.published_late)
    return {"label": f"{plan.draw_id} {record.target.entity.name}",
            "agency": plan.lead_agency.name, "date": record.completed_on,
            "state": published, "outcome": record.result_label}


def _lottery_row(lot: Any) -> dict[str, Any]:
    return {"label": f"{lot.draw_id} {lot.title}", "agency": lot.agency.name,
            "date": lot.drawn_at.date() if lot.drawn_at else None, "state": lot.state_label}


_ROWS = {"normative": _normative_row, "inspection_target": _target_row,
         "inspection_record": _inspection_row, "lottery": _lottery_row}


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
    if indicator.record_kind in _PUBLIC_LABELS:
        records = records.select_related(*_RELATED[indicator.record_kind])
        return [{"key": r.pk, "label": _PUBLIC_LABELS[indicator.record_kind](r),
                 "agency": _ROWS[indicator.record_kind](r)["agency"], "published": None}
                for r in records.order_by("pk")]
    return [{"key": r.pk, "label": str(r), "agency": str(getattr(r, "agency", "")
                                                       or getattr(r, "issuer", "") or ""),
             "published": None} for r in records.order_by("pk")]


# Inspection targets stay confidential until published: an unannounced inspection must not
# be announced by a report, so the public sees the plan's draw number and not the entity.
def _public_target(target: Any) -> str:
    if target.plan.state == target.plan.PUBLISHED:
        return f"{target.plan.draw_id} {target.entity.name}"
    return f"{target.plan.draw_id}（抽取结果尚未公布）"


def _public_inspection(record: Any) -> str:
    if record.published_on:
        return f"{record.target.plan.draw_id} {record.target.entity.name}"
    return f"{record.target.plan.draw_id}（检查结果尚未公示）"


_PUBLIC_LABELS = {"inspection_target": _public_target, "inspection_record": _public_inspection}


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
