"""Indicators of electronic service: the share of documents served electronically and the
time parties take to read them. Their records are deliveries, shown to staff through the
case visibility filter (a delivery is visible with its case)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from fazhi.cases.models import Case
from fazhi.core.indicators import IndicatorValue, RecordKind, indicator, public_rows_of, rate
from fazhi.delivery.models import ELECTRONIC, Delivery
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

BASIS = "《行政处罚法》第六十一条"
STATES = dict(Delivery.STATES)


def _visible(records: QuerySet, actor: Actor) -> QuerySet:
    return records.filter(case__in=Case.objects.visible_to(actor).values("pk"))


def _row(d: Delivery) -> dict[str, Any]:
    return {"label": f"{d.case.number} {d.document_title}", "agency": d.case.agency.name,
            "date": d.served_on, "state": STATES.get(d.state, d.state),
            "url": reverse("delivery:case", args=[d.case_id])}


DELIVERIES = RecordKind(visible=_visible, row=_row, related=("case__agency",),
                        public_rows=public_rows_of(lambda d: d.case.number,
                                                   lambda d: d.case.agency.name,
                                                   ("case__agency",)))


@indicator(code="delivery.electronic_share", name="文书电子送达占比", unit="%", basis=BASIS,
           section=1, records=DELIVERIES)
def electronic_share(year: int, scope: Agency | None) -> IndicatorValue:
    """Documents served in the year (their service date): served electronically ÷ all."""
    served = Delivery.objects.filter(served_on__year=year)
    return rate(served, Q(channel__in=ELECTRONIC), scope, agency_field="case__agency")


@indicator(code="delivery.hours_to_read", name="电子送达文书平均阅读用时", unit="小时",
           basis=BASIS, section=1, records=DELIVERIES)
def hours_to_read(year: int, scope: Agency | None) -> IndicatorValue:
    """Mean hours from arrival to first opening, over electronic deliveries read in the year."""
    read = Delivery.objects.filter(read_at__year=year, delivered_at__isnull=False,
                                   channel__in=ELECTRONIC)
    if scope is not None:
        read = read.filter(case__agency_id=scope.pk)
    spans = [(r - d).total_seconds() / 3600
             for d, r in read.values_list("delivered_at", "read_at")]
    value = round(sum(spans) / len(spans), 2) if spans else None
    return IndicatorValue(value, None, len(spans), read, agency_field="case__agency")
