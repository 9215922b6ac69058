"""Indicators of double-random inspections (双随机、一公开): coverage of the selected entities
and publication of results within 20 working days. Their records are targets and results,
shown to staff through the app's own visibility filter (`queries.for_staff`: the plan's
agencies, its notary, city-wide roles). Targets stay confidential until published: an
unannounced inspection must not be announced by a report, so a published report shows the
plan's draw number and not the entity."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from fazhi.core.indicators import IndicatorValue, RecordKind, indicator, public_rows_of, rate
from fazhi.inspections import queries
from fazhi.inspections.models import InspectionRecord, Target
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

BASIS = "国发〔2019〕5号"
# The 20-working-day publication of inspection conclusions: 国办发〔2018〕118号 二(六) (after
# an enforcement decision, publish body, object, category and conclusion within 20 WD).
PUBLICATION_BASIS = "国办发〔2018〕118号 二(六)（检查结论20个工作日内公示）"


def _target_row(target: Target) -> dict[str, Any]:
    record = getattr(target, "record", None)  # reverse one-to-one: None when not inspected
    return {"label": f"{target.plan.draw_id} {target.entity.name}",
            "agency": target.plan.lead_agency.name, "date": target.plan.plan_date,
            "state": target.get_status_display(),
            "outcome": record.result_label if record else "未录入检查结果"}


def _public_target(target: Target) -> str:
    if target.plan.state == target.plan.PUBLISHED:
        return f"{target.plan.draw_id} {target.entity.name}"
    return f"{target.plan.draw_id}（抽取结果尚未公布）"


TARGETS = RecordKind(
    visible=lambda records, actor: records.filter(plan__in=queries.for_staff(actor).values("pk")),
    row=_target_row, related=("plan__lead_agency", "entity", "record"),
    public_rows=public_rows_of(_public_target, lambda t: t.plan.lead_agency.name,
                               ("plan__lead_agency", "entity")))


def _record_row(record: InspectionRecord) -> dict[str, Any]:
    plan = record.target.plan
    published = "未公示"
    if record.published_on:
        published = f"{record.published_on:%Y-%m-%d} 公示" + ("（逾期）" * record.published_late)
    return {"label": f"{plan.draw_id} {record.target.entity.name}",
            "agency": plan.lead_agency.name, "date": record.completed_on,
            "state": published, "outcome": record.result_label}


def _public_record(record: InspectionRecord) -> str:
    if record.published_on:
        return f"{record.target.plan.draw_id} {record.target.entity.name}"
    return f"{record.target.plan.draw_id}（检查结果尚未公示）"


def _records_visible(records: QuerySet, actor: Actor) -> QuerySet:
    return records.filter(target__plan__in=queries.for_staff(actor).values("pk"))


RESULTS = RecordKind(
    visible=_records_visible, row=_record_row,
    related=("target__plan__lead_agency", "target__entity"),
    public_rows=public_rows_of(_public_record, lambda r: r.target.plan.lead_agency.name,
                               ("target__plan__lead_agency", "target__entity")))


@indicator(code="inspections.coverage", name="双随机抽查对象检查完成率", unit="%",
           basis=BASIS, section=1, records=TARGETS)
def coverage(year: int, scope: Agency | None) -> IndicatorValue:
    """Selected entities of plans dated in the year that have an inspection result, by the
    plan's lead agency (a joint plan counts once, for the agency that launched it)."""
    return rate(Target.objects.filter(plan__plan_date__year=year), Q(record__isnull=False),
                scope, agency_field="plan__lead_agency")


@indicator(code="inspections.publication_timeliness", name="双随机抽查结果按时公示率",
           unit="%", basis=PUBLICATION_BASIS, section=1, records=RESULTS)
def publication_timeliness(year: int, scope: Agency | None) -> IndicatorValue:
    """Results whose publication fell due in the year, once settled (published, or past the
    limit today): published by the limit ÷ all of them. One not yet due and not yet
    published is still running and not counted."""
    settled = Q(published_on__isnull=False) | Q(publish_due__lt=timezone.localdate())
    return rate(InspectionRecord.objects.filter(Q(publish_due__year=year) & settled),
                Q(published_on__isnull=False, published_late=False), scope,
                agency_field="target__plan__lead_agency")
